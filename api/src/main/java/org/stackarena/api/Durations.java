package org.stackarena.api;

/**
 * Reads durations written with a unit, as in latency models ({@code fixed:30ms}) and chunk-execution
 * windows ({@code ensemble:1.0s}): a number followed by {@code us}, {@code ms} or {@code s}.
 */
public final class Durations {

  private Durations() {}

  /**
   * {@code text} in milliseconds.
   *
   * @throws IllegalArgumentException when the unit is missing or the number is not one
   */
  public static double parseMillis(String text) {
    String s = text.trim();
    double factor;
    String num;
    if (s.endsWith("ms")) {
      factor = 1.0;
      num = s.substring(0, s.length() - 2);
    } else if (s.endsWith("us")) {
      factor = 1e-3;
      num = s.substring(0, s.length() - 2);
    } else if (s.endsWith("s")) {
      factor = 1e3;
      num = s.substring(0, s.length() - 1);
    } else {
      throw new IllegalArgumentException("duration '" + s + "' needs a unit (us, ms or s)");
    }
    try {
      return Double.parseDouble(num.trim()) * factor;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' is not a number with a unit");
    }
  }
}
