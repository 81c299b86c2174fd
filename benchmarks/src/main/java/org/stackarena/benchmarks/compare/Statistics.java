package org.stackarena.benchmarks.compare;

import java.util.Arrays;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The hypothesis tests {@code compare} uses. All p-values are one-sided "for a regression" unless
 * the method says two-sided. Pure functions; arguments are not modified.
 */
public final class Statistics {

    /** Up to this many non-zero differences the signed-rank p-value is exact; above, normal. */
    static final int EXACT_SIGNED_RANK_MAX = 60;

    private Statistics() {}

    /**
     * Exact McNemar test, one-sided for a drop in success: under the null each discordant pair is
     * equally likely to go either way, so {@code b ~ Binomial(b + c, 1/2)}.
     *
     * @param b pairs that succeeded in the base run and failed in the new one
     * @param c pairs that failed in the base run and succeeded in the new one
     * @return {@code P(X >= b)}, {@code X ~ Bin(b + c, 0.5)}; 1 when there are no discordant pairs
     */
    public static double mcNemarDrop(int b, int c) {
        checkCounts(b, c);
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        BinomialDistribution bin = new BinomialDistribution(null, n, 0.5);
        return Math.min(1.0, 1.0 - bin.cumulativeProbability(b - 1));
    }

    /**
     * The fewest discordant pairs, all lost and none gained, that {@link #mcNemarDrop} flags at
     * {@code alpha} ({@code p < alpha}): the smallest {@code b} with {@code 0.5^b < alpha}, 5 at
     * {@code alpha = 0.05}. With gains as well more losses are needed, so {@code b / pairs} is the
     * smallest drop in success rate the paired test can detect in a cell of {@code pairs} seeds.
     *
     * @param alpha significance level, in (0, 1)
     */
    public static int minLostPairs(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha " + alpha + " must be between 0 and 1");
        }
        int b = 1;
        while (mcNemarDrop(b, 0) >= alpha) {
            b++;
        }
        return b;
    }

    /**
     * Exact McNemar test, two-sided: twice the smaller tail, capped at 1.
     *
     * @param b discordant pairs one way
     * @param c discordant pairs the other way
     */
    public static double mcNemarTwoSided(int b, int c) {
        checkCounts(b, c);
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        BinomialDistribution bin = new BinomialDistribution(null, n, 0.5);
        return Math.min(1.0, 2.0 * bin.cumulativeProbability(Math.min(b, c)));
    }

    /**
     * Fisher's exact test on two independent samples, one-sided for a lower success rate in the
     * new sample: with the margins fixed, the new run's success count is hypergeometric.
     *
     * @param baseSuccesses successes in the base sample
     * @param baseN base sample size
     * @param newSuccesses successes in the new sample
     * @param newN new sample size
     * @return {@code P(X <= newSuccesses)}
     */
    public static double fisherDrop(int baseSuccesses, int baseN, int newSuccesses, int newN) {
        if (baseSuccesses < 0 || newSuccesses < 0 || baseSuccesses > baseN || newSuccesses > newN) {
            throw new IllegalArgumentException("bad 2x2 table: " + baseSuccesses + "/" + baseN + " vs "
                + newSuccesses + "/" + newN);
        }
        int total = baseN + newN;
        int successes = baseSuccesses + newSuccesses;
        if (newN == 0 || baseN == 0 || successes == 0 || successes == total) {
            return 1.0;
        }
        HypergeometricDistribution h = new HypergeometricDistribution(null, total, successes, newN);
        return Math.min(1.0, h.cumulativeProbability(newSuccesses));
    }

    /**
     * Wilcoxon signed-rank test on paired samples, one-sided for {@code after > before}. Zero
     * differences are dropped (Wilcoxon's convention), ties get average ranks (commons-math
     * {@link NaturalRanking}). Exact (by enumerating the null distribution of the rank sum) up to
     * {@value #EXACT_SIGNED_RANK_MAX} non-zero differences, normal approximation with tie
     * correction and continuity correction above.
     *
     * @param before base values
     * @param after new values, same length and order
     * @return {@code P(W+ >= observed)} under the null; 1 if every difference is zero
     */
    public static double signedRankIncrease(double[] before, double[] after) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + before.length + " vs "
                + after.length);
        }
        double[] d = new double[before.length];
        int n = 0;
        for (int i = 0; i < before.length; i++) {
            double diff = after[i] - before[i];
            if (diff != 0.0 && !Double.isNaN(diff)) {
                d[n++] = diff;
            }
        }
        if (n == 0) {
            return 1.0;
        }
        d = Arrays.copyOf(d, n);
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) {
            abs[i] = Math.abs(d[i]);
        }
        double[] ranks = new NaturalRanking(NaNStrategy.FIXED, TiesStrategy.AVERAGE).rank(abs);
        double wPlus = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] > 0) {
                wPlus += ranks[i];
            }
        }
        if (n <= EXACT_SIGNED_RANK_MAX) {
            // average ranks are multiples of 1/2: count sign assignments on doubled ranks
            int[] r2 = new int[n];
            int total = 0;
            for (int i = 0; i < n; i++) {
                r2[i] = (int) Math.round(2 * ranks[i]);
                total += r2[i];
            }
            double[] ways = new double[total + 1];
            ways[0] = 1;
            int reach = 0;
            for (int r : r2) {
                for (int s = reach; s >= 0; s--) {
                    if (ways[s] != 0) {
                        ways[s + r] += ways[s];
                    }
                }
                reach += r;
            }
            int observed = (int) Math.round(2 * wPlus);
            double tail = 0;
            for (int s = observed; s <= total; s++) {
                tail += ways[s];
            }
            return Math.min(1.0, tail / Math.pow(2, n));
        }
        double mean = n * (n + 1) / 4.0;
        double var = n * (n + 1) * (2.0 * n + 1) / 24.0 - tieCorrection(ranks) / 48.0;
        double z = (wPlus - mean - 0.5) / Math.sqrt(var);
        return 1.0 - new NormalDistribution(null, 0, 1).cumulativeProbability(z);
    }

    private static double tieCorrection(double[] ranks) {
        double[] sorted = ranks.clone();
        Arrays.sort(sorted);
        double sum = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            double t = j - i;
            sum += t * t * t - t;
            i = j;
        }
        return sum;
    }

    /** The median of {@code values} (a copy is sorted); NaN if empty. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static void checkCounts(int b, int c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts must be >= 0: b=" + b + ", c=" + c);
        }
    }
}
