package dev.reissued.renewal;

import dev.reissued.tencent.ApplyActions;
import dev.reissued.tencent.ApplyCertificateRequest;
import dev.reissued.tencent.ReplaceCertificateRequest;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.Turn;

/**
 * A claimed ledger row with its request built and its secrets sealed and stored: ready to send.
 * Exactly one of {@code replace} and {@code apply} is set, as the decision's action says.
 */
record PreparedRequest(
    long reissueId,
    Decision decision,
    ReplaceCertificateRequest replace,
    ApplyCertificateRequest apply) {

  /** What the API answered: the new certificate's id. */
  record Answer(String certificateId, String requestId) {}

  /** Sends the request in the turn taken for it; the API's answer, or its exception. */
  Answer send(TencentClient client, Turn turn) {
    if (apply != null) {
      var answer = new ApplyActions(client).applyCertificate(apply, turn);
      return new Answer(answer.certificateId(), answer.requestId());
    }
    var answer = client.replaceCertificate(replace, turn);
    return new Answer(answer.certificateId(), answer.requestId());
  }

  /** Never the request itself: it may hold a CsrKeyPassword. */
  @Override
  public String toString() {
    return "PreparedRequest["
        + reissueId
        + ", "
        + decision.action().sql()
        + " "
        + decision.certificate().certificateId()
        + "]";
  }
}
