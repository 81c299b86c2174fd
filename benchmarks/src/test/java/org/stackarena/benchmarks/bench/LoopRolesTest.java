package org.stackarena.benchmarks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.stackarena.api.ControlStack;
import org.stackarena.api.LoopRole;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.StackProvider;
import org.stackarena.api.policy.PolicyLoader;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;

/**
 * Every built-in stack (and the shipped examples) says what each of its loops does, so one setting
 * per {@link LoopRole} can time every stack the same way.
 */
class LoopRolesTest {

  @Test
  void everyLoopOfEveryShippedStackDeclaresARole() throws Exception {
    int stacks = 0;
    try (ScenarioWorld world = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7",
        ConditionLoader.load("lab"), 64, 64)) {
      for (StackProvider p : StackProvider.all()) {
        try (ControlStack s = p.create(world.stackContext(p.privileged()))) {
          for (LoopSpec l : s.loops()) {
            assertThat(l.role()).as("role of loop '%s' of stack '%s'", l.name(), p.name()).isNotEqualTo(LoopRole.OTHER);
          }
          stacks++;
        }
      }
    }
    assertThat(stacks).as("providers on the test classpath").isGreaterThanOrEqualTo(8);
  }

  @Test
  void theVlaAndThePipelineMapTheirLoopsToTheArticlesRoles() throws Exception {
    try (ScenarioWorld world = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7",
        ConditionLoader.load("lab"), 64, 64)) {
      try (ControlStack vla = StackProvider.named("vla").create(world.stackContext(false));
           ControlStack classical = StackProvider.named("classical").create(world.stackContext(false))) {
        assertThat(vla.loops()).extracting(LoopSpec::role).containsExactly(LoopRole.SYSTEM2, LoopRole.SYSTEM1);
        assertThat(classical.loops()).extracting(LoopSpec::role)
            .containsExactly(LoopRole.PERCEPTION, LoopRole.PLANNING, LoopRole.CONTROL);
      }
    }
    Path example = null;
    for (Path p = Path.of("").toAbsolutePath(); p != null && example == null; p = p.getParent()) {
      Path e = p.resolve("examples").resolve("torchscript-policy");
      example = Files.isRegularFile(e.resolve("policy.json")) ? e : null;
    }
    assertThat(example).as("examples/torchscript-policy").isNotNull();
    try (PolicyStack ts = PolicyLoader.forDirectory(example).load(example, new PolicyLoader.Options("ts", null))) {
      assertThat(ts.loops()).extracting(LoopSpec::role).containsExactly(LoopRole.SYSTEM1);
    }
  }
}
