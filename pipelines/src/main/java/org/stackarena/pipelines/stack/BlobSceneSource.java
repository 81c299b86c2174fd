package org.stackarena.pipelines.stack;

import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.perception.ScenePerception;
import org.stackarena.pipelines.planning.Goal;
import org.stackarena.pipelines.planning.SceneEstimate;
import org.stackarena.api.LoopRole;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Phase;
import org.stackarena.api.TickContext;

/**
 * The classical stack's perception loop: colour-blob segmentation of the front and wrist RGB-D
 * frames ({@link ScenePerception}) at {@link PipelineConfig#perceptionHz()}.
 */
public final class BlobSceneSource implements SceneSource {

  private static final ChannelKey<CameraFrame> FRONT = Observations.rgbd("front");
  private static final ChannelKey<CameraFrame> WRIST = Observations.rgbd("wrist");

  private final PipelineConfig config;
  private final LoopSpec loop;
  private ScenePerception perception;

  /** @param config tunables */
  public BlobSceneSource(PipelineConfig config) {
    this.config = config;
    this.loop = LoopSpec.builder("perception", config.perceptionHz()).reads(FRONT, WRIST)
        .writes(PipelineChannels.SCENE).optRole(LoopRole.PERCEPTION).build();
  }

  @Override
  public LoopSpec loop() {
    return loop;
  }

  @Override
  public void reset(Goal goal, EpisodeContext context) {
    perception = new ScenePerception(goal, config);
  }

  @Override
  public SceneEstimate estimate(TickContext ctx) {
    CameraFrame f = ctx.channels().latest(FRONT).orElse(null);
    CameraFrame w = ctx.channels().latest(WRIST).orElse(null);
    try (var span = ctx.phases().time(Phase.INFER)) {
      return perception.estimate(f, w, ctx.time());
    }
  }

  @Override
  public void close() {
    perception = null;
  }
}
