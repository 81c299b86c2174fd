package org.stackarena.api;

/**
 * Pinhole camera intrinsics in pixels.
 *
 * @param fx focal length along x
 * @param fy focal length along y
 * @param cx principal point x
 * @param cy principal point y
 */
public record Intrinsics(double fx, double fy, double cx, double cy) {

  /** Validates that focal lengths are positive and all values finite. */
  public Intrinsics {
    if (!(fx > 0) || !(fy > 0) || !Double.isFinite(fx) || !Double.isFinite(fy)
        || !Double.isFinite(cx) || !Double.isFinite(cy)) {
      throw new IllegalArgumentException(
          "intrinsics must be finite with positive focal lengths: fx=" + fx + " fy=" + fy
              + " cx=" + cx + " cy=" + cy);
    }
  }
}
