package org.stackarena.pipelines.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;

/** One pick-place episode of the expert, end to end. */
class ExpertEpisodeTest {

  @Test
  void expertPutsTheObjectOnThePad() {
    try (ScenarioWorld w = new ScenarioWorld(ScenarioLoader.shipped().get("pick-place"), "arm7",
        ConditionLoader.load("lab"), 64, 64);
        ClassicalStack stack = ClassicalStack.expert(w.groundTruth().orElseThrow(), PipelineConfig.defaults())) {
      EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of("pick-place", "arm7", 1000, "lab", "expert"),
          w, stack);
      assertThat(r.failureReason()).isNull();
      assertThat(r.success()).isTrue();
      assertThat(r.loops().get("control").achievedHz()).isGreaterThan(450);
    }
  }
}
