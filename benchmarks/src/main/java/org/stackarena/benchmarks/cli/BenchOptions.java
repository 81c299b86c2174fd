package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.stackarena.benchmarks.bench.BenchPlan;
import org.stackarena.benchmarks.bench.EpisodeEngine;
import org.stackarena.benchmarks.report.IntervalMethod;
import org.stackarena.scenarios.RobustnessAxes;
import org.stackarena.scenarios.Suite;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code bench} and {@code sweep} share (a picocli mixin). */
final class BenchOptions {

    @Option(names = "--suite", defaultValue = "smoke",
        description = "smoke, ci, full or robustness (default ${DEFAULT-VALUE})")
    String suite;

    @Mixin
    CommonOptions.Stacks stacks;

    @Mixin
    CommonOptions.Scenarios scenarios;

    @Mixin
    CommonOptions.Seeds seeds;

    @Mixin
    CommonOptions.Conditions conditions;

    @Mixin
    CommonOptions.Robots robots;

    @Option(names = "--axes", split = ",", paramLabel = "AXIS", converter = Converters.AxisName.class,
        description = "robustness axes (conditions/axes.json: lighting, camera-jitter, pixel-noise, depth-noise, "
            + "friction, mass, distractors, pushes, positions, paraphrases) or all: each axis's graded levels run "
            + "besides the conditions, and the reports add a sensitivity table paired by seed with lab")
    List<String> axes;

    @Mixin
    CommonOptions.Workers workers;

    @Mixin
    CommonOptions.Out out;

    @Option(names = "--policy", paramLabel = "[NAME=]DIR",
        description = "run a policy directory as a stack, repeatable: policy.json + vla.params (built-in VLA) or "
            + "policy.json + .pt (TorchScript, any architecture); named policy:<dir name> unless NAME= is given. "
            + "Without --stack only the given policies and classes run")
    List<String> policies;

    @Option(names = "--stack-class", paramLabel = "CLASS",
        description = "run a ControlStack or StackProvider class from the classpath by name, repeatable "
            + "(add jars with STACKARENA_CLASSPATH)")
    List<String> stackClasses;

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "this-machine",
        description = "deployment profile timing every stack's loops by role: this-machine (default: every loop "
            + "charged its measured wall time), ideal (no latency; lockstep, the CI profile), workstation-gpu, "
            + "edge-orin, or a profile JSON file")
    String profile;

    @Option(names = "--physics-dt", paramLabel = "DURATION", converter = Converters.PhysicsStep.class,
        description = "physics step instead of the scenes' 2 ms, e.g. 1ms so that a 1 kHz controller ticks every step "
            + "(a loop ticks at most once per step); recorded in the timing fingerprint")
    Double physicsDt;

    @Option(names = "--latency", paramLabel = "KEY=MODEL", description = "latency model override, repeatable, over "
        + "the profile: fixed:300ms, measured:x3, normal:50ms,10ms or none; KEY is a loop name, a role (perception, "
        + "planning, control, system2, system1, imagination, remote, other) or '*' for every loop")
    List<String> latency = new ArrayList<>();

    @Option(names = "--rate", paramLabel = "KEY=HZ", description = "loop rate override, repeatable, over the profile: "
        + "e.g. control=1000 or perception=30Hz; KEY as for --latency")
    List<String> rates = new ArrayList<>();

    @Option(names = "--chunking", paramLabel = "NAME", converter = Converters.Chunking.class,
        description = "chunk-execution strategy of every chunked policy stack of the run (vla, --policy "
            + "directories, remote): hold-and-switch (alias replace), ensemble:<window>, rtc[:exp|linear|hard] or "
            + "blocking; default: each stack's own (policy.json chunk_execution, else the format's default)")
    String chunking;

    @Option(names = "--remote", paramLabel = "KEY=VALUE", converter = Converters.RemoteSetting.class,
        description = "a setting of stack remote, repeatable, over STACKARENA_REMOTE_CONFIG/_URL: url, timeout_ms, "
            + "rate_hz, latency, obs.<server key>=<source>, and what a server's metadata may lack: action_space, "
            + "action_space.low/.high, chunk_interval_s, chunk_size, image_size, camera_keys, state_keys, policy_name, "
            + "action_mapping.scale/.rotation/.gripper/.clip (lists comma-separated; see policies/REMOTE_PROTOCOL.md)")
    List<String> remote = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "local",
        description = "what runs the episodes: local (default: --workers threads here) or spark (the optional "
            + "Spark module: episodes as a Spark RDD on executors; results files identical)")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
        description = "with --engine spark: the Spark master (default local[*], or spark.master as set by "
            + "spark-submit), e.g. local[2] or spark://host:7077")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
        description = "with --engine spark: a Spark setting, repeatable, e.g. spark.executor.memory=4g or "
            + "spark.stackarena.episodesPerTask=10 (as spark-submit's --conf)")
    List<String> conf = new ArrayList<>();

    @Option(names = "--video", paramLabel = "K", defaultValue = "0", converter = Converters.NonNegativeInt.class,
        description = "record the first K episodes of each stack x scenario as GIFs (front camera)")
    int video;

    @Option(names = "--record", paramLabel = "K", defaultValue = "0", converter = Converters.NonNegativeInt.class,
        description = "record the first K episodes of each stack x scenario x condition (body poses at 25 Hz, every "
            + "loop tick with its latency and misses, chunk arrivals, goal estimates, grasp/release) into "
            + "recordings/, replayed in 3D with a loop timeline in report.html (local engine only)")
    int record;

    @Option(names = "--interval", paramLabel = "METHOD", defaultValue = "clopper-pearson",
        description = "success-rate 95% intervals in the table and reports: clopper-pearson (exact, coverage >= 95% "
            + "everywhere; default) or wilson (narrower, under-covers near 0% and 100%)")
    String interval;

    BenchPlan.Options plan(String sweepParam) {
        return new BenchPlan.Options(suite, stacks.names, conditionNames(), robots.ids, scenarios.ids, scenarios.path,
            seeds.seeds, physicsDt, profile, latency, rates, sweepParam, policies, stackClasses, chunking, remote);
    }

    /** {@code --condition} (or the suite's conditions when {@code --axes} is given) plus the axes' levels. */
    private List<String> conditionNames() {
        if (axes == null) {
            return conditions.names;
        }
        return RobustnessAxes.shipped().withLevels(conditions.names != null ? conditions.names
            : Suite.load(suite).allConditions(), axes, "--axes");
    }

    IntervalMethod interval() {
        return IntervalMethod.parse(interval);
    }

    /** The {@code --engine}, checked against {@code --master} and {@code --conf}. */
    EpisodeEngine engine() {
        EpisodeEngine e = EpisodeEngine.named(engine);
        e.check(master, conf());
        return e;
    }

    /** {@code --conf} as a map in the order given (a later value of a key wins, as in spark-submit). */
    java.util.Map<String, String> conf() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        conf.forEach(kv -> m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
        return m;
    }

    int workers() {
        return workers.or(Runtime.getRuntime().availableProcessors());
    }

    Path out(String prefix) {
        return out.dir != null ? out.dir : Path.of("results", prefix + suite + "-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    static List<String> commandLine(String command, String[] args) {
        List<String> c = new ArrayList<>();
        c.add("stackarena");
        c.add(command);
        c.addAll(List.of(args));
        return c;
    }
}
