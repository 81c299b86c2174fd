package org.stackarena.api.policy;

import java.util.Arrays;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.TickContext;

/**
 * The state and arithmetic of {@link ChunkExecution.Rtc}: the previously published chunk and the time
 * of its tick. Every published chunk is {@link ActionChunk.Anchor#TICK tick-anchored}, so the previous
 * chunk's step for time {@code tau} is the one the harness applies at {@code tau} (a zero-order hold:
 * {@link ActionChunk#stepAt}); the frozen prefix is exactly what was committed for those times.
 * Allocates the published chunk per call. Not thread-safe.
 */
final class RtcExecutor implements ChunkExecution.Executor {

  private final ChunkExecution.Rtc rtc;
  /** Whether values 3..5 are a rotation vector (EE_POSE), blended as rotations. */
  private final boolean rotationVector;
  private final QuaternionSum rotations = new QuaternionSum();
  private ActionChunk previous;
  private long previousTick;

  RtcExecutor(ChunkExecution.Rtc rtc, ActionSpace space) {
    this.rtc = rtc;
    this.rotationVector = space != null && space.type() == ActionSpace.Type.EE_POSE;
  }

  @Override
  public ActionChunk next(long tickMicros, ActionChunk fresh) {
    return next(tickMicros, -1, fresh);
  }

  @Override
  public ActionChunk next(TickContext tick, ActionChunk fresh) {
    return next(tick.timeMicros(), tick.previousLatencyMicros(), fresh);
  }

  /**
   * @param t the tick's time
   * @param latency the previous inference's latency (the estimate of this one's), negative if unknown
   */
  private ActionChunk next(long t, long latency, ActionChunk fresh) {
    int n = fresh.steps().size();
    long interval = fresh.intervalMicros();
    int dim = fresh.steps().get(0).values().length;
    ActionChunk out;
    if (previous == null || previous.steps().get(0).values().length != dim) {
      out = fresh.withAnchor(ActionChunk.Anchor.TICK);
    } else {
      // d: the steps the previous chunk executes in full while this one is inferred (the delay in whole
      // steps, rounded down). Rounding up would freeze the step during which the chunk arrives; when the
      // loop ticks more often than the chunk's interval that step is the same step 0 tick after tick, and
      // the plan never advances (measured: 0/30 with a 100 Hz System 1 and 100 ms steps).
      int d = latency <= 0 ? 0 : (int) Math.min(n, latency / interval);
      long span = previous.steps().size() * previous.intervalMicros();
      int end = 0;
      while (end < n && t + end * interval - previousTick < span) {
        end++;
      }
      // Without inpainting guidance the new chunk does not bend toward the old one; a soft mask over the
      // whole overlap would chain every chunk to its predecessor and, with an inference every step, never
      // let a new plan through (measured: 0/30 on reach, pick-lift, pick-place under workstation-gpu). The
      // blend is bounded by the execution horizon s: the steps since the previous inference started.
      int s = (int) Math.max(1, (t - previousTick + interval - 1) / interval);
      end = Math.min(end, d + s);
      Action[] steps = new Action[n];
      for (int i = 0; i < n; i++) {
        double w = rtc.weight(i, d, end);
        Action mine = fresh.steps().get(i);
        if (w == 0) {
          steps[i] = mine;
        } else {
          Action prev = previous.stepAt(t + i * interval - previousTick);
          steps[i] = w == 1 ? prev : blend(prev, mine, w);
        }
      }
      out = new ActionChunk(Arrays.asList(steps), fresh.intervalSeconds(), ActionChunk.Anchor.TICK);
    }
    previous = out;
    previousTick = t;
    return out;
  }

  /** {@code prev * w + mine * (1 - w)}, orientations (EE_POSE) as rotations, the gripper like a value. */
  private Action blend(Action prev, Action mine, double w) {
    double[] p = prev.values();
    double[] m = mine.values();
    double[] v = new double[m.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = p[i] * w + m[i] * (1 - w);
    }
    if (rotationVector) {
      rotations.clear();
      rotations.addStep(p, w);
      rotations.addStep(m, 1 - w);
      rotations.writeTo(v);
    }
    return new Action(v, prev.gripper() * w + mine.gripper() * (1 - w));
  }
}
