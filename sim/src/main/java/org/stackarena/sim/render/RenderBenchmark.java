package org.stackarena.sim.render;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.stackarena.sim.Simulation;

/**
 * Measures the cost of one RGB-D frame at 64x64, 128x128 and 224x224: {@code mjv_updateScene},
 * {@code mjr_render}, reading RGB and depth, the row flip and the depth conversion to metres, i.e.
 * exactly one {@link Renderer#render(int, RgbdImage)} call. Physics is not stepped. Each size uses
 * its own {@link Renderer} whose offscreen buffer is exactly that size, as a policy camera would.
 * Backs {@code stackarena perf render --json FILE}; {@link #main(String[])} prints the JSON.
 */
public final class RenderBenchmark {

    /** Sizes measured, pixels per side. */
    public static final int[] SIZES = {64, 128, 224};

    /**
     * Scene used when none is given: a floor, a table top, three coloured blocks and a camera
     * {@code "front"} looking at them from 0.9 m, with a directional light.
     */
    public static final String DEFAULT_SCENE = """
        <mujoco model="render_bench">
          <visual><quality shadowsize="0" offsamples="0"/></visual>
          <worldbody>
            <light directional="true" pos="0 0 2" dir="0.2 0.1 -1"/>
            <geom name="floor" type="plane" size="2 2 0.1" rgba="0.6 0.6 0.6 1"/>
            <geom name="table" type="box" pos="0.5 0 0.38" size="0.3 0.4 0.02" rgba="0.55 0.4 0.25 1"/>
            <body name="b1" pos="0.45 -0.1 0.425"><freejoint/><geom type="box" size="0.025 0.025 0.025" rgba="1 0 0 1"/></body>
            <body name="b2" pos="0.5 0.05 0.425"><freejoint/><geom type="box" size="0.025 0.025 0.025" rgba="0 1 0 1"/></body>
            <body name="b3" pos="0.55 0.15 0.425"><freejoint/><geom type="cylinder" size="0.03 0.025" rgba="0 0 1 1"/></body>
            <camera name="front" pos="1.3 0 0.9" xyaxes="0 1 0 -0.5 0 0.866" fovy="50"/>
          </worldbody>
        </mujoco>
        """;

    private RenderBenchmark() {
    }

    /**
     * Mean and 99th-percentile milliseconds per RGB-D frame for each size.
     *
     * @param rgbd64Ms mean ms per frame at 64x64
     * @param rgbd64P99Ms 99th percentile at 64x64
     * @param rgbd128Ms mean ms per frame at 128x128
     * @param rgbd128P99Ms 99th percentile at 128x128
     * @param rgbd224Ms mean ms per frame at 224x224
     * @param rgbd224P99Ms 99th percentile at 224x224
     * @param scene the scene measured (file path or in-memory name)
     * @param camera the camera rendered
     * @param frames timed frames per size (after warm-up)
     */
    public record Result(
        @JsonProperty("rgbd_64_ms") double rgbd64Ms,
        @JsonProperty("rgbd_64_p99_ms") double rgbd64P99Ms,
        @JsonProperty("rgbd_128_ms") double rgbd128Ms,
        @JsonProperty("rgbd_128_p99_ms") double rgbd128P99Ms,
        @JsonProperty("rgbd_224_ms") double rgbd224Ms,
        @JsonProperty("rgbd_224_p99_ms") double rgbd224P99Ms,
        @JsonProperty("scene") String scene,
        @JsonProperty("camera") String camera,
        @JsonProperty("frames") int frames) {

        /** @return this result as one JSON object with snake_case keys ({@code rgbd_64_ms}, ...) */
        public String toJson() {
            try {
                return new ObjectMapper().writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Loads a scene file and measures it.
     *
     * @param scene an MJCF file
     * @param camera a camera in it
     * @param warmup untimed frames per size
     * @param frames timed frames per size, at least 1
     * @return the measurement
     */
    public static Result run(Path scene, String camera, int warmup, int frames) {
        try (Simulation sim = Simulation.load(scene)) {
            return run(sim, camera, warmup, frames);
        }
    }

    /**
     * Measures {@link #DEFAULT_SCENE} from camera {@code "front"}.
     *
     * @param warmup untimed frames per size
     * @param frames timed frames per size, at least 1
     * @return the measurement
     */
    public static Result runDefault(int warmup, int frames) {
        try (Simulation sim = Simulation.fromXml("render_bench", DEFAULT_SCENE, Map.of())) {
            return run(sim, "front", warmup, frames);
        }
    }

    /**
     * Measures a loaded simulation on the calling thread (renderers are made and closed here).
     *
     * @param sim the scene
     * @param camera a camera of the scene
     * @param warmup untimed frames per size
     * @param frames timed frames per size, at least 1
     * @return the measurement
     */
    public static Result run(Simulation sim, String camera, int warmup, int frames) {
        if (frames < 1 || warmup < 0) {
            throw new IllegalArgumentException("need frames >= 1 and warmup >= 0");
        }
        int cam = sim.id(Simulation.ObjType.CAMERA, camera);
        double[] stats = new double[2 * SIZES.length];
        long[] times = new long[frames];
        for (int s = 0; s < SIZES.length; s++) {
            int size = SIZES[s];
            try (Renderer renderer = new Renderer(sim, size, size)) {
                RgbdImage img = new RgbdImage(size, size);
                for (int i = 0; i < warmup; i++) {
                    renderer.render(cam, img);
                }
                for (int i = 0; i < frames; i++) {
                    long t0 = System.nanoTime();
                    renderer.render(cam, img);
                    times[i] = System.nanoTime() - t0;
                }
            }
            long total = 0;
            for (long t : times) {
                total += t;
            }
            Arrays.sort(times);
            int p99 = Math.min(frames - 1, (int) Math.ceil(0.99 * frames) - 1);
            stats[2 * s] = total / 1e6 / frames;
            stats[2 * s + 1] = times[p99] / 1e6;
        }
        return new Result(stats[0], stats[1], stats[2], stats[3], stats[4], stats[5], sim.name(), camera, frames);
    }

    /**
     * Prints the measurement as JSON. Arguments: {@code [scene.xml|-] [camera] [frames]}; with no
     * scene (or "-") the built-in {@link #DEFAULT_SCENE} and camera "front" are used; frames
     * defaults to 500, with 50 warm-up frames.
     *
     * @param args {@code [scene.xml|-] [camera] [frames]}
     */
    public static void main(String[] args) {
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Result r;
        if (args.length == 0 || args[0].equals("-")) {
            r = runDefault(50, frames);
        } else {
            r = run(Path.of(args[0]), args.length > 1 ? args[1] : "front", 50, frames);
        }
        System.out.println(r.toJson());
    }
}
