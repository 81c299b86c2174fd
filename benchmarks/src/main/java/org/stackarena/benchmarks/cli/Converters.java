package org.stackarena.benchmarks.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.StackProvider;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.InvalidInputException;
import org.stackarena.scenarios.RobustnessAxes;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.seeds.SeedSet;
import org.stackarena.sim.robot.RobotDescriptor;
import org.stackarena.sim.robot.RobotDescriptorException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value parsers every command shares, so that one option name has one parser. Each rejects a
 * bad value while picocli parses the command line, before any work starts; the message says what is
 * wrong with the value and what is accepted (the option name is added by {@link Main}'s handler).
 */
final class Converters {

    private Converters() {}

    static TypeConversionException bad(String value, String problem) {
        return new TypeConversionException("'" + value + "' " + problem);
    }

    /** {@code v} as a whole number, or the one-line "is not a whole number" error. */
    static long parseLong(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw bad(v, "is not a whole number");
        }
    }

    static int parseInt(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw bad(v, "is not a whole number");
        }
    }

    static double parseDouble(String v) {
        double d;
        try {
            d = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw bad(v, "is not a number");
        }
        if (!Double.isFinite(d)) {
            throw bad(v, "is not a finite number");
        }
        return d;
    }

    /** An integer >= 1. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            int n = parseInt(v);
            if (n < 1) {
                throw bad(v, "must be at least 1");
            }
            return n;
        }
    }

    /** An integer >= 0. */
    static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            int n = parseInt(v);
            if (n < 0) {
                throw bad(v, "must be 0 or more");
            }
            return n;
        }
    }

    /** A physics step: a duration with a unit, a whole number of microseconds from 100 us to 10 ms, in seconds. */
    static final class PhysicsStep implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double ms;
            try {
                ms = org.stackarena.api.Durations.parseMillis(v);
            } catch (IllegalArgumentException e) {
                throw bad(v, "is not a duration with a unit (e.g. 1ms, 500us)");
            }
            double us = ms * 1e3;
            if (!(us >= 100 && us <= 10_000) || Math.abs(us - Math.rint(us)) > 1e-6) {
                throw bad(v, "must be a whole number of microseconds from 100us to 10ms");
            }
            return Math.rint(us) / 1e6;
        }
    }

    /** An integer >= 10 (timed samples). */
    static final class AtLeast10 implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            int n = parseInt(v);
            if (n < 10) {
                throw bad(v, "must be at least 10");
            }
            return n;
        }
    }

    /** An integer >= 100 (timed steps or ticks). */
    static final class AtLeast100 implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            int n = parseInt(v);
            if (n < 100) {
                throw bad(v, "must be at least 100");
            }
            return n;
        }
    }

    /** A finite number > 0. */
    static final class PositiveDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = parseDouble(v);
            if (!(d > 0)) {
                throw bad(v, "must be greater than 0");
            }
            return d;
        }
    }

    /** A finite number >= 0. */
    static final class NonNegativeDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = parseDouble(v);
            if (!(d >= 0)) {
                throw bad(v, "must be 0 or more");
            }
            return d;
        }
    }

    /** A fraction in [0, 1]. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = parseDouble(v);
            if (d < 0 || d > 1) {
                throw bad(v, "must be between 0 and 1");
            }
            return d;
        }
    }

    /** A significance level in (0, 1). */
    static final class Probability implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = parseDouble(v);
            if (!(d > 0 && d < 1)) {
                throw bad(v, "must be strictly between 0 and 1");
            }
            return d;
        }
    }

    static Path path(String v) {
        if (v.isBlank()) {
            throw bad(v, "is an empty path; give a file or directory");
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw bad(v, "is not a valid path: " + e.getReason());
        }
    }

    /** A file or directory that must already exist. */
    static final class ExistingPath implements ITypeConverter<Path> {
        @Override
        public Path convert(String v) {
            Path p = path(v);
            if (!Files.exists(p)) {
                throw bad(v, "does not exist");
            }
            return p;
        }
    }

    /** {@code --scenarios PATH}: a scenario file or folder that must exist. */
    static final class ScenariosPath implements ITypeConverter<Path> {
        @Override
        public Path convert(String v) {
            Path p = path(v);
            if (!Files.exists(p)) {
                boolean ids = v.matches("[A-Za-z0-9_,-]+");
                throw bad(v, "is not an existing scenario file or folder" + (ids
                    ? "; scenario ids go in --scenario (collect and eval-vla took them in --scenarios before)" : ""));
            }
            return p;
        }
    }

    /** A regular file that must already exist. */
    static final class ExistingFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String v) {
            Path p = path(v);
            if (!Files.isRegularFile(p)) {
                throw bad(v, Files.isDirectory(p) ? "is a directory; give a file" : "does not exist");
            }
            return p;
        }
    }

    /** A directory that must already exist. */
    static final class ExistingDir implements ITypeConverter<Path> {
        @Override
        public Path convert(String v) {
            Path p = path(v);
            if (!Files.isDirectory(p)) {
                throw bad(v, Files.exists(p) ? "is a file; give a directory" : "is not an existing directory");
            }
            return p;
        }
    }

    /** A directory to write: created if missing, so it must not be an existing file. */
    static final class OutputDir implements ITypeConverter<Path> {
        @Override
        public Path convert(String v) {
            Path p = path(v);
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw bad(v, "is an existing file; give a directory to write");
            }
            return p;
        }
    }

    /** A file to write: it must not be an existing directory. */
    static final class OutputFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String v) {
            Path p = path(v);
            if (Files.isDirectory(p)) {
                throw bad(v, "is a directory; give a file to write");
            }
            return p;
        }
    }

    /** A stack name found on the classpath, or {@code all}. */
    static final class StackName implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String n = v.strip();
            if (n.equals("all")) {
                return n;
            }
            List<String> known = StackProvider.all().stream().map(StackProvider::name).toList();
            if (!known.contains(n)) {
                throw bad(v, "is not a stack (known: " + String.join(", ", known) + ", or all)");
            }
            return n;
        }
    }

    /** A robot id. */
    static final class RobotName implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String n = v.strip();
            if (ScenarioLoader.ROBOTS.contains(n) || RobotDescriptor.isUserRobot(n)) {
                return n;
            }
            if (!RobotDescriptor.isFileName(n)) {
                throw bad(v, "is not a robot (shipped: " + String.join(", ", new TreeSet<>(ScenarioLoader.ROBOTS))
                    + "; or give a robot descriptor .json file)");
            }
            try {
                // validated (and registered) now; the value stays the path, so that a plan carried to
                // another JVM (a Spark executor) reads the same file there
                RobotDescriptor.fromFile(Path.of(n));
                return n;
            } catch (InvalidPathException e) {
                throw bad(v, "is not a file path");
            } catch (RobotDescriptorException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A shipped condition name or a condition file, read and validated now. */
    static final class ConditionName implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String n = v.strip();
            if (n.isEmpty()) {
                throw bad(v, "is not a condition (shipped: " + String.join(", ", ConditionLoader.SHIPPED)
                    + "; or give a condition file)");
            }
            try {
                ConditionLoader.load(n);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage().lines().findFirst().orElse("'" + v + "' is invalid"));
            }
            return n;
        }
    }

    /** A robustness axis name, or {@code all}. */
    static final class AxisName implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String n = v.strip();
            try {
                RobustnessAxes.shipped().conditionNames(List.of(n), "--axes");
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.problems().get(0).reason());
            }
            return n;
        }
    }

    /** A video encoding of {@code collect} / {@code dataset convert}: {@link VideoCodec}'s names. */
    static final class VideoCodecName implements ITypeConverter<org.stackarena.policies.data.lerobot.VideoCodec> {
        @Override
        public org.stackarena.policies.data.lerobot.VideoCodec convert(String v) {
            try {
                return org.stackarena.policies.data.lerobot.VideoCodec.parse(v);
            } catch (IllegalArgumentException e) {
                throw bad(v, "is not a video codec (known: " + org.stackarena.policies.data.lerobot.VideoCodec.ids() + ")");
            }
        }
    }

    /** A dataset layout of {@code collect --format}: lerobot (v3.0) or npy (the older per-episode .npy folders). */
    static final class DatasetFormat implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String n = v.strip().toLowerCase(java.util.Locale.ROOT);
            if (!n.equals("lerobot") && !n.equals("npy")) {
                throw bad(v, "is not a dataset format (known: lerobot, npy)");
            }
            return n;
        }
    }

    /** A camera of the shipped robots. */
    static final class CameraName implements ITypeConverter<String> {
        static final Set<String> KNOWN = Set.of("front", "wrist");

        @Override
        public String convert(String v) {
            String n = v.strip();
            if (!KNOWN.contains(n)) {
                throw bad(v, "is not a camera (known: front, wrist)");
            }
            return n;
        }
    }

    /** A scenario id: non-empty, no spaces (checked against the scenarios when they are known). */
    static final class ScenarioId implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String n = v.strip();
            if (n.isEmpty() || n.chars().anyMatch(Character::isWhitespace)) {
                throw bad(v, "is not a scenario id (e.g. " + String.join(", ", ScenarioLoader.shippedIds()) + ")");
            }
            return n;
        }
    }

    /** A shipped scenario id or a scenario file (one scenario). */
    static final class ScenarioIdOrFile implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            try {
                ScenariosCommand.resolve(v.strip());
            } catch (UserInputException | InvalidInputException e) {
                throw new TypeConversionException(e.getMessage().lines().findFirst().orElse("'" + v + "' is invalid"));
            }
            return v.strip();
        }
    }

    /** A task family of the shipped scenarios. */
    static final class Family implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String n = v.strip();
            Set<String> known = new TreeSet<>();
            ScenarioLoader.shipped().values().forEach(s -> known.add(s.family()));
            if (!known.contains(n)) {
                throw bad(v, "is not a task family (known: " + String.join(", ", known) + ")");
            }
            return n;
        }
    }

    /** A trainable architecture: {@code vla} or {@code wam}. */
    static final class Arch implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String n = v.strip();
            if (!TrainCommand.ARCHS.contains(n)) {
                throw bad(v, "is not an architecture (known: " + String.join(", ", TrainCommand.ARCHS) + ")");
            }
            return n;
        }
    }

    /** A latency model: none, fixed:Xms, measured[:xK], normal:M,S. */
    static final class Latency implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            try {
                LatencyModel.parse(v.strip());
            } catch (IllegalArgumentException e) {
                throw bad(v, "is not a latency model: " + e.getMessage());
            }
            return v.strip();
        }
    }

    /** {@code KEY=VALUE}: a setting name (letters, digits, {@code . _ -}) and any value, possibly empty. */
    static final class KeyValue implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            int eq = v.indexOf('=');
            if (eq < 0 || !v.substring(0, eq).matches("[A-Za-z][A-Za-z0-9_.\\-]*")) {
                throw bad(v, "is not KEY=VALUE (e.g. spark.executor.memory=4g)");
            }
            return v;
        }
    }

    /**
     * A {@code --remote KEY=VALUE} setting: a known key of the remote config and a value of its form
     * (bounds are checked with the action space's type when the run's settings are put together).
     */
    static final class RemoteSetting implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw bad(v, "is not KEY=VALUE (e.g. action_space=ee_delta or url=ws://127.0.0.1:8000)");
            }
            String key = v.substring(0, eq).strip();
            String value = v.substring(eq + 1).strip();
            if (key.equals("action_space.low") || key.equals("action_space.high")) {
                for (String part : value.split(",", -1)) { // the dimension is checked with the type, later
                    try {
                        if (!Double.isFinite(Double.parseDouble(part.strip()))) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw bad(v, "has a bad value for " + key + ": '" + part.strip() + "' is not a finite number");
                    }
                }
                return v;
            }
            java.util.Properties p = new java.util.Properties();
            p.setProperty(key, value);
            try {
                org.stackarena.policies.remote.RemotePolicyConfig.fromProperties(p,
                    org.stackarena.policies.remote.RemotePolicyConfig.of(
                        org.stackarena.policies.remote.RemotePolicyConfig.DEFAULT_URL));
            } catch (org.stackarena.policies.remote.RemotePolicyConfig.BadKey e) {
                throw bad(v, e.detail().startsWith("unknown key") ? "names an " + e.detail()
                    : "has a bad value for " + e.key() + ": " + e.detail());
            }
            return v;
        }
    }

    /** A chunk-execution strategy ({@code ChunkExecution.parse}), returned in its canonical form. */
    static final class Chunking implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            try {
                return org.stackarena.api.policy.ChunkExecution.parse(v).toString();
            } catch (IllegalArgumentException e) {
                throw bad(v, "is not a chunk-execution strategy: " + e.getMessage());
            }
        }
    }

    /** {@code WxH}, both >= 8. */
    static final class Size implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String[] wh = v.strip().toLowerCase(java.util.Locale.ROOT).split("x", -1);
            if (wh.length != 2) {
                throw bad(v, "is not WxH (e.g. 96x64)");
            }
            for (String d : wh) {
                int n;
                try {
                    n = Integer.parseInt(d.strip());
                } catch (NumberFormatException e) {
                    throw bad(v, "is not WxH (e.g. 96x64)");
                }
                if (n < 8) {
                    throw bad(v, "is too small: width and height must be at least 8");
                }
            }
            return v.strip();
        }
    }

    /**
     * A seed set: a range {@code FIRST..LAST} (inclusive), one seed, a shipped name ({@code smoke},
     * {@code ci}, {@code full}) or a seed-set file; evaluation seeds only. Kept as text (a bench plan
     * is re-resolved from its options, e.g. on Spark executors).
     */
    static final class Seeds implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String t = v.strip();
            if (t.isEmpty() || !t.matches("[-0-9.]+") && !SeedSet.SHIPPED.contains(t) && !Files.isRegularFile(path(t))) {
                throw bad(v, "is not a seed range, seed-set name or seed-set file; give a range FIRST..LAST "
                    + "(e.g. 1000..1009), one seed, " + String.join(", ", SeedSet.SHIPPED) + " or a seed-set file");
            }
            try {
                SeedSet.load(v.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return v.strip();
        }
    }
}
