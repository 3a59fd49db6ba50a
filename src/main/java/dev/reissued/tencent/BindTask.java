package dev.reissued.tencent;

/**
 * A bind-resource query of one certificate, as CreateCertificateBindResourceSyncTask answers it
 * (the SDK's {@code CertTaskId}). A query already running for the certificate is answered with its
 * own id, so two starts may share one task.
 */
public record BindTask(String certificateId, String taskId) {}
