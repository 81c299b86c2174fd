package org.stackarena.policies.torchscript;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stackarena.policies.remote.ImageResize;
import org.stackarena.policies.torchscript.TorchScriptSpec.ActionOutput;
import org.stackarena.policies.torchscript.TorchScriptSpec.Feature;
import org.stackarena.policies.torchscript.TorchScriptSpec.Loop;
import org.stackarena.policies.torchscript.TorchScriptSpec.Space;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Channels;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.EpisodeAbort;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Phase;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.TickContext;

/**
 * A {@link TorchScriptPolicy} as a control stack: one stack loop per {@code policy.json} loop, at
 * its rate and default latency model. A loop with an {@code output} publishes its tensor on the
 * channel {@code policy/<output>} for later loops (System 2 -> System 1); the loop without one
 * publishes an {@link ActionChunk}. A loop whose inputs are not all visible yet (no latent, no
 * frame) publishes nothing that tick.
 *
 * <p>Preprocessing: camera frames are resized bilinearly to the declared size and normalised
 * ({@code v * scale - mean) / std} per channel); state vectors are the declared proprioception
 * keys concatenated, {@code (x - mean) / std}; instructions become token ids. Postprocessing:
 * {@code raw * std + mean} per step value; {@code ee_delta} values are clamped to
 * {@code max_linear}/{@code max_angular}, joint targets to the robot's limits, the gripper to
 * [0, 1]; NaN passes through unchanged, so a non-finite action fails the episode with the
 * harness's {@code invalid_action: value[i] is NaN}. A non-finite latent, and an exception from
 * libtorch, fail it with {@code stack_exception: ...}. A robot the policy does not fit fails at
 * reset with {@code policy_robot_mismatch} (an {@link EpisodeAbort}).
 *
 * <p>EE-delta timing, as for the built-in VLA: each step is the displacement over one chunk
 * interval, anchored by the world where it arrives, so a loop faster than the chunk rate keeps
 * the step in progress (the same {@link Action} object) until one interval has passed and
 * refreshes only the later steps.
 *
 * <p>Not thread-safe; the harness calls it from one thread.
 */
public final class TorchScriptStack implements ControlStack {

    private final TorchScriptPolicy policy;
    private final TorchScriptSpec spec;
    private final String name;
    private final List<LoopSpec> loops;
    private final Map<String, Loop> byName = new HashMap<>();
    private final Map<String, ChannelKey<float[]>> latents = new HashMap<>();
    private final Map<String, byte[]> resized = new HashMap<>();
    private String instruction = "";
    private RobotDescription robot;
    private ActionSpace space;
    private Action current;
    private long currentSince;

    /**
     * A stack named {@code name} over {@code policy} (closed with the stack).
     *
     * @param name the stack name in results
     */
    public TorchScriptStack(TorchScriptPolicy policy, String name) {
        this.policy = policy;
        this.spec = policy.spec();
        this.name = name;
        for (Loop l : spec.loops()) {
            if (l.output() != null) {
                latents.put(l.output(), ChannelKey.of("policy/" + l.output(), float[].class));
            }
        }
        List<LoopSpec> specs = new ArrayList<>();
        for (Loop l : spec.loops()) {
            byName.put(l.name(), l);
            LoopSpec.Builder b = LoopSpec.builder(l.name(), l.rateHz()).optLatency(l.latency());
            for (String k : l.inputs()) {
                b.reads(channel(k));
            }
            b.writes(l.output() == null ? Commands.ACTION : latents.get(l.output()));
            specs.add(b.build());
        }
        this.loops = List.copyOf(specs);
    }

    private ChannelKey<?> channel(String input) {
        Feature f = spec.inputs().get(input);
        if (f == null) {
            return latents.get(input);
        }
        return switch (f.type()) {
            case VISUAL -> Observations.rgbd(f.camera());
            case STATE -> Observations.PROPRIOCEPTION;
            case LANGUAGE -> Observations.INSTRUCTION;
        };
    }

