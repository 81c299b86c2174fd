package org.stackarena.api.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.LoopSpec;

/**
 * How a run times a stack's loops: a {@link DeploymentProfile} under explicit overrides.
 *
 * <p>Override keys are a loop name, a role name ({@code system2}, {@code control}, ... as in
 * {@link org.stackarena.api.LoopRole#key()}) or {@code *} (every loop). For each loop the most specific setting
 * wins: an override by its name, else by its role, else {@code *}, else the profile's entry for its
 * role, else the profile's default, else what the stack declared. Rates and latency models are resolved
 * separately, by the same rule. A key that matches no loop of a stack leaves that stack alone (a run
 * checks that every key matches some stack before it starts).
 *
 * @param profile the deployment profile, null for none (every loop as declared, under the overrides)
 * @param latency latency overrides by loop name, role name or {@code *}
 * @param rateHz rate overrides by loop name, role name or {@code *}
 */
public record Timing(DeploymentProfile profile, Map<String, LatencyModel> latency, Map<String, Double> rateHz) {

  private static final Timing DECLARED = new Timing(null, Map.of(), Map.of());

  /** Validates and copies (sorted, for a stable identity). */
  public Timing {
    latency = latency == null ? Map.of() : Map.copyOf(new TreeMap<>(latency));
    rateHz = rateHz == null ? Map.of() : Map.copyOf(new TreeMap<>(rateHz));
    rateHz.forEach((k, v) -> {
      if (v == null || !(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException("rate for '" + k + "' must be positive and finite, got " + v);
      }
    });
  }

  /** Every loop as its stack declares it. */
  public static Timing declared() {
    return DECLARED;
  }

  /** Only latency overrides, no profile (the shape of runs before profiles). */
  public static Timing ofLatency(Map<String, LatencyModel> latency) {
    return new Timing(null, latency, Map.of());
  }

  /** This timing with another latency override for {@code key}. */
  public Timing withLatency(String key, LatencyModel model) {
    Map<String, LatencyModel> m = new TreeMap<>(latency);
    m.put(key, model);
    return new Timing(profile, m, rateHz);
  }

  /** This timing with another rate override for {@code key}. */
  public Timing withRate(String key, double hz) {
    Map<String, Double> m = new TreeMap<>(rateHz);
    m.put(key, hz);
    return new Timing(profile, latency, m);
  }

  /** The profile's name, or {@code "none"}. */
  public String profileName() {
    return profile == null ? "none" : profile.name();
  }

  /** {@code loop} as this timing times it. */
  public LoopSpec apply(LoopSpec loop) {
    LoopSpec base = profile == null ? loop : profile.apply(loop);
    String role = loop.role().key();
    LatencyModel m = pick(latency, loop.name(), role);
    Double r = pick(rateHz, loop.name(), role);
    if (m == null && r == null) {
      return base;
    }
    return base.withTiming(r != null ? r : base.rateHz(), m != null ? m : base.latency());
  }

  /** Every loop of a stack as this timing times it, in the stack's order. */
  public List<LoopSpec> apply(List<LoopSpec> loops) {
    List<LoopSpec> out = new ArrayList<>(loops.size());
    for (LoopSpec l : loops) {
      out.add(apply(l));
    }
    return List.copyOf(out);
  }

  private static <V> V pick(Map<String, V> m, String name, String role) {
    V v = m.get(name);
    if (v == null) {
      v = m.get(role);
    }
    if (v == null) {
      v = m.get("*");
    }
    return v;
  }
}
