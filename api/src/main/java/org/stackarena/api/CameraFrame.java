package org.stackarena.api;

import java.util.Objects;

/**
 * One RGB-D image from a named camera, with the camera's calibration.
 *
 * <p>Arrays are not copied: the frame owns them and nobody may modify them after construction.
 *
 * @param camera camera name
 * @param width image width in pixels
 * @param height image height in pixels
 * @param rgb {@code height * width * 3} bytes, row-major, top row first, RGB order
 * @param depth {@code height * width} depths in metres, same layout
 * @param intrinsics pinhole intrinsics
 * @param position camera position in the world frame (3 values, metres)
 * @param rotation camera orientation in the world frame, 3x3 row-major (9 values); the camera's
 *     own extrinsics are allowed knowledge, as on a calibrated real robot
 * @param timeMicros sim time at which the image was rendered, microseconds
 */
public record CameraFrame(String camera, int width, int height, byte[] rgb, float[] depth,
    Intrinsics intrinsics, double[] position, double[] rotation, long timeMicros) {

  /** Validates sizes. */
  public CameraFrame {
    Objects.requireNonNull(camera, "camera");
    Objects.requireNonNull(rgb, "rgb");
    Objects.requireNonNull(depth, "depth");
    Objects.requireNonNull(intrinsics, "intrinsics");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(rotation, "rotation");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("camera '" + camera + "': size must be positive, got "
          + width + "x" + height);
    }
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException("camera '" + camera + "': rgb has " + rgb.length
          + " bytes, expected " + (width * height * 3));
    }
    if (depth.length != width * height) {
      throw new IllegalArgumentException("camera '" + camera + "': depth has " + depth.length
          + " values, expected " + (width * height));
    }
    if (position.length != 3 || rotation.length != 9) {
      throw new IllegalArgumentException("camera '" + camera
          + "': position needs 3 values and rotation 9 (3x3 row-major)");
    }
  }

  /** Render time in seconds. */
  public double timeSeconds() {
    return timeMicros / 1e6;
  }
}
