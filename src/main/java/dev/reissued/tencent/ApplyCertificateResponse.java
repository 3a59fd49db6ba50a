package dev.reissued.tencent;

/** The application was accepted: {@code certificateId} is the new certificate's id. */
public record ApplyCertificateResponse(String certificateId, String requestId) {}
