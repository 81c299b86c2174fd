package org.stackarena.pipelines.planning;

import org.stackarena.api.TaskFamily;
import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.kinematics.TopDown;
import org.stackarena.pipelines.trajectory.MinJerkSegment;
import org.stackarena.scenarios.Shape;
import org.stackarena.api.Proprioception;

/**
 * The grasp / place / push state machine shared by the expert and the classical stack.
 *
 * <p>Pick tasks: approach above the object with the fingers across its short side, descend,
 * close, verify the grasp from the gripper width (re-grasp on a miss, up to
 * {@link PipelineConfig#maxGraspAttempts()}), lift, then hold (pick-lift) or transport, lower
 * onto the pad or the support's top, release and retreat. Reach: hover just above the object's
 * top. Push: close the gripper, go behind the object on the line from the pad through the object,
 * descend, stroke until the object's centre should be on the pad centre, back off, and repeat
 * while the object is not close enough.
 *
 * <p>Each state has a goal pose computed from the current {@link SceneEstimate}; when it moves
 * by more than the replanning tolerances the state's segment is re-issued from the currently
 * commanded pose, so the planner follows moving estimates. {@link #update} returns the same
 * {@link PlanCommand} instance until something changes; the caller publishes it when it differs.
 * Runs at planner rate (~10 Hz) and may allocate.
 */
public final class TaskPlanner {

  /** Planner states. */
  public enum State {
    /** above the object, gripper open */
    APPROACH,
    /** down to grasp height */
    DESCEND,
    /** fingers closing */
    CLOSE,
    /** up after a missed grasp, gripper open */
    REOPEN,
    /** lifting the grasped object */
    LIFT,
    /** holding the object up (pick-lift) */
    HOLD,
    /** carrying above the destination */
    TRANSPORT,
    /** lowering onto the destination */
    LOWER,
    /** fingers opening */
    RELEASE,
    /** moving up and away */
    RETREAT,
    /** hovering over the object (reach) */
    REACH,
    /** behind the object, above the table (push) */
    PUSH_APPROACH,
    /** down to push height */
    PUSH_DOWN,
    /** the push stroke */
    PUSH_STROKE,
    /** backing off after a stroke */
    PUSH_BACK,
    /** task finished (or given up): hold still */
    DONE
  }

  private static final double FINGER_HALF_THICKNESS = 0.011;
  private static final double PAD_RADIUS = 0.07;

  private final Goal goal;
  private final PipelineConfig c;
  private final boolean trackInHand;
  private State state;
  private double stateSince;
  private PlanCommand current;
  private ObjectEstimate object;
  private ObjectEstimate support;
  private double padX = Double.NaN;
  private double padY = Double.NaN;
  private double yaw;
  private boolean yawSet;
  private int attempts;
  private int pushes;
  private double offX;
  private double offY;
  private double offZ;
  private final double[] latched = new double[4];
  private final double[] descend = {Double.NaN, 0, 0, 0};
  private final double[] dest = {Double.NaN, Double.NaN};
  private final double[] pushDir = new double[2];
  private double pushExtent;
  private final double[] pose = new double[4];
  private final double[] commanded = new double[4];

  /**
   * @param goal what to do
   * @param config tunables
   */
  public TaskPlanner(Goal goal, PipelineConfig config) {
    this(goal, config, true);
  }

  /**
   * @param goal what to do
   * @param config tunables
   * @param trackInHand whether the object estimate is good enough while the hand holds the
   *     object to measure the hand-object offset (ground truth: yes; perception: no, the hand
   *     occludes it, and the offset is taken as zero: the fingers centre the object)
   */
  public TaskPlanner(Goal goal, PipelineConfig config, boolean trackInHand) {
    this.goal = goal;
    this.c = config;
    this.trackInHand = trackInHand;
  }

  /** The current state. */
  public State state() {
    return state;
  }

  /** Grasp attempts started so far. */
  public int attempts() {
    return attempts;
  }

  /** The latest command (null before the first update). */
  public PlanCommand current() {
    return current;
  }

