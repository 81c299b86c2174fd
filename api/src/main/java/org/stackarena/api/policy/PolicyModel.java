package org.stackarena.api.policy;

import org.stackarena.api.EpisodeContext;

/**
 * Runs a network (or anything that maps prepared inputs to raw outputs): the part of a policy that
 * DJL calls a {@code Predictor}'s block. Pre- and post-processing belong to the
 * {@link PolicyTranslator}; timing, output checks and publication to the {@link PolicyStack}.
 *
 * <p>Owns whatever native memory it loads (weights, a connection): {@link #close} frees it and may be
 * called more than once. Called from one thread at a time; the stack calls {@link #predict}
 * synchronously, so an input object may be a buffer the translator reuses from tick to tick.
 *
 * @param <I> the prepared input
 * @param <O> the raw output
 */
public interface PolicyModel<I, O> extends AutoCloseable {

  /**
   * Runs the model once.
   *
   * @param input what {@link PolicyTranslator#processInput} returned (not null); not modified
   * @return the raw output, handed to {@link PolicyTranslator#processOutput}
   * @throws Exception any failure; the harness fails the episode with {@code stack_exception}
   */
  O predict(I input) throws Exception;

  /**
   * Prepares for an episode, before the translators' {@code reset} (a remote model connects and reads
   * the server's metadata here). Default: nothing.
   *
   * @throws Exception any failure; the harness fails the episode
   */
  default void reset(EpisodeContext context) throws Exception {
  }

  /** Releases what the model owns. Idempotent. */
  @Override
  void close();
}
