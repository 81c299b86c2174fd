package org.stackarena.policies.wam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.stackarena.policies.PolicySpec;
import org.stackarena.policies.TrainingLoop;
import org.stackarena.policies.VlaPolicy;
import org.stackarena.policies.WeightAverage;
import org.stackarena.policies.data.DemoDataset;
import org.stackarena.policies.data.Geometry;

/**
 * Trains the world model of a {@link WamPolicy} on a demonstration dataset (what {@code collect} writes), with
 * the frozen VLA checkpoint as the observation encoder (DINO-WM's recipe: plan over a frozen pretrained
 * encoder's features and train only the small networks on top).
 *
 * <p>First every frame's System 2 output is computed once with the frozen encoder (front image +
 * instruction, batched). A sample is frame k of an episode and the {@code horizon} frames after it (past the
 * end: the last frame, zero motion, the last gripper command). The model encodes frame k's features, rolls
 * the latent forward through the recorded actions (the end effector's displacement to the next frame and the
 * gripper command), and decodes every latent; the loss is the L1 error of the decoded states against the
 * recorded ones (end effector, gripper width, and, from the privileged {@code observation.environment_state},
 * the named object's position; task progress = frame / last frame) plus {@value #CONSISTENCY_WEIGHT} x the
 * squared distance of each imagined latent from the encoding of the frame it imagines (TD-MPC2's latent
 * consistency, target without gradient). The environment state is a training target only.
 *
 * <p>Training runs through the shared {@link TrainingLoop} (seeded batching, NaN-step retry, time budget) and
 * ends with the moving average of the weights ({@link WeightAverage}, decay {@value #AVERAGE_DECAY}).
 * Validation: held-out episodes; at the end the mean error of the imagined end-effector and object positions
 * 0.5 s and 1 s ahead, against the constant-position baseline (the position now).
 */
public final class WamTrainer {

    /** Weight of the latent consistency loss. */
    static final float CONSISTENCY_WEIGHT = 0.5f;
    /** Decay of the moving average of the weights. */
    static final double AVERAGE_DECAY = 0.995;
    /**
     * Lowest standard deviation of each input: System 2's positions (normalised by the VLA already) 0.02 and
     * task scores 0.1, then as the VLA floors its state features (position 1 cm, rotation entries 0.02,
     * gripper 2 mm). Nearly constant inputs (the rotation of a gripper pointing down) otherwise normalise
     * a rare tilted frame to tens of standard deviations.
     */
    static final float[] INPUT_STD_FLOOR = {0.02f, 0.02f, 0.02f, 0.02f, 0.02f, 0.02f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f,
        0.01f, 0.01f, 0.01f, 0.02f, 0.02f, 0.02f, 0.02f, 0.02f, 0.02f, 0.002f};

    /** Per-step displacement scale (m) the actions are divided by. */
    static final double ACTION_SCALE_M = 0.02;

    private WamTrainer() {}

    /**
     * Options.
     *
     * @param epochs epochs, >= 1
     * @param batch batch size
     * @param lr initial learning rate (cosine schedule to 5 %)
     * @param seed seed of the split, the batching and the weights
     * @param model latent size, hidden width, training rollout horizon (<= 10)
     * @param planner the planning budget written into the checkpoint
     * @param loops the loop rates written into the checkpoint
     * @param valFraction share of episodes held out
     * @param maxMinutes wall-time budget of the training loop
     */
    public record Options(int epochs, int batch, double lr, long seed, WamSpec.Model model, WamSpec.Planner planner,
                          WamSpec.Loops loops, double valFraction, double maxMinutes) {
        /** Validates. */
        public Options {
            if (epochs < 1 || batch < 1 || !(lr > 0) || !(valFraction >= 0 && valFraction < 1) || !(maxMinutes > 0)) {
                throw new IllegalArgumentException("epochs >= 1, batch >= 1, lr > 0, valFraction in [0, 1), maxMinutes > 0");
            }
            if (model.trainHorizon() > 10) {
                throw new IllegalArgumentException("train horizon must be <= 10, got " + model.trainHorizon());
            }
        }

        /** The shipped recipe's defaults with {@code epochs} and {@code seed}. */
        public static Options defaults(int epochs, long seed) {
            return new Options(epochs, 256, 1e-3, seed, new WamSpec.Model(64, 256, 10), defaultPlanner(),
                new WamSpec.Loops(10, 100), 0.1, 20);
        }
    }

