package org.stackarena.api.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.stackarena.api.Action;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.Intrinsics;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;

/**
 * A pure-Java stand-in for the MuJoCo world: a 3-joint "arm" whose joints are independent
 * unit-mass prismatic axes and whose end effector sits at the joint positions (identity
 * kinematics). The task is to bring the end effector within {@code tolerance} of a goal.
 *
 * <p>Commands: JOINT_POSITION drives a PD servo (kp 400, kd 40) to the targets; JOINT_TORQUE is
 * a force per axis; EE_DELTA moves the PD target by dx, dy, dz per physics step (rotations are
 * ignored); EE_POSE sets the PD target to x, y, z (the rotation is ignored). Before the first command the servo holds the reset posture. Hitting a joint limit
 * counts a collision. Optionally reports a physics warning from a given time on. Cameras
 * {@code front} and {@code wrist} render tiny frames whose pixels depend on the state; renders are
 * counted and their times logged. Applied actions are logged with their step times.
 */
public final class FakeArmWorld implements World {

  /** Joint limit magnitude. */
  public static final double LIMIT = 1.0;

  private final double dt;
  private final double timeLimit;
  private final double[] goal;
  private final double tolerance;
  private final double unstableAt;
  private final String instruction;
  private final int[] marker;
  private final RobotDescription robot = new RobotDescription("fake-arm",
      List.of("x", "y", "z"), new double[] {-LIMIT, -LIMIT, -LIMIT},
      new double[] {LIMIT, LIMIT, LIMIT}, new double[] {10, 10, 10}, 0.08);

  private final double[] q = new double[3];
  private final double[] v = new double[3];
  private final double[] target = new double[3];
  private final double[] torque = new double[3];
  private boolean torqueMode;
  private double gripper;
  private long steps;
  private long collisions;
  private final boolean[] atLimit = new boolean[3];
  private final Map<String, List<Long>> renders = new LinkedHashMap<>();
  private final List<long[]> appliedTimes = new ArrayList<>();
  private final List<Action> applied = new ArrayList<>();
  private boolean closed;

  private FakeArmWorld(Builder b) {
    this.dt = b.dt;
    this.timeLimit = b.timeLimit;
    this.goal = b.goal.clone();
    this.tolerance = b.tolerance;
    this.unstableAt = b.unstableAt;
    this.instruction = b.instruction;
    this.marker = b.marker == null ? null : b.marker.clone();
  }

  /** A builder with defaults: dt 2 ms, 2 s limit, goal (0.3, -0.2, 0.1), tolerance 1 cm. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void reset(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 3; i++) {
      q[i] = (r.nextDouble() - 0.5) * 0.4;
      v[i] = 0;
      target[i] = q[i];
      torque[i] = 0;
      atLimit[i] = false;
    }
    torqueMode = false;
    gripper = 0;
    steps = 0;
    collisions = 0;
    renders.clear();
    appliedTimes.clear();
    applied.clear();
  }

  @Override
  public double dt() {
    return dt;
  }

  @Override
  public double time() {
    return steps * dt;
  }

  /** Current time in whole microseconds. */
  public long timeMicros() {
    return Math.round(steps * dt * 1e6);
  }

  @Override
  public double timeLimit() {
    return timeLimit;
  }

  @Override
  public String instruction() {
    return instruction != null ? instruction : String.format(java.util.Locale.ROOT,
        "move the gripper to (%.2f, %.2f, %.2f)", goal[0], goal[1], goal[2]);
  }

  @Override
  public RobotDescription robot() {
    return robot;
  }

  @Override
  public List<String> cameras() {
    return List.of("front", "wrist");
  }

  @Override
  public Proprioception proprioception() {
    return new Proprioception(q.clone(), v.clone(), 0.08 * (1 - gripper), q.clone(),
        new double[] {1, 0, 0, 0}, timeMicros());
  }

  @Override
  public CameraFrame render(String camera) {
    if (!cameras().contains(camera)) {
      throw new IllegalArgumentException("no camera '" + camera + "'; cameras are " + cameras());
    }
    renders.computeIfAbsent(camera, k -> new ArrayList<>()).add(timeMicros());
    int w = 4;
    int h = 3;
    byte[] rgb = new byte[w * h * 3];
    float[] depth = new float[w * h];
    for (int i = 0; i < w * h; i++) {
      rgb[3 * i] = (byte) (128 + 100 * q[0]);
      rgb[3 * i + 1] = (byte) (128 + 100 * q[1]);
      rgb[3 * i + 2] = (byte) (128 + 100 * q[2]);
      depth[i] = (float) (1.0 + q[2]);
      if (marker != null && i % w < w / 2) {
        rgb[3 * i] = (byte) marker[0];
        rgb[3 * i + 1] = (byte) marker[1];
        rgb[3 * i + 2] = (byte) marker[2];
      }
    }
    return new CameraFrame(camera, w, h, rgb, depth, new Intrinsics(4, 4, 2, 1.5),
        new double[] {1, 0, 0.5}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, timeMicros());
  }

