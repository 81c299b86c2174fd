package org.stackarena.benchmarks.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.stackarena.api.harness.ManualTick;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.Intrinsics;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.harness.Percentiles;
import org.stackarena.api.policy.PolicyModel;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.api.policy.PolicyStage;

/**
 * Wall time and allocation of every stage of a {@link PolicyStack} on synthetic observations, the bare
 * model call and the whole stack tick side by side in one run: per iteration one
 * {@link PolicyModel#predict} on a prepared input, then one {@link PolicyStack#tick} of the same stage
 * (preprocessing, the same call, postprocessing, chunk execution, publication), so both see the same
 * machine. Allocation per call comes from the JVM's per-thread counter
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) over separate passes.
 *
 * <p>By default everything runs on a fresh thread, as {@code bench}'s episode workers do (libtorch keeps
 * its thread settings per thread, so the main thread is not representative).
 */
public final class PolicyPerf {

    /**
     * One stage's figures, milliseconds and bytes.
     *
     * @param stage the loop name
     * @param rateHz its rate
     * @param preprocess the translator's {@code processInput} alone
     * @param infer the bare model call
     * @param tick the whole stack tick
     * @param inferBytes bytes allocated per bare model call (-1 when the JVM does not count)
     * @param tickBytes bytes allocated per tick (-1 when the JVM does not count)
     * @param samples iterations
     */
    public record StageResult(String stage, double rateHz, Percentiles preprocess, Percentiles infer, Percentiles tick,
                              double inferBytes,
                              double tickBytes, int samples) {

        /** Tick time over model-call time at the median. */
        public double ratioP50() {
            return tick.p50() / infer.p50();
        }
    }

    private final PolicyStack stack;
    private final int iterations;
    private final int slowIterations;
    private final int imageSize;

    /**
     * Measures {@code stack} (closed by {@link #run}).
     *
     * @param iterations samples for stages at 20 Hz and faster
     * @param slowIterations samples for slower stages (a VLA's System 2)
     * @param imageSize side of the synthetic camera frames
     */
    public PolicyPerf(PolicyStack stack, int iterations, int slowIterations, int imageSize) {
        this.stack = stack;
        this.iterations = iterations;
        this.slowIterations = slowIterations;
        this.imageSize = imageSize;
    }

    /** Runs the measurement on a fresh thread (as a bench worker) or, with {@code onCaller}, on this one. */
    public List<StageResult> run(boolean onCaller) throws Exception {
        if (onCaller) {
            return measure();
        }
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                out.set(measure());
            } catch (Throwable e) {
                out.set(e);
            }
        }, "perf-worker");
        t.start();
        t.join();
        if (out.get() instanceof Exception e) {
            throw e;
        }
        if (out.get() instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        List<StageResult> r = (List<StageResult>) out.get();
        return r;
    }

    private List<StageResult> measure() throws Exception {
        try (stack) {
            ManualTick ctx = new ManualTick().optPublishedVisible(true);
            Random r = new Random(1);
            for (LoopSpec l : stack.loops()) {
                for (ChannelKey<?> k : l.reads()) {
                    Observations.cameraOf(k).ifPresent(cam -> {
                        byte[] rgb = new byte[imageSize * imageSize * 3];
                        r.nextBytes(rgb);
                        ctx.put(Observations.rgbd(cam), new CameraFrame(cam, imageSize, imageSize, rgb,
                            new float[imageSize * imageSize], new Intrinsics(50, 50, imageSize / 2.0, imageSize / 2.0),
                            new double[] {1, 0, 1}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 0));
                    });
                }
            }
            String instruction = "pick up the red cube and put it on the blue pad";
            ctx.put(Observations.INSTRUCTION, instruction);
            ctx.put(Observations.PROPRIOCEPTION, new Proprioception(new double[7], new double[7], 0.08,
                new double[] {0.45, 0, 0.45}, new double[] {0, 0, 1, 0}, 0));
            stack.reset(new EpisodeContext("perf", "lab", 0, instruction, new RobotDescription("perf",
                List.of("j1", "j2", "j3", "j4", "j5", "j6", "j7"), new double[7], new double[7], new double[7], 0.08),
                0.002, 10));
            for (PolicyStage<?, ?, ?> s : stack.stages()) {   // latents for the later stages
                stack.tick(s.name(), ctx.at(s.loop(), 0));
            }
            List<StageResult> out = new ArrayList<>();
            for (PolicyStage<?, ?, ?> s : stack.stages()) {
                out.add(stage(s, ctx, s.loop().rateHz() >= 20 ? iterations : slowIterations));
            }
            return out;
        }
    }

    private <I, O, R> StageResult stage(PolicyStage<I, O, R> s, ManualTick ctx, int n) throws Exception {
        ctx.at(s.loop(), ctx.timeMicros());
        long period = Math.round(1e6 / s.loop().rateHz());
        I input = s.translator().processInput(ctx);
        if (input == null) {
            throw new IllegalStateException("stage '" + s.name() + "' has no input on synthetic observations");
        }
        PolicyModel<I, O> model = s.model();
        for (int w = 0; w < 50; w++) {
            model.predict(input);
            stack.tick(s.name(), ctx.at(s.loop(), ctx.timeMicros() + period));
        }
        double[] pre = new double[n];
        double[] infer = new double[n];
        double[] tick = new double[n];
        for (int i = 0; i < n; i++) {
            long tp = System.nanoTime();
            input = s.translator().processInput(ctx);
            long t0 = System.nanoTime();
            pre[i] = (t0 - tp) / 1e6;
            model.predict(input);
            long t1 = System.nanoTime();
            stack.tick(s.name(), ctx.at(s.loop(), ctx.timeMicros() + period));
            long t2 = System.nanoTime();
            infer[i] = (t1 - t0) / 1e6;
            tick[i] = (t2 - t1) / 1e6;
        }
        input = s.translator().processInput(ctx);
        long a0 = allocated();
        for (int i = 0; i < n; i++) {
            model.predict(input);
        }
        long a1 = allocated();
        for (int i = 0; i < n; i++) {
            stack.tick(s.name(), ctx.at(s.loop(), ctx.timeMicros() + period));
        }
        long a2 = allocated();
        boolean counted = a0 >= 0;
        return new StageResult(s.name(), s.loop().rateHz(), Percentiles.ofSorting(pre), Percentiles.ofSorting(infer),
            Percentiles.ofSorting(tick),
            counted ? (double) (a1 - a0) / n : -1, counted ? (double) (a2 - a1) / n : -1, n);
    }

    /** Bytes allocated so far by the calling thread, or -1 when the JVM does not count them. */
    static long allocated() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
