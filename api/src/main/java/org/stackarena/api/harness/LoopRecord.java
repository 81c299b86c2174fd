package org.stackarena.api.harness;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.stackarena.api.LatencyModel;

/**
 * What one loop did in one episode. Fields whose JSON names contain {@code wall} are wall-clock
 * measurements and differ from run to run; everything else is reproducible for deterministic
 * latency models.
 *
 * @param targetHz declared rate
 * @param achievedHz ticks divided by episode sim time
 * @param ticks ticks run
 * @param deadlineMisses deadlines skipped because the loop was still busy (or several deadlines
 *     fell within one physics step)
 * @param latencyModel the latency model used, in {@link LatencyModel#parse} syntax
 * @param modelledLatencyMs the sim-time latencies applied
 * @param wallLatencyMs the ticks' measured wall times
 * @param wallPhasesMs mean reported phase times
 * @param idleTicks deadlines at which the loop ticked but declared itself idle
 *     ({@link org.stackarena.api.TickContext#idle}: no work by choice, no latency charged); not in
 *     {@code ticks} nor in {@code deadlineMisses}; omitted from JSON when 0 (missing = 0)
 * @param counters the loop's own counters ({@link org.stackarena.api.TickContext#count}), by name; omitted
 *     from JSON when empty (missing = empty)
 */
public record LoopRecord(double targetHz, double achievedHz, long ticks, long deadlineMisses,
    String latencyModel, Percentiles modelledLatencyMs, Percentiles wallLatencyMs,
    PhaseMeans wallPhasesMs,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) long idleTicks,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.Map<String, Long> counters) {

  /** Copies the counters (sorted by name; null reads as none). */
  public LoopRecord {
    counters = counters == null || counters.isEmpty() ? java.util.Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counters));
  }

  /** A record of a loop without counters. */
  public LoopRecord(double targetHz, double achievedHz, long ticks, long deadlineMisses,
      String latencyModel, Percentiles modelledLatencyMs, Percentiles wallLatencyMs,
      PhaseMeans wallPhasesMs, long idleTicks) {
    this(targetHz, achievedHz, ticks, deadlineMisses, latencyModel, modelledLatencyMs, wallLatencyMs,
        wallPhasesMs, idleTicks, null);
  }

  /** A record of a loop without idle ticks. */
  public LoopRecord(double targetHz, double achievedHz, long ticks, long deadlineMisses,
      String latencyModel, Percentiles modelledLatencyMs, Percentiles wallLatencyMs,
      PhaseMeans wallPhasesMs) {
    this(targetHz, achievedHz, ticks, deadlineMisses, latencyModel, modelledLatencyMs, wallLatencyMs,
        wallPhasesMs, 0);
  }
}
