package org.stackarena.policies.remote;

/** Client-side image resizing (half-pixel centres, as OpenCV and PIL do); also used by TorchScript policies. */
public final class ImageResize {

  private ImageResize() {
  }

  /**
   * Bilinear resize of an RGB uint8 image, rows top first (plans the resize each call; keep a
   * {@link Bilinear} to resize many frames of one size).
   *
   * @param src {@code sw * sh * 3} bytes (not modified)
   * @param out {@code dw * dh * 3} bytes, overwritten
   */
  public static void bilinearRgb(byte[] src, int sw, int sh, byte[] out, int dw, int dh) {
    new Bilinear(sw, sh, dw, dh).resize(src, out);
  }

  /**
   * A planned bilinear RGB resize from {@code sw x sh} to {@code dw x dh}: source offsets and 11-bit
   * fixed-point weights per output column and row are computed once (as OpenCV's INTER_LINEAR does), so
   * {@link #resize} is integer arithmetic only and allocates nothing.
   */
  public static final class Bilinear {
    private static final int BITS = 11;
    private static final int ONE = 1 << BITS;
    private final int sw;
    private final int sh;
    private final int dw;
    private final int dh;
    private final int[] x0;
    private final int[] x1;
    private final int[] wx;
    private final int[] y0;
    private final int[] y1;
    private final int[] wy;

    /** Plans a resize from {@code sw x sh} to {@code dw x dh} pixels. */
    public Bilinear(int sw, int sh, int dw, int dh) {
      this.sw = sw;
      this.sh = sh;
      this.dw = dw;
      this.dh = dh;
      x0 = new int[dw];
      x1 = new int[dw];
      wx = new int[dw];
      double sx = (double) sw / dw;
      for (int x = 0; x < dw; x++) {
        double f = Math.max(0, Math.min(sw - 1, (x + 0.5) * sx - 0.5));
        int i = (int) f;
        x0[x] = i * 3;
        x1[x] = Math.min(sw - 1, i + 1) * 3;
        wx[x] = (int) Math.round((f - i) * ONE);
      }
      y0 = new int[dh];
      y1 = new int[dh];
      wy = new int[dh];
      double sy = (double) sh / dh;
      for (int y = 0; y < dh; y++) {
        double f = Math.max(0, Math.min(sh - 1, (y + 0.5) * sy - 0.5));
        int i = (int) f;
        y0[y] = i * sw * 3;
        y1[y] = Math.min(sh - 1, i + 1) * sw * 3;
        wy[y] = (int) Math.round((f - i) * ONE);
      }
    }

    /** True if this plan resizes {@code sw x sh} frames. */
    public boolean accepts(int width, int height) {
      return width == sw && height == sh;
    }

    /**
     * Resizes {@code src} ({@code sw * sh * 3} bytes, not modified) into {@code out}
     * ({@code dw * dh * 3} bytes, overwritten).
     */
    public void resize(byte[] src, byte[] out) {
      int o = 0;
      for (int y = 0; y < dh; y++) {
        int r0 = y0[y];
        int r1 = y1[y];
        int b = wy[y];
        int a = ONE - b;
        for (int x = 0; x < dw; x++) {
          int c0 = x0[x];
          int c1 = x1[x];
          int q = wx[x];
          int p = ONE - q;
          for (int c = 0; c < 3; c++) {
            int top = (src[r0 + c0 + c] & 0xff) * p + (src[r0 + c1 + c] & 0xff) * q;
            int bottom = (src[r1 + c0 + c] & 0xff) * p + (src[r1 + c1 + c] & 0xff) * q;
            out[o++] = (byte) ((top * a + bottom * b + (1 << (2 * BITS - 1))) >> (2 * BITS));
          }
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
