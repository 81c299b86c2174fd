package org.stackarena.api.policy;

/**
 * A policy directory is unusable: a missing file, a bad {@code policy.json} field, weights that do not
 * match. The message is one line naming the file and the field (what the CLI prints before exiting
 * with code 2, without a stack trace).
 */
public class InvalidPolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message one line: file, field, what is wrong */
  public InvalidPolicyException(String message) {
    super(message);
  }

  /**
   * @param message one line: file, field, what is wrong
   * @param cause the underlying failure
   */
  public InvalidPolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
