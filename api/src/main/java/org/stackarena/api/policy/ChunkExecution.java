package org.stackarena.api.policy;

import java.util.Arrays;
import java.util.Locale;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Durations;
import org.stackarena.api.Rotations;

/**
 * How a {@link PolicyStack} turns the chunk its action stage just predicted into the chunk it
 * publishes: a named option of the stack, not code inside any one policy.
 *
 * <p>Forms (also the syntax of {@link #parse} and {@link #toString}, which round-trip):
 * <ul>
 *   <li>{@code replace}: publish each new chunk as it is. The harness starts a chunk when it becomes
 *       visible, so its step 0 applies at once and a newer chunk replaces the rest.</li>
 *   <li>{@code ensemble:1.0s}: temporal ensembling as in ACT (Zhao et al. 2023), with uniform weights:
 *       the published step k (for time {@code t + k * interval}) is the average of what every chunk
 *       predicted at most the window ago says for that time, each chunk's steps linearly interpolated
 *       in time and a chunk counted only up to its last step. Gripper commands are averaged like the
 *       values. Durations accept {@code us}, {@code ms} and {@code s}.</li>
 * </ul>
 */
public sealed interface ChunkExecution {

  /** The valid forms, for error messages. */
  String FORMS = "valid forms: replace, ensemble:<window> (e.g. ensemble:1.0s, ensemble:500ms)";

  /** Publish each new chunk as it is. */
  static ChunkExecution replace() {
    return Replace.INSTANCE;
  }

  /** Temporal ensembling over the chunks predicted within {@code windowSeconds}. */
  static ChunkExecution ensemble(double windowSeconds) {
    return new Ensemble(windowSeconds);
  }

  /**
   * Per-episode state: a new one at every {@link PolicyStack#reset}.
   *
   * @param space the action space of the chunks it will see (the ensemble averages an
   *     {@link ActionSpace.Type#EE_POSE} orientation as a rotation, not component-wise)
   */
  Executor newExecutor(ActionSpace space);

  /** The per-episode state of a strategy. */
  interface Executor {

    /**
     * The chunk to publish for a tick at {@code tickMicros} (sim time, non-decreasing) given the chunk
     * the action stage just made.
     *
     * @param fresh the new chunk; it may be kept (it is never modified)
     * @return the chunk to publish, a new object or {@code fresh} itself
     */
    ActionChunk next(long tickMicros, ActionChunk fresh);
  }

  /** Publish each new chunk as it is. */
  enum Replace implements ChunkExecution {
    /** The only instance. */
    INSTANCE;

    @Override
    public Executor newExecutor(ActionSpace space) {
      return (t, fresh) -> fresh;
    }

    @Override
    public String toString() {
      return "replace";
    }
  }

  /**
   * ACT temporal ensembling.
   *
   * @param windowSeconds how far back chunks count, positive and finite
   */
  record Ensemble(double windowSeconds) implements ChunkExecution {

    /** Validates the window. */
    public Ensemble {
      if (!(windowSeconds > 0) || !Double.isFinite(windowSeconds)) {
        throw new IllegalArgumentException("ensemble window must be positive and finite, got "
            + windowSeconds + " s");
      }
    }

    @Override
    public Executor newExecutor(ActionSpace space) {
      return new EnsembleExecutor(Math.max(1, Math.round(windowSeconds * 1e6)), space);
    }

    @Override
    public String toString() {
      return "ensemble:" + windowSeconds + "s";
    }
  }

  /**
   * Parses {@code replace} or {@code ensemble:<duration>}.
   *
   * @throws IllegalArgumentException saying what was wrong and listing the valid forms
   */
  static ChunkExecution parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("chunk execution is missing; " + FORMS);
    }
    String s = text.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    String arg = colon < 0 ? null : s.substring(colon + 1).trim();
    try {
      switch (kind) {
        case "replace":
          if (arg != null) {
            throw new IllegalArgumentException("'replace' takes no value");
          }
          return replace();
        case "ensemble":
          if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("ensemble needs a window after ':'");
          }
          return ensemble(seconds(arg));
        default:
          throw new IllegalArgumentException("unknown kind '" + kind + "'");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad chunk execution '" + text + "': " + e.getMessage() + "; "
          + FORMS, e);
    }
  }

  private static double seconds(String s) {
    return Durations.parseMillis(s) / 1e3;
  }
}

/**
 * The ensemble's state: the chunks of the window, kept by reference in a ring (no copies), and the
 * arithmetic of {@link ChunkExecution.Ensemble}. Allocates only the published chunk per call once the
 * ring has grown to the window.
 */
final class EnsembleExecutor implements ChunkExecution.Executor {

  private final long windowMicros;
  private long[] times = new long[16];
  private ActionChunk[] chunks = new ActionChunk[16];
  /** EE_POSE only: each kept chunk's step orientations as unit quaternions, 4 per step, made once. */
  private double[][] quats = new double[16][];
  private int head;
  private int size;
  private double[] sum = new double[8];

