package org.stackarena.api;

import java.util.Optional;

/**
 * A loop's view of the latest-value channels (the blackboard).
 *
 * <p>{@link #latest} returns the newest value <em>visible</em> at the current tick's sim time.
 * {@link #publish} does not make a value visible at once: the harness stamps everything a tick
 * publishes with {@code tick time + L}, where L comes from the loop's latency model and is
 * known only when the tick ends. Readers see the value from that time on.
 *
 * <p>A loop may read only the keys declared in its {@link LoopSpec#reads()} and publish only
 * those in {@link LoopSpec#writes()}; anything else throws {@link IllegalStateException}.
 */
public interface Channels {

  /** The newest visible value on {@code key}, or empty if nothing is visible yet. */
  <T> Optional<T> latest(ChannelKey<T> key);

  /** Like {@link #latest} but with publication and visibility times. */
  <T> Optional<Stamped<T>> stamped(ChannelKey<T> key);

  /**
   * Publishes {@code value} on {@code key}; it becomes visible after this loop's latency.
   * Publishing the same key twice in one tick keeps the last value. The value must not be
   * modified afterwards (channels do not copy).
   */
  <T> void publish(ChannelKey<T> key, T value);

  /** The newest visible value, or {@code fallback} if none. */
  default <T> T latestOr(ChannelKey<T> key, T fallback) {
    return latest(key).orElse(fallback);
  }
}
