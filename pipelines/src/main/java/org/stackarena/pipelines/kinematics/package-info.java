/**
 * Arm kinematics in plain Java over EJML: the serial chain read from a robot's MJCF
 * ({@link org.stackarena.pipelines.kinematics.ArmKinematics}), forward kinematics and the
 * {@code ee} site Jacobian, and damped least-squares inverse kinematics with joint limits and a
 * null-space posture ({@link org.stackarena.pipelines.kinematics.IkSolver}). No MuJoCo: depends on
 * the JDK's XML parser, EJML and the shipped model text only.
 */
package org.stackarena.pipelines.kinematics;
