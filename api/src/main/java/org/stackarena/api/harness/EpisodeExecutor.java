package org.stackarena.api.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackarena.api.ControlStack;

/**
 * Runs many episodes on worker threads and appends their records to a {@link ResultsStore} (or
 * any {@link RecordSink}).
 *
 * <p>Each worker owns its worlds and stacks, made by the factories on the worker's own thread:
 * it keeps one world (rebuilt when the scenario or condition changes) and one stack per stack
 * name, resetting them between episodes (a stack that threw is closed and rebuilt). Episodes
 * already in the store, and duplicate specs, are skipped. An episode that fails (stack exception,
 * invalid action, timeout, ...) is recorded like any other. A harness or world error is logged,
 * counted in {@link Result#errors()} and not recorded, so a resumed run retries it.
 *
 * <pre>{@code
 * EpisodeExecutor.builder()
 *     .setWorlds((scenario, condition) -> new MuJoCoWorld(...))
 *     .setStacks(name -> new MyStack())
 *     .setStore(store)
 *     .optWorkers(4)
 *     .build()
 *     .run(specs);
 * }</pre>
 */
public final class EpisodeExecutor {

  /** Builds a world for a scenario under a condition. */
  @FunctionalInterface
  public interface WorldFactory {
    /** A new world; the worker closes it. */
    World create(String scenario, String robot, String condition) throws Exception;
  }

  /**
   * Builds a stack by name for a world. Most stacks ignore the world; a privileged stack (the
   * scripted expert) may read ground truth from it. A worker keeps a stack while its world stays
   * the same and closes it when the world changes.
   */
  @FunctionalInterface
  public interface StackFactory {
    /** A new stack; the worker closes it. */
    ControlStack create(String stack, World world) throws Exception;
  }

  /**
   * Told, on the worker's thread, about each episode that is not recorded because of a harness or
   * world error (after it is logged and counted in {@link Result#errors()}), e.g. to send the
   * reasons to another process. Must not throw.
   */
  @FunctionalInterface
  public interface ErrorListener {
    /** {@code spec} was not recorded because of {@code error}. */
    void onError(EpisodeSpec spec, Throwable error);
  }

  /**
   * Chooses a listener per episode (a recorder for the episodes to record, else
   * {@link EpisodeListener#NONE}).
   */
  @FunctionalInterface
  public interface ListenerFactory {
    /** The listener for {@code spec}, run on {@code world} (not reset yet). */
    EpisodeListener listenerFor(EpisodeSpec spec, World world);
  }

  /**
   * What a run did.
   *
   * @param ran episodes run and recorded
   * @param skipped episodes already recorded (or duplicated in the spec list)
   * @param errors episodes not recorded because of a harness or world error
   * @param records the records written by this run, in completion order
   */
  public record Result(int ran, int skipped, int errors, List<EpisodeRecord> records) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(EpisodeExecutor.class);

  private final WorldFactory worlds;
  private final StackFactory stacks;
  private final RecordSink store;
  private final int workers;
  private final RunnerOptions options;
  private final ErrorListener errorListener;
  private final ListenerFactory listeners;

  private EpisodeExecutor(Builder b) {
    this.worlds = b.worlds;
    this.stacks = b.stacks;
    this.store = b.store;
    this.workers = b.workers;
    this.options = b.options;
    this.errorListener = b.errorListener;
    this.listeners = b.listeners;
  }