    /**
     * The shipped planning budget: 64 samples x 8 steps x 2 iterations, 5 mm noise per step, temperature 0.02,
     * prior weight 20 (a trust region around the proposal: chosen on selection seeds 3000..3002, where 1 cm of
     * noise with weight 1 moved every chunk by ~2 cm and failed pick-lift and pick-place).
     */
    public static WamSpec.Planner defaultPlanner() {
        return new WamSpec.Planner(64, 8, 2, 0.005, 0.02, 20.0);
    }

    /**
     * One epoch's figures.
     *
     * @param epoch 1-based
     * @param train mean training loss
     * @param val validation loss (NaN without validation episodes)
     */
    public record Epoch(int epoch, double train, double val) {}

    /**
     * Imagination error on held-out episodes (cm): the imagined end effector and object {@code steps} ahead
     * against the recorded ones, and the constant-position baseline's error.
     */
    public record Imagination(double seconds, double eeCm, double eeBaselineCm, double objectCm,
                              double objectBaselineCm, int samples) {}

    /**
     * The outcome.
     *
     * @param policy the trained policy (owns the encoder given to {@link #train})
     * @param epochs per-epoch losses
     * @param imagination errors at 0.5 s and 1 s on the validation episodes (empty without them)
     */
    public record Result(WamPolicy policy, List<Epoch> epochs, List<Imagination> imagination, int trainEpisodes,
                         int valEpisodes, long trainFrames, long steps) {}

