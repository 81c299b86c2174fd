package org.stackarena.policies;

/**
 * A checkpoint or policy directory cannot be used; the message is one line naming the file and the field
 * or parameter (an {@link org.stackarena.api.policy.InvalidPolicyException}, as the CLI reports them).
 */
public final class CheckpointException extends org.stackarena.api.policy.InvalidPolicyException {
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
