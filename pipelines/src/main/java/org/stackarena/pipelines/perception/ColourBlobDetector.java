package org.stackarena.pipelines.perception;

import java.util.Arrays;
import org.stackarena.scenarios.Palette;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.Intrinsics;

/**
 * Finds the blob of a palette colour in an RGB-D frame and measures it in the world.
 *
 * <p>Per pixel: HSV; a pixel belongs to colour c when saturation and value exceed the
 * thresholds and c is the palette hue nearest to the pixel's hue (within a tolerance). Robot
 * links (grey, light blue), the table (tan) and the floor are rejected by the saturation
 * threshold. Blobs are 4-connected components; the largest of the requested colour is kept,
 * with components close to it in the image merged (an arm occluding an object splits it).
 * Depth pixels that read 0 (dropout) are skipped. Buffers grow to the frame size once and are
 * reused.
 */
public final class ColourBlobDetector {

  /**
   * Hues of the palette colours as the renderer produces them (median over objects and pads in
   * 30 lab front frames, test class {@code HueCalib}); the renderer's lighting and colour
   * conversion move orange from 28 to 40 degrees and yellow from 53 to 60, which put a rendered
   * orange pad nearer to yellow than to orange with the nominal hues.
   */
  private static final java.util.Map<String, Double> RENDERED_HUES = java.util.Map.of("red", 0.0, "orange", 40.2,
      "yellow", 60.0, "green", 130.8, "cyan", 180.0, "blue", 223.5, "purple", 286.8);

  private final double minSat;
  private final double minValue;
  private final double hueTol;
  private final int minPixels;
  private final String[] names;
  private final double[] hues;

  private byte[] label = new byte[0];
  private int[] comp = new int[0];
  private int[] queue = new int[0];
  private double[] px = new double[0];
  private double[] py = new double[0];
  private double[] pz = new double[0];
  private double[] zs = new double[0];

  /**
   * @param minSaturation minimum HSV saturation (0..1)
   * @param minValue minimum HSV value (0..1)
   * @param hueTolDeg largest hue distance to the nearest palette hue (degrees)
   * @param minPixels smallest blob kept
   */
  public ColourBlobDetector(double minSaturation, double minValue, double hueTolDeg, int minPixels) {
    this.minSat = minSaturation;
    this.minValue = minValue;
    this.hueTol = hueTolDeg;
    this.minPixels = minPixels;
    this.names = Palette.names().toArray(new String[0]);
    this.hues = new double[names.length];
    for (int i = 0; i < names.length; i++) {
      Double measured = RENDERED_HUES.get(names[i]);
      float[] c = Palette.rgb(names[i]);
      hues[i] = measured != null ? measured : hue(c[0], c[1], c[2]);
    }
  }

