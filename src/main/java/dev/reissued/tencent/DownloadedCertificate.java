package dev.reissued.tencent;

/**
 * DownloadCertificate's answer: the decoded archive (a ZIP with a folder per server type). The
 * archive may hold a private key, so {@link #toString()} shows only its size.
 */
public record DownloadedCertificate(
    String certificateId, byte[] content, String contentType, String requestId) {
  public DownloadedCertificate {
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DownloadedCertificate that
        && java.util.Objects.equals(certificateId, that.certificateId)
        && java.util.Arrays.equals(content, that.content)
        && java.util.Objects.equals(contentType, that.contentType)
        && java.util.Objects.equals(requestId, that.requestId);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(certificateId, java.util.Arrays.hashCode(content), contentType);
  }

  @Override
  public String toString() {
    return "DownloadedCertificate[certificateId="
        + certificateId
        + ", "
        + content.length
        + " bytes of "
        + contentType
        + ", requestId="
        + requestId
        + "]";
  }
}
