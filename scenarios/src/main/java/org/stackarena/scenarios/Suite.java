package org.stackarena.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.stackarena.seeds.SeedSet;

/**
 * A benchmark suite: which scenarios, under which seed set, conditions and robots. Shipped suites
 * are {@code smoke} (seconds to minutes), {@code ci} (minutes) and {@code full}; they live in
 * {@code suites/<name>.json}.
 *
 * @param name suite name
 * @param description what it is for
 * @param scenarios scenario ids (from the shipped catalogue unless the run gives --scenarios)
 * @param seeds seed-set name
 * @param conditions condition names
 * @param robots robot ids
 * @param axes robustness axes ({@link RobustnessAxes}) whose levels run besides {@code conditions};
 *     {@code all} for every axis; null or empty for none
 */
public record Suite(String name, String description, List<String> scenarios, String seeds, List<String> conditions,
                    List<String> robots, List<String> axes) {

    /** The shipped suites. */
    public static final List<String> SHIPPED = List.of("smoke", "ci", "full", "robustness");

    /**
     * @return the suite's conditions followed by the levels of its robustness axes, without repeats
     */
    public List<String> allConditions() {
        return RobustnessAxes.shipped().withLevels(conditions, axes, "suite " + name + " axes");
    }

    /**
     * @throws InvalidInputException for an unknown suite
     */
    public static Suite load(String name) {
        if (!SHIPPED.contains(name)) {
            throw new InvalidInputException(new Problem("--suite", "", null, "unknown suite '" + name + "' (shipped: "
                + String.join(", ", SHIPPED) + ")"));
        }
        String res = "suites/" + name + ".json";
        try (InputStream in = Suite.class.getResourceAsStream(res)) {
            Suite s = ScenarioLoader.read(res, new String(in.readAllBytes(), StandardCharsets.UTF_8), Suite.class);
            SeedSet.load(s.seeds());
            if (s.axes() != null) {
                RobustnessAxes.shipped().conditionNames(s.axes(), res + " axes");
            }
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read shipped " + res, e);
        }
    }
}
