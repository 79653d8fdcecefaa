#include <doctest/doctest.h>

#include "core/printers.hpp"
#include "helpers.hpp"

using namespace decruft;

namespace {
std::string diff_of(const Engine& e, const std::string& in, bool word = false) {
  Document doc(in);
  std::string out;
  write_unified_diff(out, doc, e.match(doc), e.rules(), {"f.txt", "f.txt", false, word});
  return out;
}
const char* const kRules = R"(category = "ad"
[[rule]]
id = "marker"
patterns = ['^advertisement$']
remove = ["a"]
keep = ["b"]
[[rule]]
id = "tag"
scope = "span"
patterns = ['\s*\[ad\]']
remove = ["a"]
keep = ["b"]
)";
}  // namespace

TEST_CASE("write_unified_diff") {
  auto e = test::engine_from(kRules);
  SUBCASE("no edits, no output") { CHECK(diff_of(*e, "Hello.\n").empty()); }
  SUBCASE("a removed line: zero context, rule after the second @@") {
    CHECK(diff_of(*e, "A.\nAdvertisement\nB.\n") ==
          "--- a/f.txt\n+++ b/f.txt\n@@ -2,1 +1,0 @@ en/ad/marker\n-Advertisement\n");
  }
  SUBCASE("a changed line: - then +") {
    CHECK(diff_of(*e, "A.\nText [ad]\n") ==
          "--- a/f.txt\n+++ b/f.txt\n@@ -2,1 +2,1 @@ en/ad/tag\n-Text [ad]\n+Text\n");
  }
  SUBCASE("later hunks count earlier removals") {
    CHECK(diff_of(*e, "Advertisement\nA.\nB [ad]\n") ==
          "--- a/f.txt\n+++ b/f.txt\n@@ -1,1 +0,0 @@ en/ad/marker\n-Advertisement\n"
          "@@ -3,1 +2,1 @@ en/ad/tag\n-B [ad]\n+B\n");
  }
  SUBCASE("no newline at end of file") {
    CHECK(diff_of(*e, "A.\nAdvertisement") ==
          "--- a/f.txt\n+++ b/f.txt\n@@ -2,1 +1,0 @@ en/ad/marker\n-Advertisement\n"
          "\\ No newline at end of file\n");
  }
  SUBCASE("word diff shows the removed text in its line") {
    CHECK(diff_of(*e, "Text [ad] more\n", true) ==
          "--- a/f.txt\n+++ b/f.txt\n@@ -1,1 +1,1 @@ en/ad/tag\n Text[- [ad]-] more\n");
  }
}

// The CLI writes large documents' outputs in pieces (cli/app.cpp): the
// pieces must add up to what the one-string printers write.
TEST_CASE("write_unified_diff with flush, for_each_kept") {
  auto e = test::engine_from(kRules);
  std::string in;
  for (int i = 0; in.size() < 3 * kDiffFlushBytes; ++i)
    in += "Line " + std::to_string(i) + (i % 3 ? " [ad]\n" : ".\nAdvertisement\n");
  in += "Last [ad]";  // no newline at the end
  Document doc(in);
  EditList edits = e->match(doc);
  REQUIRE(edits.size() > 10000);
  std::string whole;
  write_unified_diff(whole, doc, edits, e->rules(), {"f.txt", "f.txt", false, false});
  std::string joined, buf;
  size_t calls = 0, largest = 0;
  write_unified_diff(buf, doc, edits, e->rules(), {"f.txt", "f.txt", false, false},
                     [&](std::string& bytes) {
                       ++calls;
                       largest = std::max(largest, bytes.size());
                       joined += bytes;
                       bytes.clear();
                     });
  CHECK(buf.empty());
  CHECK(joined == whole);
  CHECK(calls >= 3);
  CHECK(largest < kDiffFlushBytes + 4096);  // a hunk past the threshold, no more
  std::string kept;
  for_each_kept(in, edits, [&](std::string_view piece) {
    CHECK(!piece.empty());
    kept.append(piece);
  });
  CHECK(kept == apply_edits(in, edits));
  CHECK(kept.find("Advertisement") == std::string::npos);
  CHECK(kept.size() == in.size() - removed_bytes(edits));
}

// One hunk larger than the flush size is handed over in pieces too: the
// printer's buffer stays near kDiffFlushBytes, not the hunk's size.
TEST_CASE("write_unified_diff flushes within a long hunk") {
  auto e = test::engine_from(kRules);
  std::string in = "Body.\n";
  while (in.size() < 3 * kDiffFlushBytes) in += "Advertisement\n";
  in += "More body.\n";
  Document doc(in);
  EditList edits = e->match(doc);
  REQUIRE(edits.size() == 1);  // one run of lines, one rule: one hunk
  std::string whole;
  write_unified_diff(whole, doc, edits, e->rules(), {"f.txt", "f.txt", false, false});
  std::string joined, buf;
  size_t calls = 0, largest = 0;
  write_unified_diff(buf, doc, edits, e->rules(), {"f.txt", "f.txt", false, false},
                     [&](std::string& bytes) {
                       ++calls;
                       largest = std::max(largest, bytes.size());
                       joined += bytes;
                       bytes.clear();
                     });
  CHECK(joined == whole);
  CHECK(calls >= 3);
  CHECK(largest < kDiffFlushBytes + 4096);
}

// The report's flag decisions (core/report.cpp, declared in printers.hpp
// beside the printers that write them).
TEST_CASE("assess_removals") {
  auto e = test::engine_from(kRules);
  auto assess = [&](const std::string& in, double over, double max, size_t* left = nullptr) {
    Document doc(in);
    EditList edits = e->match(doc);
    DocumentFlags f = assess_removals(doc, edits, e->rules(), over, max);
    if (left) *left = edits.size();
    return f;
  };
  SUBCASE("nothing removed, nothing flagged") {
    DocumentFlags f = assess("Hello.\n", 0.0, 0.0);
    CHECK_FALSE(f.over_removal);
    CHECK_FALSE(f.held_back);
    CHECK_FALSE(f.truncated);
  }
  SUBCASE("over the share: flagged; over max_removed: held back, edits cleared") {
    size_t left = 9;
    // "Advertisement\n" is 14 of 21 characters.
    DocumentFlags f = assess("Advertisement\nHello.\n", 0.6, 1.0, &left);
    CHECK(f.over_removal);
    CHECK_FALSE(f.held_back);
    CHECK(left == 1);
    f = assess("Advertisement\nHello.\n", 0.7, 0.6, &left);
    CHECK_FALSE(f.over_removal);
    CHECK(f.held_back);
    CHECK(left == 0);
  }
  SUBCASE("no paywall, subscription or login rule: never truncated") {
    CHECK_FALSE(assess("Short.\nAdvertisement\n", 1.0, 1.0).truncated);
  }
}

TEST_CASE("write_flags_json") {
  std::string out;
  write_flags_json(out, {});
  CHECK(out.empty());
  write_flags_json(out, {true, true, true, true});
  CHECK(out == "\"flags\":[\"binary\",\"over-removal\",\"held-back\",\"truncated\"]");
  out.clear();
  DocumentFlags f;
  f.truncated = true;
  write_flags_json(out, f);
  CHECK(out == "\"flags\":[\"truncated\"]");
}
