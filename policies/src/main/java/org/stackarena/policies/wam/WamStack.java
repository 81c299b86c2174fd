package org.stackarena.policies.wam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Commands;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.LoopRole;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.Stamped;
import org.stackarena.api.TickContext;
import org.stackarena.api.policy.ActionTranslator;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyModel;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.api.policy.PolicyStage;
import org.stackarena.api.policy.PolicyTranslator;
import org.stackarena.policies.PolicySpec;
import org.stackarena.policies.VlaPolicy;
import org.stackarena.policies.VlaStack;

/**
 * The world-action-model stack: a {@link PolicyStack} of two stages.
 * <ul>
 *   <li>{@value #PLANNER} (role {@link LoopRole#IMAGINATION}, 10 Hz by default): the frozen System 2 turns
 *       the front image and the instruction into its goal estimate; the frozen System 1 proposes a chunk from
 *       it and proprioception; the world model encodes the observation into a latent, and the
 *       {@link MppiPlanner} imagines {@code samples} candidates around the proposal (one batched call per
 *       imagined step) and scores them with the {@link TaskCost}. It publishes the chosen chunk, absolute
 *       {@link ActionSpace.Type#EE_POSE} waypoints 0.1 s apart, on {@link #PLAN}. It counts, in the episode
 *       record's loop counters, {@code planned} ticks, {@code best_not_proposal} (the lowest-cost candidate
 *       of the first iteration was not the proposal itself), {@code shifted_over_5mm} (the executed chunk
 *       moved a waypoint more than 5 mm from the proposal's) and {@code shift_um} (the sum of that largest
 *       move, in micrometres).</li>
 *   <li>{@value #TRACKER} (role {@link LoopRole#CONTROL}, 100 Hz): re-times the newest plan to now (the plan's
 *       waypoint k is for {@code k + 1} intervals after the tick that made it, interpolated linearly), bounds
 *       each step's move by the encoder checkpoint's {@code max_linear} starting from the measured
 *       end-effector position and clamps it into the workspace, and publishes the chunk for the chunk
 *       execution strategy (default: ACT ensembling over 1 s, gripper thresholded at 0.5).</li>
 * </ul>
 * At run time the stack sees the front camera, proprioception and the instruction only.
 */
public final class WamStack {

    /** The planner -> tracker channel: the chosen chunk of absolute waypoints. */
    public static final ChannelKey<ActionChunk> PLAN = ChannelKey.of("wam/plan", ActionChunk.class);
    /** Loop names. */
    public static final String PLANNER = "planner", TRACKER = "tracker";
    /** A chosen chunk counts as shifted when a waypoint moved more than this from the proposal's (m). */
    static final double SHIFT_M = 0.005;

    private WamStack() {}

    /** The default chunk execution for {@code spec}: its {@code chunk_execution}, else ensembling over 1 s. */
    public static ChunkExecution defaultExecution(WamSpec spec) {
        return spec.chunkExecution() != null ? ChunkExecution.parse(spec.chunkExecution()) : ChunkExecution.ensemble(1.0);
    }

    /** A stack named {@code name} over {@code policy} (closed with the stack) with the checkpoint's planner and rates. */
    public static PolicyStack create(WamPolicy policy, String name, LatencyModel latency, ChunkExecution execution) {
        return create(policy, name, policy.spec().planner(), policy.spec().loops().plannerHz(),
            policy.spec().loops().trackerHz(), latency, execution);
    }

    /**
     * A stack over {@code policy} (closed with the stack).
     *
     * @param planner the planning budget (the checkpoint's, or another for a budget sweep)
     */
    public static PolicyStack create(WamPolicy policy, String name, WamSpec.Planner planner, double plannerHz,
                                     double trackerHz, LatencyModel latency, ChunkExecution execution) {
        ChannelKey<CameraFrame> camera = Observations.rgbd(policy.encoder().spec().cameras().get(0));
        PolicyStage<PlannerInput, ActionChunk, ActionChunk> p =
            PolicyStage.<PlannerInput, ActionChunk, ActionChunk>builder(PLANNER, plannerHz)
                .reads(camera, Observations.INSTRUCTION, Observations.PROPRIOCEPTION)
                .setModel(new PlannerModel(policy, planner)).setTranslator(new PlannerTranslator(policy, camera))
                .setOutput(PLAN).optLatency(latency).optRole(LoopRole.IMAGINATION).build();
        PolicyStage<TrackerInput, TrackerInput, ActionChunk> t =
            PolicyStage.<TrackerInput, TrackerInput, ActionChunk>builder(TRACKER, trackerHz)
                .reads(PLAN, Observations.PROPRIOCEPTION).setModel(new TrackerModel())
                .setTranslator(new Tracker(policy.encoder().spec())).setOutput(Commands.ACTION)
                .optLatency(latency).optRole(LoopRole.CONTROL).build();
        return PolicyStack.builder(name).addStage(p).setActionStage(t).optChunkExecution(execution)
            .optGripperThreshold(0.5).optOwned(policy).build();
    }

