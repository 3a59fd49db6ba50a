package dev.reissued.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SealerTest {
  private static final byte[] KEY_BYTES = new byte[MasterKey.LENGTH];
  private static final byte[] OTHER_KEY_BYTES = new byte[MasterKey.LENGTH];

  static {
    for (int index = 0; index < MasterKey.LENGTH; index++) {
      KEY_BYTES[index] = (byte) (index + 1);
      OTHER_KEY_BYTES[index] = (byte) (index + 2);
    }
  }

  private final Sealer sealer = new Sealer(MasterKey.of(KEY_BYTES));
  private final byte[] secret =
      "-----BEGIN PRIVATE KEY----- pretend".getBytes(StandardCharsets.UTF_8);
  private final String row = SealedBox.rowBinding(42, SealedBox.PRIVATE_KEY);

  @Test
  void a_sealed_value_should_open_with_the_right_master_key_and_row() {
    SealedBox box = sealer.seal(secret, row);

    assertThat(new Sealer(MasterKey.of(KEY_BYTES)).open(box, row)).isEqualTo(secret);
  }

  @Test
  void a_sealed_value_should_survive_its_single_column_encoding() {
    SealedBox box = sealer.seal(secret, row);

    SealedBox decoded = SealedBox.decode(box.encoded());

    assertThat(decoded).isEqualTo(box);
    assertThat(box.encoded()).hasSize(1 + 12 + secret.length + 16);
    assertThat(sealer.open(decoded, row)).isEqualTo(secret);
  }

  @Test
  void a_wrong_master_key_should_not_open_it() {
    SealedBox box = sealer.seal(secret, row);

    assertThatThrownBy(() -> new Sealer(MasterKey.of(OTHER_KEY_BYTES)).open(box, row))
        .isInstanceOf(KeyException.class)
        .hasMessage(
            "sealed value for reissue:42:private_key does not open: wrong master key, wrong row, or"
                + " corrupted");
  }

  @Test
  void a_value_copied_to_another_row_or_column_should_not_open() {
    SealedBox box = sealer.seal(secret, row);

    assertThatThrownBy(() -> sealer.open(box, SealedBox.rowBinding(43, SealedBox.PRIVATE_KEY)))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("does not open: wrong master key, wrong row, or corrupted");
    assertThatThrownBy(() -> sealer.open(box, SealedBox.rowBinding(42, SealedBox.CSR_KEY_PASSWORD)))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("does not open");
  }

  @Test
  void a_flipped_bit_anywhere_in_nonce_or_ciphertext_should_not_open() {
    SealedBox box = sealer.seal(secret, row);
    byte[] encoded = box.encoded();

    for (int index = 1; index < encoded.length; index++) {
      byte[] corrupted = encoded.clone();
      corrupted[index] ^= 0x01;
      assertThatThrownBy(() -> sealer.open(SealedBox.decode(corrupted), row))
          .as("flipped byte %d", index)
          .isInstanceOf(KeyException.class)
          .hasMessageContaining("does not open: wrong master key, wrong row, or corrupted");
    }
  }

  @Test
  void an_unknown_version_should_be_refused_by_name() {
    SealedBox box = sealer.seal(secret, row);
    byte[] encoded = box.encoded();
    encoded[0] = 2;

    assertThatThrownBy(() -> sealer.open(SealedBox.decode(encoded), row))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("has format version 2; this build reads version 1");
  }

  @Test
  void a_truncated_value_should_be_refused_as_corrupted() {
    assertThatThrownBy(() -> SealedBox.decode(new byte[20]))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("sealed value is corrupted");
  }

  @Test
  void two_seals_of_the_same_plaintext_should_differ() {
    SealedBox first = sealer.seal(secret, row);
    SealedBox second = sealer.seal(secret, row);

    assertThat(first.nonce()).isNotEqualTo(second.nonce());
    assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
  }

  @Test
  void sealing_without_associated_data_should_be_refused() {
    assertThatThrownBy(() -> sealer.seal(secret, " "))
        .isInstanceOf(KeyException.class)
        .hasMessage("associated data is required: a sealed value must be bound to its row");
  }

  @Test
  void a_password_should_round_trip_as_characters() {
    char[] password = CsrKeyPasswords.generate();
    String binding = SealedBox.rowBinding(7, SealedBox.CSR_KEY_PASSWORD);

    SealedBox box = sealer.sealPassword(password, binding);

    assertThat(sealer.openPassword(box, binding)).isEqualTo(password);
  }

  @Test
  void row_bindings_should_name_the_reissue_and_the_kind() {
    assertThat(SealedBox.rowBinding(42, SealedBox.PRIVATE_KEY)).isEqualTo("reissue:42:private_key");
    assertThat(SealedBox.rowBinding(42, SealedBox.CSR_KEY_PASSWORD))
        .isEqualTo("reissue:42:csr_key_password");
    assertThatThrownBy(() -> SealedBox.rowBinding(0, SealedBox.PRIVATE_KEY))
        .isInstanceOf(KeyException.class);
    assertThatThrownBy(() -> SealedBox.rowBinding(1, "a:b")).isInstanceOf(KeyException.class);
  }

  @Test
  void to_strings_should_show_no_key_or_secret_bytes() {
    SealedBox box = sealer.seal(secret, row);
    MasterKey masterKey = MasterKey.of(KEY_BYTES);

    assertThat(box.toString())
        .isEqualTo(
            "SealedBox[version=1, nonce=12 bytes, ciphertext=" + (secret.length + 16) + " bytes]");
    for (String text : new String[] {masterKey.toString(), sealer.toString(), box.toString()}) {
      assertThat(text)
          .doesNotContain(HexFormat.of().formatHex(KEY_BYTES))
          .doesNotContain(Base64.getEncoder().encodeToString(KEY_BYTES))
          .doesNotContain(HexFormat.of().formatHex(box.ciphertext()))
          .doesNotContain(Base64.getEncoder().encodeToString(box.ciphertext()))
          .doesNotContain(HexFormat.of().formatHex(box.nonce()));
    }
  }
}
