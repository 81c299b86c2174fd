package org.stackarena.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Rotations;

class ChunkExecutionTest {

  private static final ActionSpace SPACE = ActionSpace.jointPosition(new double[] {-1000}, new double[] {1000});

  @Test
  void parseAndToStringRoundTrip() {
    for (String s : List.of("hold-and-switch", "ensemble:1.0s", "ensemble:0.5s", "rtc:exp", "rtc:linear",
        "rtc:hard", "blocking")) {
      assertThat(ChunkExecution.parse(s).toString()).isEqualTo(s);
      assertThat(ChunkExecution.parse(ChunkExecution.parse(s).toString())).isEqualTo(ChunkExecution.parse(s));
    }
    assertThat(ChunkExecution.parse("ensemble:500ms")).isEqualTo(ChunkExecution.ensemble(0.5));
    assertThat(ChunkExecution.parse(" Replace ")).as("the old name is an alias")
        .isSameAs(ChunkExecution.holdAndSwitch());
    assertThat(ChunkExecution.parse("replace").toString()).isEqualTo("hold-and-switch");
    assertThat(ChunkExecution.parse("RTC")).isEqualTo(ChunkExecution.rtc());
    assertThat(ChunkExecution.rtc().toString()).isEqualTo("rtc:exp");
    assertThat(ChunkExecution.parse("Blocking")).isSameAs(ChunkExecution.blocking());
  }

  @Test
  void badFormsSayWhatIsWrongAndListTheValidForms() {
    assertThatThrownBy(() -> ChunkExecution.parse("average")).hasMessageContaining("unknown kind 'average'")
        .hasMessageContaining(ChunkExecution.FORMS);
    assertThatThrownBy(() -> ChunkExecution.parse("ensemble")).hasMessageContaining("needs a window")
        .hasMessageContaining(ChunkExecution.FORMS);
    assertThatThrownBy(() -> ChunkExecution.parse("ensemble:1")).hasMessageContaining("needs a unit");
    assertThatThrownBy(() -> ChunkExecution.parse("ensemble:0s")).hasMessageContaining("positive");
    assertThatThrownBy(() -> ChunkExecution.parse("replace:1s")).hasMessageContaining("takes no value");
    assertThatThrownBy(() -> ChunkExecution.parse("blocking:2")).hasMessageContaining("takes no value")
        .hasMessageContaining(ChunkExecution.FORMS);
    assertThatThrownBy(() -> ChunkExecution.parse("rtc:cosine")).hasMessageContaining("unknown rtc blend 'cosine'")
        .hasMessageContaining(ChunkExecution.FORMS);
    assertThatThrownBy(() -> ChunkExecution.parse(null)).hasMessageContaining("missing")
        .hasMessageContaining(ChunkExecution.FORMS);
    assertThat(ChunkExecution.FORMS).contains("hold-and-switch", "ensemble:<window>", "rtc", "blocking");
  }

  /** RTC's soft mask: 1 over the frozen prefix, decaying to 0 where the previous chunk ends. */
  @Test
  void rtcWeightsFollowThePapersSoftMask() {
    ChunkExecution.Rtc exp = new ChunkExecution.Rtc(ChunkExecution.Rtc.Mask.EXP);
    ChunkExecution.Rtc linear = new ChunkExecution.Rtc(ChunkExecution.Rtc.Mask.LINEAR);
    ChunkExecution.Rtc hard = new ChunkExecution.Rtc(ChunkExecution.Rtc.Mask.HARD);
    // d = 2, end = 6, 10 steps: linear 1 1 4/5 3/5 2/5 1/5 0 0 0 0 (the paper code's own example)
    double[] expected = {1, 1, 0.8, 0.6, 0.4, 0.2, 0, 0, 0, 0};
    for (int i = 0; i < 10; i++) {
      assertThat(linear.weight(i, 2, 6)).as("linear %d", i).isCloseTo(expected[i], within(1e-12));
      double c = expected[i];
      double e = i < 2 ? 1 : c * (Math.exp(c) - 1) / (Math.E - 1);
      assertThat(exp.weight(i, 2, 6)).as("exp %d", i).isCloseTo(e, within(1e-12));
      assertThat(hard.weight(i, 2, 6)).as("hard %d", i).isEqualTo(i < 2 ? 1.0 : 0.0);
    }
    assertThat(exp.weight(1, 2, 6)).isGreaterThan(exp.weight(2, 2, 6));
    // a delay beyond the previous chunk's end freezes only what it covers
    assertThat(exp.weight(2, 5, 3)).isEqualTo(1);
    assertThat(exp.weight(3, 5, 3)).isZero();
  }

