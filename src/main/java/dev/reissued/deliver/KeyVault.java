package dev.reissued.deliver;

import dev.reissued.deliver.DeliveryLedger.Delivered;
import dev.reissued.keys.SealedBox;
import dev.reissued.keys.Sealer;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Optional;

/** Opens the private key sealed for a ledger row, for checking and for writing out. */
final class KeyVault {
  private final DeliveryLedger ledger;
  private final Sealer sealer;

  KeyVault(DeliveryLedger ledger, Sealer sealer) {
    this.ledger = ledger;
    this.sealer = sealer;
  }

  PrivateKey openKey(long reissueId, String what) {
    SealedBox sealed =
        ledger
            .sealedKey(reissueId)
            .orElseThrow(
                () ->
                    new DeployException(
                        "re-issue row " + reissueId + " has no sealed private key"));
    byte[] der = sealer.open(sealed, SealedBox.rowBinding(reissueId, SealedBox.PRIVATE_KEY));
    try {
      return KeyMatch.fromPkcs8(der, what);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  Optional<PrivateKey> keyOf(Delivered row) {
    return row.keySource() == KeySource.NONE
        ? Optional.empty()
        : Optional.of(
            openKey(row.reissueId(), "the sealed key of re-issue row " + row.reissueId()));
  }
}
