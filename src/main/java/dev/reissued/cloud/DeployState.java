package dev.reissued.cloud;

import java.util.Locale;

/** Where one old → new move stands ({@code cloud_deploy.state}). */
public enum DeployState {
  /** Nothing sent yet. */
  NEW,
  /** An UpdateCertificateInstance is out, or its answer was lost: look the task up first. */
  SENDING,
  /** Answered DeployRecordId 0: the task is being created, ask again after a pause. */
  CREATING,
  /** The task's id is stored: followed until no resource is pending or running. */
  FOLLOWING,
  SUCCEEDED,
  /** CertificateDeployInstanceEmpty on the first try: nothing of those types held the old one. */
  NOTHING_BOUND,
  /** Resources still failed when renewal.retry's attempts ran out. */
  FAILED,
  /** The task did not settle within cloud.giveUpAfter, or the pair's calls ran out. */
  GIVEN_UP;

  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }

  static DeployState fromSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Whether the stage still works on it. */
  public boolean open() {
    return this == NEW || this == SENDING || this == CREATING || this == FOLLOWING;
  }
}
