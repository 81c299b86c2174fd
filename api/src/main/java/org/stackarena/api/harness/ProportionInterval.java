package org.stackarena.api.harness;

/**
 * A method for the two-sided 95% confidence interval of a success rate ({@code successes} of
 * {@code n} episodes). {@link Summary} writes the method's {@link #id()} into {@code summary.json}
 * next to the intervals it computed, so a reader knows which one a report uses.
 *
 * <p>The api ships {@link #WILSON} (closed form, no dependencies); the CLI adds Clopper–Pearson
 * (exact, from beta quantiles) in {@code benchmarks}.
 */
public interface ProportionInterval {

  /** The Wilson score interval ({@link Summary#wilson}). */
  ProportionInterval WILSON = new ProportionInterval() {
    @Override
    public String id() {
      return "wilson";
    }

    @Override
    public String label() {
      return "Wilson";
    }

    @Override
    public double[] interval(int successes, int n) {
      return Summary.wilson(successes, n, Summary.Z95);
    }

    @Override
    public String toString() {
      return id();
    }
  };

  /** The method's name in files and on the command line, e.g. {@code wilson}. */
  String id();

  /** The method's name in report text, e.g. {@code Wilson}. */
  String label();

  /**
   * The two-sided 95% interval {@code [lo, hi]} for {@code successes} of {@code n};
   * {@code [0, 1]} when {@code n == 0}. Returns a new array.
   */
  double[] interval(int successes, int n);
}
