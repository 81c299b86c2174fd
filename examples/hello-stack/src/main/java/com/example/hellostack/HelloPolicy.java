package com.example.hellostack;

import java.util.ArrayList;
import java.util.List;
import org.stackarena.api.LoopRole;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
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

/**
 * The example as a <em>policy</em> on StackArena's Policy contract: a {@link PolicyModel} (here the
 * colour-blob locator; in a real policy, your network) and an {@link ActionTranslator} (camera frame
 * and proprioception in; an {@link ActionChunk} of absolute end-effector poses out), put together by
 * {@link PolicyStack}, which owns the loop, the preprocess / infer / postprocess timing, the NaN check,
 * the hold rule and the chunk execution. Compare {@link BlobReachStack}, the same behaviour written as a
 * hand-made two-loop {@code ControlStack}.
 *
 * <p>One loop, {@code policy} at {@code rateHz}: each tick predicts where the named object is and
 * publishes a chunk of {@link #STEPS} poses {@link #INTERVAL_S} apart, a straight line from the
 * measured position to 2 cm above the object, at most {@link BlobReachStack#MAX_STEP_M} per step,
 * keeping the gripper's first-tick orientation.
 */
public final class HelloPolicy {

    /** Chunk length. */
    public static final int STEPS = 5;
    /** Seconds between chunk steps. */
    public static final double INTERVAL_S = 0.1;
    private static final double[] WORK_LOW = {-1.5, -1.5, -0.5};
    private static final double[] WORK_HIGH = {1.5, 1.5, 2.0};

    private HelloPolicy() {}

    /**
     * The policy as a stack.
     *
     * @param name the stack name in results
     * @param rateHz the loop rate
     * @param execution how chunks are executed (any {@link ChunkExecution}, e.g. hold-and-switch or rtc)
     */
    public static PolicyStack create(String name, double rateHz, ChunkExecution execution) {
        return PolicyStack.builder(name)
            .setActionStage(PolicyStage.<Input, double[], ActionChunk>builder("policy", rateHz)
                .reads(Observations.rgbd("front"), Observations.PROPRIOCEPTION)
                .setModel(new LocatorModel()).setTranslator(new Translator()).setOutput(Commands.ACTION)
                .optLatency(LatencyModel.measured()).optRole(LoopRole.SYSTEM1).build())
            .optChunkExecution(execution)
            .build();
    }

    /** The model's input: a camera frame and the hue to look for. */
    static final class Input {
        CameraFrame frame;
        double hue;
    }

    /** The "network": where the pixels of the named colour are, or an empty array if none are seen. */
    static final class LocatorModel implements PolicyModel<Input, double[]> {
        private static final double[] NONE = new double[0];

        @Override
        public double[] predict(Input in) {
            double[] target = BlobLocator.locate(in.frame, in.hue);
            return target == null ? NONE : target;
        }

        @Override
        public void close() {
            // nothing to free; a DJL model would close its NDManager here
        }
    }

    /** Observations -> model input; predicted target -> a chunk of EE_POSE steps. */
    static final class Translator implements ActionTranslator<Input, double[]> {
        private final ActionSpace space = ActionSpace.eePose(WORK_LOW, WORK_HIGH);
        private final Input input = new Input();
        private Proprioception proprio;
        private double[] orientation;

        @Override
        public void reset(EpisodeContext context) {
            input.hue = BlobLocator.hue(context.instruction());
            orientation = null;
        }

        @Override
        public ActionSpace actionSpace() {
            return space;
        }

        @Override
        public Input processInput(TickContext ctx) {
            input.frame = ctx.channels().latestOr(Observations.rgbd("front"), null);
            proprio = ctx.channels().latestOr(Observations.PROPRIOCEPTION, null);
            return input.frame == null || proprio == null ? null : input;   // null: nothing to do yet
        }

        @Override
        public ActionChunk processOutput(TickContext ctx, double[] target) {
            if (orientation == null) {
                orientation = new double[3];
                Rotations.quaternionToRotationVector(proprio.eeQuaternion(), orientation);
            }
            double[] from = proprio.eePosition();
            List<Action> steps = new ArrayList<>(STEPS);
            double[] at = from.clone();
            for (int k = 0; k < STEPS; k++) {
                double[] pose = new double[6];
                for (int i = 0; i < 3; i++) {
                    // no object seen: hold where the arm is
                    double goal = target.length == 0 ? from[i] : target[i] + (i == 2 ? 0.02 : 0);
                    double step = Math.max(at[i] - BlobReachStack.MAX_STEP_M, Math.min(at[i] + BlobReachStack.MAX_STEP_M, goal));
                    pose[i] = Math.max(WORK_LOW[i], Math.min(WORK_HIGH[i], step));
                    at[i] = pose[i];
                    pose[3 + i] = orientation[i];
                }
                steps.add(new Action(pose, 0));
            }
            return new ActionChunk(steps, INTERVAL_S);
        }
    }
}
