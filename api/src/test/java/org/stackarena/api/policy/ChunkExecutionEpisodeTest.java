package org.stackarena.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Commands;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.Observations;
import org.stackarena.api.TickContext;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.FakeArmWorld;
import org.stackarena.api.harness.Json;
import org.stackarena.api.harness.LoopRecord;

/**
 * Each chunk-execution strategy on a scripted chunk sequence through the real {@link EpisodeRunner} and
 * {@link FakeArmWorld}: the policy's n-th chunk (n = 1, 2, ...) holds at step k the joint-0 value
 * {@code 100 n + k}, so the value the world applies at each physics step says which chunk's which step
 * executes then. The action loop runs at 10 Hz with a fixed 250 ms latency; chunks have 10 steps
 * 100 ms apart (1 s). So the loop ticks at 0, 300, 600, ... ms (deadlines 100 and 200 ms after each
 * tick fall while it is busy) and chunk n becomes visible 250 ms after its tick.
 */
class ChunkExecutionEpisodeTest {

  private static final long MS = 1000;
  private static final int STEPS = 10;
  private static final double INTERVAL_S = 0.1;

  /** The model: the n-th call returns n (the chunk id). */
  static final class Counter implements PolicyModel<double[], Integer> {
    int calls;

    @Override
    public Integer predict(double[] input) {
      return ++calls;
    }

    @Override
    public void close() {
    }
  }

  /** Chunk id n -> joint-0 values 100 n + k; joints 1 and 2 zero; gripper 0. */
  static final class Script implements ActionTranslator<double[], Integer> {
    private final ActionSpace space = ActionSpace.jointPosition(new double[] {-1e6, -1e6, -1e6},
        new double[] {1e6, 1e6, 1e6});

    @Override
    public ActionSpace actionSpace() {
      return space;
    }

    @Override
    public double[] processInput(TickContext ctx) {
      return ctx.channels().latest(Observations.PROPRIOCEPTION).map(p -> p.jointPositions()).orElse(null);
    }

    @Override
    public ActionChunk processOutput(TickContext ctx, Integer id) {
      List<Action> steps = new ArrayList<>();
      for (int k = 0; k < STEPS; k++) {
        steps.add(new Action(new double[] {100.0 * id + k, 0, 0}, 0));
      }
      return new ActionChunk(steps, INTERVAL_S);
    }
  }

  private static PolicyStack stack(ChunkExecution execution, Counter model) {
    PolicyStage<double[], Integer, ActionChunk> act = PolicyStage.<double[], Integer, ActionChunk>builder("act", 10)
        .reads(Observations.PROPRIOCEPTION).setModel(model).setTranslator(new Script())
        .setOutput(Commands.ACTION).build();
    return PolicyStack.builder("scripted").setActionStage(act).optChunkExecution(execution).build();
  }

  /** One episode of 3 s (the fake arm cannot reach its goal at joint 0 = 100+): what was applied when. */
  private static final class Run {
    final FakeArmWorld world = FakeArmWorld.builder().optTimeLimit(3.0).build();
    final Counter model = new Counter();
    final EpisodeRecord record;

    Run(ChunkExecution execution) {
      EpisodeSpec spec = EpisodeSpec.of("reach", "fake-arm", 7, "lab", "scripted")
          .withVariant("", java.util.Map.of("act", LatencyModel.fixed(250)));
      try (PolicyStack s = stack(execution, model)) {
        record = new EpisodeRunner().run(spec, world, s);
      }
    }

    /** The joint-0 value in effect at sim time {@code ms} (applied at the last physics step up to it), NaN before the first command. */
    double at(long ms) {
      for (int i = world.applied().size() - 1; i >= 0; i--) {
        if (world.appliedTime(i) <= ms * MS) {
          return world.applied().get(i).values()[0];
        }
      }
      return Double.NaN;
    }

    LoopRecord loop() {
      return record.loops().get("act");
    }
  }

  @Test
  void holdAndSwitchExecutesEachChunkFromItsArrivalAndSwitchesToTheNewest() {
    Run r = new Run(ChunkExecution.parse("hold-and-switch"));
    assertThat(r.at(248)).as("nothing before the first chunk arrives").isNaN();
    assertThat(r.at(250)).as("chunk 1 step 0 on arrival").isEqualTo(100);
    assertThat(r.at(349)).isEqualTo(100);
    assertThat(r.at(350)).isEqualTo(101);
    assertThat(r.at(548)).isEqualTo(102);
    assertThat(r.at(550)).as("chunk 2 (tick 300 ms) replaces chunk 1 on arrival, from its step 0").isEqualTo(200);
    assertThat(r.at(850)).as("chunk 3 (tick 600 ms)").isEqualTo(300);
    assertThat(r.record.chunking()).isEqualTo("hold-and-switch");
    assertThat(r.loop().ticks()).isEqualTo(10);   // ticks at 0, 300, ..., 2700 ms
    assertThat(r.loop().idleTicks()).isZero();
  }

