package org.stackarena.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Proprioception;
import org.stackarena.api.Rotations;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.Simulation.ObjType;
import org.stackarena.sim.robot.RobotDescriptor;

/**
 * The models README's checks of every shipped robot, in its real episode scenes: it holds its
 * ready pose for 5 s (the end effector stays within 2 mm) and a scripted top-down grasp through
 * the world's end-effector pose control lifts the episode's object at least 120 mm and keeps it
 * between the fingers (within 20 mm of the grasp centre).
 */
class ShippedRobotChecksTest {

    private static final double DT = 0.002;

    private static ScenarioWorld world(String robot) {
        return new ScenarioWorld(ScenarioLoader.shipped().get("pick-lift"), robot, ConditionLoader.load("lab"), 32, 32);
    }

    @Test
    void everyShippedRobotHoldsItsReadyPose() {
        for (String robot : List.of("arm7", "arm6", "arm5")) {
            try (ScenarioWorld w = world(robot)) {
                w.reset(3);
                double[] home = w.proprioception().eePosition();
                double maxDev = 0;
                for (int i = 0; i < 2500; i++) {
                    assertThat(w.step()).isEmpty();
                    double[] p = w.proprioception().eePosition();
                    maxDev = Math.max(maxDev, Math.hypot(Math.hypot(p[0] - home[0], p[1] - home[1]), p[2] - home[2]));
                }
                assertThat(maxDev).as(robot + " ee deviation over 5 s (m)").isLessThan(0.002);
            }
        }
    }

    @Test
    void everyShippedRobotLiftsTheObjectWithAScriptedGrasp() {
        for (String robot : List.of("arm7", "arm6", "arm5")) {
            for (long seed : new long[] {3, 8}) {
                try (ScenarioWorld w = world(robot)) {
                    w.reset(seed);
                    Simulation sim = w.simulation();
                    EpisodeInstance.PlacedObject o = w.episode().object();
                    int body = sim.id(ObjType.BODY, o.bodyName());
                    double[] obj = new double[3];
                    sim.readBodyPos(body, obj);
                    double z0 = obj[2];
                    Proprioception start = w.proprioception();
                    // the ready orientation (pointing down) turned to the object's yaw
                    double[] turn = new double[4], quat = new double[4], rv = new double[3];
                    Rotations.rpyToQuaternion(0, 0, o.yawRad(), turn);
                    Rotations.multiplyQuaternions(turn, start.eeQuaternion(), quat);
                    Rotations.quaternionToRotationVector(quat, rv);
                    double[] above = {obj[0], obj[1], z0 + 0.12};
                    double[] at = {obj[0], obj[1], z0 + 0.003};
                    double[] lifted = {obj[0], obj[1], z0 + 0.153};
                    double[] p = start.eePosition();
                    p = move(w, p, above, rv, 0, 1.2);
                    p = move(w, p, at, rv, 0, 0.8);
                    p = move(w, p, at, rv, 1, 0.6);
                    p = move(w, p, lifted, rv, 1, 1.0);
                    move(w, p, lifted, rv, 1, 2.0);
                    sim.readBodyPos(body, obj);
                    double[] ee = w.proprioception().eePosition();
                    String what = robot + " seed " + seed + " " + o.color() + " " + o.shape();
                    assertThat(obj[2] - z0).as(what + " rise (m)").isGreaterThanOrEqualTo(0.12);
                    assertThat(Math.hypot(Math.hypot(obj[0] - ee[0], obj[1] - ee[1]), obj[2] - ee[2]))
                        .as(what + " object to grasp centre (m)").isLessThan(0.02);
                    assertThat(RobotDescriptor.load(robot).dof()).isEqualTo(w.robot().jointCount());
                }
            }
        }
    }

    /** Smoothstep from {@code from} to {@code to} in {@code seconds} of EE_POSE goals; returns {@code to}. */
    private static double[] move(ScenarioWorld w, double[] from, double[] to, double[] rv, double gripper,
                                 double seconds) {
        ActionSpace space = ActionSpace.eePose(new double[] {-2, -2, -2}, new double[] {2, 2, 2});
        int n = (int) Math.round(seconds / DT);
        for (int i = 1; i <= n; i++) {
            double s = (double) i / n;
            s = s * s * (3 - 2 * s);
            double[] v = new double[6];
            for (int k = 0; k < 3; k++) {
                v[k] = from[k] + s * (to[k] - from[k]);
                v[3 + k] = rv[k];
            }
            w.apply(new Action(v, gripper), space);
            assertThat(w.step()).isEmpty();
        }
        return to.clone();
    }
}
