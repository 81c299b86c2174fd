package org.stackarena.pipelines.planning;

/** The task families a goal can ask for; names match the scenario files' {@code family}. */
public enum TaskFamily {
  /** move the gripper to the object */
  REACH("reach"),
  /** grasp the object and lift it */
  PICK_LIFT("pick-lift"),
  /** grasp the object and put it on the target pad */
  PICK_PLACE("pick-place"),
  /** push the object onto the target pad without grasping */
  PUSH("push"),
  /** put the object on top of the support object */
  STACK("stack");

  private final String id;

  TaskFamily(String id) {
    this.id = id;
  }

  /** The family id as in scenario files. */
  public String id() {
    return id;
  }

  /** The family with scenario id {@code id}. */
  public static TaskFamily of(String id) {
    for (TaskFamily f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown task family '" + id + "'");
  }
}
