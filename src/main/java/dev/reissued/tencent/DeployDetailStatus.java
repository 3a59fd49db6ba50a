package dev.reissued.tencent;

/** What happened to one resource of a move task (UpdateRecordDetail's {@code Status}). */
public enum DeployDetailStatus {
  PENDING(0),
  SUCCEEDED(1),
  FAILED(2),
  DEPLOYING(3),
  ROLLED_BACK(4),
  ROLLBACK_FAILED(5),
  /** Nothing to do: the resource was gone, or no longer held the old certificate. */
  NO_RESOURCE(6),
  /** A value the documents do not name, or none: read as still running, so it is followed on. */
  UNKNOWN(-1);

  private final int code;

  DeployDetailStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static DeployDetailStatus of(Long code) {
    if (code != null) {
      for (DeployDetailStatus status : values()) {
        if (status.code == code && status != UNKNOWN) {
          return status;
        }
      }
    }
    return UNKNOWN;
  }

  /** Whether the API still works on it (or cannot say it does not). */
  public boolean running() {
    return this == PENDING || this == DEPLOYING || this == UNKNOWN;
  }

  /** Whether it ended failed, so that a retry may help. */
  public boolean failed() {
    return this == FAILED || this == ROLLBACK_FAILED;
  }
}
