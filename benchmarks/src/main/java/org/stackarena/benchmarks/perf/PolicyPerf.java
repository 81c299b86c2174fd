package org.stackarena.benchmarks.perf;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.stackarena.policies.VlaPolicy;
import org.stackarena.policies.VlaStack;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Channels;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.Intrinsics;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.PhaseTimer;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.Stamped;
import org.stackarena.api.TickContext;

/**
 * Wall-time latency of the VLA's two loops on the calling thread (DJL with one intra-op and one
 * inter-op thread): DJL inference alone and the whole tick (preprocessing, inference,
 * postprocessing, publication), on synthetic observations.
 */
public final class PolicyPerf {

    /**
     * Percentiles in milliseconds.
     *
     * @param system1InferP50 System 1 DJL inference, median
     * @param system1InferP99 System 1 DJL inference, 99th percentile
     * @param system1TickP50 System 1 whole tick, median
     * @param system1TickP99 System 1 whole tick, 99th percentile
     * @param system2InferP50 System 2 DJL inference, median
     * @param system2InferP99 System 2 DJL inference, 99th percentile
     * @param system2TickP50 System 2 whole tick, median
     * @param system2TickP99 System 2 whole tick, 99th percentile
     * @param iterations1 System 1 samples
     * @param iterations2 System 2 samples
     * @param system1BytesPerTick bytes the calling thread allocated per System 1 tick (JVM per-thread
     *     counter over all measured ticks; -1 when the JVM does not count)
     */
    public record Result(double system1InferP50, double system1InferP99, double system1TickP50, double system1TickP99,
                         double system2InferP50, double system2InferP99, double system2TickP50, double system2TickP99,
                         int iterations1, int iterations2, double system1BytesPerTick) {}

    private final VlaPolicy policy;
    private final int iterations1, iterations2, imageSize;

    /** Measures {@code policy} (closed by {@link #run}) with the given sample counts and camera size. */
    public PolicyPerf(VlaPolicy policy, int iterations1, int iterations2, int imageSize) {
        this.policy = policy;
        this.iterations1 = iterations1;
        this.iterations2 = iterations2;
        this.imageSize = imageSize;
    }

    /** Runs the measurement. */
    public Result run() throws Exception {
        Random r = new Random(1);
        byte[] rgb = new byte[imageSize * imageSize * 3];
        r.nextBytes(rgb);
        CameraFrame frame = new CameraFrame(policy.spec().cameras().get(0), imageSize, imageSize, rgb,
            new float[imageSize * imageSize], new Intrinsics(50, 50, imageSize / 2.0, imageSize / 2.0),
            new double[] {1, 0, 1}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 0);
        Proprioception prop = new Proprioception(new double[7], new double[7], 0.08, new double[] {0.45, 0, 0.45},
            new double[] {0, 0, 1, 0}, 0);
        String instruction = "pick up the red cube and put it on the blue pad";
        try (VlaStack stack = new VlaStack(policy)) {
            Fake ctx = new Fake();
            ctx.values.put(Observations.rgbd(policy.spec().cameras().get(0)), frame);
            ctx.values.put(Observations.INSTRUCTION, instruction);
            ctx.values.put(Observations.PROPRIOCEPTION, prop);
            stack.reset(new EpisodeContext("perf", "lab", 0, instruction,
                new RobotDescription("perf", java.util.List.of("j1", "j2", "j3", "j4", "j5", "j6", "j7"), new double[7], new double[7], new double[7], 0.08), 0.002, 10));
            LoopSpec s1 = stack.loops().get(1), s2 = stack.loops().get(0);
            float[] img = policy.image(frame);
            float[] latent = policy.system2(img, instruction);
            ctx.values.put(VlaStack.LATENT, latent);
            float[] state = policy.state(prop);
            double[] inf2 = new double[iterations2], tick2 = new double[iterations2];
            double[] inf1 = new double[iterations1], tick1 = new double[iterations1];
            for (int w = 0; w < 50; w++) {
                policy.system2(img, instruction);
                policy.system1(latent, state);
            }
            ctx.loop = s2;
            for (int i = 0; i < iterations2; i++) {
                long t0 = System.nanoTime();
                policy.system2(img, instruction);
                inf2[i] = (System.nanoTime() - t0) / 1e6;
                ctx.micros += 200_000;
                t0 = System.nanoTime();
                stack.tick(VlaStack.SYSTEM2, ctx);
                tick2[i] = (System.nanoTime() - t0) / 1e6;
            }
            ctx.loop = s1;
            for (int i = 0; i < iterations1; i++) {
                long t0 = System.nanoTime();
                policy.system1(latent, state);
                inf1[i] = (System.nanoTime() - t0) / 1e6;
                ctx.micros += 10_000;
                t0 = System.nanoTime();
                stack.tick(VlaStack.SYSTEM1, ctx);
                tick1[i] = (System.nanoTime() - t0) / 1e6;
            }
            long a0 = allocated();
            for (int i = 0; i < iterations1; i++) {
                ctx.micros += 10_000;
                stack.tick(VlaStack.SYSTEM1, ctx);
            }
            long a1 = allocated();
            double bytes = a0 < 0 ? -1 : (double) (a1 - a0) / iterations1;
            return new Result(pct(inf1, 50), pct(inf1, 99), pct(tick1, 50), pct(tick1, 99), pct(inf2, 50), pct(inf2, 99),
                pct(tick2, 50), pct(tick2, 99), iterations1, iterations2, bytes);
        }
    }

    /** Bytes allocated so far by the calling thread, or -1 when the JVM does not count them. */
    static long allocated() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    private static double pct(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    /** A minimal tick context: fixed channel values, publications dropped, phases ignored. */
    private static final class Fake implements TickContext, Channels, PhaseTimer {
        final Map<ChannelKey<?>, Object> values = new HashMap<>();
        LoopSpec loop;
        long micros;
        long ticks;

        @Override
        public LoopSpec loop() {
            return loop;
        }

        @Override
        public long timeMicros() {
            return micros;
        }

        @Override
        public long tickIndex() {
            return ticks++;
        }

        @Override
        public Channels channels() {
            return this;
        }

        @Override
        public PhaseTimer phases() {
            return this;
        }

        @Override
        public void record(org.stackarena.api.Phase phase, long nanos) {
        }

        @Override
        public <T> Optional<T> latest(ChannelKey<T> key) {
            return Optional.ofNullable(values.get(key)).map(key::cast);
        }

        @Override
        public <T> Optional<Stamped<T>> stamped(ChannelKey<T> key) {
            return latest(key).map(v -> new Stamped<>(v, micros, micros));
        }

        @Override
        public <T> void publish(ChannelKey<T> key, T value) {
        }
    }
}
