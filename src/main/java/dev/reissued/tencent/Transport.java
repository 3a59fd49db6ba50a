package dev.reissued.tencent;

import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The HTTP side of {@link TencentClient}: an OkHttp client that never sends a request twice (no
 * retry on connection failure, no redirects, {@link SendGuard} on the network), bounded in time and
 * answer size, and the SDK profile that hands it to the signer.
 */
final class Transport {
  private static final Duration POOL_KEEP_ALIVE = Duration.ofSeconds(30);

  private Transport() {}

  static OkHttpClient httpClient(ClientSettings settings, Throttle limiter) {
    return new OkHttpClient.Builder()
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        // A bound on the whole call: reconciliation's settling period relies on no request of
        // ours still being in flight connect + read timeout + the lead before its slot after it
        // was sent.
        .callTimeout(
            settings.connectTimeout().plus(settings.readTimeout()).plus(Throttle.LEAD).toMillis(),
            TimeUnit.MILLISECONDS)
        // Idle connections are dropped before typical server keep-alive limits (60 s and up), so a
        // request rarely goes out on a connection the server is closing.
        .connectionPool(new ConnectionPool(5, POOL_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
        .addInterceptor(new AnswerSizeLimit(AnswerSizeLimit.MAX_ANSWER_BYTES))
        .addNetworkInterceptor(new SendGuard(limiter))
        .build();
  }

  static ClientProfile profile(ClientSettings settings, OkHttpClient http) {
    HttpProfile httpProfile = new HttpProfile();
    httpProfile.setEndpoint(settings.hostAndPort());
    httpProfile.setProtocol(settings.plainHttp() ? HttpProfile.REQ_HTTP : HttpProfile.REQ_HTTPS);
    httpProfile.setReqMethod(HttpProfile.REQ_POST);
    // The SDK takes whole seconds; our OkHttp client has the exact values, these only keep the
    // profile truthful should anything read it.
    httpProfile.setConnTimeout(seconds(settings.connectTimeout()));
    httpProfile.setReadTimeout(seconds(settings.readTimeout()));
    httpProfile.setWriteTimeout(seconds(settings.readTimeout()));
    httpProfile.setHttpClient(http);
    ClientProfile profile = new ClientProfile(ClientProfile.SIGN_TC3_256, httpProfile);
    profile.setBackupEndpoint(null);
    return profile;
  }

  static int seconds(Duration duration) {
    long millis = duration.toMillis();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
  }
}