  /**
   * Advances the state machine.
   *
   * @param t sim time (s)
   * @param scene the newest scene estimate, or null if none yet
   * @param p the newest proprioception
   * @return the command to follow (the same instance when unchanged)
   */
  public PlanCommand update(double t, SceneEstimate scene, Proprioception p) {
    absorb(scene);
    commandedPose(t, p);
    if (state == null) {
      if (object == null) {
        return hold(t, p);
      }
      enter(switch (goal.family()) {
        case REACH -> State.REACH;
        case PUSH -> State.PUSH_APPROACH;
        default -> State.APPROACH;
      }, t);
    }
    if (!yawSet) {
      yaw = commanded[3];
      yawSet = true;
    }
    switch (state) {
      case REACH -> {
        yaw = graspYaw(object, yaw);
        moveTo(t, p, object.x(), object.y(), object.top() + 0.02, yaw, c.freeSpeed(), 0);
      }
      case APPROACH -> {
        yaw = graspYaw(object, yaw);
        if (moveTo(t, p, object.x(), object.y(), object.top() + c.pregraspHeightM(), yaw, c.freeSpeed(), 0)) {
          descend[0] = Double.NaN;
          enter(State.DESCEND, t);
        }
      }
      case DESCEND -> {
        // follow the estimate while still high; in the last centimetres the hand occludes the
        // object, so the goal is frozen there
        if (Double.isNaN(descend[0]) || commanded[2] > graspZ(object) + 0.04) {
          yaw = graspYaw(object, yaw);
          descend[0] = object.x();
          descend[1] = object.y();
          descend[2] = graspZ(object);
          descend[3] = yaw;
        }
        if (moveTo(t, p, descend[0], descend[1], descend[2], descend[3], c.nearSpeed(), 0)) {
          latchEnd();
          attempts++;
          enter(State.CLOSE, t);
        }
      }
      case CLOSE -> {
        moveTo(t, p, latched[0], latched[1], latched[2], latched[3], c.nearSpeed(), 1);
        if (t - stateSince >= c.closeS()) {
          if (holding(p)) {
            if (trackInHand) {
              offX = p.eePosition()[0] - object.x();
              offY = p.eePosition()[1] - object.y();
              offZ = p.eePosition()[2] - object.z();
            }
            enter(State.LIFT, t);
          } else {
            regrasp(t);
          }
        }
      }
      case REOPEN -> {
        if (moveTo(t, p, latched[0], latched[1], latched[2] + c.pregraspHeightM(), latched[3], c.nearSpeed(), 0)) {
          enter(State.APPROACH, t);
        }
      }
      case LIFT -> {
        double z = goal.family() == TaskFamily.PICK_LIFT ? c.liftZ() : c.carryZ();
        if (moveTo(t, p, latched[0], latched[1], z, latched[3], c.nearSpeed() * 1.5, 1)) {
          if (!holding(p)) {
            latchEnd();
            regrasp(t);
          } else {
            enter(goal.family() == TaskFamily.PICK_LIFT ? State.HOLD : State.TRANSPORT, t);
          }
        }
      }
      case HOLD -> moveTo(t, p, latched[0], latched[1], c.liftZ(), latched[3], c.nearSpeed(), 1);
      case TRANSPORT -> {
        if (lost(p, t)) {
          return current;
        }
        trackOffset(p);
        double[] d = destination();
        // the destination is refreshed only while the hand is not above it: the hand and the
        // carried object occlude the pad or the support when it is
        if (d != null && (Double.isNaN(dest[0]) || trackInHand
            || Math.hypot(commanded[0] - dest[0], commanded[1] - dest[1]) > 0.08)) {
          dest[0] = d[0];
          dest[1] = d[1];
        }
        if (!Double.isNaN(dest[0])
            && moveTo(t, p, dest[0] + offX, dest[1] + offY, c.carryZ(), yaw, c.freeSpeed(), 1)) {
          enter(State.LOWER, t);
        }
      }
      case LOWER -> {
        if (lost(p, t)) {
          return current;
        }
        double[] d = trackInHand ? destination() : dest;
        double rest = goal.family() == TaskFamily.STACK && support != null ? support.top() : 0;
        double z = rest + object.hz() + c.placeClearanceM() + offZ;
        if (d != null && moveTo(t, p, d[0] + offX, d[1] + offY, z, yaw, c.nearSpeed(), 1)) {
          latchEnd();
          enter(State.RELEASE, t);
        }
      }
      case RELEASE -> {
        moveTo(t, p, latched[0], latched[1], latched[2], latched[3], c.nearSpeed(), 0);
        if (t - stateSince >= c.releaseS()) {
          enter(State.RETREAT, t);
        }
      }
      case RETREAT -> {
        if (moveTo(t, p, latched[0], latched[1], latched[2] + 0.08, latched[3], c.nearSpeed(), 0)) {
          latchEnd();
          enter(State.DONE, t);
        }
      }
      case PUSH_APPROACH -> {
        if (!hasPad()) {
          return hold(t, p);
        }
        aimPush();
        double sx = object.x() - pushDir[0] * (pushExtent + FINGER_HALF_THICKNESS + c.pushClearanceM());
        double sy = object.y() - pushDir[1] * (pushExtent + FINGER_HALF_THICKNESS + c.pushClearanceM());
        if (moveTo(t, p, sx, sy, c.pushZ() + 0.08, yaw, c.freeSpeed(), 1)) {
          latchEnd();
          enter(State.PUSH_DOWN, t);
        }
      }
      case PUSH_DOWN -> {
        if (moveTo(t, p, latched[0], latched[1], c.pushZ(), latched[3], c.nearSpeed(), 1)) {
          pushes++;
          enter(State.PUSH_STROKE, t);
        }
      }
      case PUSH_STROKE -> {
        double ex = padX - pushDir[0] * (pushExtent + FINGER_HALF_THICKNESS);
        double ey = padY - pushDir[1] * (pushExtent + FINGER_HALF_THICKNESS);
        if (moveTo(t, p, ex, ey, c.pushZ(), latched[3], c.pushSpeed(), 1)) {
          latchEnd();
          enter(State.PUSH_BACK, t);
        }
      }
      case PUSH_BACK -> {
        if (moveTo(t, p, latched[0] - pushDir[0] * 0.02, latched[1] - pushDir[1] * 0.02, c.pushZ() + 0.08,
            latched[3], c.nearSpeed(), 1)) {
          double miss = Math.hypot(object.x() - padX, object.y() - padY);
          if (miss <= c.pushDoneFraction() * PAD_RADIUS || pushes >= c.maxPushes()) {
            latchEnd();
            enter(State.DONE, t);
          } else {
            enter(State.PUSH_APPROACH, t);
          }
        }
      }
      case DONE -> moveTo(t, p, latched[0], latched[1], latched[2], latched[3], c.nearSpeed(),
          goal.family() == TaskFamily.PICK_LIFT ? 1 : current == null ? 0 : current.gripper());
      default -> throw new IllegalStateException("unhandled state " + state);
    }
    return current;
  }

