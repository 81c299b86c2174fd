package org.stackarena.scenarios;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Draws an {@link EpisodeInstance} from a scenario, a robot, a seed and a condition. Two random
 * streams are used, both derived from (scenario id, seed) only: the base stream draws the layout
 * and the instruction index (identical for every condition, so lab and field episodes of one seed
 * are paired), and the perturbation stream draws what the condition adds.
 */
public final class Realiser {

    private static final int MAX_TRIES = 2000;
    private static final double PAD_MARGIN_M = 0.02;

    private Realiser() {}

    /**
     * @throws IllegalArgumentException when the robot is not one the scenario supports
     * @throws InvalidInputException when the scenario's ranges leave no room to place its objects
     */
    public static EpisodeInstance realise(Scenario s, String robot, long seed, Condition condition) {
        if (!s.runsOn(robot)) {
            throw new IllegalArgumentException("scenario " + s.id() + " does not run on robot " + robot
                + " (it lists " + s.robots() + ")");
        }
        Random base = new Random(mix(seed, s.id(), "layout"));
        Random pert = new Random(mix(seed, s.id(), "perturb:" + condition.name()));
        List<EpisodeInstance.PlacedObject> placed = new ArrayList<>();
        Set<String> usedColours = new HashSet<>();

        EpisodeInstance.Pad pad = null;
        if (s.target() != null) {
            Scenario.TargetSpec t = s.target();
            // the pad's colour is drawn after the objects' so it can differ from all of them; draw its place first
            double px = uniform(base, t.xM());
            double py = uniform(base, t.yM());
            pad = new EpisodeInstance.Pad(null, px, py, t.radiusM());
        }
        EpisodeInstance.PlacedObject object = drawObject(base, s, "object", EpisodeInstance.Role.OBJECT, s.object(),
            usedColours, placed, pad);
        placed.add(object);
        usedColours.add(object.color());
        if (s.support() != null) {
            EpisodeInstance.PlacedObject support = drawObject(base, s, "support", EpisodeInstance.Role.SUPPORT,
                s.support(), usedColours, placed, pad);
            placed.add(support);
            usedColours.add(support.color());
        }
        Set<String> namedColours = new HashSet<>(usedColours);
        if (s.distractors() != null) {
            int n = uniformInt(base, s.distractors().count());
            for (int i = 0; i < n; i++) {
                placed.add(drawObject(base, s, "d" + (i + 1), EpisodeInstance.Role.DISTRACTOR, s.distractors(),
                    namedColours, placed, pad));
            }
        }
        if (pad != null) {
            Set<String> all = new HashSet<>();
            placed.forEach(o -> all.add(o.color()));
            String colour = pick(base, s.target().colors().stream().filter(c -> !all.contains(c)).toList(),
                s.id() + ": no target colour differs from the objects' colours");
            pad = new EpisodeInstance.Pad(colour, pad.x(), pad.y(), pad.radiusM());
        }
        int templateDraw = base.nextInt(1 << 20);

        // ----- the condition's perturbations, from their own stream
        if (condition.extraDistractors() != null) {
            Scenario.ObjectSpec spec = s.distractors() != null ? s.distractors() : s.object();
            int n = uniformInt(pert, condition.extraDistractors().count());
            Set<String> avoid = new HashSet<>(namedColours);
            if (pad != null) {
                avoid.add(pad.color());
            }
            for (int i = 0; i < n; i++) {
                try {
                    placed.add(drawObject(pert, s, "x" + (i + 1), EpisodeInstance.Role.DISTRACTOR,
                        widen(spec, s.object()), avoid, placed, pad));
                } catch (InvalidInputException full) {
                    break; // the table has no room left: a perturbation adds what fits (still seeded)
                }
            }
        }
        if (condition.objectPositions() != null) {
            placed = beyondRange(pert, s, placed, pad, condition.objectPositions().beyondM());
        }
        double frictionScale = condition.objectFriction() == null ? 1 : uniform(pert, condition.objectFriction().scale());
        double massScale = condition.objectMass() == null ? 1 : uniform(pert, condition.objectMass().scale());
        if (frictionScale != 1 || massScale != 1) {
            List<EpisodeInstance.PlacedObject> scaled = new ArrayList<>();
            for (EpisodeInstance.PlacedObject o : placed) {
                scaled.add(new EpisodeInstance.PlacedObject(o.id(), o.role(), o.shape(), o.color(), o.halfExtents(),
                    o.massKg() * massScale, o.friction() * frictionScale, o.x(), o.y(), o.yawRad()));
            }
            placed = scaled;
        }
        double lightScale = 1;
        double[] tint = new double[3];
        if (condition.lighting() != null) {
            lightScale = uniform(pert, condition.lighting().intensityScale());
            for (int i = 0; i < 3; i++) {
                tint[i] = (pert.nextDouble() * 2 - 1) * condition.lighting().tint();
            }
        }
        List<EpisodeInstance.Push> pushes = new ArrayList<>();
        if (condition.pushes() != null) {
            Condition.Pushes p = condition.pushes();
            int n = uniformInt(pert, p.count());
            for (int i = 0; i < n; i++) {
                double start = uniform(pert, p.windowS());
                double f = uniform(pert, p.forceN());
                double dir = pert.nextDouble() * 2 * Math.PI;
                pushes.add(new EpisodeInstance.Push(start, p.durationS(), f * Math.cos(dir), f * Math.sin(dir)));
            }
            pushes.sort((a, b) -> Double.compare(a.startS(), b.startS()));
        }
        EpisodeInstance.Sensing sensing = new EpisodeInstance.Sensing(
            condition.pixelNoise() == null ? 0 : condition.pixelNoise().sigma(),
            condition.depthNoise() == null ? 0 : condition.depthNoise().sigmaM(),
            condition.depthNoise() == null ? 0 : condition.depthNoise().dropout(),
            condition.cameraJitter() == null ? 0 : condition.cameraJitter().posM(),
            condition.cameraJitter() == null ? 0 : condition.cameraJitter().rotDeg(),
            pert.nextLong());

        boolean unseen = Boolean.TRUE.equals(condition.unseenParaphrases());
        List<String> templates = unseen ? s.fieldInstructions() : s.instructions();
        String instruction = fill(templates.get(templateDraw % templates.size()), placed, pad);
        return new EpisodeInstance(s.id(), s.family(), robot, seed, condition.name(), List.copyOf(placed), pad,
            instruction, s.timeLimitS(), s.success(), sensing, lightScale, tint, List.copyOf(pushes));
    }

