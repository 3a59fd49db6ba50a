package dev.reissued.tencent;

/** The re-issue was accepted: {@code certificateId} is the new certificate's id. */
public record ReplaceCertificateResponse(String certificateId, String requestId) {}
