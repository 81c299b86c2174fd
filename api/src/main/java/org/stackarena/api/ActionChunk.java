package org.stackarena.api;

import java.util.List;
import java.util.Objects;

/**
 * A sequence of actions to execute at a fixed interval (as emitted by chunking policies).
 *
 * <p>The harness applies step i from {@code start + i * interval} and holds the last step after the
 * chunk has run out, until a newer command becomes visible. Where {@code start} is depends on the
 * chunk's {@link Anchor}:
 * <ul>
 *   <li>{@link Anchor#VISIBLE} (the default): the sim time at which the chunk became visible, so step 0
 *       applies on arrival whatever the latency;</li>
 *   <li>{@link Anchor#TICK}: the sim time of the tick that published it (the time of the observation
 *       the chunk was computed from), so a chunk whose latency was L starts at step
 *       {@code floor(L / interval)}: the steps whose time passed while it was in flight are skipped,
 *       not replayed late.</li>
 * </ul>
 *
 * @param steps the actions, at least one
 * @param intervalSeconds time between steps, positive (e.g. 0.02 for 50 Hz steps)
 * @param anchor where step 0 is in time
 */
public record ActionChunk(List<Action> steps, double intervalSeconds, Anchor anchor) implements ActionCommand {

  /** Where a chunk's step 0 is in sim time. */
  public enum Anchor {
    /** At the sim time the chunk becomes visible (publishing tick + latency). */
    VISIBLE,
    /** At the sim time of the tick that published it. */
    TICK
  }

  /** Validates and copies the step list. */
  public ActionChunk {
    Objects.requireNonNull(steps, "steps");
    Objects.requireNonNull(anchor, "anchor");
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("an action chunk needs at least one step");
    }
    if (!(intervalSeconds > 0) || !Double.isFinite(intervalSeconds)) {
      throw new IllegalArgumentException("chunk interval must be positive and finite, got "
          + intervalSeconds);
    }
    steps = List.copyOf(steps);
  }

  /** A chunk whose step 0 applies when it becomes visible ({@link Anchor#VISIBLE}). */
  public ActionChunk(List<Action> steps, double intervalSeconds) {
    this(steps, intervalSeconds, Anchor.VISIBLE);
  }

  /** The same steps and interval with another anchor ({@code this} if it is already that one). */
  public ActionChunk withAnchor(Anchor a) {
    return a == anchor ? this : new ActionChunk(steps, intervalSeconds, a);
  }

  /** The chunk interval rounded to whole microseconds (at least 1). */
  public long intervalMicros() {
    return Math.max(1, Math.round(intervalSeconds * 1e6));
  }

  /** Sim time of step 0 for a chunk published at {@code publishedMicros} and visible from {@code visibleMicros}. */
  public long startMicros(long publishedMicros, long visibleMicros) {
    return anchor == Anchor.TICK ? publishedMicros : visibleMicros;
  }

  /**
   * The step that applies at {@code elapsedMicros} after the chunk's start: step
   * {@code floor(elapsed / interval)}, clamped to the first and the last step.
   */
  public Action stepAt(long elapsedMicros) {
    if (elapsedMicros < 0) {
      return steps.get(0);
    }
    long i = elapsedMicros / intervalMicros();
    return steps.get((int) Math.min(i, steps.size() - 1));
  }
}
