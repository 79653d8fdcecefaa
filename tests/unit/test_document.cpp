#include <doctest/doctest.h>

#include <string>
#include <vector>

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

// Line ends are kept 16 bits a line in groups of 128 lines, and 64 bits in
// a group that spans 64 KiB or more (document.hpp). Every way of keeping
// them must give the lines a plain scan for '\n' gives: groups of short
// lines, a long line among them, a group just under and just over 64 KiB,
// a document of one line and one without a final newline.
TEST_CASE("Document: line ends in compact and wide groups") {
  std::vector<std::string> inputs = {"", "a", "\n", "a\nbb\nc", "one\r\ntwo\r\n\n\n",
                                     "\xEF\xBB\xBF\r\nab\r\n\ncd\r"};
  std::string mixed;
  for (int i = 0; i < 300; ++i) mixed += "line " + std::to_string(i) + "\n";
  mixed += std::string(70000, 'x') + "\n";  // its group spans more than 64 KiB
  for (int i = 0; i < 200; ++i) mixed += "\n";
  mixed += "tail without newline";
  inputs.push_back(mixed);
  // 128 lines of 512 bytes: 65,536 bytes, one over what 16 bits can hold;
  // then 128 lines whose group ends exactly at 65,535 bytes.
  std::string edge;
  for (int i = 0; i < 128; ++i) edge += std::string(511, 'y') + "\n";
  for (int i = 0; i < 127; ++i) edge += std::string(511, 'z') + "\n";
  edge += std::string(510, 'z') + "\n";
  edge += "last\n";
  inputs.push_back(edge);
  inputs.push_back(std::string(100000, 'q'));  // one line, no newline

  for (const std::string& in : inputs) {
    std::vector<size_t> ends;  // the reference: after each '\n', and the end
    for (size_t i = 0; i < in.size(); ++i)
      if (in[i] == '\n' || i + 1 == in.size()) ends.push_back(i + 1);
    for (auto how : {Document::Offsets::compact, Document::Offsets::wide}) {
      Document d(in, how);
      REQUIRE(d.line_count() == ends.size());
      size_t bad_lines = 0, bad_pos = 0;
      for (size_t i = 0; i < ends.size(); ++i) {
        const size_t begin = i ? ends[i - 1] : 0;
        if (d.line(i).begin != begin || d.line(i).end != ends[i] ||
            d.raw(i) != std::string_view(in).substr(begin, ends[i] - begin))
          ++bad_lines;
        for (size_t pos = begin; pos < ends[i]; ++pos)
          if (d.line_of(pos) != i) ++bad_pos;
      }
      CHECK(bad_lines == 0);
      CHECK(bad_pos == 0);
    }
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

