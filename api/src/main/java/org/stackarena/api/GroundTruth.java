package org.stackarena.api;

import java.util.Optional;

/**
 * A narrow, read-only view of an episode's ground truth, for privileged stacks only (the scripted
 * expert that records demonstrations). A {@link StackProvider} that declares itself
 * {@link StackProvider#privileged() privileged} finds it in {@link StackContext#groundTruth()};
 * every other provider gets an empty optional, so an honest stack cannot peek at what it should
 * have perceived.
 *
 * <p>It is a live view: the object poses are read when called, the episode facts (family, colours,
 * target) change at each episode reset. Positions are in the world frame the scenario places
 * objects in (the frame the classical stack's perception estimates in), metres.
 */
public interface GroundTruth {

  /** The current episode's task family. */
  TaskFamily family();

  /** The object the instruction names, posed now. */
  ObjectState object();

  /** The support object (stacking), posed now; empty for other families. */
  Optional<ObjectState> support();

  /** The target region (the pad of pick-place and push); empty for other families. */
  Optional<Target> target();

  /**
   * An object as it is now.
   *
   * @param color palette colour name, e.g. {@code "red"}
   * @param shape shape name: {@code cube}, {@code cylinder} or {@code block}
   * @param halfExtents half sizes along the object's own x, y, z (m); not copied, do not modify
   * @param x centre x (m)
   * @param y centre y (m)
   * @param z centre z (m)
   * @param yaw rotation about the vertical axis (rad)
   */
  record ObjectState(String color, String shape, double[] halfExtents, double x, double y, double z,
      double yaw) {
  }

  /**
   * A flat target region on the table.
   *
   * @param color palette colour name
   * @param x centre x (m)
   * @param y centre y (m)
   */
  record Target(String color, double x, double y) {
  }
}
