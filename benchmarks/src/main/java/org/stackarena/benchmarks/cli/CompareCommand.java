package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stackarena.benchmarks.compare.CompareText;
import org.stackarena.benchmarks.compare.Comparison;
import org.stackarena.benchmarks.compare.JUnitXml;
import org.stackarena.benchmarks.compare.TimingCheck;
import org.stackarena.benchmarks.report.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stackarena compare BASE NEW}: regression decision between two run directories. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Compare two run directories stack by stack, scenario by scenario and condition; episodes are "
        + "paired by (scenario, robot, seed, condition, variant).",
        "Success: exact McNemar test on the discordant pairs (one-sided, for a drop); Fisher's exact test when a "
        + "cell has no pairs. Latency: one-sided Wilcoxon signed-rank test on per-episode p99 modelled latency per "
        + "loop, flagged only when the median increase is also > 20% of the base median.",
        "The runs must have been timed the same way (run.json's timing fingerprint: profile, overrides, every "
        + "shared stack's loop rates and latency models, chunk execution, MuJoCo version); otherwise compare refuses "
        + "unless given --allow-timing-change.",
        "Exit 0: no significant regression; 1: a significant regression; 2: bad input."})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASE", converter = Converters.ExistingDir.class, description = "base run directory (e.g. a committed baseline)")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", converter = Converters.ExistingDir.class, description = "new run directory")
    Path neu;

    @Option(names = "--junit", paramLabel = "FILE", converter = Converters.OutputFile.class, description = "write JUnit XML (one testcase per cell)")
    Path junit;

    @Option(names = "--alpha", defaultValue = "0.05", converter = Converters.Probability.class, description = "significance level (default ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--allow-timing-change",
        description = "compare runs whose timing differs (another profile, latency or rate, chunk execution or MuJoCo "
            + "version), e.g. to measure what a profile does; the differences are printed first")
    boolean allowTimingChange;

    @Override
    public Integer call() throws Exception {
        RunDir b = RunDir.read(base);
        RunDir n = RunDir.read(neu);
        List<String> timing = TimingCheck.differences(b.info(), n.info());
        if (!timing.isEmpty()) {
            String diff = String.join("; ", timing.subList(0, Math.min(4, timing.size())))
                + (timing.size() > 4 ? "; and " + (timing.size() - 4) + " more" : "");
            if (!allowTimingChange) {
                throw new UserInputException("the runs were timed differently (" + diff + "); pass "
                    + "--allow-timing-change to compare them anyway");
            }
            System.out.println("timing differs (compared as asked): " + diff);
        }
        Comparison cmp = Comparison.of(b, n, alpha);
        CompareText.print(cmp, System.out);
        if (junit != null) {
            JUnitXml.write(cmp, base.toString(), neu.toString(), junit);
            System.out.println("wrote " + junit);
        }
        return cmp.regressions().isEmpty() ? 0 : Main.EXIT_FAILURE;
    }
}
