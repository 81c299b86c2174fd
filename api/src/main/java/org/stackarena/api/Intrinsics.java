package org.stackarena.api;

/**
 * Pinhole camera intrinsics in pixels, with projection and back-projection: the one intrinsics type of
 * StackArena (renderer, camera frames handed to stacks, perception).
 *
 * <p><b>Pixel convention.</b> Pixel {@code (u, v)} with integer {@code u} (column, 0 = left) and
 * {@code v} (row, 0 = top) is the <em>centre</em> of that pixel; the image spans
 * {@code [-0.5, width-0.5] x [-0.5, height-0.5]} in these continuous coordinates. This is what
 * MuJoCo's OpenGL renderer produces: {@code glViewport} maps normalised device coordinate
 * {@code x = -1} to the left edge of column 0, and OpenGL samples each pixel at its centre, so the
 * optical axis falls at {@code cx = (width-1)/2}, {@code cy = (height-1)/2} (between pixels for
 * even sizes). To get the pixel that contains a projected point, round {@code (u, v)} to the
 * nearest integer.
 *
 * <p><b>Focal length.</b> MuJoCo cameras have a vertical field of view {@code fovy} in degrees
 * ({@code mjModel.cam_fovy}); the renderer widens the frustum horizontally to the image's aspect
 * ratio, so pixels are square: {@code fy = (height/2) / tan(fovy/2)} and {@code fx = fy}.
 *
 * <p><b>Camera frame.</b> The extrinsics are MuJoCo's {@code cam_xpos} (camera position in the
 * world) and {@code cam_xmat} (3x3 rotation, row-major, whose columns are the camera's x, y and z
 * axes in world coordinates). The camera looks along its <em>-z</em> axis, with +x to the right of
 * the image and +y up. Depth is the distance along the optical axis ({@code -z} in the camera
 * frame), not the Euclidean distance to the camera centre; {@link CameraFrame#depth()} uses the same.
 *
 * @param fx focal length in pixels along image columns
 * @param fy focal length in pixels along image rows
 * @param cx column of the optical axis (continuous pixel coordinates, see above)
 * @param cy row of the optical axis
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

  /**
  * Intrinsics of a MuJoCo camera image.
  *
  * @param fovyDegrees the camera's vertical field of view ({@code cam_fovy}), degrees, in (0, 180)
  * @param width image width in pixels
  * @param height image height in pixels
  * @return square-pixel intrinsics with the optical axis at the image centre
  */
  public static Intrinsics fromFovy(double fovyDegrees, int width, int height) {
    if (!(fovyDegrees > 0 && fovyDegrees < 180)) {
      throw new IllegalArgumentException("fovy must be in (0, 180) degrees, got " + fovyDegrees);
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    double f = (height / 2.0) / Math.tan(Math.toRadians(fovyDegrees) / 2.0);
    return new Intrinsics(f, f, (width - 1) / 2.0, (height - 1) / 2.0);
  }

  /**
  * Projects a world point into the image.
  *
  * @param camPos camera position in the world ({@code cam_xpos}), 3 values
  * @param camRot camera rotation ({@code cam_xmat}), 9 values, row-major
  * @param world the world point, 3 values
  * @param outUv receives {u, v} in continuous pixel coordinates (may lie outside the image);
  *     undefined when the point is not in front of the camera
  * @return the point's depth along the optical axis in metres; zero or negative when the point
  *     is not in front of the camera
  */
  public double project(double[] camPos, double[] camRot, double[] world, double[] outUv) {
    double dx = world[0] - camPos[0];
    double dy = world[1] - camPos[1];
    double dz = world[2] - camPos[2];
    // camera-frame coordinates: R^T (p - pos); columns of R are the camera axes
    double xc = camRot[0] * dx + camRot[3] * dy + camRot[6] * dz;
    double yc = camRot[1] * dx + camRot[4] * dy + camRot[7] * dz;
    double zc = camRot[2] * dx + camRot[5] * dy + camRot[8] * dz;
    double depth = -zc;
    if (depth > 0) {
      outUv[0] = cx + fx * xc / depth;
      outUv[1] = cy - fy * yc / depth;
    }
    return depth;
  }

  /**
  * Back-projects a pixel with its depth to a world point (the inverse of
  * {@link #project(double[], double[], double[], double[])}).
  *
  * @param u column in continuous pixel coordinates (integer = pixel centre)
  * @param v row in continuous pixel coordinates (0 = top)
  * @param depth depth along the optical axis in metres, as in {@link CameraFrame#depth()}
  * @param camPos camera position in the world, 3 values
  * @param camRot camera rotation, 9 values, row-major
  * @param outWorld receives the world point, 3 values
  */
  public void backProject(double u, double v, double depth, double[] camPos, double[] camRot,
              double[] outWorld) {
    double xc = (u - cx) / fx * depth;
    double yc = -(v - cy) / fy * depth;
    double zc = -depth;
    for (int r = 0; r < 3; r++) {
      outWorld[r] = camPos[r] + camRot[3 * r] * xc + camRot[3 * r + 1] * yc + camRot[3 * r + 2] * zc;
    }
  }

  /**
  * The direction of the ray through a pixel, in world coordinates, scaled so that its component
  * along the optical axis is 1 (so {@code camPos + depth * dir} is the back-projected point).
  *
  * @param u column in continuous pixel coordinates
  * @param v row in continuous pixel coordinates (0 = top)
  * @param camRot camera rotation, 9 values, row-major
  * @param outDir receives the direction, 3 values
  */
  public void rayDirection(double u, double v, double[] camRot, double[] outDir) {
    double xc = (u - cx) / fx;
    double yc = -(v - cy) / fy;
    for (int r = 0; r < 3; r++) {
      outDir[r] = camRot[3 * r] * xc + camRot[3 * r + 1] * yc - camRot[3 * r + 2];
    }
  }
}
