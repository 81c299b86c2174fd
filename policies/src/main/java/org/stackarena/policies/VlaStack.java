package org.stackarena.policies;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Phase;
import org.stackarena.api.PhaseTimer;
import org.stackarena.api.Proprioception;
import org.stackarena.api.TickContext;

/**
 * The dual-system VLA as a control stack: loop {@code system2} (default 5 Hz) reads the front
 * RGB-D frame and the instruction and publishes the latent goal on {@link #LATENT}; loop
 * {@code system1} (default 100 Hz, fine up to kHz rates) reads the newest latent and
 * proprioception and publishes an EE-delta {@link ActionChunk} that the harness executes between
 * ticks. Before the first latent is visible System 1 publishes nothing (the arm holds its pose).
 *
 * <p>Temporal ensembling: each new step 0 is the average of what all chunks of the last second
 * predicted for one interval ahead ({@code ChunkEnsemble}, as in ACT), which carries the arm through
 * the timed pauses of the demonstrations.
 *
 * <p>Waypoint timing: the model's chunk steps are end-effector waypoints one chunk interval
 * (0.1 s) apart, and the world anchors an EE-delta action at the pose it sees when that action
 * object first arrives. A System 1 faster than the chunk rate therefore keeps step 0 (the same
 * object) until one interval has passed and refreshes only the later steps; otherwise it would
 * re-anchor a 0.1 s waypoint every tick and drive the arm several times faster than the
 * demonstrations. Each new waypoint's delta is taken from where the world will anchor it (the
 * previous goal while the arm is near it, see {@code anchor}), so the world's goal is the
 * waypoint itself.
 * Both loops default to {@code measured} latency (their own wall time).
 */
public final class VlaStack implements ControlStack {

    /** The System 2 -> System 1 latent channel. */
    public static final ChannelKey<float[]> LATENT = ChannelKey.of("vla/latent", float[].class);
    /** Loop names. */
    public static final String SYSTEM1 = "system1", SYSTEM2 = "system2";

    private final VlaPolicy policy;
    private final String name;
    private final List<LoopSpec> loops;
    private final ChannelKey<CameraFrame> camera;
    private String instruction = "";
    private Action current;
    private ChunkEnsemble ensemble;
    private long currentSince;
    /** Where this stack's last new waypoint put the world's Cartesian goal (valid once {@code hasGoal}). */
    private final double[] goal = new double[3];
    private boolean hasGoal;

    /** A stack over {@code policy} at the checkpoint's loop rates with measured latency. */
    public VlaStack(VlaPolicy policy) {
        this(policy, "vla", policy.spec().system1Hz(), policy.spec().system2Hz(), LatencyModel.measured(1.0));
    }

    /**
     * A stack with explicit rates and default latency model.
     *
     * @param name stack name in results
     */
    public VlaStack(VlaPolicy policy, String name, double system1Hz, double system2Hz, LatencyModel latency) {
        this.policy = policy;
        this.name = name;
        this.camera = Observations.rgbd(policy.spec().cameras().get(0));
        this.loops = List.of(
            LoopSpec.builder(SYSTEM2, system2Hz).reads(camera, Observations.INSTRUCTION).writes(LATENT)
                .optLatency(latency).build(),
            LoopSpec.builder(SYSTEM1, system1Hz).reads(LATENT, Observations.PROPRIOCEPTION).writes(Commands.ACTION)
                .optLatency(latency).build());
    }

    /** The policy. */
    public VlaPolicy policy() {
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

    @Override
    public void reset(EpisodeContext context) {
        instruction = context.instruction();
        current = null;
        hasGoal = false;
        currentSince = 0;
        ensemble = new ChunkEnsemble(policy.spec().chunkSize(), Math.round(policy.spec().chunkInterval() * 1e6));
    }

    @Override
    public ActionSpace actionSpace() {
        return policy.spec().space();
    }

    @Override
    public void tick(String loop, TickContext ctx) {
        PhaseTimer ph = ctx.phases();
        if (SYSTEM2.equals(loop)) {
            Optional<CameraFrame> f = ctx.channels().latest(camera);
            if (f.isEmpty()) {
                return;
            }
            String text = ctx.channels().latestOr(Observations.INSTRUCTION, instruction);
            float[] latent = policy.system2(f.get(), text, ph);
            long t2 = System.nanoTime();
            ctx.channels().publish(LATENT, latent);
            ph.record(Phase.POSTPROCESS, System.nanoTime() - t2);
        } else if (SYSTEM1.equals(loop)) {
            Optional<float[]> latent = ctx.channels().latest(LATENT);
            Optional<Proprioception> p = ctx.channels().latest(Observations.PROPRIOCEPTION);
            if (latent.isEmpty() || p.isEmpty()) {
                return;
            }
            long t0 = System.nanoTime();
            float[] features = policy.features(p.get());
            float[] state = policy.normalise(features);
            long t1 = System.nanoTime();
            float[] raw = policy.system1(latent.get(), state);
            long t2 = System.nanoTime();
            ActionChunk chunk = policy.chunk(raw, features);
            long interval = chunk.intervalMicros();
            long halfTick = (long) (0.5e6 / ctx.loop().rateHz());
            double[] start = new double[PolicySpec.ACTION_DIM];
            for (int i = 0; i < PolicySpec.NORM_DIM; i++) {
                start[i] = features[i];
            }
            ensemble.add(ctx.timeMicros(), start, policy.waypoints(raw, features));
            if (current == null || ctx.timeMicros() - currentSince >= interval - halfTick) {
                // a new waypoint, one interval ahead, from the ensemble of recent chunks; the world
                // anchors it when it arrives
                double[] from = anchor(hasGoal ? goal : null, features);
                current = policy.toward(ensemble.at(ctx.timeMicros() + interval), from, features);
                double[] v = current.values();
                for (int i = 0; i < 3; i++) {
                    goal[i] = from[i] + v[i];   // from may be goal itself: element-wise in place is safe
                }
                hasGoal = true;
                currentSince = ctx.timeMicros();
            } else {
                // same waypoint object (the world does not re-anchor it), fresher later steps
                List<Action> steps = new ArrayList<>(chunk.steps());
                steps.set(0, current);
                chunk = new ActionChunk(steps, chunk.intervalSeconds());
            }
            ctx.channels().publish(Commands.ACTION, chunk);
            ph.record(Phase.PREPROCESS, t1 - t0);
            ph.record(Phase.INFER, t2 - t1);
            ph.record(Phase.POSTPROCESS, System.nanoTime() - t2);
        } else {
            throw new IllegalArgumentException("no loop '" + loop + "' in stack " + name);
        }
    }

    /**
     * The position the world will add the next waypoint's delta to ({@link ActionSpace.Type#EE_DELTA}):
     * the previous goal ({@code goal}, null before the first waypoint) while the end effector is within
     * {@link ActionSpace#EE_DELTA_ANCHOR_RADIUS_M} of it, else the measured position. A delta taken from
     * the measured position instead would add the arm's tracking lag to every waypoint: integral action,
     * which with the ensemble's lag set the arm oscillating over the pad by +-1.5 cm until the carried
     * object slipped out (measured).
     */
    static double[] anchor(double[] goal, float[] features) {
        double[] ee = {features[0], features[1], features[2]};
        return goal != null && ActionSpace.eeDeltaAnchorsAtGoal(goal, ee) ? goal : ee;
    }

    @Override
    public void close() {
        policy.close();
    }
}
