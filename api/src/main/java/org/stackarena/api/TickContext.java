package org.stackarena.api;

/** Everything a loop's tick gets from the harness. */
public interface TickContext {

  /** The loop being ticked. */
  LoopSpec loop();

  /** Sim time of this tick in microseconds. */
  long timeMicros();

  /** Sim time of this tick in seconds. */
  default double time() {
    return timeMicros() / 1e6;
  }

  /** Index of this tick within the episode for this loop (0, 1, 2, ...; skipped ticks excluded). */
  long tickIndex();

  /** The channel view: newest values visible now; publications become visible after latency. */
  Channels channels();

  /** Per-phase wall-time reporting. */
  PhaseTimer phases();

  /**
   * The sim-time latency (microseconds) the harness charged this loop's previous working tick, or -1
   * before the first one. Idle ticks ({@link #idle}) are not counted. A deployed system knows how
   * long its last inference took; chunk-execution strategies use it to estimate the current one's.
   * Default: -1 (unknown).
   */
  default long previousLatencyMicros() {
    return -1;
  }

  /**
   * Declares that this tick does no work by choice (e.g. a policy waiting for its chunk to finish
   * before it infers again): the harness charges it no latency, keeps the loop free for its next
   * deadline and counts it as idle, not as a tick or a deadline miss. An idle tick must publish
   * nothing. Default: ignored (the tick counts as a normal one).
   */
  default void idle() {
  }

  /**
   * Adds {@code delta} to the loop's counter {@code name} for this episode (e.g. a planner's "planned" and
   * "chose_other_than_proposal"); the episode record carries the totals ({@code LoopRecord#counters}).
   * Counters must be deterministic for a lockstep episode to stay reproducible. Default: ignored.
   *
   * @param name counter name, non-blank (snake_case)
   * @param delta amount to add
   */
  default void count(String name, long delta) {
  }
}
