package org.stackarena.api;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.stackarena.api.LatencyModel;

/**
 * One rate-tagged loop of a stack.
 *
 * <p>The harness ticks the loop on absolute sim-time deadlines {@code k / rateHz}. Reads and
 * writes are declared: the harness renders a camera only for loops that read it, and a loop may
 * only read and publish declared keys.
 *
 * @param name loop name, unique within the stack (e.g. {@code "system2"}, {@code "control"})
 * @param rateHz target rate in Hz, positive
 * @param latency default latency model (a run may override it)
 * @param reads channels this loop reads
 * @param writes channels this loop publishes
 * @param role what the loop does ({@link LoopRole}; {@link LoopRole#OTHER} when undeclared)
 * @param modelParams parameter count of the network this loop runs, 0 when not declared (a deployment
 *     profile may scale a learned loop's latency by it)
 */
public record LoopSpec(String name, double rateHz, LatencyModel latency,
    Set<ChannelKey<?>> reads, Set<ChannelKey<?>> writes, LoopRole role, long modelParams) {

  /** Validates and copies the key sets (keeping declaration order). */
  public LoopSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(role, "role");
    if (name.isBlank()) {
      throw new IllegalArgumentException("loop name must not be blank");
    }
    if (!(rateHz > 0) || !Double.isFinite(rateHz)) {
      throw new IllegalArgumentException("loop '" + name + "': rate must be positive and finite, got "
          + rateHz);
    }
    if (modelParams < 0) {
      throw new IllegalArgumentException("loop '" + name + "': model parameter count must not be negative, got "
          + modelParams);
    }
    // LinkedHashSet keeps declaration order, so sensor sampling order is stable run to run.
    reads = Collections.unmodifiableSet(new LinkedHashSet<>(reads));
    writes = Collections.unmodifiableSet(new LinkedHashSet<>(writes));
  }

  /** Starts a builder for a loop with the required name and rate. */
  public static Builder builder(String name, double rateHz) {
    return new Builder(name, rateHz);
  }

  /**
   * This loop as a run times it: another rate and latency model, everything else kept (the harness
   * applies a deployment profile and command-line overrides this way).
   */
  public LoopSpec withTiming(double newRateHz, LatencyModel newLatency) {
    return new LoopSpec(name, newRateHz, newLatency, reads, writes, role, modelParams);
  }

  /** Loop period in seconds. */
  public double periodSeconds() {
    return 1.0 / rateHz;
  }

  /** Builder: {@code LoopSpec.builder("control", 500).reads(..).writes(..).optLatency(..).build()}. */
  public static final class Builder {
    private final String name;
    private final double rateHz;
    private LatencyModel latency = LatencyModel.none();
    private LoopRole role = LoopRole.OTHER;
    private long modelParams;
    private final Set<ChannelKey<?>> reads = new LinkedHashSet<>();
    private final Set<ChannelKey<?>> writes = new LinkedHashSet<>();

    private Builder(String name, double rateHz) {
      this.name = name;
      this.rateHz = rateHz;
    }

    /** Adds channels this loop reads. */
    public Builder reads(ChannelKey<?>... keys) {
      reads.addAll(java.util.List.of(keys));
      return this;
    }

    /** Adds channels this loop publishes. */
    public Builder writes(ChannelKey<?>... keys) {
      writes.addAll(java.util.List.of(keys));
      return this;
    }

    /** Sets the default latency model (default {@link LatencyModel#none()}). */
    public Builder optLatency(LatencyModel model) {
      this.latency = Objects.requireNonNull(model, "latency");
      return this;
    }

    /** Declares what the loop does (default {@link LoopRole#OTHER}). */
    public Builder optRole(LoopRole r) {
      this.role = Objects.requireNonNull(r, "role");
      return this;
    }

    /**
     * Declares the parameter count of the network this loop runs (default 0: undeclared). A deployment
     * profile whose figure for the loop's role is given for a reference model size scales the latency
     * by {@code params / reference}; an undeclared loop is timed as the reference model.
     */
    public Builder optModelParams(long params) {
      this.modelParams = params;
      return this;
    }

    /** Builds and validates the spec. */
    public LoopSpec build() {
      return new LoopSpec(name, rateHz, latency, reads, writes, role, modelParams);
    }
  }
}
