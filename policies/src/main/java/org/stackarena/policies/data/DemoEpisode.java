package org.stackarena.policies.data;

import java.util.List;
import java.util.Map;

/**
 * One recorded demonstration, as {@link DemoWriter} stores it.
 *
 * @param scenario scenario id
 * @param robot robot id
 * @param seed episode seed
 * @param condition condition name
 * @param instruction the instruction (the LeRobot "task")
 * @param success whether the episode succeeded
 * @param failureReason the harness's failure reason, or null
 * @param fps frame rate
 * @param frames the frames, in time order
 */
public record DemoEpisode(String scenario, String robot, long seed, String condition, String instruction,
                          boolean success, String failureReason, double fps, List<Frame> frames) {

    /** State features: end-effector position (3), quaternion w,x,y,z with w >= 0 (4), gripper width (1). */
    public static final List<String> STATE_NAMES =
        List.of("ee_x", "ee_y", "ee_z", "ee_qw", "ee_qx", "ee_qy", "ee_qz", "gripper_width");
    /** Action label: end-effector delta to the next frame in the base frame, and the gripper command. */
    public static final List<String> ACTION_NAMES =
        List.of("dx", "dy", "dz", "droll", "dpitch", "dyaw", "gripper");
    /**
     * Privileged environment state (LeRobot's {@code observation.environment_state}), recorded from the
     * simulator's ground truth for auxiliary training targets only: the named object's centre and the
     * task's goal point (pad centre for pick-place, support object for stack, the object itself otherwise),
     * base frame, metres. A policy never receives it as an input.
     */
    public static final List<String> ENV_NAMES =
        List.of("object_x", "object_y", "object_z", "goal_x", "goal_y", "goal_z");

    /**
     * One frame.
     *
     * @param timestamp sim time, seconds
     * @param state {@link #STATE_NAMES}
     * @param joints arm joint positions
     * @param action {@link #ACTION_NAMES}
     * @param images camera name -> H x W x 3 RGB bytes, top row first
     * @param env {@link #ENV_NAMES}, or null when not recorded
     */
    public record Frame(double timestamp, float[] state, float[] joints, float[] action, Map<String, byte[]> images,
                        float[] env) {
        /** A frame without environment state. */
        public Frame(double timestamp, float[] state, float[] joints, float[] action, Map<String, byte[]> images) {
            this(timestamp, state, joints, action, images, null);
        }
    }
}
