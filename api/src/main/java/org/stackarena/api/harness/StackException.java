package org.stackarena.api.harness;

/**
 * A stack threw while being reset or ticked. The episode fails with
 * {@code stack_exception: <message>}; see {@link #failureReason()}.
 */
public final class StackException extends Exception {

  private final String loop;
  private final long timeMicros;

  /**
   * @param loop loop name, or {@code "reset"} if it threw in reset
   * @param timeMicros sim time of the failing tick
   * @param cause what the stack threw
   */
  public StackException(String loop, long timeMicros, Throwable cause) {
    super("stack threw in " + loop + " at t=" + timeMicros / 1e6 + " s: " + cause, cause);
    this.loop = loop;
    this.timeMicros = timeMicros;
  }

  /** The loop that threw ({@code "reset"} for reset). */
  public String loop() {
    return loop;
  }

  /** Sim time of the failure in microseconds. */
  public long timeMicros() {
    return timeMicros;
  }

  /** Longest detail kept in a failure reason, characters. */
  static final int MAX_DETAIL = 500;

  /**
   * The episode failure reason: {@code stack_exception: <message> (<Type> in <loop> at t=<s> s)}, or
   * for an {@link org.stackarena.api.EpisodeAbort} its own reason followed by its detail
   * ({@code remote_error: metadata from ws://... lacks action_space; ...}), on one line (line breaks
   * become " | ") and at most {@value #MAX_DETAIL} characters of detail.
   */
  public String failureReason() {
    Throwable c = getCause();
    if (c instanceof org.stackarena.api.EpisodeAbort abort) {
      String detail = abort.detail();
      if (detail == null || detail.isBlank()) {
        return abort.reason();
      }
      String line = String.join(" | ", detail.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
      return abort.reason() + ": " + (line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 3) + "...");
    }
    String msg = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return "stack_exception: " + msg + " (" + c.getClass().getSimpleName() + " in "
        + (loop.equals("reset") ? "reset" : "loop '" + loop + "'") + " at t=" + timeMicros / 1e6
        + " s)";
  }
}
