package org.stackarena.api.harness;

import java.util.Objects;
import java.util.function.Supplier;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionCommand;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Proprioception;
import org.stackarena.api.Rotations;
import org.stackarena.api.Stamped;

/**
 * Turns an {@link ActionSpace.Type#EE_DELTA} stack's commands into the absolute
 * {@link ActionSpace.Type#EE_POSE} commands a {@link World} applies. {@link EpisodeRunner} owns
 * one per episode; this class is the one statement of what an end-effector delta means.
 *
 * <p><b>The rule.</b> The harness keeps a <em>commanded pose</em> (position and orientation in
 * the base frame). A delta is applied to the pose commanded at the end of the previous step (the
 * <em>base</em>), never to the measured pose, so a stack never needs to know or mirror where the
 * world's controller is aiming:
 * <ul>
 *   <li>The episode's first step starts from the measured end-effector pose
 *       ({@link World#proprioception()} when that step takes effect).</li>
 *   <li>A new <em>step</em> sets commanded = base &oplus; delta: position base + (dx, dy, dz);
 *       orientation R(droll, dpitch, dyaw) &middot; base rotation (the increment about the fixed
 *       base axes, R = Rz(dyaw) Ry(dpitch) Rx(droll); see {@link Rotations#rpyToMatrix}), and
 *       base := the pose commanded before it.</li>
 *   <li>What is a new step: (a) a bare {@link Action} that is a different object from the
 *       previous command's (a republished object changes nothing); (b) within one
 *       {@link ActionChunk}, its step index {@code floor((t - start) / interval)} increasing,
 *       start being the chunk's visibility time (the publishing tick's time for an
 *       {@link ActionChunk.Anchor#TICK} chunk, whose steps passed in flight are then applied at once,
 *       in order, on arrival) or, see (c), the start of the slot it replaced into; each step passed is applied once, in order; a chunk that has run out holds its last
 *       step without applying it again: the pose stays; (c) a newer chunk becoming visible: if the
 *       step in effect has been in effect for at least its chunk's interval, the new chunk's
 *       first step is a new step; if the new chunk arrives sooner, its first step
 *       <em>replaces</em> the step in effect: commanded = the same base &oplus; the new delta, and
 *       the slot keeps its start time, which is also where the new chunk's own clock starts
 *       (its step i is due at slot start + i * interval). A chunk after a bare action is always a
 *       new step.</li>
 * </ul>
 * So a policy polled faster than its chunk interval does not accumulate: a stack that publishes a
 * 0.1 s chunk every 10 ms re-commands the same slot nine times and moves on by one step every
 * 0.1 s, exactly as if it published once per 0.1 s; at 30 Hz it moves on every 0.1 s too. Times
 * are integer microseconds; a chunk that starts a new step counts its steps from its visibility
 * time ({@code visible + i * interval}, as {@link ActionChunk#stepAt} does).
 *
 * <p>The gripper command of the step in effect passes through unchanged. Poses are returned as
 * {@link ActionSpace.Type#EE_POSE} actions in {@link #POSE_SPACE}; a new {@link Action} object only
 * when the commanded pose or gripper changes (a step or a replacement), the same object otherwise.
 * Nothing else allocates. Not thread-safe.
 */
public final class EeDeltaIntegrator {

  /**
   * The space of the poses this class produces and the harness passes to
   * {@link World#apply}: any finite position, any orientation (rotation-vector components in
   * [-pi, pi]).
   */
  public static final ActionSpace POSE_SPACE = ActionSpace.eePose(
      new double[] {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE},
      new double[] {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE});

  private static final double[] IDENTITY = {1, 0, 0, 0};

  private boolean started;
  private final double[] basePos = new double[3];
  private final double[] baseQuat = new double[4];
  private final double[] pos = new double[3];
  private final double[] quat = new double[4];
  private final double[] rv = new double[3];
  private final double[] dq = new double[4];

  private Stamped<ActionCommand> command;
  private Action step;
  /** Time from which the chunk in effect counts its steps: its step i applies from origin + i * interval. */
  private long origin;
  private int index;
  private long slotStart;
  private long slotInterval;
  private Action pose;

  /** An integrator for a new episode. */
  public EeDeltaIntegrator() {
    reset();
  }

  /** Forgets the commanded pose and the command in effect: the next step starts from the measured pose. */
  public void reset() {
    started = false;
    command = null;
    step = null;
    origin = 0;
    index = 0;
    slotStart = 0;
    slotInterval = 0;
    pose = null;
  }

