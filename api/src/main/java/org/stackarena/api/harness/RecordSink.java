package org.stackarena.api.harness;

import java.io.IOException;

/**
 * Where an {@link EpisodeExecutor} puts finished episodes: {@link ResultsStore} (the run's
 * {@code episodes.jsonl}), or an in-memory collector when the records travel elsewhere before
 * being stored (a distributed engine's task sends them back to the process that owns the store).
 */
public interface RecordSink {

  /** Whether the episode is already recorded (the executor skips it). */
  boolean isFinished(EpisodeKey key);

  /**
   * Takes one finished episode. Called from worker threads: implementations are thread-safe.
   *
   * @throws IllegalStateException if the episode is already recorded
   * @throws IOException if it could not be stored
   */
  void append(EpisodeRecord record) throws IOException;
}