    /**
     * Trains a world model over {@code encoder} (owned by the returned policy; closed on failure).
     *
     * @param log receives progress lines
     * @throws IllegalArgumentException for a dataset without episodes or environment state
     */
    public static Result train(DemoDataset data, VlaPolicy encoder, Options o, Consumer<String> log) {
        try {
            return run(data, encoder, o, log);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    private static Result run(DemoDataset data, VlaPolicy encoder, Options o, Consumer<String> log) {
        List<DemoDataset.Episode> eps = new ArrayList<>(data.episodes());
        if (eps.isEmpty()) {
            throw new IllegalArgumentException("no episodes to train on");
        }
        for (DemoDataset.Episode e : eps) {
            if (e.env() == null) {
                throw new IllegalArgumentException("episode " + e.index() + " has no observation.environment_state: "
                    + "the world model's object head needs it; re-record with this version of collect");
            }
        }
        Random rng = new Random(o.seed());
        Collections.shuffle(eps, new Random(o.seed() ^ 0x5eedL));
        int nVal = eps.size() < 5 ? 0 : Math.max(1, (int) Math.round(eps.size() * o.valFraction()));
        List<DemoDataset.Episode> val = eps.subList(0, nVal);
        List<DemoDataset.Episode> train = eps.subList(nVal, eps.size());
        long t0 = System.nanoTime();
        Frames trainF = Frames.of(train, encoder, data);
        Frames valF = Frames.of(val, encoder, data);
        log.accept(String.format("encoded %d frames with the frozen System 2 in %.0f s", trainF.frames + valF.frames,
            (System.nanoTime() - t0) / 1e9));
        // statistics over the training frames
        int in = WamSpec.INPUT_DIM, dd = WamSpec.DECODED_DIM;
        float[] iMean = new float[in], iStd = new float[in], dMean = new float[dd], dStd = new float[dd];
        meanStd(trainF.input, in, iMean, iStd, 1e-3f);
        for (int i = 0; i < in; i++) {
            iStd[i] = Math.max(iStd[i], INPUT_STD_FLOOR[i]);
        }
        meanStd(trainF.decoded, dd, dMean, dStd, 5e-3f);
        WamSpec spec = new WamSpec(WamSpec.FORMAT, null, WamSpec.WEIGHTS, WamSpec.ENCODER, o.model(),
            new WamSpec.Normalisation(iMean, iStd, dMean, dStd, ACTION_SCALE_M), o.planner(), o.loops(), null, null);
        trainF.normalise(spec);
        valF.normalise(spec);
        WamPolicy policy = WamPolicy.create(spec, encoder, o.seed());
        try {
            return fit(policy, o, trainF, valF, train.size(), val.size(), rng, log);
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
    }

    private static Result fit(WamPolicy policy, Options o, Frames trainF, Frames valF, int nTrain, int nVal, Random rng,
                              Consumer<String> log) {
        WamNet net = policy.net();
        ParameterStore ps = new ParameterStore(policy.manager(), false);
        int h = o.model().trainHorizon();
        List<int[]> samples = trainF.samples();
        List<int[]> valSamples = valF.samples();
        long total = (long) o.epochs() * Math.max(1, samples.size() / o.batch());
        TrainingLoop loop = new TrainingLoop(net, policy.manager(), rng, log);
        WeightAverage average = new WeightAverage(net, p -> true, AVERAGE_DECAY);
        List<Epoch> history = new ArrayList<>();
        long start = System.nanoTime();
        try {
            loop.run(TrainingLoop.Stage.of(o.epochs(), o.batch()).withBudget(start, o.maxMinutes()).averaging(average),
                samples, TrainingLoop.adam(o.lr(), total),
                (m, slice) -> loss(net, ps, trainF.batch(m, slice, h), true),
                (epoch, trainLoss) -> {
                    double[] v = valSamples.isEmpty() ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                        : validate(net, ps, policy, valF, valSamples, h);
                    history.add(new Epoch(epoch, trainLoss, v[0]));
                    log.accept(String.format("world model epoch %3d  train %.4f  val %.4f (decoding L1 %.4f, "
                            + "consistency %.4f)  %.0f s%s", epoch, trainLoss, v[0], v[1], v[2],
                        (System.nanoTime() - start) / 1e9, loop.skippedNote()));
                });
            average.copyIntoWeights();
        } finally {
            average.close();
        }
        List<Imagination> imagination = new ArrayList<>();
        if (!valSamples.isEmpty()) {
            log.accept(String.format("averaged weights (decay %.3f)  val %.4f", AVERAGE_DECAY,
                validate(net, ps, policy, valF, valSamples, h)[0]));
            for (int steps : new int[] {5, 10}) {
                if (steps <= h) {
                    Imagination im = imagination(policy, valF, valSamples, steps);
                    imagination.add(im);
                    log.accept(String.format("imagination %.1f s ahead: end effector %.2f cm (constant position %.2f cm), "
                            + "object %.2f cm (constant position %.2f cm), %d held-out frames", im.seconds(), im.eeCm(),
                        im.eeBaselineCm(), im.objectCm(), im.objectBaselineCm(), im.samples()));
                }
            }
        }
        return new Result(policy, history, imagination, nTrain, nVal, trainF.frames, loop.steps());
    }

    /** Decoding L1 at every step plus the latent consistency term. */
    static NDArray loss(WamNet net, ParameterStore ps, NDList b, boolean training) {
        NDArray[] p = lossParts(net, ps, b, training);
        return p[0].add(p[1].mul(CONSISTENCY_WEIGHT));
    }

    /** {decoding L1 (normalised, mean over steps and values), latent consistency (mean squared)}. */
    static NDArray[] lossParts(WamNet net, ParameterStore ps, NDList b, boolean training) {
        NDArray x = b.get(0), a = b.get(1), y = b.get(2);
        long n = x.getShape().get(0), h = a.getShape().get(1);
        NDList out = net.forward(ps, new NDList(x.get(":, 0, :"), a), training);
        NDArray dec = out.get(0).sub(y).abs().mean();
        NDArray target = net.encode(ps, x.get(":, 1:, :").reshape(-1, WamSpec.INPUT_DIM), false).stopGradient();
        NDArray imagined = out.get(1).get(":, 1:, :").reshape(n * h, -1);
        return new NDArray[] {dec, imagined.sub(target).square().mean()};
    }

    /** Validation {loss, decoding L1, consistency} over {@code samples}. */
    private static double[] validate(WamNet net, ParameterStore ps, WamPolicy policy, Frames f, List<int[]> samples, int h) {
        double dec = 0, cons = 0;
        int n = 0;
        for (int s = 0; s < samples.size(); s += 512) {
            List<int[]> slice = samples.subList(s, Math.min(samples.size(), s + 512));
            try (NDManager m = policy.manager().newSubManager()) {
                NDArray[] p = lossParts(net, ps, f.batch(m, slice, h), false);
                dec += p[0].getFloat() * slice.size();
                cons += p[1].getFloat() * slice.size();
                n += slice.size();
            }
        }
        dec /= Math.max(1, n);
        cons /= Math.max(1, n);
        return new double[] {dec + CONSISTENCY_WEIGHT * cons, dec, cons};
    }

    /**
     * Mean imagined end-effector and object position errors {@code steps} ahead on {@code samples} (those
     * whose frame + steps is inside the episode), through {@link WamPolicy#imagine} as the planner calls it.
     */
    static Imagination imagination(WamPolicy policy, Frames f, List<int[]> samples, int steps) {
        double ee = 0, eeBase = 0, obj = 0, objBase = 0;
        int n = 0;
        int a = WamSpec.ACTION_DIM, dd = WamSpec.DECODED_DIM;
        for (int[] smp : samples) {
            int e = smp[0], k = smp[1];
            if (k + steps >= f.length[e]) {
                continue;
            }
            int base = f.offset[e];
            float[] latent = policy.encode(java.util.Arrays.copyOfRange(f.input, (base + k) * WamSpec.INPUT_DIM,
                (base + k + 1) * WamSpec.INPUT_DIM));
            float[] acts = new float[steps * a];
            for (int j = 0; j < steps; j++) {
                System.arraycopy(f.rawAction, (base + k + j) * a, acts, j * a, a);
            }
            float[] d = policy.imagine(latent, acts, 1, steps);
            int last = steps * dd;
            float[] now = f.rawDecoded, truth = f.rawDecoded;
            int tn = (base + k) * dd, tt = (base + k + steps) * dd;
            ee += dist(d, last, truth, tt);
            eeBase += dist(now, tn, truth, tt);
            obj += dist(d, last + 4, truth, tt + 4);
            objBase += dist(now, tn + 4, truth, tt + 4);
            n++;
        }
        double c = n == 0 ? Double.NaN : 100.0 / n;
        return new Imagination(steps * WamSpec.STEP_S, ee * c, eeBase * c, obj * c, objBase * c, n);
    }

    private static double dist(float[] a, int ia, float[] b, int ib) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
            double d = a[ia + i] - b[ib + i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static void meanStd(float[] x, int dim, float[] mean, float[] std, float floor) {
        int n = x.length / dim;
        double[] s = new double[dim], s2 = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                double v = x[i * dim + d];
                s[d] += v;
                s2[d] += v * v;
            }
        }
        for (int d = 0; d < dim; d++) {
            double m = s[d] / Math.max(1, n);
            mean[d] = (float) m;
            std[d] = (float) Math.max(floor, Math.sqrt(Math.max(0, s2[d] / Math.max(1, n) - m * m)));
        }
    }

    /** Every frame of some episodes, flattened: inputs, actions and decoded targets (raw and normalised). */
    static final class Frames {
        final int[] offset, length;
        final int frames;
        final float[] input, rawAction, action, rawDecoded, decoded;

        private Frames(int[] offset, int[] length, int frames, float[] input, float[] rawAction, float[] rawDecoded) {
            this.offset = offset;
            this.length = length;
            this.frames = frames;
            this.input = input;
            this.rawAction = rawAction;
            this.action = rawAction.clone();
            this.rawDecoded = rawDecoded;
            this.decoded = rawDecoded.clone();
        }

        /** Encodes every frame of {@code eps} with the frozen System 2 (batched) and reads the targets. */
        static Frames of(List<DemoDataset.Episode> eps, VlaPolicy encoder, DemoDataset data) {
            int n = eps.size();
            int[] offset = new int[n], length = new int[n];
            int total = 0;
            for (int e = 0; e < n; e++) {
                offset[e] = total;
                length[e] = eps.get(e).length();
                total += length[e];
            }
            int in = WamSpec.INPUT_DIM, dd = WamSpec.DECODED_DIM, ad = WamSpec.ACTION_DIM, sd = Geometry.FEATURE_NAMES.size();
            float[] input = new float[total * in], action = new float[total * ad], decoded = new float[total * dd];
            PolicySpec es = encoder.spec();
            ParameterStore ps = new ParameterStore(encoder.manager(), false);
            int iw = es.imageWidth(), ih = es.imageHeight(), plane = 3 * iw * ih;
            int frameBytes = data.width() * data.height() * 3;
            int gd = PolicySpec.GOAL_DIM;
            final int batch = 64;
            float[] images = new float[batch * plane];
            float[] one = new float[plane];
            for (int e = 0; e < n; e++) {
                DemoDataset.Episode ep = eps.get(e);
                float[] text = encoder.encoder().encode(ep.instruction());
                int len = ep.length();
                for (int k0 = 0; k0 < len; k0 += batch) {
                    int b = Math.min(batch, len - k0);
                    for (int j = 0; j < b; j++) {
                        byte[] rgb = java.util.Arrays.copyOfRange(ep.images(), (k0 + j) * frameBytes, (k0 + j + 1) * frameBytes);
                        VlaPolicy.image(rgb, data.width(), data.height(), iw, ih, es.crop(), one);
                        System.arraycopy(one, 0, images, j * plane, plane);
                    }
                    float[] s2;
                    try (NDManager m = encoder.manager().newSubManager()) {
                        NDArray img = m.create(java.util.Arrays.copyOf(images, b * plane), new Shape(b, 3, ih, iw));
                        float[] t = new float[b * text.length];
                        for (int j = 0; j < b; j++) {
                            System.arraycopy(text, 0, t, j * text.length, text.length);
                        }
                        NDArray txt = m.create(t, new Shape(b, text.length));
                        s2 = encoder.net().system2(ps, img, txt, false).toFloatArray();
                    }
                    int width = s2.length / b, l = width - gd;
                    for (int j = 0; j < b; j++) {
                        int f = offset[e] + k0 + j;
                        System.arraycopy(s2, j * width + l, input, f * in, gd);
                        System.arraycopy(ep.features(), (k0 + j) * sd, input, f * in + gd, sd);
                    }
                }
                for (int k = 0; k < len; k++) {
                    int f = offset[e] + k;
                    for (int d = 0; d < 3; d++) {
                        action[f * ad + d] = ep.action()[k * 7 + d];
                        decoded[f * dd + d] = ep.features()[k * sd + d];
                        decoded[f * dd + 4 + d] = ep.env()[k * PolicySpec.POSITION_DIM + d];
                    }
                    action[f * ad + 3] = ep.action()[k * 7 + 6];
                    decoded[f * dd + 3] = ep.features()[k * sd + 9];
                    decoded[f * dd + 7] = len <= 1 ? 1f : (float) k / (len - 1);
                }
            }
            return new Frames(offset, length, total, input, action, decoded);
        }

        /** Normalises inputs, actions and targets with {@code spec}'s statistics (the raw copies stay). */
        void normalise(WamSpec spec) {
            WamSpec.Normalisation nz = spec.normalisation();
            int in = WamSpec.INPUT_DIM, dd = WamSpec.DECODED_DIM, ad = WamSpec.ACTION_DIM;
            for (int i = 0; i < input.length; i++) {
                input[i] = (input[i] - nz.inputMean()[i % in]) / nz.inputStd()[i % in];
            }
            for (int i = 0; i < decoded.length; i++) {
                decoded[i] = (rawDecoded[i] - nz.decodedMean()[i % dd]) / nz.decodedStd()[i % dd];
            }
            for (int i = 0; i < action.length; i++) {
                action[i] = i % ad == 3 ? rawAction[i] : (float) (rawAction[i] / nz.actionScaleM());
            }
        }

        /** Every (episode, frame). */
        List<int[]> samples() {
            List<int[]> out = new ArrayList<>(frames);
            for (int e = 0; e < length.length; e++) {
                for (int k = 0; k < length[e]; k++) {
                    out.add(new int[] {e, k});
                }
            }
            return out;
        }

        /**
         * A batch: inputs [B, h + 1, 21] of frames k..k+h, actions [B, h, 4] of frames k..k+h-1, targets
         * [B, h + 1, 8]; past the episode's end the last frame, zero motion and its gripper command.
         */
        NDList batch(NDManager m, List<int[]> slice, int h) {
            int b = slice.size(), in = WamSpec.INPUT_DIM, dd = WamSpec.DECODED_DIM, ad = WamSpec.ACTION_DIM;
            float[] x = new float[b * (h + 1) * in], a = new float[b * h * ad], y = new float[b * (h + 1) * dd];
            for (int i = 0; i < b; i++) {
                int e = slice.get(i)[0], k = slice.get(i)[1];
                int last = offset[e] + length[e] - 1;
                for (int j = 0; j <= h; j++) {
                    int f = Math.min(last, offset[e] + k + j);
                    System.arraycopy(input, f * in, x, (i * (h + 1) + j) * in, in);
                    System.arraycopy(decoded, f * dd, y, (i * (h + 1) + j) * dd, dd);
                    if (j < h) {
                        int o = (i * h + j) * ad;
                        if (offset[e] + k + j <= last) {
                            System.arraycopy(action, f * ad, a, o, ad);
                        } else {
                            a[o + 3] = action[last * ad + 3];
                        }
                    }
                }
            }
            return new NDList(m.create(x, new Shape(b, h + 1, in)), m.create(a, new Shape(b, h, ad)),
                m.create(y, new Shape(b, h + 1, dd)));
        }
    }
}
