package org.stackarena.pipelines.planning;

/**
 * Everything the planner needs to know about the scene: the object to act on, the target pad
 * centre, the support object. Any part may be null when it is not (yet) seen or not needed.
 *
 * @param object the object the goal names
 * @param padX pad centre x (NaN if none)
 * @param padY pad centre y (NaN if none)
 * @param support the object to stack on
 * @param timeSeconds sim time of the observation the estimate comes from
 */
public record SceneEstimate(ObjectEstimate object, double padX, double padY, ObjectEstimate support,
    double timeSeconds) {

  /** Whether a pad position is known. */
  public boolean hasPad() {
    return !Double.isNaN(padX) && !Double.isNaN(padY);
  }
}
