package org.stackarena.api.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Channels;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Phase;
import org.stackarena.api.PhaseTimer;
import org.stackarena.api.TickContext;

/**
 * A learned policy as a control stack: one loop per {@link PolicyStage}, the last of which (the
 * action stage) publishes {@link ActionChunk}s on {@link Commands#ACTION}. This class is the one tick
 * every learned stack shares (the built-in VLA, TorchScript, remote policies, a researcher's Java
 * policy); a policy supplies only models and translators.
 *
 * <p>Per tick of a stage: {@link PolicyTranslator#processInput} (phase {@link Phase#PREPROCESS}); if it
 * returned null, nothing more happens this tick. Else {@link PolicyModel#predict}
 * ({@link Phase#INFER}), then {@link PolicyTranslator#processOutput}, the finiteness check, for the
 * action stage the {@link ChunkExecution} strategy and the gripper threshold, and the publication
 * ({@link Phase#POSTPROCESS}). Before all that, the action stage asks its strategy whether to infer at
 * all ({@link ChunkExecution.Executor#infer}); when not ({@code blocking} while a chunk executes) the
 * tick is declared {@linkplain TickContext#idle idle} and does nothing. Phase times go to {@link TickContext#phases()} and so into the
 * episode record.
 *
 * <p>Rules it owns:
 * <ul>
 *   <li><b>Finite outputs.</b> Every published {@code float[]}, {@code double[]}, {@link Action},
 *       {@link ActionChunk} or {@link Number} is checked; a NaN or infinity throws
 *       {@link NonFiniteOutputException} naming the stage and the index, and the harness fails the
 *       episode with that message. Values of other types are published unchecked.</li>
 *   <li><b>Hold.</b> Nothing is published on {@link Commands#ACTION} before the first chunk (while an
 *       input such as an upstream latent is not visible yet), so the world holds its reset posture;
 *       afterwards a tick without input publishes nothing and the harness keeps executing the last
 *       chunk.</li>
 *   <li><b>Chunk execution</b> is a named option ({@link Builder#optChunkExecution}).</li>
 * </ul>
 *
 * <pre>{@code
 * PolicyStack stack = PolicyStack.builder("my-policy")
 *     .addStage(system2)                 // publishes a latent
 *     .setActionStage(system1)           // publishes chunks on Commands.ACTION
 *     .optChunkExecution(ChunkExecution.parse("ensemble:1.0s"))
 *     .build();
 * }</pre>
 *
 * <p>Closing the stack closes every stage's model (each distinct object once) and the resources given
 * to {@link Builder#optOwned}. Not thread-safe: the harness ticks it from one thread.
 */
public final class PolicyStack implements ControlStack {

  private final String name;
  private final PolicyStage<?, ?, ?>[] stages;
  private final List<LoopSpec> loops;
  private final ActionTranslator<?, ?> actionTranslator;
  private final ChunkExecution execution;
  private final double gripperThreshold;
  private final List<AutoCloseable> owned;
  private ChunkExecution.Executor executor;
  private ActionSpace space;
  private boolean closed;

  private PolicyStack(Builder b) {
    this.name = b.name;
    List<PolicyStage<?, ?, ?>> all = new ArrayList<>(b.stages);
    all.add(b.actionStage);
    this.stages = all.toArray(PolicyStage<?, ?, ?>[]::new);
    this.loops = all.stream().map(PolicyStage::loop).toList();
    this.actionTranslator = (ActionTranslator<?, ?>) b.actionStage.translator();
    this.execution = b.execution;
    this.gripperThreshold = b.gripperThreshold;
    this.owned = List.copyOf(b.owned);
  }

  /**
   * Starts a stack.
   *
   * @param name the stack name in results
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<LoopSpec> loops() {
    return loops;
  }

  /** The stages in tick order, the action stage last. */
  public List<PolicyStage<?, ?, ?>> stages() {
    return List.of(stages);
  }

