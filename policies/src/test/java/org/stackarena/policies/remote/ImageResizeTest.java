package org.stackarena.policies.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageResizeTest {

  /** The textbook bilinear resize with half-pixel centres, in doubles. */
  private static int reference(byte[] src, int sw, int sh, int dw, int dh, int x, int y, int c) {
    double fy = Math.max(0, Math.min(sh - 1, (y + 0.5) * sh / dh - 0.5));
    double fx = Math.max(0, Math.min(sw - 1, (x + 0.5) * sw / dw - 0.5));
    int y0 = (int) fy;
    int x0 = (int) fx;
    int y1 = Math.min(sh - 1, y0 + 1);
    int x1 = Math.min(sw - 1, x0 + 1);
    double wy = fy - y0;
    double wx = fx - x0;
    double a = src[(y0 * sw + x0) * 3 + c] & 0xff;
    double b = src[(y0 * sw + x1) * 3 + c] & 0xff;
    double d = src[(y1 * sw + x0) * 3 + c] & 0xff;
    double e = src[(y1 * sw + x1) * 3 + c] & 0xff;
    return (int) Math.round((a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy);
  }

  @Test
  void theFixedPointPlanMatchesTheDoubleFormulaWithinOneLevel() {
    Random r = new Random(5);
    int[][] sizes = {{96, 96, 64, 64}, {64, 48, 96, 96}, {7, 5, 3, 2}, {64, 64, 64, 64}};
    for (int[] s : sizes) {
      byte[] src = new byte[s[0] * s[1] * 3];
      r.nextBytes(src);
      byte[] out = new byte[s[2] * s[3] * 3];
      ImageResize.Bilinear plan = new ImageResize.Bilinear(s[0], s[1], s[2], s[3]);
      plan.resize(src, out);
      for (int y = 0; y < s[3]; y++) {
        for (int x = 0; x < s[2]; x++) {
          for (int c = 0; c < 3; c++) {
            int got = out[(y * s[2] + x) * 3 + c] & 0xff;
            assertThat(Math.abs(got - reference(src, s[0], s[1], s[2], s[3], x, y, c)))
                .as("%s at (%d, %d, %d)", java.util.Arrays.toString(s), x, y, c).isLessThanOrEqualTo(1);
          }
        }
      }
      assertThat(plan.accepts(s[0], s[1])).isTrue();
    }
  }
}
