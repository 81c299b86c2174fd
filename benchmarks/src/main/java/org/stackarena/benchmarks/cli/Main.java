package org.stackarena.benchmarks.cli;

import java.util.List;
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
        ScenariosCommand.class, CollectCommand.class, TrainCommand.class, DatasetCommand.class, EvalCommand.class, PerfCommand.class,
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
        return commandLine().execute(args);
    }

    /** The configured command line: every command, and the handlers that turn input mistakes into one line and exit 2. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // everything after `perf jmh` goes to JMH untouched, options included
        cli.getSubcommands().get("perf").getSubcommands().get("jmh")
            .setStopAtPositional(true).setStopAtUnmatched(true).setUnmatchedArgumentsAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine cmd = ex.getCommandLine();
            String name = commandName(cmd);
            cmd.getErr().println("error: " + name + ": " + describe(ex) + " (see " + help(name) + ")");
            return EXIT_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parse) -> {
            if (ex instanceof CommandLine.ParameterException pe) {
                String name = commandName(pe.getCommandLine());
                cmd.getErr().println("error: " + name + ": " + describe(pe) + " (see " + help(name) + ")");
                return EXIT_INPUT;
            }
            if (ex instanceof ModelLoadException || ex instanceof UserInputException
                || ex instanceof org.stackarena.scenarios.InvalidInputException
                || ex instanceof org.stackarena.api.policy.InvalidPolicyException
                || ex instanceof org.stackarena.policies.data.DatasetException) {
                ex.getMessage().lines().forEach(l -> cmd.getErr().println("error: " + l));
                return EXIT_INPUT;
            }
            cmd.getErr().println("error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return EXIT_FAILURE;
        });
        return cli;
    }

    /** The command's name below {@code stackarena}, e.g. {@code perf sim}; {@code stackarena} for the top. */
    static String commandName(CommandLine cmd) {
        String q = cmd.getCommandSpec().qualifiedName(" ");
        return q.startsWith("stackarena ") ? q.substring("stackarena ".length()) : q;
    }

    private static String help(String name) {
        return name.equals("stackarena") ? "./stackarena --help" : "./stackarena help " + name;
    }

    /**
     * One line for a command-line mistake: which option or parameter, the value and what is wrong,
     * without picocli's usage page.
     */
    static String describe(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "?" : unmatched.get(0);
            List<String> hints = u.getSuggestions();
            return (first.startsWith("-") ? "unknown option '" : "unexpected argument '") + first + "'"
                + (hints.isEmpty() ? "" : "; did you mean " + String.join(" or ", hints) + "?");
        }
        CommandLine.Model.ArgSpec arg = ex.getArgSpec();
        String where = arg == null ? null : arg.isOption()
            ? "option '" + ((CommandLine.Model.OptionSpec) arg).longestName() + "'"
            : "parameter " + ((CommandLine.Model.PositionalParamSpec) arg).paramLabel();
        String msg = ex.getMessage() == null ? "invalid" : ex.getMessage().strip();
        Throwable cause = ex.getCause();
        boolean builtIn = arg != null && arg.converters().length == 0;
        if (arg != null && !builtIn && cause instanceof CommandLine.TypeConversionException t) {
            return where + ": " + t.getMessage().strip();
        }
        if (arg != null && cause != null && ex.getValue() != null) {
            return where + ": '" + ex.getValue() + "' is not " + typeWord(arg.type());
        }
        if (ex instanceof CommandLine.MissingParameterException && msg.startsWith("Missing required parameter for ")
            && where != null) {
            return where + ": a value is missing";
        }
        msg = msg.lines().findFirst().orElse(msg);
        if (!msg.isEmpty()) {
            msg = Character.toLowerCase(msg.charAt(0)) + msg.substring(1);
        }
        return where == null || msg.contains(where.substring(where.indexOf(' ') + 1)) ? msg : where + ": " + msg;
    }

    private static String typeWord(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false (a flag takes no value)";
        }
        return "a valid " + type.getSimpleName();
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
