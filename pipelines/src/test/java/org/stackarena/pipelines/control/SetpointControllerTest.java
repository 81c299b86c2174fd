package org.stackarena.pipelines.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stackarena.pipelines.kinematics.ArmKinematics;
import org.stackarena.pipelines.kinematics.IkSolver;
import org.stackarena.pipelines.kinematics.TopDown;
import org.stackarena.pipelines.planning.PlanCommand;
import org.stackarena.pipelines.trajectory.MinJerkSegment;
import org.stackarena.sim.robot.RobotDescriptor;

/**
 * The setpoint controller on arm7's kinematics (parsed from its MJCF, no MuJoCo): sim time is an
 * argument, so a 500 Hz run is a loop over {@code t = k dt}.
 */
class SetpointControllerTest {

  private static final double DT = 1 / 500.0;
  /** arm7.xml's joint ranges. */
  private static final double[] LOWER = {-2.8973, -1.7628, -2.8973, -3.0718, -2.8973, -0.0175, -2.8973};
  private static final double[] UPPER = {2.8973, 1.7628, 2.8973, -0.0698, 2.8973, 3.7525, 2.8973};

  private final ArmKinematics kin = ArmKinematics.forRobot("arm7");
  private final double[] home = RobotDescriptor.load("arm7").homeQpos();

  private SetpointController controller() {
    return new SetpointController(new IkSolver(ArmKinematics.forRobot("arm7"), LOWER, UPPER, home,
        IkSolver.Settings.defaults()), 3);
  }

  /** The top-down pose (x, y, z, yaw) of joint angles {@code q}. */
  private double[] pose(double[] q) {
    double[] pos = new double[3];
    double[] rot = new double[9];
    kin.forward(q, pos, rot);
    return new double[] {pos[0], pos[1], pos[2], TopDown.yaw(rot)};
  }

  private static double distance(double[] a, double[] b) {
    return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
  }

  @Test
  void startsFromTheMeasuredJointsAndHoldsWithoutACommand() {
    SetpointController sc = controller();
    assertThat(sc.tick(null, 0, home)).containsExactly(home);
    // later measurements (servo sag) do not feed back into the setpoint
    double[] sagged = home.clone();
    sagged[1] += 0.05;
    assertThat(sc.tick(null, DT, sagged)).containsExactly(home);
    // after a reset the next tick starts from the measurement again
    sc.reset();
    assertThat(sc.tick(null, 2 * DT, sagged)).containsExactly(sagged);
  }

  @Test
  void aStepInTheGoalIsFollowedAlongTheSegmentAndSettlesOnIt() {
    SetpointController sc = controller();
    double[] start = pose(home);
    double[] end = {start[0] + 0.10, start[1] - 0.08, start[2] - 0.15, start[3] + 0.4};
    double t0 = 0.1;
    PlanCommand cmd = new PlanCommand(new MinJerkSegment(start, end, t0, 1.0), 0, "TEST");
    double[] sample = new double[4];
    double worst = 0;
    double t = 0;
    for (int k = 0; t < t0 + 1.3; k++) {
      t = k * DT;
      double[] q = sc.tick(cmd, t, home);
      for (int j = 0; j < q.length; j++) {
        assertThat(q[j]).isBetween(LOWER[j], UPPER[j]);
      }
      double[] at = pose(q);
      if (t < t0) {
        assertThat(distance(at, start)).as("before the segment starts, t=%s", t).isLessThan(1e-3);
      }
      worst = Math.max(worst, distance(at, cmd.segment().sample(t, sample)));
    }
    // three DLS iterations per 2 ms tick keep up with a 1 s, 20 cm minimum-jerk move
    assertThat(worst).isLessThan(2e-3);
    double[] last = pose(sc.tick(cmd, t + DT, home));
    assertThat(distance(last, end)).isLessThan(1e-4);
    assertThat(TopDown.wrap(last[3] - end[3])).isCloseTo(0, within(1e-3));
    assertThat(sc.positionError()).isLessThan(1e-4);
  }

  @Test
  void theSameTimesGiveTheSameSetpoints() {
    double[] start = pose(home);
    double[] end = {start[0] + 0.05, start[1], start[2] - 0.05, start[3]};
    PlanCommand cmd = new PlanCommand(new MinJerkSegment(start, end, 0, 0.5), 0, "TEST");
    SetpointController a = controller();
    SetpointController b = controller();
    for (int k = 0; k < 300; k++) {
      assertThat(b.tick(cmd, k * DT, home)).containsExactly(a.tick(cmd, k * DT, home));
    }
  }

  @Test
  void anUnreachableGoalKeepsTheSetpointsInsideTheJointLimits() {
    SetpointController sc = controller();
    double[] start = pose(home);
    PlanCommand far = new PlanCommand(new MinJerkSegment(start, new double[] {1.5, 0.0, 0.3, 0}, 0, 0.5), 0,
        "TEST");
    double[] q = null;
    for (int k = 0; k < 1000; k++) {
      q = sc.tick(far, k * DT, home);
      for (int j = 0; j < q.length; j++) {
        assertThat(q[j]).as("joint %d at tick %d", j, k).isBetween(LOWER[j], UPPER[j]);
      }
    }
    assertThat(sc.positionError()).isGreaterThan(0.3);
    assertThat(distance(pose(q), new double[] {1.5, 0.0, 0.3})).isGreaterThan(0.3);
  }
}
