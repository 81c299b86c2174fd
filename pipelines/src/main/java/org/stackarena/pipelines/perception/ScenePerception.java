package org.stackarena.pipelines.perception;

import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.planning.Goal;
import org.stackarena.pipelines.planning.ObjectEstimate;
import org.stackarena.pipelines.planning.SceneEstimate;
import org.stackarena.api.TaskFamily;
import org.stackarena.scenarios.Shape;
import org.stackarena.api.CameraFrame;

/**
 * Turns front and wrist RGB-D frames into a {@link SceneEstimate} for a goal: the named object,
 * the pad and the support, each from the blob of its colour.
 *
 * <p>Fusion: an object seen by both cameras gets the pixel-weighted mean of the two positions and
 * the yaw of the view with more pixels (the wrist camera wins when close, which refines the
 * target during the descent). The object's half height is taken as half its top height while it
 * rests on the table and kept while it is lifted. The pad position is kept from the least
 * occluded view seen so far (most pad pixels), since the pad never moves.
 */
public final class ScenePerception {

  private static final double DEFAULT_HALF = 0.0225;

  private final Goal goal;
  private final ColourBlobDetector front;
  private final ColourBlobDetector wrist;
  private final double alpha;
  private final Filter objectFilter;
  private final Filter supportFilter;
  private double padX = Double.NaN;
  private double padY = Double.NaN;
  private int padPixels;

  /**
   * @param goal what the instruction names
   * @param config thresholds
   */
  public ScenePerception(Goal goal, PipelineConfig config) {
    this.goal = goal;
    this.front = new ColourBlobDetector(config.minSaturation(), config.minValue(), config.hueTolDeg(),
        config.minPixels());
    this.wrist = new ColourBlobDetector(config.minSaturation(), config.minValue(), config.hueTolDeg(),
        config.minPixels());
    this.alpha = config.perceptionSmoothing();
    this.objectFilter = new Filter(alpha);
    this.supportFilter = new Filter(alpha);
  }

  /**
   * Exponential smoothing of a resting object's pose (per-frame camera jitter averages out);
   * a lifted object (top above 8 cm) or a jump of more than 8 cm restarts the filter. A resting
   * object's centre height is its prior half height: the measured top is far noisier than the
   * half-size range of the scenario objects.
   */
  private static final class Filter {
    private final double alpha;
    private double x = Double.NaN;
    private double y;
    private double c2;
    private double s2;
    private double hl;
    private double hs;

    Filter(double alpha) {
      this.alpha = alpha;
    }

    ObjectEstimate update(Detection d, Shape shape, double halfPrior) {
      boolean lifted = d.top() > 0.08;
      double c = Math.cos(2 * d.yaw());
      double s = Math.sin(2 * d.yaw());
      if (lifted || Double.isNaN(x) || Math.hypot(d.x() - x, d.y() - y) > 0.08) {
        x = d.x();
        y = d.y();
        c2 = c;
        s2 = s;
        hl = d.halfLong();
        hs = d.halfShort();
      } else {
        x += alpha * (d.x() - x);
        y += alpha * (d.y() - y);
        c2 += alpha * (c - c2);
        s2 += alpha * (s - s2);
        hl += alpha * (d.halfLong() - hl);
        hs += alpha * (d.halfShort() - hs);
      }
      double yaw = 0.5 * Math.atan2(s2, c2);
      double z = lifted ? d.top() - halfPrior : halfPrior;
      Detection smoothed = new Detection(d.colour(), d.pixels(), x, y, z + halfPrior, yaw, hl, hs, d.fill());
      return toEstimate(smoothed, shape, halfPrior);
    }
  }

  /**
   * Estimates the scene from the newest frames (either may be null).
   *
   * @return the estimate; parts not seen are null / NaN
   */
  public SceneEstimate estimate(CameraFrame frontFrame, CameraFrame wristFrame, double time) {
    if (frontFrame != null) {
      front.segment(frontFrame);
    }
    if (wristFrame != null) {
      wrist.segment(wristFrame);
    }
    Detection of = frontFrame == null ? null : front.detect(frontFrame, goal.colour(), true, false);
    Detection ow = wristFrame == null ? null : wrist.detect(wristFrame, goal.colour(), true, false);
    Detection obj = fuse(of, ow);
    ObjectEstimate object = null;
    if (obj != null) {
      object = objectFilter.update(obj, goal.shape(), goal.family() == TaskFamily.STACK ? 0.021 : DEFAULT_HALF);
    }
    if (goal.targetColour() != null) {
      Detection pf = frontFrame == null ? null : front.detect(frontFrame, goal.targetColour(), true, true);
      Detection pw = wristFrame == null ? null : wrist.detect(wristFrame, goal.targetColour(), true, true);
      Detection p = fuse(pf, pw);
      if (p != null && p.pixels() >= 0.6 * padPixels) {
        padPixels = Math.max(padPixels, p.pixels());
        if (Double.isNaN(padX)) {
          padX = p.x();
          padY = p.y();
        } else {
          padX += alpha * (p.x() - padX);
          padY += alpha * (p.y() - padY);
        }
      }
    }
    ObjectEstimate support = null;
    if (goal.supportColour() != null) {
      Detection sf = frontFrame == null ? null : front.detect(frontFrame, goal.supportColour(), true, false);
      Detection sw = wristFrame == null ? null : wrist.detect(wristFrame, goal.supportColour(), true, false);
      Detection sd = fuse(sf, sw);
      if (sd != null) {
        support = supportFilter.update(sd, goal.supportShape(), 0.025);
      }
    }
    return new SceneEstimate(object, padX, padY, support, time);
  }

  private static Detection fuse(Detection a, Detection b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    double wa = a.pixels();
    double wb = b.pixels();
    double s = wa + wb;
    Detection main = wb > wa ? b : a;
    return new Detection(a.colour(), a.pixels() + b.pixels(), (wa * a.x() + wb * b.x()) / s,
        (wa * a.y() + wb * b.y()) / s, (wa * a.top() + wb * b.top()) / s, main.yaw(), main.halfLong(),
        main.halfShort(), main.fill());
  }

  private static ObjectEstimate toEstimate(Detection d, Shape shape, double hz) {
    double hl = Math.max(0.015, Math.min(0.045, d.halfLong()));
    double hs = Math.max(0.015, Math.min(0.03, d.halfShort()));
    double hx;
    double hy;
    switch (shape) {
      case CUBE, CYLINDER -> {
        hx = (hl + hs) / 2;
        hy = hx;
      }
      default -> {
        hx = hl;
        hy = hs;
      }
    }
    double conf = Math.min(1, d.pixels() / 40.0);
    return new ObjectEstimate(d.x(), d.y(), d.top() - hz, d.yaw(), hx, hy, hz, shape, conf);
  }
}
