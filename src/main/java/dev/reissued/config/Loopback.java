package dev.reissued.config;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a host names this machine only: {@code localhost}, {@code 127.0.0.0/8}, {@code ::1}.
 * Decided from the text alone, never by a DNS lookup, so a check cannot hang or be steered by a
 * resolver.
 */
public final class Loopback {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");

  private Loopback() {}

  /** {@code host} as in a URL or {@code host:port}; an IPv6 literal may keep its brackets. */
  public static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String bare = host.strip().toLowerCase(Locale.ROOT);
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    if (bare.equals("localhost")) {
      return true;
    }
    if (IPV4.matcher(bare).matches()) {
      for (String part : bare.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return bare.startsWith("127.");
    }
    if (!bare.contains(":") || !bare.matches("[0-9a-f:.]+")) {
      return false;
    }
    try {
      // A literal with a colon is parsed, not resolved.
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (IOException notAnAddress) {
      return false;
    }
  }
}
