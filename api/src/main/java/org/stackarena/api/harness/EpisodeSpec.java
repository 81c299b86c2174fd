package org.stackarena.api.harness;

import org.stackarena.api.LatencyModel;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One episode to run.
 *
 * @param scenario scenario id (the world factory builds the world from it)
 * @param robot robot id the world is built with
 * @param seed episode seed
 * @param condition condition
 * @param stack stack name (the stack factory builds the stack from it)
 * @param variant variant label, part of the episode's identity; empty for none
 * @param latency latency overrides by loop name; key {@code "*"} applies to every loop without
 *     its own entry; loops not mentioned keep their declared default
 */
public record EpisodeSpec(String scenario, String robot, long seed, String condition, String stack,
    String variant, Map<String, LatencyModel> latency) {

  /** Validates and copies. */
  public EpisodeSpec {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(robot, "robot");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(stack, "stack");
    variant = variant == null ? "" : variant;
    latency = latency == null ? Map.of() : Map.copyOf(new TreeMap<>(latency));
  }

  /** A spec with no variant and no latency overrides. */
  public static EpisodeSpec of(String scenario, String robot, long seed, String condition, String stack) {
    return new EpisodeSpec(scenario, robot, seed, condition, stack, "", Map.of());
  }

  /** This spec with a variant label and latency overrides. */
  public EpisodeSpec withVariant(String variant, Map<String, LatencyModel> latency) {
    return new EpisodeSpec(scenario, robot, seed, condition, stack, variant, latency);
  }

  /** The episode's identity. */
  public EpisodeKey key() {
    return new EpisodeKey(scenario, robot, seed, condition, stack, variant);
  }

  /** The latency model for {@code loop}: its override, else the {@code "*"} override, else null. */
  LatencyModel overrideFor(String loop) {
    LatencyModel m = latency.get(loop);
    return m != null ? m : latency.get("*");
  }
}
