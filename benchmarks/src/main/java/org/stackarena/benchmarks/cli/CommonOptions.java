package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackarena.scenarios.Scenario;
import org.stackarena.scenarios.ScenarioLoader;
import picocli.CommandLine.Option;

/**
 * The options several commands share, as picocli mixins: one name, one meaning, one parser
 * ({@link Converters}) in every command. A command that takes one value of a list option (collect
 * records one robot) says so through {@code one(...)}.
 */
final class CommonOptions {

    private CommonOptions() {}

    static String one(String option, List<String> values, String dflt) {
        if (values == null || values.isEmpty()) {
            return dflt;
        }
        if (values.size() > 1) {
            throw new UserInputException(option + " " + String.join(",", values) + ": this command takes one value");
        }
        return values.get(0);
    }

    /** {@code --scenario ID,...} (which scenarios) and {@code --scenarios PATH} (your own scenario files). */
    static final class Scenarios {
        @Option(names = "--scenario", split = ",", paramLabel = "ID", converter = Converters.ScenarioId.class,
            description = "scenario ids, comma-separated (default: the command's; every file of --scenarios)")
        List<String> ids;

        @Option(names = "--scenarios", paramLabel = "PATH", converter = Converters.ScenariosPath.class,
            description = "a scenario file or folder of *.json to use instead of the shipped scenarios "
                + "(scenario ids go in --scenario)")
        Path path;

        /** The chosen scenarios by id: {@code --scenario}, else every file of {@code --scenarios}, else {@code dflt}. */
        Map<String, Scenario> resolve(List<String> dflt) {
            Map<String, Scenario> all = path != null ? ScenarioLoader.fromPath(path) : ScenarioLoader.shipped();
            List<String> want = ids != null ? ids : path != null ? new ArrayList<>(all.keySet()) : dflt;
            Map<String, Scenario> out = new LinkedHashMap<>();
            for (String id : want) {
                Scenario s = all.get(id);
                if (s == null) {
                    throw new UserInputException("--scenario " + id + ": no such scenario (have: "
                        + String.join(", ", all.keySet()) + ")");
                }
                out.put(id, s);
            }
            return out;
        }
    }

    /** {@code --seeds}: a seed range, one seed, a seed-set name or file. */
    static final class Seeds {
        @Option(names = "--seeds", paramLabel = "FIRST..LAST|NAME|FILE", converter = Converters.Seeds.class,
            description = "evaluation seeds: a range FIRST..LAST, one seed, smoke, ci, full or a seed-set file "
                + "(default: the command's)")
        String seeds;
    }

    /** {@code --stack NAME,...}. */
    static final class Stacks {
        @Option(names = "--stack", split = ",", paramLabel = "NAME", converter = Converters.StackName.class,
            description = "stacks by name, comma-separated; 'all': every non-reference stack on the classpath "
                + "(bench/sweep default; collect records one stack, default expert)")
        List<String> names;
    }

    /** {@code --condition COND,...}. */
    static final class Conditions {
        @Option(names = "--condition", split = ",", paramLabel = "COND", converter = Converters.ConditionName.class,
            description = "conditions: lab, field or condition files, comma-separated (default: the command's)")
        List<String> names;
    }

    /** {@code --robot ROBOT,...}. */
    static final class Robots {
        @Option(names = "--robot", split = ",", paramLabel = "ROBOT|FILE", converter = Converters.RobotName.class,
            description = "robots, comma-separated: shipped ids arm7, arm6, arm5 (held out of training) or robot "
                + "descriptor .json files, validated when read (default: the command's)")
        List<String> ids;

        /** The one robot of a command that takes one, as an id (a descriptor file already read by the converter). */
        String one(String dflt) {
            return id(CommonOptions.one("--robot", ids, dflt));
        }

        /** The robots given, as ids; null when none were given. */
        List<String> all() {
            return ids == null ? null : ids.stream().map(Robots::id).toList();
        }

        private static String id(String idOrFile) {
            return org.stackarena.sim.robot.RobotDescriptor.resolve(idOrFile).id();
        }
    }

    /** {@code --out DIR}, optional. */
    static final class Out {
        @Option(names = "--out", paramLabel = "DIR", converter = Converters.OutputDir.class,
            description = "directory to write (created; the same directory again resumes where the command can)")
        Path dir;
    }

    /** {@code --out DIR}, required. */
    static final class RequiredOut {
        @Option(names = "--out", required = true, paramLabel = "DIR", converter = Converters.OutputDir.class,
            description = "directory to write (created; the same directory again resumes where the command can)")
        Path dir;
    }

    /** {@code --workers N}. */
    static final class Workers {
        @Option(names = "--workers", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "episodes in parallel, >= 1 (default: the command's)")
        Integer n;

        int or(int dflt) {
            return n == null ? dflt : n;
        }
    }
}
