package org.stackarena.api.harness;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one episode: one line of {@code episodes.jsonl} (JSON field names are the
 * snake_case forms of the component names, see {@link Json}).
 *
 * <p>Wall-clock measurements all have {@code wall} in their JSON names ({@code wall_time_s},
 * {@code wall_real_time_factor}, {@code wall_realtime_overruns}, and per loop
 * {@code wall_latency_ms}, {@code wall_phases_ms}); dropping them leaves a record that is
 * bit-for-bit reproducible from the seed when every loop's latency model is deterministic.
 *
 * @param scenario scenario id
 * @param seed episode seed
 * @param stack stack name
 * @param condition condition
 * @param variant variant label ("" if none)
 * @param robot robot name
 * @param success whether the world judged the task done
 * @param timeToSuccessS sim time of success, null if not successful
 * @param failureReason why it failed ({@code timeout}, {@code invalid_action: ...},
 *     {@code stack_exception: ...}, {@code instability: ...} or a world-judged reason); null on
 *     success
 * @param simTimeS sim time at the end
 * @param wallTimeS wall time the episode took
 * @param wallRealTimeFactor sim time divided by wall time
 * @param wallRealtimeOverruns in realtime mode, physics steps at which the wall clock was more
 *     than one step behind sim time; 0 otherwise
 * @param collisions collisions counted by the world
 * @param eePathLengthM end-effector path length in metres
 * @param jerk RMS end-effector jerk in m/s^3
 * @param loops per-loop statistics by loop name, in declaration order
 * @param chunking the stack's chunk-execution strategy in its canonical form
 *     ({@link org.stackarena.api.ControlStack#chunking}), null for a stack without one (omitted from
 *     JSON then; records written before the field existed read as null)
 */
public record EpisodeRecord(String scenario, long seed, String stack, String condition,
    String variant, String robot, boolean success, Double timeToSuccessS, String failureReason,
    double simTimeS, double wallTimeS, double wallRealTimeFactor, long wallRealtimeOverruns,
    long collisions, double eePathLengthM, double jerk, Map<String, LoopRecord> loops,
    @JsonInclude(JsonInclude.Include.NON_NULL) String chunking) {

  /** Validates presence. */
  public EpisodeRecord {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(condition, "condition");
    variant = variant == null ? "" : variant;
    loops = loops == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(loops));
  }

  /** A record of a stack without chunk execution ({@code chunking} null). */
  public EpisodeRecord(String scenario, long seed, String stack, String condition,
      String variant, String robot, boolean success, Double timeToSuccessS, String failureReason,
      double simTimeS, double wallTimeS, double wallRealTimeFactor, long wallRealtimeOverruns,
      long collisions, double eePathLengthM, double jerk, Map<String, LoopRecord> loops) {
    this(scenario, seed, stack, condition, variant, robot, success, timeToSuccessS, failureReason, simTimeS,
        wallTimeS, wallRealTimeFactor, wallRealtimeOverruns, collisions, eePathLengthM, jerk, loops, null);
  }

  /** The episode's identity. */
  public EpisodeKey key() {
    return new EpisodeKey(scenario, robot, seed, condition, stack, variant);
  }
}
