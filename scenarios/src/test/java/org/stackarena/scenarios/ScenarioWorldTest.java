package org.stackarena.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.api.harness.CappedWorld;
import org.stackarena.api.harness.EeDeltaIntegrator;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.Json;
import org.stackarena.api.harness.TestStacks;
import org.stackarena.api.Action;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.HoldStillStack;
import org.stackarena.api.Proprioception;
import org.stackarena.api.Rotations;

class ScenarioWorldTest {

    private static ScenarioWorld world(String scenario, String robot, String condition) {
        return new ScenarioWorld(ScenarioLoader.shipped().get(scenario), robot, ConditionLoader.load(condition), 96, 96);
    }

    /** The EE_POSE action for a position and a unit quaternion (w, x, y, z). */
    private static Action pose(double[] position, double[] quaternion, double gripper) {
        double[] rv = new double[3];
        Rotations.quaternionToRotationVector(quaternion, rv);
        return new Action(new double[] {position[0], position[1], position[2], rv[0], rv[1], rv[2]}, gripper);
    }

    @Test
    void eePoseDrivesTheGripperToTheRequestedAbsolutePose() {
        for (String robot : new String[] {"arm7", "arm6"}) {
            try (ScenarioWorld w = world("reach", robot, "lab")) {
                w.reset(1);
                Proprioception before = w.proprioception();
                double[] goal = {before.eePosition()[0] + 0.05, before.eePosition()[1] - 0.04,
                    before.eePosition()[2] - 0.06};
                // turn 0.3 rad about the base z axis and 0.2 rad about x
                double[] turn = new double[4], goalQuat = new double[4];
                Rotations.rpyToQuaternion(0.2, 0, 0.3, turn);
                Rotations.multiplyQuaternions(turn, before.eeQuaternion(), goalQuat);
                Action a = pose(goal, goalQuat, 0);
                ActionSpace space = ActionSpace.eePose(new double[] {-2, -2, -2}, new double[] {2, 2, 2});
                assertThat(space.violation(a)).isEmpty();
                for (int i = 0; i < 750; i++) {
                    w.apply(a, space);
                    assertThat(w.step()).isEmpty();
                }
                Proprioception after = w.proprioception();
                assertThat(after.eePosition()).as(robot).containsExactly(goal, within(0.004));
                assertThat(Math.toDegrees(Rotations.angleBetween(after.eeQuaternion(), goalQuat)))
                    .as(robot + " orientation error (deg)").isLessThan(3.0);
            }
        }
    }

    @Test
    void eeDeltaRejectedByTheWorldItself() {
        try (ScenarioWorld w = world("reach", "arm7", "lab")) {
            w.reset(1);
            assertThatThrownBy(() -> w.apply(new Action(new double[6], 0), ActionSpace.eeDelta(0.1, 0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EeDeltaIntegrator");
        }
    }

    @Test
    void eeDeltaStepsThroughTheHarnessEndAtTheSamePoseAt10And50And100HzPolls() {
        // 10 steps of 0.1 s: 5 cm along +x, 3 cm along -y, 4 cm up, and a 0.2 rad yaw
        List<double[]> deltas = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            deltas.add(new double[] {0.005, -0.003, 0.004, 0, 0, 0.02});
        }
        List<Proprioception> ends = new ArrayList<>();
        Proprioception start = null;
        for (double hz : new double[] {10, 50, 100}) {
            try (ScenarioWorld w = world("reach", "arm7", "lab")) {
                w.reset(2);
                start = w.proprioception();
                EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of("reach", "arm7", 2, "lab", "delta-replay"),
                    new CappedWorld(w, 2.0), new TestStacks.DeltaReplayStack(deltas, 0.1, hz));
                assertThat(r.failureReason()).as("%s Hz", hz).isEqualTo("timeout");
                ends.add(w.proprioception());
            }
        }
        for (Proprioception end : ends.subList(1, 3)) {
            assertThat(end.eePosition()).containsExactly(ends.get(0).eePosition(), within(0.002));
            assertThat(Math.toDegrees(Rotations.angleBetween(end.eeQuaternion(), ends.get(0).eeQuaternion())))
                .isLessThan(1.0);
        }
        // every delta applied once, from the start pose
        double[] position = start.eePosition().clone(), orientation = start.eeQuaternion().clone();
        for (double[] d : deltas) {
            EeDeltaIntegrator.applyDelta(position, orientation, d, position, orientation);
        }
        for (Proprioception end : ends) {
            assertThat(end.eePosition()).containsExactly(position, within(0.004));
            assertThat(Math.toDegrees(Rotations.angleBetween(end.eeQuaternion(), orientation))).isLessThan(3.0);
        }
    }

    @Test
    void camerasRenderTheSceneAndTheGripperOpensAndCloses() {
        try (ScenarioWorld w = world("pick-lift", "arm7", "lab")) {
            w.reset(4);
            CameraFrame f = w.render("front");
            assertThat(f.width()).isEqualTo(96);
            assertThat(f.depth()[48 * 96 + 48]).isBetween(0.5f, 1.5f);
            assertThat(w.proprioception().gripperWidth()).isCloseTo(0.08, within(0.002));
            ActionSpace space = EeDeltaIntegrator.POSE_SPACE;
            Proprioception p = w.proprioception();
            Action close = pose(p.eePosition(), p.eeQuaternion(), 1);
            for (int i = 0; i < 500; i++) {
                w.apply(close, space);
                w.step();
            }
            assertThat(w.proprioception().gripperWidth()).isLessThan(0.005);
        }
    }

    @Test
    void holdingStillTimesOutAndTheEpisodeIsDeterministic() throws Exception {
        String[] lines = new String[2];
        for (int k = 0; k < 2; k++) {
            try (ScenarioWorld w = world("reach", "arm7", "field"); HoldStillStack stack = new HoldStillStack()) {
                EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of("reach", "arm7", 6, "field", "hold-still"), w, stack);
                assertThat(r.success()).isFalse();
                assertThat(r.failureReason()).isEqualTo("timeout");
                assertThat(r.simTimeS()).isCloseTo(10.0, within(0.01));
                lines[k] = Json.withoutWallClock(r);
            }
        }
        assertThat(lines[1]).isEqualTo(lines[0]);
    }

    @Test
    void dtBeforeTheFirstResetIsTheStepOfTheBuiltScenes() {
        try (ScenarioWorld w = world("pick-place", "arm6", "lab")) {
            double before = w.dt();
            w.reset(3);
            assertThat(w.dt()).isEqualTo(before).isEqualTo(ScenarioWorld.SCENE_TIMESTEP);
        }
    }

    @Test
    void groundTruthReportsTheEpisodesNamedObjectWhereItIs() {
        try (ScenarioWorld w = world("pick-place", "arm7", "lab")) {
            w.reset(5);
            org.stackarena.api.GroundTruth t = w.groundTruth().orElseThrow();
            EpisodeInstance e = w.episode();
            assertThat(t.family().id()).isEqualTo("pick-place");
            assertThat(t.object().color()).isEqualTo(e.object().color());
            assertThat(t.object().x()).isCloseTo(e.object().x(), within(1e-3));
            assertThat(t.object().y()).isCloseTo(e.object().y(), within(1e-3));
            assertThat(t.target().orElseThrow().x()).isEqualTo(e.pad().x());
            assertThat(w.stackContext(false).groundTruth()).as("honest stacks get none").isEmpty();
            assertThat(w.stackContext(true).groundTruth()).contains(t);
        }
    }
}
