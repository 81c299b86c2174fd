package org.stackarena.api.harness;

import org.stackarena.api.LatencyModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.HoldStillStack;
import org.stackarena.api.ScriptedStack;

class EpisodeRunnerTest {

  private final EpisodeRunner runner = new EpisodeRunner();

  private static EpisodeSpec spec(long seed, String stack) {
    return EpisodeSpec.of("reach", "fake-arm", seed, "lab", stack);
  }

  private static TestStacks.DualStack dual(LatencyModel slow, LatencyModel fast) {
    return new TestStacks.DualStack(5, slow, 100, fast);
  }

  @Test
  void aStackThatCommandsTheGoalSucceeds() {
    FakeArmWorld world = FakeArmWorld.builder().build();
    EpisodeRecord r = runner.run(spec(1, "reach"), world, TestStacks.reach(world.goal()));
    assertThat(r.success()).isTrue();
    assertThat(r.failureReason()).isNull();
    assertThat(r.timeToSuccessS()).isBetween(0.1, 1.0);
    assertThat(r.simTimeS()).isEqualTo(r.timeToSuccessS());
    assertThat(r.robot()).isEqualTo("fake-arm");
    assertThat(r.eePathLengthM()).isGreaterThan(0.1);
    assertThat(r.jerk()).isGreaterThan(0);
    LoopRecord loop = r.loops().get("script");
    assertThat(loop.targetHz()).isEqualTo(100);
    assertThat(loop.ticks()).isEqualTo((long) Math.ceil(r.simTimeS() * 100 - 1e-9));
  }

  @Test
  void holdingStillTimesOutAtTheLimitWithoutMoving() {
    FakeArmWorld world = FakeArmWorld.builder().optTimeLimit(1.0).build();
    EpisodeRecord r = runner.run(spec(2, "hold-still"), world, new HoldStillStack());
    assertThat(r.success()).isFalse();
    assertThat(r.timeToSuccessS()).isNull();
    assertThat(r.failureReason()).isEqualTo("timeout");
    assertThat(r.simTimeS()).isEqualTo(1.0);
    assertThat(r.eePathLengthM()).isLessThan(1e-9);
    assertThat(r.loops().get("hold").ticks()).isEqualTo(100);
    assertThat(r.loops().get("hold").achievedHz()).isEqualTo(100.0);
  }

  @Test
  void theSameEpisodeTwiceGivesIdenticalJsonApartFromWallClockFields() {
    for (LatencyModel slow : List.of(LatencyModel.none(), LatencyModel.fixed(150),
        LatencyModel.normal(120, 60))) {
      EpisodeRecord a = runner.run(spec(3, "dual"), FakeArmWorld.builder().build(),
          dual(slow, LatencyModel.fixed(4)));
      EpisodeRecord b = runner.run(spec(3, "dual"), FakeArmWorld.builder().build(),
          dual(slow, LatencyModel.fixed(4)));
      assertThat(Json.withoutWallClock(b)).as(slow.toString()).isEqualTo(Json.withoutWallClock(a));
      assertThat(Json.withoutWallClock(a)).doesNotContain("wall");
    }
  }

  @Test
  void reusingWorldAndStackAcrossEpisodesDoesNotChangeResults() {
    FakeArmWorld world = FakeArmWorld.builder().build();
    TestStacks.DualStack stack = dual(LatencyModel.normal(100, 30), LatencyModel.fixed(4));
    EpisodeRecord first = runner.run(spec(5, "dual"), world, stack);
    runner.run(spec(6, "dual"), world, stack);
    EpisodeRecord again = runner.run(spec(5, "dual"), world, stack);
    assertThat(Json.withoutWallClock(again)).isEqualTo(Json.withoutWallClock(first));
  }

