package org.stackarena.api.policy;

import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;

/**
 * The translator of a policy's action stage: its outputs become {@link ActionChunk}s, and it says
 * what their values mean.
 *
 * @param <I> the model input
 * @param <O> the model output
 */
public interface ActionTranslator<I, O> extends PolicyTranslator<I, O, ActionChunk> {

  /** The action space of the chunks {@link #processOutput} returns; valid after {@link #reset}. */
  ActionSpace actionSpace();
}
