package dev.reissued.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TencentTimeTest {
  @Test
  void a_regular_time_is_read_as_gmt_plus_8() {
    assertThat(TencentTime.parse("2024-11-06 08:00:00"))
        .contains(Instant.parse("2024-11-06T00:00:00Z"));
  }

  @Test
  void a_time_just_after_midnight_in_beijing_is_the_previous_day_in_utc() {
    assertThat(TencentTime.parse("2025-01-01 00:30:15"))
        .contains(Instant.parse("2024-12-31T16:30:15Z"));
  }

  @ParameterizedTest
  @CsvSource({
    "2024-11-06 08:00:0, 2024-11-06T00:00:00Z",
    "2024-11-06 8:0:5, 2024-11-06T00:00:05Z",
    "2024-1-6 08:00:00, 2024-01-06T00:00:00Z",
    "2024-11-06 08:00, 2024-11-06T00:00:00Z",
    "2024-11-06, 2024-11-05T16:00:00Z",
    "2024-11-06T08:00:00, 2024-11-06T00:00:00Z",
    "' 2024-11-06 08:00:00 ', 2024-11-06T00:00:00Z",
    "2024-11-06 08:00:00.123, 2024-11-06T00:00:00Z"
  })
  void odd_but_meaningful_shapes_are_read_leniently(String text, String expected) {
    assertThat(TencentTime.parse(text)).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "--",
        "0000-00-00 00:00:00",
        "2024-13-01 00:00:00",
        "2024-02-30 00:00:00",
        "2024-11-06 25:00:00",
        "yesterday",
        "1730851200",
        "2024-11-06 08:00:00+08:00"
      })
  void values_that_name_no_time_are_empty(String text) {
    assertThat(TencentTime.parse(text)).isEmpty();
  }

  @Test
  void read_answers_empty_for_junk_without_throwing() {
    assertThat(TencentTime.read("--", "a91hoLqo", "CertEndTime")).isEmpty();
    assertThat(TencentTime.read(null, "a91hoLqo", "CertEndTime")).isEmpty();
  }

  @Test
  void format_writes_what_parse_reads() {
    Instant instant = Instant.parse("2024-06-30T17:05:09Z");
    assertThat(TencentTime.format(instant)).isEqualTo("2024-07-01 01:05:09");
    assertThat(TencentTime.parse(TencentTime.format(instant))).contains(instant);
  }
}
