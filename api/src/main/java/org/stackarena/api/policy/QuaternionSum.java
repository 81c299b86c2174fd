package org.stackarena.api.policy;

import java.util.Arrays;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.Rotations;

/**
 * A weighted sum of unit quaternions, each added on the hemisphere of the running sum, whose direction
 * is their mean rotation: how the chunk-execution strategies average or blend {@code EE_POSE}
 * orientations (a rotation vector near pi flips sign between equal rotations, so its components must
 * not be averaged). Orientations are the values 3..5 of a step, a rotation vector. Owns its work
 * buffers: nothing allocates except {@link #quaternions} when its buffer is too small. Not thread-safe.
 */
final class QuaternionSum {

  private final double[] sum = new double[4];
  private final double[] rv = new double[3];
  private final double[] q = new double[4];

  /** Empties the sum. */
  void clear() {
    Arrays.fill(sum, 0.0);
  }

  /**
   * Adds the orientation between steps {@code a} and {@code b} of a chunk (its quaternions {@code qs}
   * from {@link #quaternions}, fraction {@code f}, normalised linear interpolation) with weight 1.
   */
  void addInterpolated(double[] qs, int a, int b, double f) {
    int ia = 4 * a;
    int ib = 4 * b;
    double ab = qs[ia] * qs[ib] + qs[ia + 1] * qs[ib + 1] + qs[ia + 2] * qs[ib + 2] + qs[ia + 3] * qs[ib + 3];
    double sb = ab < 0 ? -1 : 1;
    for (int i = 0; i < 4; i++) {
      q[i] = qs[ia + i] + f * (sb * qs[ib + i] - qs[ia + i]);
    }
    double norm = Math.sqrt(dot(q, q));
    double sign = dot(q, sum) < 0 ? -1 : 1;
    for (int i = 0; i < 4; i++) {
      sum[i] += sign * q[i] / norm;
    }
  }

  /** Adds the orientation of a step (its values 3..5, a rotation vector) with {@code weight}. */
  void addStep(double[] values, double weight) {
    rv[0] = values[3];
    rv[1] = values[4];
    rv[2] = values[5];
    Rotations.rotationVectorToQuaternion(rv, q);
    double sign = dot(q, sum) < 0 ? -1 : 1;
    for (int i = 0; i < 4; i++) {
      sum[i] += sign * weight * q[i];
    }
  }

  /** Writes the mean rotation as a rotation vector into {@code out[3..5]}. */
  void writeTo(double[] out) {
    Rotations.quaternionToRotationVector(sum, rv);
    out[3] = rv[0];
    out[4] = rv[1];
    out[5] = rv[2];
  }

  /** The step orientations of {@code c} as unit quaternions, 4 per step, into {@code buf} if it fits. */
  double[] quaternions(ActionChunk c, double[] buf) {
    int m = c.steps().size();
    double[] out = buf != null && buf.length >= 4 * m ? buf : new double[4 * m];
    for (int k = 0; k < m; k++) {
      double[] v = c.steps().get(k).values();
      rv[0] = v[3];
      rv[1] = v[4];
      rv[2] = v[5];
      Rotations.rotationVectorToQuaternion(rv, q);
      System.arraycopy(q, 0, out, 4 * k, 4);
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  }
}
