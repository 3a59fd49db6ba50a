package dev.reissued.tencent;

/**
 * Error codes for failures that no API answer named. {@code ServerSideError} and {@code
 * ClientSideError} are the SDK's own words; the suffixes say what the client knows about whether
 * the request left this host.
 */
public final class LocalCode {
  /** The SDK's code for an HTTP status other than 200. */
  public static final String SERVER_SIDE_ERROR = "ServerSideError";

  /** A transport failure with nothing known beyond the exception chain. */
  public static final String CLIENT_SIDE_ERROR = "ClientSideError";

  /** The request never reached the wire (connect refused or timed out, DNS, TLS handshake). */
  public static final String NOT_SENT = "ClientSideError.NotSent";

  /** The request was written, or may have been, and no complete answer came back. */
  public static final String NO_ANSWER = "ClientSideError.NoAnswer";

  /** An HTTP 200 whose body is not the API's JSON, or lacks what the action must return. */
  public static final String INVALID_RESPONSE = "ClientSideError.InvalidResponse";

  private LocalCode() {}
}
