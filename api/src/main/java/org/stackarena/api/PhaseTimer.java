package org.stackarena.api;

/**
 * Lets a tick report how its wall time splits into {@link Phase}s.
 *
 * <p>Either wrap a phase: {@code try (var s = ctx.phases().time(Phase.INFER)) { ... }} or report
 * a duration you measured yourself with {@link #record}. Reporting is optional; the times are
 * wall-clock measurements and never influence the simulation.
 */
public interface PhaseTimer {

  /** Adds {@code nanos} of wall time to {@code phase} for the current tick. */
  void record(Phase phase, long nanos);

  /** Starts timing {@code phase}; closing the returned span records the elapsed wall time. */
  default Span time(Phase phase) {
    long start = System.nanoTime();
    return () -> record(phase, System.nanoTime() - start);
  }

  /** A running phase measurement; {@link #close()} records it. */
  @FunctionalInterface
  interface Span extends AutoCloseable {
    @Override
    void close();
  }
}
