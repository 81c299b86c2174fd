package org.stackarena.api.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Commands;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.LoopSpec;

class EpisodeListenerTest {

  /** Everything a listener was told, as plain values. */
  static final class Log implements EpisodeListener {
    final List<String> loops = new ArrayList<>();
    final Map<String, List<long[]>> ticks = new HashMap<>();
    final Map<String, Long> misses = new HashMap<>();
    final List<String> published = new ArrayList<>();
    long steps;
    long lastStep;
    long actionSteps;
    EpisodeRecord ended;

    @Override
    public void started(List<LoopSpec> specs) {
      specs.forEach(l -> loops.add(l.name()));
    }

    @Override
    public void ticked(String loop, long start, long visible, Map<ChannelKey<?>, Object> outputs) {
      ticks.computeIfAbsent(loop, k -> new ArrayList<>()).add(new long[] {start, visible});
      outputs.keySet().forEach(k -> published.add(loop + ":" + k.name()));
    }

    @Override
    public void missed(String loop, long at, long count) {
      misses.merge(loop, count, Long::sum);
    }

    @Override
    public void stepped(long t, Action applied) {
      steps++;
      lastStep = t;
      actionSteps += applied != null ? 1 : 0;
    }

    @Override
    public void ended(EpisodeRecord record) {
      ended = record;
    }
  }

  private static EpisodeSpec spec() {
    return EpisodeSpec.of("reach", "fake-arm", 7, "lab", "dual");
  }

  @Test
  void theListenerSeesEveryTickMissAndStepTheRecordCounts() {
    Log log = new Log();
    // System 2 at 5 Hz with 300 ms latency: busy past its next deadline, so it misses
    EpisodeRecord r = new EpisodeRunner().run(spec(), FakeArmWorld.builder().optTimeLimit(2.0).build(),
        new TestStacks.DualStack(5, LatencyModel.fixed(300), 100, LatencyModel.fixed(4)), log);

    assertThat(log.loops).containsExactly("system2", "system1");
    assertThat(log.ended).isSameAs(r);
    for (Map.Entry<String, LoopRecord> e : r.loops().entrySet()) {
      assertThat((long) log.ticks.get(e.getKey()).size()).as(e.getKey()).isEqualTo(e.getValue().ticks());
      assertThat(log.misses.getOrDefault(e.getKey(), 0L)).as(e.getKey()).isEqualTo(e.getValue().deadlineMisses());
    }
    assertThat(r.loops().get("system2").deadlineMisses()).isPositive();
    for (long[] tick : log.ticks.get("system2")) {
      assertThat(tick[1] - tick[0]).isEqualTo(300_000);
      assertThat(tick[0] % 200_000).as("5 Hz deadlines, never catching up").isZero();
    }
    assertThat(log.ticks.get("system1").get(0)[1] - log.ticks.get("system1").get(0)[0]).isEqualTo(4_000);
    assertThat(log.steps).isEqualTo(Math.round(r.simTimeS() / 0.002));
    assertThat(log.lastStep).isEqualTo(Math.round(r.simTimeS() * 1e6));
    assertThat(log.actionSteps).as("the arm holds until the first chunk is visible").isPositive()
        .isLessThan(log.steps);
    assertThat(log.published).contains("system2:latent", "system1:" + Commands.ACTION.name());
  }

  @Test
  void listeningDoesNotChangeTheEpisode() {
    for (LatencyModel slow : List.of(LatencyModel.none(), LatencyModel.fixed(150), LatencyModel.normal(120, 60))) {
      EpisodeRecord plain = new EpisodeRunner().run(spec(), FakeArmWorld.builder().build(),
          new TestStacks.DualStack(5, slow, 100, LatencyModel.fixed(4)));
      EpisodeRecord heard = new EpisodeRunner().run(spec(), FakeArmWorld.builder().build(),
          new TestStacks.DualStack(5, slow, 100, LatencyModel.fixed(4)), new Log());
      assertThat(Json.withoutWallClock(heard)).as(slow.toString()).isEqualTo(Json.withoutWallClock(plain));
    }
  }

  @Test
  void theExecutorAsksItsFactoryForOneListenerPerEpisode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Map<Long, Log> logs = new HashMap<>();
    try (ResultsStore store = ResultsStore.open(dir)) {
      EpisodeExecutor.builder()
          .setWorlds((scenario, robot, condition) -> FakeArmWorld.builder().optTimeLimit(0.5).build())
          .setStacks((name, world) -> new TestStacks.DualStack(5, LatencyModel.none(), 100, LatencyModel.none()))
          .setStore(store)
          .optListeners((s, world) -> s.seed() == 2 ? logs.computeIfAbsent(s.seed(), k -> new Log())
              : EpisodeListener.NONE)
          .build()
          .run(List.of(EpisodeSpec.of("reach", "fake-arm", 1, "lab", "dual"),
              EpisodeSpec.of("reach", "fake-arm", 2, "lab", "dual")));
      assertThat(logs).containsOnlyKeys(2L);
      assertThat(logs.get(2L).ended.seed()).isEqualTo(2);
      assertThat(store.records()).hasSize(2);
    }
  }
}
