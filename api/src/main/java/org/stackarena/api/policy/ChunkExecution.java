package org.stackarena.api.policy;

import java.util.Locale;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Durations;
import org.stackarena.api.TickContext;

/**
 * How a {@link PolicyStack} turns the chunk its action stage just predicted into the chunk it
 * publishes, and when the action stage infers at all: a named option of the stack, not code inside
 * any one policy.
 *
 * <p>Forms (also the syntax of {@link #parse} and {@link #toString}, which round-trip; the
 * {@code toString} form is the canonical name recorded in each episode record):
 * <ul>
 *   <li>{@code hold-and-switch} (alias {@code replace}): publish each new chunk as it is. The harness
 *       starts a chunk when it becomes visible, so its step 0 applies on arrival (however stale the
 *       observation it came from) and a newer chunk replaces the rest; the last step is held when a
 *       chunk runs out.</li>
 *   <li>{@code ensemble:1.0s}: temporal ensembling as in ACT (Zhao et al. 2023), with uniform weights:
 *       the published step k (for time {@code t + k * interval}) is the average of what every chunk
 *       predicted at most the window ago says for that time, each chunk's steps linearly interpolated
 *       in time and a chunk counted only up to its last step. Gripper commands are averaged like the
 *       values. Durations accept {@code us}, {@code ms} and {@code s}.</li>
 *   <li>{@code rtc:exp} (also {@code rtc}, {@code rtc:linear}, {@code rtc:hard}): the execution side of
 *       real-time chunking (Black, Galliker and Levine 2025, arXiv 2506.07339) <em>without its
 *       inpainting guidance</em>, which needs a flow-matching or diffusion policy; ours are deterministic
 *       regressors, so the new chunk is used as predicted and only blended afterwards. The published
 *       chunk is {@link ActionChunk.Anchor#TICK tick-anchored}: its step k belongs to the time of the
 *       observation plus {@code k * interval}, so the steps whose time passed while inference ran are
 *       skipped, not replayed late. Its first d steps (the delay: the previous inference's latency in
 *       whole steps, rounded down, i.e. the steps the previous chunk executes in full meanwhile; a deployed
 *       system knows how long its last inference took) are the previous
 *       chunk's committed steps for those times (the frozen prefix); over the next s steps, s the
 *       execution horizon (the steps since the previous inference started, which the harness sets: the
 *       loop ticks again when its latency has passed), the step is {@code prev * w + new * (1 - w)} with
 *       RTC's soft-mask weights ({@link Rtc#weight}: exponentially decaying for {@code exp}, linearly for
 *       {@code linear}, 0 for {@code hard}, i.e. the frozen prefix only); after that, or after the previous
 *       chunk's last step, the new chunk as is. The paper's mask spans the whole overlap with the previous
 *       chunk, which works because inpainting bends the new chunk toward the old; blended afterwards, such
 *       a mask chains every chunk to its predecessor and, with an inference every step, never lets a new
 *       plan through, so the blend here stops after s steps.</li>
 *   <li>{@code blocking}: synchronous evaluation as in LIBERO-style benchmarks: the action stage infers
 *       only once the previously published chunk has finished executing (its visibility time, i.e. the
 *       publishing tick + that tick's latency, plus its length); the harness holds the last step while
 *       the next inference runs (the arm stands still), then the whole chunk executes open loop from its
 *       arrival. Ticks skipped on purpose are {@linkplain TickContext#idle idle}: no latency, not deadline
 *       misses, counted as {@code idle_ticks} in the episode record.</li>
 * </ul>
 * Every strategy sees the action space: an {@link ActionSpace.Type#EE_POSE} orientation is averaged or
 * blended as a rotation, not component-wise.
 */
public sealed interface ChunkExecution {

  /** The valid forms, for error messages. */
  String FORMS = "valid forms: hold-and-switch (alias replace), ensemble:<window> (e.g. ensemble:1.0s, "
      + "ensemble:500ms), rtc[:exp|linear|hard] (default exp), blocking";

  /** Publish each new chunk as it is, from its arrival. */
  static ChunkExecution holdAndSwitch() {
    return HoldAndSwitch.INSTANCE;
  }

  /** The same as {@link #holdAndSwitch()} (its former name). */
  static ChunkExecution replace() {
    return HoldAndSwitch.INSTANCE;
  }

  /** Temporal ensembling over the chunks predicted within {@code windowSeconds}. */
  static ChunkExecution ensemble(double windowSeconds) {
    return new Ensemble(windowSeconds);
  }

  /** Real-time chunking's execution scheme with the paper's exponential soft mask. */
  static ChunkExecution rtc() {
    return new Rtc(Rtc.Mask.EXP);
  }

  /** Synchronous execution: infer, execute the whole chunk, infer again. */
  static ChunkExecution blocking() {
    return Blocking.INSTANCE;
  }

  /**
   * Per-episode state: a new one at every {@link PolicyStack#reset}.
   *
   * @param space the action space of the chunks it will see (an {@link ActionSpace.Type#EE_POSE}
   *     orientation is averaged or blended as a rotation, not component-wise)
   */
  Executor newExecutor(ActionSpace space);

  /** The per-episode state of a strategy. */
  interface Executor {

    /**
     * The chunk to publish for a tick at {@code tickMicros} (sim time, non-decreasing) given the chunk
     * the action stage just made, without knowing the previous inference's latency.
     *
     * @param fresh the new chunk; it may be kept (it is never modified)
     * @return the chunk to publish, a new object or {@code fresh} itself
     */
    ActionChunk next(long tickMicros, ActionChunk fresh);

