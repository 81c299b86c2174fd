package org.stackarena.sim.render;

/**
 * Field-condition perturbations applied to a frame at render time, drawn from a caller-supplied,
 * seeded {@link java.util.Random} so that a seed reproduces the frame exactly.
 *
 * <p>Per frame the draws happen in a fixed order: pose jitter (6 Gaussians), lighting (1 uniform),
 * pixel noise (one Gaussian per channel of every pixel), depth dropout and depth noise (per pixel).
 * A component whose amplitude is 0 draws nothing.
 *
 * @param pixelSigma standard deviation of Gaussian noise added to each RGB channel, in 0-255 units;
 *     results are rounded and clamped to 0..255. Range [0, 255]; 2-8 is a typical sensor
 * @param depthSigma standard deviation of Gaussian noise added to each valid depth pixel, metres.
 *     Range [0, 1]; 0.001-0.01 is typical of consumer depth cameras
 * @param depthDropout fraction of depth pixels set to 0 ("no return"), chosen independently per
 *     pixel. Range [0, 1]
 * @param poseTranslation standard deviation of a Gaussian offset of the camera position along each
 *     world axis, metres, for this frame only. Range [0, 0.5]
 * @param poseRotationDeg standard deviation, degrees, of each component of a random rotation vector
 *     (axis times angle) applied to the camera's orientation about its own position, for this frame
 *     only. Range [0, 45]. The frame still reports the nominal pose and intrinsics: a real robot
 *     does not know its calibration error
 * @param lightScale lighting shift: every light of the scene (model lights and the headlight) has
 *     its ambient, diffuse and specular colour multiplied by one factor drawn uniformly from
 *     {@code [1 - lightScale, 1 + lightScale]}, for this frame only (the model is not changed).
 *     Range [0, 1]
 */
public record RenderNoise(double pixelSigma, double depthSigma, double depthDropout,
                          double poseTranslation, double poseRotationDeg, double lightScale) {

    /** No perturbation: the exact rendered frame. */
    public static final RenderNoise NONE = new RenderNoise(0, 0, 0, 0, 0, 0);

    /**
     * Validates the ranges.
     *
     * @param pixelSigma RGB noise sigma, 0-255 units, [0, 255]
     * @param depthSigma depth noise sigma, metres, [0, 1]
     * @param depthDropout fraction of depth pixels set to 0, [0, 1]
     * @param poseTranslation camera position jitter sigma per axis, metres, [0, 0.5]
     * @param poseRotationDeg camera rotation jitter sigma per rotation-vector component, degrees, [0, 45]
     * @param lightScale half-width of the uniform light-intensity factor around 1, [0, 1]
     */
    public RenderNoise {
        check("pixelSigma", pixelSigma, 255);
        check("depthSigma", depthSigma, 1);
        check("depthDropout", depthDropout, 1);
        check("poseTranslation", poseTranslation, 0.5);
        check("poseRotationDeg", poseRotationDeg, 45);
        check("lightScale", lightScale, 1);
    }

    private static void check(String name, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [0, " + max + "], got " + value);
        }
    }

    /** @return true when this applies no perturbation at all */
    public boolean isNone() {
        return pixelSigma == 0 && depthSigma == 0 && depthDropout == 0 && poseTranslation == 0
            && poseRotationDeg == 0 && lightScale == 0;
    }

    /** @return true when the camera pose is jittered */
    boolean jittersPose() {
        return poseTranslation > 0 || poseRotationDeg > 0;
    }
}
