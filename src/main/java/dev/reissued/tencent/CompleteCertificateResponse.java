package dev.reissued.tencent;

/**
 * CompleteCertificate was taken: the CA checks the certificate's validation now. It says nothing
 * about the result; read the certificate (or CheckCertificateDomainVerification) for that.
 */
public record CompleteCertificateResponse(String certificateId, String requestId) {}
