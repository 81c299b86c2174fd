package org.stackarena.policies;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The one training loop of the built-in networks (the VLA's {@link BcTrainer} and the world model's
 * {@link org.stackarena.policies.wam.WamTrainer}): seeded batching (the sample list is shuffled with
 * the loop's {@link Random} every epoch), one optimiser step per batch with the NaN-step retry and the
 * libtorch gradient workarounds ({@link #step}), an optional moving average of the weights, a wall-time
 * budget, and one callback per epoch for validation and logging.
 *
 * <p>A loop owns counters across its {@link #run}s (several stages of one training share them):
 * {@link #steps()} and {@link #skipped()}.
 */
public final class TrainingLoop {

    /** Attempts per optimiser step when the gradients come back non-finite. */
    public static final int STEP_ATTEMPTS = 3;

    private final Block net;
    private final NDManager manager;
    private final Random rng;
    private final Consumer<String> log;
    private long steps;
    private long skipped;

    /**
     * A loop over {@code net}'s parameters.
     *
     * @param manager the parameters' manager: each batch runs in a sub-manager of it
     * @param rng the batching randomness (shuffles), shared with the caller's augmentation
     * @param log receives the loop's own lines (the time-budget stop)
     */
    public TrainingLoop(Block net, NDManager manager, Random rng, Consumer<String> log) {
        this.net = Objects.requireNonNull(net, "net");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.rng = Objects.requireNonNull(rng, "rng");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The loss of one batch, built in {@code m} (closed after the step). */
    @FunctionalInterface
    public interface BatchLoss {
        /**
         * @param m a manager for this batch's arrays
         * @param slice the batch's samples
         * @return the scalar loss to minimise
         */
        NDArray loss(NDManager m, List<int[]> slice);
    }

    /** Called after every epoch (validation, logging). */
    @FunctionalInterface
    public interface EpochEnd {
        /**
         * @param epoch 1-based epoch
         * @param trainLoss the mean loss of the epoch's completed steps
         */
        void end(int epoch, double trainLoss);
    }

    /**
     * One stage's settings.
     *
     * @param epochs epochs, >= 0
     * @param batch batch size, >= 1
     * @param perEpoch at most this many samples per epoch (the shuffled list's head), >= 1
     * @param partialBatch a sample list shorter than a batch still makes one (smaller) step per epoch
     * @param deadlineNanos {@link System#nanoTime} after which the stage stops (after the current step and
     *     that epoch's callback), {@link Long#MAX_VALUE} for none
     * @param budgetMinutes the budget the deadline stands for, for the log line
     * @param trains which parameters (by name) the optimiser updates
     * @param average a moving average updated after every successful step, or null
     */
    public record Stage(int epochs, int batch, int perEpoch, boolean partialBatch, long deadlineNanos,
                        double budgetMinutes, Predicate<String> trains, WeightAverage average) {
        /** Validates. */
        public Stage {
            if (epochs < 0 || batch < 1 || perEpoch < 1) {
                throw new IllegalArgumentException("epochs >= 0, batch >= 1, perEpoch >= 1 required");
            }
            Objects.requireNonNull(trains, "trains");
        }

        /** Every sample each epoch, a short list in one partial batch, no time budget, all parameters. */
        public static Stage of(int epochs, int batch) {
            return new Stage(epochs, batch, Integer.MAX_VALUE, true, Long.MAX_VALUE, Double.POSITIVE_INFINITY,
                p -> true, null);
        }

        /** This stage with a budget of {@code minutes} from {@code startNanos}. */
        public Stage withBudget(long startNanos, double minutes) {
            long d = Double.isInfinite(minutes) ? Long.MAX_VALUE : startNanos + (long) (minutes * 60e9);
            return new Stage(epochs, batch, perEpoch, partialBatch, d, minutes, trains, average);
        }

        /** This stage training only the parameters {@code trains} accepts. */
        public Stage training(Predicate<String> which) {
            return new Stage(epochs, batch, perEpoch, partialBatch, deadlineNanos, budgetMinutes, which, average);
        }

        /** This stage with at most {@code n} samples per epoch and no partial batch. */
        public Stage perEpoch(int n) {
            return new Stage(epochs, batch, n, false, deadlineNanos, budgetMinutes, trains, average);
        }

        /** This stage folding every successful step into {@code avg}. */
        public Stage averaging(WeightAverage avg) {
            return new Stage(epochs, batch, perEpoch, partialBatch, deadlineNanos, budgetMinutes, trains, avg);
        }
    }

    /**
     * Runs a stage over {@code samples} (shuffled in place every epoch).
     *
     * @return the epochs completed (fewer than asked when the budget ran out)
     */
    public int run(Stage stage, List<int[]> samples, Optimizer optimizer, BatchLoss loss, EpochEnd end) {
        int done = 0;
        for (int epoch = 1; epoch <= stage.epochs(); epoch++) {
            Collections.shuffle(samples, rng);
            int limit = Math.min(stage.perEpoch(), samples.size());
            double sum = 0;
            int n = 0;
            boolean timeUp = false;
            for (int s = 0; s + stage.batch() <= limit || (stage.partialBatch() && s == 0 && limit > 0);
                 s += stage.batch()) {
                List<int[]> slice = samples.subList(s, Math.min(limit, s + stage.batch()));
                try (NDManager m = manager.newSubManager()) {
                    float l = step(optimizer, stage.trains(), () -> loss.loss(m, slice));
                    if (Float.isNaN(l)) {
                        skipped++;
                    } else {
                        sum += l;
                        n++;
                        if (stage.average() != null) {
                            stage.average().update();
                        }
                    }
                }
                steps++;
                if (stage.deadlineNanos() != Long.MAX_VALUE && System.nanoTime() - stage.deadlineNanos() > 0) {
                    timeUp = true;
                    break;
                }
            }
            end.end(epoch, sum / Math.max(1, n));
            done = epoch;
            if (timeUp) {
                log.accept(String.format("stopping: time budget of %.1f min reached", stage.budgetMinutes()));
                break;
            }
        }
        return done;
    }

    /** Optimiser steps taken so far (including skipped ones). */
    public long steps() {
        return steps;
    }

    /** Steps skipped after {@link #STEP_ATTEMPTS} non-finite gradients. */
    public long skipped() {
        return skipped;
    }

    /** {@code "  (N steps skipped: non-finite gradients)"}, or empty when none were. */
    public String skippedNote() {
        return skipped == 0 ? "" : "  (" + skipped + " steps skipped: non-finite gradients)";
    }

    /** Adam with a cosine schedule from {@code lr} to 5 % of it over {@code steps}, gradients clipped at 10. */
    public static Optimizer adam(double lr, long steps) {
        return Optimizer.adam().optLearningRateTracker(CosineTracker.builder().setBaseValue((float) lr)
            .optFinalValue((float) (lr * 0.05)).setMaxUpdates((int) Math.max(1, steps)).build()).optClipGrad(10f).build();
    }

    /**
     * One optimiser step: zero the gradients, back-propagate {@code loss}, and apply the optimiser to the
     * parameters {@code which} accepts ({@link #update}). The libtorch CPU build DJL ships here sometimes
     * returns NaN input gradients from a convolution's backward pass (measured: about 1 in 20 backward passes
     * of a lone Conv2d on random data, in blocks of ~20 % of the elements, with every finite value exact); the
     * pass is then recomputed, which gives the exact gradients, so training stays deterministic. After
     * {@link #STEP_ATTEMPTS} failures the step is skipped rather than poisoning the weights and Adam's
     * moments. Returns the loss, NaN when skipped.
     */
    public float step(Optimizer optimizer, Predicate<String> which, java.util.function.Supplier<NDArray> loss) {
        for (int attempt = 0; attempt < STEP_ATTEMPTS; attempt++) {
            float value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                if (attempt == 0) {
                    zeroGradients(net);
                } else {
                    resetGradients(net);
                }
                NDArray l = loss.get();
                gc.backward(l);
                value = l.getFloat();
            }
            if (Float.isFinite(value) && update(net, optimizer, which)) {
                return value;
            }
        }
        return Float.NaN;
    }

    /**
     * Zeroes the network's gradients in place. Not {@code GradientCollector.zeroGradients()}: that walks every
     * array of every manager, and each {@code getGradient()} handle stays in the parameters' manager, so the
     * walk grew with every step (System 1 epochs went from 5 s to 27 s, measured).
     */
    static void zeroGradients(Block net) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            try (NDArray g = p.getValue().getArray().getGradient()) {
                g.subi(g);
            }
        }
    }

    /**
     * Fills every parameter's gradient with zeros in place (DJL's {@code zeroGradients} subtracts the gradient
     * from itself, which leaves a NaN in place). Only after a failed attempt: copying a zero buffer in at
     * every step retained a direct buffer per parameter per step and exhausted direct memory.
     */
    static void resetGradients(Block net) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            try (NDArray g = p.getValue().getArray().getGradient()) {
                g.set(new ai.djl.ndarray.index.NDIndex(":"), 0f);
            }
        }
    }

    /**
     * Optimiser step on the parameters {@code which} accepts, unless a gradient is not finite: then nothing
     * is changed and false returned.
     */
    private static boolean update(Block net, Optimizer optimizer, Predicate<String> which) {
        List<Parameter> ps = new ArrayList<>();
        List<NDArray> grads = new ArrayList<>();
        try {
            double total = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (which.test(p.getKey())) {
                    ps.add(p.getValue());
                    NDArray g = p.getValue().getArray().getGradient();
                    grads.add(g);
                    // the parameters' manager lives as long as the policy: close the temporaries here
                    try (NDArray a = g.abs(); NDArray sum = a.sum()) {
                        total += sum.getFloat();
                    }
                }
            }
            if (ps.isEmpty() || !Double.isFinite(total)) {
                return false;
            }
            for (int i = 0; i < ps.size(); i++) {
                optimizer.update(ps.get(i).getId(), ps.get(i).getArray(), grads.get(i));
            }
            return true;
        } finally {
            // Every gradient handle is closed: the backward pass runs in grad mode, so libtorch accumulates
            // into a new gradient tensor, and a handle left open kept the old one alive (24 GB after 48,000
            // System 1 steps, measured)
            grads.forEach(NDArray::close);
        }
    }
}