  /** Whether values 3..5 are a rotation vector (EE_POSE), averaged as rotations. */
  private final boolean rotationVector;
  private final double[] rv = new double[3];
  private final double[] qa = new double[4];
  private final double[] qb = new double[4];
  private final double[] qsum = new double[4];

  EnsembleExecutor(long windowMicros, ActionSpace space) {
    this.windowMicros = windowMicros;
    this.rotationVector = space != null && space.type() == ActionSpace.Type.EE_POSE;
  }

  @Override
  public ActionChunk next(long t, ActionChunk fresh) {
    while (size > 0 && times[head] < t - windowMicros) {
      chunks[head] = null;
      head = (head + 1) % chunks.length;
      size--;
    }
    if (size == chunks.length) {
      grow();
    }
    int tail = (head + size) % chunks.length;
    times[tail] = t;
    chunks[tail] = fresh;
    if (rotationVector) {
      quats[tail] = quaternions(fresh, quats[tail]);
    }
    size++;

    int n = fresh.steps().size();
    int dim = fresh.steps().get(0).values().length;
    long interval = fresh.intervalMicros();
    if (sum.length < dim) {
      sum = new double[dim];
    }
    Action[] out = new Action[n];
    for (int k = 0; k < n; k++) {
      long tau = t + k * interval;
      Arrays.fill(sum, 0, dim, 0.0);
      Arrays.fill(qsum, 0.0);
      double gripper = 0;
      int count = 0;
      for (int j = 0; j < size; j++) {
        int idx = (head + j) % chunks.length;
        ActionChunk c = chunks[idx];
        int m = c.steps().size();
        double s = (double) (tau - times[idx]) / c.intervalMicros();
        if (s < 0 || s > m - 1 || c.steps().get(0).values().length != dim) {
          continue;   // a chunk counts only over its own horizon
        }
        int lo = (int) s;
        double f = s - lo;
        Action a = c.steps().get(lo);
        Action b = c.steps().get(Math.min(lo + 1, m - 1));
        double[] av = a.values();
        double[] bv = b.values();
        for (int i = 0; i < dim; i++) {
          sum[i] += av[i] + f * (bv[i] - av[i]);
        }
        if (rotationVector) {
          addRotation(quats[idx], lo, Math.min(lo + 1, m - 1), f);
        }
        gripper += a.gripper() + f * (b.gripper() - a.gripper());
        count++;
      }
      // the fresh chunk always covers its own steps, so count >= 1
      double[] v = new double[dim];
      for (int i = 0; i < dim; i++) {
        v[i] = sum[i] / count;
      }
      if (rotationVector) {
        // the mean of unit quaternions on one hemisphere, normalised (a rotation vector near pi flips
        // sign between equal rotations, so its components must not be averaged)
        Rotations.quaternionToRotationVector(qsum, rv);
        v[3] = rv[0];
        v[4] = rv[1];
        v[5] = rv[2];
      }
      out[k] = new Action(v, gripper / count);
    }
    return new ActionChunk(Arrays.asList(out), fresh.intervalSeconds());
  }

  /** The step orientations of {@code c} as sign-continuous unit quaternions, into {@code buf} if it fits. */
  private double[] quaternions(ActionChunk c, double[] buf) {
    int m = c.steps().size();
    double[] q = buf != null && buf.length >= 4 * m ? buf : new double[4 * m];
    for (int k = 0; k < m; k++) {
      double[] v = c.steps().get(k).values();
      rv[0] = v[3];
      rv[1] = v[4];
      rv[2] = v[5];
      Rotations.rotationVectorToQuaternion(rv, qa);
      System.arraycopy(qa, 0, q, 4 * k, 4);
    }
    return q;
  }

  /**
   * Adds the orientation between steps {@code a} and {@code b} of a chunk (quaternions {@code q},
   * fraction {@code f}, normalised linear interpolation) to the quaternion sum, on its hemisphere.
   */
  private void addRotation(double[] q, int a, int b, double f) {
    int ia = 4 * a;
    int ib = 4 * b;
    double ab = q[ia] * q[ib] + q[ia + 1] * q[ib + 1] + q[ia + 2] * q[ib + 2] + q[ia + 3] * q[ib + 3];
    double sb = ab < 0 ? -1 : 1;
    for (int i = 0; i < 4; i++) {
      qb[i] = q[ia + i] + f * (sb * q[ib + i] - q[ia + i]);
    }
    double norm = Math.sqrt(dot(qb, qb));
    double sign = dot(qb, qsum) < 0 ? -1 : 1;
    for (int i = 0; i < 4; i++) {
      qsum[i] += sign * qb[i] / norm;
    }
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  }

  private void grow() {
    int len = chunks.length;
    long[] t2 = new long[len * 2];
    ActionChunk[] c2 = new ActionChunk[len * 2];
    for (int j = 0; j < size; j++) {
      t2[j] = times[(head + j) % len];
      c2[j] = chunks[(head + j) % len];
    }
    double[][] q2 = new double[len * 2][];
    for (int j = 0; j < size; j++) {
      q2[j] = quats[(head + j) % len];
    }
    times = t2;
    chunks = c2;
    quats = q2;
    head = 0;
  }
}