  /** EE_POSE orientations are blended as rotations: half of 170 and -170 degrees about z is 180. */
  @Test
  void rtcBlendsEePoseOrientationsAsRotations() {
    ActionSpace pose = ActionSpace.eePose(new double[] {-1, -1, -1}, new double[] {1, 1, 1});
    ChunkExecution.Rtc rtc = new ChunkExecution.Rtc(ChunkExecution.Rtc.Mask.LINEAR);
    ChunkExecution.Executor e = rtc.newExecutor(pose);
    double a = Math.toRadians(170);
    List<Action> first = new java.util.ArrayList<>();
    List<Action> second = new java.util.ArrayList<>();
    for (int k = 0; k < 4; k++) {
      first.add(new Action(new double[] {0.2, 0, 0.4, 0, 0, a}, 0));
      second.add(new Action(new double[] {0.4, 0, 0.4, 0, 0, -a}, 1));
    }
    ActionChunk out = e.next(0, new ActionChunk(first, 0.1));
    assertThat(out.anchor()).isEqualTo(ActionChunk.Anchor.TICK);
    // next tick 100 ms later, no latency known (d = 0): the old chunk covers 3 of the new chunk's 4 steps,
    // the execution horizon is 1 step (100 ms since its tick), so only step 0 blends: c = (1 - 0) / (1 + 1)
    out = e.next(100_000, new ActionChunk(second, 0.1));
    assertThat(rtc.weight(0, 0, 1)).isEqualTo(0.5);
    double[] v = out.steps().get(0).values();
    assertThat(v[0]).isCloseTo(0.3, within(1e-12));
    assertThat(out.steps().get(0).gripper()).isCloseTo(0.5, within(1e-12));
    assertThat(out.steps().get(1).values()[0]).as("after the execution horizon: the new chunk").isEqualTo(0.4);
    double[] q = new double[4];
    Rotations.rotationVectorToQuaternion(new double[] {v[3], v[4], v[5]}, q);
    assertThat(Math.abs(q[0])).as("a half turn about z, not the identity").isCloseTo(0, within(1e-9));
    assertThat(Math.abs(q[3])).isCloseTo(1, within(1e-9));
    assertThat(out.steps().get(3).values()[5]).as("beyond the old chunk: the new one").isEqualTo(-a);
  }

  /** The delay estimate is the previous tick's latency in whole steps, rounded down. */
  @Test
  void rtcFreezesAsManyStepsAsThePreviousLatencyCovers() {
    ChunkExecution.Executor e = new ChunkExecution.Rtc(ChunkExecution.Rtc.Mask.HARD).newExecutor(SPACE);
    org.stackarena.api.harness.ManualTick tick = new org.stackarena.api.harness.ManualTick();
    org.stackarena.api.LoopSpec loop = org.stackarena.api.LoopSpec.builder("act", 10).build();
    e.next(tick.at(loop, 0), chunk(0, 1, 2, 3, 4, 5));
    tick.optPreviousLatencyMicros(310_000);   // 3.1 steps -> the 3 steps executed in full are frozen
    ActionChunk out = e.next(tick.at(loop, 100_000), chunk(10, 11, 12, 13, 14, 15));
    assertThat(out.steps().stream().map(s -> s.values()[0]).toList()).containsExactly(1.0, 2.0, 3.0, 13.0, 14.0,
        15.0);
    // an inference faster than one step freezes nothing: the step during which it arrives is the new plan's
    tick.optPreviousLatencyMicros(5_000);
    out = e.next(tick.at(loop, 110_000), chunk(20, 21, 22, 23, 24, 25));
    assertThat(out.steps().get(0).values()[0]).isEqualTo(20.0);
  }

  /** Blocking: idle until the last chunk (visible one latency after its tick) has run out. */
  @Test
  void blockingWaitsForTheLastChunkToFinish() {
    ChunkExecution.Executor e = ChunkExecution.blocking().newExecutor(SPACE);
    org.stackarena.api.harness.ManualTick tick = new org.stackarena.api.harness.ManualTick();
    org.stackarena.api.LoopSpec loop = org.stackarena.api.LoopSpec.builder("act", 10).build();
    assertThat(e.infer(tick.at(loop, 0))).isTrue();
    ActionChunk c = chunk(0, 1, 2);
    assertThat(e.next(tick.at(loop, 0), c)).as("published as is").isSameAs(c);
    tick.optPreviousLatencyMicros(50_000);   // visible at 50 ms, runs 3 x 100 ms: done at 350 ms
    assertThat(e.infer(tick.at(loop, 100_000))).isFalse();
    assertThat(e.infer(tick.at(loop, 300_000))).isFalse();
    tick.optPreviousLatencyMicros(1);   // later reports do not move the end
    assertThat(e.infer(tick.at(loop, 349_999))).isFalse();
    assertThat(e.infer(tick.at(loop, 350_000))).isTrue();
  }

