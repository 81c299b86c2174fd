package org.stackarena.api.policy;

import org.stackarena.api.EpisodeContext;
import org.stackarena.api.TickContext;

/**
 * Turns what a loop sees into model inputs, and model outputs into the value the loop publishes (as
 * DJL's {@code Translator}): normalisation, resizing, tokenising and un-normalisation live here, not in
 * the model and not in the stack.
 *
 * <p>Called from one thread. Per-episode state is cleared in {@link #reset}.
 *
 * @param <I> the model input
 * @param <O> the model output
 * @param <R> the published value (a latent for a later stage, or an
 *     {@link org.stackarena.api.ActionChunk} for the action stage)
 */
public interface PolicyTranslator<I, O, R> {

  /**
   * Reads the loop's channels and prepares the model input.
   *
   * @param context the tick: channels (read only the stage's declared inputs), sim time, loop
   * @return the input, or null when something the model needs is not visible yet (no frame, no
   *     latent): the tick then does nothing and publishes nothing
   * @throws Exception any failure; the harness fails the episode
   */
  I processInput(TickContext context) throws Exception;

  /**
   * Turns the model's raw output into the value the stage publishes.
   *
   * @param context the same tick as {@link #processInput}
   * @param output what {@link PolicyModel#predict} returned
   * @return the value to publish, not null; the stack checks that it is finite
   * @throws Exception any failure; the harness fails the episode
   */
  R processOutput(TickContext context, O output) throws Exception;

  /**
   * Prepares for an episode (after the models' {@code reset}). Default: nothing.
   *
   * @throws Exception any failure; the harness fails the episode
   */
  default void reset(EpisodeContext context) throws Exception {
  }
}
