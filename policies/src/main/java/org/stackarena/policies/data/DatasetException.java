package org.stackarena.policies.data;

/**
 * A dataset that cannot be used as given: a missing or malformed file or field, or a feature the
 * reader needs that the dataset lacks. The message is one line naming the file, the field and the
 * problem; the CLI prints it and exits with code 2.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message file, field and problem, on one line */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * @param message file, field and problem, on one line
     * @param cause the underlying failure
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
