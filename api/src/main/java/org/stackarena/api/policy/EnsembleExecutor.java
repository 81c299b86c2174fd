package org.stackarena.api.policy;

import java.util.Arrays;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;

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
  private final QuaternionSum rotations = new QuaternionSum();

  /** The space the averages are published in, or null; rounding past its bounds is taken back. */
  private final ActionSpace space;

  EnsembleExecutor(long windowMicros, ActionSpace space) {
    this.windowMicros = windowMicros;
    this.space = space;
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
      quats[tail] = rotations.quaternions(fresh, quats[tail]);
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
      rotations.clear();
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
          rotations.addInterpolated(quats[idx], lo, Math.min(lo + 1, m - 1), f);
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
        rotations.writeTo(v);
      }
      roundIntoBounds(v);
      out[k] = new Action(v, gripper / count);
    }
    return new ActionChunk(Arrays.asList(out), fresh.intervalSeconds());
  }

  /**
   * An average of values on a bound can land an ulp past it (0.8 averaged gives 0.8000000000000002);
   * such a value is put back on the bound. A value further out stays, so the harness still rejects a
   * policy that really leaves its space.
   */
  private void roundIntoBounds(double[] v) {
    if (space == null || space.dimension() != v.length) {
      return;
    }
    for (int i = 0; i < v.length; i++) {
      double tol = 1e-12 * Math.max(1, Math.max(Math.abs(space.low(i)), Math.abs(space.high(i))));
      if (v[i] > space.high(i) && v[i] - space.high(i) <= tol) {
        v[i] = space.high(i);
      } else if (v[i] < space.low(i) && space.low(i) - v[i] <= tol) {
        v[i] = space.low(i);
      }
    }
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
