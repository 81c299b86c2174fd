package org.stackarena.api.harness;

import org.stackarena.api.LatencyModel;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.Action;
import org.stackarena.api.ControlStack;
import org.stackarena.api.HoldStillStack;
import org.stackarena.api.RandomStack;

class EpisodeExecutorTest {

  @TempDir
  Path dir;

  private static World world(String scenario, String robot, String condition) {
    if (scenario.equals("broken")) {
      throw new IllegalStateException("scene file missing");
    }
    double limit = condition.equals("field") ? 0.6 : 0.4;
    return FakeArmWorld.builder().optTimeLimit(limit).build();
  }

  private static ControlStack stack(String name) {
    return switch (name) {
      case "hold-still" -> new HoldStillStack();
      case "random" -> new RandomStack();
      case "reach" -> TestStacks.reach(new double[] {0.3, -0.2, 0.1});
      case "dual" -> new TestStacks.DualStack(5, LatencyModel.normal(80, 30), 100,
          LatencyModel.fixed(4));
      case "throwing" -> new TestStacks.ThrowingStack(0.1);
      case "nan" -> TestStacks.publishing("nan", new Action(new double[] {Double.NaN, 0, 0}, 0));
      case "outside" -> TestStacks.publishing("outside", new Action(new double[] {0, -2, 0}, 0));
      default -> throw new IllegalArgumentException("no stack " + name);
    };
  }

  private static List<EpisodeSpec> specs(List<String> stacks, int seeds) {
    List<EpisodeSpec> out = new ArrayList<>();
    for (String condition : List.of("lab", "field")) {
      for (String st : stacks) {
        for (long seed = 1; seed <= seeds; seed++) {
          out.add(EpisodeSpec.of("reach", "fake-arm", seed, condition, st));
        }
      }
    }
    return out;
  }

  private EpisodeExecutor.Result run(Path out, List<EpisodeSpec> specs, int workers)
      throws Exception {
    try (ResultsStore store = ResultsStore.open(out)) {
      return EpisodeExecutor.builder().setWorlds(EpisodeExecutorTest::world)
          .setStacks((name, world) -> stack(name)).setStore(store).optWorkers(workers).build()
          .run(specs);
    }
  }

  private static List<String> sortedDeterministic(Path out) throws Exception {
    try (ResultsStore store = ResultsStore.open(out)) {
      return store.records().stream()
          .sorted(Comparator.comparing((EpisodeRecord r) -> r.key().toString()))
          .map(Json::withoutWallClock).collect(Collectors.toList());
    }
  }

  @Test
  void twoWorkersWriteTheSameRecordsAsOne() throws Exception {
    List<EpisodeSpec> specs = specs(List.of("hold-still", "random", "reach", "dual"), 3);
    EpisodeExecutor.Result one = run(dir.resolve("w1"), specs, 1);
    EpisodeExecutor.Result two = run(dir.resolve("w2"), specs, 2);
    assertThat(one.ran()).isEqualTo(specs.size());
    assertThat(two.ran()).isEqualTo(specs.size());
    assertThat(two.errors()).isZero();
    List<String> a = sortedDeterministic(dir.resolve("w1"));
    assertThat(a).hasSize(specs.size());
    assertThat(sortedDeterministic(dir.resolve("w2"))).isEqualTo(a);
  }

