package org.stackarena.pipelines;

import org.stackarena.pipelines.kinematics.IkSolver;

/**
 * Every tunable of the expert and the classical stack in one place, with defaults
 * ({@link #defaults()}). Units are SI (m, s, rad, Hz).
 *
 * @param perceptionHz perception loop rate (classical only)
 * @param plannerHz planner loop rate
 * @param controlHz control loop rate (500 default; 1000 works as well)
 * @param ik inverse-kinematics settings
 * @param ikIterationsPerTick DLS iterations per control tick, warm-started from the last setpoint
 * @param freeSpeed peak Cartesian speed of free-space moves (m/s)
 * @param nearSpeed peak speed of moves near the table or an object (m/s)
 * @param yawSpeed peak yaw rate (rad/s)
 * @param minSegmentS shortest segment duration (s)
 * @param settleS wait after a segment ends before the next state (s)
 * @param arriveTolM the measured ee must be this close to a segment's end to call it reached (m)
 * @param arriveTimeoutS give up waiting for arrival this long after a segment ends (s)
 * @param pregraspHeightM height of the pre-grasp pose above the object's top (m)
 * @param carryZ ee height while transporting (m)
 * @param liftZ ee height after lifting in pick-lift (m)
 * @param closeS time given to the fingers to close (s)
 * @param releaseS time given to the fingers to open (s)
 * @param graspWidthRatio a grasp holds when the gripper width is at least this fraction of the
 *     object's width across the fingers
 * @param maxGraspAttempts grasp attempts before giving up
 * @param placeClearanceM height of the object's bottom above its resting surface at release (m)
 * @param replanTolM re-issue the current move when its goal moved more than this (m)
 * @param replanTolYaw re-issue the current move when its goal yaw changed more than this (rad)
 * @param pushSpeed peak speed of the push stroke (m/s)
 * @param pushZ ee height during a push (m)
 * @param pushClearanceM gap behind the object before a push stroke starts (m)
 * @param pushDoneFraction a push is done when the object is within this fraction of the pad
 *     radius (0.07 m assumed) from the pad centre
 * @param maxPushes push strokes before giving up
 * @param minSaturation perception: minimum HSV saturation of an object or pad pixel
 * @param minValue perception: minimum HSV value (brightness) of an object or pad pixel
 * @param hueTolDeg perception: largest hue distance to a palette colour (degrees)
 * @param minPixels perception: smallest connected component kept
 */
public record PipelineConfig(double perceptionHz, double plannerHz, double controlHz, IkSolver.Settings ik,
    int ikIterationsPerTick, double freeSpeed, double nearSpeed, double yawSpeed, double minSegmentS,
    double settleS, double arriveTolM, double arriveTimeoutS, double pregraspHeightM, double carryZ,
    double liftZ, double closeS, double releaseS, double graspWidthRatio, int maxGraspAttempts,
    double placeClearanceM, double replanTolM, double replanTolYaw, double pushSpeed, double pushZ,
    double pushClearanceM, double pushDoneFraction, int maxPushes, double minSaturation, double minValue,
    double hueTolDeg, int minPixels) {

  /** Validates rates. */
  public PipelineConfig {
    if (!(perceptionHz > 0) || !(plannerHz > 0) || !(controlHz > 0)) {
      throw new IllegalArgumentException("loop rates must be positive");
    }
    if (ikIterationsPerTick < 1) {
      throw new IllegalArgumentException("ikIterationsPerTick must be >= 1");
    }
  }

  /** The defaults used by the {@code expert} and {@code classical} providers. */
  public static PipelineConfig defaults() {
    return new PipelineConfig(20, 10, 500, IkSolver.Settings.defaults(), 3, 0.35, 0.12, 2.0, 0.3, 0.1, 0.008,
        1.0, 0.10, 0.17, 0.20, 0.45, 0.35, 0.6, 3, 0.006, 0.008, 0.15, 0.08, 0.022, 0.03, 0.4, 5,
        0.35, 0.12, 22, 6);
  }

  /** A copy with another control rate (e.g. 1000 Hz). */
  public PipelineConfig withControlHz(double hz) {
    return new PipelineConfig(perceptionHz, plannerHz, hz, ik, ikIterationsPerTick, freeSpeed, nearSpeed,
        yawSpeed, minSegmentS, settleS, arriveTolM, arriveTimeoutS, pregraspHeightM, carryZ, liftZ, closeS,
        releaseS, graspWidthRatio, maxGraspAttempts, placeClearanceM, replanTolM, replanTolYaw, pushSpeed,
        pushZ, pushClearanceM, pushDoneFraction, maxPushes, minSaturation, minValue, hueTolDeg, minPixels);
  }
}
