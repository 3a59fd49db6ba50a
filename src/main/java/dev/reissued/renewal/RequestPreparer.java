package dev.reissued.renewal;

import dev.reissued.config.ValidType;
import dev.reissued.keys.Csr;
import dev.reissued.keys.CsrKeyPasswords;
import dev.reissued.keys.SealedBox;
import dev.reissued.keys.Sealer;
import dev.reissued.renewal.SealedSecrets.SealedSecret;
import dev.reissued.tencent.ApplyCertificateRequest;
import dev.reissued.tencent.ApplyKey;
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
  private final Claims claims;
  private final Sealer sealer;
  private final Clock clock;

  RequestPreparer(Claims claims, Sealer sealer, Clock clock) {
    this.claims = claims;
    this.sealer = sealer;
    this.clock = clock;
  }

  PreparedRequest prepare(long reissueId, Decision decision) {
    var certificate = decision.certificate();
    var settings = decision.settings();
    ValidType validType = settings.validType();
    if (decision.action() == Action.APPLY) {
      char[] password = sealedPassword(reissueId);
      try {
        ApplyCertificateRequest apply =
            ApplyCertificateRequest.renewal(
                certificate.certificateId(),
                certificate.domain(),
                validType,
                ApplyKey.of(decision.key().algorithm().name(), decision.key().parameter()),
                new String(password));
        return new PreparedRequest(reissueId, decision, null, apply);
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    ReplaceCertificateRequest request;
    switch (settings.csrType()) {
      case Upload -> {
        Csr csr = Csr.create(certificate.domain(), certificate.altNames(), decision.key());
        byte[] privateKey = csr.keyPair().getPrivate().getEncoded();
        SealedBox sealed =
            sealer.seal(privateKey, SealedBox.rowBinding(reissueId, SealedBox.PRIVATE_KEY));
        Arrays.fill(privateKey, (byte) 0);
        claims.storePrepared(
            reissueId,
            csr.pem(),
            List.of(new SealedSecret(SealedBox.PRIVATE_KEY, sealed)),
            clock.instant());
        request =
            ReplaceCertificateRequest.upload(certificate.certificateId(), validType, csr.pem());
      }
      case Online -> {
        char[] password = sealedPassword(reissueId);
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
        reissueId, decision, request.withReason("reissued: certificate expires soon"), null);
  }

  /** A random CsrKeyPassword, sealed and stored for the row before the request can leave. */
  private char[] sealedPassword(long reissueId) {
    char[] password = CsrKeyPasswords.generate();
    SealedBox sealed =
        sealer.sealPassword(password, SealedBox.rowBinding(reissueId, SealedBox.CSR_KEY_PASSWORD));
    claims.storePrepared(
        reissueId,
        null,
        List.of(new SealedSecret(SealedBox.CSR_KEY_PASSWORD, sealed)),
        clock.instant());
    return password;
  }
}
