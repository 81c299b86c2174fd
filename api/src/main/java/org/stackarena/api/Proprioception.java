package org.stackarena.api;

import java.util.Objects;

/**
 * The robot's own state as its encoders and forward kinematics report it.
 *
 * <p>Arrays are not copied; nobody may modify them after construction.
 *
 * @param jointPositions joint positions (rad or m), one per arm joint
 * @param jointVelocities joint velocities, same length
 * @param gripperWidth gripper opening in metres
 * @param eePosition end-effector position in the base frame (3 values, metres)
 * @param eeQuaternion end-effector orientation in the base frame (w, x, y, z)
 * @param timeMicros sim time of the sample, microseconds
 */
public record Proprioception(double[] jointPositions, double[] jointVelocities,
    double gripperWidth, double[] eePosition, double[] eeQuaternion, long timeMicros) {

  /** Validates array sizes. */
  public Proprioception {
    Objects.requireNonNull(jointPositions, "jointPositions");
    Objects.requireNonNull(jointVelocities, "jointVelocities");
    Objects.requireNonNull(eePosition, "eePosition");
    Objects.requireNonNull(eeQuaternion, "eeQuaternion");
    if (jointVelocities.length != jointPositions.length) {
      throw new IllegalArgumentException("jointVelocities has " + jointVelocities.length
          + " values but jointPositions has " + jointPositions.length);
    }
    if (eePosition.length != 3 || eeQuaternion.length != 4) {
      throw new IllegalArgumentException("eePosition needs 3 values and eeQuaternion 4 (w,x,y,z)");
    }
  }

  /** Sample time in seconds. */
  public double timeSeconds() {
    return timeMicros / 1e6;
  }
}