    /**
     * Moves the named object to {@code beyond} metres outside its x or y range (an edge drawn from
     * {@code r}, the position along it uniform within the other range), keeping clear of every
     * other object and the pad; tries the edges in a seeded order and leaves the layout unchanged
     * when none has room.
     */
    private static List<EpisodeInstance.PlacedObject> beyondRange(Random r, Scenario s,
            List<EpisodeInstance.PlacedObject> placed, EpisodeInstance.Pad pad, double beyond) {
        EpisodeInstance.PlacedObject o = placed.stream().filter(p -> p.role() == EpisodeInstance.Role.OBJECT)
            .findFirst().orElseThrow();
        List<EpisodeInstance.PlacedObject> others = placed.stream().filter(p -> p != o).toList();
        List<Double> xr = s.object().xM();
        List<Double> yr = s.object().yM();
        double footprint = Math.hypot(o.halfExtents()[0], o.halfExtents()[1]);
        int first = r.nextInt(4);
        for (int attempt = 0; attempt < 4 * 50; attempt++) {
            int edge = (first + attempt / 50) % 4;
            double x = edge == 0 ? xr.get(0) - beyond : edge == 1 ? xr.get(1) + beyond : uniform(r, xr);
            double y = edge == 2 ? yr.get(0) - beyond : edge == 3 ? yr.get(1) + beyond : uniform(r, yr);
            if (clear(x, y, footprint, s.minSeparationM(), others, pad)) {
                List<EpisodeInstance.PlacedObject> out = new ArrayList<>();
                for (EpisodeInstance.PlacedObject p : placed) {
                    out.add(p != o ? p : new EpisodeInstance.PlacedObject(o.id(), o.role(), o.shape(), o.color(),
                        o.halfExtents(), o.massKg(), o.friction(), x, y, o.yawRad()));
                }
                return out;
            }
        }
        return placed;
    }

    /** Distractors added by the field condition reuse the scenario's shapes and sizes, placed in the object's area. */
    private static Scenario.ObjectSpec widen(Scenario.ObjectSpec spec, Scenario.ObjectSpec object) {
        return new Scenario.ObjectSpec(null, spec.shapes(), spec.colors(), spec.halfSizeM(), spec.massKg(),
            object.xM(), object.yM(), spec.yawDeg());
    }

