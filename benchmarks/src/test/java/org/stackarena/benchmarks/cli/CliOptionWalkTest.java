package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Walks every option and positional parameter of every command, read from picocli's model of
 * {@link Main}, through bad values (wrong type, empty, a path that does not exist, an existing file
 * where a directory is written, an unknown name, a value given to a flag) and checks that each is
 * rejected the same way: exit 2, exactly one line on stderr naming the option, no stack trace, and
 * nothing written. A new option is walked without changing this test.
 */
class CliOptionWalkTest {

    /** Options and parameters for which every string is a valid value, with the reason. */
    static final Map<String, String> ACCEPTS_ANY_STRING = Map.of(
        "perf sim --testspeed", "a program name, looked up on PATH when the measurement runs",
        "perf jmh ARGS", "passed to JMH untouched (JMH reports its own errors)",
        "perf jmh --help", "everything after 'perf jmh' goes to JMH, options included (--help=abc is JMH's)",
        "perf jmh --version", "everything after 'perf jmh' goes to JMH, options included");

    /**
     * Bad values beyond the generic ones for options whose values are KEY=VALUE with typed values: a
     * well-formed setting that is still wrong (an unknown key, a value of the wrong form).
     */
    static final Map<String, List<String>> MORE_BAD_VALUES = Map.of(
        "--remote", List.of("nosuch=1", "rate_hz=fast", "image_size=224", "action_space=cartesian",
            "action_space.low=-1,x", "action_mapping.rotation=euler", "action_mapping.gripper=1,1",
            "obs.observation/state=ee_euler", "url=http://x:1"));

    private static Path tmp;
    private static Path run;
    private static Path file;
    private static Path out;

    @BeforeAll
    static void files() throws IOException {
        tmp = Files.createTempDirectory("stackarena-walk");
        run = Files.createDirectories(tmp.resolve("run"));
        file = Files.writeString(tmp.resolve("a-file.json"), "{}");
        out = tmp.resolve("never-written");
    }

