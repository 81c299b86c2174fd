package org.stackarena.api;

/**
 * Conversions between the orientation forms the API uses: unit quaternions (w, x, y, z), as
 * {@link Proprioception#eeQuaternion()} reports them; rotation vectors (axis times angle, rad),
 * as {@link ActionSpace.Type#EE_POSE} commands them; row-major 3x3 rotation matrices; and the
 * roll/pitch/yaw increments of {@link ActionSpace.Type#EE_DELTA}.
 *
 * <p>Every method writes its result into a caller-provided array ({@code out}) and allocates
 * nothing, so it can run in a 1 kHz loop; only {@code out} is modified. Inputs may alias
 * {@code out} unless a method says otherwise. Quaternions are returned with {@code w >= 0} and
 * rotation vectors with angle in [0, pi], so each orientation has one form (a half turn has two:
 * either axis direction).
 */
public final class Rotations {

  private Rotations() {
  }

  /**
   * Writes the rotation matrix R = Rz(yaw) Ry(pitch) Rx(roll) (roll about x first, then pitch
   * about y, then yaw about z, all about fixed base axes) into {@code out} (9 values, row-major).
   */
  public static void rpyToMatrix(double roll, double pitch, double yaw, double[] out) {
    double cr = Math.cos(roll), sr = Math.sin(roll), cp = Math.cos(pitch), sp = Math.sin(pitch);
    double cy = Math.cos(yaw), sy = Math.sin(yaw);
    out[0] = cy * cp;
    out[1] = cy * sp * sr - sy * cr;
    out[2] = cy * sp * cr + sy * sr;
    out[3] = sy * cp;
    out[4] = sy * sp * sr + cy * cr;
    out[5] = sy * sp * cr - cy * sr;
    out[6] = -sp;
    out[7] = cp * sr;
    out[8] = cp * cr;
  }