  /** The stage whose loop is named {@code loop}. */
  public PolicyStage<?, ?, ?> stage(String loop) {
    for (PolicyStage<?, ?, ?> s : stages) {
      if (s.name().equals(loop)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no loop '" + loop + "' in stack " + name + " (loops: "
        + loops.stream().map(LoopSpec::name).toList() + ")");
  }

  /** The chunk-execution strategy. */
  public ChunkExecution chunkExecution() {
    return execution;
  }

  /** The chunk-execution strategy's canonical name, recorded in each episode record. */
  @Override
  public java.util.Optional<String> chunking() {
    return java.util.Optional.of(execution.toString());
  }

  /**
   * Resets every model (each distinct one once, in stage order), then every translator, starts a new
   * chunk-execution state and reads the action space.
   */
  @Override
  public void reset(EpisodeContext context) throws Exception {
    if (closed) {
      throw new IllegalStateException("stack " + name + " is closed");
    }
    Set<Object> done = Collections.newSetFromMap(new IdentityHashMap<>());
    for (PolicyStage<?, ?, ?> s : stages) {
      if (done.add(s.model())) {
        s.model().reset(context);
      }
    }
    for (PolicyStage<?, ?, ?> s : stages) {
      if (done.add(s.translator())) {
        s.translator().reset(context);
      }
    }
    space = actionTranslator.actionSpace();
    executor = execution.newExecutor(space);
  }

  @Override
  public ActionSpace actionSpace() {
    if (space == null) {
      throw new IllegalStateException(name + ": actionSpace() called before a successful reset()");
    }
    return space;
  }

  @Override
  public void tick(String loop, TickContext ctx) throws Exception {
    if (executor == null) {
      throw new IllegalStateException(name + ": tick() before reset()");
    }
    PolicyStage<?, ?, ?> s = null;
    for (PolicyStage<?, ?, ?> c : stages) {
      if (c.name().equals(loop)) {
        s = c;
        break;
      }
    }
    if (s == null) {
      stage(loop);   // throws, listing the loops
    }
    run(s, ctx, s == stages[stages.length - 1]);
  }

  private <I, O, R> void run(PolicyStage<I, O, R> s, TickContext ctx, boolean action) throws Exception {
    if (action && !executor.infer(ctx)) {
      ctx.idle();   // the strategy waits (blocking: the last chunk is still executing)
      return;
    }
    PhaseTimer phases = ctx.phases();
    long t0 = System.nanoTime();
    I input = s.translator().processInput(ctx);
    long t1 = System.nanoTime();
    phases.record(Phase.PREPROCESS, t1 - t0);
    if (input == null) {
      return;
    }
    O raw = s.model().predict(input);
    long t2 = System.nanoTime();
    phases.record(Phase.INFER, t2 - t1);
    R value = s.translator().processOutput(ctx, raw);
    if (value == null) {
      throw new IllegalStateException("stage '" + s.name() + "': processOutput returned null");
    }
    checkFinite(s.name(), s.output().name(), value);
    if (action) {
      ActionChunk chunk = executor.next(ctx, (ActionChunk) value);
      if (gripperThreshold >= 0) {
        chunk = threshold(chunk, gripperThreshold);
      }
      ctx.channels().publish(Commands.ACTION, chunk);
    } else {
      publish(ctx.channels(), s.output(), value);
    }
    phases.record(Phase.POSTPROCESS, System.nanoTime() - t2);
  }

  private static <T> void publish(Channels ch, ChannelKey<T> key, T value) {
    ch.publish(key, value);
  }

  /** The chunk with each gripper command set to 1 above {@code threshold}, else 0. */
  private static ActionChunk threshold(ActionChunk chunk, double threshold) {
    List<Action> steps = chunk.steps();
    boolean binary = true;
    for (Action a : steps) {
      binary &= a.gripper() == (a.gripper() > threshold ? 1 : 0);
    }
    if (binary) {
      return chunk;
    }
    Action[] out = new Action[steps.size()];
    for (int i = 0; i < out.length; i++) {
      Action a = steps.get(i);
      out[i] = new Action(a.values(), a.gripper() > threshold ? 1 : 0);
    }
    return new ActionChunk(java.util.Arrays.asList(out), chunk.intervalSeconds(), chunk.anchor());
  }

  /**
   * Throws {@link NonFiniteOutputException} if {@code value} (a {@code float[]}, {@code double[]},
   * {@link Action}, {@link ActionChunk} or {@link Number}) holds a NaN or infinity.
   */
  static void checkFinite(String stage, String channel, Object value) {
    if (value instanceof float[] f) {
      for (int i = 0; i < f.length; i++) {
        if (!Float.isFinite(f[i])) {
          throw new NonFiniteOutputException(stage, channel, "index " + i, f[i]);
        }
      }
    } else if (value instanceof double[] d) {
      for (int i = 0; i < d.length; i++) {
        if (!Double.isFinite(d[i])) {
          throw new NonFiniteOutputException(stage, channel, "index " + i, d[i]);
        }
      }
    } else if (value instanceof ActionChunk c) {
      List<Action> steps = c.steps();
      for (int k = 0; k < steps.size(); k++) {
        checkAction(stage, channel, "step " + k + " ", steps.get(k));
      }
    } else if (value instanceof Action a) {
      checkAction(stage, channel, "", a);
    } else if (value instanceof Number n && !Double.isFinite(n.doubleValue())) {
      throw new NonFiniteOutputException(stage, channel, "the value", n.doubleValue());
    }
  }

  private static void checkAction(String stage, String channel, String prefix, Action a) {
    double[] v = a.values();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new NonFiniteOutputException(stage, channel, prefix + "value[" + i + "]", v[i]);
      }
    }
    if (!Double.isFinite(a.gripper())) {
      throw new NonFiniteOutputException(stage, channel, prefix + "gripper", a.gripper());
    }
  }

