package org.stackarena.policies;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.util.Pair;
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
     * @param latentDim System 2 latent size
     * @param hidden MLP width
     * @param textDim instruction embedding size
     * @param channels conv channels
     * @param valFraction fraction of episodes held out
     * @param maxMinutes stop after this much wall time (the epoch in progress finishes its batch)
     * @param system1Hz System 1 rate written to policy.json
     * @param system2Hz System 2 rate written to policy.json
     * @param augment whether to augment
     */
    public record Options(int epochs, int batch, double lr, long seed, int chunk, int imageWidth, int imageHeight, double[] crop, int latentDim,
                          int hidden, int textDim, int[] channels, double valFraction, double maxMinutes,
                          double system1Hz, double system2Hz, boolean augment) {
        /** Defaults used for the shipped checkpoint. */
        public static Options defaults() {
            return new Options(20, 64, 1e-3, 1, 10, 96, 64, new double[] {1.0 / 12, 0.75, 0, 1}, 64, 256, 32, new int[] {16, 32, 32}, 0.1, 25, 100, 5, true);
        }

        /** A copy with other epochs/batch/seed. */
        public Options with(int epochs, int batch, long seed) {
            return new Options(epochs, batch, lr, seed, chunk, imageWidth, imageHeight, crop, latentDim, hidden, textDim, channels,
                valFraction, maxMinutes, system1Hz, system2Hz, augment);
        }
    }

    /**
     * An epoch's losses.
     *
     * @param epoch 1-based
     * @param train mean training loss
     * @param val validation loss (NaN without validation episodes)
     * @param seconds wall time since start
     */
    public record Epoch(int epoch, double train, double val, double seconds) {}

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

    private BcTrainer() {}

    /** Trains on {@code data}; {@code log} receives one line per epoch. */
    public static Result train(DemoDataset data, InstructionEncoder encoder, Options o, Consumer<String> log) {
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
        for (int i = 0; i < aStd.length; i++) {
            aStd[i] = Math.max(aStd[i], i % nd < 3 ? 1e-3f : 1e-2f);
        }
        double maxLin = Math.max(0.02, 1.5 * Math.max(aMax[0], Math.max(aMax[1], aMax[2])));
        double maxAng = Math.max(0.1, 1.5 * Math.max(aMax[3], Math.max(aMax[4], aMax[5])));
        PolicySpec spec = new PolicySpec(o.imageWidth(), o.imageHeight(), List.of("front"), Geometry.FEATURE_NAMES,
            sMean, sStd, encoder.vocab(), "ee_delta", maxLin, maxAng, o.chunk(), 1.0 / data.fps(), aMean, aStd,
            o.latentDim(), o.channels(), o.textDim(), o.hidden(), o.system1Hz(), o.system2Hz(), null, o.crop());
        VlaPolicy policy = VlaPolicy.create(spec, o.seed());
        VlaNet net = policy.net();

        List<int[]> samples = index(train);
        List<int[]> valSamples = index(val);
        long stepsPerEpoch = Math.max(1, samples.size() / o.batch());
        Optimizer adam = Optimizer.adam().optLearningRateTracker(CosineTracker.builder().setBaseValue((float) o.lr())
            .optFinalValue((float) (o.lr() * 0.05)).setMaxUpdates((int) (stepsPerEpoch * o.epochs())).build())
            .optClipGrad(10f).build();
        ParameterStore ps = new ParameterStore(policy.manager(), false);
        float[][] text = new float[data.episodes().stream().mapToInt(DemoDataset.Episode::index).max().orElse(0) + 1][];
        for (DemoDataset.Episode e : data.episodes()) {
            text[e.index()] = encoder.encode(e.instruction());
        }
        List<Epoch> history = new ArrayList<>();
        long start = System.nanoTime();
        long steps = 0;
        Batch b = new Batch(o, spec, data, text);
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            Collections.shuffle(samples, rng);
            double sum = 0;
            int n = 0;
            boolean timeUp = false;
            for (int s = 0; s + o.batch() <= samples.size() || (s == 0 && !samples.isEmpty()); s += o.batch()) {
                List<int[]> slice = samples.subList(s, Math.min(samples.size(), s + o.batch()));
                try (NDManager m = policy.manager().newSubManager()) {
                    NDList in = b.inputs(m, train, slice, rng, o.augment());
                    NDArray target = b.targets(m, train, slice);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.zeroGradients();
                        NDArray out = net.forward(ps, in, true).get(0);
                        NDArray loss = loss(out, target, o.chunk());
                        gc.backward(loss);
                        sum += loss.getFloat();
                        n++;
                    }
                    for (Pair<String, Parameter> p : net.getParameters()) {
                        NDArray w = p.getValue().getArray();
                        adam.update(p.getValue().getId(), w, w.getGradient());
                    }
                }
                steps++;
                if ((System.nanoTime() - start) / 60e9 > o.maxMinutes()) {
                    timeUp = true;
                    break;
                }
            }
            double v = valSamples.isEmpty() ? Double.NaN : evaluate(policy, ps, b, val, valSamples, o);
            Epoch e = new Epoch(epoch, sum / Math.max(1, n), v, (System.nanoTime() - start) / 1e9);
            history.add(e);
            log.accept(String.format("epoch %3d  train %.4f  val %.4f  %.0f s", e.epoch(), e.train(), e.val(), e.seconds()));
            if (timeUp) {
                log.accept(String.format("stopping: time budget of %.1f min reached", o.maxMinutes()));
                break;
            }
        }
        return new Result(policy, history, train.size(), val.size(),
            train.stream().mapToLong(DemoDataset.Episode::length).sum(), steps);
    }

    /** Mean loss of the current weights on {@code samples} (no augmentation, no gradients). */
    static double evaluate(VlaPolicy policy, ParameterStore ps, Batch b, List<DemoDataset.Episode> eps,
                           List<int[]> samples, Options o) {
        double sum = 0;
        int n = 0;
        for (int s = 0; s < samples.size(); s += o.batch()) {
            List<int[]> slice = samples.subList(s, Math.min(samples.size(), s + o.batch()));
            try (NDManager m = policy.manager().newSubManager()) {
                NDList in = b.inputs(m, eps, slice, null, false);
                NDArray out = policy.net().forward(ps, in, false).get(0);
                sum += loss(out, b.targets(m, eps, slice), o.chunk()).getFloat() * slice.size();
                n += slice.size();
            }
        }
        return sum / Math.max(1, n);
    }

    static NDArray loss(NDArray out, NDArray target, int chunk) {
        NDArray p = out.reshape(-1, chunk, PolicySpec.ACTION_DIM);
        NDArray t = target.reshape(-1, chunk, PolicySpec.ACTION_DIM);
        NDArray l1 = p.get(":, :, 0:9").sub(t.get(":, :, 0:9")).abs().mean();
        NDArray g = p.get(":, :, 9").sub(t.get(":, :, 9")).square().mean();
        return l1.add(g);
    }

    /**
     * Unnormalised target of chunk step j for frame k: the pose at frame k+j+1 (clamped to the
     * last frame) as absolute position (base frame) and rotation columns, into {@code out[0..9)}.
     * Absolute waypoints make the closed loop self-correcting (an overshoot turns the next delta
     * around); targets relative to the current pose did not.
     */
    static void target(DemoDataset.Episode e, int k, int j, float[] out) {
        int sd = Geometry.FEATURE_NAMES.size();
        int f = Math.min(k + j + 1, e.length() - 1);
        float[] x = e.features();
        for (int i = 0; i < 3; i++) {
            out[i] = x[f * sd + i];
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

    /** Builds input and target tensors. */
    static final class Batch {
        private final Options o;
        private final PolicySpec spec;
        private final DemoDataset data;
        private final float[][] text;

        Batch(Options o, PolicySpec spec, DemoDataset data, float[][] text) {
            this.o = o;
            this.spec = spec;
            this.data = data;
            this.text = text;
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
            for (int i = 0; i < b; i++) {
                DemoDataset.Episode e = eps.get(slice.get(i)[0]);
                int k = slice.get(i)[1];
                int ki = augment ? Math.max(0, k - rng.nextInt(3)) : k;
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

        NDArray targets(NDManager m, List<DemoDataset.Episode> eps, List<int[]> slice) {
            int c = o.chunk(), b = slice.size(), ad = PolicySpec.ACTION_DIM, nd = PolicySpec.NORM_DIM;
            float[] t = new float[b * c * ad];
            float[] tmp = new float[nd];
            for (int i = 0; i < b; i++) {
                DemoDataset.Episode e = eps.get(slice.get(i)[0]);
                int k = slice.get(i)[1];
                for (int j = 0; j < c; j++) {
                    int base = (i * c + j) * ad;
                    target(e, k, j, tmp);
                    for (int d = 0; d < nd; d++) {
                        t[base + d] = (tmp[d] - spec.actionMean()[j * nd + d]) / spec.actionStd()[j * nd + d];
                    }
                    t[base + 9] = e.action()[Math.min(k + j, e.length() - 1) * 7 + 6];
                }
            }
            return m.create(t, new Shape(b, (long) c * ad));
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
