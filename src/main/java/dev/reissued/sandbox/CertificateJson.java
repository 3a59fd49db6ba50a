package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reissued.tencent.TencentTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Renders sandbox certificates in the exact JSON shape of the SSL API. */
final class CertificateJson {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EXPIRING = Duration.ofDays(30);

  private CertificateJson() {}

  static ObjectNode listItem(SandboxCertificate certificate, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    boolean uploaded = certificate.isUploaded();
    boolean expiring =
        certificate.status() == SandboxCertificate.STATUS_ISSUED
            && certificate.notAfter() != null
            && certificate.notAfter().isBefore(now.plus(EXPIRING));
    node.put("OwnerUin", "100000000001");
    node.put("ProjectId", certificate.projectId());
    node.put("From", certificate.from());
    node.put("PackageType", certificate.packageType());
    node.put("CertificateType", certificate.certificateType());
    node.put("ProductZhName", certificate.packageTypeName());
    node.put("PackageTypeName", certificate.packageTypeName());
    node.put("Domain", certificate.domain());
    node.put("Alias", certificate.alias() == null ? "" : certificate.alias());
    node.put("Status", certificate.status());
    node.put("StatusName", statusName(certificate.status()));
    node.put("StatusMsg", certificate.statusMsg());
    node.put("VerifyType", certificate.verifyType());
    node.put("EncryptAlgorithm", certificate.encryptAlgorithm());
    node.put("CertificateId", certificate.id());
    node.put("ValidityPeriod", certificate.isFree() ? "3" : "12");
    node.put("InsertTime", time(certificate.insertTime()));
    node.put("CertBeginTime", time(certificate.notBefore()));
    node.put("CertEndTime", time(certificate.notAfter()));
    ArrayNode sans = node.putArray("SubjectAltName");
    certificate.subjectAltNames().forEach(sans::add);
    node.put("IsVip", false);
    node.put("IsWildcard", certificate.domain() != null && certificate.domain().startsWith("*."));
    node.put(
        "IsDv",
        !uploaded
            && (certificate.isFree()
                || certificate.packageTypeName() == null
                || certificate.packageTypeName().contains("DV")));
    node.put("IsExpiring", expiring);
    node.put("RenewAble", expiring && !uploaded);
    node.put("AllowDownload", certificate.status() == SandboxCertificate.STATUS_ISSUED);
    node.put("Deployable", certificate.status() == SandboxCertificate.STATUS_ISSUED);
    node.putArray("Tags");
    node.put("IsIgnore", false);
    ObjectNode extra = node.putObject("CertificateExtra");
    extra.put("DomainNumber", String.valueOf(Math.max(1, certificate.names().size())));
    extra.put("OriginCertificateId", certificate.originCertificateId());
    extra.put("ReplacedBy", certificate.replacedBy());
    extra.put("ReplacedFor", certificate.replacedFor());
    extra.putNull("RenewOrder");
    extra.put("SMCert", 0);
    extra.put("CompanyType", 0);
    for (Map.Entry<String, Object> override : certificate.rawOverrides().entrySet()) {
      node.set(override.getKey(), JSON.valueToTree(override.getValue()));
    }
    return node;
  }

  /**
   * DescribeCertificateDetail: the list fields, the key once issued when Tencent made it (as the
   * archive ships it), and what DNS or FILE validation needs.
   */
  static ObjectNode detail(SandboxCertificate certificate, Instant now) {
    ObjectNode node = listItem(certificate, now);
    if (certificate.status() == SandboxCertificate.STATUS_ISSUED
        && certificate.material().keyPem() != null) {
      node.put("CertificatePrivateKey", certificate.material().keyPem());
    }
    boolean pending = certificate.status() == SandboxCertificate.STATUS_REVIEWING;
    String verifyType = certificate.verifyType();
    if (!pending || !("DNS".equals(verifyType) || "FILE".equals(verifyType))) {
      node.putNull("DvAuthDetail");
      return node;
    }
    String value = dvAuthValue(certificate);
    ObjectNode detail = node.putObject("DvAuthDetail");
    ArrayNode auths = detail.putArray("DvAuths");
    String first = null;
    for (String name : certificate.names()) {
      String bare = name.startsWith("*.") ? name.substring(2) : name;
      String root = registrable(bare);
      String sub = bare.equals(root) ? "" : bare.substring(0, bare.length() - root.length() - 1);
      ObjectNode auth = auths.addObject();
      if ("DNS".equals(verifyType)) {
        String key = sub.isEmpty() ? "_dnsauth" : "_dnsauth." + sub;
        auth.put("DvAuthKey", key);
        auth.put("DvAuthValue", value);
        auth.put("DvAuthDomain", root);
        auth.put("DvAuthPath", "");
        auth.put("DvAuthSubDomain", key);
        auth.put("DvAuthVerifyType", "DNS");
      } else {
        auth.put("DvAuthKey", "fileauth.txt");
        auth.put("DvAuthValue", value);
        auth.put("DvAuthDomain", bare);
        auth.put("DvAuthPath", "/.well-known/pki-validation/");
        auth.put("DvAuthSubDomain", "");
        auth.put("DvAuthVerifyType", "FILE");
      }
      if (first == null) {
        first = root;
        detail.put("DvAuthKey", auth.get("DvAuthKey").asText());
        detail.put("DvAuthValue", value);
        detail.put("DvAuthDomain", auth.get("DvAuthDomain").asText());
        detail.put("DvAuthPath", auth.get("DvAuthPath").asText());
        detail.put("DvAuthKeySubDomain", sub);
      }
    }
    return node;
  }

  /** The value to publish (TXT record or file content): fixed per certificate. */
  static String dvAuthValue(SandboxCertificate certificate) {
    return Tc3Verifier.sha256Hex(("dv:" + certificate.id()).getBytes(StandardCharsets.UTF_8))
        .substring(0, 32);
  }

  static String statusName(int status) {
    switch (status) {
      case 0:
        return "reviewing";
      case 1:
        return "issued";
      case 2:
        return "review failed";
      case 3:
        return "expired";
      case 7:
        return "cancelled";
      case 10:
        return "revoked";
      default:
        return "status " + status;
    }
  }

  private static String time(Instant instant) {
    return instant == null ? null : TencentTime.format(instant);
  }

  /** The last two labels: enough for the sandbox's made-up domains. */
  static String registrable(String name) {
    String[] labels = name.split("\\.");
    return labels.length <= 2 ? name : labels[labels.length - 2] + "." + labels[labels.length - 1];
  }
}
