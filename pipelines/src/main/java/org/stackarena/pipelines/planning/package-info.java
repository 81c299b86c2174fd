/**
 * Task-level planning shared by the scripted expert and the classical stack: the structured goal
 * ({@link org.stackarena.pipelines.planning.Goal}) and the instruction parser that produces it,
 * the scene estimate a planner works from (ground truth for the expert, perception for the
 * classical stack), and the grasp/place/push state machine
 * ({@link org.stackarena.pipelines.planning.TaskPlanner}) that turns them into minimum-jerk
 * Cartesian segments and gripper commands. Depends on {@code trajectory}, {@code scenarios}
 * (shape words, palette) and the stack API types.
 */
package org.stackarena.pipelines.planning;
