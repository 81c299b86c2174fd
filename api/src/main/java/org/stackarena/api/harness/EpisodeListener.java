package org.stackarena.api.harness;

import java.util.List;
import java.util.Map;
import org.stackarena.api.Action;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.LoopSpec;

/**
 * Observes one episode as the {@link EpisodeRunner} runs it: loop ticks with their modelled
 * visibility times, deadline misses and physics steps. For recorders (a trajectory and a loop
 * timeline of the episode) and diagnostics; a listener sees the run, it never changes it.
 *
 * <p>Called on the runner's thread, in sim-time order. Values handed over (published outputs,
 * actions) belong to the stack and the channels: read them during the call, copy what you keep,
 * never modify them. A listener must not throw; every method defaults to doing nothing.
 */
public interface EpisodeListener {

  /** Listens to nothing; the runner's default. */
  EpisodeListener NONE = new EpisodeListener() {
  };

  /**
   * The world was reset and the stack's loops are known (empty if {@code loops()} threw);
   * physics time is 0.
   *
   * @param loops the stack's loops in declaration order
   */
  default void started(List<LoopSpec> loops) {
  }

  /**
   * A loop ticked.
   *
   * @param loop the loop's name
   * @param startMicros sim time the tick ran at
   * @param visibleMicros when its outputs become visible ({@code start + modelled latency})
   * @param outputs what the tick published, by channel (read-only; may be empty)
   */
  default void ticked(String loop, long startMicros, long visibleMicros,
      Map<ChannelKey<?>, Object> outputs) {
  }

  /**
   * Deadlines of a loop were skipped at a physics step (the loop was still busy, or several
   * deadlines fell on one step).
   *
   * @param loop the loop's name
   * @param atMicros the step time the deadlines were serviced at
   * @param count how many were skipped
   */
  default void missed(String loop, long atMicros, long count) {
  }

  /**
   * Physics advanced one step.
   *
   * @param timeMicros sim time after the step
   * @param applied the action the world applied for this step (null while the arm holds its reset
   *     posture)
   */
  default void stepped(long timeMicros, Action applied) {
  }

  /** The episode ended; {@code record} is what the runner returns. */
  default void ended(EpisodeRecord record) {
  }
}
