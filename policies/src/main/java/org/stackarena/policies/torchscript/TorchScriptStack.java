package org.stackarena.policies.torchscript;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stackarena.api.LoopRole;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Channels;
import org.stackarena.api.Commands;
import org.stackarena.api.EpisodeAbort;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.TickContext;
import org.stackarena.api.policy.ActionTranslator;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyModel;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.api.policy.PolicyStage;
import org.stackarena.api.policy.PolicyTranslator;
import org.stackarena.policies.remote.ImageResize;
import org.stackarena.policies.torchscript.TorchScriptSpec.ActionOutput;
import org.stackarena.policies.torchscript.TorchScriptSpec.Feature;
import org.stackarena.policies.torchscript.TorchScriptSpec.Loop;
import org.stackarena.policies.torchscript.TorchScriptSpec.Space;

/**
 * A {@link TorchScriptPolicy} as a {@link PolicyStack}: one stage per {@code policy.json} loop, at its
 * rate and default latency model. A loop with an {@code output} publishes its tensor on the channel
 * {@code policy/<output>} for later loops (System 2 -> System 1); the loop without one is the action
 * stage (it ticks last when several loops are due at once) and publishes an {@link ActionChunk}. A loop
 * whose inputs are not all visible yet (no latent, no frame) publishes nothing that tick.
 *
 * <p>Preprocessing: camera frames are resized bilinearly to the declared size and normalised
 * ({@code (v * scale - mean) / std} per channel); state vectors are the declared proprioception keys
 * concatenated, {@code (x - mean) / std}; instructions become token ids. The input arrays are buffers
 * reused every tick (libtorch copies them into tensors). Postprocessing: {@code raw * std + mean} per
 * step value; {@code ee_delta} values are clamped to {@code max_linear}/{@code max_angular}, joint
 * targets to the robot's limits, the gripper to [0, 1]. A NaN or infinite action or latent fails the
 * episode with {@code stack_exception: stage '<loop>' published a non-finite value ...} (the
 * {@link PolicyStack} check), an exception from libtorch with {@code stack_exception: ...}. A robot the
 * policy does not fit fails at reset with {@code policy_robot_mismatch} (an {@link EpisodeAbort}).
 *
 * <p>Chunks are executed with {@code hold-and-switch} by default.
 */
public final class TorchScriptStack {

    private TorchScriptStack() {}

    /** A stack named {@code name} over {@code policy} (closed with the stack), chunks executed with {@code hold-and-switch}. */
    public static PolicyStack create(TorchScriptPolicy policy, String name) {
        return create(policy, name, ChunkExecution.holdAndSwitch());
    }

    /**
     * A stack named {@code name} over {@code policy} (closed with the stack).
     *
     * @param execution how new chunks become published chunks
     */
    public static PolicyStack create(TorchScriptPolicy policy, String name, ChunkExecution execution) {
        TorchScriptSpec spec = policy.spec();
        Map<String, ChannelKey<float[]>> latents = new HashMap<>();
        for (Loop l : spec.loops()) {
            if (l.output() != null) {
                latents.put(l.output(), latent(l.output()));
            }
        }
        PolicyStack.Builder b = PolicyStack.builder(name).optChunkExecution(execution).optOwned(policy);
        for (Loop l : spec.loops()) {
            Inputs inputs = new Inputs(policy, l, latents);
            LoopModel model = new LoopModel(policy, l);
            if (l.output() == null) {
                PolicyStage.Builder<float[][], TorchScriptPolicy.Output, ActionChunk> sb =
                    PolicyStage.<float[][], TorchScriptPolicy.Output, ActionChunk>builder(l.name(), l.rateHz())
                        .setModel(model).setTranslator(new ActionStage(inputs, spec)).setOutput(Commands.ACTION)
                        .optLatency(l.latency()).optRole(LoopRole.SYSTEM1);
                inputs.declare(sb);
                b.setActionStage(sb.build());
            } else {
                PolicyStage.Builder<float[][], TorchScriptPolicy.Output, float[]> sb =
                    PolicyStage.<float[][], TorchScriptPolicy.Output, float[]>builder(l.name(), l.rateHz())
                        .setModel(model).setTranslator(new LatentStage(inputs)).setOutput(latents.get(l.output()))
                        .optLatency(l.latency()).optRole(LoopRole.SYSTEM2);
                inputs.declare(sb);
                b.addStage(sb.build());
            }
        }
        return b.build();
    }

    /** The channel on which a loop's {@code output} is published. */
    public static ChannelKey<float[]> latent(String output) {
        return ChannelKey.of("policy/" + output, float[].class);
    }

    /** Runs one loop's method; the modules belong to the stack ({@code optOwned}). */
    static final class LoopModel implements PolicyModel<float[][], TorchScriptPolicy.Output> {
        private final TorchScriptPolicy policy;
        private final Loop loop;

        LoopModel(TorchScriptPolicy policy, Loop loop) {
            this.policy = policy;
            this.loop = loop;
        }

