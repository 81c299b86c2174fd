package org.stackarena.benchmarks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stackarena.benchmarks.perf.SimPerf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stackarena perf ...}: performance measurements, always side by side in one run. */
@Command(name = "perf", description = "Measure performance (ratios measured side by side in one run).",
    subcommands = {PerfCommand.Sim.class, PerfCommand.Render.class, PerfCommand.Control.class, PerfPolicyCommand.class,
        PerfCommand.Jmh.class})
public final class PerfCommand {

    static void writeJson(Path file, Map<String, Object> values) throws java.io.IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), values);
    }

    /** Java vs native MuJoCo stepping speed. */
    @Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Step the same model from Java and with MuJoCo's C mujoco-testspeed; print the ratio.")
    static final class Sim implements Callable<Integer> {
        @Option(names = "--model", paramLabel = "FILE", converter = Converters.ExistingFile.class, description = "MJCF file (default: the shipped 3-joint arm with contacts)")
        Path model;

        @Option(names = "--steps", defaultValue = "20000", converter = Converters.AtLeast100.class, description = "steps per rollout (default ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--rounds", defaultValue = "5", converter = Converters.PositiveInt.class, description = "alternating rounds (default ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--testspeed", defaultValue = "mujoco-testspeed",
            description = "the C tool (default ${DEFAULT-VALUE}, from libmujoco-samples)")
        String testspeed;

        @Option(names = "--json", paramLabel = "FILE", converter = Converters.OutputFile.class, description = "also write {java_steps_per_s, native_steps_per_s, ratio} here")
        Path json;

        @Override
        public Integer call() throws Exception {
            Path file = model;
            if (file == null) {
                file = SimPerf.extractDefaultModel(Files.createTempDirectory("stackarena-perf"));
            } else if (!Files.isRegularFile(file)) {
                throw new UserInputException(file + ": no such model file");
            }
            if (steps < 100 || rounds < 1) {
                throw new UserInputException("--steps must be >= 100 and --rounds >= 1");
            }
            SimPerf.Result r = new SimPerf(file, steps, rounds, testspeed).run();
            System.out.printf("model            %s%n", model == null ? SimPerf.DEFAULT_MODEL : file);
            System.out.printf("rollouts         %d rounds x %d steps, passive dynamics, zero controls, 1 thread%n",
                r.rounds(), r.steps());
            System.out.printf("contacts/step    java %.2f   native %.2f%n", r.javaContactsPerStep(), r.nativeContactsPerStep());
            System.out.printf("java steps/s     %,.0f (median)%n", r.javaStepsPerS());
            System.out.printf("native steps/s   %,.0f (median, mujoco-testspeed)%n", r.nativeStepsPerS());
            System.out.printf("ratio java/C     %.3f%n", r.ratio());
            if (json != null) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("java_steps_per_s", r.javaStepsPerS());
                out.put("native_steps_per_s", r.nativeStepsPerS());
                out.put("ratio", r.ratio());
                out.put("steps", r.steps());
                out.put("rounds", r.rounds());
                out.put("java_contacts_per_step", r.javaContactsPerStep());
                out.put("native_contacts_per_step", r.nativeContactsPerStep());
                out.put("java_rounds", r.javaRounds());
                out.put("native_rounds", r.nativeRounds());
                writeJson(json, out);
            }
            return 0;
        }
    }

    /** RGB-D rendering cost at three image sizes. */
    @Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render RGB-D frames of a benchmark scene on the CPU at 64x64, 128x128 and 224x224; print ms per frame.")
    static final class Render implements Callable<Integer> {
        @Option(names = "--scenario", defaultValue = "pick-place", paramLabel = "ID|FILE", converter = Converters.ScenarioIdOrFile.class, description = "scenario whose scene is rendered (default ${DEFAULT-VALUE})")
        String scenario;

        @Option(names = "--camera", defaultValue = "front", converter = Converters.CameraName.class, description = "front or wrist (default ${DEFAULT-VALUE})")
        String camera;

        @Option(names = "--frames", defaultValue = "500", converter = Converters.PositiveInt.class, description = "timed frames per size (default ${DEFAULT-VALUE})")
        int frames;

        @Option(names = "--json", paramLabel = "FILE", converter = Converters.OutputFile.class, description = "also write {rgbd_64_ms, rgbd_128_ms, rgbd_224_ms, ...} here")
        Path json;

        @Override
        public Integer call() throws Exception {
            if (frames < 1) {
                throw new UserInputException("--frames must be >= 1");
            }
            var s = ScenariosCommand.resolve(scenario);
            var episode = org.stackarena.scenarios.Realiser.realise(s, s.robots().get(0), 0,
                org.stackarena.scenarios.ConditionLoader.load("lab"));
            org.stackarena.sim.render.RenderBenchmark.Result r;
            try (org.stackarena.sim.Simulation sim = org.stackarena.scenarios.SceneBuilder.build(episode)) {
                if (sim.idOrMinus1(org.stackarena.sim.Simulation.ObjType.CAMERA, camera) < 0) {
                    throw new UserInputException("--camera " + camera + ": no such camera (have: "
                        + String.join(", ", sim.names(org.stackarena.sim.Simulation.ObjType.CAMERA)) + ")");
                }
                r = org.stackarena.sim.render.RenderBenchmark.run(sim, camera, Math.max(50, frames / 10), frames);
            }
            System.out.printf("scene            %s (robot %s, seed 0), camera %s, %d frames per size%n", s.id(),
                s.robots().get(0), camera, frames);
            System.out.println("per frame: update scene + render + read RGB and depth + flip + metric depth");
            System.out.printf("rgbd  64x64      mean %.3f ms   p99 %.3f ms%n", r.rgbd64Ms(), r.rgbd64P99Ms());
            System.out.printf("rgbd 128x128     mean %.3f ms   p99 %.3f ms%n", r.rgbd128Ms(), r.rgbd128P99Ms());
            System.out.printf("rgbd 224x224     mean %.3f ms   p99 %.3f ms%n", r.rgbd224Ms(), r.rgbd224P99Ms());
            if (json != null) {
                writeJson(json, new ObjectMapper().readValue(r.toJson(), LinkedHashMap.class));
            }
            return 0;
        }
    }

    /** Classical stack tick costs. */
    @Command(name = "control", mixinStandardHelpOptions = true,
        description = "Time the classical stack's control tick (IK + control law, with bytes allocated per tick) and perception tick (128x128 front + wrist).")
    static final class Control implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        CommonOptions.Robots robots;

        @Option(names = "--ticks", defaultValue = "100000", converter = Converters.AtLeast100.class, description = "control ticks timed (default ${DEFAULT-VALUE})")
        int ticks;

        @Option(names = "--perception-ticks", defaultValue = "300", converter = Converters.AtLeast10.class, description = "perception ticks timed (default ${DEFAULT-VALUE})")
        int perceptionTicks;

        @Option(names = "--json", paramLabel = "FILE", converter = Converters.OutputFile.class, description = "also write {control_tick_p99_us, control_alloc_bytes_per_tick, perception_tick_p99_ms, ...} here")
        Path json;

        @Override
        public Integer call() throws Exception {
            if (ticks < 100 || perceptionTicks < 10) {
                throw new UserInputException("--ticks must be >= 100 and --perception-ticks >= 10");
            }
            String robot = robots.one("arm7");
            var r = org.stackarena.benchmarks.perf.ControlPerf.run(robot, ticks, perceptionTicks);
            System.out.printf("robot            %s, control at 500 Hz over a 2 s min-jerk reach, %d ticks%n", robot, ticks);
            System.out.printf("control tick     p50 %.2f us   p99 %.2f us   allocated %.1f B/tick%n", r.controlP50Us(),
                r.controlP99Us(), r.controlAllocBytesPerTick());
            System.out.printf("perception tick  p50 %.3f ms   p99 %.3f ms   (front + wrist 128x128, rendering excluded)%n",
                r.perceptionP50Ms(), r.perceptionP99Ms());
            if (json != null) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("control_tick_p99_us", r.controlP99Us());
                out.put("control_alloc_bytes_per_tick", r.controlAllocBytesPerTick());
                out.put("perception_tick_p99_ms", r.perceptionP99Ms());
                out.put("control_tick_p50_us", r.controlP50Us());
                out.put("perception_tick_p50_ms", r.perceptionP50Ms());
                out.put("robot", robot);
                writeJson(json, out);
            }
            return 0;
        }
    }

    /** JMH microbenchmarks in this module. */
    @Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "Run the JMH microbenchmarks; arguments go to JMH (e.g. SimulationStep -prof gc).")
    static final class Jmh implements Callable<Integer> {
        @picocli.CommandLine.Parameters(arity = "0..*", paramLabel = "ARGS", description = "JMH arguments")
        String[] args = new String[0];

        @picocli.CommandLine.Unmatched
        String[] unmatched = new String[0];

        @Override
        public Integer call() throws Exception {
            String[] all = new String[args.length + unmatched.length];
            System.arraycopy(args, 0, all, 0, args.length);
            System.arraycopy(unmatched, 0, all, args.length, unmatched.length);
            org.openjdk.jmh.Main.main(all);
            return 0;
        }
    }
}
