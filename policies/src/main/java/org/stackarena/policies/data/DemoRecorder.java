package org.stackarena.policies.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionCommand;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Channels;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.PhaseTimer;
import org.stackarena.api.Proprioception;
import org.stackarena.api.Stamped;
import org.stackarena.api.TickContext;

/**
 * Wraps any stack (normally the scripted expert) and adds a {@code recorder} loop at the dataset
 * frame rate that samples the cameras and proprioception. The wrapped stack's commands are
 * watched as it publishes them, so each frame knows the gripper command in force.
 *
 * <p>Labels follow common practice for joint-space experts: the action of frame k is the
 * end-effector displacement from frame k to frame k+1 (position and world-frame roll/pitch/yaw, the
 * world's EE_DELTA convention) plus the expert's gripper command at frame k; the last frame gets a
 * zero displacement.
 */
public final class DemoRecorder implements ControlStack {

    /** Name of the added loop. */
    public static final String LOOP = "recorder";

    private final ControlStack inner;
    private final List<String> cameras;
    private final double fps;
    private final LoopSpec recorder;
    private final List<LoopSpec> loops;

    private final List<double[]> pos = new ArrayList<>();
    private final List<double[]> quat = new ArrayList<>();
    private final List<Double> width = new ArrayList<>();
    private final List<float[]> joints = new ArrayList<>();
    private final List<Double> gripper = new ArrayList<>();
    private final List<Double> times = new ArrayList<>();
    private final List<Map<String, byte[]>> images = new ArrayList<>();
    private final List<float[]> env = new ArrayList<>();
    private Supplier<float[]> envProbe;
    private double noiseSigma;
    private double noiseTau;
    private java.util.Random noiseRng;
    private double[] noise;
    private long noiseMicros;
    private double lastGripper;
    private EpisodeContext context;

    /** Records {@code inner} at {@code fps} with the named cameras. */
    public DemoRecorder(ControlStack inner, double fps, List<String> cameras) {
        this.inner = inner;
        this.fps = fps;
        this.cameras = List.copyOf(cameras);
        LoopSpec.Builder b = LoopSpec.builder(LOOP, fps).reads(Observations.PROPRIOCEPTION);
        for (String c : cameras) {
            b.reads(Observations.rgbd(c));
        }
        this.recorder = b.build();
        List<LoopSpec> all = new ArrayList<>(inner.loops());
        all.add(recorder);
        this.loops = List.copyOf(all);
    }

    /**
     * Also records {@link DemoEpisode#ENV_NAMES} at each frame from {@code probe} (privileged ground
     * truth, for auxiliary training targets; the recorded stack never sees it).
     */
    public DemoRecorder withEnvironment(Supplier<float[]> probe) {
        this.envProbe = probe;
        return this;
    }

