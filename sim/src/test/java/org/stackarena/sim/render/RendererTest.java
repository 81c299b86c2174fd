package org.stackarena.sim.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.stackarena.api.Intrinsics;
import org.junit.jupiter.api.Test;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.Simulation.ObjType;

class RendererTest {

    /**
     * A grey floor, a red 10 cm cube centred at (0.1, -0.05, 0.05) and a flat blue tile at
     * (0, 0.3, 0.01). Camera "top" hangs 1 m above the origin looking straight down (image up =
     * world +y, image right = world +x); camera "oblique" sits at (0.8, 0, 0.6) looking at the
     * origin. No specular light, so the cube's colour is not washed out by highlights.
     */
    static final String SCENE = """
        <mujoco model="render_test">
          <visual>
            <global offwidth="128" offheight="128"/>
            <quality shadowsize="0" offsamples="0"/>
            <headlight specular="0 0 0"/>
          </visual>
          <worldbody>
            <light directional="true" pos="0 0 2" dir="0 0 -1" specular="0 0 0"/>
            <geom name="floor" type="plane" size="2 2 0.1" rgba="0.5 0.5 0.5 1"/>
            <geom name="red" type="box" pos="0.1 -0.05 0.05" size="0.05 0.05 0.05" rgba="1 0 0 1"/>
            <geom name="blue" type="box" pos="0 0.3 0.01" size="0.06 0.06 0.01" rgba="0 0 1 1"/>
            <camera name="top" pos="0 0 1" fovy="45"/>
            <camera name="oblique" pos="0.8 0 0.6" xyaxes="0 1 0 -0.6 0 0.8" fovy="60"/>
          </worldbody>
        </mujoco>
        """;

    static Simulation scene() {
        return Simulation.fromXml("render_test", SCENE, Map.of());
    }

    static int[] pixelOf(RgbdImage img, double x, double y, double z) {
        double[] uv = new double[2];
        double depth = img.intrinsics().project(img.cameraPos(), img.cameraRot(), new double[] {x, y, z}, uv);
        assertThat(depth).isPositive();
        return new int[] {(int) Math.round(uv[0]), (int) Math.round(uv[1])};
    }

    /** Depth along the optical axis at which the ray through pixel (u, v) meets the plane z = h. */
    static double rayPlaneDepth(RgbdImage img, int u, int v, double h) {
        double[] dir = new double[3];
        img.intrinsics().rayDirection(u, v, img.cameraRot(), dir);
        return (h - img.cameraPos()[2]) / dir[2];
    }