    private static EpisodeInstance.PlacedObject drawObject(Random r, Scenario s, String id, EpisodeInstance.Role role,
            Scenario.ObjectSpec spec, Set<String> avoidColours, List<EpisodeInstance.PlacedObject> others,
            EpisodeInstance.Pad pad) {
        List<Shape> shapes = spec.shapes().stream().map(Shape::fromWord).toList();
        if ("stack".equals(s.family()) && role != EpisodeInstance.Role.DISTRACTOR) {
            // MuJoCo 2.2.2 cannot keep a cylinder stacked on a box (or a box on a cylinder) upright
            List<Shape> boxes = shapes.stream().filter(sh -> sh != Shape.CYLINDER).toList();
            shapes = boxes.isEmpty() ? shapes : boxes;
        }
        Shape shape = shapes.get(r.nextInt(shapes.size()));
        String colour = pick(r, spec.colors().stream().filter(c -> !avoidColours.contains(c)).toList(),
            s.id() + ": object '" + id + "' has no colour left that differs from the named objects'");
        double h = uniform(r, spec.halfSizeM());
        double[] half = switch (shape) {
            case CUBE, CYLINDER -> new double[] {h, h, h};
            case BLOCK -> new double[] {1.6 * h, h, h};
        };
        double mass = uniform(r, spec.massKg());
        double yaw = Math.toRadians(uniform(r, spec.yawDeg()));
        double footprint = Math.hypot(half[0], half[1]);
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            double x = uniform(r, spec.xM());
            double y = uniform(r, spec.yM());
            if (clear(x, y, footprint, s.minSeparationM(), others, pad)) {
                return new EpisodeInstance.PlacedObject(id, role, shape, colour, half, mass, 1.0, x, y, yaw);
            }
        }
        throw new InvalidInputException(new Problem(s.id(), id.startsWith("d") || id.startsWith("x") ? "distractors" : id,
            null, "cannot place this object " + MAX_TRIES + " times without overlap: widen x_m/y_m or lower "
                + "min_separation_m"));
    }

    private static boolean clear(double x, double y, double footprint, double minSep,
                                 List<EpisodeInstance.PlacedObject> others, EpisodeInstance.Pad pad) {
        for (EpisodeInstance.PlacedObject o : others) {
            if (Math.hypot(o.x() - x, o.y() - y) < minSep) {
                return false;
            }
        }
        return pad == null || Math.hypot(pad.x() - x, pad.y() - y) >= pad.radiusM() + footprint + PAD_MARGIN_M;
    }

    /** Fills an instruction template's placeholders. */
    static String fill(String template, List<EpisodeInstance.PlacedObject> objects, EpisodeInstance.Pad pad) {
        EpisodeInstance.PlacedObject o = objects.stream().filter(p -> p.role() == EpisodeInstance.Role.OBJECT).findFirst().orElseThrow();
        String out = template.replace("{color}", o.color()).replace("{shape}", o.shape().word());
        for (EpisodeInstance.PlacedObject p : objects) {
            if (p.role() == EpisodeInstance.Role.SUPPORT) {
                out = out.replace("{support_color}", p.color()).replace("{support_shape}", p.shape().word());
            }
        }
        if (pad != null) {
            out = out.replace("{target}", pad.color());
        }
        return out;
    }

    private static String pick(Random r, List<String> options, String whenEmpty) {
        if (options.isEmpty()) {
            throw new InvalidInputException(new Problem(whenEmpty.substring(0, whenEmpty.indexOf(':')), "colors", null,
                whenEmpty.substring(whenEmpty.indexOf(':') + 2)));
        }
        return options.get(r.nextInt(options.size()));
    }

    static double uniform(Random r, List<Double> range) {
        return range.get(0) + r.nextDouble() * (range.get(1) - range.get(0));
    }

    static int uniformInt(Random r, List<Integer> range) {
        return range.get(0) + r.nextInt(range.get(1) - range.get(0) + 1);
    }

    /** A 64-bit seed from the episode seed and a label (FNV-1a over the label, then SplitMix64). */
    static long mix(long seed, String id, String stream) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (id + "/" + stream).getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        long z = seed + h + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
