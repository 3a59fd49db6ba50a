package dev.reissued.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PemBlocksTest {
  static final int MEBIBYTE = 1024 * 1024;
  static final String BEGIN_LINE = "-----BEGIN CERTIFICATE-----\n";

  /** Generous: the quadratic regular expression took about 4 s on 128 KiB and 220 s on 1 MiB. */
  static final Duration NOT_QUADRATIC = Duration.ofSeconds(3);

  static Duration timed(Runnable work) {
    long started = System.nanoTime();
    work.run();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Test
  void blocks_are_found_anywhere_with_their_labels_bodies_and_headers() {
    String text =
        "junk before -----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE----- between\r\n"
            + "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nQUJD\n"
            + "-----END RSA PRIVATE KEY-----";

    PemBlocks.Scan scan = PemBlocks.scan(text, 10);

    assertThat(scan.blocks())
        .extracting(PemBlocks.Block::label)
        .containsExactly("CERTIFICATE", "RSA PRIVATE KEY");
    assertThat(scan.blocks().get(0).body()).isEqualTo("\nMIIB\nAAAA\n");
    assertThat(scan.blocks().get(0).pem())
        .isEqualTo("-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE-----");
    assertThat(scan.blocks().get(1).body()).contains("Proc-Type: 4,ENCRYPTED");
    assertThat(scan.markers()).isEqualTo(2);
    assertThat(scan.unclosed()).isZero();
    assertThat(scan.exceeded()).isFalse();
    assertThat(scan.blocks().get(1).toString()).doesNotContain("QUJD").contains("<masked>");
  }

  @Test
  void a_block_left_open_does_not_swallow_the_next_one() {
    String text =
        "-----BEGIN PRIVATE KEY-----\ntruncated\n"
            + "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n"
            + "-----BEGIN CERTIFICATE-----\nclosed by the wrong label\n-----END PRIVATE KEY-----\n";

    PemBlocks.Scan scan = PemBlocks.scan(text, 10);

    assertThat(scan.blocks())
        .singleElement()
        .extracting(PemBlocks.Block::body)
        .isEqualTo("\nQUJD\n");
    assertThat(scan.unclosed()).isEqualTo(2);
    assertThat(scan.markers()).isEqualTo(3);
  }

  @Test
  void markers_with_a_malformed_label_are_not_blocks() {
    String text =
        "-----BEGIN certificate-----\nx\n-----END certificate-----\n"
            + "-----BEGIN -----\nx\n-----END -----\n"
            + "-----BEGIN "
            + "A".repeat(41)
            + "-----\nx\n-----END "
            + "A".repeat(41)
            + "-----\n-----BEGIN CERTIFICATE";

    PemBlocks.Scan scan = PemBlocks.scan(text, 10);

    assertThat(scan.blocks()).isEmpty();
    assertThat(scan.unclosed()).isZero();
    assertThat(scan.markers()).isEqualTo(4);
  }

  @Test
  void a_mebibyte_of_begin_lines_that_never_end_is_scanned_in_linear_time() {
    String hostile = BEGIN_LINE.repeat(MEBIBYTE / BEGIN_LINE.length());
    PemBlocks.Scan[] scan = new PemBlocks.Scan[1];

    Duration took = timed(() -> scan[0] = PemBlocks.scan(hostile, Integer.MAX_VALUE));

    assertThat(scan[0].blocks()).isEmpty();
    assertThat(scan[0].unclosed()).isEqualTo(MEBIBYTE / BEGIN_LINE.length());
    assertThat(took).isLessThan(NOT_QUADRATIC);
  }

  @Test
  void a_mebibyte_without_a_line_break_and_one_open_block_is_scanned_in_linear_time() {
    String hostile =
        "-----BEGIN CERTIFICATE-----"
            + "-----END CERTIFICAT-".repeat(MEBIBYTE / 20)
            + "-----BEGIN CERTIFICATE-----".repeat(MEBIBYTE / 27);
    PemBlocks.Scan[] scan = new PemBlocks.Scan[1];

    Duration took = timed(() -> scan[0] = PemBlocks.scan(hostile, Integer.MAX_VALUE));

    assertThat(scan[0].blocks()).isEmpty();
    assertThat(scan[0].unclosed()).isEqualTo(1 + MEBIBYTE / 27);
    assertThat(took).isLessThan(NOT_QUADRATIC);
  }

  @Test
  void the_scan_stops_at_the_marker_bound_and_says_so() {
    String text = "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n".repeat(5);

    PemBlocks.Scan scan = PemBlocks.scan(text, 3);

    assertThat(scan.exceeded()).isTrue();
    assertThat(scan.markers()).isEqualTo(3);
    assertThat(scan.blocks()).hasSize(3);
    assertThat(PemBlocks.scan(text, 5).exceeded()).isFalse();
  }
}
