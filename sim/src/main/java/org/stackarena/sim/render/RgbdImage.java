package org.stackarena.sim.render;

import org.stackarena.api.Intrinsics;

/**
 * One RGB-D frame, meant to be allocated once and refilled by
 * {@link Renderer#render(int, RgbdImage)} every frame.
 *
 * <p>{@link #rgb()} holds {@code height x width x 3} bytes (R, G, B; unsigned, read with
 * {@code & 0xff}), row-major with row 0 at the <b>top</b> of the image. {@link #depth()} holds
 * {@code height x width} floats in the same order: metric depth in metres along the camera's
 * optical axis (see {@link Intrinsics}); 0 means "no return" (nothing within the far clipping
 * plane, or a pixel dropped by {@link RenderNoise#depthDropout()}).
 *
 * <p>The frame also records the camera it came from and that camera's <em>nominal</em> pose and
 * intrinsics at render time. Under {@link RenderNoise} pose jitter the image was rendered from a
 * slightly different pose, but the reported pose stays the nominal one, as a robot's calibration
 * would. The arrays are live: a later render overwrites them.
 */
public final class RgbdImage {

    private final int width;
    private final int height;
    private final byte[] rgb;
    private final float[] depth;
    private final double[] cameraPos = new double[3];
    private final double[] cameraRot = new double[9];
    private int cameraId = -1;
    private double fovy = Double.NaN;
    private Intrinsics intrinsics;

    /**
     * Allocates an empty frame.
     *
     * @param width image width in pixels, at least 1
     * @param height image height in pixels, at least 1
     */
    public RgbdImage(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.rgb = new byte[3 * width * height];
        this.depth = new float[width * height];
    }

    /** @return image width in pixels */
    public int width() {
        return width;
    }

    /** @return image height in pixels */
    public int height() {
        return height;
    }

    /** @return the RGB bytes, {@code H x W x 3}, top row first (live array) */
    public byte[] rgb() {
        return rgb;
    }

    /** @return depth in metres along the optical axis, {@code H x W}, top row first; 0 = no return (live array) */
    public float[] depth() {
        return depth;
    }

    /**
     * @param u column, 0 = left
     * @param v row, 0 = top
     * @return red channel (0-255) at that pixel
     */
    public int red(int u, int v) {
        return rgb[3 * (v * width + u)] & 0xff;
    }

    /**
     * @param u column, 0 = left
     * @param v row, 0 = top
     * @return green channel (0-255) at that pixel
     */
    public int green(int u, int v) {
        return rgb[3 * (v * width + u) + 1] & 0xff;
    }

    /**
     * @param u column, 0 = left
     * @param v row, 0 = top
     * @return blue channel (0-255) at that pixel
     */
    public int blue(int u, int v) {
        return rgb[3 * (v * width + u) + 2] & 0xff;
    }

    /**
     * @param u column, 0 = left
     * @param v row, 0 = top
     * @return depth in metres at that pixel (0 = no return)
     */
    public float depthAt(int u, int v) {
        return depth[v * width + u];
    }

    /** @return the model camera this frame was rendered from, -1 before the first render */
    public int cameraId() {
        return cameraId;
    }

    /** @return the camera's nominal world position at render time ({@code cam_xpos}; live array) */
    public double[] cameraPos() {
        return cameraPos;
    }

    /** @return the camera's nominal world rotation at render time ({@code cam_xmat}, row-major; live array) */
    public double[] cameraRot() {
        return cameraRot;
    }

    /** @return pinhole intrinsics of this frame, null before the first render */
    public Intrinsics intrinsics() {
        return intrinsics;
    }

    /** Records where the frame came from; reuses the intrinsics object when nothing changed. */
    void setSource(int camId, double camFovy) {
        this.cameraId = camId;
        if (intrinsics == null || camFovy != fovy) {
            this.fovy = camFovy;
            this.intrinsics = Intrinsics.fromFovy(camFovy, width, height);
        }
    }
}
