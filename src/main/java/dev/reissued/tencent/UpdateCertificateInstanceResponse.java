package dev.reissued.tencent;

import java.util.List;

/**
 * UpdateCertificateInstance's answer. {@code deployRecordId} 0 means the task is still being
 * created: call again, after a pause, until it is above 0. {@code deployStatus} 1 means this call
 * created the task, 0 that one for this pair was already running and {@code deployRecordId} is that
 * one's (null when the answer left it out).
 */
public record UpdateCertificateInstanceResponse(
    long deployRecordId, Long deployStatus, List<UpdateSyncProgress> progress, String requestId) {
  public UpdateCertificateInstanceResponse {
    progress = List.copyOf(progress);
  }

  /** The task is not created yet: no record id to store, ask again. */
  public boolean beingCreated() {
    return deployRecordId == 0;
  }

  /** A task for the pair already ran, and this is its id: follow it, nothing new was started. */
  public boolean adoptedRunning() {
    return deployRecordId > 0 && deployStatus != null && deployStatus == 0;
  }
}
