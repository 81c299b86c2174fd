package org.stackarena.pipelines.stack;

import java.util.List;
import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.planning.Goal;
import org.stackarena.pipelines.planning.ObjectEstimate;
import org.stackarena.pipelines.planning.PlanCommand;
import org.stackarena.pipelines.planning.SceneEstimate;
import org.stackarena.pipelines.planning.TaskFamily;
import org.stackarena.pipelines.planning.TaskPlanner;
import org.stackarena.scenarios.EpisodeInstance;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.Simulation.ObjType;
import org.stackarena.sim.stack.ActionSpace;
import org.stackarena.sim.stack.Commands;
import org.stackarena.sim.stack.ControlStack;
import org.stackarena.sim.stack.EpisodeContext;
import org.stackarena.sim.stack.LoopSpec;
import org.stackarena.sim.stack.Observations;
import org.stackarena.sim.stack.Proprioception;
import org.stackarena.sim.stack.TickContext;

/**
 * The privileged scripted expert: the {@link TaskPlanner} fed with ground-truth object poses
 * and the goal read from the {@link ScenarioWorld}'s episode, over the shared IK control loop.
 * Used to record demonstrations and as an upper bound. Loops: {@code planner} (10 Hz) and
 * {@code control} (500 Hz), latency none by default.
 */
public final class ExpertStack implements ControlStack {

  private final ScenarioWorld world;
  private final PipelineConfig config;
  private final ArmControl control;
  private final List<LoopSpec> loops;
  private TaskPlanner planner;
  private Goal goal;
  private int objectBody;
  private int supportBody;
  private EpisodeInstance.PlacedObject object;
  private EpisodeInstance.PlacedObject support;
  private PlanCommand published;
  private final double[] pos = new double[3];
  private final double[] quat = new double[4];

  /**
   * @param world the world whose ground truth the expert reads
   * @param config tunables
   */
  public ExpertStack(ScenarioWorld world, PipelineConfig config) {
    this.world = world;
    this.config = config;
    this.control = new ArmControl(config);
    this.loops = List.of(
        LoopSpec.builder("planner", config.plannerHz()).reads(Observations.PROPRIOCEPTION)
            .writes(PipelineChannels.PLAN).build(),
        LoopSpec.builder("control", config.controlHz())
            .reads(Observations.PROPRIOCEPTION, PipelineChannels.PLAN).writes(Commands.ACTION).build());
  }

  @Override
  public String name() {
    return "expert";
  }

  @Override
  public List<LoopSpec> loops() {
    return loops;
  }

  @Override
  public void reset(EpisodeContext context) {
    EpisodeInstance e = world.episode();
    object = e.object();
    support = e.support();
    TaskFamily family = TaskFamily.of(e.family());
    goal = new Goal(family, object.color(), object.shape(), e.pad() == null ? null : e.pad().color(),
        support == null ? null : support.color(), support == null ? null : support.shape());
    Simulation sim = world.simulation();
    objectBody = sim.id(ObjType.BODY, object.bodyName());
    supportBody = support == null ? -1 : sim.id(ObjType.BODY, support.bodyName());
    planner = new TaskPlanner(goal, config);
    published = null;
    control.reset(context.robot());
  }

  /** The goal of the current episode (ground truth). */
  public Goal goal() {
    return goal;
  }

  /** The planner of the current episode. */
  public TaskPlanner planner() {
    return planner;
  }

  @Override
  public ActionSpace actionSpace() {
    return control.space();
  }

  @Override
  public void tick(String loop, TickContext ctx) {
    if (loop.equals("control")) {
      control.tick(ctx);
      return;
    }
    Proprioception p = ctx.channels().latest(Observations.PROPRIOCEPTION).orElse(null);
    if (p == null) {
      return;
    }
    EpisodeInstance e = world.episode();
    SceneEstimate scene = new SceneEstimate(truth(objectBody, object),
        e.pad() == null ? Double.NaN : e.pad().x(), e.pad() == null ? Double.NaN : e.pad().y(),
        supportBody < 0 ? null : truth(supportBody, support), ctx.time());
    PlanCommand cmd = planner.update(ctx.time(), scene, p);
    if (cmd != null && cmd != published) {
      ctx.channels().publish(PipelineChannels.PLAN, cmd);
      published = cmd;
    }
  }

  private ObjectEstimate truth(int body, EpisodeInstance.PlacedObject o) {
    Simulation sim = world.simulation();
    sim.readBodyPos(body, pos);
    sim.readBodyQuat(body, quat);
    double w = quat[0], x = quat[1], y = quat[2], z = quat[3];
    double yaw = Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
    double[] h = o.halfExtents();
    return new ObjectEstimate(pos[0], pos[1], pos[2], yaw, h[0], h[1], h[2], o.shape(), 1.0);
  }

  @Override
  public void close() {
    planner = null;
  }
}
