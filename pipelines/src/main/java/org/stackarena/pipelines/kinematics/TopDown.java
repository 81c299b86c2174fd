package org.stackarena.pipelines.kinematics;

/**
 * Gripper orientations for grasping from above. At yaw 0 the {@code ee} site's x axis is world
 * -x, y (finger opening) world +y and z (out of the gripper) world -z, as at the arms' home
 * pose; yaw {@code psi} rotates that about world z, so the fingers open along
 * {@code (-sin psi, cos psi, 0)}.
 */
public final class TopDown {

  private TopDown() {
  }

  /** Writes the row-major rotation of a top-down gripper with yaw {@code psi} into {@code out}. */
  public static double[] rotation(double psi, double[] out) {
    double c = Math.cos(psi), s = Math.sin(psi);
    out[0] = -c;
    out[1] = -s;
    out[2] = 0;
    out[3] = -s;
    out[4] = c;
    out[5] = 0;
    out[6] = 0;
    out[7] = 0;
    out[8] = -1;
    return out;
  }

  /** Yaw of a gripper rotation (row-major) from its finger axis (y column). */
  public static double yaw(double[] rot) {
    return Math.atan2(-rot[1], rot[4]);
  }

  /** Yaw of a gripper quaternion (w, x, y, z) from its finger axis. */
  public static double yawOfQuaternion(double[] q) {
    double w = q[0], x = q[1], y = q[2], z = q[3];
    double r01 = 2 * (x * y - w * z);
    double r11 = 1 - 2 * (x * x + z * z);
    return Math.atan2(-r01, r11);
  }

  /** {@code a} wrapped to (-pi, pi]. */
  public static double wrap(double a) {
    double r = Math.IEEEremainder(a, 2 * Math.PI);
    return r <= -Math.PI ? r + 2 * Math.PI : r;
  }
}
