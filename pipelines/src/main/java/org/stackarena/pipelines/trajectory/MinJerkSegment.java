package org.stackarena.pipelines.trajectory;

/**
 * A minimum-jerk (quintic, zero velocity and acceleration at both ends) move from one
 * Cartesian pose {@code (x, y, z, yaw)} to another, starting at sim time {@code t0} and lasting
 * {@code duration} seconds. Yaw moves along the shorter way round. Immutable; sampling writes to
 * a caller-owned array and allocates nothing.
 *
 * @param start start pose (x, y, z, yaw), 4 values; not copied, must not be modified
 * @param end end pose, 4 values; not copied, must not be modified
 * @param t0 start time, seconds
 * @param duration duration, seconds, positive
 */
public record MinJerkSegment(double[] start, double[] end, double t0, double duration) {

  /** Validates sizes and duration. */
  public MinJerkSegment {
    if (start.length != 4 || end.length != 4) {
      throw new IllegalArgumentException("poses are (x, y, z, yaw)");
    }
    if (!(duration > 0) || !Double.isFinite(duration) || !Double.isFinite(t0)) {
      throw new IllegalArgumentException("duration must be positive and finite, got " + duration);
    }
  }

  /**
   * A segment whose duration follows from peak speeds: minimum-jerk peaks at 1.875 x the mean
   * speed, so {@code T = 1.875 max(|dp| / vMax, |dyaw| / wMax)}, at least {@code minDuration}.
   */
  public static MinJerkSegment between(double[] start, double[] end, double t0, double vMax, double wMax,
      double minDuration) {
    double dx = end[0] - start[0], dy = end[1] - start[1], dz = end[2] - start[2];
    double dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
    double dyaw = Math.abs(wrap(end[3] - start[3]));
    double t = Math.max(minDuration, 1.875 * Math.max(dist / vMax, dyaw / wMax));
    return new MinJerkSegment(start, end, t0, t);
  }

  /** The normalised minimum-jerk profile {@code 10 s^3 - 15 s^4 + 6 s^5}, clamped to [0, 1]. */
  public static double profile(double s) {
    if (s <= 0) {
      return 0;
    }
    if (s >= 1) {
      return 1;
    }
    return s * s * s * (10 + s * (-15 + 6 * s));
  }

  /** Time derivative of {@link #profile} with respect to s. */
  public static double profileRate(double s) {
    if (s <= 0 || s >= 1) {
      return 0;
    }
    return 30 * s * s * (1 - s) * (1 - s);
  }

  /** Second derivative of {@link #profile} with respect to s. */
  public static double profileAccel(double s) {
    if (s <= 0 || s >= 1) {
      return 0;
    }
    return 60 * s * (1 - s) * (1 - 2 * s);
  }

  /** End time. */
  public double t1() {
    return t0 + duration;
  }

  /** Whether the segment has ended at time {@code t}. */
  public boolean done(double t) {
    return t >= t0 + duration;
  }

  /**
   * The pose at time {@code t} (held at the ends outside the segment).
   *
   * @param out written with (x, y, z, yaw)
   */
  public double[] sample(double t, double[] out) {
    double p = profile((t - t0) / duration);
    for (int i = 0; i < 3; i++) {
      out[i] = start[i] + p * (end[i] - start[i]);
    }
    out[3] = wrap(start[3] + p * wrap(end[3] - start[3]));
    return out;
  }

  /**
   * The velocity at time {@code t}.
   *
   * @param out written with (vx, vy, vz, yaw rate)
   */
  public double[] velocity(double t, double[] out) {
    double r = profileRate((t - t0) / duration) / duration;
    for (int i = 0; i < 3; i++) {
      out[i] = r * (end[i] - start[i]);
    }
    out[3] = r * wrap(end[3] - start[3]);
    return out;
  }

  static double wrap(double a) {
    double r = Math.IEEEremainder(a, 2 * Math.PI);
    return r <= -Math.PI ? r + 2 * Math.PI : r;
  }
}
