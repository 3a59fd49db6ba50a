package dev.reissued.cloud;

import java.time.Instant;

/** A lineage whose newest certificate every resource of it should hold: {@code cloud_lineage}. */
public record CloudLineage(
    String lineageId,
    String account,
    String newestCertificateId,
    boolean open,
    Instant discoveredAt) {}
