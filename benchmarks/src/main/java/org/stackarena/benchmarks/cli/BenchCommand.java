package org.stackarena.benchmarks.cli;

import java.util.concurrent.Callable;
import org.stackarena.benchmarks.bench.BenchPlan;
import org.stackarena.benchmarks.bench.BenchRunner;
import org.stackarena.benchmarks.bench.EpisodeEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stackarena bench}: runs a suite for some stacks and writes a run directory with reports. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Run a suite (scenarios x seeds x conditions x robots) for each stack; write episodes.jsonl, "
        + "summary.json, report.md, report.html and run.json into the run directory, and print a results table.",
        "Re-running with the same --out resumes: finished episodes are never run twice."})
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int workers = options.workers();
        EpisodeEngine engine = options.engine();
        BenchPlan.Options planOptions = options.plan(null);
        BenchPlan plan = BenchPlan.resolve(planOptions);
        return new BenchRunner(plan, planOptions, engine, options.master, options.out(""), workers, options.video,
            BenchOptions.commandLine("bench", spec.commandLine().getParseResult().originalArgs()
                .subList(1, spec.commandLine().getParseResult().originalArgs().size()).toArray(String[]::new)),
            System.out, System.err, System.console() != null).interval(options.interval())
            .engineConf(options.conf()).record(options.record).run();
    }
}
