package org.stackarena.api;

import java.util.Optional;

/**
 * Channel keys for what the harness provides to stacks.
 *
 * <p>The harness samples a sensor only when a loop that declares it in
 * {@link LoopSpec#reads()} ticks (rendering is expensive), and the sample is visible to that
 * tick at once (stamped with the tick's sim time).
 */
public final class Observations {

  /** Prefix of camera channel names. */
  public static final String CAMERA_PREFIX = "camera/";

  /** Joint state, gripper width and end-effector pose. */
  public static final ChannelKey<Proprioception> PROPRIOCEPTION =
      ChannelKey.of("proprioception", Proprioception.class);

  /** The episode's natural-language instruction, visible from t = 0. */
  public static final ChannelKey<String> INSTRUCTION = ChannelKey.of("instruction", String.class);

  private Observations() {
  }

  /** The RGB-D frame channel of the named camera, e.g. {@code rgbd("front")}. */
  public static ChannelKey<CameraFrame> rgbd(String camera) {
    if (camera == null || camera.isBlank()) {
      throw new IllegalArgumentException("camera name must not be blank");
    }
    return ChannelKey.of(CAMERA_PREFIX + camera, CameraFrame.class);
  }

  /** The camera name if {@code key} is a camera channel made by {@link #rgbd}. */
  public static Optional<String> cameraOf(ChannelKey<?> key) {
    if (key.type() == CameraFrame.class && key.name().startsWith(CAMERA_PREFIX)) {
      return Optional.of(key.name().substring(CAMERA_PREFIX.length()));
    }
    return Optional.empty();
  }
}
