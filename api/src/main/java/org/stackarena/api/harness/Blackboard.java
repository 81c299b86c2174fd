package org.stackarena.api.harness;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Stamped;

/**
 * The latest-value channels of one episode, with visibility times.
 *
 * <p>A value posted with visibility time {@code v} stays pending until the board's clock reaches
 * {@code v} ({@link #advanceTo}); from then on {@link #stamped} returns it, until a value with a
 * later (or equal but later-posted) visibility time replaces it. A value whose visibility time is
 * not after the current clock is visible at once. Not thread-safe: one episode, one thread.
 */
public final class Blackboard {

  private record Pending(ChannelKey<?> key, Stamped<?> stamped, long seq) {
  }

  private final Map<String, ChannelKey<?>> keysByName = new HashMap<>();
  private final Map<ChannelKey<?>, Stamped<?>> visible = new HashMap<>();
  private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> {
    int c = Long.compare(a.stamped.visibleMicros(), b.stamped.visibleMicros());
    return c != 0 ? c : Long.compare(a.seq, b.seq);
  });
  private long now;
  private long seq;

  /** The board's current sim time in microseconds. */
  public long now() {
    return now;
  }

  /**
   * Moves the clock to {@code timeMicros} (never backwards) and makes every pending value with
   * visibility time at or before it visible, in visibility order.
   */
  public void advanceTo(long timeMicros) {
    if (timeMicros < now) {
      throw new IllegalArgumentException("blackboard clock cannot go back from " + now + " to "
          + timeMicros + " us");
    }
    now = timeMicros;
    while (!pending.isEmpty() && pending.peek().stamped.visibleMicros() <= now) {
      Pending p = pending.poll();
      visible.put(p.key, p.stamped);
    }
  }

  /**
   * Posts a value published at {@code publishedMicros} that becomes visible at
   * {@code visibleMicros}.
   *
   * @throws IllegalArgumentException if the channel name is already used with another type, or the
   *     value has the wrong type
   */
  public <T> void post(ChannelKey<T> key, T value, long publishedMicros, long visibleMicros) {
    Objects.requireNonNull(key, "key");
    ChannelKey<?> known = keysByName.putIfAbsent(key.name(), key);
    if (known != null && !known.equals(key)) {
      throw new IllegalArgumentException("channel '" + key.name() + "' already carries "
          + known.type().getName() + ", cannot publish " + key.type().getName());
    }
    Stamped<T> s = new Stamped<>(key.cast(value), publishedMicros, visibleMicros);
    if (visibleMicros <= now) {
      visible.put(key, s);
    } else {
      pending.add(new Pending(key, s, seq++));
    }
  }

  /** The newest visible value of {@code key} with its times. */
  @SuppressWarnings("unchecked")
  public <T> Optional<Stamped<T>> stamped(ChannelKey<T> key) {
    return Optional.ofNullable((Stamped<T>) visible.get(key));
  }

  /** The newest visible value of {@code key}. */
  public <T> Optional<T> latest(ChannelKey<T> key) {
    return stamped(key).map(Stamped::value);
  }

  /** Number of values posted but not yet visible. */
  public int pendingCount() {
    return pending.size();
  }
}
