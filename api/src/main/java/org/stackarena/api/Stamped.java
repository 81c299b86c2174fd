package org.stackarena.api;

import java.util.Objects;

/**
 * A channel value with the sim times at which it was published and became visible.
 *
 * @param value the value (never null)
 * @param publishedMicros sim time of the tick that published it, in microseconds
 * @param visibleMicros sim time from which readers see it, in microseconds
 *     ({@code publishedMicros + latency})
 * @param <T> value type
 */
public record Stamped<T>(T value, long publishedMicros, long visibleMicros) {

  /** Validates that the value is present and visibility does not precede publication. */
  public Stamped {
    Objects.requireNonNull(value, "value");
    if (visibleMicros < publishedMicros) {
      throw new IllegalArgumentException("visible at " + visibleMicros
          + " us before published at " + publishedMicros + " us");
    }
  }

  /** Publication time in seconds. */
  public double publishedSeconds() {
    return publishedMicros / 1e6;
  }

  /** Visibility time in seconds. */
  public double visibleSeconds() {
    return visibleMicros / 1e6;
  }
}
