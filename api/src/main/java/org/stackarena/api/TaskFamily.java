package org.stackarena.api;

/**
 * The task families of StackArena's scenarios, the one list of them: scenario files name one in
 * their {@code family} field, the classical planner plans per family, and the built-in VLA's System 2
 * scores one output per family (in this order).
 */
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
    throw new IllegalArgumentException("unknown task family '" + id + "' (known: "
        + String.join(", ", ids()) + ")");
  }

  /** The family ids in declaration order: {@code reach, pick-lift, pick-place, push, stack}. */
  public static java.util.List<String> ids() {
    return java.util.Arrays.stream(values()).map(TaskFamily::id).toList();
  }
}
