package dev.reissued.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainNamesTest {

  @ParameterizedTest
  @CsvSource({
    "example.com, example.com",
    "WWW.Example.COM, www.example.com",
    "'  example.com  ', example.com",
    "example.com., example.com",
    "*.example.com, *.example.com",
    "bücher.example, xn--bcher-kva.example",
    "*.Bücher.example, *.xn--bcher-kva.example",
    "例子。测试, xn--fsqu00a.xn--0zwm56d",
    "a-b--c.example.com, a-b--c.example.com",
    "xn--bcher-kva.example, xn--bcher-kva.example",
    "123.example.com, 123.example.com"
  })
  void valid_names_should_normalize_to_lower_case_ascii(String name, String expected) {
    assertThat(DomainNames.normalize(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "foo..example.com | 'foo..example.com' is not a valid domain name: empty label",
        ".example.com | empty label",
        "example.com.. | empty label",
        "www.*.example.com | a wildcard is allowed only as the leftmost label",
        "example.* | a wildcard is allowed only as the leftmost label",
        "w*.example.com | a wildcard must be a whole label",
        "** .example.com | a wildcard must be a whole label",
        "*. | a wildcard needs a domain after it",
        "* | a wildcard needs a domain after it",
        "*.com | a wildcard must cover a name of at least two labels",
        "localhost | a single label is not a public domain name",
        "foo_bar.example.com | label 'foo_bar' contains '_'",
        "foo bar.example.com | label 'foo bar' contains ' '",
        "exa!mple.com | contains '!'",
        "-foo.example.com | label '-foo' starts or ends with a hyphen",
        "foo-.example.com | starts or ends with a hyphen",
        "192.168.1.1 | IP addresses are not domain names",
      })
  void invalid_names_should_be_refused_with_the_rule_they_break(String name, String message) {
    assertThatThrownBy(() -> DomainNames.normalize(name))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining(message);
  }

  @Test
  void a_label_of_64_characters_should_be_refused_and_63_accepted() {
    String label63 = "a".repeat(63);
    assertThat(DomainNames.normalize(label63 + ".example.com")).startsWith(label63);
    assertThatThrownBy(() -> DomainNames.normalize("a" + label63 + ".example.com"))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("is 64 characters long; at most 63 are allowed");
  }

  @Test
  void a_label_that_grows_past_63_characters_as_punycode_should_be_refused() {
    assertThatThrownBy(() -> DomainNames.normalize("a".repeat(58) + "ü.example.com"))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("at most 63");
  }

  @Test
  void a_name_of_254_characters_should_be_refused_and_253_accepted() {
    String label = "a".repeat(61);
    // 4 labels of 61 + 3 dots = 247, plus ".co.uk" (6) = 253.
    String name253 = String.join(".", label, label, label, label) + ".co.uk";
    assertThat(name253).hasSize(253);
    assertThat(DomainNames.normalize(name253)).isEqualTo(name253);
    assertThatThrownBy(() -> DomainNames.normalize("b" + name253))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("254 characters long; at most 253 are allowed");
  }

  @Test
  void an_empty_or_missing_name_should_be_refused() {
    assertThatThrownBy(() -> DomainNames.normalize("")).hasMessage("domain name is empty");
    assertThatThrownBy(() -> DomainNames.normalize("  ")).hasMessage("domain name is empty");
    assertThatThrownBy(() -> DomainNames.normalize(null)).hasMessage("domain name is empty");
  }

  @Test
  void control_characters_should_be_escaped_in_the_message() {
    assertThatThrownBy(() -> DomainNames.normalize("exa\nmple.com"))
        .hasMessageContaining("'exa\\nmple.com'")
        .hasMessageNotContaining("\n");
  }

  @Test
  void normalize_all_should_drop_names_that_are_equal_after_normalization() {
    assertThat(
            DomainNames.normalizeAll(
                List.of(
                    "Bücher.example",
                    "xn--bcher-kva.example",
                    "www.example.com",
                    "WWW.example.com.")))
        .containsExactly("xn--bcher-kva.example", "www.example.com");
  }
}
