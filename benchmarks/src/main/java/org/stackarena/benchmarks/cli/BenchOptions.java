package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.stackarena.benchmarks.bench.BenchPlan;
import org.stackarena.benchmarks.bench.EpisodeEngine;
import org.stackarena.benchmarks.report.IntervalMethod;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code bench} and {@code sweep} share (a picocli mixin). */
final class BenchOptions {

    @Option(names = "--suite", defaultValue = "smoke", description = "smoke, ci or full (default ${DEFAULT-VALUE})")
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

    @Option(names = "--latency", paramLabel = "LOOP=MODEL", description = "latency model override, repeatable: "
        + "fixed:300ms, measured:x3, normal:50ms,10ms or none; LOOP '*' means every loop")
    List<String> latency = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "local",
        description = "what runs the episodes: local (default: --workers threads here) or spark (the optional "
            + "Spark module: episodes as a Spark RDD on executors; results files identical)")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
        description = "with --engine spark: the Spark master (default local[*], or spark.master as set by "
            + "spark-submit), e.g. local[2] or spark://host:7077")
    String master;

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
        return new BenchPlan.Options(suite, stacks.names, conditions.names, robots.ids, scenarios.ids, scenarios.path,
            seeds.seeds, latency,
            sweepParam, policies, stackClasses);
    }

    IntervalMethod interval() {
        return IntervalMethod.parse(interval);
    }

    /** The {@code --engine}, checked against {@code --master}. */
    EpisodeEngine engine() {
        EpisodeEngine e = EpisodeEngine.named(engine);
        e.check(master);
        return e;
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