    @AfterAll
    static void clean() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Valid values for what a command requires, so the bad value is the only mistake on the line. */
    static Map<String, List<String>> required() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("bench", List.of("--out", out.toString(), "--stack", "hold-still", "--scenario", "reach"));
        m.put("sweep", List.of("--param", "*.latency=0ms", "--out", out.toString(), "--stack", "hold-still",
            "--scenario", "reach"));
        m.put("collect", List.of("--out", out.toString(), "--episodes", "1"));
        m.put("train", List.of("--data", run.toString(), "--out", out.toString()));
        m.put("compare", List.of("#0", run.toString(), "#1", run.toString()));
        m.put("report", List.of("#0", run.toString()));
        m.put("scenarios show", List.of("#0", "reach"));
        m.put("scenarios validate", List.of("#0", file.toString()));
        m.put("dataset info", List.of("#0", run.toString()));
        m.put("dataset validate", List.of("#0", run.toString()));
        m.put("dataset convert", List.of("#0", run.toString(), "--out", out.toString()));
        m.put("dataset compare", List.of("#0", run.toString(), "#1", run.toString()));
        return m;
    }

    static List<CommandSpec> commands(CommandSpec spec) {
        List<CommandSpec> all = new ArrayList<>();
        all.add(spec);
        spec.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct()
            .forEach(c -> all.addAll(commands(c)));
        return all;
    }

    static String name(CommandSpec c) {
        return Main.commandName(c.commandLine());
    }

    static String label(ArgSpec a) {
        return a instanceof OptionSpec o ? o.longestName() : ((PositionalParamSpec) a).paramLabel();
    }

    /** The bad values of one option: what its type and parser must reject. */
    static List<String> badValues(ArgSpec a) {
        if (a.arity().max() == 0) {
            return List.of("=abc"); // a flag given a value
        }
        List<String> bad = new ArrayList<>();
        bad.add("");
        Class<?> t = a.auxiliaryTypes().length > 0 && a.type().isArray() || List.class.isAssignableFrom(a.type())
            ? a.auxiliaryTypes()[0] : a.type();
        if (t == Path.class) {
            Class<?> conv = a.converters().length == 0 ? null : a.converters()[0].getClass();
            assertThat(conv).as("%s: a path option must say whether it reads (Existing*) or writes (Output*)", a)
                .isNotNull();
            if (conv == Converters.OutputDir.class) {
                bad.add(file.toString());
            } else if (conv == Converters.OutputFile.class) {
                bad.add(run.toString());
            } else {
                bad.add(tmp.resolve("does-not-exist").toString());
            }
        } else if (t == int.class || t == Integer.class || t == long.class || t == Long.class || t == double.class
            || t == Double.class) {
            bad.add("abc");
            if (a.converters().length > 0) {
                bad.add("-5");
            }
        } else {
            bad.add("nosuch");
            if (a.converters().length > 0 && a.converters()[0] instanceof Converters.RobotName) {
                // a robot may be a descriptor file: a missing one, and one that is not a descriptor ({})
                bad.add(tmp.resolve("does-not-exist.json").toString());
                bad.add(file.toString());
            }
        }
        return bad;
    }

    @Test
    void everyRequiredArgumentOfEveryCommandHasAValidValueHere() {
        for (CommandSpec c : commands(Main.commandLine().getCommandSpec())) {
            List<String> given = required().getOrDefault(name(c), List.of());
            c.requiredArgs().forEach(a -> assertThat(given)
                .as("%s requires %s: add a valid value to required()", name(c), label(a))
                .contains(a instanceof OptionSpec o ? o.longestName() : "#" + ((PositionalParamSpec) a).index().min()));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBadValueOfEveryOptionIsOneLineAndExit2() {
        List<DynamicTest> tests = new ArrayList<>();
        int walked = 0;
        for (CommandSpec c : commands(Main.commandLine().getCommandSpec())) {
            String cmd = name(c);
            List<ArgSpec> args = new ArrayList<>(c.options());
            args.addAll(c.positionalParameters());
            for (ArgSpec a : args) {
                if (ACCEPTS_ANY_STRING.containsKey(cmd + " " + label(a))) {
                    continue;
                }
                walked++;
                List<String> values = new ArrayList<>(badValues(a));
                if (a instanceof OptionSpec o) {
                    values.addAll(MORE_BAD_VALUES.getOrDefault(o.longestName(), List.of()));
                }
                for (String bad : values) {
                    List<String> argv = argv(c, a, bad);
                    tests.add(DynamicTest.dynamicTest(String.join(" ", argv), () -> check(a, bad, argv)));
                }
            }
        }
        assertThat(walked).as("options walked").isGreaterThan(90);
        System.out.printf("walked %d options and parameters, %d bad values%n", walked, tests.size());
        return tests.stream();
    }

    private static List<String> argv(CommandSpec c, ArgSpec a, String bad) {
        List<String> argv = new ArrayList<>(List.of(name(c).split(" ")));
        if (name(c).equals("stackarena")) {
            argv.clear();
        }
        List<String> req = required().getOrDefault(name(c), List.of());
        Map<String, String> positionals = new java.util.TreeMap<>();
        if (a instanceof OptionSpec o) {
            argv.add(bad.startsWith("=") ? o.longestName() + bad : o.longestName());
            if (!bad.startsWith("=")) {
                argv.add(bad);
            }
        } else {
            positionals.put("#" + ((PositionalParamSpec) a).index().min(), bad);
        }
        for (int i = 0; i < req.size(); i += 2) {
            String k = req.get(i);
            if (k.startsWith("#")) {
                positionals.putIfAbsent(k, req.get(i + 1));
            } else if (!(a instanceof OptionSpec o && Set.of(o.names()).contains(k))) {
                argv.add(k);
                argv.add(req.get(i + 1));
            }
        }
        argv.addAll(positionals.values());
        return argv;
    }

    private static void check(ArgSpec a, String bad, List<String> argv) throws IOException {
        boolean results = Files.exists(Path.of("results"));
        CliRun.Outcome o = CliRun.run(argv.toArray(String[]::new));
        String line = CliInputErrorsTest.oneLineError(o);
        if (a instanceof OptionSpec opt) {
            assertThat(Stream.of(opt.names()).anyMatch(line::contains)).as("names the option: %s", line).isTrue();
        } else {
            assertThat(line.contains(label(a)) || line.contains("'" + bad + "'")).as("names the parameter: %s", line)
                .isTrue();
        }
        assertThat(out).as("nothing written").doesNotExist();
        assertThat(Files.exists(Path.of("results"))).as("no default results directory").isEqualTo(results);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("run", "a-file.json");
        }
        try (Stream<Path> s = Files.list(run)) {
            assertThat(s.toList()).as("nothing written into an input directory").isEmpty();
        }
    }
}
