package org.stackarena.scenarios;

import java.util.List;

/**
 * An evaluation condition: {@code lab} (nominal) or {@code field} (perturbed), or a user's own
 * file. Each perturbation is a named option with its range; leave it out (null) to turn it off,
 * so perturbations can be studied one at a time. Files live in {@code conditions/*.json}.
 *
 * @param name condition name used in results
 * @param description one sentence
 * @param lighting scale light intensity and tint it
 * @param cameraJitter move each camera randomly per frame (stacks are told the nominal pose)
 * @param pixelNoise Gaussian noise on RGB pixels
 * @param depthNoise Gaussian noise and dropped pixels on depth
 * @param objectFriction scale object friction
 * @param objectMass scale object mass
 * @param extraDistractors add distractor objects beyond the scenario's own
 * @param unseenParaphrases draw the instruction from the scenario's field_instructions
 * @param pushes small external pushes on the manipulated object
 * @param objectPositions place the named object beyond the scenario's position ranges (a
 *     generalisation axis: positions no demonstration covered)
 */
public record Condition(String name, String description, Lighting lighting, CameraJitter cameraJitter,
                        PixelNoise pixelNoise, DepthNoise depthNoise, Scale objectFriction, Scale objectMass,
                        Count extraDistractors, Boolean unseenParaphrases, Pushes pushes,
                        ObjectPositions objectPositions) {

    /**
     * @param intensityScale [min, max] factor on every light's diffuse intensity
     * @param tint max per-channel tint added to light colour (0..0.5)
     */
    public record Lighting(List<Double> intensityScale, Double tint) {}

    /**
     * @param posM max translation per axis, metres
     * @param rotDeg max rotation per axis, degrees
     */
    public record CameraJitter(Double posM, Double rotDeg) {}

    /** @param sigma standard deviation in 0..255 units */
    public record PixelNoise(Double sigma) {}

    /**
     * @param sigmaM standard deviation, metres
     * @param dropout fraction of pixels that read 0 (no return)
     */
    public record DepthNoise(Double sigmaM, Double dropout) {}

    /** @param scale [min, max] multiplicative factor */
    public record Scale(List<Double> scale) {}

    /** @param count [min, max] number added */
    public record Count(List<Integer> count) {}

    /**
     * @param count [min, max] pushes per episode
     * @param forceN [min, max] horizontal force, newtons
     * @param durationS how long each push lasts
     * @param windowS [earliest, latest] start time, seconds
     */
    public record Pushes(List<Integer> count, List<Double> forceN, Double durationS, List<Double> windowS) {}

    /**
     * @param beyondM how far beyond the nearest edge of the scenario's x/y range the named object's
     *     centre is placed, metres
     */
    public record ObjectPositions(Double beyondM) {}

    /** @return true when any perturbation is on */
    public boolean perturbed() {
        return lighting != null || cameraJitter != null || pixelNoise != null || depthNoise != null
            || objectFriction != null || objectMass != null || extraDistractors != null
            || Boolean.TRUE.equals(unseenParaphrases) || pushes != null || objectPositions != null;
    }
}
