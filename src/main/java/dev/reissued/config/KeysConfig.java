package dev.reissued.config;

import dev.reissued.keys.KeyException;
import dev.reissued.keys.MasterKey;
import java.nio.file.Path;

/**
 * Where the master key that seals private keys and CSR passwords lives. The file is read here as
 * the daemon reads it when it starts re-issuing, so that {@code check-config} refuses a missing,
 * malformed or too widely readable key with its key path instead of the daemon failing later.
 */
public record KeysConfig(Path masterKeyFile) {
  public KeysConfig {
    Complaints complaints = new Complaints();
    if (complaints.present(
        "masterKeyFile",
        masterKeyFile,
        "is required: it names the file with the key that seals private keys (create one with:"
            + " head -c 32 /dev/urandom | base64 > master.key; chmod 600 master.key)")) {
      try {
        MasterKey.read(masterKeyFile);
      } catch (KeyException unusable) {
        complaints.add("masterKeyFile", unusable.getMessage());
      }
    }
    complaints.throwIfAny(KeysConfig.class);
  }
}
