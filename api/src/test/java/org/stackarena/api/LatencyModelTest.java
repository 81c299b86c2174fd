package org.stackarena.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyModelTest {

  @Test
  void parsesEveryForm() {
    assertThat(LatencyModel.parse("none")).isEqualTo(LatencyModel.none());
    assertThat(LatencyModel.parse("fixed:30ms")).isEqualTo(LatencyModel.fixed(30));
    assertThat(LatencyModel.parse("fixed:0.5s")).isEqualTo(LatencyModel.fixed(500));
    assertThat(LatencyModel.parse("fixed:250us")).isEqualTo(LatencyModel.fixed(0.25));
    assertThat(LatencyModel.parse("measured")).isEqualTo(LatencyModel.measured());
    assertThat(LatencyModel.parse("measured:x3")).isEqualTo(LatencyModel.measured(3));
    assertThat(LatencyModel.parse(" Normal:50ms,10ms ")).isEqualTo(LatencyModel.normal(50, 10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "fixed:30ms", "fixed:2.5ms", "measured", "measured:x3",
      "measured:x0.5", "normal:50ms,10ms"})
  void formatsBackToItsOwnSyntax(String text) {
    assertThat(LatencyModel.parse(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "fixed", "fixed:", "fixed:30", "fixed:-3ms", "fixed:abcms",
      "measured:3", "measured:x0", "normal:50ms", "gamma:3ms", "none:1ms"})
  void rejectsBadInputWithAMessageThatListsTheForms(String text) {
    assertThatThrownBy(() -> LatencyModel.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad latency model '" + text + "'")
        .hasMessageContaining("valid forms: none, fixed:30ms");
  }

  @Test
  void samplesAreInWholeMicroseconds() {
    Random r = new Random(1);
    assertThat(LatencyModel.none().sampleMicros(5_000_000, r)).isZero();
    assertThat(LatencyModel.fixed(30).sampleMicros(5_000_000, r)).isEqualTo(30_000);
    assertThat(LatencyModel.measured().sampleMicros(2_000_000, r)).isEqualTo(2_000);
    assertThat(LatencyModel.measured(3).sampleMicros(2_000_000, r)).isEqualTo(6_000);
    assertThat(LatencyModel.measured().deterministic()).isFalse();
    assertThat(LatencyModel.normal(1, 1).deterministic()).isTrue();
  }

  @Test
  void normalIsReproducibleFromTheSeedAndClampedAtZero() {
    LatencyModel m = LatencyModel.normal(1, 10);
    Random a = new Random(7);
    Random b = new Random(7);
    int zeros = 0;
    for (int i = 0; i < 1000; i++) {
      long x = m.sampleMicros(0, a);
      assertThat(x).isEqualTo(m.sampleMicros(0, b)).isGreaterThanOrEqualTo(0);
      if (x == 0) {
        zeros++;
      }
    }
    assertThat(zeros).isGreaterThan(300); // about 46% of N(1, 10) is below 0
  }
}
