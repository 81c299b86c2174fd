package org.stackarena.api;

/**
 * Thrown by a stack (from {@code reset} or a tick) to end the episode as a failure with a reason
 * of its own, recorded verbatim with its detail ({@code reason: detail}): for example
 * {@code instruction_not_understood: ...} when a stack's parser cannot make sense of the instruction. Anything else a stack throws is recorded as
 * {@code stack_exception: ...}.
 */
public class EpisodeAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String detail;

    /**
     * @param reason the failure reason, a short snake_case word
     * @param detail what happened, for people (may be null)
     */
    public EpisodeAbort(String reason, String detail) {
        super(detail == null ? reason : reason + ": " + detail);
        if (reason == null || !reason.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("an abort reason is a snake_case word, got " + reason);
        }
        this.reason = reason;
        this.detail = detail;
    }

    /** @return what happened, for people; null if none was given */
    public String detail() {
        return detail;
    }

    /** @return the failure reason recorded for the episode */
    public String reason() {
        return reason;
    }
}
