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

  @Test
  void underTheDefaultProfileEveryLoopOfEveryBuiltInStackIsChargedTheSameWay() throws Exception {
    // the acceptance rule of deployment profiles: bench's default times every loop of every stack alike
    BenchPlan plan = BenchPlan.resolve(new BenchPlan.Options("smoke", java.util.List.of("all"), java.util.List.of("lab"),
        null, java.util.List.of("reach"), null, null, null, null, java.util.List.of(), java.util.List.of(), null, null, null));
    assertThat(plan.timing().profileName()).isEqualTo("this-machine");
    int loops = 0;
    try (ScenarioWorld world = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7",
        ConditionLoader.load("lab"), 64, 64)) {
      for (StackProvider p : StackProvider.all()) {
        try (ControlStack s = p.create(world.stackContext(p.privileged()))) {
          for (LoopSpec l : plan.timing().apply(s.loops())) {
            assertThat(l.latency()).as("loop '%s' of stack '%s'", l.name(), p.name())
                .isEqualTo(org.stackarena.api.LatencyModel.measured());
            loops++;
          }
        }
      }
      // and under ideal, nothing is charged: the lockstep CI path
      BenchPlan ideal = BenchPlan.resolve(new BenchPlan.Options("smoke", java.util.List.of("all"),
          java.util.List.of("lab"), null, java.util.List.of("reach"), null, null, null, "ideal", java.util.List.of(),
          java.util.List.of(), null, null, null));
      for (StackProvider p : StackProvider.all()) {
        try (ControlStack s = p.create(world.stackContext(p.privileged()))) {
          assertThat(ideal.timing().apply(s.loops())).extracting(LoopSpec::latency)
              .containsOnly(org.stackarena.api.LatencyModel.none());
        }
      }
    }
    assertThat(loops).isGreaterThanOrEqualTo(16);
  }

  @Test
  void aDeploymentProfileTimesTheVlaAsTheReferenceModelAndTheClassicalStackAtCameraRate() throws Exception {
    BenchPlan plan = BenchPlan.resolve(new BenchPlan.Options("smoke", java.util.List.of("vla", "classical"),
        java.util.List.of("lab"), null, java.util.List.of("reach"), null, null, null, "edge-orin", java.util.List.of(),
        java.util.List.of(), null, null, null));
    try (ScenarioWorld world = new ScenarioWorld(ScenarioLoader.shipped().get("reach"), "arm7",
        ConditionLoader.load("lab"), 64, 64);
         ControlStack vla = StackProvider.named("vla").create(world.stackContext(false));
         ControlStack classical = StackProvider.named("classical").create(world.stackContext(false))) {
      assertThat(plan.timing().apply(vla.loops())).extracting(l -> l.latency().toString())
          .containsExactly("fixed:358ms", "fixed:25ms");
      java.util.List<LoopSpec> c = plan.timing().apply(classical.loops());
      assertThat(c).extracting(l -> l.latency().toString()).containsExactly("fixed:33ms", "fixed:50ms", "fixed:1ms");
      assertThat(c.get(0).rateHz()).isEqualTo(30.0);
      assertThat(c.get(2).rateHz()).as("the profile leaves the controller's rate").isEqualTo(500.0);
    }
  }
}
