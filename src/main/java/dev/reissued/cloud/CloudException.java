package dev.reissued.cloud;

import dev.reissued.ReissuedException;

/** A cloud command or move that cannot go on: names the certificate or record involved. */
public class CloudException extends ReissuedException {
  public CloudException(String message) {
    super(message);
  }
}
