package org.stackarena.benchmarks.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * {@code run.json}: what was run, where and when. Written by {@code bench} and {@code sweep} at
 * the start (without an end time) and again at the end.
 *
 * @param command the exact command line, one argument per element ({@code stackarena} first)
 * @param gitCommit {@code git rev-parse HEAD} of the working directory, null if unavailable
 * @param machine where it ran
 * @param suite suite name
 * @param seeds seed set used
 * @param stacks the stacks run, with their privileged flag
 * @param scenarios scenario ids
 * @param conditions condition names
 * @param robots robot ids
 * @param timing the timing fingerprint: profile, overrides, every stack's loops as timed, chunk execution,
 *     MuJoCo version ({@code compare} refuses runs whose fingerprints differ)
 * @param sweep the sweep, null for a plain bench run
 * @param workers worker threads of the local engine; with a distributed engine the executors' task
 *     slots (their cores), 0 until they are known
 * @param episodesPlanned episodes in the plan
 * @param video GIFs recorded per stack x scenario (0: none)
 * @param started ISO-8601 start time (UTC) of the first session of this run
 * @param ended ISO-8601 end time of the last session, null while running
 * @param wallTimeS wall time of the last session in seconds, null while running
 * @param cluster what a distributed engine ran the last session on, null for the local engine
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunInfo(List<String> command, String gitCommit, Machine machine, String suite, Seeds seeds,
                      List<StackInfo> stacks, List<String> scenarios, List<String> conditions, List<String> robots,
                      TimingInfo timing, Sweep sweep, int workers, int episodesPlanned, int video,
                      String started, String ended, Double wallTimeS, Cluster cluster) {

    /** The file name in a run directory. */
    public static final String FILE_NAME = "run.json";

    static final ObjectMapper MAPPER = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param cores available processors
     * @param jvm JVM vendor and version
     * @param os OS name, version and architecture
     */
    public record Machine(int cores, String jvm, String os) {
        /** This machine. */
        public static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch"));
        }
    }

    /**
     * @param name seed-set name or file
     * @param hash short SHA-256 of the seeds
     * @param count number of seeds
     */
    public record Seeds(String name, String hash, int count) {}

    /**
     * @param name stack name
     * @param privileged reads ground truth (reports label it "(privileged)")
     * @param description the provider's one line
     */
    public record StackInfo(String name, boolean privileged, String description) {}

    /**
     * @param param the swept parameter as given, e.g. {@code system2.latency} or {@code control.rate}
     * @param loop the key it applies to: a loop, a role, or {@code *} for all
     * @param variants variant labels in sweep order
     * @param latencyMs a latency sweep's nominal latency of each variant in milliseconds, same order; null
     *     for a rate sweep
     * @param rateHz a rate sweep's rate of each variant in Hz, same order; null for a latency sweep
     */
    public record Sweep(String param, String loop, List<String> variants, List<Double> latencyMs,
                        List<Double> rateHz) {

        /** Whether this sweeps loop rates (else latencies). */
        public boolean rate() {
            return rateHz != null;
        }

        /** The swept values, same order as the variants (ms or Hz). */
        public List<Double> values() {
            return rate() ? rateHz : latencyMs;
        }
    }

    /**
     * How a run timed its stacks: what two runs must share for their success rates to be comparable.
     *
     * @param profile the deployment profile's name ({@code --profile})
     * @param profileRoles the profile's table: role (or {@code default}) to latency model, rate and scaling
     * @param latency {@code --latency} overrides, key (loop, role or {@code *}) to model
     * @param rate {@code --rate} overrides, key to Hz
     * @param mujoco the MuJoCo version the physics ran on
     * @param physicsDtMs the physics step given with {@code --physics-dt} in ms, null for the scenes' own (2 ms)
     * @param stacks every stack's loops as this run times them (a sweep's base, before the swept value)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimingInfo(String profile, Map<String, String> profileRoles, Map<String, String> latency,
                             Map<String, Double> rate, String mujoco, Double physicsDtMs,
                             Map<String, StackTiming> stacks) {}

    /**
     * @param chunking the chunk-execution strategy of a policy stack, null for stacks without one
     * @param loops the stack's loops, by name, in declaration order
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StackTiming(String chunking, Map<String, LoopTiming> loops) {}

    /**
     * @param role the loop's role
     * @param rateHz its rate
     * @param latency its latency model
     * @param modelParams declared parameter count, null if not declared
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoopTiming(String role, double rateHz, String latency, Long modelParams) {}

    /**
     * The executors a distributed engine ran one session on, as its scheduler saw them.
     *
     * @param engine engine name, e.g. {@code spark}
     * @param master where it ran, e.g. {@code spark://head:7077}
     * @param executors most executors alive at once (a local Spark master counts as one)
     * @param cores most task slots (executor cores) alive at once
     * @param executorsLost executors lost during the session (killed, crashed, decommissioned)
     * @param errors the first distinct errors of episodes the executors could not run (count, error,
     *     first episode and executor), and the job's own failure if it failed; empty when none
     */
    public record Cluster(String engine, String master, int executors, int cores, int executorsLost,
                          List<String> errors) {
        /** Checks the counts and copies the list. */
        public Cluster {
            java.util.Objects.requireNonNull(engine, "engine");
            if (executors < 0 || cores < 0 || executorsLost < 0) {
                throw new IllegalArgumentException("negative count: executors " + executors + ", cores " + cores
                    + ", lost " + executorsLost);
            }
            errors = errors == null ? List.of() : List.copyOf(errors);
        }
    }

    /** The settings that must match for a run directory to be resumed. */
    public List<Object> identity() {
        return java.util.Arrays.asList(suite, seeds == null ? null : seeds.hash(),
            stacks == null ? null : stacks.stream().map(StackInfo::name).toList(), scenarios, conditions, robots,
            timing, sweep);
    }

    /** This info with end time and wall time set. */
    public RunInfo ended(String endedAt, double wallS) {
        return new RunInfo(command, gitCommit, machine, suite, seeds, stacks, scenarios, conditions, robots, timing,
            sweep, workers, episodesPlanned, video, started, endedAt, wallS, cluster);
    }

    /** This info with another start time (a resumed run keeps its first start). */
    public RunInfo startedAt(String at) {
        return new RunInfo(command, gitCommit, machine, suite, seeds, stacks, scenarios, conditions, robots, timing,
            sweep, workers, episodesPlanned, video, at, ended, wallTimeS, cluster);
    }

    /**
     * This info with what a distributed engine ran on; {@code workers} becomes its cores. Null
     * (the local engine) leaves it unchanged.
     */
    public RunInfo ranOn(Cluster c) {
        return c == null ? this : new RunInfo(command, gitCommit, machine, suite, seeds, stacks, scenarios, conditions,
            robots, timing, sweep, c.cores(), episodesPlanned, video, started, ended, wallTimeS, c);
    }

    /** Writes {@code run.json} into {@code dir} atomically. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        MAPPER.writeValue(tmp.toFile(), this);
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads {@code dir/run.json}; null if there is none. */
    public static RunInfo read(Path dir) throws IOException {
        Path f = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        return MAPPER.readValue(f.toFile(), RunInfo.class);
    }

    /** Whether {@code stack} is privileged according to this run (false if unknown). */
    public boolean privileged(String stack) {
        return stacks != null && stacks.stream().anyMatch(s -> s.name().equals(stack) && s.privileged());
    }
}
