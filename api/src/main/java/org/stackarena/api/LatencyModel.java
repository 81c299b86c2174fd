package org.stackarena.api;

import java.util.Locale;
import java.util.Random;

/**
 * How long a loop's outputs take to become visible after its tick starts, in sim time.
 *
 * <p>Forms (also the string syntax of {@link #parse} and {@link #toString}):
 * <ul>
 *   <li>{@code none}: outputs are visible at the tick's own instant;</li>
 *   <li>{@code fixed:30ms}: a constant;</li>
 *   <li>{@code measured} or {@code measured:x3}: the tick's own wall time, times a hardware
 *       scale factor (3 = "the target CPU is 3x slower than this one"); not reproducible;</li>
 *   <li>{@code normal:50ms,10ms}: mean and standard deviation, drawn from a per-episode seeded
 *       {@link Random} and clamped at 0; reproducible from the seed.</li>
 * </ul>
 * Durations accept the units {@code us}, {@code ms} and {@code s}.
 */
public sealed interface LatencyModel {

  /** No latency. */
  static LatencyModel none() {
    return None.INSTANCE;
  }

  /** A fixed latency in milliseconds. */
  static LatencyModel fixed(double ms) {
    return new Fixed(ms);
  }

  /** The tick's measured wall time. */
  static LatencyModel measured() {
    return new Measured(1.0);
  }

  /** The tick's measured wall time times {@code scale}. */
  static LatencyModel measured(double scale) {
    return new Measured(scale);
  }

  /** Normally distributed latency, clamped at 0. */
  static LatencyModel normal(double meanMs, double sdMs) {
    return new Normal(meanMs, sdMs);
  }

  /**
   * Draws the latency of one tick in whole microseconds (>= 0).
   *
   * @param wallNanos the tick's measured wall time (used only by {@code measured})
   * @param random the loop's per-episode seeded random source (used only by {@code normal})
   */
  long sampleMicros(long wallNanos, Random random);

  /** True if the model gives the same latencies for the same seed (all but {@code measured}). */
  boolean deterministic();

  /** No latency. */
  enum None implements LatencyModel {
    /** The only instance. */
    INSTANCE;

    @Override
    public long sampleMicros(long wallNanos, Random random) {
      return 0;
    }

    @Override
    public boolean deterministic() {
      return true;
    }

    @Override
    public String toString() {
      return "none";
    }
  }

  /**
   * A constant latency.
   *
   * @param ms latency in milliseconds, finite and >= 0
   */
  record Fixed(double ms) implements LatencyModel {
    /** Validates the latency. */
    public Fixed {
      requireDuration(ms, "fixed latency");
    }

    @Override
    public long sampleMicros(long wallNanos, Random random) {
      return Math.round(ms * 1000.0);
    }

    @Override
    public boolean deterministic() {
      return true;
    }

    @Override
    public String toString() {
      return "fixed:" + formatMs(ms);
    }
  }

  /**
   * The tick's own wall time times a hardware scale factor.
   *
   * @param scale factor, finite and > 0
   */
  record Measured(double scale) implements LatencyModel {
    /** Validates the scale. */
    public Measured {
      if (!(scale > 0) || !Double.isFinite(scale)) {
        throw new IllegalArgumentException("measured latency scale must be positive and finite, got "
            + scale);
      }
    }

    @Override
    public long sampleMicros(long wallNanos, Random random) {
      return Math.max(0, Math.round(wallNanos / 1000.0 * scale));
    }

    @Override
    public boolean deterministic() {
      return false;
    }

    @Override
    public String toString() {
      return scale == 1.0 ? "measured" : "measured:x" + formatNumber(scale);
    }
  }

  /**
   * Normally distributed latency, clamped at 0.
   *
   * @param meanMs mean in milliseconds, >= 0
   * @param sdMs standard deviation in milliseconds, >= 0
   */
  record Normal(double meanMs, double sdMs) implements LatencyModel {
    /** Validates mean and standard deviation. */
    public Normal {
      requireDuration(meanMs, "normal latency mean");
      requireDuration(sdMs, "normal latency standard deviation");
    }

    @Override
    public long sampleMicros(long wallNanos, Random random) {
      double ms = meanMs + sdMs * random.nextGaussian();
      return Math.max(0, Math.round(ms * 1000.0));
    }

    @Override
    public boolean deterministic() {
      return true;
    }

    @Override
    public String toString() {
      return "normal:" + formatMs(meanMs) + "," + formatMs(sdMs);
    }
  }

  /**
   * Parses {@code none}, {@code fixed:30ms}, {@code measured}, {@code measured:x3} or
   * {@code normal:50ms,10ms}.
   *
   * @throws IllegalArgumentException saying what was wrong and listing the valid forms
   */
  static LatencyModel parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("latency model is missing; " + FORMS);
    }
    String s = text.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    String arg = colon < 0 ? null : s.substring(colon + 1).trim();
    try {
      switch (kind) {
        case "none":
          requireNoArg(text, arg);
          return none();
        case "fixed":
          return fixed(parseMs(requireArg(text, arg)));
        case "measured":
          if (arg == null) {
            return measured();
          }
          if (!arg.startsWith("x")) {
            throw new IllegalArgumentException("the scale factor is written x<number>, e.g. measured:x3");
          }
          return measured(Double.parseDouble(arg.substring(1)));
        case "normal": {
          String[] parts = requireArg(text, arg).split(",");
          if (parts.length != 2) {
            throw new IllegalArgumentException("normal needs a mean and a standard deviation, e.g. normal:50ms,10ms");
          }
          return normal(parseMs(parts[0]), parseMs(parts[1]));
        }
        default:
          throw new IllegalArgumentException("unknown kind '" + kind + "'");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad latency model '" + text + "': " + e.getMessage()
          + "; " + FORMS, e);
    }
  }

  /** The valid forms, for error messages. */
  String FORMS = "valid forms: none, fixed:30ms, measured, measured:x3, normal:50ms,10ms";

  private static String requireArg(String text, String arg) {
    if (arg == null || arg.isEmpty()) {
      throw new IllegalArgumentException("missing value after ':'");
    }
    return arg;
  }

  private static void requireNoArg(String text, String arg) {
    if (arg != null) {
      throw new IllegalArgumentException("'none' takes no value");
    }
  }

  private static double parseMs(String raw) {
    double ms = Durations.parseMillis(raw);
    requireDuration(ms, "duration '" + raw.trim() + "'");
    return ms;
  }

  private static void requireDuration(double ms, String what) {
    if (!(ms >= 0) || !Double.isFinite(ms)) {
      throw new IllegalArgumentException(what + " must be finite and >= 0, got " + ms);
    }
  }

  private static String formatMs(double ms) {
    return formatNumber(ms) + "ms";
  }

  private static String formatNumber(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
