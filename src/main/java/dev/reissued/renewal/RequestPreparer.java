package dev.reissued.renewal;

import dev.reissued.config.ValidType;
import dev.reissued.keys.Csr;
import dev.reissued.keys.CsrKeyPasswords;
import dev.reissued.keys.SealedBox;
import dev.reissued.keys.Sealer;
import dev.reissued.renewal.Ledger.SealedSecret;
import dev.reissued.tencent.ReplaceCertificateRequest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a claimed row into a request: for {@code Upload} a fresh key pair and CSR (the key sealed
 * under the master key, bound to the row), for {@code Online} a random CsrkeyPassword (sealed the
 * same way), for {@code Original} nothing. The sealed values are stored before the request can be
 * sent, so a re-issued certificate never arrives without its key on record.
 */
final class RequestPreparer {
  private final Ledger ledger;
  private final Sealer sealer;
  private final Clock clock;

  RequestPreparer(Ledger ledger, Sealer sealer, Clock clock) {
    this.ledger = ledger;
    this.sealer = sealer;
    this.clock = clock;
  }

  PreparedRequest prepare(long reissueId, Decision decision) {
    var certificate = decision.certificate();
    var settings = decision.settings();
    ValidType validType = settings.validType();
    ReplaceCertificateRequest request;
    switch (settings.csrType()) {
      case Upload -> {
        Csr csr = Csr.create(certificate.domain(), certificate.altNames(), decision.key());
        byte[] privateKey = csr.keyPair().getPrivate().getEncoded();
        SealedBox sealed =
            sealer.seal(privateKey, SealedBox.rowBinding(reissueId, SealedBox.PRIVATE_KEY));
        Arrays.fill(privateKey, (byte) 0);
        ledger.storePrepared(
            reissueId,
            csr.pem(),
            List.of(new SealedSecret(SealedBox.PRIVATE_KEY, sealed)),
            clock.instant());
        request =
            ReplaceCertificateRequest.upload(certificate.certificateId(), validType, csr.pem());
      }
      case Online -> {
        char[] password = CsrKeyPasswords.generate();
        SealedBox sealed =
            sealer.sealPassword(
                password, SealedBox.rowBinding(reissueId, SealedBox.CSR_KEY_PASSWORD));
        ledger.storePrepared(
            reissueId,
            null,
            List.of(new SealedSecret(SealedBox.CSR_KEY_PASSWORD, sealed)),
            clock.instant());
        request =
            ReplaceCertificateRequest.online(
                certificate.certificateId(),
                validType,
                new String(password),
                decision.key().algorithm().name(),
                decision.key().parameter());
        Arrays.fill(password, '\0');
      }
      default ->
          request = ReplaceCertificateRequest.original(certificate.certificateId(), validType);
    }
    return new PreparedRequest(
        reissueId, decision, request.withReason("reissued: certificate expires soon"));
  }
}