  /** A builder; {@code set*} are required, {@code opt*} optional. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every spec not yet in the store and waits for all workers.
   *
   * @throws InterruptedException if interrupted while waiting; workers stop after their current
   *     episode
   */
  public Result run(List<EpisodeSpec> specs) throws InterruptedException {
    java.util.Set<EpisodeKey> seen = new java.util.HashSet<>();
    ConcurrentLinkedQueue<EpisodeSpec> queue = new ConcurrentLinkedQueue<>();
    int skipped = 0;
    for (EpisodeSpec s : specs) {
      if (!seen.add(s.key()) || store.isFinished(s.key())) {
        skipped++;
      } else {
        queue.add(s);
      }
    }
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    List<EpisodeRecord> written = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> new Worker(queue, ran, errors, written).run(),
          "stackarena-worker-" + w);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      queue.clear();
      for (Thread t : threads) {
        t.interrupt();
      }
      throw e;
    }
    return new Result(ran.get(), skipped, errors.get(), List.copyOf(written));
  }

  private final class Worker {
    private final ConcurrentLinkedQueue<EpisodeSpec> queue;
    private final AtomicInteger ran;
    private final AtomicInteger errors;
    private final List<EpisodeRecord> written;
    private final EpisodeRunner runner = new EpisodeRunner(options);
    private final Map<String, ControlStack> myStacks = new HashMap<>();
    private World world;
    private String worldId;

    Worker(ConcurrentLinkedQueue<EpisodeSpec> queue, AtomicInteger ran, AtomicInteger errors,
        List<EpisodeRecord> written) {
      this.queue = queue;
      this.ran = ran;
      this.errors = errors;
      this.written = written;
    }

    void run() {
      try {
        EpisodeSpec spec;
        while (!Thread.currentThread().isInterrupted() && (spec = queue.poll()) != null) {
          runOne(spec);
        }
      } finally {
        closeWorld();
        myStacks.values().forEach(EpisodeExecutor::closeQuietly);
        myStacks.clear();
      }
    }

    private void runOne(EpisodeSpec spec) {
      EpisodeRecord record;
      try {
        World w = worldFor(spec);
        ControlStack stack = myStacks.get(spec.stack());
        if (stack == null) {
          stack = Objects.requireNonNull(stacks.create(spec.stack(), w),
              "stack factory returned null for " + spec.stack());
          myStacks.put(spec.stack(), stack);
        }
        record = runner.run(spec, w, stack, listeners.listenerFor(spec, w));
        if (record.failureReason() != null && record.failureReason().startsWith("stack_exception")) {
          closeQuietly(myStacks.remove(spec.stack())); // may be in a bad state
        }
      } catch (Exception | LinkageError | AssertionError e) {
        errors.incrementAndGet();
        LOG.error("episode {} not recorded: harness or world error: {}", spec.key(), e.toString(), e);
        closeWorld(); // its state is unknown
        errorListener.onError(spec, e);
        return;
      }
      try {
        store.append(record);
        written.add(record);
        ran.incrementAndGet();
      } catch (Exception e) {
        errors.incrementAndGet();
        LOG.error("episode {} ran but could not be written to {}: {}", spec.key(), store,
            e.toString(), e);
        errorListener.onError(spec, e);
      }
    }

    private World worldFor(EpisodeSpec spec) throws Exception {
      String id = spec.scenario() + "\u0000" + spec.robot() + "\u0000" + spec.condition();
      if (world == null || !id.equals(worldId)) {
        closeWorld();
        myStacks.values().forEach(EpisodeExecutor::closeQuietly); // stacks may be bound to the old world
        myStacks.clear();
        world = Objects.requireNonNull(worlds.create(spec.scenario(), spec.robot(), spec.condition()),
            "world factory returned null for " + spec.scenario());
        worldId = id;
      }
      return world;
    }

    private void closeWorld() {
      if (world != null) {
        closeQuietly(world);
        world = null;
        worldId = null;
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("error closing {}: {}", c, e.toString());
    }
  }

  /** Builder for {@link EpisodeExecutor}. */
  public static final class Builder {
    private WorldFactory worlds;
    private StackFactory stacks;
    private RecordSink store;
    private int workers = 1;
    private RunnerOptions options = RunnerOptions.defaults();
    private ErrorListener errorListener = (spec, error) -> { };
    private ListenerFactory listeners = (spec, world) -> EpisodeListener.NONE;

    private Builder() {
    }

    /** Required: how workers make worlds. */
    public Builder setWorlds(WorldFactory worlds) {
      this.worlds = worlds;
      return this;
    }

    /** Required: how workers make stacks. */
    public Builder setStacks(StackFactory stacks) {
      this.stacks = stacks;
      return this;
    }

    /** Required (or {@link #setSink}): where records go. */
    public Builder setStore(ResultsStore store) {
      this.store = store;
      return this;
    }

    /**
     * Required (or {@link #setStore}): where records go, when that is not a results file (the
     * executor skips the episodes the sink already has and appends the others).
     */
    public Builder setSink(RecordSink sink) {
      this.store = sink;
      return this;
    }

    /** Number of worker threads (default 1). */
    public Builder optWorkers(int workers) {
      this.workers = workers;
      return this;
    }

    /** Runner options (default {@link RunnerOptions#defaults()}). */
    public Builder optRunnerOptions(RunnerOptions options) {
      this.options = options;
      return this;
    }

    /** Told about each episode not recorded because of a harness or world error (default: nobody). */
    public Builder optErrorListener(ErrorListener listener) {
      this.errorListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Listeners per episode (default: none), e.g. a recorder for the first episodes. */
    public Builder optListeners(ListenerFactory listeners) {
      this.listeners = Objects.requireNonNull(listeners, "listeners");
      return this;
    }

    /** Validates and builds. */
    public EpisodeExecutor build() {
      if (worlds == null || stacks == null || store == null) {
        throw new IllegalStateException(
            "EpisodeExecutor needs setWorlds, setStacks and setStore (or setSink)");
      }
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be >= 1, got " + workers);
      }
      Objects.requireNonNull(options, "options");
      return new EpisodeExecutor(this);
    }
  }
}
