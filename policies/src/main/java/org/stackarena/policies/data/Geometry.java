package org.stackarena.policies.data;

/** Rotation helpers matching the world's EE-delta convention (R = Rz(yaw) Ry(pitch) Rx(roll), world frame). */
public final class Geometry {

    private Geometry() {}

    /** 3x3 row-major rotation of a unit quaternion (w, x, y, z). */
    public static double[] rotation(double[] q) {
        double w = q[0], x = q[1], y = q[2], z = q[3];
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        if (n > 0) {
            w /= n;
            x /= n;
            y /= n;
            z /= n;
        }
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
    }

    /**
     * Roll, pitch, yaw of the world-frame rotation taking {@code from} to {@code to}:
     * {@code Rz(yaw) Ry(pitch) Rx(roll) * from = to}.
     */
    public static double[] deltaRpy(double[] from, double[] to) {
        // d = to * from^T
        double[] d = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                d[3 * i + j] = to[3 * i] * from[3 * j] + to[3 * i + 1] * from[3 * j + 1] + to[3 * i + 2] * from[3 * j + 2];
            }
        }
        double pitch = -Math.asin(Math.max(-1, Math.min(1, d[6])));
        double roll = Math.atan2(d[7], d[8]);
        double yaw = Math.atan2(d[3], d[0]);
        return new double[] {roll, pitch, yaw};
    }

    /** The state vector of {@link DemoEpisode#STATE_NAMES}. */
    public static float[] state(double[] eePos, double[] quat, double gripperWidth) {
        double s = quat[0] < 0 ? -1 : 1;
        return new float[] {(float) eePos[0], (float) eePos[1], (float) eePos[2],
            (float) (s * quat[0]), (float) (s * quat[1]), (float) (s * quat[2]), (float) (s * quat[3]),
            (float) gripperWidth};
    }

    /** Names of the model's state features ({@link #features}). */
    public static final java.util.List<String> FEATURE_NAMES = java.util.List.of("ee_x", "ee_y", "ee_z",
        "r00", "r10", "r20", "r01", "r11", "r21", "gripper_width");

    /**
     * Model features of a stored state ({@link DemoEpisode#STATE_NAMES}): position, the first two
     * columns of the rotation matrix (continuous, unlike a quaternion's sign) and gripper width.
     */
    public static float[] features(float[] state, int offset) {
        double[] r = rotation(new double[] {state[offset + 3], state[offset + 4], state[offset + 5], state[offset + 6]});
        return new float[] {state[offset], state[offset + 1], state[offset + 2], (float) r[0], (float) r[3], (float) r[6],
            (float) r[1], (float) r[4], (float) r[7], state[offset + 7]};
    }

    /**
     * Row-major rotation whose first two columns are (a0,a1,a2) and (b0,b1,b2) after Gram-Schmidt
     * orthonormalisation; the identity if they are degenerate.
     */
    public static double[] fromColumns(double a0, double a1, double a2, double b0, double b1, double b2) {
        return fromColumns(a0, a1, a2, b0, b1, b2, new double[9]);
    }

    /**
     * {@link #fromColumns(double, double, double, double, double, double)} written into {@code out}
     * (9 values, modified), for loops that must not allocate.
     *
     * @return {@code out}
     */
    public static double[] fromColumns(double a0, double a1, double a2, double b0, double b1, double b2,
                                       double[] out) {
        double na = Math.sqrt(a0 * a0 + a1 * a1 + a2 * a2);
        double d = 0;
        double nb = 0;
        if (na > 1e-9) {
            a0 /= na;
            a1 /= na;
            a2 /= na;
            d = a0 * b0 + a1 * b1 + a2 * b2;
            b0 -= d * a0;
            b1 -= d * a1;
            b2 -= d * a2;
            nb = Math.sqrt(b0 * b0 + b1 * b1 + b2 * b2);
        }
        if (!(na > 1e-9) || !(nb > 1e-9)) {
            java.util.Arrays.fill(out, 0, 9, 0.0);
            out[0] = out[4] = out[8] = 1;
            return out;
        }
        b0 /= nb;
        b1 /= nb;
        b2 /= nb;
        out[0] = a0;
        out[1] = b0;
        out[2] = a1 * b2 - a2 * b1;
        out[3] = a1;
        out[4] = b1;
        out[5] = a2 * b0 - a0 * b2;
        out[6] = a2;
        out[7] = b2;
        out[8] = a0 * b1 - a1 * b0;
        return out;
    }
}
