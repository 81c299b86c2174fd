package org.stackarena.api.harness;

import org.stackarena.api.LatencyModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.LoopSpec;

class SchedulerTest {

  private static final long DT = 2000; // 2 ms in microseconds

  /** Drives the scheduler over {@code seconds} of sim time, as the runner does. */
  private static void drive(Scheduler s, TestStacks.ProbeStack stack, Blackboard board,
      double seconds) throws StackException {
    long steps = Math.round(seconds * 1e6 / s.dtMicros());
    for (long n = 0; n < steps; n++) {
      long t = n * s.dtMicros();
      board.advanceTo(t);
      s.runDue(t, stack, board, (key, time) -> { });
    }
  }

  @Test
  void fiveHundredAndFiveHzTickExactly5000And50TimesIn10s() throws Exception {
    List<LoopSpec> loops = List.of(LoopSpec.builder("fast", 500).build(),
        LoopSpec.builder("slow", 5).build());
    Scheduler s = new Scheduler(loops, DT, 1);
    drive(s, new TestStacks.ProbeStack(loops, (l, c) -> { }), new Blackboard(), 10.0);
    assertThat(s.ticks("fast")).isEqualTo(5000);
    assertThat(s.ticks("slow")).isEqualTo(50);
    assertThat(s.misses("fast")).isZero();
    assertThat(s.misses("slow")).isZero();
  }

  @Test
  void fiftyHzWithFixed30msSkipsEveryOtherDeadline() throws Exception {
    List<LoopSpec> loops = List.of(
        LoopSpec.builder("plan", 50).optLatency(LatencyModel.fixed(30)).build());
    List<Long> tickTimes = new ArrayList<>();
    Scheduler s = new Scheduler(loops, DT, 1);
    drive(s, new TestStacks.ProbeStack(loops, (l, c) -> tickTimes.add(c.timeMicros())),
        new Blackboard(), 10.0);
    // tick at 0 is busy until 30 ms: the 20 ms deadline is skipped, 40 ms ticks, and so on.
    assertThat(s.ticks("plan")).isEqualTo(250);
    assertThat(s.misses("plan")).isEqualTo(250);
    for (int k = 0; k < tickTimes.size(); k++) {
      assertThat(tickTimes.get(k)).isEqualTo(k * 40_000L);
    }
  }

  @Test
  void latencyEqualToThePeriodMissesNothing() throws Exception {
    List<LoopSpec> loops = List.of(
        LoopSpec.builder("plan", 50).optLatency(LatencyModel.fixed(20)).build());
    Scheduler s = new Scheduler(loops, DT, 1);
    drive(s, new TestStacks.ProbeStack(loops, (l, c) -> { }), new Blackboard(), 10.0);
    assertThat(s.ticks("plan")).isEqualTo(500);
    assertThat(s.misses("plan")).isZero();
  }

  @Test
  void anOverrunSkipsDeadlinesInsteadOfBursting() throws Exception {
    List<LoopSpec> loops = List.of(
        LoopSpec.builder("slowpoke", 50).optLatency(LatencyModel.fixed(95)).build());
    List<Long> tickTimes = new ArrayList<>();
    Scheduler s = new Scheduler(loops, DT, 1);
    drive(s, new TestStacks.ProbeStack(loops, (l, c) -> tickTimes.add(c.timeMicros())),
        new Blackboard(), 1.0);
    assertThat(tickTimes).containsExactly(0L, 100_000L, 200_000L, 300_000L, 400_000L, 500_000L,
        600_000L, 700_000L, 800_000L, 900_000L);
    assertThat(s.misses("slowpoke")).isEqualTo(40);
  }

  @Test
  void periodsThatAreNotMultiplesOfDtTickAtTheFirstStepAtOrAfterTheDeadline() throws Exception {
    List<LoopSpec> loops = List.of(LoopSpec.builder("odd", 300).build(),
        LoopSpec.builder("third", 3).build());
    List<Long> odd = new ArrayList<>();
    Scheduler s = new Scheduler(loops, DT, 1);
    drive(s, new TestStacks.ProbeStack(loops, (l, c) -> {
      if (l.equals("odd")) {
        odd.add(c.timeMicros());
      }
    }), new Blackboard(), 10.0);
    assertThat(s.ticks("odd")).isEqualTo(3000);
    assertThat(s.ticks("third")).isEqualTo(30);
    assertThat(s.misses("odd")).isZero();
    for (int k = 0; k < odd.size(); k++) {
      long deadline = Math.round(k * 1e6 / 300);
      long expected = (deadline + DT - 1) / DT * DT;
      assertThat(odd.get(k)).as("tick %d", k).isEqualTo(expected);
    }
  }

