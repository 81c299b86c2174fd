package org.stackarena.policies;

import java.util.Arrays;
import java.util.Optional;
import org.stackarena.api.LoopRole;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Commands;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.Rotations;
import org.stackarena.api.TickContext;
import org.stackarena.api.policy.ActionTranslator;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyModel;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.api.policy.PolicyStage;
import org.stackarena.api.policy.PolicyTranslator;
import org.stackarena.policies.data.Geometry;

/**
 * The dual-system VLA as a {@link PolicyStack} of two stages: {@code system2} (default 5 Hz) reads the
 * front RGB-D frame and the instruction and publishes System 2's output on {@link #LATENT};
 * {@code system1} (default 100 Hz, fine up to kHz rates) reads the newest latent and proprioception and
 * publishes a chunk of absolute {@link ActionSpace.Type#EE_POSE} waypoints. Before the first latent is
 * visible System 1 publishes nothing (the arm holds its reset posture).
 *
 * <p>Waypoints: the model predicts end-effector positions one chunk interval (0.1 s) apart, relative to
 * the end effector at the tick; step k of the chunk is the waypoint for {@code k + 1} intervals ahead,
 * applied from {@code k} intervals after the chunk becomes visible, so the arm is always steered toward
 * where the policy wants it one interval from now. Each step's move from the previous one (from the
 * measured position for step 0) is bounded by the checkpoint's {@code max_linear} per axis, and every
 * position is clamped into {@link PolicySpec#WORKSPACE_LOW}..{@link PolicySpec#WORKSPACE_HIGH}. The
 * orientation is the model's predicted one (two rotation-matrix columns, orthonormalised), turned from
 * the previous step's (the measured one for step 0) by at most {@code max_angular}; the ensemble
 * averages orientations as rotations, not as rotation-vector components.
 *
 * <p>Chunk execution: by default ACT temporal ensembling over one chunk's span
 * ({@code ensemble:<chunk_size * chunk_interval>s}, 1 s for the shipped checkpoint), which carries the
 * policy through the timed pauses of the demonstrations: a stateless policy at rest predicts "stay,
 * stay, then lift" forever, but the chunks of a second ago already predicted the lift for now. The
 * gripper score (the model's raw output, clamped to [0, 1]) is ensembled with the positions and then
 * thresholded at 0.5. With any other strategy ({@code hold-and-switch}, {@code rtc}, {@code blocking}),
 * which execute each chunk's own steps, each step's score is instead the highest of it and the next
 * {@value VlaPolicy#GRIPPER_LOOKAHEAD} steps' (the expert pauses open at the bottom of a grasp before
 * it closes, a wait a stateless policy averages to "20 % closed" and so never closes). A checkpoint's
 * {@code policy.json} may choose another default ({@code chunk_execution}); {@code --chunking} wins.
 *
 * <p>Both loops default to {@code measured} latency (their own wall time).
 */
public final class VlaStack {

    /** The System 2 -> System 1 latent channel. */
    public static final ChannelKey<float[]> LATENT = ChannelKey.of("vla/latent", float[].class);
    /** Loop names. */
    public static final String SYSTEM1 = "system1", SYSTEM2 = "system2";

    private VlaStack() {}

    /**
     * The default chunk execution for {@code spec}: its {@code chunk_execution} if set, else ensembling
     * over one chunk's span.
     */
    public static ChunkExecution defaultExecution(PolicySpec spec) {
        return spec.chunkExecution() != null ? ChunkExecution.parse(spec.chunkExecution())
            : ChunkExecution.ensemble(spec.chunkSize() * spec.chunkInterval());
    }

    /** A stack named {@code vla} over {@code policy} at the checkpoint's loop rates with measured latency. */
    public static PolicyStack create(VlaPolicy policy) {
        return create(policy, "vla", policy.spec().system1Hz(), policy.spec().system2Hz(), LatencyModel.measured(1.0));
    }

    /** A stack with explicit rates and default latency model, and the default chunk execution. */
    public static PolicyStack create(VlaPolicy policy, String name, double system1Hz, double system2Hz,
                                     LatencyModel latency) {
        return create(policy, name, system1Hz, system2Hz, latency, defaultExecution(policy.spec()));
    }

    /**
     * A stack over {@code policy} (closed with the stack).
     *
     * @param name stack name in results
     * @param execution how new chunks become published chunks
     */
    public static PolicyStack create(VlaPolicy policy, String name, double system1Hz, double system2Hz,
                                     LatencyModel latency, ChunkExecution execution) {
        ChannelKey<CameraFrame> camera = Observations.rgbd(policy.spec().cameras().get(0));
        PolicyStage<System2Input, float[], float[]> s2 = PolicyStage.<System2Input, float[], float[]>builder(SYSTEM2, system2Hz)
            .reads(camera, Observations.INSTRUCTION).setModel(new System2Model(policy))
            .setTranslator(new System2Translator(policy, camera)).setOutput(LATENT).optLatency(latency)
            .optRole(LoopRole.SYSTEM2).build();
        int lookahead = execution instanceof ChunkExecution.Ensemble ? 0 : VlaPolicy.GRIPPER_LOOKAHEAD;
        PolicyStage<System1Input, float[], ActionChunk> s1 =
            PolicyStage.<System1Input, float[], ActionChunk>builder(SYSTEM1, system1Hz)
                .reads(LATENT, Observations.PROPRIOCEPTION).setModel(new System1Model(policy))
                .setTranslator(new System1Translator(policy, lookahead)).setOutput(Commands.ACTION)
                .optLatency(latency).optRole(LoopRole.SYSTEM1).build();
        return PolicyStack.builder(name).addStage(s2).setActionStage(s1).optChunkExecution(execution)
            .optGripperThreshold(0.5).optOwned(policy).build();
    }

