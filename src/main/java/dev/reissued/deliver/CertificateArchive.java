package dev.reissued.deliver;

import dev.reissued.Printable;
import dev.reissued.keys.PemBlocks;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a DownloadCertificate archive holds, found without trusting its layout. The layout is not
 * documented: Tencent ships a folder per server type ({@code <domain>_nginx/<domain>_bundle.crt},
 * {@code <domain>_apache/root_bundle.crt}, ...) with the same certificates several times over. So
 * every entry, in any folder and under any name, is scanned for PEM blocks; certificates are parsed
 * and kept once each, private keys are kept as PEM text for the caller to open. Binary entries
 * (JKS, PFX) hold no PEM and are passed over. Content that is not a ZIP but PEM text is read as one
 * entry.
 *
 * <p>Everything is bounded, so a broken or hostile archive (a zip bomb, a block that never ends)
 * cannot exhaust memory or CPU: at most {@value #MAX_ARCHIVE_BYTES} bytes as downloaded, {@value
 * #MAX_ENTRIES} entries, {@value #MAX_ENTRY_BYTES} bytes per entry and {@value #MAX_TOTAL_BYTES}
 * bytes in all once inflated, scanned in linear time ({@link PemBlocks}) for at most {@value
 * #MAX_PEM_BLOCKS} PEM blocks, of which at most {@value #MAX_CERTIFICATES} distinct certificates
 * and {@value #MAX_KEYS} distinct private keys. Tencent's archives hold a few dozen blocks of three
 * or four certificates and one key, so the bounds only ever stop an archive that is not one. {@link
 * ZipEntries} inflates within the bounds, {@link PemCertificates} parses what it finds.
 */
public final class CertificateArchive {
  static final int MAX_ARCHIVE_BYTES = 8 * 1024 * 1024;
  static final int MAX_ENTRIES = ZipEntries.MAX_ENTRIES;
  static final int MAX_ENTRY_BYTES = ZipEntries.MAX_ENTRY_BYTES;
  static final long MAX_TOTAL_BYTES = ZipEntries.MAX_TOTAL_BYTES;
  static final int MAX_PEM_BLOCKS = 256;
  static final int MAX_CERTIFICATES = 32;
  static final int MAX_KEYS = 4;
  private static final int NAMES_IN_MESSAGES = 20;
  private static final int NAME_LENGTH = 120;
  private static final Set<String> KEY_LABELS =
      Set.of("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY");

  private final String certificateId;
  private final List<String> entries;
  private final List<X509Certificate> certificates;
  private final List<KeyBlock> keys;
  private final int unreadableCertificates;
  private final int unclosedBlocks;

  private CertificateArchive(
      String certificateId,
      List<String> entries,
      List<X509Certificate> certificates,
      List<KeyBlock> keys,
      int unreadableCertificates,
      int unclosedBlocks) {
    this.certificateId = certificateId;
    this.entries = List.copyOf(entries);
    this.certificates = List.copyOf(certificates);
    this.keys = List.copyOf(keys);
    this.unreadableCertificates = unreadableCertificates;
    this.unclosedBlocks = unclosedBlocks;
  }

  /**
   * A private key block as found in the archive: its entry, its PEM label and the whole block
   * (headers included, which the traditional {@code Proc-Type: 4,ENCRYPTED} form needs). May be
   * unencrypted, so {@link #toString()} shows neither the text nor its length.
   */
  public record KeyBlock(String entry, String label, String pem) {
    @Override
    public String toString() {
      return "KeyBlock[entry=" + entry + ", label=" + label + ", pem=<masked>]";
    }
  }

  /** Reads the archive of certificate {@code certificateId} (named in error messages). */
  public static CertificateArchive read(String certificateId, byte[] content) {
    if (content == null || content.length == 0) {
      throw new DeployException("archive of certificate " + certificateId + " is empty");
    }
    if (content.length > MAX_ARCHIVE_BYTES) {
      throw new DeployException(
          "archive of certificate "
              + certificateId
              + " is "
              + content.length
              + " bytes; at most "
              + MAX_ARCHIVE_BYTES
              + " are read");
    }
    Map<String, byte[]> texts = ZipEntries.inflate(certificateId, content);
    if (texts.isEmpty() && looksLikePem(content)) {
      texts.put("(content, not a ZIP)", content);
    }
    Map<String, X509Certificate> certificates = new LinkedHashMap<>();
    Map<String, KeyBlock> keys = new LinkedHashMap<>();
    int unreadable = 0;
    int unclosed = 0;
    int blocksLeft = MAX_PEM_BLOCKS;
    for (Map.Entry<String, byte[]> entry : texts.entrySet()) {
      // ISO-8859-1 maps every byte to one char, so binary entries decode without error and
      // PEM (ASCII) is found wherever it is.
      PemBlocks.Scan scan =
          PemBlocks.scan(new String(entry.getValue(), StandardCharsets.ISO_8859_1), blocksLeft);
      if (scan.exceeded()) {
        throw new DeployException(
            "archive of certificate "
                + certificateId
                + " holds more than "
                + MAX_PEM_BLOCKS
                + " PEM blocks (the limit was reached in entry "
                + Printable.escape(entry.getKey(), NAME_LENGTH)
                + "); a certificate archive holds a few dozen");
      }
      blocksLeft -= scan.markers();
      unclosed += scan.unclosed();
      for (PemBlocks.Block block : scan.blocks()) {
        if (PemCertificates.LABELS.contains(block.label())) {
          X509Certificate certificate = PemCertificates.parse(block.body());
          if (certificate == null) {
            unreadable++;
          } else {
            certificates.putIfAbsent(
                HexFormat.of().formatHex(PemCertificates.encoded(certificate)), certificate);
            requireAtMost(certificateId, certificates.size(), MAX_CERTIFICATES, "certificates");
          }
        } else if (KEY_LABELS.contains(block.label())) {
          keys.putIfAbsent(block.pem(), new KeyBlock(entry.getKey(), block.label(), block.pem()));
          requireAtMost(certificateId, keys.size(), MAX_KEYS, "private keys");
        }
      }
    }
    return new CertificateArchive(
        certificateId,
        new ArrayList<>(texts.keySet()),
        new ArrayList<>(certificates.values()),
        new ArrayList<>(keys.values()),
        unreadable,
        unclosed);
  }

  private static void requireAtMost(String certificateId, int count, int limit, String what) {
    if (count > limit) {
      throw new DeployException(
          "archive of certificate "
              + certificateId
              + " holds more than "
              + limit
              + " distinct "
              + what
              + "; a certificate archive holds a few");
    }
  }

  public String certificateId() {
    return certificateId;
  }

  /** Every entry's name, in archive order (folders excluded). */
  public List<String> entries() {
    return entries;
  }

  /** Every distinct certificate found, in the order first seen. */
  public List<X509Certificate> certificates() {
    return certificates;
  }

  /** Every distinct private key block found, in the order first seen. */
  public List<KeyBlock> keys() {
    return keys;
  }

  /** CERTIFICATE blocks that did not parse (counted, for error messages). */
  public int unreadableCertificates() {
    return unreadableCertificates;
  }

  /** PEM blocks that began and never ended (counted, for error messages). */
  public int unclosedBlocks() {
    return unclosedBlocks;
  }

  /** The entry names for a message: printable, and only the first few of many. */
  public String describeEntries() {
    if (entries.isEmpty()) {
      return "(no entries)";
    }
    List<String> shown = new ArrayList<>();
    for (String entry : entries.subList(0, Math.min(entries.size(), NAMES_IN_MESSAGES))) {
      shown.add(Printable.escape(entry, NAME_LENGTH));
    }
    String listed = String.join(", ", shown);
    return entries.size() > NAMES_IN_MESSAGES
        ? listed + " and " + (entries.size() - NAMES_IN_MESSAGES) + " more"
        : listed;
  }

  @Override
  public String toString() {
    return "CertificateArchive[certificate="
        + certificateId
        + ", "
        + entries.size()
        + " entries, "
        + certificates.size()
        + " certificates, "
        + keys.size()
        + " keys]";
  }

  private static boolean looksLikePem(byte[] content) {
    return new String(content, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
  }
}