  @Test
  void normalLatencyIsDrawnFromTheEpisodeSeed() {
    LatencyModel normal = LatencyModel.normal(100, 40);
    Percentiles a = runner.run(spec(11, "dual"), FakeArmWorld.builder().build(),
        dual(normal, LatencyModel.none())).loops().get("system2").modelledLatencyMs();
    Percentiles b = runner.run(spec(11, "dual"), FakeArmWorld.builder().build(),
        dual(normal, LatencyModel.none())).loops().get("system2").modelledLatencyMs();
    Percentiles c = runner.run(spec(12, "dual"), FakeArmWorld.builder().build(),
        dual(normal, LatencyModel.none())).loops().get("system2").modelledLatencyMs();
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void specLatencyOverridesReplaceLoopDefaults() {
    EpisodeSpec s = spec(1, "dual").withVariant("slow-s2",
        Map.of("system2", LatencyModel.fixed(300), "*", LatencyModel.fixed(10)));
    EpisodeRecord r = runner.run(s, FakeArmWorld.builder().optTimeLimit(1).build(),
        dual(LatencyModel.none(), LatencyModel.none()));
    assertThat(r.variant()).isEqualTo("slow-s2");
    assertThat(r.loops().get("system2").latencyModel()).isEqualTo("fixed:300ms");
    assertThat(r.loops().get("system2").modelledLatencyMs().max()).isEqualTo(300.0);
    // 5 Hz = 200 ms period, busy 300 ms: every other deadline is missed
    assertThat(r.loops().get("system2").ticks()).isEqualTo(3);
    assertThat(r.loops().get("system2").deadlineMisses()).isEqualTo(2);
    assertThat(r.loops().get("system1").latencyModel()).isEqualTo("fixed:10ms");
    assertThat(r.loops().get("system1").modelledLatencyMs().p50()).isEqualTo(10.0);
  }

  @Test
  void anOverrideKeyThatMatchesNoLoopOfTheStackLeavesItAlone() {
    // a run of several stacks may name a loop only one of them has; the bench checks the key exists somewhere
    EpisodeSpec s = spec(1, "dual").withVariant("other-stack", Map.of("planner", LatencyModel.fixed(300)));
    EpisodeRecord r = runner.run(s, FakeArmWorld.builder().optTimeLimit(1).build(),
        dual(LatencyModel.none(), LatencyModel.none()));
    assertThat(r.loops().get("system2").latencyModel()).isEqualTo("none");
    assertThat(r.loops().get("system1").latencyModel()).isEqualTo("none");
  }

  @Test
  void aRoleKeyTimesEveryLoopOfThatRoleWhateverItsName() {
    // the scripted stack's only loop is called "script" and declares the control role
    FakeArmWorld world = FakeArmWorld.builder().optTimeLimit(1).optGoal(0.9, 0.9, 0.9).build();
    ScriptedStack stack = TestStacks.reach(new double[] {0.1, 0.1, 0.1});
    Timing t = new Timing(null, Map.of("control", LatencyModel.fixed(2)), Map.of("control", 250.0));
    EpisodeRecord r = runner.run(spec(1, "scripted").withTiming(t), world, stack);
    assertThat(r.loops().get("script").latencyModel()).isEqualTo("fixed:2ms");
    assertThat(r.loops().get("script").targetHz()).isEqualTo(250.0);
    assertThat(r.loops().get("script").ticks()).isEqualTo((long) Math.ceil(r.simTimeS() * 250 - 1e-9));
  }

  @Test
  void aRateOverrideChangesWhenTheLoopTicksAndWhatTheStackSeesAsItsLoop() {
    List<Long> times = new java.util.ArrayList<>();
    List<Double> seenRates = new java.util.ArrayList<>();
    TestStacks.ProbeStack stack = new TestStacks.ProbeStack(List.of(org.stackarena.api.LoopSpec.builder("hold", 100)
        .build()), (loop, ctx) -> {
          times.add(ctx.timeMicros());
          seenRates.add(ctx.loop().rateHz());
        });
    runner.run(spec(1, "scripted").withTiming(new Timing(null, Map.of(), Map.of("hold", 40.0))),
        FakeArmWorld.builder().optTimeLimit(0.1).build(), stack);
    // 40 Hz deadlines at 0, 25, 50, 75 ms, each run at the first 2 ms physics step at or after it
    assertThat(times).containsExactly(0L, 26_000L, 50_000L, 76_000L);
    assertThat(seenRates).containsOnly(40.0);
  }

  @Test
  void theMostSpecificSettingWinsNameThenRoleThenStarThenProfile() {
    DeploymentProfile profile = DeploymentProfile.parse("p.json", """
        {"name": "p", "roles": {"system2": {"latency": "fixed:70ms", "rate_hz": 2}},
         "default": {"latency": "fixed:1ms"}}""");
    EpisodeRecord byProfile = runner.run(spec(1, "dual").withTiming(new Timing(profile, Map.of(), Map.of())),
        FakeArmWorld.builder().optTimeLimit(1).build(), dual(LatencyModel.none(), LatencyModel.none()));
    assertThat(byProfile.loops().get("system2").latencyModel()).isEqualTo("fixed:70ms");
    assertThat(byProfile.loops().get("system2").targetHz()).isEqualTo(2.0);
    assertThat(byProfile.loops().get("system1").latencyModel()).as("the profile's default").isEqualTo("fixed:1ms");
    assertThat(byProfile.loops().get("system1").targetHz()).as("no rate in the profile: the stack's").isEqualTo(100);

    Timing star = new Timing(profile, Map.of("*", LatencyModel.fixed(5)), Map.of());
    EpisodeRecord r = runner.run(spec(1, "dual").withTiming(star), FakeArmWorld.builder().optTimeLimit(1).build(),
        dual(LatencyModel.none(), LatencyModel.none()));
    assertThat(r.loops().get("system2").latencyModel()).as("* beats the profile").isEqualTo("fixed:5ms");
    assertThat(r.loops().get("system2").targetHz()).as("a latency override keeps the profile's rate").isEqualTo(2.0);
  }

  @Test
  void camerasAreRenderedOnlyWhenALoopThatReadsThemTicks() {
    FakeArmWorld world = FakeArmWorld.builder().optTimeLimit(1.0).optGoal(0.9, 0.9, 0.9).build();
    runner.run(spec(1, "dual"), world, dual(LatencyModel.fixed(50), LatencyModel.none()));
    assertThat(world.renders().get("front")).containsExactly(0L, 200_000L, 400_000L, 600_000L,
        800_000L);
    assertThat(world.renderCount("wrist")).isZero();
  }

  @Test
  void chunkStepsApplyAtTheirTimesAfterVisibilityAndTheLastStepIsHeld() {
    double[] a = {0.1, 0, 0};
    double[] b = {0.2, 0, 0};
    double[] c = {0.3, 0, 0};
    ScriptedStack stack = ScriptedStack.builder("chunky", TestStacks.fakeArmJoints())
        .at(0.0, new Action(new double[] {0, 0, 0}, 0))
        .at(0.1, new ActionChunk(List.of(new Action(a, 0), new Action(b, 0), new Action(c, 1)),
            0.01))
        .optLatency(LatencyModel.fixed(5))
        .build();
    FakeArmWorld world = FakeArmWorld.builder().optTimeLimit(0.2).optGoal(0.9, 0.9, 0.9).build();
    EpisodeRecord r = runner.run(spec(1, "chunky"), world, stack);
    assertThat(r.failureReason()).isEqualTo("timeout");
    // the first command (published at 0, visible at 5 ms) is applied from the 6 ms step on
    assertThat(world.appliedTime(0)).isEqualTo(6_000);
    for (int i = 0; i < world.applied().size(); i++) {
      long t = world.appliedTime(i);
      double[] expected;
      if (t < 105_000) {
        expected = new double[] {0, 0, 0};
      } else if (t < 115_000) {
        expected = a;
      } else if (t < 125_000) {
        expected = b;
      } else {
        expected = c;
      }
      assertThat(world.applied().get(i).values()).as("t=%d us", t).containsExactly(expected);
    }
    assertThat(world.appliedTime(world.applied().size() - 1)).isEqualTo(198_000);
  }

  @Test
  void aStackThatThrowsFailsWithStackException() {
    EpisodeRecord r = runner.run(spec(1, "throwing"), FakeArmWorld.builder().build(),
        new TestStacks.ThrowingStack(0.25));
    assertThat(r.success()).isFalse();
    assertThat(r.failureReason())
        .isEqualTo("stack_exception: boom (IllegalStateException in loop 'control' at t=0.25 s)");
    assertThat(r.simTimeS()).isEqualTo(0.25);
  }

  @Test
  void nanFailsWithInvalidAction() {
    EpisodeRecord r = runner.run(spec(1, "nan"), FakeArmWorld.builder().build(),
        TestStacks.publishing("nan", new Action(new double[] {0, Double.NaN, 0}, 0)));
    assertThat(r.failureReason())
        .isEqualTo("invalid_action: value[1] is NaN (published at t=0.1 s)");
  }

  @Test
  void aValueOutsideTheActionSpaceFailsWithInvalidAction() {
    EpisodeRecord r = runner.run(spec(1, "outside"), FakeArmWorld.builder().build(),
        TestStacks.publishing("outside", new Action(new double[] {0, 0, 1.5}, 0)));
    assertThat(r.failureReason()).startsWith("invalid_action: value[2]=1.5 outside [-1.0, 1.0]");
  }

  @Test
  void anInvalidChunkStepOrGripperFailsWithInvalidAction() {
    EpisodeRecord chunk = runner.run(spec(1, "chunk"), FakeArmWorld.builder().build(),
        ScriptedStack.builder("chunk", TestStacks.fakeArmJoints())
            .at(0, new ActionChunk(List.of(new Action(new double[3], 0),
                new Action(new double[] {0, Double.POSITIVE_INFINITY, 0}, 0)), 0.02))
            .build());
    assertThat(chunk.failureReason()).startsWith("invalid_action: chunk step 1: value[1] is Infinity");
    EpisodeRecord grip = runner.run(spec(1, "grip"), FakeArmWorld.builder().build(),
        TestStacks.publishing("grip", new Action(new double[3], 1.5)));
    assertThat(grip.failureReason()).startsWith("invalid_action: gripper=1.5 outside [0, 1]");
    EpisodeRecord dims = runner.run(spec(1, "dims"), FakeArmWorld.builder().build(),
        TestStacks.publishing("dims", new Action(new double[4], 0)));
    assertThat(dims.failureReason()).startsWith("invalid_action: JOINT_POSITION expects 3 values, got 4");
  }

  @Test
  void aPhysicsWarningFailsWithInstability() {
    EpisodeRecord r = runner.run(spec(1, "hold-still"),
        FakeArmWorld.builder().optUnstableAt(0.5).build(), new HoldStillStack());
    assertThat(r.failureReason()).startsWith("instability: fake instability");
    assertThat(r.simTimeS()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void aStackReadingACameraTheWorldLacksFailsClearly() {
    var loops = List.of(org.stackarena.api.LoopSpec.builder("eye", 10)
        .reads(org.stackarena.api.Observations.rgbd("ceiling")).build());
    EpisodeRecord r = runner.run(spec(1, "probe"), FakeArmWorld.builder().build(),
        new TestStacks.ProbeStack(loops, (l, c) -> { }));
    assertThat(r.failureReason()).isEqualTo(
        "stack_exception: loop 'eye' reads camera 'ceiling' but the world has cameras [front, wrist]");
    assertThat(r.simTimeS()).isZero();
  }

  @Test
  void recordsRoundTripAsSnakeCaseJsonLines() throws Exception {
    EpisodeRecord r = runner.run(spec(3, "dual"), FakeArmWorld.builder().build(),
        dual(LatencyModel.fixed(100), LatencyModel.fixed(4)));
    String line = Json.line(r);
    assertThat(line).doesNotContain("\n");
    assertThat(Json.parseRecord(line)).isEqualTo(r);
    JsonNode n = Json.mapper().readTree(line);
    assertThat(n.fieldNames()).toIterable().containsExactly("scenario", "seed", "stack",
        "condition", "variant", "robot", "success", "time_to_success_s", "failure_reason",
        "sim_time_s", "wall_time_s", "wall_real_time_factor", "wall_realtime_overruns",
        "collisions", "ee_path_length_m", "jerk", "loops");
    JsonNode loop = n.get("loops").get("system2");
    assertThat(loop.fieldNames()).toIterable().containsExactly("target_hz", "achieved_hz",
        "ticks", "deadline_misses", "latency_model", "modelled_latency_ms", "wall_latency_ms",
        "wall_phases_ms");
    assertThat(loop.get("modelled_latency_ms").fieldNames()).toIterable()
        .containsExactly("p50", "p99", "max");
    assertThat(loop.get("wall_phases_ms").fieldNames()).toIterable()
        .containsExactly("preprocess", "infer", "postprocess");
    assertThat(loop.get("wall_phases_ms").get("infer").asDouble()).isGreaterThan(0);
  }

  @Test
  void unknownFieldsInARecordAreErrors() {
    String line = Json.line(runner.run(spec(1, "hold-still"),
        FakeArmWorld.builder().optTimeLimit(0.1).build(), new HoldStillStack()));
    String typo = line.replace("\"jerk\"", "\"jerkk\"");
    assertThatThrownBy(() -> Json.parseRecord(typo)).hasMessageContaining("jerkk");
  }

  @Test
  void measuredLatencyIsTheTicksWallTimeTimesTheScale() {
    var loops = List.of(org.stackarena.api.LoopSpec.builder("slow", 10)
        .optLatency(LatencyModel.measured(3)).build());
    EpisodeRecord r = runner.run(spec(1, "probe"), FakeArmWorld.builder().optTimeLimit(0.3).build(),
        new TestStacks.ProbeStack(loops, (l, c) -> {
          long end = System.nanoTime() + 4_000_000L;
          while (System.nanoTime() < end) {
            Thread.onSpinWait();
          }
        }));
    LoopRecord loop = r.loops().get("slow");
    assertThat(loop.latencyModel()).isEqualTo("measured:x3");
    assertThat(loop.modelledLatencyMs().p50()).isGreaterThanOrEqualTo(12.0);
    assertThat(loop.modelledLatencyMs().p50())
        .isCloseTo(3 * loop.wallLatencyMs().p50(), within(0.01));
  }

  @Test
  void realtimeModePacesSimTimeAgainstTheWallClock() {
    EpisodeRunner rt = new EpisodeRunner(new RunnerOptions(true));
    EpisodeRecord r = rt.run(spec(1, "hold-still"),
        FakeArmWorld.builder().optTimeLimit(0.2).build(), new HoldStillStack());
    assertThat(r.wallTimeS()).isGreaterThanOrEqualTo(0.19);
    assertThat(r.wallRealTimeFactor()).isLessThan(1.1);
  }
}
