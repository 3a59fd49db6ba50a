package dev.reissued.tencent;

import java.util.List;

/** What DescribeCertificateDetail says must be published to pass domain validation. */
public record DvAuthDetail(
    String dvAuthKey,
    String dvAuthValue,
    String dvAuthDomain,
    String dvAuthPath,
    String dvAuthKeySubDomain,
    List<DvAuth> dvAuths) {
  public DvAuthDetail {
    dvAuths = dvAuths == null ? List.of() : List.copyOf(dvAuths);
  }
}
