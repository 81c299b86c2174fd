package org.stackarena.api;

import java.util.Objects;

/**
 * What a stack is told when an episode starts ({@link ControlStack#reset}).
 *
 * @param scenario scenario id
 * @param condition condition, e.g. {@code "lab"} or {@code "field"}
 * @param seed episode seed; a stack that uses randomness must derive it from this seed only
 * @param instruction the natural-language instruction (also on {@link Observations#INSTRUCTION})
 * @param robot the robot being driven
 * @param dt physics step in seconds
 * @param timeLimit episode time limit in seconds of sim time
 */
public record EpisodeContext(String scenario, String condition, long seed, String instruction,
    RobotDescription robot, double dt, double timeLimit) {

  /** Validates presence and positive times. */
  public EpisodeContext {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(robot, "robot");
    if (!(dt > 0) || !(timeLimit > 0)) {
      throw new IllegalArgumentException("dt and timeLimit must be positive, got dt=" + dt
          + " timeLimit=" + timeLimit);
    }
  }
}
