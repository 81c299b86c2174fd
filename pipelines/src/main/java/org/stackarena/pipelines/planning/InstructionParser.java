package org.stackarena.pipelines.planning;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.stackarena.api.EpisodeAbort;
import org.stackarena.api.TaskFamily;
import org.stackarena.scenarios.Palette;
import org.stackarena.scenarios.Shape;

/**
 * Reads an instruction into a {@link Goal} by filling slots — the object (colour and shape), the
 * target pad, the support object, and the verb class — whatever the word order. No guessing: an
 * instruction whose slots do not make exactly one task ends the episode with
 * {@code EpisodeAbort("instruction_not_understood", ...)}, and the detail names the words it could
 * not place.
 *
 * <p>How the slots are filled, over lower-cased word tokens:
 * <ol>
 *   <li>Each word gets a class: colour (a {@link Palette} name), shape noun ("cube", "block",
 *       "cylinder" and synonyms such as "box", "brick", "can"), pad noun ("pad", "target", "mat",
 *       "zone", ...), effector ("gripper", "hand", "end effector", ...), verb (one or more of the
 *       classes reach, lift, place, push, stack), destination word ("on", "onto", "to", "into",
 *       "toward", "at", "above", ...), a filler it knows and skips ("the", "please", "table",
 *       "carefully", ...), or unknown.</li>
 *   <li>A colour binds to the nearest shape or pad noun after it in the same phrase (adjectives
 *       such as "small" between them are skipped), or else to the noun before it ("the cube that
 *       is red"). A shape noun without a colour refers to an object already named with that shape
 *       ("pick up the red cube and lift the cube"); otherwise it is an error.</li>
 *   <li>A noun right after a destination word (fillers skipped) is a destination: the pad of a
 *       pick-place or push, the support of a stack, or — with no other object — the place a reach
 *       goes to. An effector after "with" or "using" is the instrument, not the subject.</li>
 *   <li>The task: a push verb with one object and a pad is a push; two objects, one of them a
 *       destination, under a place/stack/lift verb is a stack; one object and a pad under a
 *       place/lift verb (or no verb at all: "red cube onto the blue pad") is a pick-place; one
 *       object with an effector word, a strict reach verb ("reach", "approach", "hover", ...) or a
 *       motion verb whose only destination is the object is a reach; one object under a lift verb
 *       is a pick-lift.</li>
 * </ol>
 * Negations ("don't", "never") are refused rather than ignored.
 */
public final class InstructionParser {

  /** What a verb can ask for; a verb may belong to several classes ("put": place and reach). */
  enum VerbClass { REACH, STRICT_REACH, LIFT, PLACE, PUSH, STACK }

  private static final Map<String, Set<VerbClass>> VERBS = verbs();
  private static final Set<String> PAD_WORDS = Set.of("pad", "target", "mat", "marker", "spot", "zone", "goal",
      "circle", "disc", "disk", "area", "region", "patch");
  private static final Set<String> EFFECTOR_WORDS = Set.of("gripper", "hand", "effector", "fingers", "finger", "claw",
      "tool", "arm", "end-effector", "ee");
  private static final Set<String> DESTINATION_WORDS = Set.of("on", "onto", "atop", "top", "above", "upon", "over",
      "to", "into", "in", "inside", "toward", "towards", "at", "near", "next", "beside", "by", "close", "against");
  /** Destination words that can put one object on another (a stack's support). */
  private static final Set<String> ON_WORDS = Set.of("on", "onto", "atop", "top", "above", "upon", "over");
  private static final Set<String> INSTRUMENT_WORDS = Set.of("with", "using", "via");
  private static final Set<String> NEGATIONS = Set.of("not", "dont", "never", "avoid");
  private static final Set<String> ADJECTIVES = Set.of("small", "little", "big", "large", "tiny", "short", "long",
      "flat", "round", "square", "rectangular", "wooden", "plastic", "coloured", "colored", "light", "heavy",
      "bright", "dark", "same");
  private static final Map<String, Shape> SHAPE_WORDS = Map.ofEntries(
      Map.entry("cube", Shape.CUBE), Map.entry("cubes", Shape.CUBE), Map.entry("box", Shape.CUBE),
      Map.entry("dice", Shape.CUBE), Map.entry("die", Shape.CUBE),
      Map.entry("cylinder", Shape.CYLINDER), Map.entry("can", Shape.CYLINDER), Map.entry("tube", Shape.CYLINDER),
      Map.entry("puck", Shape.CYLINDER), Map.entry("cylinders", Shape.CYLINDER),
      Map.entry("block", Shape.BLOCK), Map.entry("brick", Shape.BLOCK), Map.entry("bar", Shape.BLOCK),
      Map.entry("cuboid", Shape.BLOCK), Map.entry("blocks", Shape.BLOCK));
  /** Words that carry no slot; they are skipped without comment. */
  private static final Set<String> FILLERS = Set.of("the", "a", "an", "it", "its", "and", "then", "please", "your",
      "my", "that", "this", "which", "is", "are", "so", "of", "from", "off", "table", "air", "you", "could", "would",
      "will", "kindly", "now", "carefully", "gently", "slowly", "quickly", "just", "there", "one", "sits", "sitting",
      "lies", "lying", "located", "until", "up", "down", "right", "directly", "straight", "should", "be", "along",
      "across", "surface", "workspace", "robot", "front", "side", "let", "us", "lets", "we", "i", "want", "need",
      "for", "me", "around", "away", "back", "again", "first", "finally", "after", "before", "make", "sure", "try",
      "without", "lifting", "them", "here", "where", "whole", "way", "all");
  /** Words that make "can" a modal verb rather than the shape noun. */
  private static final Set<String> MODAL_SUBJECTS = Set.of("you", "i", "we", "it");