    /**
     * The chunk to publish for {@code tick} given the chunk the action stage just made; strategies that
     * need the loop's previous latency ({@link TickContext#previousLatencyMicros}) read it here. Default:
     * {@link #next(long, ActionChunk)} at the tick's time.
     */
    default ActionChunk next(TickContext tick, ActionChunk fresh) {
      return next(tick.timeMicros(), fresh);
    }

    /**
     * Whether the action stage runs its model at {@code tick}. When false the stack declares the tick
     * {@linkplain TickContext#idle idle} and publishes nothing. Default: always.
     */
    default boolean infer(TickContext tick) {
      return true;
    }
  }

  /** Publish each new chunk as it is, from its arrival. */
  enum HoldAndSwitch implements ChunkExecution {
    /** The only instance. */
    INSTANCE;

    @Override
    public Executor newExecutor(ActionSpace space) {
      return (t, fresh) -> fresh;
    }

    @Override
    public String toString() {
      return "hold-and-switch";
    }
  }

  /**
   * ACT temporal ensembling.
   *
   * @param windowSeconds how far back chunks count, positive and finite
   */
  record Ensemble(double windowSeconds) implements ChunkExecution {

    /** Validates the window. */
    public Ensemble {
      if (!(windowSeconds > 0) || !Double.isFinite(windowSeconds)) {
        throw new IllegalArgumentException("ensemble window must be positive and finite, got "
            + windowSeconds + " s");
      }
    }

    @Override
    public Executor newExecutor(ActionSpace space) {
      return new EnsembleExecutor(Math.max(1, Math.round(windowSeconds * 1e6)), space);
    }

    @Override
    public String toString() {
      return "ensemble:" + windowSeconds + "s";
    }
  }

  /**
   * Real-time chunking's execution scheme (no inpainting guidance; see the type's Javadoc).
   *
   * @param mask the soft-mask weight schedule over the overlap after the frozen prefix
   */
  record Rtc(Mask mask) implements ChunkExecution {

    /** Soft-mask schedules (the names of RTC's prefix-attention schedules, {@code zeros} as {@code hard}). */
    public enum Mask {
      /** RTC's default: {@code w = c (e^c - 1) / (e - 1)}, with c falling linearly from about 1 to 0. */
      EXP,
      /** {@code w = c}. */
      LINEAR,
      /** No blend: the frozen prefix, then the new chunk. */
      HARD
    }

    /** Validates presence. */
    public Rtc {
      java.util.Objects.requireNonNull(mask, "mask");
    }

    /**
     * RTC's soft-mask weight of the previous chunk at step {@code i} of the new chunk: 1 for
     * {@code i < d} (the frozen prefix), 0 from {@code end} on (where the previous chunk has no step),
     * in between {@code f(c)} with {@code c = (end - i) / (end - d + 1)} and f the {@link #mask}
     * schedule. {@code d} is lowered to {@code end} when larger, as in the paper's code.
     *
     * @param i the step of the new chunk
     * @param d the frozen prefix's length (estimated delay in steps)
     * @param end the number of leading steps of the new chunk the previous chunk still covers
     */
    public double weight(int i, int d, int end) {
      int start = Math.min(d, end);
      if (i >= end) {
        return 0;
      }
      if (i < start) {
        return 1;
      }
      double c = (double) (end - i) / (end - start + 1);
      switch (mask) {
        case EXP:
          return c * Math.expm1(c) / (Math.E - 1);
        case LINEAR:
          return c;
        default:
          return 0;
      }
    }

    @Override
    public Executor newExecutor(ActionSpace space) {
      return new RtcExecutor(this, space);
    }

    @Override
    public String toString() {
      return "rtc:" + mask.name().toLowerCase(Locale.ROOT);
    }
  }

  /** Synchronous execution (see the type's Javadoc). */
  enum Blocking implements ChunkExecution {
    /** The only instance. */
    INSTANCE;

    @Override
    public Executor newExecutor(ActionSpace space) {
      return new BlockingExecutor();
    }

    @Override
    public String toString() {
      return "blocking";
    }
  }

  /**
   * Parses {@code hold-and-switch} (or {@code replace}), {@code ensemble:<duration>},
   * {@code rtc[:exp|linear|hard]} or {@code blocking}, case-insensitively.
   *
   * @throws IllegalArgumentException saying what was wrong and listing the valid forms
   */
  static ChunkExecution parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("chunk execution is missing; " + FORMS);
    }
    String s = text.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    String arg = colon < 0 ? null : s.substring(colon + 1).trim();
    try {
      switch (kind) {
        case "hold-and-switch":
        case "replace":
        case "blocking":
          if (arg != null) {
            throw new IllegalArgumentException("'" + kind + "' takes no value");
          }
          return kind.equals("blocking") ? blocking() : holdAndSwitch();
        case "ensemble":
          if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("ensemble needs a window after ':'");
          }
          return ensemble(Durations.parseMillis(arg) / 1e3);
        case "rtc":
          if (arg == null) {
            return rtc();
          }
          for (Rtc.Mask m : Rtc.Mask.values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(arg)) {
              return new Rtc(m);
            }
          }
          throw new IllegalArgumentException("unknown rtc blend '" + arg + "' (exp, linear or hard)");
        default:
          throw new IllegalArgumentException("unknown kind '" + kind + "'");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad chunk execution '" + text + "': " + e.getMessage() + "; "
          + FORMS, e);
    }
  }
}
