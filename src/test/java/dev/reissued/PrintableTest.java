package dev.reissued;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void control_characters_line_breaks_and_bidi_overrides_are_escaped() {
    assertThat(Printable.escape("evil\u001b[2J\nexample.com"))
        .isEqualTo("evil\\u001b[2J\\nexample.com");
    assertThat(Printable.escape("a\rb\tc\u0000d\u007fe")).isEqualTo("a\\rb\\tc\\u0000d\\u007fe");
    assertThat(Printable.escape("csi\u009b2J")).isEqualTo("csi\\u009b2J");
    assertThat(Printable.escape("moc.\u202eexample\u202c")).isEqualTo("moc.\\u202eexample\\u202c");
    assertThat(Printable.escape("\u2066isolated\u2069 \u200fmark"))
        .isEqualTo("\\u2066isolated\\u2069 \\u200fmark");
    assertThat(Printable.escape("line\u2028separator\u2029"))
        .isEqualTo("line\\u2028separator\\u2029");
    assertThat(Printable.escape("zero\u200bwidth\ufeff")).isEqualTo("zero\\u200bwidth\\ufeff");
    assertThat(Printable.escape("tag\uDB40\uDC41")).isEqualTo("tag\\U000e0041");
    assertThat(Printable.escape("lone\uD800")).isEqualTo("lone\\ud800");
  }

  @Test
  void printable_text_of_any_script_is_kept_as_it_is() {
    String text = "bücher.example 证书.中国 пример.рф 🔒 *.example.com [x] \\u001b";

    assertThat(Printable.escape(text)).isSameAs(text);
    assertThat(Printable.escape(null)).isNull();
  }

  @Test
  void a_capped_escape_counts_code_points_of_the_text_not_of_its_escapes() {
    assertThat(Printable.escape("\n".repeat(5), 3)).isEqualTo("\\n\\n\\n...");
    assertThat(Printable.escape("🔒🔒🔒", 2)).isEqualTo("🔒🔒...");
    assertThat(Printable.escape("short", 10)).isEqualTo("short");
  }
}