  /** Palette index of a colour name. */
  int index(String colour) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(colour)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no palette colour '" + colour + "'");
  }

  /** Hue in degrees [0, 360) of an RGB triple. */
  static double hue(double r, double g, double b) {
    double max = Math.max(r, Math.max(g, b));
    double min = Math.min(r, Math.min(g, b));
    double d = max - min;
    if (d <= 0) {
      return 0;
    }
    double h;
    if (max == r) {
      h = ((g - b) / d) % 6;
    } else if (max == g) {
      h = (b - r) / d + 2;
    } else {
      h = (r - g) / d + 4;
    }
    h *= 60;
    return h < 0 ? h + 360 : h;
  }

  /**
   * Labels every pixel with its palette index + 1, or 0 for background.
   *
   * @return the label array (owned by this detector)
   */
  byte[] segment(CameraFrame f) {
    int n = f.width() * f.height();
    ensure(n);
    byte[] rgb = f.rgb();
    for (int i = 0; i < n; i++) {
      int r = rgb[3 * i] & 0xff;
      int g = rgb[3 * i + 1] & 0xff;
      int b = rgb[3 * i + 2] & 0xff;
      int max = Math.max(r, Math.max(g, b));
      int min = Math.min(r, Math.min(g, b));
      if (max < minValue * 255 || max - min < minSat * max) {
        label[i] = 0;
        continue;
      }
      double h = hue(r, g, b);
      int best = -1;
      double bestD = hueTol;
      for (int k = 0; k < hues.length; k++) {
        double dh = Math.abs(h - hues[k]);
        dh = Math.min(dh, 360 - dh);
        if (dh <= bestD) {
          bestD = dh;
          best = k;
        }
      }
      label[i] = (byte) (best + 1);
    }
    return label;
  }

  private void ensure(int n) {
    if (label.length < n) {
      label = new byte[n];
      comp = new int[n];
      queue = new int[n];
      px = new double[n];
      py = new double[n];
      pz = new double[n];
      zs = new double[n];
    }
  }

  /**
   * Detects the blob of {@code colour}.
   *
   * @param f the frame (segmented again only when {@code segmented} is false)
   * @param colour palette colour
   * @param segmented true when {@link #segment} was already called on this frame
   * @param flatOnly true to measure only points near the table (pads), false for objects
   * @return the detection, or null when no blob of that colour is large enough
   */
  public Detection detect(CameraFrame f, String colour, boolean segmented, boolean flatOnly) {
    if (!segmented) {
      segment(f);
    }
    int w = f.width();
    int h = f.height();
    int n = w * h;
    byte want = (byte) (index(colour) + 1);
    Arrays.fill(comp, 0, n, 0);
    int bestComp = 0;
    int bestSize = 0;
    int compId = 0;
    int bestU = 0;
    int bestV = 0;
    for (int i = 0; i < n; i++) {
      if (label[i] != want || comp[i] != 0) {
        continue;
      }
      compId++;
      int size = flood(i, want, compId, w, h);
      if (size > bestSize) {
        bestSize = size;
        bestComp = compId;
        bestU = i % w;
        bestV = i / w;
      }
    }
    if (bestSize < minPixels) {
      return null;
    }
    // merge components of the same colour whose pixels lie near the largest (within 36 px)
    Intrinsics k = f.intrinsics();
    double[] pos = f.position();
    double[] rot = f.rotation();
    float[] depth = f.depth();
    int m = 0;
    for (int i = 0; i < n; i++) {
      int c = comp[i];
      if (c == 0) {
        continue;
      }
      if (c != bestComp) {
        int du = i % w - bestU;
        int dv = i / w - bestV;
        if (du * du + dv * dv > 36 * 36) {
          continue;
        }
      }
      double d = depth[i];
      if (!(d > 0.01) || d > 4) {
        continue;
      }
      int u = i % w;
      int v = i / w;
      double xc = (u - k.cx()) * d / k.fx();
      double yc = -(v - k.cy()) * d / k.fy();
      double zc = -d;
      double wx = rot[0] * xc + rot[1] * yc + rot[2] * zc + pos[0];
      double wy = rot[3] * xc + rot[4] * yc + rot[5] * zc + pos[1];
      double wz = rot[6] * xc + rot[7] * yc + rot[8] * zc + pos[2];
      if (flatOnly && wz > 0.012) {
        continue;
      }
      px[m] = wx;
      py[m] = wy;
      pz[m] = wz;
      m++;
    }
    if (m < minPixels) {
      return null;
    }
    System.arraycopy(pz, 0, zs, 0, m);
    Arrays.sort(zs, 0, m);
    double top = zs[Math.min(m - 1, (int) (0.9 * m))];
    // top-face points: within 8 mm of the top (depth noise 3 mm in the field)
    double band = flatOnly ? 1 : 0.008;
    double sx = 0;
    double sy = 0;
    int t = 0;
    for (int i = 0; i < m; i++) {
      if (pz[i] >= top - band) {
        px[t] = px[i];
        py[t] = py[i];
        sx += px[i];
        sy += py[i];
        t++;
      }
    }
    if (t < 3) {
      return null;
    }
    double cx = sx / t;
    double cy = sy / t;
    // minimum-area rectangle over directions 0..90 degrees in 3-degree steps
    double bestArea = Double.MAX_VALUE;
    double bestYaw = 0;
    double bestA = 0;
    double bestB = 0;
    double midA = 0;
    double midB = 0;
    for (int s = 0; s < 30; s++) {
      double th = s * Math.PI / 60;
      double c = Math.cos(th);
      double sn = Math.sin(th);
      double minA = Double.MAX_VALUE;
      double maxA = -Double.MAX_VALUE;
      double minB = Double.MAX_VALUE;
      double maxB = -Double.MAX_VALUE;
      for (int i = 0; i < t; i++) {
        double a = (px[i] - cx) * c + (py[i] - cy) * sn;
        double b = -(px[i] - cx) * sn + (py[i] - cy) * c;
        minA = Math.min(minA, a);
        maxA = Math.max(maxA, a);
        minB = Math.min(minB, b);
        maxB = Math.max(maxB, b);
      }
      double area = (maxA - minA) * (maxB - minB);
      if (area < bestArea) {
        bestArea = area;
        bestYaw = th;
        bestA = maxA - minA;
        bestB = maxB - minB;
        midA = (minA + maxA) / 2;
        midB = (minB + maxB) / 2;
      }
    }
    // centre of the rectangle rather than of the points: robust to a partly occluded top face
    double c0 = Math.cos(bestYaw);
    double s0 = Math.sin(bestYaw);
    cx += midA * c0 - midB * s0;
    cy += midA * s0 + midB * c0;
    double yaw = bestA >= bestB ? bestYaw : bestYaw + Math.PI / 2;
    double along = Math.max(bestA, bestB);
    double across = Math.min(bestA, bestB);
    // a pixel footprint adds about one pixel's width; estimate it at this depth and remove it
    double fill = Math.min(1.5, t * pixelArea(f, top) / Math.max(1e-6, bestArea));
    return new Detection(colour, m, cx, cy, top, yaw > Math.PI / 2 ? yaw - Math.PI : yaw, along / 2, across / 2,
        fill);
  }

  private static double pixelArea(CameraFrame f, double z) {
    double dx = f.position()[0] - 0.0;
    double d = Math.sqrt(dx * dx + f.position()[2] * f.position()[2]);
    double s = d / f.intrinsics().fx();
    return s * s;
  }

  private int flood(int seed, byte want, int id, int w, int h) {
    int head = 0;
    int tail = 0;
    queue[tail++] = seed;
    comp[seed] = id;
    while (head < tail) {
      int i = queue[head++];
      int u = i % w;
      int v = i / w;
      if (u > 0) {
        tail = visit(i - 1, want, id, tail);
      }
      if (u < w - 1) {
        tail = visit(i + 1, want, id, tail);
      }
      if (v > 0) {
        tail = visit(i - w, want, id, tail);
      }
      if (v < h - 1) {
        tail = visit(i + w, want, id, tail);
      }
    }
    return tail;
  }

  private int visit(int j, byte want, int id, int tail) {
    if (label[j] == want && comp[j] == 0) {
      comp[j] = id;
      queue[tail++] = j;
    }
    return tail;
  }
}
