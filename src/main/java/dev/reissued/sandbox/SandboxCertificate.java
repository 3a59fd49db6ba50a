package dev.reissued.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A certificate as the sandbox holds it. {@code issueAt} is set while a re-issued certificate waits
 * for validation: the sandbox turns it into an issued one when its clock reaches that instant, on
 * the next read. {@code rawOverrides} replace fields of the rendered JSON verbatim, so tests can
 * serve the odd values real responses contain ({@code "--"}, a number as a string). {@code boundTo}
 * seeds cloud resources that hold the certificate when it enters a sandbox; from then on the
 * sandbox's {@link SandboxCloud} tracks what each resource holds, and the stored certificate's list
 * is empty.
 */
public record SandboxCertificate(
    String id,
    String domain,
    List<String> subjectAltNames,
    String alias,
    int status,
    String statusMsg,
    String from,
    String packageType,
    String packageTypeName,
    String encryptAlgorithm,
    String certificateType,
    String verifyType,
    Instant notBefore,
    Instant notAfter,
    Instant insertTime,
    String projectId,
    String replacedBy,
    String replacedFor,
    String originCertificateId,
    Instant issueAt,
    KeyMaterial material,
    Map<String, Object> rawOverrides,
    List<SandboxResource> boundTo) {
  public static final int STATUS_REVIEWING = 0;
  public static final int STATUS_ISSUED = 1;
  public static final int STATUS_EXPIRED = 3;
  public static final String FREE_PACKAGE = "83";

  public SandboxCertificate {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a sandbox certificate needs an id");
    }
    subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
    material = material == null ? KeyMaterial.NONE : material;
    rawOverrides =
        rawOverrides == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(rawOverrides));
    boundTo = boundTo == null ? List.of() : List.copyOf(boundTo);
  }

  public boolean isFree() {
    return "2".equals(packageType) || "83".equals(packageType);
  }

  public boolean isUploaded() {
    return "upload".equalsIgnoreCase(from) || packageType == null;
  }

  /** Every name the certificate covers: the domain first, then the other SANs. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    if (domain != null) {
      names.add(domain);
    }
    for (String name : subjectAltNames) {
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * A builder starting from a free (PackageType 83), issued, RSA 2048 certificate for one name; set
   * its validity.
   */
  public static Builder builder(String id, String domain) {
    return new Builder(id, domain);
  }

  public Builder toBuilder() {
    Builder builder = new Builder(id, domain);
    builder.subjectAltNames = subjectAltNames;
    builder.alias = alias;
    builder.status = status;
    builder.statusMsg = statusMsg;
    builder.from = from;
    builder.packageType = packageType;
    builder.packageTypeName = packageTypeName;
    builder.encryptAlgorithm = encryptAlgorithm;
    builder.certificateType = certificateType;
    builder.verifyType = verifyType;
    builder.notBefore = notBefore;
    builder.notAfter = notAfter;
    builder.insertTime = insertTime;
    builder.projectId = projectId;
    builder.replacedBy = replacedBy;
    builder.replacedFor = replacedFor;
    builder.originCertificateId = originCertificateId;
    builder.issueAt = issueAt;
    builder.material = material;
    builder.rawOverrides = rawOverrides;
    builder.boundTo = boundTo;
    return builder;
  }

  /** Fluent construction with the sample inventory's defaults. */
  public static final class Builder {
    private final String id;
    private final String domain;
    private List<String> subjectAltNames;
    private String alias;
    private int status = STATUS_ISSUED;
    private String statusMsg;
    private String from = "trustasia";
    private String packageType = FREE_PACKAGE;
    private String packageTypeName = "TrustAsia C1 DV Free";
    private String encryptAlgorithm = "RSA 2048";
    private String certificateType = "SVR";
    private String verifyType = "DNS_AUTO";
    private Instant notBefore;
    private Instant notAfter;
    private Instant insertTime;
    private String projectId = "0";
    private String replacedBy;
    private String replacedFor;
    private String originCertificateId;
    private Instant issueAt;
    private KeyMaterial material = KeyMaterial.NONE;
    private Map<String, Object> rawOverrides = Map.of();
    private List<SandboxResource> boundTo = List.of();

    private Builder(String id, String domain) {
      this.id = id;
      this.domain = domain;
      this.subjectAltNames = domain == null ? List.of() : List.of(domain);
    }

    public Builder subjectAltNames(List<String> names) {
      this.subjectAltNames = names;
      return this;
    }

    public Builder alias(String newAlias) {
      this.alias = newAlias;
      return this;
    }

    public Builder status(int newStatus) {
      this.status = newStatus;
      return this;
    }

    public Builder statusMsg(String newStatusMsg) {
      this.statusMsg = newStatusMsg;
      return this;
    }

    public Builder from(String newFrom) {
      this.from = newFrom;
      return this;
    }

    /** A paid product: PackageType "1" (an OV certificate) unless another is given. */
    public Builder paid() {
      this.packageType = "1";
      this.packageTypeName = "GeoTrust OV";
      return this;
    }

    /** Uploaded by the user: no package, From "upload". */
    public Builder uploaded() {
      this.from = "upload";
      this.packageType = null;
      this.packageTypeName = null;
      return this;
    }

    public Builder packageType(String newPackageType, String newPackageTypeName) {
      this.packageType = newPackageType;
      this.packageTypeName = newPackageTypeName;
      return this;
    }

    public Builder encryptAlgorithm(String newEncryptAlgorithm) {
      this.encryptAlgorithm = newEncryptAlgorithm;
      return this;
    }

    public Builder certificateType(String newCertificateType) {
      this.certificateType = newCertificateType;
      return this;
    }

    public Builder verifyType(String newVerifyType) {
      this.verifyType = newVerifyType;
      return this;
    }

    public Builder validity(Instant newNotBefore, Instant newNotAfter) {
      this.notBefore = newNotBefore;
      this.notAfter = newNotAfter;
      return this;
    }

    public Builder insertTime(Instant newInsertTime) {
      this.insertTime = newInsertTime;
      return this;
    }

    public Builder projectId(String newProjectId) {
      this.projectId = newProjectId;
      return this;
    }

    public Builder lineage(String newReplacedBy, String newReplacedFor, String newOrigin) {
      this.replacedBy = newReplacedBy;
      this.replacedFor = newReplacedFor;
      this.originCertificateId = newOrigin;
      return this;
    }

    public Builder issueAt(Instant newIssueAt) {
      this.issueAt = newIssueAt;
      return this;
    }

    public Builder material(KeyMaterial newMaterial) {
      this.material = newMaterial;
      return this;
    }

    /** Serve these JSON values verbatim in place of the rendered ones. */
    public Builder rawOverrides(Map<String, Object> overrides) {
      this.rawOverrides = overrides;
      return this;
    }

    /** Cloud resources holding this certificate when it enters a sandbox. */
    public Builder boundTo(SandboxResource... resources) {
      return boundTo(List.of(resources));
    }

    public Builder boundTo(List<SandboxResource> resources) {
      this.boundTo = resources;
      return this;
    }

    public SandboxCertificate build() {
      return new SandboxCertificate(
          id,
          domain,
          subjectAltNames,
          alias,
          status,
          statusMsg,
          from,
          packageType,
          packageTypeName,
          encryptAlgorithm,
          certificateType,
          verifyType,
          notBefore,
          notAfter,
          insertTime,
          projectId,
          replacedBy,
          replacedFor,
          originCertificateId,
          issueAt,
          material,
          rawOverrides,
          boundTo);
    }
  }
}
