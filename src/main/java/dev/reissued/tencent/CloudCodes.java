package dev.reissued.tencent;

/**
 * The error codes of the actions that move cloud resources to a new certificate, as constants so
 * that callers compare them without typos. Their classes are in {@link ErrorClass}; what each means
 * for a move is said here.
 */
public final class CloudCodes {
  /**
   * No resource of the asked types (and regions) holds the old certificate. On a first try nothing
   * was bound; after an earlier move succeeded it means the move is done.
   */
  public static final String DEPLOY_INSTANCE_EMPTY =
      "FailedOperation.CertificateDeployInstanceEmpty";

  /** The certificate cannot be deployed to the listed instances. */
  public static final String NOT_DEPLOY_INSTANCE = "FailedOperation.CertificateNotDeployInstance";

  /** A move of this certificate is still running: wait, and look it up instead of starting one. */
  public static final String HAS_PENDING_RECORD =
      "FailedOperation.CertificateDeployHasPendingRecord";

  /** This certificate may not use the one-click update at all. */
  public static final String HOST_DEPLOY_NOT_ALLOWED =
      "FailedOperation.CertificateHostDeployCanNotAllow";

  /** The new certificate is not usable yet (not issued): try again once it is. */
  public static final String CERTIFICATE_NOT_AVAILABLE = "FailedOperation.CertificateNotAvailable";

  /** The account has not authorised the SSL service's role; see {@link #SERVICE_ROLE_FIX}. */
  public static final String ROLE_NOT_FOUND = "FailedOperation.RoleNotFoundAuthorization";

  /** A resource type the API does not know (ResourceTypes are lower case). */
  public static final String RESOURCE_TYPE_INVALID =
      "FailedOperation.CertificateHostResourceTypeInvalid";

  /** A retry of a record (or detail) that has nothing failed. */
  public static final String RETRY_STATUS_INVALID =
      "FailedOperation.CertificateDeployRetryStatusInvalid";

  /** A rollback of a record with no succeeded detail. */
  public static final String ROLLBACK_STATUS_INVALID =
      "FailedOperation.CertificateDeployRollbackStatusInvalid";

  /** A rollback of a record that has not finished yet. */
  public static final String DETAIL_ROLLBACK_STATUS_INVALID =
      "FailedOperation.CertificateDeployDetailRollbackStatusInvalid";

  /** No deploy record with that id. */
  public static final String DEPLOY_NOT_EXIST = "FailedOperation.CertificateDeployNotExist";

  /** What an operator does about {@link #ROLE_NOT_FOUND}; added to the exception's message. */
  public static final String SERVICE_ROLE_FIX =
      "the account has not authorised the SSL Certificate service's role, which moves"
          + " certificates on CLB, CDN, EdgeOne and the other products: sign in to the Tencent"
          + " Cloud console as the account owner or a CAM administrator, open SSL Certificates,"
          + " start 'update cloud resources' on any certificate and accept the service"
          + " authorisation it asks for (or create the SSL service role under CAM > Roles);"
          + " nothing was moved, and the next attempt after that will work";

  private CloudCodes() {}
}
