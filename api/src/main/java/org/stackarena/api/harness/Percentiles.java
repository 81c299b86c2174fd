package org.stackarena.api.harness;

import java.util.Arrays;

/**
 * p50, p99 and max of a sample, by the nearest-rank method (0 for an empty sample).
 *
 * @param p50 median
 * @param p99 99th percentile
 * @param max maximum
 */
public record Percentiles(double p50, double p99, double max) {

  /** All zero: the value for an empty sample. */
  public static final Percentiles ZERO = new Percentiles(0, 0, 0);

  /** Percentiles of {@code values} (the array is sorted in place). */
  public static Percentiles ofSorting(double[] values) {
    if (values.length == 0) {
      return ZERO;
    }
    Arrays.sort(values);
    return new Percentiles(rank(values, 50), rank(values, 99), values[values.length - 1]);
  }

  /** Nearest-rank percentile of sorted values. */
  static double rank(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
