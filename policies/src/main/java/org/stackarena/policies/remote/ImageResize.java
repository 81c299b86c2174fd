package org.stackarena.policies.remote;

/** Client-side image resizing (half-pixel centres, as OpenCV and PIL do); also used by TorchScript policies. */
public final class ImageResize {

  private ImageResize() {
  }

  /**
   * Bilinear resize of an RGB uint8 image, rows top first.
   *
   * @param src {@code sw * sh * 3} bytes (not modified)
   * @param out {@code dw * dh * 3} bytes, overwritten
   */
  public static void bilinearRgb(byte[] src, int sw, int sh, byte[] out, int dw, int dh) {
    double sx = (double) sw / dw;
    double sy = (double) sh / dh;
    for (int y = 0; y < dh; y++) {
      double fy = Math.max(0, Math.min(sh - 1, (y + 0.5) * sy - 0.5));
      int y0 = (int) fy;
      int y1 = Math.min(sh - 1, y0 + 1);
      double wy = fy - y0;
      for (int x = 0; x < dw; x++) {
        double fx = Math.max(0, Math.min(sw - 1, (x + 0.5) * sx - 0.5));
        int x0 = (int) fx;
        int x1 = Math.min(sw - 1, x0 + 1);
        double wx = fx - x0;
        for (int c = 0; c < 3; c++) {
          double a = src[(y0 * sw + x0) * 3 + c] & 0xff;
          double b = src[(y0 * sw + x1) * 3 + c] & 0xff;
          double d = src[(y1 * sw + x0) * 3 + c] & 0xff;
          double e = src[(y1 * sw + x1) * 3 + c] & 0xff;
          double v = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
          out[(y * dw + x) * 3 + c] = (byte) Math.round(v);
        }
      }
    }
  }

  /** Nearest-neighbour resize of a single-channel float image (depth: no blending of edges). */
  public static float[] nearest(float[] src, int sw, int sh, int dw, int dh) {
    if (sw == dw && sh == dh) {
      return src;
    }
    float[] out = new float[dw * dh];
    for (int y = 0; y < dh; y++) {
      int sy = Math.min(sh - 1, (int) ((y + 0.5) * sh / dh));
      for (int x = 0; x < dw; x++) {
        int sx = Math.min(sw - 1, (int) ((x + 0.5) * sw / dw));
        out[y * dw + x] = src[sy * sw + sx];
      }
    }
    return out;
  }
}