  @Override
  public void apply(Action action, ActionSpace space) {
    appliedTimes.add(new long[] {timeMicros()});
    applied.add(action);
    gripper = action.gripper();
    double[] a = action.values();
    switch (space.type()) {
      case JOINT_POSITION -> {
        torqueMode = false;
        System.arraycopy(a, 0, target, 0, 3);
      }
      case JOINT_TORQUE -> {
        torqueMode = true;
        System.arraycopy(a, 0, torque, 0, 3);
      }
      case EE_DELTA -> {
        torqueMode = false;
        for (int i = 0; i < 3; i++) {
          target[i] = Math.max(-LIMIT, Math.min(LIMIT, target[i] + a[i]));
        }
      }
      case EE_POSE -> {
        torqueMode = false;
        for (int i = 0; i < 3; i++) {
          target[i] = Math.max(-LIMIT, Math.min(LIMIT, a[i]));
        }
      }
      default -> throw new IllegalStateException("unknown space " + space.type());
    }
  }

  @Override
  public Optional<String> step() {
    for (int i = 0; i < 3; i++) {
      double acc = torqueMode ? torque[i] - 0.5 * v[i] : 400 * (target[i] - q[i]) - 40 * v[i];
      v[i] += acc * dt;
      q[i] += v[i] * dt;
      boolean hit = Math.abs(q[i]) >= LIMIT;
      if (hit) {
        q[i] = Math.copySign(LIMIT, q[i]);
        v[i] = 0;
        if (!atLimit[i]) {
          collisions++;
        }
      }
      atLimit[i] = hit;
    }
    steps++;
    if (time() >= unstableAt - 1e-12) {
      return Optional.of("fake instability at t=" + time());
    }
    return Optional.empty();
  }

  @Override
  public Verdict judge() {
    double d2 = 0;
    for (int i = 0; i < 3; i++) {
      d2 += (q[i] - goal[i]) * (q[i] - goal[i]);
    }
    return Math.sqrt(d2) < tolerance ? Verdict.success() : Verdict.inProgress();
  }

  @Override
  public double[] eePosition() {
    return q.clone();
  }

  @Override
  public long collisions() {
    return collisions;
  }

  /** Goal position. */
  public double[] goal() {
    return goal.clone();
  }

  /** Render times (microseconds) per camera since reset. */
  public Map<String, List<Long>> renders() {
    return Collections.unmodifiableMap(renders);
  }

  /** Number of renders of {@code camera} since reset. */
  public int renderCount(String camera) {
    return renders.getOrDefault(camera, List.of()).size();
  }

  /** Actions applied since reset, one per physics step once commands flow. */
  public List<Action> applied() {
    return Collections.unmodifiableList(applied);
  }

  /** Step time (microseconds) of each applied action. */
  public long appliedTime(int i) {
    return appliedTimes.get(i)[0];
  }

  /** Whether {@link #close} was called. */
  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Builder for {@link FakeArmWorld}. */
  public static final class Builder {
    private double dt = 0.002;
    private double timeLimit = 2.0;
    private double[] goal = {0.3, -0.2, 0.1};
    private double tolerance = 0.01;
    private double unstableAt = Double.POSITIVE_INFINITY;
    private String instruction;
    private int[] marker;

    /** The instruction text (default: "move the gripper to (x, y, z)" with the goal). */
    public Builder optInstruction(String text) {
      this.instruction = text;
      return this;
    }

    /** Paints the left half of every camera frame in this RGB colour (0-255), a blob to perceive. */
    public Builder optMarker(int r, int g, int b) {
      this.marker = new int[] {r, g, b};
      return this;
    }

    /** Physics step. */
    public Builder optDt(double dt) {
      this.dt = dt;
      return this;
    }

    /** Time limit in seconds. */
    public Builder optTimeLimit(double s) {
      this.timeLimit = s;
      return this;
    }

    /** Goal position. */
    public Builder optGoal(double... goal) {
      this.goal = goal.clone();
      return this;
    }

    /** Report a physics warning from this sim time on. */
    public Builder optUnstableAt(double s) {
      this.unstableAt = s;
      return this;
    }

    /** Builds the world. */
    public FakeArmWorld build() {
      return new FakeArmWorld(this);
    }
  }
}
