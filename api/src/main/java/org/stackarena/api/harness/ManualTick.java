package org.stackarena.api.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Channels;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Phase;
import org.stackarena.api.PhaseTimer;
import org.stackarena.api.Stamped;
import org.stackarena.api.TickContext;

/**
 * A tick context for ticking a stack by hand, outside the {@link EpisodeRunner}: unit tests of a
 * stack or policy, and measurements of its tick ({@code perf policy}). Values are {@link #put} by the
 * caller and visible at once; publications are kept ({@link #published}) and, when
 * {@link #optPublishedVisible} is on, visible to later ticks (as with zero latency); phase reports are
 * recorded. Reads and writes of channels the loop did not declare throw, as in the harness. Once its
 * maps hold every key, a tick allocates nothing here, so allocation measured around
 * {@code stack.tick} is the stack's own.
 *
 * <pre>{@code
 * ManualTick tick = new ManualTick().put(Observations.PROPRIOCEPTION, p);
 * stack.tick("system1", tick.at(stack.loops().get(1), 0));
 * ActionChunk chunk = tick.published(Commands.ACTION);
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class ManualTick implements TickContext, Channels, PhaseTimer {

  private final Map<ChannelKey<?>, Object> values = new HashMap<>();
  /** Last value published per key, ever; {@link #thisTick} says which were published this tick. */
  private final Map<ChannelKey<?>, Object> published = new HashMap<>();
  private final List<ChannelKey<?>> thisTick = new ArrayList<>();
  private Phase[] phases = new Phase[8];
  private long[] phaseNanos = new long[8];
  private int phaseCount;
  private boolean publishedVisible;
  private LoopSpec loop;
  private long micros;
  private long index;
  private long previousLatency = -1;
  private boolean idle;

  /** Makes every publication visible to later reads at once (default: kept apart). */
  public ManualTick optPublishedVisible(boolean on) {
    this.publishedVisible = on;
    return this;
  }

  /**
   * Starts a tick of {@code loop} at sim time {@code timeMicros}: clears the previous tick's
   * publications and phase reports.
   *
   * @return this
   */
  public ManualTick at(LoopSpec loop, long timeMicros) {
    this.loop = loop;
    this.micros = timeMicros;
    this.idle = false;
    thisTick.clear();
    phaseCount = 0;
    return this;
  }

  /**
   * What {@link #previousLatencyMicros()} answers from now on (default -1: unknown), as the harness
   * would after a tick charged that latency.
   *
   * @return this
   */
  public ManualTick optPreviousLatencyMicros(long micros) {
    this.previousLatency = micros;
    return this;
  }

  /** Whether this tick declared itself {@link #idle() idle}. */
  public boolean wasIdle() {
    return idle;
  }

  /** Makes {@code value} the visible value of {@code key}. */
  public <T> ManualTick put(ChannelKey<T> key, T value) {
    values.put(key, key.cast(value));
    publishedAt.remove(key);
    return this;
  }

  /** Removes the visible value of {@code key}. */
  public ManualTick remove(ChannelKey<?> key) {
    values.remove(key);
    publishedAt.remove(key);
    return this;
  }

  /** What this tick published on {@code key}, or null. */
  public <T> T published(ChannelKey<T> key) {
    return thisTick.contains(key) ? key.cast(published.get(key)) : null;
  }

  /** Whether this tick published anything. */
  public boolean publishedAnything() {
    return !thisTick.isEmpty();
  }

  /** The phases reported this tick, in order. */
  public List<Phase> reportedPhases() {
    return List.of(java.util.Arrays.copyOf(phases, phaseCount));
  }

  /** The wall nanoseconds reported this tick, one per {@link #reportedPhases()} entry. */
  public List<Long> reportedNanos() {
    return java.util.Arrays.stream(phaseNanos, 0, phaseCount).boxed().toList();
  }

  @Override
  public LoopSpec loop() {
    if (loop == null) {
      throw new IllegalStateException("call at(loop, time) before ticking");
    }
    return loop;
  }

  @Override
  public long timeMicros() {
    return micros;
  }

  @Override
  public long tickIndex() {
    return index++;
  }

  @Override
  public Channels channels() {
    return this;
  }

  @Override
  public long previousLatencyMicros() {
    return previousLatency;
  }

  private final java.util.Map<String, Long> counters = new java.util.TreeMap<>();

  /** Adds to the counter {@code name} (kept across ticks; read with {@link #counter}). */
  @Override
  public void count(String name, long delta) {
    counters.merge(name, delta, Long::sum);
  }

  /** The total of counter {@code name} over every tick so far (0 if never counted). */
  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** Records that this tick was idle ({@link #wasIdle()}); throws if it published. */
  @Override
  public void idle() {
    if (!thisTick.isEmpty()) {
      throw new IllegalStateException("loop '" + loop().name() + "' declared an idle tick after publishing");
    }
    idle = true;
  }

  @Override
  public PhaseTimer phases() {
    return this;
  }

  @Override
  public void record(Phase phase, long nanos) {
    if (phaseCount == phases.length) {
      phases = java.util.Arrays.copyOf(phases, 2 * phaseCount);
      phaseNanos = java.util.Arrays.copyOf(phaseNanos, 2 * phaseCount);
    }
    phases[phaseCount] = phase;
    phaseNanos[phaseCount++] = nanos;
  }

  @Override
  public <T> Optional<T> latest(ChannelKey<T> key) {
    if (!loop().reads().contains(key)) {
      throw new IllegalStateException("loop '" + loop.name() + "' reads undeclared channel " + key.name());
    }
    return Optional.ofNullable(values.get(key)).map(key::cast);
  }

  /**
   * The value with its stamps: for a value this context published (with {@link #optPublishedVisible}), the
   * time of the tick that published it; for a value {@link #put} here, the current tick's time.
   */
  @Override
  public <T> Optional<Stamped<T>> stamped(ChannelKey<T> key) {
    long at = publishedAt.getOrDefault(key, micros);
    return latest(key).map(v -> new Stamped<>(v, at, Math.max(at, micros)));
  }

  private final Map<ChannelKey<?>, Long> publishedAt = new HashMap<>();

  @Override
  public <T> void publish(ChannelKey<T> key, T value) {
    if (!loop().writes().contains(key)) {
      throw new IllegalStateException("loop '" + loop.name() + "' publishes undeclared channel " + key.name());
    }
    if (idle) {
      throw new IllegalStateException("loop '" + loop.name() + "' publishes " + key.name() + " in an idle tick");
    }
    published.put(key, value);
    if (!thisTick.contains(key)) {
      thisTick.add(key);
    }
    if (publishedVisible) {
      values.put(key, value);
      publishedAt.put(key, micros);
    }
  }
}
