package org.stackarena.policies;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.stackarena.policies.data.DemoDataset;
import org.stackarena.policies.data.Geometry;

/**
 * Behaviour cloning of the built-in VLA on a demonstration dataset.
 *
 * <p>Each sample is frame k of an episode: the front image (from frame k - r, r in {0, 1, 2}
 * at random, so System 1 learns to act on a slightly stale System 2 latent), the instruction,
 * the normalised state at k and the chunk of the next {@code chunk} action labels (past the end:
 * zero motion, last gripper command). Augmentation: random shift of up to 1 pixel, intensity
 * scale 0.55..1.4, per-channel tint +-15%, pixel noise, small state noise. Loss: L1 on the
 * normalised EE deltas plus squared error on the gripper command. Adam with a cosine schedule;
 * validation on held-out episodes each epoch. Seeded (DJL and Java randomness).
 *
 * <p>Auxiliary loss: when the dataset holds {@code observation.environment_state} (the simulator's
 * ground truth of the named object and the goal point), System 2's goal head is trained to predict it
 * from the image it saw (L1 on normalised values, weight {@link #GOAL_WEIGHT}). The ground truth is a
 * training target only; the policy's inputs stay pixels, proprioception and text.
 */
public final class BcTrainer {

    /**
     * Training options.
     *
     * @param epochs passes over the training frames
     * @param batch batch size
     * @param lr initial learning rate
     * @param seed random seed
     * @param chunk action chunk length
     * @param imageWidth model input width
     * @param imageHeight model input height
     * @param crop camera crop (top, bottom, left, right fractions) resized to the input size
     * @param model the architecture, written to policy.json as {@code model} (latent size, conv channels,
     *     text size, MLP width, attention heads, System 1 anchors ({@link VlaNet#system1}))
     * @param loops the loop rates written to policy.json as {@code loops}
     * @param valFraction fraction of episodes held out
     * @param maxMinutes stop after this much wall time (the epoch in progress finishes its batch)
     * @param augment whether to augment
     * @param system1Epochs epochs of System 1 in the two-stage mode ({@code model.latent_dim} 0)
     */
    public record Options(int epochs, int batch, double lr, long seed, int chunk, int imageWidth, int imageHeight, double[] crop,
                          PolicySpec.Model model, PolicySpec.Loops loops, double valFraction, double maxMinutes,
                          boolean augment, int system1Epochs) {
        /** Defaults used for the shipped checkpoint. */
        public static Options defaults() {
            return builder().build();
        }

        /** A builder holding {@link #defaults()}. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding these options. */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.epochs = epochs;
            b.batch = batch;
            b.lr = lr;
            b.seed = seed;
            b.chunk = chunk;
            b.imageWidth = imageWidth;
            b.imageHeight = imageHeight;
            b.crop = crop.clone();
            b.latentDim = model.latentDim();
            b.hidden = model.hidden();
            b.textDim = model.textDim();
            b.channels = model.channels().clone();
            b.attentionHeads = model.attentionHeads();
            b.valFraction = valFraction;
            b.maxMinutes = maxMinutes;
            b.system1Hz = loops.system1Hz();
            b.system2Hz = loops.system2Hz();
            b.augment = augment;
            b.anchoredWaypoints = model.system1Anchors();
            b.system1Epochs = system1Epochs;
            return b;
        }

        /** Builds {@link Options}; every field starts at the shipped checkpoint's default. */
        public static final class Builder {
            private int epochs = 20;
            private int batch = 64;
            private double lr = 1e-3;
            private long seed = 1;
            private int chunk = 10;
            private int imageWidth = 96;
            private int imageHeight = 64;
            private double[] crop = {1.0 / 12, 0.75, 0, 1};
            private int latentDim;
            private int hidden = 256;
            private int textDim = 32;
            private int[] channels = {16, 32, 32};
            private int attentionHeads = 4;
            private double valFraction = 0.1;
            private double maxMinutes = 25;
            private double system1Hz = 100;
            private double system2Hz = 5;
            private boolean augment = true;
            private boolean anchoredWaypoints = true;
            private int system1Epochs = 30;

            private Builder() {}

            /** @param v passes over the training frames (System 2's in the two-stage mode) @return this */
            public Builder epochs(int v) {
                epochs = v;
                return this;
            }

            /** @param v batch size @return this */
            public Builder batch(int v) {
                batch = v;
                return this;
            }

            /** @param v initial learning rate @return this */
            public Builder lr(double v) {
                lr = v;
                return this;
            }

            /** @param v random seed @return this */
            public Builder seed(long v) {
                seed = v;
                return this;
            }

            /** @param v action chunk length @return this */
            public Builder chunk(int v) {
                chunk = v;
                return this;
            }

            /** @param width model input width @param height model input height @return this */
            public Builder inputSize(int width, int height) {
                imageWidth = width;
                imageHeight = height;
                return this;
            }

            /** @param v camera crop (top, bottom, left, right fractions) @return this */
            public Builder crop(double... v) {
                crop = v.clone();
                return this;
            }

            /** @param v System 2 latent size (0: two-stage training) @return this */
            public Builder latentDim(int v) {
                latentDim = v;
                return this;
            }

            /** @param v MLP width @return this */
            public Builder hidden(int v) {
                hidden = v;
                return this;
            }

            /** @param v instruction embedding size @return this */
            public Builder textDim(int v) {
                textDim = v;
                return this;
            }

            /** @param v conv channels @return this */
            public Builder channels(int... v) {
                channels = v.clone();
                return this;
            }

