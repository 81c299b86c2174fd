package org.stackarena.pipelines.perception;

/**
 * One coloured blob seen by a camera, in world coordinates.
 *
 * @param colour palette colour
 * @param pixels pixels with valid depth in the blob
 * @param x centre x of the top face (m)
 * @param y centre y of the top face (m)
 * @param top highest point (robust: 90th percentile of z) (m)
 * @param yaw direction of the longer side of the top face's minimum-area rectangle (rad, mod pi)
 * @param halfLong half of the longer top-face side (m)
 * @param halfShort half of the shorter top-face side (m)
 * @param fill top-face pixel area over rectangle area (1 square/rectangle, ~0.79 disc)
 */
public record Detection(String colour, int pixels, double x, double y, double top, double yaw, double halfLong,
    double halfShort, double fill) {

  /** Whether this is a flat thing lying on the table (a pad). */
  public boolean flat() {
    return top < 0.008;
  }
}
