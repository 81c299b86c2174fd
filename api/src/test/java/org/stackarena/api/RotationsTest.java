package org.stackarena.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RotationsTest {

  private static final double EPS = 1e-12;

  /** Rotation vectors to round-trip: random ones, and angles at and near 0 and pi. */
  private static List<double[]> rotationVectors() {
    List<double[]> out = new ArrayList<>();
    Random r = new Random(7);
    for (int i = 0; i < 200; i++) {
      double[] axis = unit(r.nextGaussian(), r.nextGaussian(), r.nextGaussian());
      double angle = r.nextDouble() * Math.PI;
      out.add(scale(axis, angle));
    }
    double[] oblique = unit(1, -2, 0.5);
    for (double angle : new double[] {0, 1e-12, 1e-9, 1e-7, 1e-6, 2e-6, 1e-4, 0.1,
        Math.PI - 1e-3, Math.PI - 1e-6, Math.PI - 1e-9, Math.PI}) {
      out.add(scale(oblique, angle));
      out.add(scale(new double[] {1, 0, 0}, angle));
      out.add(scale(new double[] {0, 0, -1}, angle));
    }
    return out;
  }

  @Test
  void rotationVectorToQuaternionAndBackIsTheIdentityForAnglesUpToPi() {
    double[] q = new double[4];
    double[] back = new double[3];
    for (double[] rv : rotationVectors()) {
      Rotations.rotationVectorToQuaternion(rv, q);
      assertThat(norm4(q)).isCloseTo(1, within(EPS));
      assertThat(q[0]).isGreaterThanOrEqualTo(0);
      Rotations.quaternionToRotationVector(q, back);
      assertSameRotationVector(back, rv);
    }
  }

  @Test
  void rotationVectorToMatrixAndBackIsTheIdentityForAnglesUpToPi() {
    double[] m = new double[9];
    double[] back = new double[3];
    for (double[] rv : rotationVectors()) {
      Rotations.rotationVectorToMatrix(rv, m);
      assertOrthonormal(m);
      Rotations.matrixToRotationVector(m, back);
      assertSameRotationVector(back, rv);
    }
  }

  @Test
  void quaternionToMatrixAndBackIsTheIdentityUpToSign() {
    double[] q = new double[4];
    double[] m = new double[9];
    double[] back = new double[4];
    for (double[] rv : rotationVectors()) {
      Rotations.rotationVectorToQuaternion(rv, q);
      Rotations.quaternionToMatrix(q, m);
      double[] viaRodrigues = new double[9];
      Rotations.rotationVectorToMatrix(rv, viaRodrigues);
      assertThat(m).containsExactly(viaRodrigues, within(1e-12));
      Rotations.matrixToQuaternion(m, back);
      assertThat(Rotations.angleBetween(q, back)).isLessThan(1e-7);
      assertThat(Math.abs(dot4(q, back))).isCloseTo(1, within(1e-12));
    }
  }

  @Test
  void aHalfTurnHasTheRightAxisWhicheverSign() {
    // an end effector pointing down: a half turn about x
    double[] m = {1, 0, 0, 0, -1, 0, 0, 0, -1};
    double[] rv = new double[3];
    Rotations.matrixToRotationVector(m, rv);
    assertThat(Math.abs(rv[0])).isCloseTo(Math.PI, within(EPS));
    assertThat(rv[1]).isCloseTo(0, within(EPS));
    assertThat(rv[2]).isCloseTo(0, within(EPS));
    double[] q = new double[4];
    Rotations.matrixToQuaternion(m, q);
    assertThat(q[0]).isCloseTo(0, within(EPS));
    assertThat(Math.abs(q[1])).isCloseTo(1, within(EPS));
  }

  @Test
  void rollPitchYawIsYawAfterPitchAfterRollAboutTheFixedAxes() {
    double[] m = new double[9];
    double[] q = new double[4];
    double[] qm = new double[9];
    Random r = new Random(3);
    for (int i = 0; i < 100; i++) {
      double roll = (r.nextDouble() - 0.5) * 2 * Math.PI;
      double pitch = (r.nextDouble() - 0.5) * Math.PI;
      double yaw = (r.nextDouble() - 0.5) * 2 * Math.PI;
      Rotations.rpyToMatrix(roll, pitch, yaw, m);
      double[] expected = mul(rot(2, yaw), mul(rot(1, pitch), rot(0, roll)));
      assertThat(m).containsExactly(expected, within(1e-12));
      Rotations.rpyToQuaternion(roll, pitch, yaw, q);
      Rotations.quaternionToMatrix(q, qm);
      assertThat(qm).containsExactly(expected, within(1e-12));
    }
    // a pure roll is the rotation vector (roll, 0, 0)
    Rotations.rpyToQuaternion(0.3, 0, 0, q);
    double[] rv = new double[3];
    Rotations.quaternionToRotationVector(q, rv);
    assertThat(rv).containsExactly(new double[] {0.3, 0, 0}, within(1e-15));
  }

  @Test
  void quaternionProductIsMatrixProduct() {
    Random r = new Random(11);
    double[] a = new double[4];
    double[] b = new double[4];
    double[] ab = new double[4];
    double[] ma = new double[9];
    double[] mb = new double[9];
    double[] mab = new double[9];
    double[] expected = new double[9];
    for (int i = 0; i < 50; i++) {
      Rotations.rotationVectorToQuaternion(scale(unit(r.nextGaussian(), r.nextGaussian(),
          r.nextGaussian()), r.nextDouble() * Math.PI), a);
      Rotations.rotationVectorToQuaternion(scale(unit(r.nextGaussian(), r.nextGaussian(),
          r.nextGaussian()), r.nextDouble() * Math.PI), b);
      Rotations.multiplyQuaternions(a, b, ab);
      Rotations.quaternionToMatrix(a, ma);
      Rotations.quaternionToMatrix(b, mb);
      Rotations.quaternionToMatrix(ab, mab);
      Rotations.multiplyMatrices(ma, mb, expected);
      assertThat(mab).containsExactly(expected, within(1e-12));
      assertThat(ab[0]).isGreaterThanOrEqualTo(0);
      // out may alias an input
      Rotations.multiplyQuaternions(a, b, a);
      assertThat(a).containsExactly(ab, within(0.0));
    }
  }

  @Test
  void angleBetweenIgnoresTheQuaternionSignAndIsAccurateNearZero() {
    double[] a = new double[4];
    double[] b = new double[4];
    Rotations.rotationVectorToQuaternion(new double[] {0, 0.4, 0}, a);
    Rotations.rotationVectorToQuaternion(new double[] {0, 0.4 + 1e-9, 0}, b);
    assertThat(Rotations.angleBetween(a, b)).isCloseTo(1e-9, within(1e-15));
    double[] minusA = {-a[0], -a[1], -a[2], -a[3]};
    assertThat(Rotations.angleBetween(a, minusA)).isZero();
    Rotations.rotationVectorToQuaternion(new double[] {0, -0.5, 0}, b);
    assertThat(Rotations.angleBetween(a, b)).isCloseTo(0.9, within(1e-12));
  }

  @Test
  void aZeroQuaternionIsRejected() {
    assertThatThrownBy(() -> Rotations.quaternionToMatrix(new double[4], new double[9]))
        .hasMessageContaining("no length");
  }

  private static void assertSameRotationVector(double[] actual, double[] expected) {
    double angle = Math.sqrt(dot3(expected, expected));
    if (Math.PI - angle < 1e-6) {
      // a half turn (or nearly): the axis may come back negated; the rotation is the same
      double sign = Math.signum(dot3(actual, expected));
      assertThat(new double[] {sign * actual[0], sign * actual[1], sign * actual[2]})
          .as("rotation vector %s", java.util.Arrays.toString(expected))
          .containsExactly(expected, within(1e-6));
    } else {
      assertThat(actual).as("rotation vector %s", java.util.Arrays.toString(expected))
          .containsExactly(expected, within(1e-12));
    }
  }

  private static void assertOrthonormal(double[] m) {
    double[] mmt = new double[9];
    double[] mt = {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
    Rotations.multiplyMatrices(m, mt, mmt);
    assertThat(mmt).containsExactly(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, within(1e-12));
  }

  /** Rotation matrix about axis 0 (x), 1 (y) or 2 (z). */
  private static double[] rot(int axis, double a) {
    double c = Math.cos(a);
    double s = Math.sin(a);
    return switch (axis) {
      case 0 -> new double[] {1, 0, 0, 0, c, -s, 0, s, c};
      case 1 -> new double[] {c, 0, s, 0, 1, 0, -s, 0, c};
      default -> new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
    };
  }

  private static double[] mul(double[] a, double[] b) {
    double[] out = new double[9];
    Rotations.multiplyMatrices(a, b, out);
    return out;
  }

  private static double[] unit(double x, double y, double z) {
    double n = Math.sqrt(x * x + y * y + z * z);
    return new double[] {x / n, y / n, z / n};
  }

  private static double[] scale(double[] v, double k) {
    return new double[] {v[0] * k, v[1] * k, v[2] * k};
  }

  private static double dot3(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  private static double dot4(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  }

  private static double norm4(double[] q) {
    return Math.sqrt(dot4(q, q));
  }
}