  private void absorb(SceneEstimate scene) {
    if (scene == null) {
      return;
    }
    if (scene.object() != null) {
      object = scene.object();
    }
    if (scene.support() != null) {
      support = scene.support();
    }
    if (scene.hasPad()) {
      padX = scene.padX();
      padY = scene.padY();
    }
  }

  private boolean hasPad() {
    return !Double.isNaN(padX);
  }

  private double[] destination() {
    if (goal.family() == TaskFamily.STACK) {
      return support == null ? null : new double[] {support.x(), support.y()};
    }
    return hasPad() ? new double[] {padX, padY} : null;
  }

  /** While carrying, refresh the hand-object offset from a confident, lifted estimate. */
  private void trackOffset(Proprioception p) {
    if (trackInHand && object.confidence() >= 0.5 && object.z() - object.hz() > 0.03) {
      offX = p.eePosition()[0] - object.x();
      offY = p.eePosition()[1] - object.y();
    }
  }

  /** A dropped object (fingers closed well below its width) sends the planner back to re-grasp it. */
  private boolean lost(Proprioception p, double t) {
    if (t - stateSince > 0.3 && p.gripperWidth() < 0.5 * c.graspWidthRatio() * object.graspWidth()) {
      latchEnd();
      dest[0] = Double.NaN;
      regrasp(t);
      return true;
    }
    return false;
  }

  private void regrasp(double t) {
    if (attempts >= c.maxGraspAttempts()) {
      enter(State.DONE, t);
    } else {
      enter(State.REOPEN, t);
    }
  }

  private boolean holding(Proprioception p) {
    return p.gripperWidth() >= c.graspWidthRatio() * object.graspWidth();
  }

