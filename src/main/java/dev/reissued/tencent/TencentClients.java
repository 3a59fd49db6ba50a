package dev.reissued.tencent;

import dev.reissued.config.AccountConfig;

/** Clients for configured accounts. */
public final class TencentClients {
  private TencentClients() {}

  public static TencentClient forAccount(AccountConfig account) {
    return forAccount(account, ApiObserver.NONE);
  }

  public static TencentClient forAccount(AccountConfig account, ApiObserver observer) {
    return TencentClient.create(settings(account), observer);
  }

  /** A client whose requests take the account's slots from {@code throttle}. */
  public static TencentClient forAccount(
      AccountConfig account, ApiObserver observer, Throttle throttle) {
    return TencentClient.create(settings(account), observer, throttle);
  }

  private static ClientSettings settings(AccountConfig account) {
    return new ClientSettings(
        account.name(),
        account.secretId(),
        account.secretKey().reveal(),
        account.endpoint(),
        account.region(),
        account.requestsPerSecond(),
        account.connectTimeout(),
        account.readTimeout());
  }
}
