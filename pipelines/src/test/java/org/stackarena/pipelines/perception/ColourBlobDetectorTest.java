package org.stackarena.pipelines.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.Intrinsics;

/** Synthetic top-down frames (no MuJoCo): a camera 0.5 m above the table looking straight down. */
class ColourBlobDetectorTest {

  private static final int W = 128;
  private static final double H = 0.5;
  private static final Intrinsics K = new Intrinsics(150, 150, (W - 1) / 2.0, (W - 1) / 2.0);
  // camera axes in world: x_c = world x, y_c = world y, z_c = world z (looks along -z)
  private static final double[] ROT = {1, 0, 0, 0, 1, 0, 0, 0, 1};

  /** Renders a rotated box of the given RGB on a tan table, with light scale and noise. */
  static CameraFrame frame(double cx, double cy, double yaw, double hx, double hy, double top, int[] rgb,
      double light, double noise, long seed) {
    byte[] img = new byte[W * W * 3];
    float[] depth = new float[W * W];
    Random r = new Random(seed);
    int[] table = {184, 158, 128};
    int[] robot = {200, 205, 215};
    for (int v = 0; v < W; v++) {
      for (int u = 0; u < W; u++) {
        // ray through the pixel hits the plane z = top or z = 0
        double xn = (u - K.cx()) / K.fx();
        double yn = -(v - K.cy()) / K.fy();
        double d = H - top;
        double x = xn * d + 0.5;
        double y = yn * d;
        double lx = Math.cos(yaw) * (x - cx) + Math.sin(yaw) * (y - cy);
        double ly = -Math.sin(yaw) * (x - cx) + Math.cos(yaw) * (y - cy);
        int[] c;
        double z;
        if (Math.abs(lx) <= hx && Math.abs(ly) <= hy) {
          c = rgb;
          z = top;
        } else {
          c = u < 12 ? robot : table;
          z = 0;
          d = H;
        }
        int i = v * W + u;
        for (int k = 0; k < 3; k++) {
          img[3 * i + k] = (byte) Math.max(0, Math.min(255, (int) (c[k] * light + noise * r.nextGaussian())));
        }
        depth[i] = (float) (H - z);
      }
    }
    return new CameraFrame("top", W, W, img, depth, K, new double[] {0.5, 0, H}, ROT, 0);
  }

  @Test
  void findsARotatedBlockUnderDimLightAndNoise() {
    ColourBlobDetector det = new ColourBlobDetector(0.45, 0.12, 22, 6);
    for (double light : new double[] {0.55, 1.0, 1.3}) {
      CameraFrame f = frame(0.52, -0.04, 0.4, 0.04, 0.025, 0.05, new int[] {240, 220, 90}, light, 6, 3);
      Detection d = det.detect(f, "yellow", false, false);
      assertThat(d).as("light " + light).isNotNull();
      assertThat(d.x()).isCloseTo(0.52, within(0.004));
      assertThat(d.y()).isCloseTo(-0.04, within(0.004));
      assertThat(d.top()).isCloseTo(0.05, within(0.002));
      assertThat(d.yaw()).isCloseTo(0.4, within(0.08));
      assertThat(d.halfLong()).isGreaterThan(d.halfShort());
    }
  }

  @Test
  void ignoresGreyRobotAndTanTableAndOtherColours() {
    ColourBlobDetector det = new ColourBlobDetector(0.45, 0.12, 22, 6);
    CameraFrame f = frame(0.5, 0.0, 0, 0.02, 0.02, 0.04, new int[] {220, 40, 40}, 1, 0, 1);
    assertThat(det.detect(f, "blue", false, false)).isNull();
    assertThat(det.detect(f, "orange", false, false)).isNull();
    Detection red = det.detect(f, "red", false, false);
    assertThat(red).isNotNull();
    assertThat(red.flat()).isFalse();
  }

  @Test
  void aFlatPadIsFlat() {
    ColourBlobDetector det = new ColourBlobDetector(0.45, 0.12, 22, 6);
    CameraFrame f = frame(0.45, 0.1, 0, 0.04, 0.04, 0.001, new int[] {40, 200, 210}, 1, 0, 1);
    Detection pad = det.detect(f, "cyan", false, true);
    assertThat(pad.flat()).isTrue();
    assertThat(pad.x()).isCloseTo(0.45, within(0.004));
  }
}
