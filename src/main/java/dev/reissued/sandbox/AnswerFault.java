package dev.reissued.sandbox;

/**
 * How the sandbox fails to answer a ReplaceCertificate or an UpdateCertificateInstance whose logic
 * already ran: every one of these leaves the caller not knowing whether the re-issue happened, or
 * the move task was created.
 */
public enum AnswerFault {
  /** Close the connection without any answer (the client sees the stream end). */
  LOST,
  /** Keep the connection open and never answer (the client's read timeout fires). */
  HANG,
  /** An HTTP 502 with an HTML body, as a gateway in front of the API would send. */
  HTTP_502,
  /** An HTTP 503 with {@code Retry-After: 0}, which OkHttp would re-send on its own if let. */
  HTTP_503_RETRY_NOW,
  /** An HTTP 200 whose body is not JSON. */
  NOT_JSON
}
