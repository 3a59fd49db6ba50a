package dev.reissued.deliver;

import dev.reissued.ReissuedException;

/**
 * A re-issued certificate could not be delivered or deployed: the archive is unreadable or holds no
 * certificate for the domain, the certificate is not what was asked, or the output could not be
 * written. Messages name the certificate and never hold key material.
 */
public class DeployException extends ReissuedException {
  public DeployException(String message) {
    super(message);
  }

  public DeployException(String message, Throwable cause) {
    super(message, cause);
  }
}
