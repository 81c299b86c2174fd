package org.stackarena.benchmarks.cli;

/**
 * A mistake in what the user gave the CLI (a file, an option value). The CLI prints its message
 * as one line and exits with code 2; no stack trace.
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, where, and what to do */
    public UserInputException(String message) {
        super(message);
    }
}