  @Test
  void aRateAbovePhysicsTicksOncePerStepAndCountsTheRestAsMisses() throws Exception {
    List<LoopSpec> loops = List.of(LoopSpec.builder("khz", 1000).build());
    Scheduler s = new Scheduler(loops, DT, 1);
    drive(s, new TestStacks.ProbeStack(loops, (l, c) -> { }), new Blackboard(), 1.0);
    // steps at 0, 2, ..., 998 ms service deadlines 0..998 ms (999 of them): 500 ticks, and the
    // odd-millisecond deadlines collapse onto the next step and count as misses.
    assertThat(s.ticks("khz")).isEqualTo(500);
    assertThat(s.misses("khz")).isEqualTo(499);
  }

  @Test
  void outputsBecomeVisibleExactlyLatencyLater() throws Exception {
    ChannelKey<Long> stamp = ChannelKey.of("stamp", Long.class);
    List<LoopSpec> loops = List.of(
        LoopSpec.builder("pub", 10).writes(stamp).optLatency(LatencyModel.fixed(30)).build(),
        LoopSpec.builder("sub", 500).reads(stamp).build());
    List<long[]> seen = new ArrayList<>(); // (time, value or -1)
    Scheduler s = new Scheduler(loops, DT, 1);
    drive(s, new TestStacks.ProbeStack(loops, (l, c) -> {
      if (l.equals("pub")) {
        c.channels().publish(stamp, c.timeMicros());
      } else {
        seen.add(new long[] {c.timeMicros(), c.channels().latest(stamp).orElse(-1L)});
      }
    }), new Blackboard(), 1.0);
    // value published at t=0 is invisible at 28 ms and visible at 30 ms
    assertThat(valueAt(seen, 28_000)).isEqualTo(-1L);
    assertThat(valueAt(seen, 30_000)).isEqualTo(0L);
    // value published at 100 ms: not at 128 ms, yes at 130 ms
    assertThat(valueAt(seen, 128_000)).isEqualTo(0L);
    assertThat(valueAt(seen, 130_000)).isEqualTo(100_000L);
  }

  @Test
  void zeroLatencyOutputIsVisibleToLaterLoopsInTheSameInstant() throws Exception {
    ChannelKey<Long> stamp = ChannelKey.of("stamp", Long.class);
    List<LoopSpec> loops = List.of(LoopSpec.builder("pub", 10).writes(stamp).build(),
        LoopSpec.builder("sub", 10).reads(stamp).build());
    List<Long> seen = new ArrayList<>();
    Scheduler s = new Scheduler(loops, DT, 1);
    drive(s, new TestStacks.ProbeStack(loops, (l, c) -> {
      if (l.equals("pub")) {
        c.channels().publish(stamp, c.timeMicros());
      } else {
        seen.add(c.channels().latest(stamp).orElse(-1L));
      }
    }), new Blackboard(), 0.3);
    assertThat(seen).containsExactly(0L, 100_000L, 200_000L);
  }