  private void aimPush() {
    double dx = padX - object.x(), dy = padY - object.y();
    double n = Math.hypot(dx, dy);
    if (n < 1e-6) {
      dx = 1;
      dy = 0;
      n = 1;
    }
    pushDir[0] = dx / n;
    pushDir[1] = dy / n;
    double a = Math.atan2(dy, dx) - object.yaw();
    pushExtent = object.shape() == Shape.CYLINDER ? object.hx()
        : Math.abs(Math.cos(a)) * object.hx() + Math.abs(Math.sin(a)) * object.hy();
    // the hand's x axis along the stroke: the closed fingers' flat faces push
    double psi = Math.atan2(dy, dx);
    yaw = nearest(psi, Math.PI, yaw);
  }

  private static double graspZ(ObjectEstimate o) {
    return Math.max(o.z(), 0.016);
  }

  /**
   * The gripper yaw that puts the fingers across the object's short side, nearest to
   * {@code ref}: blocks have two such yaws per turn, cubes four, cylinders any.
   */
  public static double graspYaw(ObjectEstimate o, double ref) {
    return switch (o.shape()) {
      case CYLINDER -> ref;
      case CUBE -> nearest(o.yaw(), Math.PI / 2, ref);
      case BLOCK -> nearest(o.hx() >= o.hy() ? o.yaw() : o.yaw() + Math.PI / 2, Math.PI, ref);
    };
  }

  private static double nearest(double base, double period, double ref) {
    return base + period * Math.round((ref - base) / period);
  }

  private void enter(State s, double t) {
    state = s;
    stateSince = t;
  }

  private void latchEnd() {
    if (current != null) {
      System.arraycopy(current.segment().end(), 0, latched, 0, 4);
    } else {
      System.arraycopy(commanded, 0, latched, 0, 4);
    }
  }

  private void commandedPose(double t, Proprioception p) {
    if (current != null) {
      current.segment().sample(t, commanded);
    } else {
      double[] e = p.eePosition();
      commanded[0] = e[0];
      commanded[1] = e[1];
      commanded[2] = e[2];
      commanded[3] = TopDown.yawOfQuaternion(p.eeQuaternion());
    }
  }

  private PlanCommand hold(double t, Proprioception p) {
    if (current == null) {
      double[] here = commanded.clone();
      current = new PlanCommand(new MinJerkSegment(here, here, t, c.minSegmentS()), 0, "WAIT");
      System.arraycopy(here, 0, latched, 0, 4);
    }
    return current;
  }

  /**
   * Keeps (or re-issues) a segment to the given pose and gripper command.
   *
   * @return true once the segment has ended, the settle time passed and the measured ee is within
   *     the arrival tolerance (or the arrival timeout passed)
   */
  private boolean moveTo(double t, Proprioception p, double x, double y, double z, double psi, double speed,
      double gripper) {
    pose[0] = x;
    pose[1] = y;
    pose[2] = z;
    pose[3] = psi;
    boolean reissue = current == null || current.gripper() != gripper
        || !current.state().equals(state.name());
    if (!reissue) {
      double[] end = current.segment().end();
      double dp = Math.sqrt(sq(end[0] - x) + sq(end[1] - y) + sq(end[2] - z));
      reissue = dp > c.replanTolM() || Math.abs(TopDown.wrap(end[3] - psi)) > c.replanTolYaw();
    }
    if (reissue) {
      double[] start = commanded.clone();
      double[] end = pose.clone();
      end[3] = start[3] + TopDown.wrap(end[3] - start[3]);
      MinJerkSegment seg = MinJerkSegment.between(start, end, t, speed, c.yawSpeed(), c.minSegmentS());
      current = new PlanCommand(seg, gripper, state.name());
      return false;
    }
    MinJerkSegment seg = current.segment();
    if (t < seg.t1() + c.settleS()) {
      return false;
    }
    double[] e = p.eePosition();
    double[] end = seg.end();
    double err = Math.sqrt(sq(e[0] - end[0]) + sq(e[1] - end[1]) + sq(e[2] - end[2]));
    return err <= c.arriveTolM() || t >= seg.t1() + c.arriveTimeoutS();
  }

  private static double sq(double v) {
    return v * v;
  }
}