  @Test
  void ensembleAveragesWhatEveryChunkOfTheWindowSaysForEachStep() {
    Run r = new Run(ChunkExecution.parse("ensemble:1s"));
    assertThat(r.at(250)).isEqualTo(100);
    // chunk 2 (tick 300 ms): its step k is the mean of chunk 1's step 3 + k and its own step k; the
    // harness starts it on arrival (550 ms)
    assertThat(r.at(550)).isEqualTo((103 + 200) / 2.0);
    assertThat(r.at(650)).isEqualTo((104 + 201) / 2.0);
    assertThat(r.record.chunking()).isEqualTo("ensemble:1.0s");
  }

  @Test
  void rtcSkipsStepsPassedInFlightFreezesTheCommittedPrefixAndBlendsTheExecutionHorizon() {
    Run r = new Run(ChunkExecution.parse("rtc"));
    assertThat(r.at(248)).isNaN();
    assertThat(r.at(250)).as("chunk 1 is tick-anchored: step 2 is due 250 ms after its tick").isEqualTo(102);
    assertThat(r.at(300)).isEqualTo(103);
    assertThat(r.at(548)).isEqualTo(105);
    // chunk 2, tick 300 ms, delay estimate = the previous latency, 250 ms -> d = 2 whole steps executed by
    // chunk 1 while it is inferred (300 and 400 ms: frozen, and past when it arrives). It arrives at 550 ms,
    // in its step 2, which is blended, not frozen; the blend stops after the execution horizon s = 3 steps
    // (300 ms since chunk 1's tick): end = d + s = 5.
    ChunkExecution.Rtc rtc = (ChunkExecution.Rtc) ChunkExecution.rtc();
    assertThat(r.at(548)).as("chunk 1 until chunk 2 arrives").isEqualTo(105);
    for (int i = 2; i < 5; i++) {
      double w = rtc.weight(i, 2, 5);
      double c = (5.0 - i) / 4;
      assertThat(w).isCloseTo(c * (Math.exp(c) - 1) / (Math.E - 1), within(1e-12));
      long ms = Math.max(550, 300 + 100L * i);
      assertThat(r.at(ms)).as("step %d blends chunk 1 (%d) and chunk 2 (%d)", i, 103 + i, 200 + i)
          .isCloseTo((103 + i) * w + (200 + i) * (1 - w), within(1e-9));
    }
    // chunk 3 (tick 600 ms, arrives 850 ms, in its step 2) blends its step 3 (303) into chunk 2's own 206
    assertThat(r.at(900)).isCloseTo(206 * rtc.weight(3, 2, 5) + 303 * (1 - rtc.weight(3, 2, 5)), within(1e-9));
    assertThat(r.record.chunking()).isEqualTo("rtc:exp");
  }

  @Test
  void rtcHardMaskKeepsOnlyTheFrozenPrefix() {
    Run r = new Run(ChunkExecution.parse("rtc:hard"));
    assertThat(r.at(548)).isEqualTo(105);
    assertThat(r.at(550)).as("after the prefix (2 whole steps) the new chunk as predicted").isEqualTo(202);
    assertThat(r.at(600)).isEqualTo(203);
    assertThat(r.record.chunking()).isEqualTo("rtc:hard");
  }

  @Test
  void blockingExecutesWholeChunksAndHoldsStillWhileTheNextInferenceRuns() {
    Run r = new Run(ChunkExecution.parse("blocking"));
    assertThat(r.at(250)).isEqualTo(100);
    assertThat(r.at(1150)).as("chunk 1 runs to its last step").isEqualTo(109);
    // chunk 1 ends at 250 + 1000 ms; the next deadline, 1300 ms, infers; until chunk 2 arrives at
    // 1550 ms the last step is held
    assertThat(r.at(1250)).isEqualTo(109);
    assertThat(r.at(1548)).isEqualTo(109);
    assertThat(r.at(1550)).isEqualTo(200);
    assertThat(r.at(2548)).isEqualTo(209);
    assertThat(r.at(2850)).as("chunk 3: tick 2600 ms").isEqualTo(300);
    assertThat(r.model.calls).isEqualTo(3);
    LoopRecord loop = r.loop();
    assertThat(loop.ticks()).as("working ticks 0, 1300, 2600 ms").isEqualTo(3);
    assertThat(loop.deadlineMisses()).as("the two deadlines inside each 250 ms inference").isEqualTo(6);
    assertThat(loop.idleTicks()).as("300..1200, 1600..2500 and 2900 ms, waiting for a chunk to finish")
        .isEqualTo(21);
    assertThat(loop.modelledLatencyMs().max()).isEqualTo(250);
    assertThat(r.record.chunking()).isEqualTo("blocking");
    assertThat(Json.line(r.record)).contains("\"idle_ticks\":21").contains("\"chunking\":\"blocking\"");
  }

  @Test
  void everyStrategyIsDeterministicPerSeed() {
    for (String s : List.of("hold-and-switch", "ensemble:0.5s", "rtc:linear", "blocking")) {
      Run a = new Run(ChunkExecution.parse(s));
      Run b = new Run(ChunkExecution.parse(s));
      assertThat(Json.withoutWallClock(b.record)).as(s).isEqualTo(Json.withoutWallClock(a.record));
    }
  }
}
