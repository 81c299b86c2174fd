package org.stackarena.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link StackProvider} is told when it creates a stack: the robot it will drive, the
 * cameras it may read, the physics step, the run's chunk-execution choice (if any) and, for
 * privileged providers only, a read-only {@link GroundTruth} view. Nothing here can move the world:
 * stacks act only through their loops.
 *
 * <pre>{@code
 * StackContext ctx = StackContext.builder(robot, 0.002).optCameras(List.of("front", "wrist")).build();
 * }</pre>
 */
public final class StackContext {

  private final RobotDescription robot;
  private final List<String> cameras;
  private final double controlDt;
  private final GroundTruth groundTruth;
  private final String chunkExecution;

  private StackContext(Builder b) {
    this.robot = b.robot;
    this.cameras = List.copyOf(b.cameras);
    this.controlDt = b.controlDt;
    this.groundTruth = b.groundTruth;
    this.chunkExecution = b.chunkExecution;
  }

  /**
   * Starts a context.
   *
   * @param robot the robot the stack will drive
   * @param controlDt the physics step in seconds (the finest rate at which commands take effect)
   */
  public static Builder builder(RobotDescription robot, double controlDt) {
    return new Builder(robot, controlDt);
  }

  /** The robot the stack drives. */
  public RobotDescription robot() {
    return robot;
  }

  /** Names of the cameras a loop may read with {@link Observations#rgbd(String)}. */
  public List<String> cameras() {
    return cameras;
  }

  /** Physics step in seconds. */
  public double controlDt() {
    return controlDt;
  }

  /**
   * Ground truth of the episodes to come; present only for providers that declare themselves
   * {@link StackProvider#privileged() privileged}.
   */
  public Optional<GroundTruth> groundTruth() {
    return Optional.ofNullable(groundTruth);
  }

  /**
   * The chunk-execution strategy the run asks of every chunked policy stack (e.g.
   * {@code stackarena bench --chunking rtc}), in the text form of
   * {@code org.stackarena.api.policy.ChunkExecution#parse}; empty: each stack's own choice
   * ({@code policy.json}'s {@code chunk_execution}, else its default). Stacks without chunk execution
   * ignore it.
   */
  public Optional<String> chunkExecution() {
    return Optional.ofNullable(chunkExecution);
  }

  /** This context with another chunk-execution choice (null: none). */
  public StackContext withChunkExecution(String execution) {
    Builder b = new Builder(robot, controlDt).optCameras(cameras).optGroundTruth(groundTruth);
    return b.optChunkExecution(execution).build();
  }

  @Override
  public String toString() {
    return "StackContext[robot=" + robot.name() + ", cameras=" + cameras + ", dt=" + controlDt
        + (groundTruth == null ? "" : ", privileged")
        + (chunkExecution == null ? "" : ", chunking=" + chunkExecution) + "]";
  }

  /** Builder: required settings in {@link StackContext#builder}, optional ones {@code opt*}. */
  public static final class Builder {
    private final RobotDescription robot;
    private final double controlDt;
    private List<String> cameras = List.of();
    private GroundTruth groundTruth;
    private String chunkExecution;

    private Builder(RobotDescription robot, double controlDt) {
      this.robot = Objects.requireNonNull(robot, "robot");
      if (!(controlDt > 0) || !Double.isFinite(controlDt)) {
        throw new IllegalArgumentException("controlDt must be positive and finite, got " + controlDt);
      }
      this.controlDt = controlDt;
    }

    /** Camera names the world can render (default none). */
    public Builder optCameras(List<String> names) {
      this.cameras = Objects.requireNonNull(names, "cameras");
      return this;
    }

    /** The ground-truth view handed to a privileged provider (default none). */
    public Builder optGroundTruth(GroundTruth truth) {
      this.groundTruth = truth;
      return this;
    }

    /**
     * The run's chunk-execution strategy for chunked policy stacks (default none: each stack's own),
     * in {@code ChunkExecution.parse} syntax; parsed, and so validated, by the stacks' loaders.
     *
     * @throws IllegalArgumentException for a blank value
     */
    public Builder optChunkExecution(String execution) {
      if (execution != null && execution.isBlank()) {
        throw new IllegalArgumentException("chunk execution must not be blank");
      }
      this.chunkExecution = execution;
      return this;
    }

    /** Builds the context. */
    public StackContext build() {
      return new StackContext(this);
    }
  }
}
