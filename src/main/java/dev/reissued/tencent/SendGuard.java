package dev.reissued.tencent;

import java.io.IOException;
import java.io.InterruptedIOException;
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
 * <p>The account's rate limiter is passed here too, at the last moment before the request is
 * written: a permit taken before the SDK call would be followed by signing, connecting and a TLS
 * handshake of varying length, and the server counts arrivals, not permits. A cold first request
 * can arrive a hundred milliseconds after its permit while the next arrives at once, putting N+1
 * requests into one of the server's seconds.
 *
 * <p>The attempt is found through a thread local: TencentClient calls the SDK synchronously, and
 * OkHttp runs a synchronous call's interceptors on the calling thread.
 */
final class SendGuard implements Interceptor {
  private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

  private final Throttle limiter;

  SendGuard(Throttle limiter) {
    this.limiter = limiter;
  }

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
    if (attempt.sends > 0) {
      throw new ResendRefusedException(chain.request().url().toString());
    }
    try {
      limiter.acquire();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the API rate limit");
    } catch (RuntimeException noSlot) {
      // The shared limit lives in the database; without it, nothing is sent.
      throw new IOException(
          "cannot take a slot of the API rate limit: " + noSlot.getMessage(), noSlot);
    }
    attempt.sends++;
    return chain.proceed(chain.request());
  }
}