  @Test
  void aResumedRunAfterAKillRunsEveryEpisodeExactlyOnce() throws Exception {
    List<EpisodeSpec> specs = specs(List.of("hold-still", "reach"), 4); // 16 episodes
    Path out = dir.resolve("run");
    // the "killed" run finished 5 episodes and was killed while writing the 6th
    EpisodeExecutor.Result first = run(out, specs.subList(0, 5), 2);
    assertThat(first.ran()).isEqualTo(5);
    EpisodeRecord sixth = new EpisodeRunner().run(specs.get(5),
        world(specs.get(5).scenario(), specs.get(5).robot(), specs.get(5).condition()), stack(specs.get(5).stack()));
    String line = Json.line(sixth);
    Files.writeString(out.resolve(ResultsStore.FILE_NAME), line.substring(0, 40),
        StandardOpenOption.APPEND);

    EpisodeExecutor.Result resumed = run(out, specs, 2);
    assertThat(resumed.skipped()).isEqualTo(5);
    assertThat(resumed.ran()).isEqualTo(11);

    List<String> lines = Files.readAllLines(out.resolve(ResultsStore.FILE_NAME));
    assertThat(lines).hasSize(16);
    Set<EpisodeKey> keys = lines.stream().map(l -> {
      try {
        return Json.parseRecord(l).key();
      } catch (Exception e) {
        throw new AssertionError("bad line " + l, e);
      }
    }).collect(Collectors.toSet());
    assertThat(keys).isEqualTo(specs.stream().map(EpisodeSpec::key).collect(Collectors.toSet()));

    EpisodeExecutor.Result again = run(out, specs, 2);
    assertThat(again.ran()).isZero();
    assertThat(again.skipped()).isEqualTo(16);
  }

  @Test
  void failingEpisodesAreRecordedWithTheirReasonAndTheRunCarriesOn() throws Exception {
    List<EpisodeSpec> specs = new ArrayList<>(
        specs(List.of("throwing", "nan", "outside", "reach"), 1).subList(0, 4));
    specs.add(1, EpisodeSpec.of("broken", "fake-arm", 1, "lab", "reach"));
    specs.add(EpisodeSpec.of("reach", "fake-arm", 1, "lab", "reach")); // duplicate
    EpisodeExecutor.Result r = run(dir, specs, 1);
    assertThat(r.ran()).isEqualTo(4);
    assertThat(r.errors()).isEqualTo(1);
    assertThat(r.skipped()).isEqualTo(1);
    Map<String, String> reasons = r.records().stream().collect(Collectors.toMap(
        EpisodeRecord::stack, e -> String.valueOf(e.failureReason())));
    assertThat(reasons.get("throwing")).startsWith("stack_exception: boom");
    assertThat(reasons.get("nan")).startsWith("invalid_action: value[0] is NaN");
    assertThat(reasons.get("outside")).startsWith("invalid_action: value[1]=-2.0 outside");
    assertThat(reasons.get("reach")).isEqualTo("null");
    try (ResultsStore store = ResultsStore.open(dir)) {
      assertThat(store.records()).hasSize(4);
      assertThat(store.isFinished(EpisodeSpec.of("broken", "fake-arm", 1, "lab", "reach").key())).isFalse();
    }
  }

  @Test
  void theErrorListenerHearsEachEpisodeThatWasNotRecordedWithItsCause() throws Exception {
    EpisodeSpec broken = EpisodeSpec.of("broken", "fake-arm", 1, "lab", "reach");
    EpisodeSpec fine = EpisodeSpec.of("reach", "fake-arm", 1, "lab", "reach");
    List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
    EpisodeExecutor.Result r;
    try (ResultsStore store = ResultsStore.open(dir)) {
      r = EpisodeExecutor.builder().setWorlds(EpisodeExecutorTest::world)
          .setStacks((name, world) -> stack(name)).setStore(store).optWorkers(2)
          .optErrorListener((spec, error) -> heard.add(spec.key() + " -> " + error))
          .build()
          .run(List.of(broken, fine, EpisodeSpec.of("broken", "fake-arm", 2, "field", "reach")));
    }
    assertThat(r.errors()).isEqualTo(2);
    assertThat(r.ran()).isEqualTo(1);
    assertThat(heard).containsExactlyInAnyOrder(
        broken.key() + " -> java.lang.IllegalStateException: scene file missing",
        EpisodeSpec.of("broken", "fake-arm", 2, "field", "reach").key()
            + " -> java.lang.IllegalStateException: scene file missing");
  }
}
