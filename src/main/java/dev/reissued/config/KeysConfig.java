package dev.reissued.config;

import java.nio.file.Path;

/** Where the master key that seals private keys and CSR passwords lives. */
public record KeysConfig(Path masterKeyFile) {}
