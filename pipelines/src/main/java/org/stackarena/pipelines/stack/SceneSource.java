package org.stackarena.pipelines.stack;

import java.util.Optional;
import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.planning.Goal;
import org.stackarena.pipelines.planning.TaskPlanner;
import org.stackarena.pipelines.planning.SceneEstimate;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.TickContext;

/**
 * Where the classical planner's {@link SceneEstimate} comes from: one loop that reads observations
 * and publishes estimates on {@link PipelineChannels#SCENE}. The classical stack's own source is
 * colour-blob RGB-D perception ({@link BlobSceneSource}); a hybrid stack plugs a learned model in
 * here and keeps the planner and controller.
 *
 * <pre>{@code
 * ControlStack hybrid = new ClassicalStack(PipelineConfig.defaults(), "my-hybrid", mySource);
 * }</pre>
 */
public interface SceneSource extends AutoCloseable {

  /** The loop that produces the estimates; it must write {@link PipelineChannels#SCENE}. */
  LoopSpec loop();

  /**
   * The goal, when this source knows it outright (the privileged {@link GroundTruthSceneSource});
   * empty for an honest source, and the stack then parses the instruction.
   *
   * @param context the episode
   */
  default Optional<Goal> knownGoal(EpisodeContext context) {
    return Optional.empty();
  }

  /**
   * Whether this source's object estimate stays good while the hand holds the object, so the
   * planner may measure the hand-object offset ({@link TaskPlanner#TaskPlanner(Goal, PipelineConfig,
   * boolean)}); false for cameras, which the hand occludes.
   */
  default boolean tracksInHand() {
    return false;
  }

  /**
   * Starts an episode.
   *
   * @param goal the parsed instruction
   * @param context the episode
   * @throws Exception fails the episode
   */
  void reset(Goal goal, EpisodeContext context) throws Exception;

  /**
   * One tick of {@link #loop()}: the newest estimate, or null when there is nothing to publish.
   *
   * @throws Exception fails the episode
   */
  SceneEstimate estimate(TickContext ctx) throws Exception;

  @Override
  default void close() {}
}