    /** The policy. */
    public TorchScriptPolicy policy() {
        return policy;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<LoopSpec> loops() {
        return loops;
    }

    /**
     * Checks that the robot fits the policy (state size with per-joint keys, joint-position
     * action size) and sets the action space.
     *
     * @throws EpisodeAbort {@code policy_robot_mismatch} when it does not
     */
    @Override
    public void reset(EpisodeContext context) {
        instruction = context.instruction();
        robot = context.robot();
        current = null;
        currentSince = 0;
        int joints = robot.jointCount();
        for (Feature f : spec.inputs().values()) {
            if (f.type() == TorchScriptSpec.FeatureType.STATE && stateSize(f, joints) != f.shape()[0]) {
                throw new EpisodeAbort("policy_robot_mismatch", spec.file() + " input_features." + f.key()
                    + " has " + f.shape()[0] + " values but keys " + f.stateKeys() + " give " + stateSize(f, joints)
                    + " on robot '" + robot.name() + "' (" + joints + " joints)");
            }
        }
        ActionOutput a = spec.action();
        if (a.space() == Space.JOINT_POSITION) {
            if (a.actionDim() != joints) {
                throw new EpisodeAbort("policy_robot_mismatch", spec.file() + " output_features." + a.key() + " has "
                    + a.actionDim() + " joint targets but robot '" + robot.name() + "' has " + joints + " joints");
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
    public void tick(String loopName, TickContext ctx) {
        Loop loop = byName.get(loopName);
        if (loop == null) {
            throw new IllegalArgumentException("no loop '" + loopName + "' in stack " + name);
        }
        long t0 = System.nanoTime();
        Map<String, float[]> inputs = new LinkedHashMap<>();
        for (String k : loop.inputs()) {
            float[] v = input(k, ctx.channels());
            if (v == null) {
                return; // not visible yet
            }
            inputs.put(k, v);
        }
        long t1 = System.nanoTime();
        TorchScriptPolicy.Output out = policy.run(loop, inputs);
        long t2 = System.nanoTime();
        float[] raw = out.values();
        if (loop.output() != null) {
            for (int i = 0; i < raw.length; i++) {
                if (!Float.isFinite(raw[i])) {
                    throw new IllegalStateException(loop.model() + " method " + loop.method() + " returned "
                        + raw[i] + " at index " + i + " of output '" + loop.output() + "'");
                }
            }
            ctx.channels().publish(latents.get(loop.output()), raw);
        } else {
            ctx.channels().publish(Commands.ACTION, hold(chunk(raw), ctx));
        }
        ctx.phases().record(Phase.PREPROCESS, t1 - t0);
        ctx.phases().record(Phase.INFER, t2 - t1);
        ctx.phases().record(Phase.POSTPROCESS, System.nanoTime() - t2);
    }

    private float[] input(String key, Channels ch) {
        Feature f = spec.inputs().get(key);
        if (f == null) {
            return ch.latest(latents.get(key)).orElse(null);
        }
        switch (f.type()) {
            case VISUAL -> {
                Optional<CameraFrame> frame = ch.latest(Observations.rgbd(f.camera()));
                return frame.map(fr -> image(f, fr)).orElse(null);
            }
            case STATE -> {
                Optional<Proprioception> p = ch.latest(Observations.PROPRIOCEPTION);
                return p.map(pr -> state(f, pr)).orElse(null);
            }
            default -> {
                return policy.tokens(f, ch.latestOr(Observations.INSTRUCTION, instruction));
            }
        }
    }

    /** The frame as the feature's normalised float tensor (CHW or HWC). */
    float[] image(Feature f, CameraFrame frame) {
        int w = f.width();
        int h = f.height();
        byte[] rgb = frame.rgb();
        if (frame.width() != w || frame.height() != h) {
            rgb = resized.computeIfAbsent(f.key(), k -> new byte[w * h * 3]);
            ImageResize.bilinearRgb(frame.rgb(), frame.width(), frame.height(), rgb, w, h);
        }
        float[] out = new float[w * h * 3];
        float[] mean = f.mean();
        float[] std = f.std();
        float scale = f.scale();
        boolean chw = f.channelsFirst();
        int plane = w * h;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                float v = ((rgb[p * 3 + c] & 0xff) * scale - mean[c]) / std[c];
                out[chw ? c * plane + p : p * 3 + c] = v;
            }
        }
        return out;
    }

    /** The proprioception as the feature's normalised state vector. */
    static float[] state(Feature f, Proprioception p) {
        float[] out = new float[f.shape()[0]];
        int i = 0;
        for (String k : f.stateKeys()) {
            double[] v = switch (k) {
                case "ee_pos" -> p.eePosition();
                case "ee_quat" -> p.eeQuaternion();
                case "gripper_width" -> new double[] {p.gripperWidth()};
                case "joint_pos" -> p.jointPositions();
                case "joint_vel" -> p.jointVelocities();
                default -> throw new IllegalStateException("unknown state key " + k);
            };
            for (double x : v) {
                if (i < out.length) {
                    out[i] = (float) ((x - f.mean()[i]) / f.std()[i]);
                }
                i++;
            }
        }
        return out;
    }

    /** Raw model output (chunk x dims, normalised) as an action chunk in this stack's space. */
    ActionChunk chunk(float[] raw) {
        ActionOutput a = spec.action();
        List<Action> steps = new ArrayList<>(a.chunk());
        int dim = a.actionDim();
        for (int k = 0; k < a.chunk(); k++) {
            double[] v = new double[dim];
            for (int i = 0; i < dim; i++) {
                double x = raw[k * a.dims() + i] * (double) a.std()[i] + a.mean()[i];
                double lo = space.low(i);
                double hi = space.high(i);
                v[i] = Math.max(lo, Math.min(hi, x));
            }
            double g = a.gripper() ? raw[k * a.dims() + dim] * (double) a.std()[dim] + a.mean()[dim] : 0;
            steps.add(new Action(v, Math.max(0, Math.min(1, g))));
        }
        return new ActionChunk(steps, a.chunkInterval());
    }

    /** Keeps the EE-delta step in progress when the loop is faster than the chunk interval. */
    private ActionChunk hold(ActionChunk chunk, TickContext ctx) {
        if (spec.action().space() != Space.EE_DELTA) {
            return chunk;
        }
        long halfTick = (long) (0.5e6 / ctx.loop().rateHz());
        if (current == null || ctx.timeMicros() - currentSince >= chunk.intervalMicros() - halfTick) {
            current = chunk.steps().get(0);
            currentSince = ctx.timeMicros();
            return chunk;
        }
        List<Action> steps = new ArrayList<>(chunk.steps());
        steps.set(0, current);
        return new ActionChunk(steps, chunk.intervalSeconds());
    }

    @Override
    public void close() {
        policy.close();
    }
}
