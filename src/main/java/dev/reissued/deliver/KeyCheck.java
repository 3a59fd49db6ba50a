package dev.reissued.deliver;

import dev.reissued.deliver.DeliveryLedger.Checked;
import dev.reissued.deliver.DeliveryLedger.Undelivered;
import dev.reissued.keys.KeyException;
import dev.reissued.keys.Pem;
import dev.reissued.keys.SealedBox;
import dev.reissued.keys.Sealer;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a downloaded certificate against what was asked, by how its key was made: the names of the
 * original always; for {@code Upload} the sealed local key; for {@code Online} the archive's key,
 * opened with the sealed CsrkeyPassword and then sealed in turn; for {@code Original} the
 * original's key, which reissued holds only when the archive ships it.
 */
final class KeyCheck {
  private static final Logger log = LoggerFactory.getLogger(KeyCheck.class);

  private final DeliveryLedger ledger;
  private final KeyVault keys;
  private final Sealer sealer;

  KeyCheck(DeliveryLedger ledger, KeyVault keys, Sealer sealer) {
    this.ledger = ledger;
    this.keys = keys;
    this.sealer = sealer;
  }

  /**
   * The certificate against what was asked; for Online, the archive's key opened, checked and
   * sealed.
   */
  Checked check(Undelivered row, CertificateArchive archive) {
    List<String> asked = new ArrayList<>();
    asked.add(row.domain());
    row.altNames().stream().filter(name -> !asked.contains(name)).forEach(asked::add);
    String binding = SealedBox.rowBinding(row.reissueId(), SealedBox.PRIVATE_KEY);
    switch (row.csrType()) {
      case Upload -> {
        PrivateKey local =
            keys.openKey(row.reissueId(), "the sealed key of re-issue row " + row.reissueId());
        IssuedCertificate certificate =
            IssuedCertificate.find(archive, row.domain(), Optional.of(local));
        certificate.requireNames(asked);
        certificate.requireKey(local, "the key made here for re-issue row " + row.reissueId());
        return new Checked(certificate, KeySource.LOCAL, Optional.empty(), null);
      }
      case Online -> {
        IssuedCertificate certificate =
            IssuedCertificate.find(archive, row.domain(), Optional.empty());
        certificate.requireNames(asked);
        SealedBox sealedPassword =
            ledger
                .sealedPassword(row.reissueId())
                .orElseThrow(
                    () ->
                        new DeployException(
                            "re-issue row " + row.reissueId() + " has no sealed CsrkeyPassword"));
        char[] password =
            sealer.openPassword(
                sealedPassword, SealedBox.rowBinding(row.reissueId(), SealedBox.CSR_KEY_PASSWORD));
        try {
          PrivateKey key =
              matchingKey(archive, certificate, password)
                  .orElseThrow(
                      () ->
                          new DeployException(
                              "archive of certificate "
                                  + row.certificateId()
                                  + " holds "
                                  + (archive.keys().isEmpty()
                                      ? "no private key"
                                      : archive.keys().size()
                                          + " private key(s), none of which opens with the"
                                          + " sealed CsrkeyPassword and matches the certificate")
                                  + "; entries "
                                  + archive.describeEntries()));
          byte[] encoded = key.getEncoded();
          try {
            return new Checked(
                certificate, KeySource.TENCENT, Optional.of(sealer.seal(encoded, binding)), null);
          } finally {
            Arrays.fill(encoded, (byte) 0);
          }
        } finally {
          Arrays.fill(password, '\0');
        }
      }
      default -> {
        IssuedCertificate certificate =
            IssuedCertificate.find(archive, row.domain(), Optional.empty());
        certificate.requireNames(asked);
        // The original CSR's key is the original certificate's; the archive may still ship it
        // unencrypted (when Tencent made it), and then it is as good as an Online key.
        Optional<PrivateKey> shipped = matchingKey(archive, certificate, null);
        if (shipped.isPresent()) {
          byte[] encoded = shipped.get().getEncoded();
          try {
            return new Checked(
                certificate,
                KeySource.TENCENT,
                Optional.of(sealer.seal(encoded, binding)),
                "CsrType Original; the archive shipped the key");
          } finally {
            Arrays.fill(encoded, (byte) 0);
          }
        }
        return new Checked(
            certificate,
            KeySource.NONE,
            Optional.empty(),
            "no private key: CsrType Original keeps the original certificate's key, which reissued"
                + " does not hold");
      }
    }
  }

  private static Optional<PrivateKey> matchingKey(
      CertificateArchive archive, IssuedCertificate certificate, char[] password) {
    for (CertificateArchive.KeyBlock block : archive.keys()) {
      try {
        PrivateKey key = Pem.parsePrivateKey(block.pem(), password);
        if (certificate.matchesKey(key)) {
          return Optional.of(key);
        }
      } catch (KeyException doesNotOpen) {
        log.debug(
            "private key in {} of certificate {} does not open: {}",
            block.entry(),
            archive.certificateId(),
            doesNotOpen.getMessage());
      }
    }
    return Optional.empty();
  }
}
