package org.stackarena.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.FakeArmWorld;
import org.stackarena.api.LatencyModel;

/** Behaviour of the reference stacks and API value types beyond the contract. */
class ReferenceStacksTest {

  @Test
  void holdStillKeepsTheArmWhereItStarted() {
    FakeArmWorld world = FakeArmWorld.builder().optTimeLimit(1).build();
    world.reset(9);
    double[] start = world.eePosition();
    EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of("s", "fake-arm", 9, "lab", "hold-still"), world,
        new HoldStillStack());
    assertThat(world.eePosition()).containsExactly(start, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.collisions()).isZero();
  }

  @Test
  void randomDeltasDependOnTheSeedAndMoveTheCommandedPoseByAtMostHalfTheBoundsPerTick() {
    FakeArmWorld a = FakeArmWorld.builder().optTimeLimit(0.5).build();
    FakeArmWorld b = FakeArmWorld.builder().optTimeLimit(0.5).build();
    new EpisodeRunner().run(EpisodeSpec.of("s", "fake-arm", 1, "lab", "random"), a, new RandomStack());
    new EpisodeRunner().run(EpisodeSpec.of("s", "fake-arm", 2, "lab", "random"), b, new RandomStack());
    assertThat(a.applied().get(0).values()[0] - a.eePositionAtReset()[0])
        .isNotEqualTo(b.applied().get(0).values()[0] - b.eePositionAtReset()[0]);
    double[] previous = a.eePositionAtReset();
    int steps = 0;
    for (Action act : a.applied()) {
      double[] pose = act.values();
      for (int i = 0; i < 3; i++) {
        assertThat(Math.abs(pose[i] - previous[i])).isLessThanOrEqualTo(RandomStack.MAX_LINEAR / 2);
      }
      steps += pose[0] != previous[0] ? 1 : 0;
      previous = pose;
    }
    assertThat(steps).as("one step per 50 Hz tick in 0.5 s").isEqualTo(25);
  }

  @Test
  void scriptedDeltasIntegrateOneStepPerEntry() {
    ActionSpace s = ActionSpace.eeDelta(0.01, 0.1);
    ScriptedStack stack = ScriptedStack.builder("script", s)
        .at(0.2, new Action(new double[] {0.002, 0, 0, 0, 0, 0}, 0))
        .at(0.0, new Action(new double[] {0.001, 0, 0, 0, 0, 0}, 0))
        .build();
    assertThat(stack.script()).extracting(ScriptedStack.Entry::timeSeconds)
        .containsExactly(0.0, 0.2);
    FakeArmWorld w = FakeArmWorld.builder().optTimeLimit(0.4).build();
    new EpisodeRunner().run(EpisodeSpec.of("s", "fake-arm", 1, "lab", "script")
        .withVariant("", Map.of("script", LatencyModel.none())), w, stack);
    double x0 = w.eePositionAtReset()[0];
    assertThat(w.applied().get(0).values()[0]).isCloseTo(x0 + 0.001, within(1e-12));
    assertThat(w.applied().get(99).values()[0]).isCloseTo(x0 + 0.001, within(1e-12)); // t = 198 ms
    assertThat(w.applied().get(100).values()[0]).isCloseTo(x0 + 0.003, within(1e-12)); // t = 200 ms
    assertThat(w.applied().get(199).values()[0]).isCloseTo(x0 + 0.003, within(1e-12)); // held
  }

  @Test
  void valueTypesRejectBadInputWithClearMessages() {
    assertThatThrownBy(() -> new ActionChunk(List.of(), 0.01)).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new ActionChunk(List.of(new Action(new double[1], 0)), 0))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> LoopSpec.builder("x", 0).build()).hasMessageContaining("loop 'x'");
    assertThatThrownBy(() -> new ActionSpace(ActionSpace.Type.EE_DELTA, new double[3],
        new double[3])).hasMessageContaining("6 dimensions");
    assertThatThrownBy(() -> new CameraFrame("front", 2, 2, new byte[3], new float[4],
        new Intrinsics(1, 1, 1, 1), new double[3], new double[9], 0))
        .hasMessageContaining("rgb has 3 bytes, expected 12");
    assertThatThrownBy(() -> Observations.rgbd(" ")).hasMessageContaining("camera name");
  }

  @Test
  void chunkStepsAreIndexedByElapsedTimeAndTheLastIsHeld() {
    Action a = new Action(new double[] {1}, 0);
    Action b = new Action(new double[] {2}, 0);
    ActionChunk c = new ActionChunk(List.of(a, b), 0.02);
    assertThat(c.stepAt(0)).isSameAs(a);
    assertThat(c.stepAt(19_999)).isSameAs(a);
    assertThat(c.stepAt(20_000)).isSameAs(b);
    assertThat(c.stepAt(10_000_000)).isSameAs(b);
  }

  @Test
  void cameraChannelsAreRecognised() {
    assertThat(Observations.cameraOf(Observations.rgbd("wrist"))).contains("wrist");
    assertThat(Observations.cameraOf(Observations.PROPRIOCEPTION)).isEmpty();
    assertThat(Observations.rgbd("front")).isEqualTo(Observations.rgbd("front"));
  }
}
