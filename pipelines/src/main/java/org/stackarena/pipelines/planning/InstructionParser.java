package org.stackarena.pipelines.planning;

import org.stackarena.api.TaskFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.stackarena.scenarios.Palette;
import org.stackarena.scenarios.Shape;
import org.stackarena.api.EpisodeAbort;

/**
 * Parses the scenario language into a {@link Goal}. No guessing: an instruction it cannot read
 * unambiguously ends the episode with {@code EpisodeAbort("instruction_not_understood", ...)}.
 *
 * <p>Grammar (over lower-cased word tokens; other words such as articles, "it", "and",
 * "please" are skipped):
 * <pre>
 *   object    := COLOUR [ADJ]* SHAPE                 e.g. "red cube", "blue small block"
 *   pad       := COLOUR ("pad" | "target" | "mat" | "marker" | "spot" | "zone")
 *   effector  := "gripper" | "hand" | "end effector" | "effector" | "fingers" | "claw"
 *   verb      := reach-verb | lift-verb | place-verb | push-verb | "stack"
 *   sentence  := any order of verbs, objects, pads, effector words and fillers
 * </pre>
 * Interpretation: a push verb with one object and a pad is a push; an object and a pad with a
 * place/lift verb is pick-place; two objects with a stack or place verb and "on"/"onto"/"on top
 * of"/"above" between them is a stack (the second is the support); an effector word or a reach
 * verb with one object and no pad is a reach; a lift verb with one object is a pick-lift.
 * Anything else (no verb, no object, an unknown colour before a shape, several candidates) is
 * rejected.
 */
public final class InstructionParser {

  private static final Set<String> REACH_VERBS = Set.of("reach", "go", "approach", "hover", "touch", "point",
      "position", "move", "bring", "put", "place", "get", "head");
  private static final Set<String> STRICT_REACH_VERBS = Set.of("reach", "go", "approach", "hover", "touch",
      "point", "head");
  private static final Set<String> LIFT_VERBS = Set.of("pick", "lift", "raise", "grab", "take", "hold", "hoist",
      "grasp", "elevate", "pickup");
  private static final Set<String> PLACE_VERBS = Set.of("put", "place", "move", "set", "carry", "bring", "drop",
      "deliver", "transfer", "transport", "relocate", "lay", "position", "stack", "pick", "take");
  private static final Set<String> PUSH_VERBS = Set.of("push", "slide", "shove", "nudge", "poke", "drag", "press");
  private static final Set<String> PAD_WORDS = Set.of("pad", "target", "mat", "marker", "spot", "zone", "goal");
  private static final Set<String> EFFECTOR_WORDS = Set.of("gripper", "hand", "effector", "fingers", "claw",
      "tool");
  private static final Set<String> ON_WORDS = Set.of("on", "onto", "atop", "top", "above", "upon");
  private static final Set<String> ADJECTIVES = Set.of("small", "little", "big", "large", "tiny", "short", "long",
      "flat", "round", "square", "rectangular", "wooden", "plastic", "coloured", "colored");
  private static final Set<String> SHAPE_SYNONYMS = Set.of("cube", "cylinder", "block", "box", "can", "brick",
      "bar", "dice", "die", "tube", "puck");