            /** @param v System 2 attention heads (0: none) @return this */
            public Builder attentionHeads(int v) {
                attentionHeads = v;
                return this;
            }

            /** @param v fraction of episodes held out @return this */
            public Builder valFraction(double v) {
                valFraction = v;
                return this;
            }

            /** @param v wall-time budget in minutes @return this */
            public Builder maxMinutes(double v) {
                maxMinutes = v;
                return this;
            }

            /** @param s1 System 1 rate @param s2 System 2 rate, written to policy.json @return this */
            public Builder rates(double s1, double s2) {
                system1Hz = s1;
                system2Hz = s2;
                return this;
            }

            /** @param v whether to augment images and states @return this */
            public Builder augment(boolean v) {
                augment = v;
                return this;
            }

            /** @param v whether System 1 mixes anchors ({@link VlaNet#system1}) @return this */
            public Builder anchoredWaypoints(boolean v) {
                anchoredWaypoints = v;
                return this;
            }

            /** @param v System 1 epochs in the two-stage mode @return this */
            public Builder system1Epochs(int v) {
                system1Epochs = v;
                return this;
            }

            /** @return the options */
            public Options build() {
                return new Options(epochs, batch, lr, seed, chunk, imageWidth, imageHeight, crop.clone(),
                    new PolicySpec.Model(latentDim, channels, textDim, hidden, attentionHeads, anchoredWaypoints),
                    new PolicySpec.Loops(system1Hz, system2Hz), valFraction, maxMinutes, augment, system1Epochs);
            }
        }
    }

    /**
     * An epoch's losses.
     *
     * @param epoch 1-based
     * @param train mean training loss
     * @param val validation loss (NaN without validation episodes)
     * @param seconds wall time since start
     * @param valObjectCm mean distance between System 2's estimate of the named object's position and
     *     the truth on the validation frames, centimetres (NaN without recorded environment state)
     */
    public record Epoch(int epoch, double train, double val, double seconds, double valObjectCm) {}

    /**
     * Result.
     *
     * @param policy the trained policy (caller closes)
     * @param epochs per-epoch losses
     * @param trainEpisodes training episodes
     * @param valEpisodes validation episodes
     * @param trainFrames training frames
     * @param steps optimiser steps
     */
    public record Result(VlaPolicy policy, List<Epoch> epochs, int trainEpisodes, int valEpisodes, long trainFrames,
                         long steps) {}

    /** Weight of the auxiliary goal loss. */
    static final float GOAL_WEIGHT = 1f;

    private BcTrainer() {}

    /** Trains on {@code data}; {@code log} receives one line per epoch. */
    public static Result train(DemoDataset data, InstructionEncoder encoder, Options o, Consumer<String> log) {
        return train(data, encoder, o, log, null);
    }

    /**
     * Trains on {@code data}, in the two-stage mode starting System 2 from {@code system2From}'s
     * weights and goal statistics when it is not null (same architecture sizes; with
     * {@code o.epochs()} 0 System 2 is taken as it is and only System 1 is trained).
     */
    public static Result train(DemoDataset data, InstructionEncoder encoder, Options o, Consumer<String> log,
                               VlaPolicy system2From) {
        Djl.init();
        List<DemoDataset.Episode> eps = new ArrayList<>(data.episodes());
        if (eps.isEmpty()) {
            throw new IllegalArgumentException("no episodes to train on");
        }
        Random rng = new Random(o.seed());
        Collections.shuffle(eps, new Random(o.seed() ^ 0x5eedL));
        int nVal = eps.size() < 5 ? 0 : Math.max(1, (int) Math.round(eps.size() * o.valFraction()));
        List<DemoDataset.Episode> val = eps.subList(0, nVal);
        List<DemoDataset.Episode> train = eps.subList(nVal, eps.size());

        // statistics over training frames
        int sd = Geometry.FEATURE_NAMES.size();
        float[] sMean = new float[sd], sStd = new float[sd], dMean = new float[6], dStd = new float[6];
        double[] aMax = new double[6];
        stats(train, 10, true, sMean, sStd, null);
        stats(train, 7, false, dMean, dStd, aMax);
        int nd = PolicySpec.NORM_DIM;
        float[] aMean = new float[o.chunk() * nd], aStd = new float[o.chunk() * nd];
        targetStats(train, o.chunk(), aMean, aStd);
        for (int i = 0; i < sd; i++) {
            sStd[i] = Math.max(sStd[i], i < 3 ? 0.01f : (i < 9 ? 0.02f : 0.002f));
        }
        float[] gMean = new float[PolicySpec.GOAL_DIM], gStd = new float[PolicySpec.GOAL_DIM];
        goalStats(train, gMean, gStd);
        if (system2From != null) {
            if (o.model().latentDim() != 0) {
                throw new IllegalArgumentException("System 2 from another checkpoint needs the two-stage mode (latent_dim 0)");
            }
            gMean = system2From.spec().goalMean().clone();
            gStd = system2From.spec().goalStd().clone();
        }
        for (int i = 0; i < aStd.length; i++) {
            aStd[i] = Math.max(aStd[i], i % nd < 3 ? 1e-3f : 1e-2f);
        }
        double maxLin = Math.max(0.02, 1.5 * Math.max(aMax[0], Math.max(aMax[1], aMax[2])));
        double maxAng = Math.max(0.1, 1.5 * Math.max(aMax[3], Math.max(aMax[4], aMax[5])));
        PolicySpec.Model model = system2From == null ? o.model() : new PolicySpec.Model(o.model().latentDim(), o.model().channels(),
            o.model().textDim(), o.model().hidden(), system2From.spec().attentionHeads(), o.model().system1Anchors());
        PolicySpec spec = PolicySpec.of(
            new PolicySpec.Inputs(List.of("front"), o.imageWidth(), o.imageHeight(), o.crop(), Geometry.FEATURE_NAMES,
                sMean, sStd, encoder.vocab()),
            new PolicySpec.Outputs("ee_delta", maxLin, maxAng, o.chunk(), 1.0 / data.fps(), aMean, aStd,
                PolicySpec.GOAL_NAMES, gMean, gStd),
            model, o.loops());
        VlaPolicy policy = VlaPolicy.create(spec, o.seed());
        if (system2From != null) {
            copySystem2(system2From, policy);
        }
        if (o.model().latentDim() == 0) {
            return trainTwoStage(policy, data, train, val, encoder, o, rng, log);
        }
        VlaNet net = policy.net();

        List<int[]> samples = index(train);
        List<int[]> valSamples = index(val);
        long stepsPerEpoch = Math.max(1, samples.size() / o.batch());
        Optimizer adam = TrainingLoop.adam(o.lr(), stepsPerEpoch * o.epochs());
        ParameterStore ps = new ParameterStore(policy.manager(), false);
        float[][] text = new float[data.episodes().stream().mapToInt(DemoDataset.Episode::index).max().orElse(0) + 1][];
        for (DemoDataset.Episode e : data.episodes()) {
            text[e.index()] = encoder.encode(e.instruction());
        }
        List<Epoch> history = new ArrayList<>();
        long start = System.nanoTime();
        Batch b = new Batch(o, spec, data, text);
        TrainingLoop loop = new TrainingLoop(net, policy.manager(), rng, log);
        loop.run(TrainingLoop.Stage.of(o.epochs(), o.batch()).withBudget(start, o.maxMinutes()), samples, adam,
            (m, slice) -> {
                NDList in = b.inputs(m, train, slice, rng, o.augment());
                NDList target = b.targets(m, train, slice);
                return loss(net.forward(ps, in, true), target, o.chunk(), spec.latentDim());
            },
            (epoch, trainLoss) -> {
                double[] v = valSamples.isEmpty() ? new double[] {Double.NaN, Double.NaN}
                    : evaluate(policy, ps, b, val, valSamples, o);
                Epoch e = new Epoch(epoch, trainLoss, v[0], (System.nanoTime() - start) / 1e9, v[1]);
                history.add(e);
                log.accept(String.format("epoch %3d  train %.4f  val %.4f  val object error %.1f cm  %.0f s%s", e.epoch(),
                    e.train(), e.val(), e.valObjectCm(), e.seconds(), loop.skippedNote()));
            });
        return new Result(policy, history, train.size(), val.size(),
            train.stream().mapToLong(DemoDataset.Episode::length).sum(), loop.steps());
    }

    /** Batch size of System 1 training in the two-stage mode. */
    static final int SYSTEM1_BATCH = 256;
    /** Noise (m, per coordinate) added to the ground-truth goal System 1 is trained on: System 2's error. */
    static final double GOAL_NOISE_M = 0.005;
    /**
     * Share of System 1's training samples whose goal is read from an earlier frame (1 to
     * {@link #STALE_GOAL_FRAMES} frames back): at run time System 2's estimate is up to one System 2
     * period old plus its latency, and once the object moves with the hand an old estimate no longer
     * says where it is. Without them, a System 1 that read a second-old goal let go of lifted objects
     * (measured: pick-lift 0/10 at 1 s of System 2 latency, 9 of 10 failures drops).
     */
    static final double STALE_GOAL_SHARE = 0.5;
    /** Oldest goal of {@link #STALE_GOAL_SHARE}, in frames (1 s at the demonstrations' 10 Hz). */
    static final int STALE_GOAL_FRAMES = 10;
    /** Fraction of the training frames System 2 sees per epoch in the two-stage mode (frames are redundant). */
    static final double SYSTEM2_FRAME_FRACTION = 0.25;

    /**
     * Two-stage training for a checkpoint whose System 2 outputs only the goal estimate
     * ({@code latentDim} 0). Stage 1: System 1 by behaviour cloning, conditioned on the recorded goal
     * (ground truth plus Gaussian noise of {@link #GOAL_NOISE_M} standing in for System 2's error):
     * an MLP on low-dimensional inputs, so thousands of steps take seconds. Stage 2: System 2 (CNN,
     * FiLM, spatial softmax, goal head) regresses the goal from the image and instruction, on a random
     * {@link #SYSTEM2_FRAME_FRACTION} of the frames per epoch, within the wall-time budget. The
     * stack at run time is the same as end to end: pixels and text in System 2, its goal estimate and
     * proprioception in System 1.
     */
    private static Result trainTwoStage(VlaPolicy policy, DemoDataset data, List<DemoDataset.Episode> train,
                                        List<DemoDataset.Episode> val, InstructionEncoder encoder, Options o,
                                        Random rng, Consumer<String> log) {
        PolicySpec spec = policy.spec();
        VlaNet net = policy.net();
        for (DemoDataset.Episode e : train) {
            if (e.env() == null) {
                throw new IllegalArgumentException("episode " + e.index() + " has no observation.environment_state: "
                    + "two-stage training (latent_dim 0) needs it; re-record with this version of collect");
            }
        }
        ParameterStore ps = new ParameterStore(policy.manager(), false);
        long start = System.nanoTime();
        List<Epoch> history = new ArrayList<>();
        TrainingLoop loop = new TrainingLoop(net, policy.manager(), rng, log);
        // ---- stage 1: System 1 on recorded goals
        List<int[]> samples = index(train);
        List<int[]> valSamples = index(val);
        long s1Steps = (long) o.system1Epochs() * Math.max(1, samples.size() / SYSTEM1_BATCH);
        Optimizer adam1 = TrainingLoop.adam(o.lr(), s1Steps);
        Batch b1 = new Batch(o, spec, data, null);
        WeightAverage average = new WeightAverage(net, BcTrainer::isSystem1, SYSTEM1_AVERAGE_DECAY);
        loop.run(TrainingLoop.Stage.of(o.system1Epochs(), SYSTEM1_BATCH).training(BcTrainer::isSystem1).averaging(average),
            samples, adam1,
            (m, slice) -> {
                NDList in = b1.system1Inputs(m, train, slice, rng, true);
                NDList target = b1.targets(m, train, slice);
                return actionLoss(net.system1(ps, in.get(0), in.get(1), true), target.get(0), o.chunk());
            },
            (epoch, trainLoss) -> {
                if (epoch % 5 == 0 || epoch == o.system1Epochs()) {
                    log.accept(String.format("system1 epoch %3d  train %.4f  val %.4f  %.0f s%s", epoch, trainLoss,
                        system1Val(policy, ps, b1, val, valSamples, o), (System.nanoTime() - start) / 1e9,
                        loop.skippedNote()));
                }
            });
        if (o.system1Epochs() > 0) {
            average.copyIntoWeights();
            log.accept(String.format("system1 averaged weights (decay %.4f)  val %.4f", SYSTEM1_AVERAGE_DECAY,
                system1Val(policy, ps, b1, val, valSamples, o)));
        }
        average.close();
        // ---- stage 2: System 2 regresses the goal from pixels and text
        float[][] text = new float[data.episodes().stream().mapToInt(DemoDataset.Episode::index).max().orElse(0) + 1][];
        for (DemoDataset.Episode e : data.episodes()) {
            text[e.index()] = encoder.encode(e.instruction());
        }
        Batch b = new Batch(o, spec, data, text);
        List<int[]> frames = new ArrayList<>();
        Random keep = new Random(o.seed() ^ 0xfa11L);
        int nearKept = 0, far = 0;
        for (int e = 0; e < train.size(); e++) {
            for (int k = 0; k < train.get(e).length(); k++) {
                boolean near = gripperNear(train.get(e), k);
                if (near && keep.nextDouble() >= NEAR_FRAME_KEEP) {
                    continue;
                }
                frames.add(new int[] {e, k});
                if (near) {
                    nearKept++;
                } else {
                    far++;
                }
            }
        }
        log.accept(String.format("system2 frames: %d with the gripper away from the object, %d of the frames with it "
            + "near (%.0f %% kept)", far, nearKept, 100 * NEAR_FRAME_KEEP));
        List<int[]> valFrames = new ArrayList<>();
        for (int e = 0; e < val.size(); e++) {
            for (int k = 0; k < val.get(e).length(); k += 4) {
                valFrames.add(new int[] {e, k});
            }
        }
        int perEpoch = Math.max(o.batch(), (int) (frames.size() * SYSTEM2_FRAME_FRACTION));
        long s2Steps = (long) o.epochs() * (perEpoch / o.batch());
        Optimizer adam2 = TrainingLoop.adam(o.lr(), s2Steps);
        long s2Start = System.nanoTime();
        loop.run(TrainingLoop.Stage.of(o.epochs(), o.batch()).perEpoch(perEpoch).withBudget(s2Start, o.maxMinutes())
                .training(p -> !isSystem1(p)), frames, adam2,
            (m, slice) -> {
                NDList in = b.inputs(m, train, slice, rng, o.augment());
                NDList target = b.targets(m, train, slice);
                return net.system2(ps, in.get(0), in.get(1), true).sub(target.get(1)).abs().mul(target.get(2)).mean();
            },
            (epoch, trainLoss) -> {
                double[] v = valFrames.isEmpty() ? new double[] {Double.NaN, Double.NaN}
                    : evaluate(policy, ps, b, val, valFrames, o);
                Epoch e = new Epoch(epoch, trainLoss, v[0], (System.nanoTime() - start) / 1e9, v[1]);
                history.add(e);
                log.accept(String.format("system2 epoch %3d  goal L1 %.4f  val loss %.4f  val object error %.1f cm  %.0f s%s",
                    e.epoch(), e.train(), e.val(), e.valObjectCm(), e.seconds(), loop.skippedNote()));
            });
        return new Result(policy, history, train.size(), val.size(),
            train.stream().mapToLong(DemoDataset.Episode::length).sum(), loop.steps());
    }

    /** Decay of the moving average of System 1's weights that training ends with ({@link WeightAverage}). */
    static final double SYSTEM1_AVERAGE_DECAY = 0.999;

    /** System 1's mean loss on the validation samples (NaN without any). */
    private static double system1Val(VlaPolicy policy, ParameterStore ps, Batch b, List<DemoDataset.Episode> val,
                                     List<int[]> valSamples, Options o) {
        if (valSamples.isEmpty()) {
            return Double.NaN;
        }
        double vs = 0;
        int vn = 0;
        for (int s = 0; s < valSamples.size(); s += SYSTEM1_BATCH) {
            List<int[]> slice = valSamples.subList(s, Math.min(valSamples.size(), s + SYSTEM1_BATCH));
            try (NDManager m = policy.manager().newSubManager()) {
                NDList in = b.system1Inputs(m, val, slice, null, false);
                NDArray out = policy.net().system1(ps, in.get(0), in.get(1), false);
                vs += actionLoss(out, b.targets(m, val, slice).get(0), o.chunk()).getFloat() * slice.size();
                vn += slice.size();
            }
        }
        return vs / vn;
    }

    /**
     * Share of the frames with the gripper within {@link #NEAR_M} of the named object that System 2 trains on.
     * In those frames the object's position is also the gripper's, which the image shows plainly: trained on
     * all frames, System 2 learnt to report the gripper (3.3 cm mean error on validation frames) rather than
     * to find the named object among distractors (5-20 cm off on first frames, measured), and at run time
     * followed its own arm.
     */
    static final double NEAR_FRAME_KEEP = 0.2;
    /** Gripper-object distance (m) below which a frame counts as "near". */
    static final double NEAR_M = 0.08;

    static boolean gripperNear(DemoDataset.Episode e, int k) {
        int sd = Geometry.FEATURE_NAMES.size(), pd = PolicySpec.POSITION_DIM;
        return distance2(e.features(), k * sd, e.env(), k * pd) < NEAR_M * NEAR_M;
    }

    /** Squared distance between the 3-vectors at {@code a[ia..ia+2]} and {@code b[ib..ib+2]}. */
    private static double distance2(float[] a, int ia, float[] b, int ib) {
        double d2 = 0;
        for (int i = 0; i < 3; i++) {
            double d = a[ia + i] - b[ib + i];
            d2 += d * d;
        }
        return d2;
    }

    static boolean isSystem1(String parameter) {
        return parameter.contains("s1a") || parameter.contains("s1b") || parameter.contains("s1out");
    }

    /** Copies every System 2 parameter of {@code from} into {@code to} (shapes must agree). */
    private static void copySystem2(VlaPolicy from, VlaPolicy to) {
        var src = from.net().getParameters();
        var dst = to.net().getParameters();
        for (int i = 0; i < dst.size(); i++) {
            String k = dst.get(i).getKey();
            if (isSystem1(k)) {
                continue;
            }
            NDArray s = src.get(k).getArray(), d = dst.get(i).getValue().getArray();
            if (!s.getShape().equals(d.getShape())) {
                throw new IllegalArgumentException("System 2 parameter " + k + " has shape " + s.getShape()
                    + " in the source checkpoint but " + d.getShape() + " here");
            }
            d.set(s.toFloatArray());
        }
    }

    /** Fills every parameter's gradient with zeros in place ({@link TrainingLoop#resetGradients}). */
    static void resetGradients(VlaNet net) {
        TrainingLoop.resetGradients(net);
    }

    /** L1 on the normalised waypoints plus squared error on the gripper command. */
    static NDArray actionLoss(NDArray out, NDArray target, int chunk) {
        NDArray p = out.reshape(-1, chunk, PolicySpec.ACTION_DIM);
        NDArray t = target.reshape(-1, chunk, PolicySpec.ACTION_DIM);
        NDArray l1 = p.get(":, :, 0:9").sub(t.get(":, :, 0:9")).abs().mean();
        return l1.add(p.get(":, :, 9").sub(t.get(":, :, 9")).square().mean());
    }

    /**
     * Mean loss of the current weights on {@code samples} (no augmentation, no gradients), and the mean
     * error of the object position estimate in centimetres (NaN when no environment state is recorded).
     */
    static double[] evaluate(VlaPolicy policy, ParameterStore ps, Batch b, List<DemoDataset.Episode> eps,
                             List<int[]> samples, Options o) {
        double sum = 0, err = 0;
        int n = 0, ne = 0;
        PolicySpec spec = policy.spec();
        for (int s = 0; s < samples.size(); s += o.batch()) {
            List<int[]> slice = samples.subList(s, Math.min(samples.size(), s + o.batch()));
            try (NDManager m = policy.manager().newSubManager()) {
                NDList in = b.inputs(m, eps, slice, null, false);
                NDList out = policy.net().forward(ps, in, false);
                NDList target = b.targets(m, eps, slice);
                sum += loss(out, target, o.chunk(), spec.latentDim()).getFloat() * slice.size();
                n += slice.size();
                float[] g = out.get(1).get(":, " + spec.latentDim() + ":").toFloatArray();
                float[] t = target.get(1).toFloatArray(), mask = target.get(2).toFloatArray();
                int gd = PolicySpec.GOAL_DIM;
                for (int i = 0; i < slice.size(); i++) {
                    if (mask[i * gd] > 0) {
                        double d2 = 0;
                        for (int d = 0; d < 3; d++) {
                            double diff = (g[i * gd + d] - t[i * gd + d]) * spec.goalStd()[d];
                            d2 += diff * diff;
                        }
                        err += Math.sqrt(d2);
                        ne++;
                    }
                }
            }
        }
        return new double[] {sum / Math.max(1, n), ne == 0 ? Double.NaN : 100 * err / ne};
    }

    /**
     * Loss of the network outputs {@code (actions, system2)} against {@code (action targets, goal
     * targets, goal mask)}: L1 on the normalised waypoints, squared error on the gripper command and
     * the masked L1 of the goal head.
     */
    static NDArray loss(NDList out, NDList target, int chunk, int latentDim) {
        NDArray goal = out.get(1).get(":, " + latentDim + ":");
        NDArray aux = goal.sub(target.get(1)).abs().mul(target.get(2)).mean().mul(GOAL_WEIGHT);
        return actionLoss(out.get(0), target.get(0), chunk).add(aux);
    }

    /**
     * Mean and standard deviation of the recorded goal positions (0 and 1 when none are recorded); the
     * task scores are one-hot and stay unnormalised (0 and 1).
     */
    private static void goalStats(List<DemoDataset.Episode> eps, float[] mean, float[] std) {
        int d = PolicySpec.POSITION_DIM;
        java.util.Arrays.fill(std, 1f);
        double[] s = new double[d], s2 = new double[d];
        long n = 0;
        for (DemoDataset.Episode e : eps) {
            if (e.env() == null) {
                continue;
            }
            for (int k = 0; k < e.length(); k++) {
                for (int i = 0; i < d; i++) {
                    double x = e.env()[k * d + i];
                    s[i] += x;
                    s2[i] += x * x;
                }
                n++;
            }
        }
        for (int i = 0; i < d; i++) {
            double m = n == 0 ? 0 : s[i] / n;
            mean[i] = (float) m;
            std[i] = n == 0 ? 1f : (float) Math.max(0.01, Math.sqrt(Math.max(0, s2[i] / n - m * m)));
        }
    }

    /** Index of {@code family} in {@link PolicySpec#TASKS}, or -1. */
    static int task(DemoDataset.Episode e) {
        return PolicySpec.TASKS.indexOf(e.family());
    }

    /**
     * Unnormalised target of chunk step j for frame k: the pose at frame k+j+1 (clamped to the
     * last frame) as its position relative to the pose at frame k (base frame axes) and absolute
     * rotation columns, into {@code out[0..9)}. Relative positions are normalised by their own small
     * spread, so the first waypoints are predicted to millimetres; absolute positions normalised over
     * the workspace left centimetre errors that stalled the arm short of the object.
     */
    static void target(DemoDataset.Episode e, int k, int j, float[] out) {
        target(e, k, k, j, out);
    }

    /**
     * {@link #target(DemoDataset.Episode, int, int, float[])} with the future read from frame {@code from}
     * (the end of frame k's wait, {@link #waitEnds}): the pose at frame from+j+1, its position still
     * relative to frame k.
     */
    static void target(DemoDataset.Episode e, int k, int from, int j, float[] out) {
        int sd = Geometry.FEATURE_NAMES.size();
        int f = Math.min(from + j + 1, e.length() - 1);
        float[] x = e.features();
        for (int i = 0; i < 3; i++) {
            out[i] = x[f * sd + i] - x[k * sd + i];
        }
        System.arraycopy(x, f * sd + 3, out, 3, 6);
    }

    private static void targetStats(List<DemoDataset.Episode> eps, int chunk, float[] mean, float[] std) {
        int nd = PolicySpec.NORM_DIM;
        double[] s = new double[chunk * nd], s2 = new double[chunk * nd];
        float[] t = new float[nd];
        long n = 0;
        for (DemoDataset.Episode e : eps) {
            for (int k = 0; k < e.length(); k++) {
                for (int j = 0; j < chunk; j++) {
                    target(e, k, j, t);
                    for (int i = 0; i < nd; i++) {
                        s[j * nd + i] += t[i];
                        s2[j * nd + i] += (double) t[i] * t[i];
                    }
                }
                n++;
            }
        }
        for (int i = 0; i < s.length; i++) {
            double m = s[i] / Math.max(1, n);
            mean[i] = (float) m;
            std[i] = (float) Math.sqrt(Math.max(0, s2[i] / Math.max(1, n) - m * m));
        }
    }

    /** Extra copies of each episode's last frame (whose targets all say: stay). */
    static final int HOLD_SAMPLES = 3;

    private static List<int[]> index(List<DemoDataset.Episode> eps) {
        List<int[]> out = new ArrayList<>();
        for (int e = 0; e < eps.size(); e++) {
            for (int k = 0; k < eps.get(e).length(); k++) {
                out.add(new int[] {e, k});
            }
            // demonstrations end at success: teach the policy to stay there too
            for (int h = 0; h < HOLD_SAMPLES; h++) {
                out.add(new int[] {e, eps.get(e).length() - 1});
            }
        }
        return out;
    }

    private static void stats(List<DemoDataset.Episode> eps, int dim, boolean state, float[] mean, float[] std,
                              double[] absMax) {
        int d = mean.length;
        double[] s = new double[d], s2 = new double[d];
        long n = 0;
        for (DemoDataset.Episode e : eps) {
            float[] a = state ? e.features() : e.action();
            for (int k = 0; k < e.length(); k++) {
                for (int i = 0; i < d; i++) {
                    double x = a[k * dim + i];
                    s[i] += x;
                    s2[i] += x * x;
                    if (absMax != null) {
                        absMax[i] = Math.max(absMax[i], Math.abs(x));
                    }
                }
                n++;
            }
        }
        for (int i = 0; i < d; i++) {
            double m = s[i] / Math.max(1, n);
            mean[i] = (float) m;
            std[i] = (float) Math.sqrt(Math.max(0, s2[i] / Math.max(1, n) - m * m));
        }
    }

    /** Distance (m) from where the expert switched its gripper within which the frames before count as its wait. */
    static final double DWELL_M = 0.003;
    /** Longest wait (frames) relabelled before a gripper switch. */
    static final int DWELL_FRAMES = 10;

    /**
     * The episode's gripper commands, with the expert's wait before each switch relabelled to the new
     * command. The scripted expert settles for a while at the grasp (and release) pose before it closes
     * (opens) the gripper; in those frames the state does not change while the recorded command is
     * "still open", so a policy with no clock learns "close a little later" for that state and, replanning
     * at 100 Hz, never closes (measured: System 1 with the true goal hovered at the grasp pose with the
     * gripper open for 16 s on pick-place, its chunk rising from 0.07 now to 0.87 in 0.9 s). The frames
     * just before a switch with the end effector within {@link #DWELL_M} of where the switch happened
     * (at most {@link #DWELL_FRAMES}) take the new command: close once you are there.
     */
    static float[] gripperTargets(DemoDataset.Episode e) {
        int n = e.length(), sd = Geometry.FEATURE_NAMES.size();
        float[] g = new float[n];
        for (int k = 0; k < n; k++) {
            g[k] = e.action()[k * 7 + 6];
        }
        float[] out = g.clone();
        float[] f = e.features();
        for (int s = 1; s < n; s++) {
            if ((g[s] >= 0.5f) == (g[s - 1] >= 0.5f)) {
                continue;
            }
            for (int k = s - 1; k >= Math.max(0, s - DWELL_FRAMES); k--) {
                if (distance2(f, k * sd, f, s * sd) > DWELL_M * DWELL_M || (g[k] >= 0.5f) != (g[s - 1] >= 0.5f)) {
                    break;
                }
                out[k] = g[s];
            }
        }
        return out;
    }

    /** Gripper-width change (m) within which the fingers count as still during a wait. */
    static final float WAIT_WIDTH_M = 0.002f;

    /**
     * Per frame k, the last frame of the wait that k is in (k itself when the arm moves on at once):
     * frames k..s, at most {@link #DWELL_FRAMES} on, with the end effector within {@link #DWELL_M} of frame
     * k and the gripper width within {@link #WAIT_WIDTH_M} of it. The chunk targets (waypoints and
     * gripper) are read from there ({@link #target(DemoDataset.Episode, int, int, int, float[])}): the
     * expert settles above the pad for 0.1-1 s before it lowers (until its arrival test passes), frames in
     * which the state does not change while the recorded future does, and a policy with no clock learns
     * "lower a little later" there and, replanning at 100 Hz, hovered with the object over the pad
     * (measured: 9 of 17 pick-place failures with the true goal). The fingers' own waits (closing,
     * opening) change the width and are kept.
     */
    static int[] waitEnds(DemoDataset.Episode e) {
        int n = e.length(), sd = Geometry.FEATURE_NAMES.size(), w = Geometry.FEATURE_NAMES.indexOf("gripper_width");
        float[] f = e.features();
        int[] end = new int[n];
        for (int k = 0; k < n; k++) {
            int s = k;
            while (s + 1 < n && s + 1 - k <= DWELL_FRAMES && distance2(f, (s + 1) * sd, f, k * sd) <= DWELL_M * DWELL_M
                && Math.abs(f[(s + 1) * sd + w] - f[k * sd + w]) <= WAIT_WIDTH_M) {
                s++;
            }
            end[k] = s;
        }
        return end;
    }

    /** Builds input and target tensors. */
    static final class Batch {
        private final Options o;
        private final PolicySpec spec;
        private final DemoDataset data;
        private final float[][] text;
        private int[] imageFrame = new int[0];
        private final java.util.Map<Integer, float[]> gripper = new java.util.HashMap<>();
        private final java.util.Map<Integer, int[]> waits = new java.util.HashMap<>();

        Batch(Options o, PolicySpec spec, DemoDataset data, float[][] text) {
            this.o = o;
            this.spec = spec;
            this.data = data;
            this.text = text;
        }

        /**
         * System 1 inputs for the two-stage mode: the recorded goal of frame k (normalised; when augmenting,
         * plus {@link #GOAL_NOISE_M} noise, and for {@link #STALE_GOAL_SHARE} of the samples from an earlier
         * frame) and the normalised state.
         */
        NDList system1Inputs(NDManager m, List<DemoDataset.Episode> eps, List<int[]> slice, Random rng, boolean augment) {
            int b = slice.size(), gd = PolicySpec.GOAL_DIM, sd = spec.stateKeys().size();
            float[] g = new float[b * gd], st = new float[b * sd];
            imageFrame = new int[0];
            int pd = PolicySpec.POSITION_DIM;
            for (int i = 0; i < b; i++) {
                DemoDataset.Episode e = eps.get(slice.get(i)[0]);
                int k = slice.get(i)[1];
                int kg = augment && rng.nextDouble() < STALE_GOAL_SHARE ? Math.max(0, k - 1 - rng.nextInt(STALE_GOAL_FRAMES)) : k;
                for (int d = 0; d < pd; d++) {
                    double noise = augment ? GOAL_NOISE_M * rng.nextGaussian() : 0;
                    g[i * gd + d] = (float) ((e.env()[kg * pd + d] + noise - spec.goalMean()[d]) / spec.goalStd()[d]);
                }
                int task = task(e);
                for (int d = pd; d < gd; d++) {
                    g[i * gd + d] = (d - pd == task ? 1f : 0f) + (augment ? (float) (0.05 * rng.nextGaussian()) : 0f);
                }
                for (int j = 0; j < sd; j++) {
                    float z = (e.features()[k * sd + j] - spec.stateMean()[j]) / spec.stateStd()[j];
                    st[i * sd + j] = augment ? z + (float) (0.02 * rng.nextGaussian()) : z;
                }
            }
            return new NDList(m.create(g, new Shape(b, gd)), m.create(st, new Shape(b, sd)));
        }

        NDList inputs(NDManager m, List<DemoDataset.Episode> eps, List<int[]> slice, Random rng, boolean augment) {
            int b = slice.size(), w = spec.imageWidth(), h = spec.imageHeight(), px = 3 * w * h;
            int v = spec.vocab().size();
            float[] img = new float[b * px];
            float[] txt = new float[b * v];
            int sd = spec.stateKeys().size();
            float[] st = new float[b * sd];
            int dw = data.width(), dh = data.height(), frame = dw * dh * 3;
            byte[] tmp = new byte[frame];
            imageFrame = new int[b];
            for (int i = 0; i < b; i++) {
                DemoDataset.Episode e = eps.get(slice.get(i)[0]);
                int k = slice.get(i)[1];
                int ki = augment ? Math.max(0, k - rng.nextInt(3)) : k;
                imageFrame[i] = ki;
                System.arraycopy(e.images(), ki * frame, tmp, 0, frame);
                float[] x = VlaPolicy.image(tmp, dw, dh, w, h, spec.crop());
                if (augment) {
                    x = augmentImage(x, w, h, rng);
                }
                System.arraycopy(x, 0, img, i * px, px);
                System.arraycopy(text[e.index()], 0, txt, i * v, v);
                for (int j = 0; j < sd; j++) {
                    float z = (e.features()[k * sd + j] - spec.stateMean()[j]) / spec.stateStd()[j];
                    st[i * sd + j] = augment ? z + (float) (0.02 * rng.nextGaussian()) : z;
                }
            }
            return new NDList(m.create(img, new Shape(b, 3, h, w)), m.create(txt, new Shape(b, v)),
                m.create(st, new Shape(b, sd)));
        }

        /**
         * Targets of the last {@link #inputs} batch: action chunk [B, chunk*10], goal [B, 11] (positions
         * of the frame whose image System 2 saw, then the task one-hot) and the goal mask [B, 11] (0
         * where not recorded).
         */
        NDList targets(NDManager m, List<DemoDataset.Episode> eps, List<int[]> slice) {
            int c = o.chunk(), b = slice.size(), ad = PolicySpec.ACTION_DIM, nd = PolicySpec.NORM_DIM;
            int gd = PolicySpec.GOAL_DIM;
            float[] t = new float[b * c * ad];
            float[] goal = new float[b * gd], mask = new float[b * gd];
            float[] tmp = new float[nd];
            for (int i = 0; i < b; i++) {
                DemoDataset.Episode e = eps.get(slice.get(i)[0]);
                int k = slice.get(i)[1];
                int pd = PolicySpec.POSITION_DIM;
                if (e.env() != null) {
                    int ki = i < imageFrame.length ? imageFrame[i] : k;
                    for (int d = 0; d < pd; d++) {
                        goal[i * gd + d] = (e.env()[ki * pd + d] - spec.goalMean()[d]) / spec.goalStd()[d];
                        mask[i * gd + d] = 1;
                    }
                }
                int task = task(e);
                if (task >= 0) {
                    for (int d = pd; d < gd; d++) {
                        goal[i * gd + d] = d - pd == task ? 1f : 0f;
                        mask[i * gd + d] = 1;
                    }
                }
                int from = waits.computeIfAbsent(e.index(), x -> waitEnds(e))[k];
                for (int j = 0; j < c; j++) {
                    int base = (i * c + j) * ad;
                    target(e, k, from, j, tmp);
                    for (int d = 0; d < nd; d++) {
                        t[base + d] = (tmp[d] - spec.actionMean()[j * nd + d]) / spec.actionStd()[j * nd + d];
                    }
                    t[base + 9] = gripper.computeIfAbsent(e.index(), x -> gripperTargets(e))[Math.min(from + j, e.length() - 1)];
                }
            }
            return new NDList(m.create(t, new Shape(b, (long) c * ad)), m.create(goal, new Shape(b, gd)),
                m.create(mask, new Shape(b, gd)));
        }

        private static final float[] GAUSS = new float[1 << 16];

        static {
            Random r = new Random(1234);
            for (int i = 0; i < GAUSS.length; i++) {
                GAUSS[i] = (float) r.nextGaussian();
            }
        }

        /**
         * Random shift (edge-replicated, up to 1 px: the cameras are fixed, so larger shifts blur the
         * object positions the policy must read), intensity scale, tint and noise.
         */
        static float[] augmentImage(float[] x, int w, int h, Random rng) {
            int dx = rng.nextInt(3) - 1, dy = rng.nextInt(3) - 1;
            int g0 = rng.nextInt(GAUSS.length);
            double scale = 0.55 + rng.nextDouble() * 0.85;
            double noise = rng.nextDouble() * 8 / 255.0;
            float[] out = new float[x.length];
            int plane = w * h;
            for (int c = 0; c < 3; c++) {
                double gain = scale * (1 + (rng.nextDouble() * 2 - 1) * 0.15);
                for (int y = 0; y < h; y++) {
                    int sy = Math.min(h - 1, Math.max(0, y + dy));
                    for (int xx = 0; xx < w; xx++) {
                        int sx = Math.min(w - 1, Math.max(0, xx + dx));
                        double v = (x[c * plane + sy * w + sx] + 0.5) * gain + noise * GAUSS[(g0++) & (GAUSS.length - 1)];
                        out[c * plane + y * w + xx] = (float) (Math.max(0, Math.min(1, v)) - 0.5);
                    }
                }
            }
            return out;
        }
    }
}
