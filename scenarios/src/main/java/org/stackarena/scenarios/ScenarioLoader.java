package org.stackarena.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads scenario files strictly: unknown fields, missing fields, wrong types and out-of-range
 * values are {@link Problem}s naming the file, the field and the reason. Also lists the scenarios
 * shipped in this module.
 */
public final class ScenarioLoader {

    /** Robots shipped with StackArena (their models live in {@code sim}); a scenario lists those it runs on. */
    public static final Set<String> ROBOTS = org.stackarena.sim.robot.RobotDescriptor.SHIPPED;

    private static final String RESOURCE_DIR = "scenarios/";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]*)}");

    /** The strict mapper shared by every StackArena input file. */
    static final ObjectMapper MAPPER = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private ScenarioLoader() {}

    /**
     * Parses and validates one scenario file.
     *
     * @throws InvalidInputException listing every problem
     */
    public static Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(new Problem(file.toString(), "", null,
                Files.exists(file) ? "cannot read: " + e.getMessage() : "no such file"));
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses and validates scenario JSON.
     *
     * @param source the file name used in problems
     * @throws InvalidInputException listing every problem
     */
    public static Scenario parse(String source, String json) {
        Scenario s = read(source, json, Scenario.class);
        List<Problem> problems = validate(source, s);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return s;
    }

    /** Reads JSON into a record, turning Jackson's errors into one {@link Problem}. */
    static <T> T read(String source, String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidInputException(new Problem(source, "", null, "empty file"));
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new InvalidInputException(new Problem(source, path(e), null,
                "unknown field '" + e.getPropertyName() + "'" + (known.isEmpty() ? "" : " (allowed: " + known + ")")));
        } catch (InvalidFormatException e) {
            throw new InvalidInputException(new Problem(source, path(e), String.valueOf(e.getValue()),
                "expected " + simpleType(e.getTargetType())));
        } catch (MismatchedInputException e) {
            throw new InvalidInputException(new Problem(source, path(e), null,
                "expected " + simpleType(e.getTargetType())));
        } catch (JsonMappingException e) {
            throw new InvalidInputException(new Problem(source, path(e), null, firstLine(e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
            throw new InvalidInputException(new Problem(source, "", null,
                "not valid JSON" + where + ": " + firstLine(e.getOriginalMessage())));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String simpleType(Class<?> t) {
        if (t == null) {
            return "a different type";
        }
        if (Number.class.isAssignableFrom(t) || t.isPrimitive() && t != boolean.class) {
            return t == Integer.class || t == int.class ? "an integer" : "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(t)) {
            return "a list";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** Validates a parsed scenario; returns every problem found (empty when valid). */
    public static List<Problem> validate(String src, Scenario s) {
        Checker c = new Checker(src);
        if (c.present("id", s.id()) && !ID.matcher(s.id()).matches()) {
            c.bad("id", s.id(), "use lower case letters, digits and dashes (max 63)");
        }
        if (c.present("family", s.family()) && !Scenario.FAMILIES.contains(s.family())) {
            c.bad("family", s.family(), "unknown task family (allowed: " + String.join(", ", Scenario.FAMILIES) + ")");
        }
        c.present("description", s.description());
        if (c.present("robots", s.robots())) {
            if (s.robots().isEmpty()) {
                c.bad("robots", "[]", "list at least one robot");
            }
            for (int i = 0; i < s.robots().size(); i++) {
                if (!ROBOTS.contains(s.robots().get(i))) {
                    c.bad("robots[" + i + "]", s.robots().get(i), "unknown robot (known: "
                        + ROBOTS.stream().sorted().collect(Collectors.joining(", ")) + ")");
                }
            }
        }
        if (c.present("time_limit_s", s.timeLimitS()) && !(s.timeLimitS() > 0 && s.timeLimitS() <= 600)) {
            c.bad("time_limit_s", s.timeLimitS(), "must be > 0 and <= 600 seconds");
        }
        if (c.present("object", s.object())) {
            checkObject(c, "object", s.object(), false);
        }
        String family = s.family() == null ? "" : s.family();
        if (!Scenario.FAMILIES.contains(family)) {
            return c.problems; // what else is required depends on the family
        }
        boolean needsTarget = family.equals("pick-place") || family.equals("push");
        boolean needsSupport = family.equals("stack");
        if (needsTarget) {
            if (c.present("target", s.target())) {
                checkTarget(c, s.target());
            }
        } else if (s.target() != null) {
            c.bad("target", "{...}", "only pick-place and push scenarios have a target pad");
        }
        if (needsSupport) {
            if (c.present("support", s.support())) {
                checkObject(c, "support", s.support(), false);
            }
        } else if (s.support() != null) {
            c.bad("support", "{...}", "only stack scenarios have a support object");
        }
        if (s.distractors() != null) {
            checkObject(c, "distractors", s.distractors(), true);
        }
        if (c.present("min_separation_m", s.minSeparationM()) && !(s.minSeparationM() >= 0.03 && s.minSeparationM() <= 0.5)) {
            c.bad("min_separation_m", s.minSeparationM(), "must be between 0.03 and 0.5 m");
        }
        Set<String> allowed = new java.util.HashSet<>(Set.of("color", "shape"));
        if (needsTarget) {
            allowed.add("target");
        }
        if (needsSupport) {
            allowed.addAll(Set.of("support_color", "support_shape"));
        }
        checkTemplates(c, "instructions", s.instructions(), allowed, 3);
        checkTemplates(c, "field_instructions", s.fieldInstructions(), allowed, 1);
        if (c.present("success", s.success())) {
            checkSuccess(c, family, s.success());
        }
        return c.problems;
    }

    private static void checkObject(Checker c, String f, Scenario.ObjectSpec o, boolean distractor) {
        if (distractor) {
            if (c.present(f + ".count", o.count())) {
                c.intRange(f + ".count", o.count(), 0, 6);
            }
        } else if (o.count() != null) {
            c.bad(f + ".count", o.count(), "only distractors have a count");
        }
        if (c.present(f + ".shapes", o.shapes())) {
            c.nonEmpty(f + ".shapes", o.shapes());
            for (int i = 0; i < o.shapes().size(); i++) {
                if (Shape.fromWord(o.shapes().get(i)) == null) {
                    c.bad(f + ".shapes[" + i + "]", o.shapes().get(i), "unknown shape (allowed: cube, cylinder, block)");
                }
            }
        }
        if (c.present(f + ".colors", o.colors())) {
            c.colours(f + ".colors", o.colors());
        }
        if (c.present(f + ".half_size_m", o.halfSizeM())) {
            c.range(f + ".half_size_m", o.halfSizeM(), 0.01, 0.04);
        }
        if (c.present(f + ".mass_kg", o.massKg())) {
            c.range(f + ".mass_kg", o.massKg(), 0.005, 2.0);
        }
        if (c.present(f + ".x_m", o.xM())) {
            c.range(f + ".x_m", o.xM(), 0.2, 0.8);
        }
        if (c.present(f + ".y_m", o.yM())) {
            c.range(f + ".y_m", o.yM(), -0.4, 0.4);
        }
        if (c.present(f + ".yaw_deg", o.yawDeg())) {
            c.range(f + ".yaw_deg", o.yawDeg(), -180, 180);
        }
    }

    private static void checkTarget(Checker c, Scenario.TargetSpec t) {
        if (c.present("target.colors", t.colors())) {
            c.colours("target.colors", t.colors());
        }
        if (c.present("target.radius_m", t.radiusM()) && !(t.radiusM() >= 0.03 && t.radiusM() <= 0.2)) {
            c.bad("target.radius_m", t.radiusM(), "must be between 0.03 and 0.2 m");
        }
        if (c.present("target.x_m", t.xM())) {
            c.range("target.x_m", t.xM(), 0.2, 0.8);
        }
        if (c.present("target.y_m", t.yM())) {
            c.range("target.y_m", t.yM(), -0.4, 0.4);
        }
    }

    private static void checkTemplates(Checker c, String f, List<String> templates, Set<String> allowed, int min) {
        if (!c.present(f, templates)) {
            return;
        }
        if (templates.size() < min) {
            c.bad(f, templates.size() + " templates", "give at least " + min + " paraphrases");
        }
        for (int i = 0; i < templates.size(); i++) {
            String t = templates.get(i);
            if (t == null || t.isBlank()) {
                c.bad(f + "[" + i + "]", "\"\"", "empty instruction");
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(t);
            Set<String> used = new java.util.HashSet<>();
            boolean unknown = false;
            while (m.find()) {
                used.add(m.group(1));
                if (!allowed.contains(m.group(1)) && !unknown) {
                    unknown = true;
                    c.bad(f + "[" + i + "]", '"' + t + '"', "unknown placeholder {" + m.group(1) + "} for this family (allowed: "
                        + allowed.stream().sorted().map(a -> "{" + a + "}").collect(Collectors.joining(" ")) + ")");
                }
            }
            if (!unknown && !used.contains("color")) {
                c.bad(f + "[" + i + "]", '"' + t + '"', "must name the object's {color}");
            }
        }
    }

    private static final Map<String, String> PREDICATE_FOR = Map.of(
        "reach", "ee_near_object", "pick-lift", "object_lifted", "pick-place", "object_in_region",
        "push", "object_in_region", "stack", "object_on_object");

    private static void checkSuccess(Checker c, String family, Scenario.SuccessSpec s) {
        if (c.present("success.predicate", s.predicate())) {
            String expected = PREDICATE_FOR.get(family);
            if (!PREDICATE_FOR.containsValue(s.predicate())) {
                c.bad("success.predicate", s.predicate(), "unknown predicate (allowed: ee_near_object, object_lifted, "
                    + "object_in_region, object_on_object)");
            } else if (expected != null && !expected.equals(s.predicate())) {
                c.bad("success.predicate", s.predicate(), "family " + family + " is judged with " + expected);
                return; // the predicate's own parameters would only add noise
            }
        }
        if (c.present("success.hold_s", s.holdS()) && !(s.holdS() >= 0 && s.holdS() <= 10)) {
            c.bad("success.hold_s", s.holdS(), "must be between 0 and 10 s");
        }
        if ("ee_near_object".equals(s.predicate()) && c.present("success.radius_m", s.radiusM())
            && !(s.radiusM() > 0 && s.radiusM() <= 0.2)) {
            c.bad("success.radius_m", s.radiusM(), "must be > 0 and <= 0.2 m");
        }
        if ("object_lifted".equals(s.predicate()) && c.present("success.lift_m", s.liftM())
            && !(s.liftM() > 0 && s.liftM() <= 0.4)) {
            c.bad("success.lift_m", s.liftM(), "must be > 0 and <= 0.4 m");
        }
    }

    /** Collects problems for one file. */
    static final class Checker {
        final String src;
        final List<Problem> problems = new ArrayList<>();

        Checker(String src) {
            this.src = src;
        }

        boolean present(String field, Object v) {
            if (v == null) {
                problems.add(new Problem(src, field, null, "missing required field"));
                return false;
            }
            return true;
        }

        void bad(String field, Object value, String reason) {
            problems.add(new Problem(src, field, String.valueOf(value), reason));
        }

        void nonEmpty(String field, List<?> l) {
            if (l.isEmpty()) {
                bad(field, "[]", "must not be empty");
            }
        }

        void colours(String field, List<String> colours) {
            nonEmpty(field, colours);
            for (int i = 0; i < colours.size(); i++) {
                if (!Palette.contains(colours.get(i))) {
                    bad(field + "[" + i + "]", colours.get(i), "colour not in the palette (" + String.join(", ", Palette.names()) + ")");
                }
            }
        }

        void range(String field, List<? extends Number> r, double lo, double hi) {
            if (r.size() != 2 || r.get(0) == null || r.get(1) == null) {
                bad(field, r, "expected [min, max]");
            } else if (r.get(0).doubleValue() > r.get(1).doubleValue()) {
                bad(field, r, "min is greater than max");
            } else if (r.get(0).doubleValue() < lo || r.get(1).doubleValue() > hi) {
                bad(field, r, "must lie within [" + fmt(lo) + ", " + fmt(hi) + "]");
            }
        }

        void intRange(String field, List<Integer> r, int lo, int hi) {
            range(field, r, lo, hi);
        }

        private static String fmt(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

    // ------------------------------------------------------------------ the shipped scenarios

    /** @return the ids of the shipped scenarios, in catalogue order */
    public static List<String> shippedIds() {
        String index = resource("index.txt");
        return index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** @return every shipped scenario, validated, by id */
    public static Map<String, Scenario> shipped() {
        Map<String, Scenario> out = new LinkedHashMap<>();
        for (String id : shippedIds()) {
            out.put(id, parse(RESOURCE_DIR + id + ".json", resource(id + ".json")));
        }
        return out;
    }

    /**
     * Scenarios from a user path: a JSON file, or every {@code *.json} in a directory.
     *
     * @throws InvalidInputException for the first file with problems, or when the path is empty
     */
    public static Map<String, Scenario> fromPath(Path path) {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            } catch (IOException e) {
                throw new InvalidInputException(new Problem(path.toString(), "", null, "cannot list: " + e.getMessage()));
            }
            if (files.isEmpty()) {
                throw new InvalidInputException(new Problem(path.toString(), "", null, "no *.json scenario files here"));
            }
        } else {
            files = List.of(path);
        }
        Map<String, Scenario> out = new LinkedHashMap<>();
        for (Path f : files) {
            Scenario s = load(f);
            if (out.put(s.id(), s) != null) {
                throw new InvalidInputException(new Problem(f.toString(), "id", s.id(), "another file already uses this id"));
            }
        }
        return out;
    }

    static String resource(String name) {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing shipped resource " + RESOURCE_DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read shipped resource " + name, e);
        }
    }
}