    /** The planner stage's input: the preprocessed image (reused), the instruction, proprioception, the tick. */
    static final class PlannerInput {
        final float[] image;
        String instruction;
        Proprioception proprioception;
        TickContext tick;

        PlannerInput(int size) {
            image = new float[size];
        }
    }

    /**
     * Encode, propose, imagine, choose. Counters go to the tick of the input. Seeded per episode from the
     * episode seed.
     */
    static final class PlannerModel implements PolicyModel<PlannerInput, ActionChunk> {
        private final WamPolicy policy;
        private final MppiPlanner planner;
        private final VlaStack.System1Proposer proposer;
        private final float[] features = new float[10];
        private final float[] input = new float[WamSpec.INPUT_DIM];

        PlannerModel(WamPolicy policy, WamSpec.Planner config) {
            this.policy = policy;
            this.planner = new MppiPlanner(config, 0);
            this.proposer = new VlaStack.System1Proposer(policy.encoder());
        }

        @Override
        public void reset(EpisodeContext context) {
            planner.reset(context.seed() * 0x9E3779B97F4A7C15L + 17);
        }

        @Override
        public ActionChunk predict(PlannerInput in) throws Exception {
            VlaPolicy enc = policy.encoder();
            float[] s2 = enc.system2(in.image, in.instruction);
            ActionChunk proposal = proposer.propose(s2, in.proprioception);
            VlaPolicy.features(in.proprioception, features);
            float[] latent = policy.encode(policy.input(s2, features, input));
            int h = Math.min(planner.config().horizon(), proposal.steps().size());
            if (h != planner.config().horizon()) {
                throw new IllegalStateException("planner horizon " + planner.config().horizon()
                    + " exceeds the proposal's chunk of " + proposal.steps().size());
            }
            double[] ee = in.proprioception.eePosition();
            double[] acts = new double[h * WamSpec.ACTION_DIM];
            double[] prev = ee.clone();
            for (int k = 0; k < h; k++) {
                Action s = proposal.steps().get(k);
                for (int d = 0; d < 3; d++) {
                    acts[k * 4 + d] = s.values()[d] - prev[d];
                    prev[d] = s.values()[d];
                }
                acts[k * 4 + 3] = s.gripper();
            }
            MppiPlanner.Plan plan = planner.plan((a, n, hh) -> policy.imagine(latent, a, n, hh), acts,
                new TaskCost(enc.goal(s2)));
            if (in.tick != null) {
                in.tick.count("planned", 1);
                in.tick.count("best_not_proposal", plan.bestIsProposal() ? 0 : 1);
                in.tick.count("shifted_over_5mm", plan.shiftM() > SHIFT_M ? 1 : 0);
                in.tick.count("shift_um", Math.round(plan.shiftM() * 1e6));
            }
            // chosen waypoints for the planned steps; later steps keep the proposal's, moved by the last offset
            List<Action> out = new ArrayList<>(proposal.steps().size());
            double[] pos = ee.clone();
            double[] offset = new double[3];
            for (int k = 0; k < proposal.steps().size(); k++) {
                Action s = proposal.steps().get(k);
                double[] v = s.values().clone();
                for (int d = 0; d < 3; d++) {
                    if (k < h) {
                        pos[d] += plan.actions()[k * 4 + d];
                        offset[d] = pos[d] - v[d];
                        v[d] = pos[d];
                    } else {
                        v[d] += offset[d];
                    }
                    v[d] = Math.max(PolicySpec.WORKSPACE_LOW[d], Math.min(PolicySpec.WORKSPACE_HIGH[d], v[d]));
                }
                out.add(new Action(v, s.gripper()));
            }
            return new ActionChunk(out, proposal.intervalSeconds());
        }

        @Override
        public void close() {
        }
    }

