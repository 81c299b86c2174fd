package org.stackarena.pipelines.planning;

import org.stackarena.scenarios.Shape;

/**
 * An object's estimated pose and size in the base (world) frame.
 *
 * @param x centre x (m)
 * @param y centre y (m)
 * @param z centre z (m)
 * @param yaw rotation about z of the object's local x axis (rad)
 * @param hx half extent along local x (m)
 * @param hy half extent along local y (m)
 * @param hz half height (m)
 * @param shape shape (from the goal or from the estimate)
 * @param confidence 0..1 (1 for ground truth)
 */
public record ObjectEstimate(double x, double y, double z, double yaw, double hx, double hy, double hz,
    Shape shape, double confidence) {

  /** The width the gripper closes on when grasping across the object's short side. */
  public double graspWidth() {
    return 2 * Math.min(hx, hy);
  }

  /** Top-face height. */
  public double top() {
    return z + hz;
  }
}
