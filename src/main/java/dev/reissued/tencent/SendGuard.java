package dev.reissued.tencent;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * An OkHttp network interceptor that lets each API call reach the wire at most once, and records
 * whether it did.
 *
 * <p>Network interceptors run after the connection is made and just before the request is written,
 * once per attempt. OkHttp re-attempts on its own in cases {@code retryOnConnectionFailure(false)}
 * does not cover (a 503 with {@code Retry-After: 0}, HTTP/2 misdirected requests); the second
 * attempt stops here with an exception instead of a second ReplaceCertificate. Whether this
 * interceptor ran is also the exact line between "never sent" and "maybe sent" that a connect
 * failure versus a read failure otherwise only suggests.
 *
 * <p>The attempt is found through a thread local: TencentClient calls the SDK synchronously, and
 * OkHttp runs a synchronous call's interceptors on the calling thread.
 */
final class SendGuard implements Interceptor {
  private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

  /** One API call; close it when the call returns. */
  static final class Attempt implements AutoCloseable {
    private int sends;

    /** Whether the request reached the point of being written (and so may have arrived). */
    boolean sent() {
      return sends > 0;
    }

    @Override
    public void close() {
      CURRENT.remove();
    }
  }

  /** Thrown instead of a second send of the same call. */
  static final class ResendRefusedException extends IOException {
    ResendRefusedException(String url) {
      super("refused to send a request to " + url + " a second time within one call");
    }
  }

  static Attempt begin() {
    Attempt attempt = new Attempt();
    CURRENT.set(attempt);
    return attempt;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Attempt attempt = CURRENT.get();
    if (attempt == null) {
      throw new IOException("request to " + chain.request().url() + " made outside TencentClient");
    }
    if (attempt.sends++ > 0) {
      throw new ResendRefusedException(chain.request().url().toString());
    }
    return chain.proceed(chain.request());
  }
}
