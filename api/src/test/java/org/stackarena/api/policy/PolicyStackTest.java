package org.stackarena.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.Commands;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.Observations;
import org.stackarena.api.Phase;
import org.stackarena.api.harness.ManualTick;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.FakeArmWorld;

class PolicyStackTest {

  private static final RobotDescription ROBOT = new RobotDescription("fake-arm", List.of("x", "y", "z"),
      new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new double[] {10, 10, 10}, 0.08);

  private static EpisodeContext episode() {
    return new EpisodeContext("unit", "lab", 1, "reach", ROBOT, 0.002, 10);
  }

  private static Proprioception at(double x, double y, double z) {
    return new Proprioception(new double[] {x, y, z}, new double[3], 0.08, new double[] {x, y, z},
        new double[] {1, 0, 0, 0}, 0);
  }

  @Test
  void eachProductiveTickReportsPreprocessInferAndPostprocessInThatOrder() throws Exception {
    try (PolicyStack stack = TestPolicy.stack(ChunkExecution.replace(), new TestPolicy.Scale(0.5),
        new TestPolicy.Scale(1))) {
      stack.reset(episode());
      ManualTick tick = new ManualTick();
      tick.put(Observations.PROPRIOCEPTION, at(0.2, 0, 0));
      stack.tick("plan", tick.at(stack.loops().get(0), 0));
      assertThat(tick.reportedPhases()).containsExactly(Phase.PREPROCESS, Phase.INFER, Phase.POSTPROCESS);
      assertThat(tick.reportedNanos()).allSatisfy(n -> assertThat(n).isNotNegative());
      assertThat(tick.published(TestPolicy.LATENT)).containsExactly(0.1f, 0f, 0f);
    }
  }

  @Test
  void beforeTheLatentIsVisibleTheActionStagePublishesNothingAndDoesNotRunItsModel() throws Exception {
    TestPolicy.Scale act = new TestPolicy.Scale(1);
    try (PolicyStack stack = TestPolicy.stack(ChunkExecution.replace(), new TestPolicy.Scale(0.5), act)) {
      stack.reset(episode());
      ManualTick tick = new ManualTick();
      tick.put(Observations.PROPRIOCEPTION, at(0.2, 0, 0));
      stack.tick("act", tick.at(stack.loops().get(1), 20_000));
      assertThat(tick.publishedAnything()).isFalse();
      assertThat(act.calls).isZero();
      assertThat(tick.reportedPhases()).containsExactly(Phase.PREPROCESS);

      tick.put(TestPolicy.LATENT, new float[] {0.1f, 0, 0});
      stack.tick("act", tick.at(stack.loops().get(1), 40_000));
      assertThat(tick.published(Commands.ACTION)).isInstanceOf(ActionChunk.class);
      assertThat(act.calls).isOne();
    }
  }

  @Test
  void theWorldHoldsItsResetPostureUntilTheFirstChunkIsVisible() {
    // the plan loop's latent becomes visible after 300 ms: no action may be applied before that
    try (PolicyStack stack = TestPolicy.stack(ChunkExecution.replace(), new TestPolicy.Scale(0.5),
        new TestPolicy.Scale(1)); FakeArmWorld world = FakeArmWorld.builder().optTimeLimit(1).build()) {
      EpisodeSpec spec = EpisodeSpec.of("unit", "fake-arm", 3, "lab", stack.name())
          .withVariant("", Map.of("plan", LatencyModel.fixed(300), "act", LatencyModel.none()));
      EpisodeRecord r = new EpisodeRunner().run(spec, world, stack);
      assertThat(r.failureReason()).isIn(null, "timeout");
      assertThat(world.applied()).isNotEmpty();
      assertThat(world.appliedTime(0)).isEqualTo(300_000);
    }
  }

