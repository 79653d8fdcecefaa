#include <doctest/doctest.h>

#include <string>

#include "core/document.hpp"

using decruft::Document;

TEST_CASE("Document") {
  SUBCASE("lines with and without final newline") {
    Document d("a\nbb\nc");
    REQUIRE(d.line_count() == 3);
    CHECK(d.text(0) == "a");
    CHECK(d.text(2) == "c");
    CHECK(d.raw(1) == "bb\n");
    CHECK(d.raw(2) == "c");
    CHECK_FALSE(d.ends_with_newline());
  }
  SUBCASE("CRLF is not part of the text") {
    Document d("one\r\ntwo\r\n");
    REQUIRE(d.line_count() == 2);
    CHECK(d.text(0) == "one");
    CHECK(d.raw(0) == "one\r\n");
  }
  SUBCASE("a byte-order mark is not part of the first line's text") {
    Document d("\xEF\xBB\xBFtitle\nbody");
    CHECK(d.text(0) == "title");
    CHECK(d.raw(0) == "\xEF\xBB\xBFtitle\n");
  }
  SUBCASE("empty input has no lines") { CHECK(Document("").line_count() == 0); }
  SUBCASE("blank lines include no-break spaces") {
    Document d("x\n \xC2\xA0\t\ny");
    CHECK(d.is_blank(1));
    CHECK_FALSE(d.is_blank(0));
  }
  SUBCASE("line(): begin, text, end") {
    Document d("\xEF\xBB\xBF\r\nab\r\n\ncd\r");
    REQUIRE(d.line_count() == 4);
    auto l0 = d.line(0), l1 = d.line(1), l2 = d.line(2), l3 = d.line(3);
    CHECK((l0.begin == 0 && l0.text_begin == 3 && l0.text_end == 3 && l0.end == 5));
    CHECK((l1.begin == 5 && l1.text_begin == 5 && l1.text_end == 7 && l1.end == 9));
    CHECK((l2.begin == 9 && l2.text_begin == 9 && l2.text_end == 9 && l2.end == 10));
    // A '\r' without a '\n' after it is text.
    CHECK((l3.begin == 10 && l3.text_end == 13 && l3.end == 13));
    CHECK(d.text(3) == "cd\r");
    CHECK(Document("\xEF\xBB").text(0) == "\xEF\xBB");  // not a whole mark
    CHECK(Document("\n").text(0).empty());
  }
  SUBCASE("line_of agrees with line() at every byte") {
    std::string in = "a\n\nbcd\r\n\xEF\xBB\xBFx\ny";
    Document d(in);
    for (size_t pos = 0; pos < in.size(); ++pos) {
      size_t i = d.line_of(pos);
      REQUIRE(i < d.line_count());
      CHECK((d.line(i).begin <= pos && pos < d.line(i).end));
    }
  }
  SUBCASE("line_of") {
    Document d("ab\ncd\n");
    CHECK(d.line_of(0) == 0);
    CHECK(d.line_of(2) == 0);
    CHECK(d.line_of(3) == 1);
  }
}

TEST_CASE("Document: 32-bit and 64-bit line offsets agree") {
  // Past 4 GiB a document keeps 64-bit offsets; below, 32-bit ones. Both
  // must give the same lines, so each input is split both ways.
  const std::string inputs[] = {"", "a", "\n", "a\nbb\nc", "one\r\ntwo\r\n\n\n",
                                "\xEF\xBB\xBF\r\nab\r\n\ncd\r", std::string(300, 'x') + "\ny\n"};
  for (const std::string& in : inputs) {
    Document fit(in), wide(in, Document::Offsets::wide);
    REQUIRE(fit.line_count() == wide.line_count());
    for (size_t i = 0; i < fit.line_count(); ++i) {
      const auto a = fit.line(i), b = wide.line(i);
      CHECK((a.begin == b.begin && a.text_begin == b.text_begin && a.text_end == b.text_end &&
             a.end == b.end));
      CHECK(fit.raw(i) == wide.raw(i));
      CHECK(fit.is_blank(i) == wide.is_blank(i));
    }
    for (size_t pos = 0; pos < in.size(); ++pos) CHECK(fit.line_of(pos) == wide.line_of(pos));
  }
}

TEST_CASE("count_chars") {
  using decruft::count_chars;
  CHECK(count_chars("abc") == 3);
  CHECK(count_chars("\xC3\xA9t\xC3\xA9") == 3);         // été
  CHECK(count_chars("\xE6\x97\xA5\xE6\x9C\xAC") == 2);  // 日本
  CHECK(count_chars("\xFF\xFE") == 2);                  // invalid bytes count one each
  SUBCASE("ASCII and valid UTF-8: one per code point") {
    CHECK(count_chars("") == 0);
    CHECK(count_chars("abc\n") == 4);
    CHECK(count_chars("caf\xc3\xa9") == 4);                   // é
    CHECK(count_chars("\xe5\xb9\xbf\xe5\x91\x8a") == 2);      // 广告
    CHECK(count_chars("\xf0\x9f\x98\x80!") == 2);             // an emoji
  }
  SUBCASE("each byte of an invalid sequence counts one") {
    CHECK(count_chars("\xa0\xa0") == 2);          // stray continuation bytes
    CHECK(count_chars("Caf\xe9 au") == 7);        // Latin-1
    CHECK(count_chars("\xc3(") == 2);             // lead byte without continuation
    CHECK(count_chars("\xe5\xb9") == 2);          // cut short at the end
    CHECK(count_chars("\xc0\xaf") == 2);          // overlong
    CHECK(count_chars("\xed\xa0\x80") == 3);      // a surrogate
    CHECK(count_chars("\xf4\x90\x80\x80") == 4);  // above U+10FFFF
  }
}