  /**
   * Parses an instruction.
   *
   * @throws EpisodeAbort with reason {@code instruction_not_understood} naming what was missing
   */
  public Goal parse(String instruction) {
    if (instruction == null || instruction.isBlank()) {
      throw reject(instruction, "empty instruction");
    }
    String[] words = instruction.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", " ").trim().split("\\s+");
    List<int[]> objects = new ArrayList<>(); // {index of colour, index of shape}
    List<String[]> objectWords = new ArrayList<>();
    List<String> pads = new ArrayList<>();
    boolean effector = false;
    boolean reachVerb = false;
    boolean strictReach = false;
    boolean liftVerb = false;
    boolean placeVerb = false;
    boolean pushVerb = false;
    boolean stackVerb = false;
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      if (Palette.contains(w)) {
        int j = i + 1;
        while (j < words.length && ADJECTIVES.contains(words[j])) {
          j++;
        }
        if (j < words.length && PAD_WORDS.contains(words[j])) {
          pads.add(w);
          i = j;
          continue;
        }
        if (j < words.length && SHAPE_SYNONYMS.contains(words[j])) {
          Shape s = shapeOf(words[j]);
          if (s == null) {
            throw reject(instruction, "unknown object word '" + words[j] + "'");
          }
          objects.add(new int[] {i, j});
          objectWords.add(new String[] {w, s.word()});
          i = j;
          continue;
        }
        throw reject(instruction, "colour '" + w + "' not followed by an object or pad word");
      }
      if (SHAPE_SYNONYMS.contains(w)) {
        throw reject(instruction, "object '" + w + "' without a colour");
      }
      if (EFFECTOR_WORDS.contains(w)) {
        effector = true;
      }
      reachVerb |= REACH_VERBS.contains(w);
      strictReach |= STRICT_REACH_VERBS.contains(w);
      liftVerb |= LIFT_VERBS.contains(w);
      placeVerb |= PLACE_VERBS.contains(w);
      pushVerb |= PUSH_VERBS.contains(w);
      stackVerb |= w.equals("stack");
    }
    boolean anyVerb = reachVerb || liftVerb || placeVerb || pushVerb || stackVerb;
    if (!anyVerb) {
      throw reject(instruction, "no action verb");
    }
    if (objects.isEmpty()) {
      throw reject(instruction, "no object named by colour and shape");
    }
    if (pads.size() > 1) {
      throw reject(instruction, "more than one pad named");
    }
    String[] first = objectWords.get(0);
    Shape shape = Shape.fromWord(first[1]);
    if (pushVerb) {
      if (objects.size() != 1 || pads.size() != 1) {
        throw reject(instruction, "a push needs one object and one target pad");
      }
      return new Goal(TaskFamily.PUSH, first[0], shape, pads.get(0), null, null);
    }
    if (objects.size() == 2 && pads.isEmpty()) {
      int between = objects.get(0)[1] + 1;
      boolean on = false;
      for (int k = between; k < objects.get(1)[0]; k++) {
        on |= ON_WORDS.contains(words[k]);
      }
      if ((stackVerb || placeVerb) && on && !effector) {
        String[] second = objectWords.get(1);
        return new Goal(TaskFamily.STACK, first[0], shape, null, second[0], Shape.fromWord(second[1]));
      }
      throw reject(instruction, "two objects but no 'put X on (top of) Y' structure");
    }
    if (objects.size() != 1) {
      throw reject(instruction, "more than one object named");
    }
    if (pads.size() == 1) {
      if (effector) {
        throw reject(instruction, "moving the gripper to a pad is not a task");
      }
      if (placeVerb || liftVerb) {
        return new Goal(TaskFamily.PICK_PLACE, first[0], shape, pads.get(0), null, null);
      }
      throw reject(instruction, "a pad but no verb that moves the object there");
    }
    if (effector && (reachVerb || strictReach)) {
      return new Goal(TaskFamily.REACH, first[0], shape, null, null, null);
    }
    if (strictReach && !liftVerb) {
      return new Goal(TaskFamily.REACH, first[0], shape, null, null, null);
    }
    if (liftVerb && !effector) {
      return new Goal(TaskFamily.PICK_LIFT, first[0], shape, null, null, null);
    }
    throw reject(instruction, "no verb that says what to do with the " + first[0] + " " + first[1]);
  }

  private static Shape shapeOf(String w) {
    return switch (w) {
      case "cube", "dice", "die", "box" -> Shape.CUBE;
      case "cylinder", "can", "tube", "puck" -> Shape.CYLINDER;
      case "block", "brick", "bar" -> Shape.BLOCK;
      default -> null;
    };
  }

  private static EpisodeAbort reject(String instruction, String why) {
    return new EpisodeAbort("instruction_not_understood", why + " in '" + instruction + "'");
  }
}
