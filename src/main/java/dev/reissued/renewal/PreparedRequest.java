package dev.reissued.renewal;

import dev.reissued.tencent.ReplaceCertificateRequest;

/** A claimed ledger row with its request built and its secrets sealed and stored: ready to send. */
record PreparedRequest(long reissueId, Decision decision, ReplaceCertificateRequest request) {
  @Override
  public String toString() {
    return "PreparedRequest[" + reissueId + ", " + decision.certificate().certificateId() + "]";
  }
}
