package org.stackarena.api.policy;

/**
 * A {@link PolicyStack} stage produced a NaN or infinite value. The harness fails the episode with
 * {@code stack_exception: stage '<loop>' ...: <where> is NaN} and the run goes on with the next one.
 */
public final class NonFiniteOutputException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String stage;

  /**
   * @param stage the stage (loop) name
   * @param where which value, e.g. {@code "step 2 value[3]"} or {@code "index 17"}
   * @param value the offending value
   */
  public NonFiniteOutputException(String stage, String channel, String where, double value) {
    super("stage '" + stage + "' published a non-finite value on " + channel + ": " + where + " is "
        + value);
    this.stage = stage;
  }

  /** The stage that produced the value. */
  public String stage() {
    return stage;
  }
}
