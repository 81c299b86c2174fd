package org.stackarena.api.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregates episode records into {@code summary.json}.
 *
 * <p>Groups: per stack ({@code stacks}) and per (scenario, condition) and stack
 * ({@code scenarios}). A stack with a non-empty variant is grouped as {@code stack@variant}.
 * Each group has {@code episodes}, {@code successes}, {@code success_rate}, {@code wilson95}
 * {@code [lo, hi]} (always Wilson), {@code ci95} {@code [lo, hi]} (the two-sided 95% interval of the
 * method named by the top-level {@code interval}, e.g. {@code clopper-pearson}) and per loop {@code target_hz}, {@code achieved_hz} (mean over episodes),
 * {@code latency_ms} {@code {p50, p99, max}} (modelled latency: means of the per-episode p50 and
 * p99, maximum of the maxima) and {@code deadline_misses} (sum). These key names are a contract
 * other tools read; do not rename them. Groups are sorted by name so the file is reproducible.
 *
 * @param episodes total episodes
 * @param interval {@link ProportionInterval#id()} of the method behind every group's {@code ci95}
 * @param stacks per-stack groups
 * @param scenarios per (scenario, condition) groups, each split by stack
 */
public record Summary(int episodes, String interval, Map<String, Group> stacks,
    List<ScenarioGroup> scenarios) {

  /** The normal quantile for a two-sided 95% interval. */
  public static final double Z95 = 1.959964;

  /** The summary file name. */
  public static final String FILE_NAME = "summary.json";

  /**
   * Success statistics of a set of episodes.
   *
   * @param episodes number of episodes
   * @param successes number of successes
   * @param successRate successes / episodes (0 if none)
   * @param wilson95 Wilson score 95% interval {@code [lo, hi]}
   * @param ci95 95% interval {@code [lo, hi]} of the summary's {@code interval} method
   * @param loops per-loop aggregates by loop name
   */
  public record Group(int episodes, int successes, double successRate, double[] wilson95,
      double[] ci95, Map<String, LoopSummary> loops) {
  }

  /**
   * A loop aggregated over episodes.
   *
   * @param targetHz declared rate
   * @param achievedHz mean achieved rate
   * @param latencyMs modelled latency: mean p50, mean p99, overall max
   * @param deadlineMisses total deadline misses
   */
  public record LoopSummary(double targetHz, double achievedHz, Percentiles latencyMs,
      long deadlineMisses) {
  }

  /**
   * One (scenario, condition) cell.
   *
   * @param scenario scenario id
   * @param condition condition
   * @param stacks per-stack groups
   */
  public record ScenarioGroup(String scenario, String condition, Map<String, Group> stacks) {
  }

  private static final java.util.Comparator<EpisodeRecord> EPISODE_ORDER =
      java.util.Comparator.comparing(EpisodeRecord::scenario).thenComparing(EpisodeRecord::robot)
          .thenComparing(EpisodeRecord::condition).thenComparing(EpisodeRecord::variant)
          .thenComparingLong(EpisodeRecord::seed).thenComparing(EpisodeRecord::stack);

  /** Summarises {@code records} with Wilson intervals as {@code ci95}. */
  public static Summary of(Collection<EpisodeRecord> records) {
    return of(records, ProportionInterval.WILSON);
  }

  /**
   * Summarises {@code records} (in any order: the result does not depend on it), with
   * {@code method}'s intervals as {@code ci95}.
   */
  public static Summary of(Collection<EpisodeRecord> records, ProportionInterval method) {
    Map<String, List<EpisodeRecord>> byStack = new TreeMap<>();
    Map<String, Map<String, List<EpisodeRecord>>> byCell = new TreeMap<>();
    // in episode order, not completion order: the same records give the same sums to the last bit
    // whatever the number of workers or the engine that ran them
    List<EpisodeRecord> sorted = new ArrayList<>(records);
    sorted.sort(EPISODE_ORDER);
    for (EpisodeRecord r : sorted) {
      String stack = r.variant().isEmpty() ? r.stack() : r.stack() + "@" + r.variant();
      byStack.computeIfAbsent(stack, k -> new ArrayList<>()).add(r);
      byCell.computeIfAbsent(r.scenario() + "\u0000" + r.condition(), k -> new TreeMap<>())
          .computeIfAbsent(stack, k -> new ArrayList<>()).add(r);
    }
    Map<String, Group> stacks = new LinkedHashMap<>();
    byStack.forEach((k, v) -> stacks.put(k, group(v, method)));
    List<ScenarioGroup> cells = new ArrayList<>();
    byCell.forEach((cell, m) -> {
      String[] sc = cell.split("\u0000", 2);
      Map<String, Group> g = new LinkedHashMap<>();
      m.forEach((k, v) -> g.put(k, group(v, method)));
      cells.add(new ScenarioGroup(sc[0], sc[1], g));
    });
    return new Summary(records.size(), method.id(), stacks, cells);
  }

  /** Writes {@code summary.json} into {@code dir} (atomically, via a temporary file). */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
    Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The Wilson score interval for {@code successes} out of {@code n} at normal quantile {@code z};
   * {@code [0, 1]} when {@code n == 0}.
   */
  public static double[] wilson(int successes, int n, double z) {
    if (n == 0) {
      return new double[] {0.0, 1.0};
    }
    double p = (double) successes / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
    return new double[] {Math.max(0.0, centre - half), Math.min(1.0, centre + half)};
  }

  private static Group group(List<EpisodeRecord> rs, ProportionInterval method) {
    int n = rs.size();
    int ok = 0;
    Map<String, List<LoopRecord>> loops = new TreeMap<>();
    for (EpisodeRecord r : rs) {
      if (r.success()) {
        ok++;
      }
      r.loops().forEach((name, l) -> loops.computeIfAbsent(name, k -> new ArrayList<>()).add(l));
    }
    Map<String, LoopSummary> ls = new LinkedHashMap<>();
    loops.forEach((name, list) -> {
      double target = list.get(0).targetHz();
      double hz = 0;
      double p50 = 0;
      double p99 = 0;
      double max = 0;
      long misses = 0;
      for (LoopRecord l : list) {
        hz += l.achievedHz();
        p50 += l.modelledLatencyMs().p50();
        p99 += l.modelledLatencyMs().p99();
        max = Math.max(max, l.modelledLatencyMs().max());
        misses += l.deadlineMisses();
      }
      int m = list.size();
      ls.put(name, new LoopSummary(target, hz / m, new Percentiles(p50 / m, p99 / m, max), misses));
    });
    return new Group(n, ok, n == 0 ? 0.0 : (double) ok / n, wilson(ok, n, Z95), method.interval(ok, n), ls);
  }
}
