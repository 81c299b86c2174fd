package org.stackarena.sim.render;

import static org.stackarena.sim.mujoco.global.mujoco.*;

import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.mujoco.global.mujoco.mjData;
import org.stackarena.sim.mujoco.global.mujoco.mjModel;
import org.stackarena.sim.mujoco.global.mujoco.mjVisual;
import org.stackarena.sim.mujoco.global.mujoco.mjrContext;
import org.stackarena.sim.mujoco.global.mujoco.mjrRect;
import org.stackarena.sim.mujoco.global.mujoco.mjvCamera;
import org.stackarena.sim.mujoco.global.mujoco.mjvGLCamera;
import org.stackarena.sim.mujoco.global.mujoco.mjvLight;
import org.stackarena.sim.mujoco.global.mujoco.mjvOption;
import org.stackarena.sim.mujoco.global.mujoco.mjvPerturb;
import org.stackarena.sim.mujoco.global.mujoco.mjvScene;

/**
 * Renders RGB-D frames from the fixed cameras of one {@link Simulation}, on the CPU, without a
 * display.
 *
 * <p>It owns a headless OpenGL context (EGL surfaceless platform, Mesa llvmpipe), MuJoCo's
 * abstract scene ({@code mjvScene}, {@code mjvOption}, an {@code mjvCamera} of type fixed) and
 * render context ({@code mjrContext}) with an offscreen framebuffer of exactly the maximum image
 * size given at construction, single-sampled (no MSAA), with shadows, reflections and skybox off.
 * Each frame runs {@code mjv_updateScene -> mjr_render -> mjr_readPixels}, flips the rows so row
 * 0 is the top, and converts the depth buffer to metres. It draws the state of the simulation's
 * last kinematics update ({@code mj_forward} or {@code mj_step}).
 *
 * <p><b>Threads.</b> The OpenGL context belongs to the thread that created the renderer: render
 * and close on that thread only (other threads get an {@link IllegalStateException}). Each worker
 * thread creates its own renderer for its own simulation. One thread may own several renderers;
 * each makes its own context current before drawing.
 *
 * <p><b>Model.</b> The model's {@code <visual><global offwidth offheight>} and
 * {@code <quality offsamples>} are set to this renderer's needs while its context is made, then
 * restored, so any model works at any size and the model is left as it was.
 *
 * <p>{@link #render(int, RgbdImage)} and {@link #render(int, RgbdImage, RenderNoise, Random)}
 * allocate nothing. Close the renderer before its simulation; closing twice is harmless.
 */
public final class Renderer implements AutoCloseable {

    /** Largest supported image side, pixels. */
    public static final int MAX_SIZE = 4096;
    /** Room in the abstract scene for the model's geoms plus decorations. */
    private static final int MIN_SCENE_GEOMS = 1000;

    private final Simulation sim;
    private final String modelName;
    private final int maxWidth;
    private final int maxHeight;
    private final Thread owner;
    private final mjModel model;
    private final mjData data;
    private final int ncam;
    private final DoublePointer camFovy;

    private Pointer glContext;
    private mjvScene scene;
    private mjvOption option;
    private mjvCamera camera;
    private mjvPerturb perturb;
    private mjrContext context;
    private mjrRect viewport;
    private mjvGLCamera glCameras;
    private mjvLight lights;
    private BytePointer rgbNative;
    private FloatPointer depthNative;
    private final byte[] rgbScratch;
    private final float[] depthScratch;
    private final double[] nominalPos = new double[3];
    private final double[] nominalRot = new double[9];
    private boolean closed;

