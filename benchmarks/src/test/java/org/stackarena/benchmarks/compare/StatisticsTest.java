package org.stackarena.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stackarena.api.harness.Summary;

class StatisticsTest {

    @Test
    void mcNemarExactMatchesTheBinomialByHand() {
        // b=10, c=2: n=12 discordant pairs, X ~ Bin(12, 1/2)
        // P(X >= 10) = (C(12,10) + C(12,11) + C(12,12)) / 2^12 = (66 + 12 + 1) / 4096
        assertThat(Statistics.mcNemarDrop(10, 2)).isCloseTo(79.0 / 4096, within(1e-12));
        assertThat(Statistics.mcNemarTwoSided(10, 2)).isCloseTo(2 * 79.0 / 4096, within(1e-12));
        // the other direction is no evidence of a drop: P(X >= 2) = 1 - (1 + 12) / 4096
        assertThat(Statistics.mcNemarDrop(2, 10)).isCloseTo(1 - 13.0 / 4096, within(1e-12));
        // five losses out of five: 1/32, the smallest p a 5-pair cell can give
        assertThat(Statistics.mcNemarDrop(5, 0)).isCloseTo(1.0 / 32, within(1e-12));
        assertThat(Statistics.mcNemarDrop(0, 0)).isEqualTo(1.0);
        assertThat(Statistics.mcNemarTwoSided(3, 3)).isEqualTo(1.0);
    }

    @Test
    void minLostPairsIsTheFewestAllLostPairsTheDropTestFlags() {
        // 0.5^b < alpha: 0.5^4 = 0.0625, 0.5^5 = 0.03125
        assertThat(Statistics.minLostPairs(0.05)).isEqualTo(5);
        assertThat(Statistics.mcNemarDrop(5, 0)).isLessThan(0.05);
        assertThat(Statistics.mcNemarDrop(4, 0)).isGreaterThanOrEqualTo(0.05);
        assertThat(Statistics.minLostPairs(0.01)).isEqualTo(7);
        assertThat(Statistics.minLostPairs(0.0625)).isEqualTo(5); // p < alpha, not <=
        assertThat(Statistics.minLostPairs(0.1)).isEqualTo(4);
    }

    @Test
    void wilsonIntervalMatchesTextbookValues() {
        double[] ci = Summary.wilson(8, 10, Summary.Z95);
        assertThat(ci[0]).isCloseTo(0.4902, within(1e-4));
        assertThat(ci[1]).isCloseTo(0.9433, within(1e-4));
        double[] zero = Summary.wilson(0, 10, Summary.Z95);
        assertThat(zero[0]).isEqualTo(0.0);
        assertThat(zero[1]).isCloseTo(0.2775, within(1e-4));
        double[] one = Summary.wilson(1, 1, Summary.Z95);
        assertThat(one[0]).isCloseTo(0.2065, within(1e-4));
        assertThat(one[1]).isEqualTo(1.0);
    }

    @Test
    void fisherOneSidedIsTheHypergeometricTail() {
        // 10/10 vs 0/10: only the observed table is as extreme: 1 / C(20,10)
        assertThat(Statistics.fisherDrop(10, 10, 0, 10)).isCloseTo(1.0 / 184756, within(1e-12));
        // 3/3 vs 0/3: 1 / C(6,3) = 0.05
        assertThat(Statistics.fisherDrop(3, 3, 0, 3)).isCloseTo(0.05, within(1e-12));
        assertThat(Statistics.fisherDrop(5, 10, 5, 10)).isGreaterThan(0.5);
        assertThat(Statistics.fisherDrop(0, 10, 0, 10)).isEqualTo(1.0);
    }

    @Test
    void signedRankIsExactForSmallSamples() {
        double[] before = {1, 2, 3, 4, 5};
        // all five differences positive and distinct: W+ = 15, the maximum: p = 1/2^5
        assertThat(Statistics.signedRankIncrease(before, new double[] {2, 4, 6, 8, 10}))
            .isCloseTo(1.0 / 32, within(1e-12));
        // all negative: W+ = 0, p = 1
        assertThat(Statistics.signedRankIncrease(before, new double[] {0, 0, 0, 0, 0})).isEqualTo(1.0);
        // zero differences are dropped: nothing left, p = 1
        assertThat(Statistics.signedRankIncrease(before, before)).isEqualTo(1.0);
        // differences +1,+2,+3,-4: W+ = 6 of 10; P(W+ >= 6) over 16 sign patterns = 7/16
        assertThat(Statistics.signedRankIncrease(new double[] {0, 0, 0, 4}, new double[] {1, 2, 3, 0}))
            .isCloseTo(7.0 / 16, within(1e-12));
    }

    @Test
    void medianOfEvenAndOdd() {
        assertThat(Statistics.median(new double[] {3, 1, 2})).isEqualTo(2.0);
        assertThat(Statistics.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
    }
}
