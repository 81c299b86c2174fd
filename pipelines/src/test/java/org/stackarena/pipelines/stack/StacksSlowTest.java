package org.stackarena.pipelines.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;

/** Expert and classical on a few seeds per family (lab, arm7); run with -Pslow. */
@Tag("slow")
class StacksSlowTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"expert,reach", "expert,pick-lift", "expert,pick-place", "expert,push", "expert,stack",
      "classical,reach", "classical,pick-lift", "classical,pick-place", "classical,push", "classical,stack"})
  void succeedsOnThreeSeeds(String stackName, String family) throws Exception {
    try (ScenarioWorld w = new ScenarioWorld(ScenarioLoader.shipped().get(family), "arm7", ConditionLoader.load("lab"),
        128, 128)) {
      for (long seed = 1000; seed < 1003; seed++) {
        try (ControlStack stack = StackProvider.named(stackName).create(w.stackContext(StackProvider.named(stackName).privileged()))) {
          EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of(family, "arm7", seed, "lab", stackName), w, stack);
          assertThat(r.success()).as(stackName + " " + family + " seed " + seed + ": " + r.failureReason()).isTrue();
        }
      }
    }
  }
}
