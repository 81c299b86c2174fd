package org.stackarena.api.harness;

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
 */
public record LoopRecord(double targetHz, double achievedHz, long ticks, long deadlineMisses,
    String latencyModel, Percentiles modelledLatencyMs, Percentiles wallLatencyMs,
    PhaseMeans wallPhasesMs) {
}
