package org.stackarena.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.Json;
import org.stackarena.api.Action;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.HoldStillStack;
import org.stackarena.api.Proprioception;

class ScenarioWorldTest {

    private static ScenarioWorld world(String scenario, String robot, String condition) {
        return new ScenarioWorld(ScenarioLoader.shipped().get(scenario), robot, ConditionLoader.load(condition), 96, 96);
    }

    @Test
    void eeDeltaMovesTheGripperByTheRequestedOffsetAndKeepsItsOrientation() {
        for (String robot : new String[] {"arm7", "arm6"}) {
            try (ScenarioWorld w = world("reach", robot, "lab")) {
                w.reset(1);
                Proprioception before = w.proprioception();
                ActionSpace space = ActionSpace.eeDelta(0.1, 0.5);
                Action a = new Action(new double[] {0.05, -0.04, -0.06, 0, 0, 0}, 0);
                for (int i = 0; i < 750; i++) {
                    w.apply(a, space);
                    assertThat(w.step()).isEmpty();
                }
                Proprioception after = w.proprioception();
                assertThat(after.eePosition()[0] - before.eePosition()[0]).as(robot).isCloseTo(0.05, within(0.004));
                assertThat(after.eePosition()[1] - before.eePosition()[1]).as(robot).isCloseTo(-0.04, within(0.004));
                assertThat(after.eePosition()[2] - before.eePosition()[2]).as(robot).isCloseTo(-0.06, within(0.004));
                double dot = 0;
                for (int i = 0; i < 4; i++) {
                    dot += after.eeQuaternion()[i] * before.eeQuaternion()[i];
                }
                assertThat(Math.abs(dot)).as(robot + " orientation kept").isGreaterThan(0.999);
            }
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
            ActionSpace space = ActionSpace.eeDelta(0.1, 0.5);
            Action close = new Action(new double[6], 1);
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
