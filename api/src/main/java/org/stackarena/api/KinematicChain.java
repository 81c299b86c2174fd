package org.stackarena.api;

import java.util.Arrays;

/**
 * The kinematics of a serial arm as a stack may know them from a robot's datasheet: the arm
 * joints' screw axes in the world frame and the end-effector pose, both at the zero
 * configuration (every joint at 0), plus the arm's ready pose. Forward kinematics is the product
 * of exponentials {@code T(q) = exp(S_1 q_1) ... exp(S_n q_n) M}, which holds for any serial chain
 * of hinges and slides whatever its layout (offsets, non-spherical wrists, a mounted base).
 * Pure data; the harness derives it from the compiled robot model.
 *
 * @param axes unit joint axes in the world at q = 0, 3 values per joint, base to flange
 * @param points a point on each hinge axis in the world at q = 0, 3 values per joint (ignored for slides)
 * @param prismatic per joint: true for a slide (translation along its axis), false for a hinge
 * @param eePos end-effector position at q = 0, world frame (3 values)
 * @param eeRot end-effector rotation at q = 0, row-major 3x3 whose columns are the site axes (9 values)
 * @param home the arm's ready pose, one value per joint
 */
public record KinematicChain(double[] axes, double[] points, boolean[] prismatic, double[] eePos, double[] eeRot,
    double[] home) {

  /** Validates sizes, unit axes and finite values; copies the arrays. */
  public KinematicChain {
    int n = prismatic.length;
    if (n == 0 || axes.length != 3 * n || points.length != 3 * n || eePos.length != 3 || eeRot.length != 9
        || home.length != n) {
      throw new IllegalArgumentException("kinematic chain of " + n + " joints needs 3n axes and points, "
          + "3 + 9 end-effector values and n home values");
    }
    for (double[] a : new double[][] {axes, points, eePos, eeRot, home}) {
      for (double v : a) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("kinematic chain has a non-finite value");
        }
      }
    }
    for (int j = 0; j < n; j++) {
      double len = Math.sqrt(axes[3 * j] * axes[3 * j] + axes[3 * j + 1] * axes[3 * j + 1]
          + axes[3 * j + 2] * axes[3 * j + 2]);
      if (Math.abs(len - 1) > 1e-6) {
        throw new IllegalArgumentException("kinematic chain: axis of joint " + j + " is not a unit vector");
      }
    }
    axes = axes.clone();
    points = points.clone();
    prismatic = prismatic.clone();
    eePos = eePos.clone();
    eeRot = eeRot.clone();
    home = home.clone();
  }

  /** Number of joints. */
  public int dof() {
    return prismatic.length;
  }

  @Override
  public double[] axes() {
    return axes.clone();
  }

  @Override
  public double[] points() {
    return points.clone();
  }

  @Override
  public boolean[] prismatic() {
    return prismatic.clone();
  }

  @Override
  public double[] eePos() {
    return eePos.clone();
  }

  @Override
  public double[] eeRot() {
    return eeRot.clone();
  }

  @Override
  public double[] home() {
    return home.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KinematicChain c && Arrays.equals(axes, c.axes) && Arrays.equals(points, c.points)
        && Arrays.equals(prismatic, c.prismatic) && Arrays.equals(eePos, c.eePos) && Arrays.equals(eeRot, c.eeRot)
        && Arrays.equals(home, c.home);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(axes) * 31 + Arrays.hashCode(eePos);
  }

  @Override
  public String toString() {
    return "KinematicChain[" + dof() + " joints, ee at q=0 " + Arrays.toString(eePos) + "]";
  }
}
