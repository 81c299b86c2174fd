package org.stackarena.api;

import java.util.List;

/**
 * Reference stack that holds the arm where it starts: one loop reads proprioception and commands
 * the joint positions it saw on its first tick of the episode (clamped into the joint limits),
 * gripper open. The simplest possible baseline, and a check that the harness keeps a robot still.
 */
public final class HoldStillStack implements ControlStack {

  private final LoopSpec loop;
  private ActionSpace space;
  private double[] hold;

  /** A hold-still stack ticking at 100 Hz with no latency. */
  public HoldStillStack() {
    this(100.0);
  }

  /** A hold-still stack ticking at {@code rateHz}. */
  public HoldStillStack(double rateHz) {
    this.loop = LoopSpec.builder("hold", rateHz)
        .reads(Observations.PROPRIOCEPTION)
        .writes(Commands.ACTION)
        .optRole(LoopRole.CONTROL)
        .build();
  }

  @Override
  public String name() {
    return "hold-still";
  }

  @Override
  public List<LoopSpec> loops() {
    return List.of(loop);
  }

  @Override
  public void reset(EpisodeContext context) {
    RobotDescription robot = context.robot();
    space = ActionSpace.jointPosition(robot.jointLower(), robot.jointUpper());
    hold = null;
  }

  @Override
  public ActionSpace actionSpace() {
    if (space == null) {
      throw new IllegalStateException("hold-still: actionSpace() called before reset()");
    }
    return space;
  }

  @Override
  public void tick(String loopName, TickContext context) {
    if (hold == null) {
      Proprioception p = context.channels().latest(Observations.PROPRIOCEPTION).orElse(null);
      if (p == null) {
        return; // nothing to hold yet
      }
      hold = new double[space.dimension()];
      for (int i = 0; i < hold.length; i++) {
        hold[i] = Math.min(space.high(i), Math.max(space.low(i), p.jointPositions()[i]));
      }
    }
    context.channels().publish(Commands.ACTION, new Action(hold, 0.0));
  }

  @Override
  public void close() {
    hold = null;
  }
}