    /**
     * Creates a renderer for images up to {@code maxWidth x maxHeight}, with its OpenGL context
     * current on the calling thread.
     *
     * @param sim the simulation whose cameras to render; must outlive the renderer
     * @param maxWidth largest image width that will be requested, 1..{@value #MAX_SIZE}
     * @param maxHeight largest image height that will be requested, 1..{@value #MAX_SIZE}
     * @throws RenderException when no headless OpenGL context or render context can be made
     */
    public Renderer(Simulation sim, int maxWidth, int maxHeight) {
        if (maxWidth < 1 || maxHeight < 1 || maxWidth > MAX_SIZE || maxHeight > MAX_SIZE) {
            throw new IllegalArgumentException("renderer size must be 1.." + MAX_SIZE + " per side, got "
                + maxWidth + "x" + maxHeight);
        }
        this.sim = sim;
        this.modelName = sim.name();
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
        this.owner = Thread.currentThread();
        this.model = sim.nativeModel();
        this.data = sim.nativeData();
        this.ncam = model.ncam();
        this.camFovy = model.cam_fovy();
        this.rgbScratch = new byte[3 * maxWidth * maxHeight];
        this.depthScratch = new float[maxWidth * maxHeight];

        int rc = sa_gl_make_current();
        if (rc != 0) {
            throw new RenderException(modelName + ": cannot create a headless OpenGL context (EGL surfaceless"
                + " Mesa, failed at step " + (-rc) + " of: get eglGetPlatformDisplayEXT, get display,"
                + " eglInitialize, eglBindAPI, eglCreateContext, eglMakeCurrent); are libegl1 and"
                + " libgl1-mesa-dri installed?");
        }
        glContext = sa_gl_current_context();
        boolean ok = false;
        try {
            scene = new mjvScene();
            option = new mjvOption();
            camera = new mjvCamera();
            perturb = new mjvPerturb();
            context = new mjrContext();
            viewport = new mjrRect();
            mjv_defaultScene(scene);
            mjv_defaultOption(option);
            mjv_defaultCamera(camera);
            mjv_defaultPerturb(perturb);
            camera.type(mjCAMERA_FIXED);
            mjv_makeScene(model, scene, Math.max(MIN_SCENE_GEOMS, 2 * model.ngeom() + 100));
            scene.flags(mjRND_SHADOW, (byte) 0);
            scene.flags(mjRND_REFLECTION, (byte) 0);
            scene.flags(mjRND_SKYBOX, (byte) 0);
            makeContext();
            glCameras = scene.camera();
            lights = scene.lights();
            rgbNative = new BytePointer(3L * maxWidth * maxHeight);
            depthNative = new FloatPointer((long) maxWidth * maxHeight);
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    private void makeContext() {
        mjVisual vis = model.vis();
        int offWidth = vis.global_offwidth();
        int offHeight = vis.global_offheight();
        int offSamples = vis.quality_offsamples();
        vis.global_offwidth(maxWidth).global_offheight(maxHeight).quality_offsamples(0);
        sa_clear_error();
        try {
            mjr_defaultContext(context);
            mjr_makeContext(model, context, mjFONTSCALE_100);
        } finally {
            vis.global_offwidth(offWidth).global_offheight(offHeight).quality_offsamples(offSamples);
        }
        String error = sa_last_error().getString();
        if (!error.isEmpty()) {
            sa_clear_error();
            throw new RenderException(modelName + ": mjr_makeContext failed: " + error);
        }
        mjr_setBuffer(mjFB_OFFSCREEN, context);
        if (context.currentBuffer() != mjFB_OFFSCREEN) {
            throw new RenderException(modelName + ": no offscreen framebuffer in the OpenGL context");
        }
        if (context.offWidth() < maxWidth || context.offHeight() < maxHeight) {
            throw new RenderException(modelName + ": offscreen buffer is " + context.offWidth() + "x"
                + context.offHeight() + ", need at least " + maxWidth + "x" + maxHeight);
        }
    }

    /** @return the largest image width this renderer accepts */
    public int maxWidth() {
        return maxWidth;
    }

    /** @return the largest image height this renderer accepts */
    public int maxHeight() {
        return maxHeight;
    }

    /**
     * Renders a named camera into a new image (convenience; allocates the image).
     *
     * @param cameraName a camera defined in the model
     * @param width image width, at most {@link #maxWidth()}
     * @param height image height, at most {@link #maxHeight()}
     * @return a new frame
     * @throws IllegalArgumentException when the model has no such camera or the size is too large
     */
    public RgbdImage render(String cameraName, int width, int height) {
        int id = sim.id(Simulation.ObjType.CAMERA, cameraName);
        return render(id, new RgbdImage(width, height), RenderNoise.NONE, null);
    }

    /**
     * Renders a camera into {@code out} at {@code out}'s size, without perturbations. Allocates
     * nothing.
     *
     * @param cameraId index of a camera of the model ({@link Simulation#id})
     * @param out the frame to fill; its size must not exceed this renderer's maximum
     * @return {@code out}
     */
    public RgbdImage render(int cameraId, RgbdImage out) {
        return render(cameraId, out, RenderNoise.NONE, null);
    }

    /**
     * Renders a camera into {@code out} with field-condition perturbations. Allocates nothing.
     *
     * @param cameraId index of a camera of the model
     * @param out the frame to fill; its size must not exceed this renderer's maximum
     * @param noise perturbations for this frame; {@link RenderNoise#NONE} for none
     * @param rng source of the perturbations (seed it for reproducible frames); may be null only
     *     when {@code noise} is {@link RenderNoise#NONE}
     * @return {@code out}
     */
    public RgbdImage render(int cameraId, RgbdImage out, RenderNoise noise, Random rng) {
        checkUsable();
        int w = out.width();
        int h = out.height();
        if (w > maxWidth || h > maxHeight) {
            throw new IllegalArgumentException(modelName + ": image " + w + "x" + h
                + " is larger than this renderer's maximum " + maxWidth + "x" + maxHeight);
        }
        if (cameraId < 0 || cameraId >= ncam) {
            throw new IllegalArgumentException(modelName + ": no camera with index " + cameraId
                + " (model has " + ncam + ")");
        }
        if (rng == null && !noise.isNone()) {
            throw new IllegalArgumentException("noise needs a Random");
        }
        if (sa_gl_make_context_current(glContext) != 0) {
            throw new RenderException(modelName + ": cannot make the renderer's OpenGL context current");
        }

        camera.fixedcamid(cameraId);
        mjv_updateScene(model, data, option, perturb, camera, mjCAT_ALL, scene);

        sim.readCameraPos(cameraId, nominalPos);
        sim.readCameraRot(cameraId, nominalRot);
        setGlCameras(noise, rng);
        if (noise.lightScale() > 0) {
            scaleLights(1 + noise.lightScale() * (2 * rng.nextDouble() - 1));
        }

        viewport.left(0).bottom(0).width(w).height(h);
        mjr_render(viewport, scene, context);
        mjr_readPixels(rgbNative, depthNative, viewport, context);

        int n = w * h;
        rgbNative.get(rgbScratch, 0, 3 * n);
        depthNative.get(depthScratch, 0, n);
        byte[] rgb = out.rgb();
        float[] depth = out.depth();
        // OpenGL rows are bottom-up: flip
        for (int row = 0; row < h; row++) {
            System.arraycopy(rgbScratch, 3 * (h - 1 - row) * w, rgb, 3 * row * w, 3 * w);
        }
        // metric depth from the non-linear depth buffer, with the clip planes MuJoCo used
        double znear = glCameras.position(0).frustum_near();
        double zfar = glCameras.frustum_far();
        double k = 1.0 - znear / zfar;
        for (int row = 0; row < h; row++) {
            int src = (h - 1 - row) * w;
            int dst = row * w;
            for (int col = 0; col < w; col++) {
                float d = depthScratch[src + col];
                depth[dst + col] = d >= 1.0f ? 0f : (float) (znear / (1.0 - d * k));
            }
        }
        if (noise.pixelSigma() > 0) {
            addPixelNoise(rgb, 3 * n, noise.pixelSigma(), rng);
        }
        if (noise.depthSigma() > 0 || noise.depthDropout() > 0) {
            addDepthNoise(depth, n, noise.depthSigma(), noise.depthDropout(), rng);
        }

        System.arraycopy(nominalPos, 0, out.cameraPos(), 0, 3);
        System.arraycopy(nominalRot, 0, out.cameraRot(), 0, 9);
        out.setSource(cameraId, camFovy.get(cameraId));
        return out;
    }

    /**
     * Points both OpenGL eye cameras exactly at the nominal camera pose (so stereo eye offsets
     * never shift a mono image), optionally jittered.
     */
    private void setGlCameras(RenderNoise noise, Random rng) {
        double px = nominalPos[0], py = nominalPos[1], pz = nominalPos[2];
        // forward = -z axis, up = +y axis (columns of the row-major rotation)
        double fx = -nominalRot[2], fy = -nominalRot[5], fz = -nominalRot[8];
        double ux = nominalRot[1], uy = nominalRot[4], uz = nominalRot[7];
        if (noise.jittersPose()) {
            double s = noise.poseTranslation();
            px += s * rng.nextGaussian();
            py += s * rng.nextGaussian();
            pz += s * rng.nextGaussian();
            double r = Math.toRadians(noise.poseRotationDeg());
            double rx = r * rng.nextGaussian();
            double ry = r * rng.nextGaussian();
            double rz = r * rng.nextGaussian();
            double angle = Math.sqrt(rx * rx + ry * ry + rz * rz);
            if (angle > 0) {
                double ax = rx / angle, ay = ry / angle, az = rz / angle;
                double c = Math.cos(angle), sn = Math.sin(angle), t = 1 - c;
                // Rodrigues rotation matrix
                double m00 = t * ax * ax + c, m01 = t * ax * ay - sn * az, m02 = t * ax * az + sn * ay;
                double m10 = t * ax * ay + sn * az, m11 = t * ay * ay + c, m12 = t * ay * az - sn * ax;
                double m20 = t * ax * az - sn * ay, m21 = t * ay * az + sn * ax, m22 = t * az * az + c;
                double nfx = m00 * fx + m01 * fy + m02 * fz;
                double nfy = m10 * fx + m11 * fy + m12 * fz;
                double nfz = m20 * fx + m21 * fy + m22 * fz;
                double nux = m00 * ux + m01 * uy + m02 * uz;
                double nuy = m10 * ux + m11 * uy + m12 * uz;
                double nuz = m20 * ux + m21 * uy + m22 * uz;
                fx = nfx; fy = nfy; fz = nfz;
                ux = nux; uy = nuy; uz = nuz;
            }
        }
        for (int eye = 0; eye < 2; eye++) {
            mjvGLCamera g = glCameras.position(eye);
            g.pos(0, (float) px).pos(1, (float) py).pos(2, (float) pz);
            g.forward(0, (float) fx).forward(1, (float) fy).forward(2, (float) fz);
            g.up(0, (float) ux).up(1, (float) uy).up(2, (float) uz);
        }
        glCameras.position(0);
    }

    private void scaleLights(double factor) {
        int nlight = scene.nlight();
        for (int i = 0; i < nlight; i++) {
            mjvLight l = lights.position(i);
            for (int c = 0; c < 3; c++) {
                l.ambient(c, (float) (l.ambient(c) * factor));
                l.diffuse(c, (float) (l.diffuse(c) * factor));
                l.specular(c, (float) (l.specular(c) * factor));
            }
        }
        lights.position(0);
    }

    private static void addPixelNoise(byte[] rgb, int n, double sigma, Random rng) {
        for (int i = 0; i < n; i++) {
            long v = (rgb[i] & 0xff) + Math.round(sigma * rng.nextGaussian());
            rgb[i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
        }
    }

    private static void addDepthNoise(float[] depth, int n, double sigma, double dropout, Random rng) {
        for (int i = 0; i < n; i++) {
            if (dropout > 0 && rng.nextDouble() < dropout) {
                depth[i] = 0f;
            } else if (sigma > 0 && depth[i] > 0f) {
                double d = depth[i] + sigma * rng.nextGaussian();
                depth[i] = d > 0 ? (float) d : 0f;
            }
        }
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException(modelName + ": renderer is closed");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(modelName + ": a renderer is used only on the thread that created it ("
                + owner.getName() + "), not on " + Thread.currentThread().getName());
        }
        if (sim.isClosed()) {
            throw new IllegalStateException(modelName + ": the simulation was closed before its renderer");
        }
    }

    /** @return true once {@link #close()} has run */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Frees the render context, the scene, the buffers and the OpenGL context. Call it on the
     * creating thread; safe to call more than once.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(modelName + ": close a renderer on the thread that created it ("
                + owner.getName() + ")");
        }
        closed = true;
        boolean current = glContext != null && sa_gl_make_context_current(glContext) == 0;
        if (context != null) {
            if (current) {
                mjr_freeContext(context);
            }
            context.close();
        }
        if (scene != null) {
            mjv_freeScene(scene);
            scene.close();
        }
        for (Pointer p : new Pointer[] {option, camera, perturb, viewport, rgbNative, depthNative}) {
            if (p != null) {
                p.close();
            }
        }
        if (glContext != null) {
            sa_gl_destroy_context(glContext);
            glContext = null;
        }
    }
}
