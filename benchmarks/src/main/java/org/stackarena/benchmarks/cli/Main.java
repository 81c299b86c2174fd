package org.stackarena.benchmarks.cli;

import org.stackarena.sim.ModelLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code stackarena} command line. The launcher script at the repository root builds the
 * project and calls this class; {@code ./stackarena test} is handled by the launcher itself
 * (it runs Maven).
 *
 * <p>Exit codes: 0 success, 1 a failure or regression was found, 2 bad usage or bad input (one
 * line on stderr naming the file, field and problem).
 */
@Command(name = "stackarena", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Benchmark VLA policies and classical pipelines on the same MuJoCo tasks.",
    subcommands = {BenchCommand.class, SweepCommand.class, CompareCommand.class, ReportCommand.class,
        ScenariosCommand.class, CollectCommand.class, TrainCommand.class, EvalCommand.class, PerfCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Also (handled by the launcher script):",
              "  test [--all]   build and run the test suite (--all: include slow suites)"})
public final class Main {

    /** Exit code for bad usage or input. */
    public static final int EXIT_INPUT = 2;
    /** Exit code when a failure or regression was found. */
    public static final int EXIT_FAILURE = 1;

    private Main() {}

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // everything after `perf jmh` goes to JMH untouched, options included
        cli.getSubcommands().get("perf").getSubcommands().get("jmh")
            .setStopAtPositional(true).setStopAtUnmatched(true).setUnmatchedArgumentsAllowed(true);
        cli.setExecutionExceptionHandler((ex, cmd, parse) -> {
            if (ex instanceof ModelLoadException || ex instanceof UserInputException
                || ex instanceof org.stackarena.scenarios.InvalidInputException
                || ex instanceof org.stackarena.api.policy.InvalidPolicyException) {
                ex.getMessage().lines().forEach(l -> cmd.getErr().println("error: " + l));
                return EXIT_INPUT;
            }
            cmd.getErr().println("error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    /** Version from the jar manifest, plus MuJoCo's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"stackarena " + (v == null ? "dev" : v),
                "MuJoCo " + org.stackarena.sim.Simulation.mujocoVersion(),
                "Java " + System.getProperty("java.version")};
        }
    }
}
