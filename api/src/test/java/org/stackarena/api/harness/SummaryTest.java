package org.stackarena.api.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {

  @TempDir
  Path dir;

  @Test
  void wilsonMatchesTheTextbookValue() {
    double[] ci = Summary.wilson(8, 10, Summary.Z95);
    assertThat(ci[0]).isCloseTo(0.4902, within(1e-4));
    assertThat(ci[1]).isCloseTo(0.9433, within(1e-4));
  }

  @Test
  void wilsonAtTheEdges() {
    assertThat(Summary.wilson(0, 0, Summary.Z95)).containsExactly(0.0, 1.0);
    double[] none = Summary.wilson(0, 20, Summary.Z95);
    assertThat(none[0]).isEqualTo(0.0);
    assertThat(none[1]).isCloseTo(0.1611, within(1e-4));
    double[] all = Summary.wilson(20, 20, Summary.Z95);
    assertThat(all[0]).isCloseTo(0.8389, within(1e-4));
    assertThat(all[1]).isEqualTo(1.0);
  }

  private static EpisodeRecord rec(String scenario, String condition, String stack, long seed,
      boolean ok, double p50, long misses) {
    LoopRecord loop = new LoopRecord(50, 25, 50, misses, "fixed:30ms",
        new Percentiles(p50, p50 * 2, p50 * 3), Percentiles.ZERO, new PhaseMeans(0, 0, 0));
    return new EpisodeRecord(scenario, seed, stack, condition, "", "fake-arm", ok,
        ok ? 1.0 : null, ok ? null : "timeout", 2, 0.1, 20, 0, 0, 0, 0, Map.of("plan", loop));
  }

  @Test
  void aggregatesPerStackAndPerScenarioConditionWithTheAgreedKeyNames() throws Exception {
    List<EpisodeRecord> rs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rs.add(rec("reach", "lab", "vla", i, i < 8, 10 + i, 2));
      rs.add(rec("reach", "field", "vla", i, i < 6, 20, 1));
    }
    Summary s = Summary.of(rs);
    assertThat(s.episodes()).isEqualTo(20);
    Summary.Group vla = s.stacks().get("vla");
    assertThat(vla.episodes()).isEqualTo(20);
    assertThat(vla.successes()).isEqualTo(14);
    assertThat(vla.successRate()).isEqualTo(0.7);
    assertThat(s.scenarios()).extracting(Summary.ScenarioGroup::condition)
        .containsExactly("field", "lab");
    Summary.Group lab = s.scenarios().get(1).stacks().get("vla");
    assertThat(lab.wilson95()[0]).isCloseTo(0.4902, within(1e-4));
    Summary.LoopSummary plan = lab.loops().get("plan");
    assertThat(plan.targetHz()).isEqualTo(50);
    assertThat(plan.achievedHz()).isEqualTo(25);
    assertThat(plan.deadlineMisses()).isEqualTo(20);
    assertThat(plan.latencyMs().p50()).isCloseTo(14.5, within(1e-12));
    assertThat(plan.latencyMs().max()).isEqualTo(57);

    s.write(dir);
    JsonNode root = Json.mapper().readTree(dir.resolve(Summary.FILE_NAME).toFile());
    assertThat(root.fieldNames()).toIterable().containsExactly("episodes", "interval", "stacks",
        "scenarios");
    assertThat(root.get("interval").asText()).isEqualTo("wilson");
    JsonNode g = root.get("stacks").get("vla");
    // ci95 (the summary's interval method) was added after wilson95; old keys keep their names
    assertThat(g.fieldNames()).toIterable().containsExactly("episodes", "successes",
        "success_rate", "wilson95", "ci95", "loops");
    assertThat(g.get("wilson95").isArray()).isTrue();
    assertThat(g.get("wilson95").size()).isEqualTo(2);
    JsonNode loop = g.get("loops").get("plan");
    assertThat(loop.fieldNames()).toIterable().containsExactly("target_hz", "achieved_hz",
        "latency_ms", "deadline_misses");
    assertThat(loop.get("latency_ms").fieldNames()).toIterable()
        .containsExactly("p50", "p99", "max");
    JsonNode cell = root.get("scenarios").get(0);
    assertThat(cell.get("scenario").asText()).isEqualTo("reach");
    assertThat(cell.get("condition").asText()).isEqualTo("field");
    assertThat(cell.get("stacks").get("vla").get("successes").asInt()).isEqualTo(6);
  }

  @Test
  void theIntervalMethodFillsCi95AndIsNamedWhileWilson95StaysWilson() {
    ProportionInterval everything = new ProportionInterval() {
      @Override
      public String id() {
        return "everything";
      }

      @Override
      public String label() {
        return "Everything";
      }

      @Override
      public double[] interval(int successes, int n) {
        return new double[] {0.0, 1.0};
      }
    };
    List<EpisodeRecord> rs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rs.add(rec("reach", "lab", "vla", i, i < 8, 10, 0));
    }
    Summary s = Summary.of(rs, everything);
    assertThat(s.interval()).isEqualTo("everything");
    Summary.Group g = s.stacks().get("vla");
    assertThat(g.ci95()).containsExactly(0.0, 1.0);
    assertThat(g.wilson95()[0]).isCloseTo(0.4902, within(1e-4));
    Summary wilson = Summary.of(rs);
    assertThat(wilson.interval()).isEqualTo("wilson");
    assertThat(wilson.stacks().get("vla").ci95()).containsExactly(wilson.stacks().get("vla").wilson95());
  }

  @Test
  void variantsAreSummarisedAsSeparateStacks() {
    EpisodeRecord a = rec("reach", "lab", "vla", 1, true, 1, 0);
    EpisodeRecord b = new EpisodeRecord("reach", 1, "vla", "lab", "measured:x3", "fake-arm",
        false, null, "timeout", 2, 0.1, 20, 0, 0, 0, 0, a.loops());
    assertThat(Summary.of(List.of(a, b)).stacks()).containsOnlyKeys("vla", "vla@measured:x3");
  }
}