  /** Closes every distinct model, then the owned resources. Idempotent; later failures are suppressed. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException first = null;
    Set<Object> done = Collections.newSetFromMap(new IdentityHashMap<>());
    List<AutoCloseable> all = new ArrayList<>();
    for (PolicyStage<?, ?, ?> s : stages) {
      all.add(s.model());
    }
    all.addAll(owned);
    for (AutoCloseable c : all) {
      if (!done.add(c)) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        if (first == null) {
          first = r;
        } else {
          first.addSuppressed(r);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "PolicyStack[" + name + ", " + loops.stream().map(LoopSpec::name).toList() + ", " + execution
        + "]";
  }

  /** Builder: {@link #setActionStage} is required, the rest optional; {@link #build} validates. */
  public static final class Builder {
    private final String name;
    private final List<PolicyStage<?, ?, ?>> stages = new ArrayList<>();
    private PolicyStage<?, ?, ActionChunk> actionStage;
    private ChunkExecution execution = ChunkExecution.holdAndSwitch();
    private double gripperThreshold = -1;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Adds a stage that publishes a latent for later stages; stages tick in the order added. */
    public Builder addStage(PolicyStage<?, ?, ?> stage) {
      stages.add(Objects.requireNonNull(stage, "stage"));
      return this;
    }

    /**
     * The stage that publishes chunks on {@link Commands#ACTION} (required; it ticks last when several
     * loops are due at once). Its translator must be an {@link ActionTranslator}.
     */
    public Builder setActionStage(PolicyStage<?, ?, ActionChunk> stage) {
      this.actionStage = Objects.requireNonNull(stage, "stage");
      return this;
    }

    /** How new chunks become published chunks (default {@link ChunkExecution#holdAndSwitch()}). */
    public Builder optChunkExecution(ChunkExecution execution) {
      this.execution = Objects.requireNonNull(execution, "execution");
      return this;
    }

    /**
     * Publishes gripper commands as 1 above {@code threshold} and 0 otherwise, after chunk execution
     * (for policies trained on a binary gripper whose commands the ensemble averages). Default: the
     * commands are published as they are.
     */
    public Builder optGripperThreshold(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("gripper threshold must be in [0, 1], got " + threshold);
      }
      this.gripperThreshold = threshold;
      return this;
    }

    /** Something else the stack closes after its models (shared weights, a connection). */
    public Builder optOwned(AutoCloseable resource) {
      owned.add(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /**
     * Builds the stack.
     *
     * @throws IllegalStateException when there is no action stage
     * @throws IllegalArgumentException for a blank name, duplicate loop names, an action stage that does
     *     not publish on {@link Commands#ACTION} or lacks an {@link ActionTranslator}, or another stage
     *     that does
     */
    public PolicyStack build() {
      if (name.isBlank()) {
        throw new IllegalArgumentException("stack name must not be blank");
      }
      if (actionStage == null) {
        throw new IllegalStateException("stack '" + name + "': setActionStage(..) is required");
      }
      if (!Commands.ACTION.equals(actionStage.output())) {
        throw new IllegalArgumentException("stack '" + name + "': action stage '" + actionStage.name()
            + "' must publish on " + Commands.ACTION + ", not " + actionStage.output());
      }
      if (!(actionStage.translator() instanceof ActionTranslator<?, ?>)) {
        throw new IllegalArgumentException("stack '" + name + "': the translator of action stage '"
            + actionStage.name() + "' must implement ActionTranslator (it declares the action space)");
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      for (PolicyStage<?, ?, ?> s : stages) {
        if (Commands.ACTION.equals(s.output())) {
          throw new IllegalArgumentException("stack '" + name + "': only the action stage publishes on "
              + Commands.ACTION + ", stage '" + s.name() + "' does too");
        }
        if (!names.add(s.name())) {
          throw new IllegalArgumentException("stack '" + name + "': loop '" + s.name() + "' twice");
        }
      }
      if (!names.add(actionStage.name())) {
        throw new IllegalArgumentException("stack '" + name + "': loop '" + actionStage.name() + "' twice");
      }
      return new PolicyStack(this);
    }
  }
}
