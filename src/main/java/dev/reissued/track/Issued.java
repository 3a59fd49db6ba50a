package dev.reissued.track;

import dev.reissued.config.CsrType;
import java.util.List;

/**
 * A re-issue whose new certificate Tencent has issued: what tracking hands on to delivery, with
 * what delivery needs to check it against the ask (the original's names, how the key was made).
 */
public record Issued(
    long reissueId,
    String account,
    String oldCertificateId,
    String newCertificateId,
    CsrType csrType,
    String domain,
    List<String> altNames) {}
