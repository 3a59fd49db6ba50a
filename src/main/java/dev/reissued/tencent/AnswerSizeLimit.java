package dev.reissued.tencent;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Refuses an answer body larger than a bound, before it is read whole: the SDK reads every answer
 * into one string, so a server that sends a gigabyte (in a Content-Length or just in bytes) would
 * otherwise take the whole heap. The largest real answer is a DownloadCertificate of an archive of
 * at most 8 MiB, about 11 MiB as base64.
 */
final class AnswerSizeLimit implements Interceptor {
  static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;

  /** The answer was cut off here; {@link TencentClient} names it as an invalid response. */
  static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  private final long limit;

  AnswerSizeLimit(long limit) {
    this.limit = limit;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    if (body == null) {
      return response;
    }
    if (body.contentLength() > limit) {
      response.close();
      throw tooLarge(body.contentLength() + " bytes");
    }
    BufferedSource limited =
        Okio.buffer(
            new ForwardingSource(body.source()) {
              private long read;

              @Override
              public long read(Buffer sink, long byteCount) throws IOException {
                long count = super.read(sink, byteCount);
                if (count > 0) {
                  read += count;
                  if (read > limit) {
                    throw tooLarge("more than " + limit + " bytes");
                  }
                }
                return count;
              }
            });
    return response
        .newBuilder()
        .body(ResponseBody.create(body.contentType(), body.contentLength(), limited))
        .build();
  }

  private TooLarge tooLarge(String size) {
    return new TooLarge(
        "the answer is " + size + "; at most " + limit + " are read, so it was not read");
  }
}
