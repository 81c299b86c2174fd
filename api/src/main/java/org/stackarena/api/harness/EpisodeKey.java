package org.stackarena.api.harness;

import java.util.Objects;

/**
 * Identity of an episode in a run: a resumed run skips keys already in the results.
 *
 * @param scenario scenario id
 * @param robot robot id
 * @param seed episode seed
 * @param condition condition ({@code lab}, {@code field}, ...)
 * @param stack stack name
 * @param variant free-form variant label (e.g. a latency sweep point); empty if none
 */
public record EpisodeKey(String scenario, String robot, long seed, String condition, String stack,
    String variant) {

  /** Validates presence. */
  public EpisodeKey {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(robot, "robot");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(variant, "variant");
  }
}
