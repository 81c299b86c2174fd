package org.stackarena.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The kind of command a stack emits and its box bounds.
 *
 * <p>Use the factories: {@link #jointPosition}, {@link #jointTorque}, {@link #eeDelta}, {@link #eePose}. Arrays
 * are copied on construction.
 *
 * @param type what the values mean
 * @param low lower bound per dimension (inclusive)
 * @param high upper bound per dimension (inclusive)
 */
public record ActionSpace(Type type, double[] low, double[] high) {

  /** What an action's values mean. */
  public enum Type {
    /** Target joint positions, one per arm joint (rad or m). */
    JOINT_POSITION,
    /** Joint torques / forces, one per arm joint (N m or N). */
    JOINT_TORQUE,
    /**
     * End-effector delta in the base frame: dx, dy, dz (m), droll, dpitch, dyaw (rad), relative to
     * the pose commanded by the previous action step (not to the measured pose: nothing to mirror).
     * The harness keeps that commanded pose and hands the world absolute poses
     * ({@link org.stackarena.api.harness.EeDeltaIntegrator}, which states the rule in full):
     * the episode's first step starts from the measured pose; each new step commands
     * previous commanded pose + (dx, dy, dz) and R(droll, dpitch, dyaw) (about the fixed base
     * axes) times the previous commanded rotation. A new step is a bare {@link Action} that is a
     * different object from the previous one, or a chunk's step index increasing (a chunk that has
     * run out holds its last step without applying it again), or a newer chunk whose predecessor's
     * step has been in effect for at least that chunk's interval; a newer chunk arriving sooner
     * replaces the step in effect (same base, new delta), so polling faster than the chunk
     * interval does not accumulate.
     */
    EE_DELTA,
    /**
     * Absolute end-effector pose in the base frame: x, y, z (m), then the orientation as a rotation
     * vector rx, ry, rz (axis times angle, rad; robosuite's absolute-pose convention; convert with
     * {@link Rotations}). The world's Cartesian controller tracks the pose until the next action;
     * a repeated pose is a no-op.
     */
    EE_POSE
  }

  /** Validates bounds: same length, finite, low <= high, EE_DELTA and EE_POSE have 6 dimensions. */
  public ActionSpace {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(low, "low");
    Objects.requireNonNull(high, "high");
    if (low.length != high.length || low.length == 0) {
      throw new IllegalArgumentException(type + ": low and high need the same positive length, got "
          + low.length + " and " + high.length);
    }
    if (type == Type.EE_DELTA && low.length != 6) {
      throw new IllegalArgumentException("EE_DELTA has 6 dimensions (dx,dy,dz,droll,dpitch,dyaw), got "
          + low.length);
    }
    if (type == Type.EE_POSE && low.length != 6) {
      throw new IllegalArgumentException("EE_POSE has 6 dimensions (x,y,z,rx,ry,rz), got " + low.length);
    }
    for (int i = 0; i < low.length; i++) {
      if (!Double.isFinite(low[i]) || !Double.isFinite(high[i]) || low[i] > high[i]) {
        throw new IllegalArgumentException(type + ": bad bounds at dimension " + i + ": ["
            + low[i] + ", " + high[i] + "]");
      }
    }
    low = low.clone();
    high = high.clone();
  }

  /** Joint-position targets within the given joint limits. */
  public static ActionSpace jointPosition(double[] lower, double[] upper) {
    return new ActionSpace(Type.JOINT_POSITION, lower, upper);
  }

  /** Joint torques within {@code [-limit, +limit]} per joint. */
  public static ActionSpace jointTorque(double[] limits) {
    double[] low = new double[limits.length];
    for (int i = 0; i < limits.length; i++) {
      low[i] = -limits[i];
    }
    return new ActionSpace(Type.JOINT_TORQUE, low, limits);
  }

  /** End-effector deltas bounded by {@code maxLinear} (m) and {@code maxAngular} (rad) per step. */
  public static ActionSpace eeDelta(double maxLinear, double maxAngular) {
    double[] high = {maxLinear, maxLinear, maxLinear, maxAngular, maxAngular, maxAngular};
    double[] low = new double[6];
    for (int i = 0; i < 6; i++) {
      low[i] = -high[i];
    }
    return new ActionSpace(Type.EE_DELTA, low, high);
  }

  /**
   * Absolute end-effector poses inside a workspace box (base frame, m) with any orientation: each
   * rotation-vector component in [-pi, pi] (plus {@link #ROTATION_TOLERANCE}: a half-turn such as a
   * gripper pointing straight down is (0, +-pi, 0), which rounding may put a hair outside).
   *
   * @param low lower corner x, y, z of the workspace box
   * @param high upper corner x, y, z
   */
  public static ActionSpace eePose(double[] low, double[] high) {
    if (low.length != 3 || high.length != 3) {
      throw new IllegalArgumentException("EE_POSE workspace corners need 3 values each, got " + low.length
          + " and " + high.length);
    }
    double r = Math.PI + ROTATION_TOLERANCE;
    return new ActionSpace(Type.EE_POSE, new double[] {low[0], low[1], low[2], -r, -r, -r},
        new double[] {high[0], high[1], high[2], r, r, r});
  }

  /** Rounding allowance (rad) on the [-pi, pi] bounds of an {@link Type#EE_POSE} rotation vector. */
  public static final double ROTATION_TOLERANCE = 1e-9;

  /** Number of values in an action. */
  public int dimension() {
    return low.length;
  }

  /** Lower bound of dimension {@code i}. */
  public double low(int i) {
    return low[i];
  }

  /** Upper bound of dimension {@code i}. */
  public double high(int i) {
    return high[i];
  }

  /**
   * Why {@code action} is not a valid command in this space, or empty if it is: wrong length,
   * a NaN/infinite value, a value outside the bounds, or a gripper command outside [0, 1].
   */
  public Optional<String> violation(Action action) {
    double[] v = action.values();
    if (v.length != dimension()) {
      return Optional.of(type + " expects " + dimension() + " values, got " + v.length);
    }
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        return Optional.of("value[" + i + "] is " + v[i]);
      }
      if (v[i] < low[i] || v[i] > high[i]) {
        return Optional.of("value[" + i + "]=" + v[i] + " outside [" + low[i] + ", " + high[i]
            + "] of " + type);
      }
    }
    double g = action.gripper();
    if (!Double.isFinite(g) || g < 0 || g > 1) {
      return Optional.of("gripper=" + g + " outside [0, 1]");
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActionSpace s && type == s.type && Arrays.equals(low, s.low)
        && Arrays.equals(high, s.high);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(low), Arrays.hashCode(high));
  }

  @Override
  public String toString() {
    return type + "(low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + ")";
  }
}
