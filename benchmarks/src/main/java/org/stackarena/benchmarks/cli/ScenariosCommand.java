package org.stackarena.benchmarks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.EpisodeInstance;
import org.stackarena.scenarios.InvalidInputException;
import org.stackarena.scenarios.Problem;
import org.stackarena.scenarios.Realiser;
import org.stackarena.scenarios.Scenario;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.SceneBuilder;
import org.stackarena.sim.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stackarena scenarios list|show|validate}. */
@Command(name = "scenarios", description = "List, show and validate scenario files.",
    subcommands = {ScenariosCommand.ListCmd.class, ScenariosCommand.Show.class, ScenariosCommand.Validate.class})
public final class ScenariosCommand {

    static final ObjectMapper JSON = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
        .enable(SerializationFeature.INDENT_OUTPUT);

    /** Lists the shipped scenarios. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the shipped scenarios.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.printf("%-12s %-11s %-12s %-6s %s%n", "id", "family", "robots", "limit", "description");
            for (Scenario s : ScenarioLoader.shipped().values()) {
                System.out.printf("%-12s %-11s %-12s %-6s %s%n", s.id(), s.family(), String.join(",", s.robots()),
                    String.format("%.0fs", s.timeLimitS()), s.description());
            }
            return 0;
        }
    }

    /** Shows one scenario and, optionally, one realised episode of it. */
    @Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print a scenario (shipped id or file) and one realised episode of it.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID|FILE", converter = Converters.ScenarioIdOrFile.class,
            description = "scenario id or JSON file")
        String id;

        @Option(names = "--seed", defaultValue = "0", converter = SeedConverter.class, description = "episode seed to realise (default ${DEFAULT-VALUE})")
        long seed;

        @Mixin
        CommonOptions.Conditions conditions;

        @Mixin
        CommonOptions.Robots robots;

        @Option(names = "--mjcf", description = "print the episode's generated MJCF instead")
        boolean mjcf;

        @Option(names = "--png", paramLabel = "DIR", converter = Converters.OutputDir.class, description = "also write front.png and wrist.png (224x224) of the episode's first frame into this folder")
        Path png;

        @Override
        public Integer call() throws Exception {
            Scenario s = resolve(id);
            String condition = CommonOptions.one("--condition", conditions.names, "lab");
            String r = robots.one(s.robots().get(0));
            if (!s.runsOn(r)) {
                throw new UserInputException("--robot " + r + ": scenario " + s.id() + " runs on " + s.robots());
            }
            EpisodeInstance e = Realiser.realise(s, r, seed, ConditionLoader.load(condition));
            if (mjcf) {
                System.out.print(SceneBuilder.mjcf(e));
                return 0;
            }
            System.out.println(JSON.writeValueAsString(s));
            System.out.printf("%nepisode: robot %s, seed %d, condition %s%n", r, seed, e.condition());
            System.out.printf("  instruction: \"%s\"%n", e.instruction());
            for (EpisodeInstance.PlacedObject o : e.objects()) {
                System.out.printf("  %-10s %-10s %-6s %-8s at (%.3f, %.3f) yaw %5.1f deg, half size %.3f m, %.3f kg%n",
                    o.bodyName(), o.role().name().toLowerCase(), o.color(), o.shape().word(), o.x(), o.y(),
                    Math.toDegrees(o.yawRad()), o.halfExtents()[1], o.massKg());
            }
            if (e.pad() != null) {
                System.out.printf("  target/pad %-6s pad at (%.3f, %.3f), radius %.3f m%n", e.pad().color(), e.pad().x(),
                    e.pad().y(), e.pad().radiusM());
            }
            if (png != null) {
                java.nio.file.Files.createDirectories(png);
                try (Simulation sim = SceneBuilder.build(e);
                     org.stackarena.sim.render.Renderer renderer = new org.stackarena.sim.render.Renderer(sim, 224, 224)) {
                    sim.step(100);
                    String wrist = org.stackarena.sim.robot.RobotDescriptor.load(r).wristCamera();
                    for (String cam : wrist == null ? List.of("front") : List.of("front", "wrist")) {
                        Path out = png.resolve(cam + ".png");
                        Images.writePng(renderer.render(cam.equals("wrist") ? wrist : cam, 224, 224), out);
                        System.out.println("  wrote " + out);
                    }
                }
            }
            return 0;
        }
    }

    /** One episode seed, >= 0. */
    static final class SeedConverter implements picocli.CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String v) {
            long n = Converters.parseLong(v);
            if (n < 0) {
                throw Converters.bad(v, "must be 0 or more");
            }
            return n;
        }
    }

    /** Validates scenario files: one line per problem. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate scenario files; print one line per problem; exit 0 if all are valid, else 2.")
    static final class Validate implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE", converter = Converters.ExistingFile.class,
            description = "scenario JSON files")
        List<Path> files = new ArrayList<>();

        @Option(names = "--build", description = "also realise and compile each scenario's scene for every robot "
            + "(the scenario's robots, or those of --robot)")
        boolean build;

        @Mixin
        CommonOptions.Robots robots;

        @Override
        public Integer call() {
            List<Problem> problems = new ArrayList<>();
            int ok = 0;
            for (Path f : files) {
                try {
                    Scenario s = ScenarioLoader.load(f);
                    if (build) {
                        for (String r : robots.ids != null ? robots.all() : s.robots()) {
                            for (String c : ConditionLoader.SHIPPED) {
                                try (Simulation sim = SceneBuilder.build(Realiser.realise(s, r, 0, ConditionLoader.load(c)))) {
                                    sim.step(10);
                                }
                            }
                        }
                    }
                    ok++;
                } catch (InvalidInputException e) {
                    problems.addAll(e.problems());
                }
            }
            problems.forEach(p -> System.out.println(p));
            System.out.printf("%d of %d file(s) valid%n", ok, files.size());
            return problems.isEmpty() ? 0 : Main.EXIT_INPUT;
        }
    }

    /** A shipped scenario id, or a scenario file. */
    static Scenario resolve(String idOrFile) {
        Map<String, Scenario> shipped = ScenarioLoader.shipped();
        if (shipped.containsKey(idOrFile)) {
            return shipped.get(idOrFile);
        }
        if (idOrFile.endsWith(".json") || idOrFile.contains("/")) {
            return ScenarioLoader.load(Path.of(idOrFile));
        }
        throw new UserInputException("no scenario '" + idOrFile + "' (shipped: " + String.join(", ", shipped.keySet())
            + "; or give a .json file)");
    }
}