    /** The {@link VlaPolicy} of a stack made by {@link #create}. */
    public static VlaPolicy policy(PolicyStack stack) {
        return ((System1Model) stack.stage(SYSTEM1).model()).policy;
    }

    /**
     * System 1 outside a stack: the chunk of absolute {@link ActionSpace.Type#EE_POSE} waypoints (positions
     * bounded per step and clamped into the workspace, orientations turned at most {@code max_angular} per
     * step, raw gripper scores clamped to [0, 1], no lookahead) that the {@code system1} stage computes for a
     * latent and proprioception, before chunk execution. The world-action-model stack uses it as its
     * proposal. Not thread-safe; reuses its buffers.
     */
    public static final class System1Proposer {
        private final VlaPolicy policy;
        private final System1Translator translator;

        /** A proposer over {@code policy} (not closed by this object). */
        public System1Proposer(VlaPolicy policy) {
            this.policy = policy;
            this.translator = new System1Translator(policy, 0);
        }

        /** System 1's chunk for System 2's output {@code latent} and the proprioception {@code p}. */
        public ActionChunk propose(float[] latent, Proprioception p) {
            System1Input in = translator.prepare(latent, p);
            return translator.processOutput(null, policy.system1(in.latent, in.state));
        }
    }

    /** System 2's input: the preprocessed image (a buffer reused every tick) and the instruction. */
    static final class System2Input {
        final float[] image;
        String instruction;

        System2Input(int size) {
            image = new float[size];
        }
    }

    /** System 2 inference; the weights belong to the stack ({@code optOwned}), not to this view. */
    static final class System2Model implements PolicyModel<System2Input, float[]> {
        private final VlaPolicy policy;

        System2Model(VlaPolicy policy) {
            this.policy = policy;
        }

        @Override
        public float[] predict(System2Input in) {
            return policy.system2(in.image, in.instruction);
        }

        @Override
        public void close() {
        }
    }

    /** Camera frame -> cropped, area-resized image; the output (latent and goal estimate) is published as is. */
    static final class System2Translator implements PolicyTranslator<System2Input, float[], float[]> {
        private final VlaPolicy policy;
        private final ChannelKey<CameraFrame> camera;
        private final System2Input input;
        private String instruction = "";

        System2Translator(VlaPolicy policy, ChannelKey<CameraFrame> camera) {
            this.policy = policy;
            this.camera = camera;
            this.input = new System2Input(3 * policy.spec().imageWidth() * policy.spec().imageHeight());
        }

        @Override
        public void reset(EpisodeContext context) {
            instruction = context.instruction();
        }

        @Override
        public System2Input processInput(TickContext ctx) {
            Optional<CameraFrame> f = ctx.channels().latest(camera);
            if (f.isEmpty()) {
                return null;
            }
            policy.image(f.get(), input.image);
            input.instruction = ctx.channels().latestOr(Observations.INSTRUCTION, instruction);
            return input;
        }

        @Override
        public float[] processOutput(TickContext ctx, float[] out) {
            return out;   // a fresh array from the model: the channel keeps it
        }
    }

    /** System 1's input: System 2's output and the normalised state (a buffer reused every tick). */
    static final class System1Input {
        float[] latent;
        final float[] state = new float[Geometry.FEATURE_NAMES.size()];
    }

    /** System 1 inference. */
    static final class System1Model implements PolicyModel<System1Input, float[]> {
        private final VlaPolicy policy;

        System1Model(VlaPolicy policy) {
            this.policy = policy;
        }

        @Override
        public float[] predict(System1Input in) {
            return policy.system1(in.latent, in.state);
        }

        @Override
        public void close() {
        }
    }

    /** Latent + proprioception -> model input; raw outputs -> a chunk of EE_POSE waypoints. */
    static final class System1Translator implements ActionTranslator<System1Input, float[]> {
        private final VlaPolicy policy;
        private final PolicySpec spec;
        private final ActionSpace space;
        private final int lookahead;
        private final System1Input input = new System1Input();
        private final float[] features = new float[Geometry.FEATURE_NAMES.size()];
        private final double[] measured = new double[4];
        private final double[] previous = new double[4];
        private final double[] target = new double[4];
        private final double[] matrix = new double[9];
        private final double[] rotation = new double[3];

