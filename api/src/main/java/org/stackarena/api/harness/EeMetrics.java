package org.stackarena.api.harness;

/**
 * End-effector path length and RMS jerk from positions sampled every physics step.
 *
 * <p>Jerk is the third backward difference {@code (p[n] - 3p[n-1] + 3p[n-2] - p[n-3]) / dt^3};
 * its RMS magnitude is taken over all steps where it is defined (0 if none). Allocation-free
 * after construction.
 */
final class EeMetrics {
  private final double dt3;
  private final double[][] last = new double[4][3];
  private int count;
  private double path;
  private double jerkSq;
  private long jerkN;

  EeMetrics(double dt) {
    this.dt3 = dt * dt * dt;
  }

  void add(double[] p) {
    double[] slot = last[count % 4];
    if (count > 0) {
      double[] prev = last[(count - 1) % 4];
      double dx = p[0] - prev[0];
      double dy = p[1] - prev[1];
      double dz = p[2] - prev[2];
      path += Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
    if (count >= 3) {
      double[] p1 = last[(count - 1) % 4];
      double[] p2 = last[(count - 2) % 4];
      double[] p3 = last[(count - 3) % 4];
      double s = 0;
      for (int i = 0; i < 3; i++) {
        double j = (p[i] - 3 * p1[i] + 3 * p2[i] - p3[i]) / dt3;
        s += j * j;
      }
      jerkSq += s;
      jerkN++;
    }
    slot[0] = p[0];
    slot[1] = p[1];
    slot[2] = p[2];
    count++;
  }

  double pathLength() {
    return path;
  }

  double rmsJerk() {
    return jerkN == 0 ? 0.0 : Math.sqrt(jerkSq / jerkN);
  }
}