  @Test
  void holdAndSwitchReturnsTheFreshChunkItself() {
    ActionChunk c = new ActionChunk(List.of(new Action(new double[] {1}, 0)), 0.1);
    assertThat(ChunkExecution.holdAndSwitch().newExecutor(SPACE).next(0, c)).isSameAs(c);
    assertThat(c.anchor()).isEqualTo(ActionChunk.Anchor.VISIBLE);
  }

  @Test
  void ensembleInterpolatesOlderChunksBetweenTheirSteps() {
    ChunkExecution.Executor e = ChunkExecution.ensemble(1.0).newExecutor(SPACE);
    e.next(0, chunk(0, 10, 20));                       // step k at t = k * 100 ms
    ActionChunk out = e.next(50_000, chunk(100, 100, 100));
    // at t = 50 ms the first chunk is halfway between 0 and 10
    assertThat(out.steps().get(0).values()[0]).isEqualTo((5 + 100) / 2.0);
    // at t = 150 ms: 15 and 100
    assertThat(out.steps().get(1).values()[0]).isEqualTo((15 + 100) / 2.0);
    // at t = 250 ms the first chunk has run out (its last step is at 200 ms)
    assertThat(out.steps().get(2).values()[0]).isEqualTo(100);
  }

  /**
   * An EE_POSE orientation of 180 degrees about y is (0, pi, 0) or (0, -pi, 0): the same rotation. The
   * ensemble of two chunks holding these must still be that rotation, not the identity that averaging
   * the components would give; positions are averaged as numbers.
   */
  @Test
  void ensembleAveragesEePoseOrientationsAsRotations() {
    ActionSpace pose = ActionSpace.eePose(new double[] {-1, -1, -1}, new double[] {1, 1, 1});
    ChunkExecution.Executor e = ChunkExecution.ensemble(1.0).newExecutor(pose);
    e.next(0, new ActionChunk(List.of(new Action(new double[] {0.2, 0, 0.4, 0, Math.PI, 0}, 0)), 0.1));
    ActionChunk out = e.next(0, new ActionChunk(List.of(new Action(new double[] {0.4, 0, 0.4, 0, -Math.PI, 0}, 0)), 0.1));
    double[] v = out.steps().get(0).values();
    assertThat(v[0]).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-12));
    double[] q = new double[4];
    Rotations.rotationVectorToQuaternion(new double[] {v[3], v[4], v[5]}, q);
    double[] half = new double[4];
    Rotations.rotationVectorToQuaternion(new double[] {0, Math.PI, 0}, half);
    assertThat(Math.abs(q[0] * half[0] + q[1] * half[1] + q[2] * half[2] + q[3] * half[3])).isCloseTo(1.0,
        org.assertj.core.api.Assertions.within(1e-9));
    // two rotations 20 degrees apart about z average to the one halfway
    e = ChunkExecution.ensemble(1.0).newExecutor(pose);
    e.next(0, new ActionChunk(List.of(new Action(new double[] {0, 0, 0, 0, 0, Math.toRadians(10)}, 0)), 0.1));
    out = e.next(0, new ActionChunk(List.of(new Action(new double[] {0, 0, 0, 0, 0, Math.toRadians(30)}, 0)), 0.1));
    assertThat(out.steps().get(0).values()[5]).isCloseTo(Math.toRadians(20), org.assertj.core.api.Assertions.within(1e-9));
  }

  /** Three chunks on the workspace's top (0.8) average to 0.8000000000000002; that is not leaving the space. */
  @Test
  void ensembleRoundingOnABoundStaysInsideButARealExcessIsStillRejected() {
    ActionSpace pose = ActionSpace.eePose(new double[] {0, -1, 0}, new double[] {1, 1, 0.8});
    ChunkExecution.Executor e = ChunkExecution.ensemble(1.0).newExecutor(pose);
    ActionChunk out = null;
    for (int i = 0; i < 3; i++) {
      out = e.next(0, new ActionChunk(List.of(new Action(new double[] {0.5, 0, 0.8, 0, 0, 0}, 0)), 0.1));
    }
    assertThat((0.8 + 0.8 + 0.8) / 3).isGreaterThan(0.8);
    assertThat(out.steps().get(0).values()[2]).isEqualTo(0.8);
    assertThat(pose.violation(out.steps().get(0))).isEmpty();
    ChunkExecution.Executor bad = ChunkExecution.ensemble(1.0).newExecutor(pose);
    ActionChunk outside = bad.next(0, new ActionChunk(List.of(new Action(new double[] {0.5, 0, 0.9, 0, 0, 0}, 0)), 0.1));
    assertThat(pose.violation(outside.steps().get(0))).hasValueSatisfying(v -> assertThat(v).contains("value[2]=0.9"));
  }

  private static ActionChunk chunk(double... values) {
    return new ActionChunk(java.util.Arrays.stream(values).mapToObj(v -> new Action(new double[] {v}, 0)).toList(),
        0.1);
  }
}
