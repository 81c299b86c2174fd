package org.stackarena.pipelines.planning;

import org.stackarena.pipelines.trajectory.MinJerkSegment;

/**
 * What the planner hands the controller: a Cartesian segment to track and a gripper command.
 *
 * @param segment the motion (x, y, z, yaw of a top-down gripper)
 * @param gripper 0 = open .. 1 = closed
 * @param state the planner state that issued it, for logs and tests
 */
public record PlanCommand(MinJerkSegment segment, double gripper, String state) {
}
