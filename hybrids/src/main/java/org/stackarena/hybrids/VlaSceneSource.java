package org.stackarena.hybrids;

import java.util.Optional;
import org.stackarena.pipelines.planning.Goal;
import org.stackarena.pipelines.planning.ObjectEstimate;
import org.stackarena.pipelines.planning.SceneEstimate;
import org.stackarena.api.LoopRole;
import org.stackarena.api.TaskFamily;
import org.stackarena.pipelines.stack.PipelineChannels;
import org.stackarena.pipelines.stack.SceneSource;
import org.stackarena.policies.VlaPolicy;
import org.stackarena.scenarios.Shape;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Phase;
import org.stackarena.api.TickContext;

/**
 * The VLA's System 2 as the classical planner's perception: the front camera frame and the
 * instruction through the learned encoder, whose goal head ({@link VlaPolicy#goal}) says where the
 * named object is and where it has to go; that becomes the planner's {@link SceneEstimate}.
 *
 * <p>What System 2 does not estimate comes from priors, as in the classical stack: yaw 0 (the
 * planner then grasps across the world y axis), half extents by shape (0.0225 m; a block 1.6 x
 * longer along x; 0.021 m half height for the object of a stack task and 0.025 m for its support),
 * and the resting object's height is its prior half height, as the classical perception does.
 */
public final class VlaSceneSource implements SceneSource {

  /** Name of the loop (the VLA's System 2). */
  public static final String LOOP = "system2";

  private static final double HALF = 0.0225;
  private static final double LIFTED_M = 0.05;

  private final VlaPolicy policy;
  private final ChannelKey<CameraFrame> camera;
  private final LoopSpec loop;
  private Goal goal;
  private String instruction = "";

  /**
   * @param policy a checkpoint with a goal head (closed with this source)
   * @param rateHz System 2 rate
   * @param latency latency model of the loop
   */
  public VlaSceneSource(VlaPolicy policy, double rateHz, LatencyModel latency) {
    this.policy = policy;
    this.camera = Observations.rgbd(policy.spec().cameras().get(0));
    this.loop = LoopSpec.builder(LOOP, rateHz).reads(camera, Observations.INSTRUCTION)
        .writes(PipelineChannels.SCENE).optLatency(latency).optRole(LoopRole.SYSTEM2).build();
  }

  @Override
  public LoopSpec loop() {
    return loop;
  }

  @Override
  public void reset(Goal g, EpisodeContext context) {
    this.goal = g;
    this.instruction = context.instruction();
  }

  @Override
  public SceneEstimate estimate(TickContext ctx) {
    Optional<CameraFrame> f = ctx.channels().latest(camera);
    if (f.isEmpty()) {
      return null;
    }
    String text = ctx.channels().latestOr(Observations.INSTRUCTION, instruction);
    float[] out = policy.system2(f.get(), text, ctx.phases());
    long t2 = System.nanoTime();
    double[] g = policy.goal(out);
    boolean stack = goal.family() == TaskFamily.STACK;
    double half = stack ? 0.021 : HALF;
    // a resting object's centre height is its prior half height (System 2's z is centimetres off,
    // enough to miss a grasp); System 2's z is used once it says the object is off the table
    double z = g[2] > LIFTED_M ? g[2] : half;
    ObjectEstimate object = prior(g[0], g[1], z, goal.shape(), half);
    ObjectEstimate support = null;
    double padX = Double.NaN, padY = Double.NaN;
    if (stack) {
      support = prior(g[3], g[4], 0.025, goal.supportShape(), 0.025);
    } else if (goal.family() == TaskFamily.PICK_PLACE || goal.family() == TaskFamily.PUSH) {
      padX = g[3];
      padY = g[4];
    }
    ctx.phases().record(Phase.POSTPROCESS, System.nanoTime() - t2);
    return new SceneEstimate(object, padX, padY, support, ctx.time());
  }

  private static ObjectEstimate prior(double x, double y, double z, Shape shape, double half) {
    Shape s = shape == null ? Shape.CUBE : shape;
    double hx = s == Shape.BLOCK ? 1.6 * half : half;
    return new ObjectEstimate(x, y, z, 0, hx, half, half, s, 1.0);
  }

  @Override
  public void close() {
    policy.close();
  }
}
