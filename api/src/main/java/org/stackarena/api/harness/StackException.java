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

  /**
   * The episode failure reason: {@code stack_exception: <message> (<Type> in <loop> at t=<s> s)}.
   */
  public String failureReason() {
    Throwable c = getCause();
    if (c instanceof org.stackarena.api.EpisodeAbort abort) {
      return abort.reason();
    }
    String msg = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return "stack_exception: " + msg + " (" + c.getClass().getSimpleName() + " in "
        + (loop.equals("reset") ? "reset" : "loop '" + loop + "'") + " at t=" + timeMicros / 1e6
        + " s)";
  }
}