        @Override
        public TorchScriptPolicy.Output predict(float[][] inputs) {
            return policy.run(loop, inputs);
        }

        @Override
        public void close() {
        }
    }

    /** Gathers and preprocesses one loop's inputs into reused buffers. */
    static final class Inputs {
        private final TorchScriptPolicy policy;
        private final Loop loop;
        private final Feature[] features;
        private final ChannelKey<?>[] channels;
        private final float[][] buffers;
        private final Map<String, byte[]> resized = new HashMap<>();
        private final Map<String, float[][]> tables = new HashMap<>();
        private final Map<String, ImageResize.Bilinear> resizers = new HashMap<>();
        private String instruction = "";

        Inputs(TorchScriptPolicy policy, Loop loop, Map<String, ChannelKey<float[]>> latents) {
            this.policy = policy;
            this.loop = loop;
            int n = loop.inputs().size();
            this.features = new Feature[n];
            this.channels = new ChannelKey<?>[n];
            this.buffers = new float[n][];
            for (int i = 0; i < n; i++) {
                String k = loop.inputs().get(i);
                Feature f = policy.spec().inputs().get(k);
                features[i] = f;
                if (f == null) {
                    channels[i] = latents.get(k);
                } else {
                    channels[i] = switch (f.type()) {
                        case VISUAL -> Observations.rgbd(f.camera());
                        case STATE -> Observations.PROPRIOCEPTION;
                        case LANGUAGE -> Observations.INSTRUCTION;
                    };
                    if (f.type() != TorchScriptSpec.FeatureType.LANGUAGE) {
                        buffers[i] = new float[f.size()];
                    }
                }
            }
        }

        void declare(PolicyStage.Builder<?, ?, ?> b) {
            b.reads(channels);
        }

        void reset(EpisodeContext context) {
            instruction = context.instruction();
        }

        /** The prepared inputs in argument order, or null when one is not visible yet. */
        float[][] gather(Channels ch) {
            for (int i = 0; i < features.length; i++) {
                Feature f = features[i];
                if (f == null) {
                    @SuppressWarnings("unchecked")
                    float[] v = ch.latestOr((ChannelKey<float[]>) channels[i], null);
                    if (v == null) {
                        return null;
                    }
                    buffers[i] = v;
                    continue;
                }
                switch (f.type()) {
                    case VISUAL -> {
                        CameraFrame frame = ch.latestOr(Observations.rgbd(f.camera()), null);
                        if (frame == null) {
                            return null;
                        }
                        image(f, frame, buffers[i]);
                    }
                    case STATE -> {
                        Proprioception p = ch.latestOr(Observations.PROPRIOCEPTION, null);
                        if (p == null) {
                            return null;
                        }
                        state(f, p, buffers[i]);
                    }
                    default -> buffers[i] = policy.tokens(f, ch.latestOr(Observations.INSTRUCTION, instruction));
                }
            }
            return buffers;
        }

        /**
         * The frame as the feature's normalised float tensor (CHW or HWC), written into {@code out}: the
         * normalisation {@code (v * scale - mean) / std} is a 256-entry table per channel, made once.
         */
        private void image(Feature f, CameraFrame frame, float[] out) {
            int w = f.width();
            int h = f.height();
            byte[] rgb = frame.rgb();
            if (frame.width() != w || frame.height() != h) {
                rgb = resized.computeIfAbsent(f.key(), k -> new byte[w * h * 3]);
                ImageResize.Bilinear plan = resizers.get(f.key());
                if (plan == null || !plan.accepts(frame.width(), frame.height())) {
                    plan = new ImageResize.Bilinear(frame.width(), frame.height(), w, h);
                    resizers.put(f.key(), plan);
                }
                plan.resize(frame.rgb(), rgb);
            }
            float[][] lut = tables.computeIfAbsent(f.key(), k -> table(f));
            float[] r = lut[0];
            float[] g = lut[1];
            float[] b = lut[2];
            int plane = w * h;
            if (f.channelsFirst()) {
                for (int p = 0, s = 0; p < plane; p++, s += 3) {
                    out[p] = r[rgb[s] & 0xff];
                    out[plane + p] = g[rgb[s + 1] & 0xff];
                    out[2 * plane + p] = b[rgb[s + 2] & 0xff];
                }
            } else {
                for (int s = 0; s < 3 * plane; s += 3) {
                    out[s] = r[rgb[s] & 0xff];
                    out[s + 1] = g[rgb[s + 1] & 0xff];
                    out[s + 2] = b[rgb[s + 2] & 0xff];
                }
            }
        }

        /** {@code (v * scale - mean[c]) / std[c]} for every byte value v, per channel c. */
        private static float[][] table(Feature f) {
            float[][] t = new float[3][256];
            for (int c = 0; c < 3; c++) {
                for (int v = 0; v < 256; v++) {
                    t[c][v] = (v * f.scale() - f.mean()[c]) / f.std()[c];
                }
            }
            return t;
        }
    }

