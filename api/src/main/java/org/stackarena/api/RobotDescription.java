package org.stackarena.api;

import java.util.List;
import java.util.Objects;

/**
 * What a stack may know about the robot it drives (as from a real robot's URDF and datasheet).
 *
 * @param name robot name, e.g. {@code "panda"}
 * @param jointNames arm joint names in command order
 * @param jointLower lower joint limits, one per joint
 * @param jointUpper upper joint limits, one per joint
 * @param torqueLimits absolute torque/force limits, one per joint
 * @param gripperMaxWidth fully open gripper width in metres
 * @param kinematics the arm's kinematic chain and ready pose, or null when the world does not
 *     publish one (a stack that needs it, such as the classical pipeline, then refuses the robot)
 */
public record RobotDescription(String name, List<String> jointNames, double[] jointLower,
    double[] jointUpper, double[] torqueLimits, double gripperMaxWidth, KinematicChain kinematics) {

  /** A description without a kinematic chain. */
  public RobotDescription(String name, List<String> jointNames, double[] jointLower,
      double[] jointUpper, double[] torqueLimits, double gripperMaxWidth) {
    this(name, jointNames, jointLower, jointUpper, torqueLimits, gripperMaxWidth, null);
  }

  /** Validates that all per-joint arrays match the joint count. */
  public RobotDescription {
    Objects.requireNonNull(name, "name");
    jointNames = List.copyOf(jointNames);
    int n = jointNames.size();
    if (n == 0) {
      throw new IllegalArgumentException("robot '" + name + "' has no joints");
    }
    if (jointLower.length != n || jointUpper.length != n || torqueLimits.length != n) {
      throw new IllegalArgumentException("robot '" + name + "': " + n
          + " joints but limits have lengths " + jointLower.length + ", " + jointUpper.length
          + ", " + torqueLimits.length);
    }
    if (kinematics != null && kinematics.dof() != n) {
      throw new IllegalArgumentException("robot '" + name + "': " + n + " joints but a kinematic chain of "
          + kinematics.dof());
    }
    jointLower = jointLower.clone();
    jointUpper = jointUpper.clone();
    torqueLimits = torqueLimits.clone();
  }

  /** Number of arm joints. */
  public int jointCount() {
    return jointNames.size();
  }
}
