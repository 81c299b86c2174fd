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
}
