package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.stackarena.benchmarks.bench.BenchPlan;
import org.stackarena.benchmarks.bench.EpisodeEngine;
import org.stackarena.benchmarks.report.IntervalMethod;
import picocli.CommandLine.Option;

/** The options {@code bench} and {@code sweep} share (a picocli mixin). */
final class BenchOptions {

    @Option(names = "--suite", defaultValue = "smoke", description = "smoke, ci or full (default ${DEFAULT-VALUE})")
    String suite;

    @Option(names = "--stack", split = ",", paramLabel = "NAME",
        description = "stacks to run, comma-separated, or 'all' (default): every non-reference stack found on the "
            + "classpath, or hold-still,random when there is none")
    List<String> stacks;

    @Option(names = "--policy", paramLabel = "[NAME=]DIR",
        description = "run a policy directory as a stack, repeatable: policy.json + vla.params (built-in VLA) or "
            + "policy.json + .pt (TorchScript, any architecture); named policy:<dir name> unless NAME= is given. "
            + "Without --stack only the given policies and classes run")
    List<String> policies;

    @Option(names = "--stack-class", paramLabel = "CLASS",
        description = "run a ControlStack or StackProvider class from the classpath by name, repeatable "
            + "(add jars with STACKARENA_CLASSPATH)")
    List<String> stackClasses;

    @Option(names = "--condition", split = ",", paramLabel = "COND",
        description = "lab, field or condition files (default: the suite's)")
    List<String> conditions;

    @Option(names = "--robot", split = ",", paramLabel = "ROBOT", description = "robot ids (default: the suite's)")
    List<String> robots;

    @Option(names = "--scenario", split = ",", paramLabel = "ID",
        description = "only these scenario ids (default: the suite's, or every file of --scenarios)")
    List<String> scenarioIds;

    @Option(names = "--scenarios", paramLabel = "PATH", description = "a scenario file or folder of *.json to run "
        + "instead of the shipped scenarios")
    Path scenariosPath;

    @Option(names = "--seeds", paramLabel = "NAME|FILE", description = "seed set (default: the suite's)")
    String seeds;

    @Option(names = "--latency", paramLabel = "LOOP=MODEL", description = "latency model override, repeatable: "
        + "fixed:300ms, measured:x3, normal:50ms,10ms or none; LOOP '*' means every loop")
    List<String> latency = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", description = "worker threads of the local engine (default: "
        + "available cores); a Spark run uses the executors' cores")
    Integer workers;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "local",
        description = "what runs the episodes: local (default: --workers threads here) or spark (the optional "
            + "Spark module: episodes as a Spark RDD on executors; results files identical)")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
        description = "with --engine spark: the Spark master (default local[*], or spark.master as set by "
            + "spark-submit), e.g. local[2] or spark://host:7077")
    String master;

    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default results/<suite>-<timestamp>); "
        + "the same directory again resumes")
    Path out;

    @Option(names = "--video", paramLabel = "K", defaultValue = "0",
        description = "record the first K episodes of each stack x scenario as GIFs (front camera)")
    int video;

    @Option(names = "--interval", paramLabel = "METHOD", defaultValue = "clopper-pearson",
        description = "success-rate 95% intervals in the table and reports: clopper-pearson (exact, coverage >= 95% "
            + "everywhere; default) or wilson (narrower, under-covers near 0% and 100%)")
    String interval;

    BenchPlan.Options plan(String sweepParam) {
        return new BenchPlan.Options(suite, stacks, conditions, robots, scenarioIds, scenariosPath, seeds, latency,
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
        int n = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (n < 1) {
            throw new UserInputException("--workers " + n + ": must be at least 1");
        }
        if (video < 0) {
            throw new UserInputException("--video " + video + ": must be >= 0");
        }
        return n;
    }

    Path out(String prefix) {
        return out != null ? out : Path.of("results", prefix + suite + "-"
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