  @Test
  void aNanOutputFailsTheEpisodeWithAReasonNamingTheStageAndTheIndex() {
    TestPolicy.Scale act = new TestPolicy.Scale(1);
    act.poison = x -> Double.NaN;
    try (PolicyStack stack = TestPolicy.stack(ChunkExecution.replace(), new TestPolicy.Scale(0.5), act);
        FakeArmWorld world = FakeArmWorld.builder().optTimeLimit(1).build()) {
      EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of("unit", "fake-arm", 3, "lab", stack.name())
          .withVariant("", Map.of("*", LatencyModel.none())), world, stack);
      assertThat(r.success()).isFalse();
      assertThat(r.failureReason()).startsWith(
          "stack_exception: stage 'act' published a non-finite value on action: step 0 value[0] is NaN");
      assertThat(world.applied()).isEmpty();
    }
  }

  @Test
  void aNanLatentNamesTheLatentStageAndIndex() throws Exception {
    TestPolicy.Scale plan = new TestPolicy.Scale(0.5);
    plan.poison = x -> x == 0 ? Double.POSITIVE_INFINITY : x;
    try (PolicyStack stack = TestPolicy.stack(ChunkExecution.replace(), plan, new TestPolicy.Scale(1))) {
      stack.reset(episode());
      ManualTick tick = new ManualTick();
      tick.put(Observations.PROPRIOCEPTION, at(0.2, 0, 0.4));
      assertThatThrownBy(() -> stack.tick("plan", tick.at(stack.loops().get(0), 0)))
          .isInstanceOf(NonFiniteOutputException.class)
          .hasMessage("stage 'plan' published a non-finite value on test/latent: index 1 is Infinity");
      assertThat(tick.publishedAnything()).isFalse();
    }
  }

  @Test
  void replacePublishesEachNewChunkAsItIs() throws Exception {
    try (PolicyStack stack = TestPolicy.stack(ChunkExecution.replace(), new TestPolicy.Scale(0.5),
        new TestPolicy.Scale(1))) {
      stack.reset(episode());
      ManualTick tick = new ManualTick();
      tick.put(TestPolicy.LATENT, new float[] {0.5f, 0, 0});
      tick.put(Observations.PROPRIOCEPTION, at(0, 0, 0));
      stack.tick("act", tick.at(stack.loops().get(1), 0));
      ActionChunk first = (ActionChunk) tick.published(Commands.ACTION);
      tick.put(Observations.PROPRIOCEPTION, at(0.1, 0, 0));
      stack.tick("act", tick.at(stack.loops().get(1), 20_000));
      ActionChunk second = (ActionChunk) tick.published(Commands.ACTION);
      // q + (goal - q) * k / 5 for k = 1..5
      assertThat(first.steps().get(0).values()[0]).isCloseTo(0.1, within());
      assertThat(second.steps().get(0).values()[0]).isCloseTo(0.18, within());
      assertThat(second.steps().get(4).values()[0]).isCloseTo(0.5, within());
    }
  }

  @Test
  void ensembleAveragesWhatEveryChunkOfTheWindowSaysForTheSameTime() throws Exception {
    try (PolicyStack stack = TestPolicy.stack(ChunkExecution.parse("ensemble:50ms"),
        new TestPolicy.Scale(0.5), new TestPolicy.Scale(1))) {
      stack.reset(episode());
      ManualTick tick = new ManualTick();
      tick.put(TestPolicy.LATENT, new float[] {0.5f, 0, 0});
      tick.put(Observations.PROPRIOCEPTION, at(0, 0, 0));
      stack.tick("act", tick.at(stack.loops().get(1), 0));   // steps 0.1, 0.2, 0.3, 0.4, 0.5
      tick.put(Observations.PROPRIOCEPTION, at(0.1, 0, 0));
      stack.tick("act", tick.at(stack.loops().get(1), 20_000));   // steps 0.18, 0.26, 0.34, 0.42, 0.5
      List<Action> s = ((ActionChunk) tick.published(Commands.ACTION)).steps();
      // t = 20 ms: the first chunk's step 1 (0.2) and the second's step 0 (0.18)
      assertThat(s.get(0).values()[0]).isCloseTo((0.2 + 0.18) / 2, within());
      assertThat(s.get(3).values()[0]).isCloseTo((0.5 + 0.42) / 2, within());
      // beyond the first chunk's last step only the second counts
      assertThat(s.get(4).values()[0]).isCloseTo(0.5, within());
      // gripper commands are averaged too: step 1 is (1 + 0) / 2
      assertThat(s.get(1).gripper()).isEqualTo(0.5);

      // 70 ms later the first chunk has left the 50 ms window
      tick.put(Observations.PROPRIOCEPTION, at(0.2, 0, 0));
      stack.tick("act", tick.at(stack.loops().get(1), 80_000));
      List<Action> late = ((ActionChunk) tick.published(Commands.ACTION)).steps();
      assertThat(late.get(0).values()[0]).isCloseTo(0.26, within());
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
