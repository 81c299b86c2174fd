package org.stackarena.benchmarks.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Test helper: runs the CLI in-process with stdout and stderr captured. */
public final class CliRun {

    /**
     * What a CLI run produced.
     *
     * @param code exit code
     * @param out captured stdout
     * @param err captured stderr
     */
    public record Outcome(int code, String out, String err) {}

    private CliRun() {}

    /** Runs {@code stackarena args...} and returns its exit code and output. */
    public static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = System.out;
        PrintStream e = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }
}
