package org.stackarena.api.harness;

import java.util.List;
import java.util.Optional;
import org.stackarena.api.Action;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.GroundTruth;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.StackContext;

/**
 * A simulated scene with one robot, as the harness drives it: a scenario under one condition.
 *
 * <p>The MuJoCo implementation lives elsewhere; tests use pure-Java fakes. All return types are
 * plain Java. The harness calls methods from a single thread, in this order per episode:
 * {@link #reset}, then per physics step {@link #judge}, sensor reads
 * ({@link #proprioception}, {@link #render}) for loops that tick, {@link #apply}, {@link #step},
 * {@link #eePosition}; for an EE_DELTA stack also {@link #proprioception} once just before the
 * first {@link #apply} (the pose its first step starts from). Returned arrays and objects are handed to stacks, so a world must not
 * modify them after returning them.
 */
public interface World extends AutoCloseable {

  /**
   * Starts a new episode: same seed, same initial state (object poses, perturbations, noise
   * streams). Time returns to 0 and collision counts to 0.
   */
  void reset(long seed);

  /** Physics step in seconds (default 0.002); must be a whole number of microseconds. */
  double dt();

  /** Sim time in seconds since reset (diagnostic; the harness keeps its own integer clock). */
  double time();

  /** Episode time limit in seconds of sim time. */
  double timeLimit();

  /** The episode's natural-language instruction (valid after reset). */
  String instruction();

  /** The robot the stack drives. */
  RobotDescription robot();

  /** Names of the cameras {@link #render} accepts. */
  List<String> cameras();

  /** The robot's current joint state, gripper width and end-effector pose. */
  Proprioception proprioception();

  /**
   * Renders the named camera now. Expensive: the harness calls it only when a loop that reads
   * this camera ticks, at most once per camera per physics step.
   *
   * @throws IllegalArgumentException for an unknown camera name
   */
  CameraFrame render(String camera);

  /**
   * Sets the command in effect for the following physics steps. Called before every step once
   * the stack's first action is visible; until then the world keeps its reset posture (its idle
   * command). The action has already been validated against {@code space}.
   *
   * <p>{@code space.type()} is {@link ActionSpace.Type#JOINT_POSITION},
   * {@link ActionSpace.Type#JOINT_TORQUE} or {@link ActionSpace.Type#EE_POSE}, never
   * {@link ActionSpace.Type#EE_DELTA}: the harness integrates an EE_DELTA stack's steps into
   * absolute poses ({@link EeDeltaIntegrator}) and passes them with
   * {@link EeDeltaIntegrator#POSE_SPACE} and the stack's gripper command. An EE_POSE command is
   * x, y, z and a rotation vector in the base frame, the frame of
   * {@link Proprioception#eePosition()}; the world tracks it until the next command, and the same
   * action object passed again is the same command. A world that cannot honour a type throws
   * {@link UnsupportedOperationException}; EE_DELTA gets {@link IllegalArgumentException}.
   */
  void apply(Action action, ActionSpace space);

  /**
   * Advances physics by one step of {@link #dt()}.
   *
   * @return a physics warning (the simulation became unstable), which fails the episode with
   *     {@code instability: <warning>}; empty if all is well
   */
  Optional<String> step();

  /** Success, failure (with reason) or still in progress, judged on ground truth. */
  Verdict judge();

  /** End-effector position in the world frame (3 values, metres), for path length and jerk. */
  double[] eePosition();

  /** Number of collisions (contact onsets the scenario counts as collisions) since reset. */
  long collisions();

  /**
   * A read-only view of this world's ground truth for privileged stacks (the scripted expert);
   * empty if the world offers none. Never handed to honest stacks.
   */
  default Optional<GroundTruth> groundTruth() {
    return Optional.empty();
  }

  /**
   * The context a {@link org.stackarena.api.StackProvider} receives for stacks that run in this
   * world: robot, cameras, physics step and, only if {@code privileged}, {@link #groundTruth()}.
   */
  default StackContext stackContext(boolean privileged) {
    return StackContext.builder(robot(), dt()).optCameras(cameras())
        .optGroundTruth(privileged ? groundTruth().orElse(null) : null).build();
  }

  /** Releases resources. Idempotent. */
  @Override
  void close();
}
