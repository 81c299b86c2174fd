package org.stackarena.pipelines.stack;

import org.stackarena.pipelines.planning.PlanCommand;
import org.stackarena.pipelines.planning.SceneEstimate;
import org.stackarena.api.ChannelKey;

/** The internal channels between this module's loops. */
public final class PipelineChannels {

  /** Planner -> control: the segment to track and the gripper command. */
  public static final ChannelKey<PlanCommand> PLAN = ChannelKey.of("pipeline/plan", PlanCommand.class);

  /** Perception -> planner: the scene estimate. */
  public static final ChannelKey<SceneEstimate> SCENE = ChannelKey.of("pipeline/scene", SceneEstimate.class);

  private PipelineChannels() {
  }
}
