package org.stackarena.pipelines.stack;

import java.util.Objects;
import java.util.Optional;
import org.stackarena.api.LoopRole;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.GroundTruth;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.TickContext;
import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.planning.Goal;
import org.stackarena.pipelines.planning.ObjectEstimate;
import org.stackarena.pipelines.planning.SceneEstimate;
import org.stackarena.scenarios.Shape;

/**
 * The privileged scene source of the scripted expert: the goal and the object poses read from a
 * {@link GroundTruth} view instead of parsed and perceived. Loop {@code truth} runs at the planner's
 * rate, reads no observation, and publishes the exact scene just before each planner tick (same
 * instant, latency none), so the {@link ClassicalStack} over it plans on the truth.
 */
public final class GroundTruthSceneSource implements SceneSource {

  /** Name of this source's loop. */
  public static final String LOOP = "truth";

  private final GroundTruth truth;
  private final LoopSpec loop;

  /**
   * @param truth the ground-truth view ({@link org.stackarena.api.StackContext#groundTruth()})
   * @param config tunables: the loop runs at {@link PipelineConfig#plannerHz()}
   */
  public GroundTruthSceneSource(GroundTruth truth, PipelineConfig config) {
    this.truth = Objects.requireNonNull(truth, "truth");
    this.loop = LoopSpec.builder(LOOP, config.plannerHz()).writes(PipelineChannels.SCENE)
        .optRole(LoopRole.PERCEPTION).build();
  }

  @Override
  public LoopSpec loop() {
    return loop;
  }

  @Override
  public Optional<Goal> knownGoal(EpisodeContext context) {
    GroundTruth.ObjectState o = truth.object();
    Optional<GroundTruth.ObjectState> s = truth.support();
    return Optional.of(new Goal(truth.family(), o.color(), shape(o),
        truth.target().map(GroundTruth.Target::color).orElse(null),
        s.map(GroundTruth.ObjectState::color).orElse(null), s.map(GroundTruthSceneSource::shape).orElse(null)));
  }

  @Override
  public boolean tracksInHand() {
    return true;
  }

  @Override
  public void reset(Goal goal, EpisodeContext context) {
    // nothing per episode: the view reads the new episode's truth
  }

  @Override
  public SceneEstimate estimate(TickContext ctx) {
    Optional<GroundTruth.Target> pad = truth.target();
    return new SceneEstimate(estimate(truth.object()), pad.map(GroundTruth.Target::x).orElse(Double.NaN),
        pad.map(GroundTruth.Target::y).orElse(Double.NaN),
        truth.support().map(GroundTruthSceneSource::estimate).orElse(null), ctx.time());
  }

  private static ObjectEstimate estimate(GroundTruth.ObjectState o) {
    double[] h = o.halfExtents();
    return new ObjectEstimate(o.x(), o.y(), o.z(), o.yaw(), h[0], h[1], h[2], shape(o), 1.0);
  }

  private static Shape shape(GroundTruth.ObjectState o) {
    Shape s = Shape.fromWord(o.shape());
    if (s == null) {
      throw new IllegalArgumentException("ground truth names an unknown shape '" + o.shape() + "'");
    }
    return s;
  }
}
