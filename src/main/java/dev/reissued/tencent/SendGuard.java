package dev.reissued.tencent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
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

  /**
   * How late after its slot a request may still be written. A later one (a busy machine woke the
   * thread late) would arrive close to the next slot's request, and two such can put one request
   * too many into the server's second; it takes a new slot instead. Well inside {@link
   * RateLimiters#JITTER_ALLOWANCE}.
   */
  static final long LATE_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(15);

  private static final int RESLOTS = 3;

  private final Throttle throttle;

  SendGuard(Throttle throttle) {
    this.throttle = throttle;
  }

  /** One API call; close it when the call returns. */
  static final class Attempt implements AutoCloseable {
    private final long slotNanos;
    private int sends;

    Attempt(long slotNanos) {
      this.slotNanos = slotNanos;
    }

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

  static Attempt begin(Turn turn) {
    Attempt attempt = new Attempt(turn.slotNanos());
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
      long slot = attempt.slotNanos;
      // A new slot is waited for only while it stays within half the lead the call's timeout
      // allows; past that, the request goes late (the server may refuse it for rate, which uses
      // no attempt) rather than wait into the call's timeout and turn "not sent" into "no answer".
      long latest = attempt.slotNanos + Throttle.LEAD.toNanos() / 2;
      for (int reslots = 0; ; reslots++) {
        long early = slot - System.nanoTime();
        if (early > 0) {
          TimeUnit.NANOSECONDS.sleep(early);
        }
        if (System.nanoTime() - slot <= LATE_TOLERANCE_NANOS || reslots == RESLOTS) {
          break;
        }
        long next = throttle.reserve();
        if (next > latest) {
          break;
        }
        slot = next;
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the request's slot");
    } catch (RuntimeException noSlot) {
      throw new IOException(
          "cannot take a slot of the API rate limit: " + noSlot.getMessage(), noSlot);
    }
    if (chain.call().isCanceled()) {
      // The call's timeout fired while the request waited for its slot: it was never written.
      throw new IOException("the call timed out before the request's slot came");
    }
    attempt.sends++;
    return chain.proceed(chain.request());
  }
}
