package org.stackarena.pipelines.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MinJerkSegmentTest {

  @Test
  void profileHasZeroVelocityAndAccelerationAtBothEnds() {
    assertThat(MinJerkSegment.profile(0)).isZero();
    assertThat(MinJerkSegment.profile(1)).isEqualTo(1.0);
    assertThat(MinJerkSegment.profile(0.5)).isCloseTo(0.5, within(1e-12));
    double h = 1e-6;
    for (double s : new double[] {0, 1}) {
      double v = (MinJerkSegment.profile(s + h) - MinJerkSegment.profile(s - h)) / (2 * h);
      assertThat(v).isCloseTo(0, within(1e-5));
      assertThat(MinJerkSegment.profileRate(s)).isZero();
      assertThat(MinJerkSegment.profileAccel(s)).isZero();
    }
    // derivatives agree with finite differences inside
    double s = 0.3;
    assertThat(MinJerkSegment.profileRate(s)).isCloseTo(
        (MinJerkSegment.profile(s + h) - MinJerkSegment.profile(s - h)) / (2 * h), within(1e-5));
    assertThat(MinJerkSegment.profileAccel(s)).isCloseTo(
        (MinJerkSegment.profileRate(s + h) - MinJerkSegment.profileRate(s - h)) / (2 * h), within(1e-4));
  }

  @Test
  void segmentHitsItsEndpointsAndPeaksAtTheDeclaredSpeed() {
    double[] a = {0.4, 0, 0.3, 3.0};
    double[] b = {0.6, 0.1, 0.1, -3.0};
    MinJerkSegment seg = MinJerkSegment.between(a, b, 2.0, 0.3, 2.0, 0.2);
    double[] out = new double[4];
    seg.sample(2.0, out);
    assertThat(out).containsExactly(new double[] {0.4, 0, 0.3, 3.0}, within(1e-12));
    seg.sample(seg.t1() + 1, out);
    assertThat(out[0]).isCloseTo(0.6, within(1e-12));
    assertThat(out[2]).isCloseTo(0.1, within(1e-12));
    // yaw goes the short way round through pi
    seg.sample(seg.t0() + seg.duration() / 2, out);
    assertThat(Math.abs(out[3])).isGreaterThan(3.0);
    double[] v = new double[4];
    seg.velocity(seg.t0() + seg.duration() / 2, v);
    assertThat(Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])).isCloseTo(0.3, within(1e-9));
    seg.velocity(seg.t0(), v);
    assertThat(v).containsExactly(new double[] {0, 0, 0, 0}, within(1e-12));
    assertThat(seg.done(seg.t1())).isTrue();
    assertThat(seg.done(seg.t1() - 1e-3)).isFalse();
  }
}