        System1Translator(VlaPolicy policy, int lookahead) {
            this.policy = policy;
            this.spec = policy.spec();
            this.space = spec.space();
            this.lookahead = lookahead;
        }

        @Override
        public ActionSpace actionSpace() {
            return space;
        }

        @Override
        public System1Input processInput(TickContext ctx) {
            float[] latent = ctx.channels().latestOr(LATENT, null);
            Proprioception p = ctx.channels().latestOr(Observations.PROPRIOCEPTION, null);
            if (latent == null || p == null) {
                return null;
            }
            return prepare(latent, p);
        }

        /** The model input for System 2's output {@code latent} and {@code p} (a buffer reused every call). */
        System1Input prepare(float[] latent, Proprioception p) {
            VlaPolicy.features(p, features);
            policy.normalise(features, input.state);
            System.arraycopy(p.eeQuaternion(), 0, measured, 0, 4);
            input.latent = latent;
            return input;
        }

        /**
         * Step k: position = the k-th predicted waypoint (raw * std + mean, relative to the end effector
         * at the tick), its move from the previous step bounded by max_linear per axis and clamped into
         * the workspace; rotation = the k-th predicted orientation (its first two matrix columns,
         * orthonormalised), turned from the previous step's (the measured one for step 0) by at most
         * max_angular; gripper = the raw score (or the highest of it and the next {@code lookahead}
         * steps'), clamped to [0, 1].
         */
        @Override
        public ActionChunk processOutput(TickContext ctx, float[] raw) {
            int n = spec.chunkSize();
            int ad = PolicySpec.ACTION_DIM;
            int nd = PolicySpec.NORM_DIM;
            float[] mean = spec.actionMean();
            float[] std = spec.actionStd();
            double lin = spec.maxLinear();
            double px = features[0], py = features[1], pz = features[2];
            Action[] steps = new Action[n];
            for (int k = 0; k < n; k++) {
                int o = k * ad;
                int m = k * nd;
                double[] v = new double[6];
                v[0] = bound(raw[o] * std[m] + mean[m] + features[0], px, lin, 0);
                v[1] = bound(raw[o + 1] * std[m + 1] + mean[m + 1] + features[1], py, lin, 1);
                v[2] = bound(raw[o + 2] * std[m + 2] + mean[m + 2] + features[2], pz, lin, 2);
                orientation(raw, o, std, mean, m, k == 0 ? measured : previous, spec.maxAngular());
                v[3] = rotation[0];
                v[4] = rotation[1];
                v[5] = rotation[2];
                px = v[0];
                py = v[1];
                pz = v[2];
                float g = raw[o + 9];
                for (int j = k + 1; j < Math.min(n, k + 1 + lookahead); j++) {
                    g = Math.max(g, raw[j * ad + 9]);
                }
                steps[k] = new Action(v, Math.max(0, Math.min(1, g)));
            }
            return new ActionChunk(Arrays.asList(steps), spec.chunkInterval());
        }

        /**
         * The predicted orientation of the step at {@code o} (raw output offset; {@code m} its
         * normalisation offset) turned from {@code from} (a unit quaternion) by at most {@code maxAngle}:
         * its rotation vector into {@link #rotation}, its quaternion into {@link #previous}.
         */
        private void orientation(float[] raw, int o, float[] std, float[] mean, int m, double[] from, double maxAngle) {
            Geometry.fromColumns(raw[o + 3] * std[m + 3] + mean[m + 3], raw[o + 4] * std[m + 4] + mean[m + 4],
                raw[o + 5] * std[m + 5] + mean[m + 5], raw[o + 6] * std[m + 6] + mean[m + 6],
                raw[o + 7] * std[m + 7] + mean[m + 7], raw[o + 8] * std[m + 8] + mean[m + 8], matrix);
            Rotations.matrixToQuaternion(matrix, target);
            double angle = Rotations.angleBetween(from, target);
            double dot = from[0] * target[0] + from[1] * target[1] + from[2] * target[2] + from[3] * target[3];
            double sign = dot < 0 ? -1 : 1;
            if (angle > maxAngle) {
                // slerp from `from` toward `target` by maxAngle
                double f = maxAngle / angle;
                double half = angle / 2;
                double a = Math.sin((1 - f) * half) / Math.sin(half);
                double b = Math.sin(f * half) / Math.sin(half) * sign;
                for (int i = 0; i < 4; i++) {
                    target[i] = a * from[i] + b * target[i];
                }
            }
            double n = Math.sqrt(target[0] * target[0] + target[1] * target[1] + target[2] * target[2]
                + target[3] * target[3]);
            for (int i = 0; i < 4; i++) {
                previous[i] = target[i] / n;
            }
            Rotations.quaternionToRotationVector(previous, rotation);
        }

        /** {@code target} at most {@code lim} from {@code from}, then inside the workspace box on axis {@code i}. */
        private double bound(double target, double from, double lim, int i) {
            double x = Math.max(from - lim, Math.min(from + lim, target));
            return Math.max(space.low(i), Math.min(space.high(i), x));
        }
    }
}