    /**
     * Adds temporally correlated noise to the recorded stack's {@code JOINT_POSITION} actions
     * (an Ornstein-Uhlenbeck process per joint, stationary standard deviation {@code sigmaRad},
     * correlation time {@code tauS}, seeded by the episode seed), clamped into the action space.
     * The expert then demonstrates how it recovers from states off its own path, which
     * behaviour cloning otherwise never sees (the idea of DART, Laskey et al. 2017). Labels
     * stay the achieved end-effector motion, as always.
     */
    public DemoRecorder withActionNoise(double sigmaRad, double tauS) {
        this.noiseSigma = sigmaRad;
        this.noiseTau = tauS;
        return this;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public List<LoopSpec> loops() {
        return loops;
    }

    @Override
    public void reset(EpisodeContext ctx) throws Exception {
        this.context = ctx;
        pos.clear();
        quat.clear();
        width.clear();
        joints.clear();
        gripper.clear();
        times.clear();
        images.clear();
        env.clear();
        lastGripper = 0;
        noise = null;
        noiseRng = new java.util.Random(ctx.seed() * 0x9E3779B97F4A7C15L + 7);
        inner.reset(ctx);
    }

    @Override
    public ActionSpace actionSpace() {
        return inner.actionSpace();
    }

    @Override
    public void tick(String loop, TickContext ctx) throws Exception {
        if (!LOOP.equals(loop)) {
            inner.tick(loop, new Watching(ctx));
            return;
        }
        Channels ch = ctx.channels();
        Optional<Proprioception> p = ch.latest(Observations.PROPRIOCEPTION);
        if (p.isEmpty()) {
            return;
        }
        Map<String, byte[]> imgs = new LinkedHashMap<>();
        for (String c : cameras) {
            Optional<CameraFrame> f = ch.latest(Observations.rgbd(c));
            if (f.isEmpty()) {
                return;
            }
            imgs.put(c, f.get().rgb());
        }
        Proprioception pr = p.get();
        pos.add(pr.eePosition().clone());
        quat.add(pr.eeQuaternion().clone());
        width.add(pr.gripperWidth());
        float[] q = new float[pr.jointPositions().length];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) pr.jointPositions()[i];
        }
        joints.add(q);
        gripper.add(lastGripper);
        times.add(ctx.time());
        images.add(imgs);
        env.add(envProbe == null ? null : envProbe.get());
    }

    private void watch(ActionCommand cmd) {
        if (cmd instanceof Action a) {
            lastGripper = a.gripper();
        } else if (cmd instanceof ActionChunk c) {
            lastGripper = c.steps().get(0).gripper();
        }
    }

    private Action perturb(Action a, long micros) {
        double[] x = a.values();
        if (noise == null || noise.length != x.length) {
            noise = new double[x.length];
            noiseMicros = micros;
        }
        double dt = (micros - noiseMicros) / 1e6;
        noiseMicros = micros;
        double decay = Math.exp(-dt / noiseTau), kick = noiseSigma * Math.sqrt(1 - decay * decay);
        ActionSpace space = inner.actionSpace();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            noise[i] = noise[i] * decay + kick * noiseRng.nextGaussian();
            out[i] = Math.max(space.low(i), Math.min(space.high(i), x[i] + noise[i]));
        }
        return new Action(out, a.gripper());
    }

    /** The recorded episode with labels; {@code success}/{@code reason} come from the harness's record. */
    public DemoEpisode episode(String robot, boolean success, String reason) {
        List<DemoEpisode.Frame> frames = new ArrayList<>();
        int n = pos.size();
        for (int k = 0; k < n; k++) {
            float[] a = new float[7];
            if (k + 1 < n) {
                for (int i = 0; i < 3; i++) {
                    a[i] = (float) (pos.get(k + 1)[i] - pos.get(k)[i]);
                }
                double[] rpy = Geometry.deltaRpy(Geometry.rotation(quat.get(k)), Geometry.rotation(quat.get(k + 1)));
                for (int i = 0; i < 3; i++) {
                    a[3 + i] = (float) rpy[i];
                }
            }
            a[6] = (float) Math.max(0, Math.min(1, gripper.get(k)));
            frames.add(new DemoEpisode.Frame(times.get(k), Geometry.state(pos.get(k), quat.get(k), width.get(k)),
                joints.get(k), a, images.get(k), env.get(k)));
        }
        return new DemoEpisode(context.scenario(), robot, context.seed(), context.condition(), context.instruction(),
            success, reason, fps, frames);
    }

    @Override
    public void close() {
        inner.close();
    }

    /** Passes a tick through, watching what the wrapped stack publishes on the action channel. */
    private final class Watching implements TickContext, Channels {
        private final TickContext c;

        Watching(TickContext c) {
            this.c = c;
        }

        @Override
        public LoopSpec loop() {
            return c.loop();
        }

        @Override
        public long timeMicros() {
            return c.timeMicros();
        }

        @Override
        public long tickIndex() {
            return c.tickIndex();
        }

        @Override
        public Channels channels() {
            return this;
        }

        @Override
        public PhaseTimer phases() {
            return c.phases();
        }

        @Override
        public <T> Optional<T> latest(ChannelKey<T> key) {
            return c.channels().latest(key);
        }

        @Override
        public <T> Optional<Stamped<T>> stamped(ChannelKey<T> key) {
            return c.channels().stamped(key);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> void publish(ChannelKey<T> key, T value) {
            T v = value;
            if (key.equals(Commands.ACTION)) {
                watch((ActionCommand) value);
                if (noiseSigma > 0 && value instanceof Action a
                        && inner.actionSpace().type() == ActionSpace.Type.JOINT_POSITION) {
                    v = (T) perturb(a, c.timeMicros());
                }
            }
            c.channels().publish(key, v);
        }
    }
}