  /**
   * Writes the unit quaternion (w, x, y, z) of {@link #rpyToMatrix} R = Rz(yaw) Ry(pitch) Rx(roll)
   * into {@code out} (4 values, w >= 0).
   */
  public static void rpyToQuaternion(double roll, double pitch, double yaw, double[] out) {
    double cr = Math.cos(roll / 2), sr = Math.sin(roll / 2);
    double cp = Math.cos(pitch / 2), sp = Math.sin(pitch / 2);
    double cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2);
    double w = cy * cp * cr + sy * sp * sr;
    double x = cy * cp * sr - sy * sp * cr;
    double y = cy * sp * cr + sy * cp * sr;
    double z = sy * cp * cr - cy * sp * sr;
    canonical(w, x, y, z, out);
  }

  /**
   * Writes the product {@code a * b} of two quaternions (w, x, y, z) into {@code out}, normalised
   * and with w >= 0: the rotation b followed by the rotation a (as matrices, A B).
   */
  public static void multiplyQuaternions(double[] a, double[] b, double[] out) {
    double w = a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3];
    double x = a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2];
    double y = a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1];
    double z = a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0];
    canonical(w, x, y, z, out);
  }

  /**
   * Writes the product {@code a b} of two row-major 3x3 matrices into {@code out}.
   * {@code out} must not alias {@code a} or {@code b}.
   */
  public static void multiplyMatrices(double[] a, double[] b, double[] out) {
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        out[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
      }
    }
  }

  /** Writes the rotation matrix (row-major) of quaternion {@code q} (w, x, y, z; normalised first). */
  public static void quaternionToMatrix(double[] q, double[] out) {
    double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    if (!(n > 0)) {
      throw new IllegalArgumentException("quaternion has no length: w,x,y,z = " + q[0] + ", " + q[1]
          + ", " + q[2] + ", " + q[3]);
    }
    double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
    out[0] = 1 - 2 * (y * y + z * z);
    out[1] = 2 * (x * y - w * z);
    out[2] = 2 * (x * z + w * y);
    out[3] = 2 * (x * y + w * z);
    out[4] = 1 - 2 * (x * x + z * z);
    out[5] = 2 * (y * z - w * x);
    out[6] = 2 * (x * z - w * y);
    out[7] = 2 * (y * z + w * x);
    out[8] = 1 - 2 * (x * x + y * y);
  }

  /**
   * Writes the unit quaternion (w, x, y, z; w >= 0) of rotation matrix {@code m} (row-major) into
   * {@code out}; stable for every angle (Shepperd's method: the largest diagonal term picks the
   * branch).
   */
  public static void matrixToQuaternion(double[] m, double[] out) {
    double tr = m[0] + m[4] + m[8];
    double w, x, y, z;
    if (tr > 0) {
      double s = Math.sqrt(tr + 1) * 2;
      w = 0.25 * s;
      x = (m[7] - m[5]) / s;
      y = (m[2] - m[6]) / s;
      z = (m[3] - m[1]) / s;
    } else if (m[0] > m[4] && m[0] > m[8]) {
      double s = Math.sqrt(1 + m[0] - m[4] - m[8]) * 2;
      w = (m[7] - m[5]) / s;
      x = 0.25 * s;
      y = (m[1] + m[3]) / s;
      z = (m[2] + m[6]) / s;
    } else if (m[4] > m[8]) {
      double s = Math.sqrt(1 + m[4] - m[0] - m[8]) * 2;
      w = (m[2] - m[6]) / s;
      x = (m[1] + m[3]) / s;
      y = 0.25 * s;
      z = (m[5] + m[7]) / s;
    } else {
      double s = Math.sqrt(1 + m[8] - m[0] - m[4]) * 2;
      w = (m[3] - m[1]) / s;
      x = (m[2] + m[6]) / s;
      y = (m[5] + m[7]) / s;
      z = 0.25 * s;
    }
    canonical(w, x, y, z, out);
  }

  /**
   * Writes the rotation vector (axis times angle, angle in [0, pi]) of quaternion {@code q}
   * (w, x, y, z; need not be normalised) into {@code out} (3 values). Accurate near 0 and near pi.
   */
  public static void quaternionToRotationVector(double[] q, double[] out) {
    double w = q[0], x = q[1], y = q[2], z = q[3];
    if (w < 0) {
      w = -w;
      x = -x;
      y = -y;
      z = -z;
    }
    double s = Math.sqrt(x * x + y * y + z * z);
    if (!(s > 0)) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      return;
    }
    double angle = 2 * Math.atan2(s, w); // in [0, pi] because w >= 0
    double k = angle / s;
    out[0] = x * k;
    out[1] = y * k;
    out[2] = z * k;
  }

  /** Writes the unit quaternion (w, x, y, z; w >= 0) of rotation vector {@code rv} into {@code out}. */
  public static void rotationVectorToQuaternion(double[] rv, double[] out) {
    double angle = Math.sqrt(rv[0] * rv[0] + rv[1] * rv[1] + rv[2] * rv[2]);
    // sin(angle/2)/angle, with its series near 0 so tiny vectors stay exact
    double k = angle < 1e-6 ? 0.5 - angle * angle / 48 : Math.sin(angle / 2) / angle;
    canonical(Math.cos(angle / 2), rv[0] * k, rv[1] * k, rv[2] * k, out);
  }

  /** Writes the rotation matrix (row-major) of rotation vector {@code rv} into {@code out} (Rodrigues). */
  public static void rotationVectorToMatrix(double[] rv, double[] out) {
    double x = rv[0], y = rv[1], z = rv[2];
    double t2 = x * x + y * y + z * z;
    double angle = Math.sqrt(t2);
    double a; // sin(t)/t
    double b; // (1 - cos(t))/t^2
    if (angle < 1e-6) {
      a = 1 - t2 / 6;
      b = 0.5 - t2 / 24;
    } else {
      double h = Math.sin(angle / 2);
      a = Math.sin(angle) / angle;
      b = 2 * h * h / t2; // (1 - cos t) without its cancellation at small t
    }
    out[0] = 1 - b * (y * y + z * z);
    out[1] = b * x * y - a * z;
    out[2] = b * x * z + a * y;
    out[3] = b * x * y + a * z;
    out[4] = 1 - b * (x * x + z * z);
    out[5] = b * y * z - a * x;
    out[6] = b * x * z - a * y;
    out[7] = b * y * z + a * x;
    out[8] = 1 - b * (x * x + y * y);
  }

  /**
   * Writes the rotation vector (angle in [0, pi]) of rotation matrix {@code m} (row-major) into
   * {@code out} (3 values), through the quaternion so it stays accurate near pi.
   */
  public static void matrixToRotationVector(double[] m, double[] out) {
    double[] q = new double[4];   // scalar-replaced by the JIT where it matters
    matrixToQuaternion(m, q);
    quaternionToRotationVector(q, out);
  }

  /**
   * The angle (rad, in [0, pi]) of the rotation that takes orientation {@code a} to orientation
   * {@code b}, both unit quaternions (w, x, y, z): 0 for the same orientation whatever the signs.
   */
  public static double angleBetween(double[] a, double[] b) {
    // the relative rotation conj(a) * b; atan2 of its vector and scalar parts (scale-free, and
    // accurate near 0 where acos of the dot product loses precision)
    double w = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
    double x = a[0] * b[1] - a[1] * b[0] - a[2] * b[3] + a[3] * b[2];
    double y = a[0] * b[2] + a[1] * b[3] - a[2] * b[0] - a[3] * b[1];
    double z = a[0] * b[3] - a[1] * b[2] + a[2] * b[1] - a[3] * b[0];
    return 2 * Math.atan2(Math.sqrt(x * x + y * y + z * z), Math.abs(w));
  }

  private static void canonical(double w, double x, double y, double z, double[] out) {
    double n = Math.sqrt(w * w + x * x + y * y + z * z);
    double k = w < 0 ? -1 / n : 1 / n;
    out[0] = w * k;
    out[1] = x * k;
    out[2] = y * k;
    out[3] = z * k;
  }
}