  @Test
  void anIdleTickIsChargedNoLatencyAndCountedApartFromTicksAndMisses() throws Exception {
    ChannelKey<Long> stamp = ChannelKey.of("stamp", Long.class);
    List<LoopSpec> loops = List.of(
        LoopSpec.builder("act", 10).writes(stamp).optLatency(LatencyModel.fixed(150)).build());
    List<long[]> seen = new ArrayList<>(); // (time, previous latency)
    Scheduler s = new Scheduler(loops, DT, 1);
    // works at 0 and 500 ms only; idle at every other deadline it is free for
    drive(s, new TestStacks.ProbeStack(loops, (l, c) -> {
      seen.add(new long[] {c.timeMicros(), c.previousLatencyMicros()});
      if (c.timeMicros() % 500_000 == 0) {
        c.channels().publish(stamp, c.timeMicros());
      } else {
        c.idle();
      }
    }), new Blackboard(), 1.0);
    // 0 works (busy to 150 ms: 100 ms missed), 200..400 idle, 500 works (600 missed), 700..900 idle
    assertThat(seen.stream().map(e -> e[0] / 1000).toList()).containsExactly(0L, 200L, 300L, 400L, 500L, 700L,
        800L, 900L);
    assertThat(s.ticks("act")).isEqualTo(2);
    assertThat(s.misses("act")).isEqualTo(2);
    assertThat(s.idleTicks("act")).isEqualTo(6);
    assertThat(seen.get(0)[1]).as("before the first tick").isEqualTo(-1);
    assertThat(seen.get(1)[1]).as("the last working tick's latency").isEqualTo(150_000);
    assertThat(seen.get(5)[1]).isEqualTo(150_000);
    LoopRecord r = s.records(1_000_000).get("act");
    assertThat(r.ticks()).isEqualTo(2);
    assertThat(r.idleTicks()).isEqualTo(6);
    assertThat(r.achievedHz()).as("working ticks only").isEqualTo(2.0);
    assertThat(r.modelledLatencyMs().p50()).isEqualTo(150);
  }

  @Test
  void anIdleTickMustNotPublish() {
    ChannelKey<Long> stamp = ChannelKey.of("stamp", Long.class);
    List<LoopSpec> loops = List.of(LoopSpec.builder("act", 10).writes(stamp).build());
    Scheduler s = new Scheduler(loops, DT, 1);
    TestStacks.ProbeStack stack = new TestStacks.ProbeStack(loops, (l, c) -> {
      c.idle();
      c.channels().publish(stamp, 1L);
    });
    assertThatThrownBy(() -> s.runDue(0, stack, new Blackboard(), (k, t) -> { }))
        .isInstanceOf(StackException.class).hasMessageContaining("declared idle");
  }

  @Test
  void blackboardHoldsValuesUntilTheirVisibilityTime() {
    ChannelKey<String> k = ChannelKey.of("k", String.class);
    Blackboard b = new Blackboard();
    b.advanceTo(10_000);
    b.post(k, "v", 10_000, 40_000);
    b.advanceTo(38_000);
    assertThat(b.latest(k)).isEmpty();
    b.advanceTo(40_000);
    assertThat(b.latest(k)).contains("v");
    assertThat(b.stamped(k).orElseThrow().publishedMicros()).isEqualTo(10_000);
  }

  @Test
  void blackboardRejectsANameReusedWithAnotherType() {
    Blackboard b = new Blackboard();
    b.post(ChannelKey.of("x", String.class), "a", 0, 0);
    assertThatThrownBy(() -> b.post(ChannelKey.of("x", Long.class), 1L, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
  }

  @Test
  void undeclaredReadsAndWritesFailTheTick() {
    ChannelKey<Long> stamp = ChannelKey.of("stamp", Long.class);
    List<LoopSpec> loops = List.of(LoopSpec.builder("sneaky", 10).build());
    Scheduler s = new Scheduler(loops, DT, 1);
    TestStacks.ProbeStack stack = new TestStacks.ProbeStack(loops,
        (l, c) -> c.channels().publish(stamp, 1L));
    assertThatThrownBy(() -> s.runDue(0, stack, new Blackboard(), (k, t) -> { }))
        .isInstanceOf(StackException.class)
        .satisfies(e -> assertThat(((StackException) e).failureReason())
            .startsWith("stack_exception: loop 'sneaky' publishes channel 'stamp:Long'"));
  }

  @Test
  void duplicateLoopNamesAreRejected() {
    List<LoopSpec> loops = List.of(LoopSpec.builder("a", 10).build(),
        LoopSpec.builder("a", 20).build());
    assertThatThrownBy(() -> new Scheduler(loops, DT, 1))
        .hasMessageContaining("duplicate loop name 'a'");
  }

  private static long valueAt(List<long[]> seen, long t) {
    return seen.stream().filter(e -> e[0] == t).findFirst().orElseThrow()[1];
  }
}
