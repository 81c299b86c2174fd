package org.stackarena.api;

import java.util.List;
import java.util.Optional;

/**
 * A control stack: named, rate-tagged loops that read and write channels.
 *
 * <p>Lifecycle per episode: {@link #reset} once, then {@link #tick} for each loop at its
 * deadlines (in sim time, on one thread), then possibly another {@link #reset} for the next
 * episode. {@link #close} releases resources and may be called more than once.
 *
 * <p>Rules the harness enforces: loops have unique names and positive rates; a loop reads and
 * publishes only declared channels; actions published on {@link Commands#ACTION} must be finite
 * and inside {@link #actionSpace()}. Given the same {@link EpisodeContext} (in particular the
 * seed) and the same observations a stack must produce the same outputs.
 */
public interface ControlStack extends AutoCloseable {

  /** Stack name as it appears in results, e.g. {@code "vla-dual"}, {@code "modular"}. */
  String name();

  /**
   * The loops, in the order in which they tick when several are due at the same instant. Fixed
   * for the stack's lifetime; the harness may call this before {@link #reset}.
   */
  List<LoopSpec> loops();

  /**
   * Prepares for a new episode. Must clear all per-episode state so that the same context
   * gives the same behaviour.
   *
   * @throws Exception any failure; the harness fails the episode with {@code stack_exception}
   */
  void reset(EpisodeContext context) throws Exception;

  /** The action space of this stack's commands; valid after {@link #reset}. */
  ActionSpace actionSpace();

  /**
   * Runs one tick of the loop named {@code loop}.
   *
   * @throws Exception any failure; the harness fails the episode with {@code stack_exception}
   */
  void tick(String loop, TickContext context) throws Exception;

  /**
   * The chunk-execution strategy this stack applies to its action chunks, in its canonical text form
   * (e.g. {@code hold-and-switch}, {@code ensemble:1.0s}), recorded in every episode record; empty
   * (the default) for stacks that do not execute chunks through a strategy.
   */
  default Optional<String> chunking() {
    return Optional.empty();
  }

  /** Releases resources. Idempotent. */
  @Override
  void close();
}
