package org.stackarena.benchmarks.cli;

import java.util.concurrent.Callable;
import org.stackarena.benchmarks.bench.BenchPlan;
import org.stackarena.benchmarks.bench.BenchRunner;
import org.stackarena.benchmarks.bench.EpisodeEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stackarena sweep}: a bench run repeated for each value of a latency or rate parameter, in one run directory. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run the suite once per value of a parameter, each value a variant in one run directory, and "
        + "plot success vs the swept latency or rate per stack.",
        "Parameter: KEY.latency=V1,V2,...ms (a fixed latency) or KEY.rate=V1,V2,... (a loop rate in Hz); KEY is a "
        + "loop name, a role (system2, control, ...) applying to every stack that has it, or '*' for every loop."})
public final class SweepCommand implements Callable<Integer> {

    @Option(names = "--param", required = true, paramLabel = "KEY.latency=V1,..|KEY.rate=V1,..",
        description = "e.g. system2.latency=0,50,200,500,1000ms, *.latency=0,100ms or control.rate=100,250,500,1000")
    String param;

    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int workers = options.workers();
        EpisodeEngine engine = options.engine();
        BenchPlan.Options planOptions = options.plan(param);
        BenchPlan plan = BenchPlan.resolve(planOptions);
        var args = spec.commandLine().getParseResult().originalArgs();
        return new BenchRunner(plan, planOptions, engine, options.master, options.out("sweep-"), workers,
            options.video,
            BenchOptions.commandLine("sweep", args.subList(1, args.size()).toArray(String[]::new)),
            System.out, System.err, System.console() != null).interval(options.interval())
            .engineConf(options.conf()).record(options.record).run();
    }
}
