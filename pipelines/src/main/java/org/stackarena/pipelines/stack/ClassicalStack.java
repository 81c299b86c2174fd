package org.stackarena.pipelines.stack;

import java.util.List;
import java.util.Optional;
import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.planning.Goal;
import org.stackarena.pipelines.planning.InstructionParser;
import org.stackarena.pipelines.planning.PlanCommand;
import org.stackarena.pipelines.planning.SceneEstimate;
import org.stackarena.pipelines.planning.TaskPlanner;
import org.stackarena.api.LoopRole;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.TickContext;

/**
 * The classical modular stack: RGB-D perception (front + wrist cameras) -> instruction-driven
 * task planner -> DLS-IK joint controller. It sees only observations: the instruction is parsed
 * at reset (an unreadable one aborts the episode with {@code instruction_not_understood}).
 *
 * <p>Loops, in tick order: {@code perception} ({@link PipelineConfig#perceptionHz()}, reads both
 * cameras, writes {@link PipelineChannels#SCENE}; or the loop of another {@link SceneSource},
 * which makes a hybrid stack), {@code planner}
 * ({@link PipelineConfig#plannerHz()}, reads the scene and proprioception, writes
 * {@link PipelineChannels#PLAN}) and {@code control} ({@link PipelineConfig#controlHz()}, reads
 * proprioception and the plan, writes {@link Commands#ACTION}).
 *
 * <p>The privileged scripted expert is this stack over a {@link GroundTruthSceneSource}: the same
 * planner and controller, fed the true goal and object poses ({@link #expert}).
 */
public final class ClassicalStack implements ControlStack {

  private final PipelineConfig config;
  private final String name;
  private final SceneSource source;
  private final ArmControl control;
  private final List<LoopSpec> loops;
  private final InstructionParser parser = new InstructionParser();
  private Goal goal;
  private TaskPlanner planner;
  private PlanCommand published;

  /** @param config tunables */
  public ClassicalStack(PipelineConfig config) {
    this(config, "classical", new BlobSceneSource(config));
  }

  /**
   * The planner and controller over another scene source (a hybrid stack).
   *
   * @param config tunables
   * @param name stack name in results
   * @param source produces the scene estimates; its loop must not be called {@code planner} or {@code control}
   */
  public ClassicalStack(PipelineConfig config, String name, SceneSource source) {
    this.config = config;
    this.name = name;
    this.source = source;
    this.control = new ArmControl(config);
    this.loops = List.of(
        source.loop(),
        LoopSpec.builder("planner", config.plannerHz())
            .reads(PipelineChannels.SCENE, Observations.PROPRIOCEPTION).writes(PipelineChannels.PLAN)
            .optRole(LoopRole.PLANNING).build(),
        LoopSpec.builder("control", config.controlHz())
            .reads(Observations.PROPRIOCEPTION, PipelineChannels.PLAN).writes(Commands.ACTION)
            .optRole(LoopRole.CONTROL).build());
  }

  /**
   * The scripted expert: this stack named {@code expert} over the ground truth of a privileged
   * {@link org.stackarena.api.StackContext}.
   *
   * @param truth the ground-truth view
   * @param config tunables
   */
  public static ClassicalStack expert(org.stackarena.api.GroundTruth truth, PipelineConfig config) {
    return new ClassicalStack(config, "expert", new GroundTruthSceneSource(truth, config));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<LoopSpec> loops() {
    return loops;
  }

  @Override
  public void reset(EpisodeContext context) throws Exception {
    Optional<Goal> known = source.knownGoal(context);
    goal = known.isPresent() ? known.get() : parser.parse(context.instruction());
    source.reset(goal, context);
    planner = new TaskPlanner(goal, config, source.tracksInHand());
    published = null;
    control.reset(context.robot());
  }

  /** The parsed goal of the current episode. */
  public Goal goal() {
    return goal;
  }

  /** The planner of the current episode (for tests and logs). */
  public TaskPlanner planner() {
    return planner;
  }

  @Override
  public ActionSpace actionSpace() {
    return control.space();
  }

  @Override
  public void tick(String loop, TickContext ctx) throws Exception {
    switch (loop) {
      case "control" -> control.tick(ctx);
      case "planner" -> {
        Proprioception p = ctx.channels().latest(Observations.PROPRIOCEPTION).orElse(null);
        if (p == null) {
          return;
        }
        SceneEstimate s = ctx.channels().latest(PipelineChannels.SCENE).orElse(null);
        PlanCommand cmd = planner.update(ctx.time(), s, p);
        if (cmd != null && cmd != published) {
          ctx.channels().publish(PipelineChannels.PLAN, cmd);
          published = cmd;
        }
      }
      default -> {
        if (!loop.equals(source.loop().name())) {
          throw new IllegalArgumentException("no loop '" + loop + "' in stack " + name);
        }
        SceneEstimate s = source.estimate(ctx);
        if (s != null) {
          ctx.channels().publish(PipelineChannels.SCENE, s);
        }
      }
    }
  }

  @Override
  public void close() {
    planner = null;
    source.close();
  }
}
