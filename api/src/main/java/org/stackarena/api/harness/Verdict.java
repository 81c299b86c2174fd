package org.stackarena.api.harness;

import java.util.Objects;

/**
 * The world's judgement of an episode so far, made on ground truth.
 *
 * @param status in progress, success or failure
 * @param reason failure reason (snake_case code, optionally {@code ": detail"}); null otherwise
 */
public record Verdict(Status status, String reason) {

  /** Episode status. */
  public enum Status {
    /** Not decided yet. */
    IN_PROGRESS,
    /** Task achieved. */
    SUCCESS,
    /** Task can no longer be achieved (e.g. object dropped off the table). */
    FAILURE
  }

  private static final Verdict IN_PROGRESS = new Verdict(Status.IN_PROGRESS, null);
  private static final Verdict SUCCESS = new Verdict(Status.SUCCESS, null);

  /** Validates that exactly failures carry a reason. */
  public Verdict {
    Objects.requireNonNull(status, "status");
    if ((status == Status.FAILURE) != (reason != null && !reason.isBlank())) {
      throw new IllegalArgumentException("a failure needs a reason and nothing else may have one: "
          + status + " / " + reason);
    }
  }

  /** Not decided yet. */
  public static Verdict inProgress() {
    return IN_PROGRESS;
  }

  /** Task achieved. */
  public static Verdict success() {
    return SUCCESS;
  }

  /** Task failed for {@code reason}. */
  public static Verdict failure(String reason) {
    return new Verdict(Status.FAILURE, reason);
  }
}
