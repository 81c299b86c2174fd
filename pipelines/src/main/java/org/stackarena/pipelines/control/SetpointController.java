package org.stackarena.pipelines.control;

import org.stackarena.pipelines.kinematics.IkSolver;
import org.stackarena.pipelines.kinematics.TopDown;
import org.stackarena.pipelines.planning.PlanCommand;

/**
 * Turns the planner's current Cartesian segment into joint-position setpoints: sample the segment
 * at the tick's time, build the top-down goal rotation for its yaw, run a few DLS iterations
 * warm-started from the previous setpoint (not from the measured joints, so the servos' gravity
 * sag does not feed back into the command), clamp to the joint limits.
 *
 * <p>{@link #tick} allocates nothing; the setpoint array is owned by this object and overwritten
 * every tick (copy it before publishing).
 */
public final class SetpointController {

  private final IkSolver ik;
  private final int iterations;
  private final double[] q;
  private final double[] pose = new double[4];
  private final double[] goalPos = new double[3];
  private final double[] goalRot = new double[9];
  private boolean initialised;

  /**
   * @param ik the IK solver (owned by this controller from now on)
   * @param iterationsPerTick DLS iterations per tick
   */
  public SetpointController(IkSolver ik, int iterationsPerTick) {
    this.ik = ik;
    this.iterations = iterationsPerTick;
    this.q = new double[ik.kinematics().dof()];
  }

  /** Forgets the previous setpoint: the next tick starts from the measured joints. */
  public void reset() {
    initialised = false;
  }

  /**
   * One control tick.
   *
   * @param command the command to track, or null to hold the current setpoint
   * @param t sim time (s)
   * @param measuredQ measured joint positions (read; used only on the first tick)
   * @return the joint setpoints (owned by this controller, overwritten next tick)
   */
  public double[] tick(PlanCommand command, double t, double[] measuredQ) {
    if (!initialised) {
      System.arraycopy(measuredQ, 0, q, 0, q.length);
      initialised = true;
    }
    if (command != null) {
      command.segment().sample(t, pose);
      goalPos[0] = pose[0];
      goalPos[1] = pose[1];
      goalPos[2] = pose[2];
      TopDown.rotation(pose[3], goalRot);
      for (int i = 0; i < iterations; i++) {
        ik.step(q, goalPos, goalRot);
      }
    }
    return q;
  }

  /** Position error of the last IK iteration (m). */
  public double positionError() {
    return ik.positionError();
  }
}
