package org.stackarena.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stackarena.benchmarks.cli.UserInputException;

class IntervalMethodTest {

    @Test
    void clopperPearsonMatchesPublishedValues() {
        // k = n: lo = (alpha/2)^(1/n); k = 0: hi = 1 - (alpha/2)^(1/n)
        assertThat(IntervalMethod.CLOPPER_PEARSON.interval(50, 50)[0]).isCloseTo(0.9289, within(1e-4));
        assertThat(IntervalMethod.CLOPPER_PEARSON.interval(50, 50)[1]).isEqualTo(1.0);
        assertThat(IntervalMethod.CLOPPER_PEARSON.interval(50, 50)[0])
            .isCloseTo(Math.pow(0.025, 1.0 / 50), within(1e-8));
        assertThat(IntervalMethod.CLOPPER_PEARSON.interval(0, 10)).containsExactly(new double[] {0.0, 0.3085}, within(1e-4));
        assertThat(IntervalMethod.CLOPPER_PEARSON.interval(5, 10)).containsExactly(new double[] {0.1871, 0.8129}, within(1e-4));
        assertThat(IntervalMethod.CLOPPER_PEARSON.interval(8, 10)).containsExactly(new double[] {0.4439, 0.9748}, within(1e-4));
        assertThat(IntervalMethod.CLOPPER_PEARSON.interval(0, 0)).containsExactly(0.0, 1.0);
    }

    @Test
    void clopperPearsonIsWiderThanWilsonNearOne() {
        double[] cp = IntervalMethod.CLOPPER_PEARSON.interval(49, 50);
        double[] w = IntervalMethod.WILSON.interval(49, 50);
        assertThat(cp[0]).isLessThan(w[0]);
        assertThat(w[0]).isCloseTo(0.8950, within(1e-4));
        assertThat(cp[0]).isCloseTo(0.8935, within(1e-4));
    }

    @Test
    void clopperPearsonRejectsImpossibleCounts() {
        assertThatThrownBy(() -> IntervalMethod.clopperPearson(11, 10, 0.05))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11/10");
    }

    @Test
    void parsesIdsAndNamesTheValidOnesOnAMistake() {
        assertThat(IntervalMethod.parse("clopper-pearson")).isEqualTo(IntervalMethod.CLOPPER_PEARSON);
        assertThat(IntervalMethod.parse("Wilson")).isEqualTo(IntervalMethod.WILSON);
        assertThatThrownBy(() -> IntervalMethod.parse("wald")).isInstanceOf(UserInputException.class)
            .hasMessage("--interval wald: unknown interval method; use one of wilson, clopper-pearson");
        assertThat(IntervalMethod.DEFAULT.id()).isEqualTo("clopper-pearson");
    }
}
