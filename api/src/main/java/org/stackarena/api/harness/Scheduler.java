package org.stackarena.api.harness;

import org.stackarena.api.LatencyModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Channels;
import org.stackarena.api.ControlStack;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Phase;
import org.stackarena.api.PhaseTimer;
import org.stackarena.api.Stamped;
import org.stackarena.api.TickContext;

/**
 * Ticks a stack's loops on absolute sim-time deadlines and applies their latency models.
 *
 * <p>Time is integer microseconds. Loop i's k-th deadline is {@code round(k * 1e6 / rateHz)}
 * microseconds after episode start, computed by multiplication (never accumulated), so a 500 Hz
 * and a 5 Hz loop tick exactly 5000 and 50 times in 10 s. The harness calls {@link #runDue} at
 * every physics step time t; a loop whose deadline falls between steps ticks at the first step at
 * or after it.
 *
 * <p>Latency and skipping (the WPILib {@code TimedRobot} rule): a tick at time t publishes its
 * outputs with visibility time {@code t + L}, L drawn from the loop's latency model once the tick
 * has ended, and the loop is busy until {@code t + L}. A deadline serviced at step time
 * {@code s < t + L} is skipped and counted as a deadline miss; there are never catch-up bursts.
 * If several deadlines fall on one physics step (rate above 1/dt) the loop ticks once and the
 * others count as misses.
 *
 * <p>A tick that declares itself {@link TickContext#idle idle} (no work by choice) is charged no
 * latency, leaves the loop free and is counted apart ({@link LoopRecord#idleTicks}), neither as a tick
 * nor as a miss. {@link TickContext#previousLatencyMicros} is the latency of the loop's previous
 * working tick.
 *
 * <p>Within one instant loops tick in declaration order; a zero-latency output is therefore
 * visible to loops ticking later in the same instant, and to the action applied at that step.
 */
public final class Scheduler {

  /** Supplies harness-provided channels (sensors) just before a loop that reads them ticks. */
  @FunctionalInterface
  public interface SensorSource {
    /** Ensures {@code key} holds a sample taken at {@code timeMicros} if it is a sensor channel. */
    void sample(ChannelKey<?> key, long timeMicros);
  }

  private final List<LoopState> loops = new ArrayList<>();
  private final long dtMicros;
  private EpisodeListener listener = EpisodeListener.NONE;

