package org.stackarena.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One command in the stack's {@link ActionSpace}, plus a gripper command.
 *
 * <p>Values are deliberately not range-checked here: the harness validates every action it is
 * about to apply and fails the episode with {@code invalid_action} (not a stack exception) if a
 * value is NaN, infinite or outside the action space. The array is not copied; do not modify it
 * after publishing.
 *
 * @param values command values, {@link ActionSpace#dimension()} of them
 * @param gripper gripper command in [0, 1]: 0 open, 1 closed
 */
public record Action(double[] values, double gripper) implements ActionCommand {

  /** Checks only that values are present. */
  public Action {
    Objects.requireNonNull(values, "values");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Action a && Arrays.equals(values, a.values)
        && Double.compare(gripper, a.gripper) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Double.hashCode(gripper);
  }

  @Override
  public String toString() {
    return "Action" + Arrays.toString(values) + " gripper=" + gripper;
  }
}
