package org.stackarena.pipelines.kinematics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.Simulation.ObjType;
import org.stackarena.sim.robot.RobotDescriptor;
import org.stackarena.api.RobotDescription;

/** FK and Jacobian against MuJoCo; IK convergence and unreachable goals. */
class ArmKinematicsTest {

  @Test
  void forwardKinematicsMatchesMujocoWithinAMillimetre() {
    for (String robot : new String[] {"arm7", "arm6", "arm5"}) {
      try (ScenarioWorld w = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), robot,
          ConditionLoader.load("lab"), 32, 32)) {
        w.reset(1);
        Simulation sim = w.simulation();
        RobotDescription d = w.robot();
        ArmKinematics kin = ArmKinematics.forRobot(robot);
        int n = kin.dof();
        int[] adr = new int[n];
        int[] dof = new int[n];
        for (int j = 0; j < n; j++) {
          int id = sim.id(ObjType.JOINT, d.jointNames().get(j));
          adr[j] = sim.jointQposAddress(id);
          dof[j] = sim.jointDofAddress(id);
        }
        int site = sim.id(ObjType.SITE, "ee");
        Random rnd = new Random(7);
        double[] q = new double[n];
        double[] pos = new double[3];
        double[] rot = new double[9];
        double[] simPos = new double[3];
        double[] simRot = new double[9];
        double[] jac = new double[6 * n];
        double[] jacp = new double[3 * sim.nv()];
        double[] jacr = new double[3 * sim.nv()];
        for (int trial = 0; trial < 50; trial++) {
          for (int j = 0; j < n; j++) {
            q[j] = d.jointLower()[j] + rnd.nextDouble() * (d.jointUpper()[j] - d.jointLower()[j]);
            sim.setQpos(adr[j], q[j]);
          }
          sim.forward();
          sim.readSitePos(site, simPos);
          sim.readSiteRot(site, simRot);
          sim.siteJacobian(site, jacp, jacr);
          kin.jacobian(q, pos, rot, jac);
          for (int i = 0; i < 3; i++) {
            assertThat(Math.abs(pos[i] - simPos[i])).as(robot + " pos " + i).isLessThan(1e-3);
          }
          for (int i = 0; i < 9; i++) {
            assertThat(Math.abs(rot[i] - simRot[i])).as(robot + " rot " + i).isLessThan(1e-3);
          }
          for (int j = 0; j < n; j++) {
            for (int r = 0; r < 3; r++) {
              assertThat(Math.abs(jac[r * n + j] - jacp[r * sim.nv() + dof[j]])).isLessThan(1e-3);
              assertThat(Math.abs(jac[(r + 3) * n + j] - jacr[r * sim.nv() + dof[j]])).isLessThan(1e-3);
            }
          }
        }
      }
    }
  }

  @Test
  void homeIsAboveTheWorkAreaPointingDown() {
    for (String robot : new String[] {"arm7", "arm6", "arm5"}) {
      ArmKinematics kin = ArmKinematics.forRobot(robot);
      double[] pos = new double[3];
      double[] rot = new double[9];
      kin.forward(RobotDescriptor.load(robot).homeQpos(), pos, rot);
      assertThat(pos[0]).isCloseTo(0.45, org.assertj.core.api.Assertions.within(1e-3));
      assertThat(pos[2]).isCloseTo(0.45, org.assertj.core.api.Assertions.within(1e-3));
      assertThat(rot[8]).isLessThan(-0.999);
      assertThat(TopDown.yaw(rot)).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-3));
    }
  }

  @Test
  void ikConvergesToReachablePosesFromRandomSeedsAndReportsUnreachableOnes() {
    for (String robot : new String[] {"arm7", "arm6", "arm5"}) {
      RobotDescriptor rd = RobotDescriptor.load(robot);
      ArmKinematics kin = ArmKinematics.forRobot(robot);
      double[] lower = new double[kin.dof()];
      double[] upper = new double[kin.dof()];
      limits(robot, lower, upper);
      IkSolver ik = new IkSolver(kin, lower, upper, rd.homeQpos(), IkSolver.Settings.defaults());
      Random rnd = new Random(11);
      double[] goal = new double[3];
      double[] rot = new double[9];
      double[] pos = new double[3];
      double[] r2 = new double[9];
      int ok = 0;
      int trials = 40;
      for (int t = 0; t < trials; t++) {
        goal[0] = 0.35 + 0.3 * rnd.nextDouble();
        goal[1] = -0.22 + 0.44 * rnd.nextDouble();
        goal[2] = 0.02 + 0.25 * rnd.nextDouble();
        TopDown.rotation(-1.2 + 2.4 * rnd.nextDouble(), rot);
        double[] q = rd.homeQpos().clone();
        for (int j = 0; j < q.length; j++) {
          q[j] += 0.3 * (rnd.nextDouble() - 0.5);
        }
        boolean solved = ik.solve(q, goal, rot, 300);
        if (solved) {
          ok++;
          kin.forward(q, pos, r2);
          assertThat(Math.hypot(Math.hypot(pos[0] - goal[0], pos[1] - goal[1]), pos[2] - goal[2]))
              .isLessThan(2e-4);
          for (int j = 0; j < q.length; j++) {
            assertThat(q[j]).isBetween(lower[j], upper[j]);
          }
        }
      }
      assertThat(ok).as(robot + " reachable goals solved").isGreaterThanOrEqualTo(trials - 1);
      // far outside the reach
      goal[0] = 1.5;
      goal[1] = 0;
      goal[2] = 0.3;
      double[] q = rd.homeQpos().clone();
      assertThat(ik.solve(q, goal, TopDown.rotation(0, rot), 300)).isFalse();
      assertThat(ik.positionError()).isGreaterThan(0.3);
    }
  }

  @Test
  void theChainReadFromMjcfTextMatchesTheOneFromTheCompiledModel() {
    // two independent derivations of the same kinematics: a walk over the MJCF's bodies, and MuJoCo's
    // compiled joint axes and anchors at q = 0
    for (String robot : new String[] {"arm7", "arm6", "arm5"}) {
      RobotDescriptor d = RobotDescriptor.load(robot);
      ArmKinematics parsed = ArmKinematics.fromMjcf(robot, RobotDescriptor.modelText(d.mjcf()), d.eeSite(), d.joints());
      ArmKinematics compiled = ArmKinematics.forRobot(robot);
      Random rnd = new Random(3);
      double[] q = new double[d.dof()];
      double[] p1 = new double[3], r1 = new double[9], j1 = new double[6 * d.dof()];
      double[] p2 = new double[3], r2 = new double[9], j2 = new double[6 * d.dof()];
      for (int t = 0; t < 20; t++) {
        for (int j = 0; j < q.length; j++) {
          q[j] = -2 + 4 * rnd.nextDouble();
        }
        parsed.jacobian(q, p1, r1, j1);
        compiled.jacobian(q, p2, r2, j2);
        assertThat(p1).as(robot).containsExactly(p2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r1).as(robot).containsExactly(r2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(j1).as(robot).containsExactly(j2, org.assertj.core.api.Assertions.within(1e-9));
      }
    }
  }

  static void limits(String robot, double[] lower, double[] upper) {
    try (ScenarioWorld w = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), robot,
        ConditionLoader.load("lab"), 32, 32)) {
      w.reset(1);
      System.arraycopy(w.robot().jointLower(), 0, lower, 0, lower.length);
      System.arraycopy(w.robot().jointUpper(), 0, upper, 0, upper.length);
    }
  }
}
