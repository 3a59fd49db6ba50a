package dev.reissued.tencent;

import java.util.Arrays;
import java.util.Objects;

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
        && Objects.equals(certificateId, that.certificateId)
        && Arrays.equals(content, that.content)
        && Objects.equals(contentType, that.contentType)
        && Objects.equals(requestId, that.requestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(certificateId, Arrays.hashCode(content), contentType);
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