    @Test
    void boxCentreProjectsOntoARedPixelAtTheDepthOfItsFrontFace() {
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 128, 128)) {
            RgbdImage img = r.render("top", 128, 128);
            int[] p = pixelOf(img, 0.1, -0.05, 0.1); // centre of the face the camera sees
            assertThat(img.red(p[0], p[1])).isGreaterThan(150);
            assertThat(img.green(p[0], p[1])).isLessThan(50);
            assertThat(img.blue(p[0], p[1])).isLessThan(50);
            assertThat((double) img.depthAt(p[0], p[1])).isCloseTo(0.9, within(0.01));
        }
    }

    @Test
    void obliqueCameraSeesTheBoxAndThePlaneAtTheGeometricDepth() {
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 128, 96)) {
            RgbdImage img = r.render("oblique", 128, 96);
            // box: the camera looks down at 37 degrees, the ray through the top-face centre hits the top face
            int[] p = pixelOf(img, 0.1, -0.05, 0.1);
            assertThat(img.red(p[0], p[1])).isGreaterThan(150);
            assertThat(img.green(p[0], p[1])).isLessThan(50);
            assertThat((double) img.depthAt(p[0], p[1])).isCloseTo(rayPlaneDepth(img, p[0], p[1], 0.1), within(0.01));
            // plane: pixels far from both boxes
            int[][] floorPixels = {{10, 85}, {120, 90}, {64, 10}, {5, 40}, {100, 60}};
            double[] world = new double[3];
            for (int[] q : floorPixels) {
                double expected = rayPlaneDepth(img, q[0], q[1], 0.0);
                img.intrinsics().backProject(q[0], q[1], expected, img.cameraPos(), img.cameraRot(), world);
                assertThat(world[2]).isCloseTo(0.0, within(1e-9));
                assertThat(Math.hypot(world[0] - 0.1, world[1] + 0.05)).as("off the red box").isGreaterThan(0.12);
                assertThat(Math.hypot(world[0], world[1] - 0.3)).as("off the blue tile").isGreaterThan(0.12);
                assertThat((double) img.depthAt(q[0], q[1])).as("depth at %s", Arrays.toString(q))
                    .isCloseTo(expected, within(0.01));
                assertThat(img.red(q[0], q[1])).isCloseTo(img.blue(q[0], q[1]), within(10)); // grey
            }
            // and back-projecting the measured depth lands on the floor
            img.intrinsics().backProject(10, 85, img.depthAt(10, 85), img.cameraPos(), img.cameraRot(), world);
            assertThat(world[2]).isCloseTo(0.0, within(0.01));
        }
    }

    @Test
    void topDownFloorDepthIsOneMetreEverywhereOffTheBoxes() {
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 128, 128)) {
            RgbdImage img = r.render("top", 64, 64);
            for (int[] q : new int[][] {{0, 0}, {63, 63}, {0, 63}, {63, 0}, {5, 32}}) {
                assertThat((double) img.depthAt(q[0], q[1])).isCloseTo(1.0, within(0.01));
            }
        }
    }

    @Test
    void rowZeroIsTheTopOfTheImage() {
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 128, 128)) {
            RgbdImage img = r.render("top", 128, 128);
            // the blue tile lies at world +y, which is image up for this camera
            int[] p = pixelOf(img, 0, 0.3, 0.02);
            assertThat(p[1]).isLessThan(32);
            assertThat(img.blue(p[0], p[1])).isGreaterThan(150);
            assertThat(img.red(p[0], p[1])).isLessThan(50);
            int mirrored = 127 - p[1];
            assertThat(img.red(p[0], mirrored)).as("grey floor where a bottom-up image would show blue")
                .isCloseTo(img.blue(p[0], mirrored), within(10));
            // the red cube is right of and below the centre (world +x, -y)
            int[] c = pixelOf(img, 0.1, -0.05, 0.1);
            assertThat(c[0]).isGreaterThan(64);
            assertThat(c[1]).isGreaterThan(64);
        }
    }

    @Test
    void sameSceneRendersIdenticalBytes() {
        byte[] rgb;
        float[] depth;
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 128, 128)) {
            int cam = sim.id(ObjType.CAMERA, "oblique");
            RgbdImage a = r.render(cam, new RgbdImage(128, 128));
            rgb = a.rgb().clone();
            depth = a.depth().clone();
            RgbdImage b = r.render(cam, new RgbdImage(128, 128));
            assertThat(b.rgb()).isEqualTo(rgb);
            assertThat(b.depth()).isEqualTo(depth);
        }
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 128, 128)) {
            RgbdImage c = r.render("oblique", 128, 128);
            assertThat(c.rgb()).isEqualTo(rgb);
            assertThat(c.depth()).isEqualTo(depth);
        }
    }

    @Test
    void seededNoiseIsDeterministicAndChangesTheFrame() {
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 64, 64)) {
            int cam = sim.id(ObjType.CAMERA, "oblique");
            RgbdImage clean = r.render(cam, new RgbdImage(64, 64));
            RenderNoise noise = new RenderNoise(5, 0.005, 0.05, 0.01, 1.0, 0.2);
            RgbdImage a = r.render(cam, new RgbdImage(64, 64), noise, new Random(42));
            RgbdImage b = r.render(cam, new RgbdImage(64, 64), noise, new Random(42));
            RgbdImage other = r.render(cam, new RgbdImage(64, 64), noise, new Random(43));
            assertThat(a.rgb()).isEqualTo(b.rgb());
            assertThat(a.depth()).isEqualTo(b.depth());
            assertThat(a.rgb()).isNotEqualTo(clean.rgb());
            assertThat(a.depth()).isNotEqualTo(clean.depth());
            assertThat(a.rgb()).isNotEqualTo(other.rgb());
            long valid = 0;
            long dropped = 0;
            for (int i = 0; i < clean.depth().length; i++) {
                if (clean.depth()[i] > 0f) { // pixels that see something (the sky reads 0 already)
                    valid++;
                    if (a.depth()[i] == 0f) {
                        dropped++;
                    }
                }
            }
            assertThat(valid).isGreaterThan(64L * 64 / 2);
            assertThat(dropped).isBetween(valid / 40, valid / 10); // ~5 %
            // the frame reports the nominal pose even though it was rendered from a jittered one
            assertThat(a.cameraPos()).containsExactly(clean.cameraPos());
            assertThat(a.cameraRot()).containsExactly(clean.cameraRot());
        }
    }

    @Test
    void poseJitterAloneMovesTheImageAndLightingAloneChangesBrightness() {
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 64, 64)) {
            int cam = sim.id(ObjType.CAMERA, "top");
            RgbdImage clean = r.render(cam, new RgbdImage(64, 64));
            RgbdImage jittered = r.render(cam, new RgbdImage(64, 64),
                new RenderNoise(0, 0, 0, 0.02, 2, 0), new Random(1));
            assertThat(jittered.rgb()).isNotEqualTo(clean.rgb());
            RgbdImage dim = r.render(cam, new RgbdImage(64, 64), new RenderNoise(0, 0, 0, 0, 0, 0.5), new Random(7));
            assertThat(dim.depth()).isEqualTo(clean.depth()); // geometry unchanged
            assertThat(sum(dim.rgb())).isNotEqualTo(sum(clean.rgb()));
            // the perturbation was for that frame only
            assertThat(r.render(cam, new RgbdImage(64, 64)).rgb()).isEqualTo(clean.rgb());
        }
    }

    private static long sum(byte[] b) {
        long s = 0;
        for (byte x : b) {
            s += x & 0xff;
        }
        return s;
    }

    @Test
    void rendersLargerThanTheModelsOffscreenSizeAndLeavesTheModelAlone() {
        String small = SCENE.replace("offwidth=\"128\" offheight=\"128\"", "offwidth=\"32\" offheight=\"24\"");
        try (Simulation sim = Simulation.fromXml("small_offscreen", small, Map.of());
             Renderer r = new Renderer(sim, 160, 120)) {
            RgbdImage img = r.render("top", 160, 120);
            int[] p = pixelOf(img, 0.1, -0.05, 0.1);
            assertThat(img.red(p[0], p[1])).isGreaterThan(150);
            assertThat(sim.nativeModel().vis().global_offwidth()).isEqualTo(32);
            assertThat(sim.nativeModel().vis().global_offheight()).isEqualTo(24);
        }
    }

    @Test
    void rejectsOversizeImagesUnknownCamerasAndOtherThreads() throws Exception {
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 64, 64)) {
            assertThatThrownBy(() -> r.render(0, new RgbdImage(65, 64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64x64");
            assertThatThrownBy(() -> r.render("nope", 8, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> r.render(0, new RgbdImage(8, 8)));
            assertThatThrownBy(other::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
            // a renderer made on another thread works there
            int red = CompletableFuture.supplyAsync(() -> {
                try (Simulation s2 = scene(); Renderer r2 = new Renderer(s2, 128, 128)) {
                    RgbdImage img = r2.render("top", 128, 128);
                    int[] p = pixelOf(img, 0.1, -0.05, 0.1);
                    return img.red(p[0], p[1]);
                }
            }).get();
            assertThat(red).isGreaterThan(150);
        }
    }

    @Test
    void twoRenderersOnOneThreadEachUseTheirOwnContext() {
        try (Simulation sim = scene(); Renderer a = new Renderer(sim, 64, 64)) {
            RgbdImage first = a.render("top", 64, 64);
            byte[] expected = first.rgb().clone();
            try (Renderer b = new Renderer(sim, 128, 128)) {
                b.render("oblique", 128, 128);
                assertThat(a.render("top", 64, 64).rgb()).isEqualTo(expected);
            }
            assertThat(a.render("top", 64, 64).rgb()).isEqualTo(expected);
        }
    }

    @Test
    void closingTwiceIsSafeAndAClosedRendererRefusesToRender() {
        Simulation sim = scene();
        Renderer r = new Renderer(sim, 32, 32);
        r.close();
        assertThatCode(r::close).doesNotThrowAnyException();
        assertThat(r.isClosed()).isTrue();
        assertThatThrownBy(() -> r.render(0, new RgbdImage(8, 8))).isInstanceOf(IllegalStateException.class);
        sim.close();
    }

    @Test
    void renderingIntoAReusedImageAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 64, 64)) {
            int cam = sim.id(ObjType.CAMERA, "oblique");
            RgbdImage img = new RgbdImage(64, 64);
            for (int i = 0; i < 200; i++) {
                r.render(cam, img);
            }
            long tid = Thread.currentThread().getId();
            long before = bean.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 200; i++) {
                r.render(cam, img);
            }
            long perFrame = (bean.getThreadAllocatedBytes(tid) - before) / 200;
            assertThat(perFrame).isLessThan(16);
        }
    }

    /** Mean |measured - geometric| floor depth over floor pixels well away from the boxes. */
    static double meanFloorDepthError(RgbdImage img, Intrinsics k) {
        double[] dir = new double[3];
        double[] world = new double[3];
        double sum = 0;
        int n = 0;
        for (int v = 0; v < img.height(); v++) {
            for (int u = 0; u < img.width(); u++) {
                float d = img.depthAt(u, v);
                if (d <= 0) {
                    continue;
                }
                k.rayDirection(u, v, img.cameraRot(), dir);
                double expected = -img.cameraPos()[2] / dir[2];
                k.backProject(u, v, expected, img.cameraPos(), img.cameraRot(), world);
                if (expected <= 0 || Math.hypot(world[0] - 0.1, world[1] + 0.05) < 0.2
                    || Math.hypot(world[0], world[1] - 0.3) < 0.2 || Math.abs(world[0]) > 1.9) {
                    continue;
                }
                sum += Math.abs(expected - d);
                n++;
            }
        }
        assertThat(n).isGreaterThan(img.width() * img.height() / 4);
        return sum / n;
    }

    @Test
    void pixelCentresAreAtIntegerCoordinatesWithTheAxisAtHalfTheSizeMinusOne() {
        try (Simulation sim = scene(); Renderer r = new Renderer(sim, 128, 96)) {
            RgbdImage img = r.render("oblique", 128, 96);
            Intrinsics k = img.intrinsics();
            assertThat(k.cx()).isEqualTo(63.5);
            assertThat(k.cy()).isEqualTo(47.5);
            double ours = meanFloorDepthError(img, k);
            double shifted = meanFloorDepthError(img, new Intrinsics(k.fx(), k.fy(), k.cx() + 0.5, k.cy() + 0.5));
            double shiftedBack = meanFloorDepthError(img, new Intrinsics(k.fx(), k.fy(), k.cx() - 0.5, k.cy() - 0.5));
            assertThat(ours).isLessThan(0.0005);
            assertThat(shifted).isGreaterThan(10 * ours);
            assertThat(shiftedBack).isGreaterThan(10 * ours);
        }
    }

    @Test
    void intrinsicsProjectionAndBackProjectionAreInverse() {
        Intrinsics k = Intrinsics.fromFovy(60, 224, 160);
        assertThat(k.fx()).isEqualTo(k.fy());
        assertThat(k.fy()).isCloseTo(80 / Math.tan(Math.toRadians(30)), within(1e-12));
        assertThat(k.cx()).isEqualTo(111.5);
        assertThat(k.cy()).isEqualTo(79.5);
        double[] pos = {0.8, 0, 0.6};
        double[] rot = {0, -0.6, 0.8, 1, 0, 0, 0, 0.8, 0.6}; // columns: x=(0,1,0), y=(-.6,0,.8), z=(.8,0,.6)
        double[] world = {0.13, -0.2, 0.07};
        double[] uv = new double[2];
        double depth = k.project(pos, rot, world, uv);
        double[] back = new double[3];
        k.backProject(uv[0], uv[1], depth, pos, rot, back);
        assertThat(back).containsExactly(world, within(1e-12));
        // the point straight ahead lands on the optical axis
        double depthAhead = k.project(pos, rot, new double[] {0, 0, 0}, uv);
        assertThat(depthAhead).isCloseTo(1.0, within(1e-12));
        assertThat(uv).containsExactly(new double[] {111.5, 79.5}, within(1e-9));
    }
}
