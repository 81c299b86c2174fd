package org.stackarena.pipelines.planning;

import org.stackarena.api.TaskFamily;
import java.util.Objects;
import org.stackarena.scenarios.Shape;

/**
 * What an instruction asks for.
 *
 * @param family the task family
 * @param colour palette colour of the object to act on
 * @param shape shape of the object
 * @param targetColour pad colour for pick-place and push, else null
 * @param supportColour colour of the object to stack on, else null
 * @param supportShape shape of the object to stack on, else null
 */
public record Goal(TaskFamily family, String colour, Shape shape, String targetColour,
    String supportColour, Shape supportShape) {

  /** Validates that the fields a family needs are present. */
  public Goal {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(colour, "colour");
    Objects.requireNonNull(shape, "shape");
    if ((family == TaskFamily.PICK_PLACE || family == TaskFamily.PUSH) && targetColour == null) {
      throw new IllegalArgumentException(family.id() + " needs a target pad colour");
    }
    if (family == TaskFamily.STACK && (supportColour == null || supportShape == null)) {
      throw new IllegalArgumentException("stack needs a support colour and shape");
    }
  }
}
