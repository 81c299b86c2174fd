package org.stackarena.benchmarks.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.stackarena.api.harness.ProportionInterval;
import org.stackarena.api.harness.Summary;
import org.stackarena.benchmarks.cli.UserInputException;

/**
 * The success-rate intervals a report can use ({@code --interval} of {@code bench}, {@code sweep}
 * and {@code report}); all two-sided 95%.
 *
 * <p>{@link #CLOPPER_PEARSON} is the default: its coverage is at least 95% for every true rate and
 * sample size. Wilson's is 95% on average but dips well below near {@code p = 1}, where good stacks
 * sit (about 0.91 at n = 50 for p close to 1), so a Wilson lower bound overstates how sure a
 * 50/50 is. The price of Clopper–Pearson is a slightly wider interval.
 */
public enum IntervalMethod implements ProportionInterval {

    /** Wilson score interval (closed form; the harness's {@link Summary#wilson}). */
    WILSON("wilson", "Wilson",
        "Wilson score 95%, two-sided: coverage about 95% on average, less near 0% and 100%") {
        @Override
        public double[] interval(int successes, int n) {
            return Summary.wilson(successes, n, Summary.Z95);
        }
    },

    /** Clopper–Pearson "exact" interval: beta quantiles, coverage never below the nominal level. */
    CLOPPER_PEARSON("clopper-pearson", "Clopper-Pearson",
        "Clopper-Pearson (exact) 95%, two-sided: coverage at least 95% for every success rate") {
        @Override
        public double[] interval(int successes, int n) {
            return clopperPearson(successes, n, 0.05);
        }
    };

    /** The default for reports. */
    public static final IntervalMethod DEFAULT = CLOPPER_PEARSON;

    private final String id;
    private final String label;
    private final String description;

    IntervalMethod(String id, String label, String description) {
        this.id = id;
        this.label = label;
        this.description = description;
    }

    /** One line for a report saying what the intervals are. */
    public String description() {
        return description;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * The method named {@code id} ({@code wilson} or {@code clopper-pearson}, any case).
     *
     * @throws UserInputException naming the valid values otherwise
     */
    public static IntervalMethod parse(String id) {
        for (IntervalMethod m : values()) {
            if (m.id.equalsIgnoreCase(id.strip())) {
                return m;
            }
        }
        throw new UserInputException("--interval " + id + ": unknown interval method; use one of "
            + Arrays.stream(values()).map(IntervalMethod::id).collect(Collectors.joining(", ")));
    }

    /**
     * The Clopper–Pearson interval for {@code successes} of {@code n} at two-sided level
     * {@code 1 - alpha}: {@code lo = B(alpha/2; k, n-k+1)} and {@code hi = B(1-alpha/2; k+1, n-k)},
     * the beta quantiles (Apache Commons Math); {@code lo = 0} when {@code k = 0}, {@code hi = 1} when
     * {@code k = n}, {@code [0, 1]} when {@code n = 0}.
     *
     * @return a new array {@code [lo, hi]}
     */
    public static double[] clopperPearson(int successes, int n, double alpha) {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "bad proportion %d/%d", successes, n));
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha " + alpha + " must be between 0 and 1");
        }
        if (n == 0) {
            return new double[] {0.0, 1.0};
        }
        double lo = successes == 0 ? 0.0
            : new BetaDistribution(null, successes, n - successes + 1).inverseCumulativeProbability(alpha / 2);
        double hi = successes == n ? 1.0
            : new BetaDistribution(null, successes + 1, n - successes).inverseCumulativeProbability(1 - alpha / 2);
        return new double[] {lo, hi};
    }
}
