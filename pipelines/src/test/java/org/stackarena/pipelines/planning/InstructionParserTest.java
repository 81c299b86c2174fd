package org.stackarena.pipelines.planning;

import org.stackarena.api.TaskFamily;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.scenarios.Palette;
import org.stackarena.scenarios.Scenario;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.Shape;
import org.stackarena.api.EpisodeAbort;

class InstructionParserTest {

  private final InstructionParser parser = new InstructionParser();

  @Test
  void everyShippedParaphraseWithEveryColourAndShapeMapsToTheRightGoal() {
    int checked = 0;
    for (Scenario s : ScenarioLoader.shipped().values()) {
      TaskFamily family = TaskFamily.of(s.family());
      List<String> templates = new ArrayList<>(s.instructions());
      templates.addAll(s.fieldInstructions());
      for (String template : templates) {
        for (String colour : Palette.names()) {
          for (Shape shape : Shape.values()) {
            for (String other : Palette.names()) {
              if (other.equals(colour)) {
                continue;
              }
              Shape supportShape = shape == Shape.BLOCK ? Shape.CUBE : Shape.BLOCK;
              String text = template.replace("{color}", colour).replace("{shape}", shape.word())
                  .replace("{target}", other).replace("{support_color}", other)
                  .replace("{support_shape}", supportShape.word());
              Goal g = parser.parse(text);
              assertThat(g.family()).as(text).isEqualTo(family);
              assertThat(g.colour()).as(text).isEqualTo(colour);
              assertThat(g.shape()).as(text).isEqualTo(shape);
              if (family == TaskFamily.PICK_PLACE || family == TaskFamily.PUSH) {
                assertThat(g.targetColour()).as(text).isEqualTo(other);
              }
              if (family == TaskFamily.STACK) {
                assertThat(g.supportColour()).as(text).isEqualTo(other);
                assertThat(g.supportShape()).as(text).isEqualTo(supportShape);
              }
              checked++;
            }
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void unseenButReasonableParaphrasesParse() {
    assertThat(parser.parse("Please lift up the GREEN cylinder!").family()).isEqualTo(TaskFamily.PICK_LIFT);
    assertThat(parser.parse("deliver the blue block to the red target").family()).isEqualTo(TaskFamily.PICK_PLACE);
    assertThat(parser.parse("hover your gripper above the cyan cube").family()).isEqualTo(TaskFamily.REACH);
    assertThat(parser.parse("stack the red cube onto the blue block").supportColour()).isEqualTo("blue");
  }

  @Test
  void nonsenseAndIncompleteInstructionsAreRejected() {
    for (String bad : new String[] {"", "sing a song", "the red cube", "push the red cube",
        "paint the red cube", "put the red cube", "pick up the magenta cube", "lift the cube",
        "move the red cube and the blue cube", "put the red cube on the blue pad and the green pad",
        "lift the red sphere"}) {
      assertThatThrownBy(() -> parser.parse(bad)).as(bad).isInstanceOf(EpisodeAbort.class)
          .matches(e -> ((EpisodeAbort) e).reason().equals("instruction_not_understood"));
    }
  }
}
