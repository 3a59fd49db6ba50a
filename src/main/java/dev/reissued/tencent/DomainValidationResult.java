package dev.reissued.tencent;

import java.util.List;

/**
 * One domain's entry in CheckCertificateDomainVerification's {@code VerificationResults}: what
 * Tencent's own check found ({@code LocalCheck}) and what the CA's found ({@code CaCheck}). Fields
 * the answer left out or sent unreadable are null.
 */
public record DomainValidationResult(
    String domain,
    String verifyType,
    Long localCheck,
    Long caCheck,
    String localCheckFailReason,
    List<String> checkValue,
    Boolean frequently,
    Boolean issued) {
  /** {@code LocalCheck} 1: Tencent found the record or file as it must be. */
  public static final long LOCAL_CHECK_PASSED = 1;

  /** {@code CaCheck} 2: the CA found it too (-1: not yet). */
  public static final long CA_CHECK_PASSED = 2;

  public DomainValidationResult {
    checkValue = checkValue == null ? List.of() : List.copyOf(checkValue);
  }

  public boolean localCheckPassed() {
    return localCheck != null && localCheck == LOCAL_CHECK_PASSED;
  }

  public boolean caCheckPassed() {
    return caCheck != null && caCheck == CA_CHECK_PASSED;
  }

  /** {@link #localCheck} in words, e.g. "TXT record not found (or the check was rate-limited)". */
  public String localCheckExplained() {
    return explainLocalCheck(localCheck);
  }

  /**
   * A {@code LocalCheck} code in words, per the API's documentation; the NS and file codes come in
   * two numbers each (-3/-8, -4/-9, -5/-10) that the documentation does not tell apart.
   */
  public static String explainLocalCheck(Long code) {
    if (code == null) {
      return "no readable LocalCheck in the answer";
    }
    return switch (code.intValue() == code ? code.intValue() : Integer.MIN_VALUE) {
      case 1 -> "the record is in place";
      case -1 -> "TXT record not found (or the check was rate-limited)";
      case -2 -> "TXT record does not match";
      case -3, -8 -> "NS record not found";
      case -4, -9 -> "validation file not found";
      case -5, -10 -> "validation file does not match";
      case -6 -> "CNAME record not found";
      case -7 -> "CNAME record does not match";
      default -> "unknown LocalCheck code " + code;
    };
  }
}
