package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reissued.ReissuedException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox's state on disk, so a sandbox can be stopped and started again with the same CA,
 * certificates, cloud resources and move tasks. Written to a temporary file beside the target and
 * moved over it, so a crash never leaves half a file.
 */
final class SandboxStateFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int FORMAT = 1;

  /**
   * What a state file holds. Certificates made by ApplyCertificate are certificates like any other;
   * the quota they used is kept beside them (absent from files written before there was one: none
   * used), and so are the cloud resources and their moves.
   */
  record State(
      SandboxCa ca,
      List<SandboxCertificate> certificates,
      FreeQuota.Usage quotaUsage,
      SandboxCloud.State cloud) {}

  private SandboxStateFile() {}

  static State load(Path file) {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (root == null || root.path("format").asInt() != FORMAT) {
        throw new ReissuedException(file + " is not a sandbox state file (format " + FORMAT + ")");
      }
      JsonNode ca = root.path("ca");
      SandboxCa sandboxCa =
          SandboxCa.fromPem(
              ca.path("root").asText(),
              ca.path("rootKey").asText(),
              ca.path("intermediate").asText(),
              ca.path("intermediateKey").asText());
      List<SandboxCertificate> certificates = new ArrayList<>();
      for (JsonNode node : root.path("certificates")) {
        certificates.add(certificate(node));
      }
      Map<String, Integer> byMainDomain = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry :
          root.path("quota").path("byMainDomain").properties()) {
        byMainDomain.put(entry.getKey(), entry.getValue().asInt());
      }
      return new State(
          sandboxCa,
          certificates,
          new FreeQuota.Usage(root.path("quota").path("used").asInt(0), byMainDomain),
          CloudStateJson.state(root.path("cloud")));
    } catch (IOException | IllegalArgumentException e) {
      throw new ReissuedException("cannot read sandbox state " + file + ": " + e.getMessage(), e);
    }
  }

  static void save(
      Path file,
      SandboxCa ca,
      List<SandboxCertificate> certificates,
      FreeQuota.Usage usage,
      SandboxCloud.State cloud) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode caNode = root.putObject("ca");
    caNode.put("root", ca.rootPem());
    caNode.put("rootKey", ca.rootKeyPem());
    caNode.put("intermediate", ca.intermediatePem());
    caNode.put("intermediateKey", ca.intermediateKeyPem());
    ArrayNode array = root.putArray("certificates");
    certificates.forEach(certificate -> array.add(node(certificate)));
    ObjectNode quota = root.putObject("quota");
    quota.put("used", usage.used());
    quota.set("byMainDomain", JSON.valueToTree(new TreeMap<>(usage.byMainDomain())));
    root.set("cloud", CloudStateJson.node(cloud));
    Path absolute = file.toAbsolutePath();
    try {
      Path directory = absolute.getParent();
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, absolute.getFileName() + ".", ".tmp");
      try {
        JSON.writeValue(temporary.toFile(), root);
        try {
          Files.move(
              temporary,
              absolute,
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new ReissuedException("cannot write sandbox state " + file + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode node(SandboxCertificate certificate) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", certificate.id());
    node.put("domain", certificate.domain());
    ArrayNode sans = node.putArray("subjectAltNames");
    certificate.subjectAltNames().forEach(sans::add);
    node.put("alias", certificate.alias());
    node.put("status", certificate.status());
    node.put("statusMsg", certificate.statusMsg());
    node.put("from", certificate.from());
    node.put("packageType", certificate.packageType());
    node.put("packageTypeName", certificate.packageTypeName());
    node.put("encryptAlgorithm", certificate.encryptAlgorithm());
    node.put("certificateType", certificate.certificateType());
    node.put("verifyType", certificate.verifyType());
    node.put("notBefore", text(certificate.notBefore()));
    node.put("notAfter", text(certificate.notAfter()));
    node.put("insertTime", text(certificate.insertTime()));
    node.put("projectId", certificate.projectId());
    node.put("replacedBy", certificate.replacedBy());
    node.put("replacedFor", certificate.replacedFor());
    node.put("originCertificateId", certificate.originCertificateId());
    node.put("issueAt", text(certificate.issueAt()));
    KeyMaterial material = certificate.material();
    node.put("csrPem", material.csrPem());
    node.put("publicKeyPem", material.publicKeyPem());
    node.put("keyPem", material.keyPem());
    node.put("certificatePem", material.certificatePem());
    node.set("rawOverrides", JSON.valueToTree(certificate.rawOverrides()));
    return node;
  }

  private static SandboxCertificate certificate(JsonNode node) {
    List<String> sans = new ArrayList<>();
    node.path("subjectAltNames").forEach(name -> sans.add(name.asText()));
    Map<String, Object> overrides = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.path("rawOverrides").properties()) {
      overrides.put(entry.getKey(), JSON.convertValue(entry.getValue(), Object.class));
    }
    return new SandboxCertificate(
        node.path("id").asText(),
        string(node, "domain"),
        sans,
        string(node, "alias"),
        node.path("status").asInt(),
        string(node, "statusMsg"),
        string(node, "from"),
        string(node, "packageType"),
        string(node, "packageTypeName"),
        string(node, "encryptAlgorithm"),
        string(node, "certificateType"),
        string(node, "verifyType"),
        instant(node, "notBefore"),
        instant(node, "notAfter"),
        instant(node, "insertTime"),
        string(node, "projectId"),
        string(node, "replacedBy"),
        string(node, "replacedFor"),
        string(node, "originCertificateId"),
        instant(node, "issueAt"),
        new KeyMaterial(
            string(node, "csrPem"),
            string(node, "publicKeyPem"),
            string(node, "keyPem"),
            string(node, "certificatePem")),
        overrides,
        List.of());
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String string(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Instant instant(JsonNode node, String field) {
    String value = string(node, field);
    return value == null ? null : Instant.parse(value);
  }
}
