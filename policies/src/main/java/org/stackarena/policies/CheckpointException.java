package org.stackarena.policies;

/** A checkpoint cannot be used; the message is one line naming the file and the field or parameter. */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One-line message. */
    public CheckpointException(String message) {
        super(message);
    }

    /** One-line message with a cause. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