  /**
   * Parses an instruction.
   *
   * @throws EpisodeAbort with reason {@code instruction_not_understood} naming what was missing
   *     and any word it could not place
   */
  public Goal parse(String instruction) {
    if (instruction == null || instruction.isBlank()) {
      throw reject(instruction, "empty instruction", List.of());
    }
    String[] words = tokens(instruction);
    Set<VerbClass> verbs = EnumSet.noneOf(VerbClass.class);
    List<String> unplaced = new ArrayList<>();
    List<Entity> entities = new ArrayList<>();
    boolean effector = false;
    boolean pendingInstrument = false;
    boolean[] used = new boolean[words.length];
    // pass 1: nouns (with their colour) and the destination marks on them
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      if (NEGATIONS.contains(w)) {
        throw reject(instruction, "a negation ('" + w + "') is not something it can act on", List.of());
      }
      boolean modal = w.equals("can") && i + 1 < words.length && MODAL_SUBJECTS.contains(words[i + 1]);
      Shape shape = modal ? null : SHAPE_WORDS.get(w);
      if (modal) {
        used[i] = true;
      }
      boolean pad = PAD_WORDS.contains(w);
      if (shape != null || pad) {
        entities.add(new Entity(i, shape, pad, destinationBefore(words, i), onBefore(words, i)));
        used[i] = true;
      }
    }
    // pass 2: bind colours to nouns (next noun in the phrase, else the previous one)
    for (int i = 0; i < words.length; i++) {
      if (!Palette.contains(words[i])) {
        continue;
      }
      used[i] = true;
      Entity next = nounAfter(words, entities, i);
      Entity target = next != null && next.colour == null ? next : nounBefore(words, entities, i);
      if (target == null || target.colour != null) {
        String after = i + 1 < words.length ? " (next word '" + words[i + 1] + "')" : "";
        throw reject(instruction, "colour '" + words[i] + "' names no object or pad" + after, List.of());
      }
      target.colour = words[i];
    }
    // pass 3: verbs, effector words, and what is left over
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      if (used[i]) {
        continue;
      }
      Set<VerbClass> v = VERBS.get(w);
      if (w.equals("up") && (i + 1 == words.length || !words[i + 1].equals("to"))) {
        verbs.add(VerbClass.LIFT); // "get it up", "hold it up": a lift, unless "up to" somewhere
      }
      if (v != null) {
        verbs.addAll(v);
      } else if (INSTRUMENT_WORDS.contains(w)) {
        pendingInstrument = true;
        continue;
      } else if (EFFECTOR_WORDS.contains(w)) {
        effector |= !pendingInstrument;
      } else if (!FILLERS.contains(w) && !DESTINATION_WORDS.contains(w) && !ADJECTIVES.contains(w)) {
        unplaced.add(w);
      }
      if (!FILLERS.contains(w) && !ADJECTIVES.contains(w)) {
        pendingInstrument = false;
      }
    }
    return decide(instruction, entities, verbs, effector, unplaced);
  }

  private Goal decide(String instruction, List<Entity> entities, Set<VerbClass> verbs, boolean effector,
      List<String> unplaced) {
    List<Entity> objects = new ArrayList<>();
    List<Entity> pads = new ArrayList<>();
    for (Entity e : entities) {
      if (e.pad) {
        if (e.colour == null) {
          throw reject(instruction, "a pad without a colour", unplaced);
        }
        if (pads.stream().noneMatch(p -> p.colour.equals(e.colour))) {
          pads.add(e);
        }
      } else if (e.colour == null) {
        Entity earlier = objects.stream().filter(o -> o.shape == e.shape).findFirst().orElse(null);
        if (earlier == null) {
          throw reject(instruction, "object '" + e.shape.word() + "' without a colour", unplaced);
        }
        earlier.destination |= e.destination;
        earlier.on |= e.on;
      } else {
        Entity same = objects.stream().filter(o -> o.colour.equals(e.colour) && o.shape == e.shape).findFirst()
            .orElse(null);
        if (same == null) {
          objects.add(e);
        } else {
          same.destination |= e.destination;
          same.on |= e.on;
        }
      }
    }
    if (objects.isEmpty()) {
      throw reject(instruction, "no object named by colour and shape", unplaced);
    }
    if (pads.size() > 1) {
      throw reject(instruction, "more than one pad named", unplaced);
    }
    if (objects.size() > 2) {
      throw reject(instruction, "more than two objects named", unplaced);
    }
    boolean noVerb = verbs.isEmpty();
    boolean moves = verbs.contains(VerbClass.PLACE) || verbs.contains(VerbClass.LIFT) || verbs.contains(VerbClass.STACK);
    if (verbs.contains(VerbClass.PUSH)) {
      if (objects.size() != 1 || pads.size() != 1) {
        throw reject(instruction, "a push needs one object and one target pad", unplaced);
      }
      return goal(TaskFamily.PUSH, objects.get(0), pads.get(0).colour, null);
    }
    if (objects.size() == 2) {
      if (!pads.isEmpty()) {
        throw reject(instruction, "two objects and a pad", unplaced);
      }
      Entity support = objects.stream().filter(o -> o.on).reduce((a, b) -> null).orElse(null);
      if (support == null) {
        throw reject(instruction, "two objects but not which goes on top of which", unplaced);
      }
      if (effector || !(moves || noVerb)) {
        throw reject(instruction, "two objects but no verb that puts one on the other", unplaced);
      }
      Entity object = objects.get(0) == support ? objects.get(1) : objects.get(0);
      return goal(TaskFamily.STACK, object, null, support);
    }
    Entity object = objects.get(0);
    if (pads.size() == 1) {
      if (effector) {
        throw reject(instruction, "moving the gripper to a pad is not a task", unplaced);
      }
      if (!pads.get(0).destination && !moves) {
        throw reject(instruction, "a pad but no word that sends the object there", unplaced);
      }
      if (moves || noVerb) {
        return goal(TaskFamily.PICK_PLACE, object, pads.get(0).colour, null);
      }
      throw reject(instruction, "a pad but no verb that moves the object there", unplaced);
    }
    boolean lift = verbs.contains(VerbClass.LIFT);
    boolean strictReach = verbs.contains(VerbClass.STRICT_REACH);
    boolean reachTo = object.destination && verbs.contains(VerbClass.REACH);
    if (effector && (verbs.contains(VerbClass.REACH) || strictReach || verbs.contains(VerbClass.PLACE))) {
      return goal(TaskFamily.REACH, object, null, null);
    }
    if ((strictReach || reachTo) && !lift) {
      return goal(TaskFamily.REACH, object, null, null);
    }
    if (lift && !effector) {
      return goal(TaskFamily.PICK_LIFT, object, null, null);
    }
    if (noVerb) {
      throw reject(instruction, "no action verb", unplaced);
    }
    throw reject(instruction, "no verb that says what to do with the " + object.colour + " " + object.shape.word(),
        unplaced);
  }

  private static Goal goal(TaskFamily family, Entity object, String pad, Entity support) {
    return new Goal(family, object.colour, object.shape, pad, support == null ? null : support.colour,
        support == null ? null : support.shape);
  }

  /** Lower-cased word tokens; "end effector" and "end-effector" become one word, "pick up" stays two. */
  static String[] tokens(String instruction) {
    String s = instruction.toLowerCase(Locale.ROOT)
        .replace("end-effector", "effector").replace("end effector", "effector")
        .replace("don't", "dont").replace("n't", " not")
        .replaceAll("[^a-z ]", " ").trim();
    return s.isEmpty() ? new String[0] : s.split("\\s+");
  }

  /** True when a destination word precedes noun {@code i}, fillers, adjectives and its colour skipped. */
  private static boolean destinationBefore(String[] words, int i) {
    return markBefore(words, i, DESTINATION_WORDS);
  }

  private static boolean onBefore(String[] words, int i) {
    return markBefore(words, i, ON_WORDS);
  }

  private static boolean markBefore(String[] words, int i, Set<String> marks) {
    for (int k = i - 1; k >= 0; k--) {
      String w = words[k];
      if (marks.contains(w)) {
        return true;
      }
      if (w.equals("of") && k > 0 && words[k - 1].equals("top")) {
        return marks.contains("top");
      }
      boolean skip = Set.of("the", "a", "an", "your", "my", "that", "this", "right", "directly", "straight")
          .contains(w) || ADJECTIVES.contains(w) || Palette.contains(w);
      if (!skip) {
        return false;
      }
    }
    return false;
  }

  /** The next noun within the phrase: only articles, adjectives and fillers may come between. */
  private static Entity nounAfter(String[] words, List<Entity> entities, int colourAt) {
    for (int k = colourAt + 1; k < words.length; k++) {
      Entity e = at(entities, k);
      if (e != null) {
        return e;
      }
      if (!ADJECTIVES.contains(words[k]) && !Set.of("coloured", "colored", "one").contains(words[k])) {
        return null;
      }
    }
    return null;
  }

  /** "the cube that is red", "the pad which is blue", "the red-coloured cube" read backwards. */
  private static Entity nounBefore(String[] words, List<Entity> entities, int colourAt) {
    for (int k = colourAt - 1; k >= 0; k--) {
      Entity e = at(entities, k);
      if (e != null) {
        return e;
      }
      if (!Set.of("that", "which", "is", "are", "coloured", "colored", "in").contains(words[k])) {
        return null;
      }
    }
    return null;
  }

  private static Entity at(List<Entity> entities, int index) {
    for (Entity e : entities) {
      if (e.index == index) {
        return e;
      }
    }
    return null;
  }

  private static Map<String, Set<VerbClass>> verbs() {
    Map<String, Set<VerbClass>> m = new java.util.HashMap<>();
    for (String w : List.of("reach", "approach", "hover", "touch", "point", "head", "navigate", "aim", "go")) {
      m.computeIfAbsent(w, k -> EnumSet.noneOf(VerbClass.class)).addAll(EnumSet.of(VerbClass.REACH,
          VerbClass.STRICT_REACH));
    }
    for (String w : List.of("move", "bring", "put", "place", "get", "position", "come", "steer", "guide")) {
      m.computeIfAbsent(w, k -> EnumSet.noneOf(VerbClass.class)).add(VerbClass.REACH);
    }
    for (String w : List.of("pick", "lift", "raise", "grab", "take", "hold", "hoist", "grasp", "elevate", "pickup",
        "seize", "grip", "fetch", "collect", "pull")) {
      m.computeIfAbsent(w, k -> EnumSet.noneOf(VerbClass.class)).add(VerbClass.LIFT);
    }
    for (String w : List.of("put", "place", "move", "set", "carry", "bring", "drop", "deliver", "transfer",
        "transport", "relocate", "lay", "position", "stack", "pick", "take", "goes", "rest", "leave", "release")) {
      m.computeIfAbsent(w, k -> EnumSet.noneOf(VerbClass.class)).add(VerbClass.PLACE);
    }
    for (String w : List.of("push", "pushed", "slide", "shove", "nudge", "poke", "drag", "press", "sweep", "shift")) {
      m.computeIfAbsent(w, k -> EnumSet.noneOf(VerbClass.class)).add(VerbClass.PUSH);
    }
    m.computeIfAbsent("stack", k -> EnumSet.noneOf(VerbClass.class)).add(VerbClass.STACK);
    return Map.copyOf(m);
  }

  private static EpisodeAbort reject(String instruction, String why, List<String> unplaced) {
    String words = unplaced.isEmpty() ? "" : "; could not place " + String.join(", ",
        new LinkedHashSet<>(unplaced).stream().map(w -> "'" + w + "'").toList());
    return new EpisodeAbort("instruction_not_understood", why + words + " in '" + instruction + "'");
  }

  /** A noun in the sentence: an object (shape) or a pad, with the colour bound to it. */
  private static final class Entity {
    final int index;
    final Shape shape;
    final boolean pad;
    boolean destination;
    boolean on;
    String colour;

    Entity(int index, Shape shape, boolean pad, boolean destination, boolean on) {
      this.index = index;
      this.shape = shape;
      this.pad = pad;
      this.destination = destination;
      this.on = on;
    }
  }
}
