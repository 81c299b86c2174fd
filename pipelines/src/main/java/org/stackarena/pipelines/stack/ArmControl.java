package org.stackarena.pipelines.stack;

import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.control.SetpointController;
import org.stackarena.pipelines.kinematics.ArmKinematics;
import org.stackarena.pipelines.kinematics.IkSolver;
import org.stackarena.pipelines.planning.PlanCommand;
import org.stackarena.api.Action;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Commands;
import org.stackarena.api.KinematicChain;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.TickContext;

/** The control loop both stacks share: plan segment -> IK -> joint-position action. */
final class ArmControl {

  private final PipelineConfig config;
  private SetpointController controller;
  private ActionSpace space;
  private String robot;
  private KinematicChain chain;

  ArmControl(PipelineConfig config) {
    this.config = config;
  }

  /**
   * Builds (or keeps) the kinematics for the episode's robot from the chain its world publishes.
   *
   * @throws IllegalArgumentException when the world publishes no kinematic chain
   */
  void reset(RobotDescription description) {
    KinematicChain chain = description.kinematics();
    if (chain == null) {
      throw new IllegalArgumentException("robot '" + description.name() + "': its world publishes no kinematic "
          + "chain, which the classical control loop needs for inverse kinematics");
    }
    if (controller == null || !description.name().equals(robot) || !chain.equals(this.chain)) {
      robot = description.name();
      this.chain = chain;
      ArmKinematics kin = ArmKinematics.fromChain(robot, description.jointNames(), chain);
      IkSolver ik = new IkSolver(kin, description.jointLower(), description.jointUpper(), chain.home(),
          config.ik());
      controller = new SetpointController(ik, config.ikIterationsPerTick());
    }
    space = ActionSpace.jointPosition(description.jointLower(), description.jointUpper());
    controller.reset();
  }

  ActionSpace space() {
    return space;
  }

  /** One control tick: publishes an action once there is proprioception. */
  void tick(TickContext ctx) {
    Proprioception p = ctx.channels().latest(Observations.PROPRIOCEPTION).orElse(null);
    if (p == null) {
      return;
    }
    PlanCommand cmd = ctx.channels().latest(PipelineChannels.PLAN).orElse(null);
    double[] q = controller.tick(cmd, ctx.time(), p.jointPositions());
    // the only allocation per tick: channels do not copy, so each published action owns its values
    ctx.channels().publish(Commands.ACTION, new Action(q.clone(), cmd == null ? 0 : cmd.gripper()));
  }
}
