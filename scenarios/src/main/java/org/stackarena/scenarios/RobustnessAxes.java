package org.stackarena.scenarios;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The robustness axes ({@code conditions/axes.json}): each perturbation of the {@code field}
 * condition on its own at graded intensities, plus generalisation axes (object positions beyond
 * the scenario's ranges, unseen paraphrases). Level {@code k} (1-based) of axis {@code A} is the
 * condition named {@code A-k}; {@link ConditionLoader#load} resolves those names, so they work
 * wherever a condition name does. Level 0 of every axis is the nominal {@code lab} condition, and
 * a condition's perturbation stream depends only on the seed, the scenario and the condition
 * name, so an axis's episodes pair with the lab episodes of the same seeds.
 */
public final class RobustnessAxes {

    /** The resource the axes are read from. */
    public static final String SOURCE = "conditions/axes.json";

    private static volatile RobustnessAxes shipped;

    private final List<Axis> axes;
    private final Map<String, Condition> conditions = new LinkedHashMap<>();
    private final Map<String, Level> levels = new LinkedHashMap<>();

    /**
     * One axis.
     *
     * @param name axis name (lower case, dashes)
     * @param kind {@code perturbation} (a part of {@code field}) or {@code generalisation}
     * @param unit what {@code intensity} measures
     * @param nominal the intensity of the lab condition on this axis
     * @param description one phrase
     * @param levels the graded levels, mildest first
     */
    public record Axis(String name, String kind, String unit, double nominal, String description, List<Level> levels) {

        /** @return the condition names of the levels, mildest first */
        public List<String> conditionNames() {
            return levels.stream().map(Level::condition).toList();
        }
    }

    /**
     * One level of an axis.
     *
     * @param axis its axis's name
     * @param index 1-based level
     * @param condition the condition's name, {@code <axis>-<index>}
     * @param intensity the level's intensity in the axis's unit
     */
    public record Level(String axis, int index, String condition, double intensity) {}

    private record FileLevel(Double intensity, ObjectNode condition) {}

    private record FileAxis(String name, String kind, String unit, Double nominal, String description,
                            List<FileLevel> levels) {}

    private record File(String description, List<FileAxis> axes) {}

    private RobustnessAxes(String source, String json) {
        File f = ScenarioLoader.read(source, json, File.class);
        ScenarioLoader.Checker k = new ScenarioLoader.Checker(source);
        List<Axis> out = new ArrayList<>();
        if (k.present("axes", f.axes())) {
            for (int i = 0; i < f.axes().size(); i++) {
                FileAxis a = f.axes().get(i);
                String at = "axes[" + i + "]";
                if (!k.present(at + ".name", a.name()) || !k.present(at + ".levels", a.levels())
                    || !k.present(at + ".nominal", a.nominal())) {
                    continue;
                }
                if (!a.name().matches("[a-z][a-z0-9-]{0,24}") || a.name().equals("all")) {
                    k.bad(at + ".name", a.name(), "use lower case letters, digits and dashes (and not 'all')");
                    continue;
                }
                if (!"perturbation".equals(a.kind()) && !"generalisation".equals(a.kind())) {
                    k.bad(at + ".kind", a.kind(), "must be perturbation or generalisation");
                }
                List<Level> ls = new ArrayList<>();
                for (int j = 0; j < a.levels().size(); j++) {
                    FileLevel l = a.levels().get(j);
                    String lat = at + ".levels[" + j + "]";
                    if (!k.present(lat + ".intensity", l.intensity()) || !k.present(lat + ".condition", l.condition())) {
                        continue;
                    }
                    String name = a.name() + "-" + (j + 1);
                    ObjectNode c = l.condition().deepCopy();
                    if (c.has("name") || c.has("description")) {
                        k.bad(lat + ".condition", c.has("name") ? "name" : "description",
                            "a level's condition takes its name and description from the axis");
                        continue;
                    }
                    c.put("name", name);
                    c.put("description", a.description() + " (" + a.unit() + " " + l.intensity() + ")");
                    try {
                        conditions.put(name, ConditionLoader.parse(source + " " + lat + ".condition", c.toString()));
                    } catch (InvalidInputException e) {
                        k.problems.addAll(e.problems());
                        continue;
                    }
                    Level level = new Level(a.name(), j + 1, name, l.intensity());
                    levels.put(name, level);
                    ls.add(level);
                }
                out.add(new Axis(a.name(), a.kind(), a.unit(), a.nominal(), a.description(), List.copyOf(ls)));
            }
        }
        if (!k.problems.isEmpty()) {
            throw new InvalidInputException(k.problems);
        }
        this.axes = List.copyOf(out);
    }

    /** The shipped axes. */
    public static RobustnessAxes shipped() {
        RobustnessAxes a = shipped;
        if (a == null) {
            try (InputStream in = RobustnessAxes.class.getResourceAsStream(SOURCE)) {
                a = new RobustnessAxes(SOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read shipped " + SOURCE, e);
            }
            shipped = a;
        }
        return a;
    }

    /** Parses an axes file (the shipped one's format); for tests and users' own files. */
    public static RobustnessAxes parse(String source, String json) {
        return new RobustnessAxes(source, json);
    }

    /** @return every axis, in file order */
    public List<Axis> axes() {
        return axes;
    }

    /** @return the condition of an axis level, e.g. {@code lighting-2} */
    public Optional<Condition> condition(String name) {
        return Optional.ofNullable(conditions.get(name));
    }

    /** @return the level a condition name stands for, if it is one */
    public Optional<Level> level(String conditionName) {
        return Optional.ofNullable(levels.get(conditionName));
    }

    /** @return the axis of that name */
    public Optional<Axis> axis(String name) {
        return axes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * {@code conditions} followed by the levels of the named axes, without repeats.
     *
     * @param axisNames axes, or {@code all}; null or empty for none
     * @param option where the axis names came from, for the error
     * @throws InvalidInputException naming an unknown axis
     */
    public List<String> withLevels(List<String> conditions, List<String> axisNames, String option) {
        List<String> out = new ArrayList<>(conditions);
        if (axisNames != null) {
            conditionNames(axisNames, option).stream().filter(c -> !out.contains(c)).forEach(out::add);
        }
        return List.copyOf(out);
    }

    /**
     * The condition names of the named axes, in axis then level order; {@code all} stands for
     * every axis.
     *
     * @param option where the names came from, for the error
     * @throws InvalidInputException naming an unknown axis and listing the known ones
     */
    public List<String> conditionNames(List<String> axisNames, String option) {
        List<String> out = new ArrayList<>();
        for (String n : axisNames) {
            if (n.equals("all")) {
                axes.forEach(a -> a.conditionNames().stream().filter(c -> !out.contains(c)).forEach(out::add));
                continue;
            }
            Axis a = axis(n).orElseThrow(() -> new InvalidInputException(new Problem(option, "", null,
                "no such robustness axis '" + n + "' (known: all, " + String.join(", ", axes.stream().map(Axis::name).toList())
                    + ")")));
            a.conditionNames().stream().filter(c -> !out.contains(c)).forEach(out::add);
        }
        return out;
    }
}