    /** The proprioception as the feature's normalised state vector, written into {@code out}. */
    static float[] state(Feature f, Proprioception p, float[] out) {
        int i = 0;
        for (String k : f.stateKeys()) {
            switch (k) {
                case "ee_pos" -> i = put(f, p.eePosition(), out, i);
                case "ee_quat" -> i = put(f, p.eeQuaternion(), out, i);
                case "gripper_width" -> {
                    if (i < out.length) {
                        out[i] = (float) ((p.gripperWidth() - f.mean()[i]) / f.std()[i]);
                    }
                    i++;
                }
                case "joint_pos" -> i = put(f, p.jointPositions(), out, i);
                case "joint_vel" -> i = put(f, p.jointVelocities(), out, i);
                default -> throw new IllegalStateException("unknown state key " + k);
            }
        }
        return out;
    }

    private static int put(Feature f, double[] v, float[] out, int i) {
        for (double x : v) {
            if (i < out.length) {
                out[i] = (float) ((x - f.mean()[i]) / f.std()[i]);
            }
            i++;
        }
        return i;
    }

    /** A loop with an {@code output}: its tensor is published as is (a fresh array every call). */
    static final class LatentStage implements PolicyTranslator<float[][], TorchScriptPolicy.Output, float[]> {
        private final Inputs inputs;

        LatentStage(Inputs inputs) {
            this.inputs = inputs;
        }

        @Override
        public void reset(EpisodeContext context) {
            inputs.reset(context);
        }

        @Override
        public float[][] processInput(TickContext ctx) {
            return inputs.gather(ctx.channels());
        }

        @Override
        public float[] processOutput(TickContext ctx, TorchScriptPolicy.Output out) {
            return out.values();
        }
    }

    /** The action loop: raw output (chunk x dims, normalised) -> a chunk in the stack's action space. */
    static final class ActionStage implements ActionTranslator<float[][], TorchScriptPolicy.Output> {
        private final Inputs inputs;
        private final TorchScriptSpec spec;
        private ActionSpace space;

        ActionStage(Inputs inputs, TorchScriptSpec spec) {
            this.inputs = inputs;
            this.spec = spec;
        }

        /**
         * Checks that the robot fits the policy (state size with per-joint keys, joint-position action
         * size) and sets the action space.
         *
         * @throws EpisodeAbort {@code policy_robot_mismatch} when it does not
         */
        @Override
        public void reset(EpisodeContext context) {
            inputs.reset(context);
            RobotDescription robot = context.robot();
            int joints = robot.jointCount();
            for (Feature f : spec.inputs().values()) {
                if (f.type() == TorchScriptSpec.FeatureType.STATE && stateSize(f, joints) != f.shape()[0]) {
                    throw new EpisodeAbort("policy_robot_mismatch", spec.file() + " input_features." + f.key()
                        + " has " + f.shape()[0] + " values but keys " + f.stateKeys() + " give "
                        + stateSize(f, joints) + " on robot '" + robot.name() + "' (" + joints + " joints)");
                }
            }
            ActionOutput a = spec.action();
            if (a.space() == Space.JOINT_POSITION) {
                if (a.actionDim() != joints) {
                    throw new EpisodeAbort("policy_robot_mismatch", spec.file() + " output_features." + a.key()
                        + " has " + a.actionDim() + " joint targets but robot '" + robot.name() + "' has "
                        + joints + " joints");
                }
                space = ActionSpace.jointPosition(robot.jointLower(), robot.jointUpper());
            } else {
                space = ActionSpace.eeDelta(a.maxLinear(), a.maxAngular());
            }
        }

        private static int stateSize(Feature f, int joints) {
            int n = 0;
            for (String k : f.stateKeys()) {
                int s = TorchScriptSpec.STATE_KEYS.get(k);
                n += s < 0 ? joints : s;
            }
            return n;
        }

        @Override
        public ActionSpace actionSpace() {
            return space;
        }

        @Override
        public float[][] processInput(TickContext ctx) {
            return inputs.gather(ctx.channels());
        }

        @Override
        public ActionChunk processOutput(TickContext ctx, TorchScriptPolicy.Output out) {
            return chunk(out.values());
        }

        /** Raw model output (chunk x dims, normalised) as an action chunk in this stack's space. */
        ActionChunk chunk(float[] raw) {
            ActionOutput a = spec.action();
            Action[] steps = new Action[a.chunk()];
            int dim = a.actionDim();
            for (int k = 0; k < a.chunk(); k++) {
                double[] v = new double[dim];
                for (int i = 0; i < dim; i++) {
                    double x = raw[k * a.dims() + i] * (double) a.std()[i] + a.mean()[i];
                    v[i] = Math.max(space.low(i), Math.min(space.high(i), x));
                }
                double g = a.gripper() ? raw[k * a.dims() + dim] * (double) a.std()[dim] + a.mean()[dim] : 0;
                steps[k] = new Action(v, Math.max(0, Math.min(1, g)));
            }
            return new ActionChunk(List.of(steps), a.chunkInterval());
        }
    }
}
