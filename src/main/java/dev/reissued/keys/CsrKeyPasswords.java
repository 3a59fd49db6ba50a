package dev.reissued.keys;

import java.security.SecureRandom;

/**
 * Random passwords for {@code CsrType=Online}, where Tencent Cloud generates the key and encrypts
 * it with the {@code CsrkeyPassword} we send. Letters and digits only, which every form and archive
 * tool accepts; 32 of them carry about 190 bits.
 */
public final class CsrKeyPasswords {
  public static final int LENGTH = 32;
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private CsrKeyPasswords() {}

  /**
   * A fresh password with at least one upper-case letter, one lower-case letter and one digit, in
   * case a complexity rule is ever applied to it; the caller should clear the array after use.
   */
  public static char[] generate() {
    char[] password = new char[LENGTH];
    do {
      for (int index = 0; index < LENGTH; index++) {
        password[index] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
      }
    } while (!mixed(password));
    return password;
  }

  private static boolean mixed(char[] password) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (char c : password) {
      upper |= Character.isUpperCase(c);
      lower |= Character.isLowerCase(c);
      digit |= Character.isDigit(c);
    }
    return upper && lower && digit;
  }
}