    /** Camera frame -> System 2's image; the plan is published as it is. */
    static final class PlannerTranslator implements PolicyTranslator<PlannerInput, ActionChunk, ActionChunk> {
        private final WamPolicy policy;
        private final ChannelKey<CameraFrame> camera;
        private final PlannerInput input;
        private String instruction = "";

        PlannerTranslator(WamPolicy policy, ChannelKey<CameraFrame> camera) {
            this.policy = policy;
            this.camera = camera;
            PolicySpec s = policy.encoder().spec();
            this.input = new PlannerInput(3 * s.imageWidth() * s.imageHeight());
        }

        @Override
        public void reset(EpisodeContext context) {
            instruction = context.instruction();
        }

        @Override
        public PlannerInput processInput(TickContext ctx) {
            Optional<CameraFrame> f = ctx.channels().latest(camera);
            Proprioception p = ctx.channels().latestOr(Observations.PROPRIOCEPTION, null);
            if (f.isEmpty() || p == null) {
                return null;
            }
            policy.encoder().image(f.get(), input.image);
            input.instruction = ctx.channels().latestOr(Observations.INSTRUCTION, instruction);
            input.proprioception = p;
            input.tick = ctx;
            return input;
        }

        @Override
        public ActionChunk processOutput(TickContext ctx, ActionChunk out) {
            return out;
        }
    }

    /** The tracker's input: the newest plan with its tick time, and proprioception. */
    static final class TrackerInput {
        ActionChunk plan;
        long planMicros;
        long nowMicros;
        Proprioception proprioception;
    }

    /** The tracker has no network: its "model" passes the input on; the work is in {@link Tracker}. */
    static final class TrackerModel implements PolicyModel<TrackerInput, TrackerInput> {
        @Override
        public TrackerInput predict(TrackerInput in) {
            return in;
        }

        @Override
        public void close() {
        }
    }

    /**
     * Re-times the plan to the tick and bounds each step from the measured end effector. Step j of the
     * published chunk is the plan's waypoint at {@code elapsed / interval + j} (fractional index, linear in
     * position; orientation and gripper of the nearest waypoint; the last waypoint beyond the end).
     */
    static final class Tracker implements ActionTranslator<TrackerInput, TrackerInput> {
        private final ActionSpace space;
        private final double maxLinear;
        private final int steps;
        private final TrackerInput input = new TrackerInput();

        Tracker(PolicySpec encoder) {
            this.space = encoder.space();
            this.maxLinear = encoder.maxLinear();
            this.steps = encoder.chunkSize();
        }

        @Override
        public ActionSpace actionSpace() {
            return space;
        }

        @Override
        public TrackerInput processInput(TickContext ctx) {
            Optional<Stamped<ActionChunk>> plan = ctx.channels().stamped(PLAN);
            Proprioception p = ctx.channels().latestOr(Observations.PROPRIOCEPTION, null);
            if (plan.isEmpty() || p == null) {
                return null;
            }
            input.plan = plan.get().value();
            input.planMicros = plan.get().publishedMicros();
            input.nowMicros = ctx.timeMicros();
            input.proprioception = p;
            return input;
        }

        @Override
        public ActionChunk processOutput(TickContext ctx, TrackerInput in) {
            List<Action> wp = in.plan.steps();
            int last = wp.size() - 1;
            double u0 = (in.nowMicros - in.planMicros) / (in.plan.intervalSeconds() * 1e6);
            double[] prev = in.proprioception.eePosition();
            Action[] out = new Action[steps];
            for (int j = 0; j < steps; j++) {
                double u = Math.max(0, u0 + j);
                int k0 = (int) Math.min(last, Math.floor(u));
                int k1 = Math.min(last, k0 + 1);
                double f = Math.min(1, u - k0);
                Action a = wp.get(k0), b = wp.get(k1);
                Action near = f < 0.5 ? a : b;
                double[] v = near.values().clone();
                for (int d = 0; d < 3; d++) {
                    double x = a.values()[d] + f * (b.values()[d] - a.values()[d]);
                    x = Math.max(prev[d] - maxLinear, Math.min(prev[d] + maxLinear, x));
                    v[d] = Math.max(space.low(d), Math.min(space.high(d), x));
                }
                prev = v;
                out[j] = new Action(v, near.gripper());
            }
            return new ActionChunk(java.util.Arrays.asList(out), in.plan.intervalSeconds());
        }
    }
}
