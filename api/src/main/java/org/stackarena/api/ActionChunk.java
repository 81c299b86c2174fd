package org.stackarena.api;

import java.util.List;
import java.util.Objects;

/**
 * A sequence of actions to execute at a fixed interval (as emitted by chunking policies).
 *
 * <p>The harness applies step i from {@code start + i * interval}, where start is the sim time
 * at which the chunk became visible, and holds the last step after the chunk has run out, until a
 * newer command becomes visible.
 *
 * @param steps the actions, at least one
 * @param intervalSeconds time between steps, positive (e.g. 0.02 for 50 Hz steps)
 */
public record ActionChunk(List<Action> steps, double intervalSeconds) implements ActionCommand {

  /** Validates and copies the step list. */
  public ActionChunk {
    Objects.requireNonNull(steps, "steps");
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("an action chunk needs at least one step");
    }
    if (!(intervalSeconds > 0) || !Double.isFinite(intervalSeconds)) {
      throw new IllegalArgumentException("chunk interval must be positive and finite, got "
          + intervalSeconds);
    }
    steps = List.copyOf(steps);
  }

  /** The chunk interval rounded to whole microseconds (at least 1). */
  public long intervalMicros() {
    return Math.max(1, Math.round(intervalSeconds * 1e6));
  }

  /**
   * The step that applies at {@code elapsedMicros} after the chunk became visible: step
   * {@code floor(elapsed / interval)}, clamped to the last step.
   */
  public Action stepAt(long elapsedMicros) {
    if (elapsedMicros < 0) {
      return steps.get(0);
    }
    long i = elapsedMicros / intervalMicros();
    return steps.get((int) Math.min(i, steps.size() - 1));
  }
}
