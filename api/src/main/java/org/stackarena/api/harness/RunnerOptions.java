package org.stackarena.api.harness;

/**
 * Options of {@link EpisodeRunner}.
 *
 * @param realtime pace sim time against the wall clock (sleep when ahead) and count physics steps
 *     at which the wall clock fell more than one step behind; for demos and for checking that a
 *     stack really sustains its rates. Off by default.
 */
public record RunnerOptions(boolean realtime) {

  /** Defaults: as fast as possible. */
  public static RunnerOptions defaults() {
    return new RunnerOptions(false);
  }
}
