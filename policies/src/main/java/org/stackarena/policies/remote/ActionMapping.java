package org.stackarena.policies.remote;

import java.util.Arrays;
import java.util.Locale;
import org.stackarena.api.Action;
import org.stackarena.api.Rotations;

/**
 * How the columns of a server's {@code actions} rows become our {@link Action}s: the last column is
 * the gripper, the others the action space's values. Order of operations per row: clip every raw
 * value (gripper included) to {@code clip}, multiply value column i by {@code scale[i]}, convert the
 * rotation columns of an {@code ee_delta} row from a rotation vector to roll, pitch, yaw if
 * {@code rotation} is {@link Rotation#ROTVEC}, and map the gripper linearly so that
 * {@code gripperOpen} becomes 0 (open) and {@code gripperClosed} 1 (closed), clamped to [0, 1].
 *
 * <p>The identity mapping ({@link #IDENTITY}) is our own protocol's convention. openpi's LIBERO
 * convention (robosuite's {@code OSC_POSE} controller) is {@link #libero()}: 7 values in [-1, 1],
 * dx, dy, dz scaled by 0.05 m and an axis-angle rotation scaled by 0.5 rad, both in the robot's base
 * frame (robosuite adds the position to the current one and left-multiplies the rotation, i.e. about
 * the fixed base axes, as our {@code ee_delta} does), gripper -1 open, +1 closed.
 *
 * @param scale per value column (gripper excluded) factor, or null for none
 * @param rotation how the rotation columns (3..5) of an {@code ee_delta} row are written
 * @param gripperOpen the raw gripper value that means fully open
 * @param gripperClosed the raw gripper value that means fully closed; differs from {@code gripperOpen}
 * @param clipLow lower clip of every raw value, or null for no clipping
 * @param clipHigh upper clip, null exactly when {@code clipLow} is
 */
public record ActionMapping(double[] scale, Rotation rotation, double gripperOpen, double gripperClosed,
    Double clipLow, Double clipHigh) {

  /** How an {@code ee_delta}'s three rotation columns are written by the server. */
  public enum Rotation {
    /** Roll, pitch, yaw increments, R = Rz(yaw) Ry(pitch) Rx(roll) (ours). */
    RPY,
    /** A rotation vector (axis times angle), as robosuite's and openpi's LIBERO actions. */
    ROTVEC;

    /** The form in files: {@code rpy} or {@code rotvec}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code rpy} or {@code rotvec}.
     *
     * @throws IllegalArgumentException listing the valid forms
     */
    public static Rotation parse(String s) {
      for (Rotation r : values()) {
        if (r.wireName().equals(s)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown rotation '" + s + "' (rpy or rotvec)");
    }
  }

  /** Our convention: values as sent, gripper 0 open .. 1 closed, no clipping. */
  public static final ActionMapping IDENTITY = new ActionMapping(null, Rotation.RPY, 0, 1, null, null);

  /** Validates finiteness and ranges; copies {@code scale}. */
  public ActionMapping {
    if (rotation == null) {
      rotation = Rotation.RPY;
    }
    if (scale != null) {
      scale = scale.clone();
      for (double s : scale) {
        if (!Double.isFinite(s) || s == 0) {
          throw new IllegalArgumentException("scale values must be finite and non-zero, got "
              + Arrays.toString(scale));
        }
      }
    }
    if (!Double.isFinite(gripperOpen) || !Double.isFinite(gripperClosed) || gripperOpen == gripperClosed) {
      throw new IllegalArgumentException("gripper needs two different finite values [open, closed], got ["
          + gripperOpen + ", " + gripperClosed + "]");
    }
    if ((clipLow == null) != (clipHigh == null)) {
      throw new IllegalArgumentException("clip needs both bounds [low, high] or none");
    }
    if (clipLow != null && !(clipLow < clipHigh && Double.isFinite(clipLow) && Double.isFinite(clipHigh))) {
      throw new IllegalArgumentException("clip must be finite [low, high] with low < high, got [" + clipLow
          + ", " + clipHigh + "]");
    }
  }

  /** openpi's LIBERO convention: see the class comment. */
  public static ActionMapping libero() {
    return new ActionMapping(new double[] {0.05, 0.05, 0.05, 0.5, 0.5, 0.5}, Rotation.ROTVEC, -1, 1, -1.0, 1.0);
  }

  /** True for {@link #IDENTITY}'s behaviour. */
  public boolean isIdentity() {
    return scale == null && rotation == Rotation.RPY && gripperOpen == 0 && gripperClosed == 1
        && clipLow == null;
  }

  /**
   * Checks this mapping against the action space's dimension and type.
   *
   * @param eeDelta whether the action space is {@code ee_delta}
   * @throws IllegalArgumentException naming the mismatch
   */
  public void check(int dimension, boolean eeDelta) {
    if (scale != null && scale.length != dimension) {
      throw new IllegalArgumentException("action_mapping.scale has " + scale.length
          + " values but the action space has " + dimension + " (the gripper column takes no scale)");
    }
    if (rotation == Rotation.ROTVEC && !eeDelta) {
      throw new IllegalArgumentException("action_mapping.rotation rotvec applies to ee_delta actions only");
    }
  }

  /**
   * Maps one raw row ({@code cols} values from {@code raw[offset]}, gripper last) to an action.
   * {@code eeDelta}: whether rotation columns 3..5 exist.
   */
  public Action apply(double[] raw, int offset, int cols, boolean eeDelta) {
    double[] v = new double[cols - 1];
    for (int i = 0; i < v.length; i++) {
      double x = clip(raw[offset + i]);
      v[i] = scale != null && i < scale.length ? x * scale[i] : x;
    }
    if (rotation == Rotation.ROTVEC && eeDelta && v.length == 6) {
      rotvecToRpy(v);
    }
    double g = clip(raw[offset + cols - 1]);
    if (gripperOpen != 0 || gripperClosed != 1) {
      g = Math.max(0, Math.min(1, (g - gripperOpen) / (gripperClosed - gripperOpen)));
    }
    return new Action(v, g);
  }

  private double clip(double x) {
    return clipLow == null || Double.isNaN(x) ? x : Math.max(clipLow, Math.min(clipHigh, x));
  }

  /** Replaces v[3..5], a rotation vector, by roll, pitch, yaw of the same rotation (our R = Rz Ry Rx). */
  static void rotvecToRpy(double[] v) {
    double[] m = new double[9];
    Rotations.rotationVectorToMatrix(new double[] {v[3], v[4], v[5]}, m);
    v[3] = Math.atan2(m[7], m[8]) + 0.0; // + 0.0: no negative zeros
    v[4] = Math.asin(Math.max(-1, Math.min(1, -m[6]))) + 0.0;
    v[5] = Math.atan2(m[3], m[0]) + 0.0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActionMapping a && Arrays.equals(scale, a.scale) && rotation == a.rotation
        && Double.compare(gripperOpen, a.gripperOpen) == 0 && Double.compare(gripperClosed, a.gripperClosed) == 0
        && java.util.Objects.equals(clipLow, a.clipLow) && java.util.Objects.equals(clipHigh, a.clipHigh);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(Arrays.hashCode(scale), rotation, gripperOpen, gripperClosed, clipLow, clipHigh);
  }

  @Override
  public String toString() {
    return "ActionMapping[scale=" + Arrays.toString(scale) + ", rotation=" + rotation.wireName() + ", gripper=["
        + gripperOpen + ", " + gripperClosed + "], clip=" + (clipLow == null ? "none" : "[" + clipLow + ", "
        + clipHigh + "]") + "]";
  }
}
