package dev.reissued.tencent;

/**
 * DescribeCertificateDetail's answer: the certificate, and the validation records while it is
 * pending DNS or FILE validation (null otherwise).
 */
public record CertificateDetail(
    Certificate certificate, DvAuthDetail dvAuthDetail, String requestId) {}