  /**
   * The pose command in effect at {@code tMicros}, given the newest visible EE_DELTA command.
   * Call once per physics step, with non-decreasing times.
   *
   * @param visible the newest visible command (an {@link Action} or {@link ActionChunk} of
   *     already-validated deltas), the same {@link Stamped} object for as long as it is the newest
   * @param tMicros the physics step's time
   * @param measured the measured end-effector pose; read once, at the episode's first step
   * @return an EE_POSE action (x, y, z, rx, ry, rz) in {@link #POSE_SPACE} with the step's gripper
   */
  public Action update(Stamped<ActionCommand> visible, long tMicros, Supplier<Proprioception> measured) {
    Objects.requireNonNull(visible, "visible");
    if (!started) {
      Proprioception p = measured.get();
      System.arraycopy(p.eePosition(), 0, pos, 0, 3);
      Rotations.multiplyQuaternions(p.eeQuaternion(), IDENTITY, quat); // normalised, w >= 0
      started = true;
    }
    if (visible != command) {
      arrive(visible, tMicros);
    } else if (visible.value() instanceof ActionChunk chunk) {
      advance(chunk, tMicros);
    }
    return pose;
  }

  private void arrive(Stamped<ActionCommand> next, long t) {
    Stamped<ActionCommand> previous = command;
    command = next;
    index = 0;
    if (next.value() instanceof Action a) {
      if (a != step) {
        newStep(a, t);
      }
      slotInterval = 0;
      return;
    }
    ActionChunk chunk = (ActionChunk) next.value();
    Action first = chunk.steps().get(0);
    if (previous != null && slotInterval > 0 && t - slotStart < slotInterval) {
      // a replacement: the slot keeps its start, and the new chunk's later steps follow the
      // slot's clock, so the pose moves on once per interval whatever the poll rate
      replace(first);
      origin = slotStart;
    } else {
      long start = chunk.startMicros(next.publishedMicros(), next.visibleMicros());
      newStep(first, start);
      origin = start;
    }
    slotInterval = chunk.intervalMicros();
    advance(chunk, t);
  }

  private void advance(ActionChunk chunk, long t) {
    long interval = chunk.intervalMicros();
    long elapsed = t - origin;
    int k = elapsed <= 0 ? 0 : (int) Math.min(elapsed / interval, chunk.steps().size() - 1);
    while (index < k) {
      index++;
      newStep(chunk.steps().get(index), origin + index * interval);
    }
  }

  private void newStep(Action delta, long start) {
    System.arraycopy(pos, 0, basePos, 0, 3);
    System.arraycopy(quat, 0, baseQuat, 0, 4);
    slotStart = start;
    replace(delta);
  }

  private void replace(Action delta) {
    step = delta;
    applyDelta(basePos, baseQuat, delta.values(), pos, quat, dq);
    Rotations.quaternionToRotationVector(quat, rv);
    double[] v = new double[6];
    System.arraycopy(pos, 0, v, 0, 3);
    for (int i = 0; i < 3; i++) {
      v[3 + i] = Math.max(-Math.PI, Math.min(Math.PI, rv[i]));
    }
    pose = new Action(v, delta.gripper());
  }

  /**
   * Writes base &oplus; delta, the rule's composition, into {@code outPosition} and
   * {@code outQuaternion}: position + (dx, dy, dz); orientation R(droll, dpitch, dyaw) applied
   * about the base axes on top of {@code quaternion}. Outputs may alias the inputs.
   *
   * @param position base position (3 values)
   * @param quaternion base orientation (w, x, y, z)
   * @param delta dx, dy, dz, droll, dpitch, dyaw
   * @param outPosition receives the position
   * @param outQuaternion receives the orientation (unit, w >= 0)
   */
  public static void applyDelta(double[] position, double[] quaternion, double[] delta,
      double[] outPosition, double[] outQuaternion) {
    applyDelta(position, quaternion, delta, outPosition, outQuaternion, new double[4]);
  }

  private static void applyDelta(double[] position, double[] quaternion, double[] delta,
      double[] outPosition, double[] outQuaternion, double[] work) {
    for (int i = 0; i < 3; i++) {
      outPosition[i] = position[i] + delta[i];
    }
    Rotations.rpyToQuaternion(delta[3], delta[4], delta[5], work);
    Rotations.multiplyQuaternions(work, quaternion, outQuaternion);
  }

  /** The commanded position (a copy; zeros before the first step). */
  public double[] commandedPosition() {
    return pos.clone();
  }

  /** The commanded orientation (w, x, y, z; a copy). */
  public double[] commandedQuaternion() {
    return quat.clone();
  }
}
