/**
 * Robots: the descriptor of each shipped arm (JSON next to its MJCF) and of a user's arm read
 * from a descriptor file, strictly checked against its compiled MJCF ({@code RobotFiles}: MuJoCo
 * 3.x-only elements, asset files, joints, servos, gripper, sites, one serial chain); the mounted
 * MJCF a scene includes; the arm's kinematic chain at q = 0 taken from the compiled model. Uses
 * {@code org.stackarena.sim.Simulation} to compile; depends on {@code api} and Jackson only
 * otherwise. Descriptors read from files are registered by id for the rest of the JVM's run.
 */
package org.stackarena.sim.robot;
