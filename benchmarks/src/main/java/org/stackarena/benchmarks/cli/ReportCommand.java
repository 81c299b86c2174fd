package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.stackarena.benchmarks.report.IntervalMethod;
import org.stackarena.benchmarks.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stackarena report DIR}: re-renders the reports of an existing run directory. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Re-render summary.json, report.md and report.html of an existing run directory from its "
        + "episodes.jsonl and run.json.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", converter = Converters.ExistingDir.class, description = "a run directory of bench or sweep")
    Path dir;

    @Option(names = "--interval", paramLabel = "METHOD", defaultValue = "clopper-pearson",
        description = "success-rate 95% intervals: clopper-pearson (exact, coverage >= 95% everywhere; default) "
            + "or wilson (narrower, under-covers near 0% and 100%)")
    String interval;

    @Override
    public Integer call() throws Exception {
        ReportWriter.write(dir, IntervalMethod.parse(interval)).forEach(p -> System.out.println("wrote " + p));
        return 0;
    }
}