  /**
   * @param specs the stack's loops, as the run times them (each with its rate and latency model; see
   *     {@link Timing})
   * @param dtMicros physics step in microseconds
   * @param seed episode seed (for distribution latency models)
   * @throws IllegalArgumentException for duplicate loop names or a bad dt
   */
  public Scheduler(List<LoopSpec> specs, long dtMicros, long seed) {
    if (dtMicros <= 0) {
      throw new IllegalArgumentException("physics step must be positive, got " + dtMicros + " us");
    }
    this.dtMicros = dtMicros;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      LoopSpec s = specs.get(i);
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("duplicate loop name '" + s.name() + "'");
      }
      LatencyModel m = s.latency();
      // One independent, reproducible stream per loop.
      Random r = new Random(mix(seed, i));
      loops.add(new LoopState(s, m, r));
    }
  }

  /** Tells {@code listener} of every tick and deadline miss from now on (default: nobody). */
  public void listen(EpisodeListener listener) {
    this.listener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** Physics step in microseconds. */
  public long dtMicros() {
    return dtMicros;
  }

  /**
   * Runs every loop due at step time {@code t}.
   *
   * @param t the current physics step time in microseconds; must not decrease between calls
   * @param stack the stack whose loops to tick
   * @param board the episode's channels, already advanced to {@code t}
   * @param sensors sampled for each declared read of a ticking loop before it ticks
   * @throws StackException if the stack throws from a tick
   */
  public void runDue(long t, ControlStack stack, Blackboard board, SensorSource sensors)
      throws StackException {
    for (LoopState loop : loops) {
      if (loop.deadline(loop.nextK) > t) {
        continue;
      }
      long due = 0;
      while (loop.deadline(loop.nextK) <= t) {
        loop.nextK++;
        due++;
      }
      if (t < loop.busyUntil) {
        loop.misses += due;
        listener.missed(loop.spec.name(), t, due);
        continue;
      }
      loop.misses += due - 1;
      if (due > 1) {
        listener.missed(loop.spec.name(), t, due - 1);
      }
      tick(loop, t, stack, board, sensors);
    }
  }

  private void tick(LoopState loop, long t, ControlStack stack, Blackboard board,
      SensorSource sensors) throws StackException {
    for (ChannelKey<?> key : loop.spec.reads()) {
      sensors.sample(key, t);
    }
    TickView view = new TickView(loop, board, t);
    long w0 = System.nanoTime();
    try {
      stack.tick(loop.spec.name(), view);
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      throw new StackException(loop.spec.name(), t, e);
    }
    long wall = System.nanoTime() - w0;
    if (view.idle) {
      loop.idle++;
      return;
    }
    long latency = loop.model.sampleMicros(wall, loop.random);
    long visible = t + latency;
    for (Map.Entry<ChannelKey<?>, Object> out : view.outputs.entrySet()) {
      postUnchecked(board, out.getKey(), out.getValue(), t, visible);
    }
    loop.busyUntil = visible;
    loop.lastLatency = latency;
    loop.record(latency, wall, view.phaseNanos, view.phaseReported);
    if (listener != EpisodeListener.NONE) {
      listener.ticked(loop.spec.name(), t, visible, java.util.Collections.unmodifiableMap(view.outputs));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void postUnchecked(Blackboard board, ChannelKey key, Object value, long t,
      long visible) {
    board.post(key, value, t, visible);
  }

  /** Per-loop results for an episode that ran for {@code simMicros}, in declaration order. */
  public Map<String, LoopRecord> records(long simMicros) {
    Map<String, LoopRecord> out = new LinkedHashMap<>();
    for (LoopState l : loops) {
      out.put(l.spec.name(), l.toRecord(simMicros));
    }
    return out;
  }

  /** Ticks run so far by the named loop. */
  public long ticks(String loop) {
    return state(loop).ticks;
  }

  /** Idle ticks so far of the named loop ({@link TickContext#idle}). */
  public long idleTicks(String loop) {
    return state(loop).idle;
  }

  /** Deadline misses so far of the named loop. */
  public long misses(String loop) {
    return state(loop).misses;
  }

  private LoopState state(String name) {
    for (LoopState l : loops) {
      if (l.spec.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no loop named '" + name + "'");
  }

  private static long mix(long seed, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static final class LoopState {
    final LoopSpec spec;
    final LatencyModel model;
    final Random random;
    long nextK;
    long busyUntil;
    long ticks;
    long misses;
    long idle;
    final java.util.TreeMap<String, Long> counters = new java.util.TreeMap<>();
    long lastLatency = -1;
    long[] latencyMicros = new long[64];
    long[] wallNanos = new long[64];
    final long[] phaseSum = new long[Phase.values().length];
    final long[] phaseCount = new long[Phase.values().length];

    LoopState(LoopSpec spec, LatencyModel model, Random random) {
      this.spec = spec;
      this.model = model;
      this.random = random;
    }

    long deadline(long k) {
      return Math.round(k * 1e6 / spec.rateHz());
    }

    void record(long latency, long wall, long[] phaseNanos, boolean[] reported) {
      if (ticks == latencyMicros.length) {
        latencyMicros = Arrays.copyOf(latencyMicros, latencyMicros.length * 2);
        wallNanos = Arrays.copyOf(wallNanos, wallNanos.length * 2);
      }
      latencyMicros[(int) ticks] = latency;
      wallNanos[(int) ticks] = wall;
      ticks++;
      for (int p = 0; p < phaseSum.length; p++) {
        if (reported[p]) {
          phaseSum[p] += phaseNanos[p];
          phaseCount[p]++;
        }
      }
    }

    LoopRecord toRecord(long simMicros) {
      int n = (int) ticks;
      double[] modelled = new double[n];
      double[] wall = new double[n];
      for (int i = 0; i < n; i++) {
        modelled[i] = latencyMicros[i] / 1000.0;
        wall[i] = wallNanos[i] / 1e6;
      }
      double achieved = simMicros > 0 ? ticks / (simMicros / 1e6) : 0.0;
      return new LoopRecord(spec.rateHz(), achieved, ticks, misses, model.toString(),
          Percentiles.ofSorting(modelled), Percentiles.ofSorting(wall),
          new PhaseMeans(mean(Phase.PREPROCESS), mean(Phase.INFER), mean(Phase.POSTPROCESS)), idle, counters);
    }

    private double mean(Phase p) {
      int i = p.ordinal();
      return phaseCount[i] == 0 ? 0.0 : phaseSum[i] / 1e6 / phaseCount[i];
    }
  }

  /** The context, channel view and phase timer handed to one tick. */
  private static final class TickView implements TickContext, Channels, PhaseTimer {
    private final LoopState loop;
    private final Blackboard board;
    private final long t;
    final Map<ChannelKey<?>, Object> outputs = new LinkedHashMap<>(4);
    final long[] phaseNanos = new long[Phase.values().length];
    final boolean[] phaseReported = new boolean[Phase.values().length];
    boolean idle;

    TickView(LoopState loop, Blackboard board, long t) {
      this.loop = loop;
      this.board = board;
      this.t = t;
    }

    @Override
    public LoopSpec loop() {
      return loop.spec;
    }

    @Override
    public long timeMicros() {
      return t;
    }

    @Override
    public long tickIndex() {
      return loop.ticks;
    }

    @Override
    public Channels channels() {
      return this;
    }

    @Override
    public PhaseTimer phases() {
      return this;
    }

    @Override
    public long previousLatencyMicros() {
      return loop.lastLatency;
    }

    @Override
    public void idle() {
      if (!outputs.isEmpty()) {
        throw new IllegalStateException("loop '" + loop.spec.name() + "' declared an idle tick after publishing "
            + outputs.keySet());
      }
      idle = true;
    }

    @Override
    public void count(String name, long delta) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("loop '" + loop.spec.name() + "': counter name must not be blank");
      }
      loop.counters.merge(name, delta, Long::sum);
    }

    @Override
    public <T> Optional<T> latest(ChannelKey<T> key) {
      return stamped(key).map(Stamped::value);
    }

    @Override
    public <T> Optional<Stamped<T>> stamped(ChannelKey<T> key) {
      if (!loop.spec.reads().contains(key)) {
        throw new IllegalStateException("loop '" + loop.spec.name() + "' reads channel '" + key
            + "' which it did not declare; add it to LoopSpec reads");
      }
      return board.stamped(key);
    }

    @Override
    public <T> void publish(ChannelKey<T> key, T value) {
      if (!loop.spec.writes().contains(key)) {
        throw new IllegalStateException("loop '" + loop.spec.name() + "' publishes channel '" + key
            + "' which it did not declare; add it to LoopSpec writes");
      }
      if (idle) {
        throw new IllegalStateException("loop '" + loop.spec.name() + "' publishes channel '" + key
            + "' in a tick it declared idle");
      }
      outputs.put(key, key.cast(value));
    }

    @Override
    public void record(Phase phase, long nanos) {
      phaseNanos[phase.ordinal()] += nanos;
      phaseReported[phase.ordinal()] = true;
    }
  }
}
