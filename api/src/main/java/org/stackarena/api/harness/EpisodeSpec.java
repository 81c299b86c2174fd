package org.stackarena.api.harness;

import java.util.Objects;

/**
 * One episode to run.
 *
 * @param scenario scenario id (the world factory builds the world from it)
 * @param robot robot id the world is built with
 * @param seed episode seed
 * @param condition condition
 * @param stack stack name (the stack factory builds the stack from it)
 * @param variant variant label, part of the episode's identity; empty for none
 * @param timing how the stack's loops are timed (deployment profile and overrides; {@link Timing#declared()}
 *     keeps every loop as its stack declares it)
 */
public record EpisodeSpec(String scenario, String robot, long seed, String condition, String stack,
    String variant, Timing timing) {

  /** Validates and copies. */
  public EpisodeSpec {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(robot, "robot");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(stack, "stack");
    variant = variant == null ? "" : variant;
    timing = timing == null ? Timing.declared() : timing;
  }

  /** A spec with no variant, every loop timed as its stack declares it. */
  public static EpisodeSpec of(String scenario, String robot, long seed, String condition, String stack) {
    return new EpisodeSpec(scenario, robot, seed, condition, stack, "", Timing.declared());
  }

  /** This spec with a variant label and a timing. */
  public EpisodeSpec withVariant(String variant, Timing timing) {
    return new EpisodeSpec(scenario, robot, seed, condition, stack, variant, timing);
  }

  /** This spec with a variant label and latency overrides only (loop name, role or {@code *} to model). */
  public EpisodeSpec withVariant(String variant, java.util.Map<String, org.stackarena.api.LatencyModel> latency) {
    return withVariant(variant, Timing.ofLatency(latency));
  }

  /** This spec with another timing. */
  public EpisodeSpec withTiming(Timing timing) {
    return new EpisodeSpec(scenario, robot, seed, condition, stack, variant, timing);
  }

  /** The episode's identity. */
  public EpisodeKey key() {
    return new EpisodeKey(scenario, robot, seed, condition, stack, variant);
  }
}
