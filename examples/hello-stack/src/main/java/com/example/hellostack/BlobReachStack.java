package com.example.hellostack;

import java.util.List;
import org.stackarena.api.LoopRole;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.Action;
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
import org.stackarena.api.Rotations;
import org.stackarena.api.TickContext;

/**
 * An example stack written against StackArena's {@code stackarena-api} only: it reaches for the object
 * whose colour the instruction names, from the front camera's RGB-D image.
 *
 * <p>Two loops, the shape every StackArena stack has: {@code vision} (10 Hz, 20 ms fixed latency)
 * finds the pixels of the named colour, back-projects them with the depth image, the intrinsics
 * and the camera pose, and publishes a 3-D target; {@code servo} (50 Hz) moves the gripper to 2 cm
 * above the target with absolute end-effector poses ({@link ActionSpace.Type#EE_POSE}): each tick
 * it commands a point at most 5 cm from the measured position towards that goal, with the
 * orientation the gripper had at its first servo tick.
 *
 * <p>Why poses and not deltas: this servo computes its step from the <em>measured</em> position.
 * An {@link ActionSpace.Type#EE_DELTA} step is added to the pose commanded by the previous step,
 * not to the measured one, so "goal minus measured" sent as a delta every tick would count the
 * arm's tracking lag again and again (wind-up). Use deltas when your policy thinks in increments
 * of its own previous command; use poses when it knows where it wants to be.
 */
public final class BlobReachStack implements ControlStack {

    /** The 3-D target the vision loop publishes, world frame. */
    static final ChannelKey<double[]> TARGET = ChannelKey.of("hello/target", double[].class);

    private final LoopSpec vision = LoopSpec.builder("vision", 10)
        .reads(Observations.rgbd("front"), Observations.INSTRUCTION).writes(TARGET)
        .optLatency(LatencyModel.parse("fixed:20ms")).optRole(LoopRole.PERCEPTION).build();
    private final LoopSpec servo = LoopSpec.builder("servo", 50)
        .reads(TARGET, Observations.PROPRIOCEPTION).writes(Commands.ACTION).optRole(LoopRole.CONTROL).build();
    /** Largest distance (m) between the measured position and the commanded one, per tick. */
    static final double MAX_STEP_M = 0.05;

    /** The workspace the servo commands (base frame, m); targets outside are clamped into it. */
    private static final double[] WORK_LOW = {-1.5, -1.5, -0.5};
    private static final double[] WORK_HIGH = {1.5, 1.5, 2.0};

    private final ActionSpace space = ActionSpace.eePose(WORK_LOW, WORK_HIGH);
    private double hue;
    /** Rotation vector of the gripper's orientation at the episode's first servo tick. */
    private double[] orientation;

    @Override
    public String name() {
        return "hello-reach";
    }

    @Override
    public List<LoopSpec> loops() {
        return List.of(vision, servo);
    }

    @Override
    public void reset(EpisodeContext context) {
        orientation = null;
        hue = BlobLocator.hue(context.instruction());
    }

    @Override
    public ActionSpace actionSpace() {
        return space;
    }

    @Override
    public void tick(String loop, TickContext ctx) {
        if (loop.equals("vision")) {
            ctx.channels().latest(Observations.rgbd("front")).ifPresent(f -> {
                double[] target = locate(f, ctx.phases());
                if (target != null) {
                    ctx.channels().publish(TARGET, target);
                }
            });
        } else {
            Proprioception p = ctx.channels().latest(Observations.PROPRIOCEPTION).orElse(null);
            double[] target = ctx.channels().latest(TARGET).orElse(null);
            if (p == null || target == null) {
                return;
            }
            if (orientation == null) {
                orientation = new double[3];
                Rotations.quaternionToRotationVector(p.eeQuaternion(), orientation);
            }
            double[] pose = new double[6];
            for (int i = 0; i < 3; i++) {
                double goal = target[i] + (i == 2 ? 0.02 : 0);
                double ee = p.eePosition()[i];
                double step = Math.max(ee - MAX_STEP_M, Math.min(ee + MAX_STEP_M, goal));
                pose[i] = Math.max(WORK_LOW[i], Math.min(WORK_HIGH[i], step));
                pose[3 + i] = orientation[i];
            }
            ctx.channels().publish(Commands.ACTION, new Action(pose, 0));
        }
    }

    /** @return the mean world position of the pixels of the wanted colour, or null if none */
    double[] locate(CameraFrame f, PhaseTimer phases) {
        try (PhaseTimer.Span s = phases.time(Phase.INFER)) {
            return BlobLocator.locate(f, hue);
        }
    }

    @Override
    public void close() {
        // nothing to free
    }
}
