package org.stackarena.api.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.LoopRole;
import org.stackarena.api.LoopSpec;

/**
 * One loop of a {@link PolicyStack}: at its rate, its {@link PolicyTranslator} reads the declared
 * inputs, its {@link PolicyModel} runs, and the translated output is published on one channel: a latent
 * for a later stage (a VLA's System 2, a TorchScript method with an {@code output}) or, for the action
 * stage, an {@link org.stackarena.api.ActionChunk} on {@link org.stackarena.api.Commands#ACTION}.
 *
 * <pre>{@code
 * PolicyStage<float[], float[], float[]> system2 = PolicyStage.<float[], float[], float[]>builder("system2", 5)
 *     .reads(Observations.rgbd("front"), Observations.INSTRUCTION)
 *     .setModel(model).setTranslator(translator).setOutput(LATENT)
 *     .optLatency(LatencyModel.measured()).build();
 * }</pre>
 *
 * @param <I> model input
 * @param <O> model output
 * @param <R> published value
 */
public final class PolicyStage<I, O, R> {

  private final LoopSpec loop;
  private final PolicyModel<I, O> model;
  private final PolicyTranslator<I, O, R> translator;
  private final ChannelKey<? super R> output;

  private PolicyStage(Builder<I, O, R> b) {
    this.model = b.model;
    this.translator = b.translator;
    this.output = b.output;
    this.loop = LoopSpec.builder(b.name, b.rateHz).reads(b.reads.toArray(ChannelKey<?>[]::new))
        .writes(b.output).optLatency(b.latency).optRole(b.role).build();
    if (loop.reads().contains(output)) {
      throw new IllegalArgumentException("stage '" + b.name + "' reads its own output " + output);
    }
  }

  /**
   * Starts a stage.
   *
   * @param name the loop name, unique within the stack (as in results: {@code "system1"})
   * @param rateHz the loop rate, positive
   */
  public static <I, O, R> Builder<I, O, R> builder(String name, double rateHz) {
    return new Builder<>(name, rateHz);
  }

  /** The loop: name, rate, default latency, declared reads and the one write. */
  public LoopSpec loop() {
    return loop;
  }

  /** The loop name. */
  public String name() {
    return loop.name();
  }

  /** The model. */
  public PolicyModel<I, O> model() {
    return model;
  }

  /** The translator. */
  public PolicyTranslator<I, O, R> translator() {
    return translator;
  }

  /** The channel the stage publishes on. */
  public ChannelKey<? super R> output() {
    return output;
  }

  @Override
  public String toString() {
    return "PolicyStage[" + loop.name() + " @ " + loop.rateHz() + " Hz -> " + output + "]";
  }

  /**
   * Builder: required {@code set*} (model, translator, output), optional {@code opt*}; {@link #build}
   * validates.
   *
   * @param <I> model input
   * @param <O> model output
   * @param <R> published value
   */
  public static final class Builder<I, O, R> {
    private final String name;
    private final double rateHz;
    private final Set<ChannelKey<?>> reads = new LinkedHashSet<>();
    private LatencyModel latency = LatencyModel.none();
    private LoopRole role = LoopRole.OTHER;
    private PolicyModel<I, O> model;
    private PolicyTranslator<I, O, R> translator;
    private ChannelKey<? super R> output;

    private Builder(String name, double rateHz) {
      this.name = name;
      this.rateHz = rateHz;
    }

    /** Adds channels the translator reads (observations, earlier stages' outputs). */
    public Builder<I, O, R> reads(ChannelKey<?>... keys) {
      reads.addAll(List.of(keys));
      return this;
    }

    /** The model (required). */
    public Builder<I, O, R> setModel(PolicyModel<I, O> model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** The translator (required). */
    public Builder<I, O, R> setTranslator(PolicyTranslator<I, O, R> translator) {
      this.translator = Objects.requireNonNull(translator, "translator");
      return this;
    }

    /** The channel the stage publishes on (required): a latent key, or {@code Commands.ACTION}. */
    public Builder<I, O, R> setOutput(ChannelKey<? super R> output) {
      this.output = Objects.requireNonNull(output, "output");
      return this;
    }

    /** The loop's default latency model (default {@code none}; a run may override it). */
    public Builder<I, O, R> optLatency(LatencyModel latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      return this;
    }

    /** Declares what the stage's loop does (default {@link LoopRole#OTHER}). */
    public Builder<I, O, R> optRole(LoopRole role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /**
     * Builds the stage.
     *
     * @throws IllegalStateException naming the stage when a required setting is missing
     * @throws IllegalArgumentException for a bad name or rate, or a stage that reads its own output
     */
    public PolicyStage<I, O, R> build() {
      for (Object[] req : new Object[][] {{model, "setModel"}, {translator, "setTranslator"},
          {output, "setOutput"}}) {
        if (req[0] == null) {
          throw new IllegalStateException("stage '" + name + "': " + req[1] + "(..) is required");
        }
      }
      return new PolicyStage<>(this);
    }
  }
}
