// core/literals.cpp: the required literals of a pattern and the case
// folding they are compared in. The prefilter is sound only if both agree
// with RE2, so the folding is checked against RE2 itself, the literals
// against every example of the shipped rules, and the engine with the
// prefilter against the engine without it on every document of
// ../shared/corpus.
#include <doctest/doctest.h>

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iterator>
#include <fstream>
#include <sstream>

#include "core/builtin.hpp"
#include "core/literals.hpp"
#include "core/prefilter.hpp"
#include "core/re2_watch.hpp"
#include "core/ruleset.hpp"
#include "helpers.hpp"
#include "util/json.hpp"

using namespace decruft;

namespace {

std::string utf8(uint32_t c) {
  std::string s;
  util::append_utf8(s, c);
  return s;
}

std::string folded(std::string_view s) {
  std::string out;
  fold(s, out);
  return out;
}

std::vector<std::string> lits(std::string_view p) { return required_literals(p); }

}  // namespace

TEST_CASE("fold agrees with RE2's case-insensitive matching") {
  // Every code point below U+20000 (all that have case), one per line.
  std::string all;
  for (uint32_t c = 1; c < 0x20000; ++c) {
    if ((c >= 0xD800 && c < 0xE000) || c == '\n') continue;
    all += utf8(c);
    all += '\n';
  }
  // For each character a literal may hold, whatever RE2 matches with (?i)
  // folds to the same bytes. Letters are checked one by one; the caseless
  // ranges (punctuation, CJK, kana, Hangul) by a sample.
  std::vector<uint32_t> check;
  for (uint32_t c = 1; c < 0x20000; ++c) {
    if (c == '\n' || (c >= 0xD800 && c < 0xE000) || !foldable(c)) continue;
    const bool letters = c < 0x180 || (c >= 0x400 && c < 0x460);
    if (letters || c % 97 == 0) check.push_back(c);
  }
  CHECK(check.size() > 400);
  RE2::Options o;
  o.set_case_sensitive(false);
  size_t bad = 0;
  for (uint32_t c : check) {
    RE2 re("^" + RE2::QuoteMeta(utf8(c)) + "$", [&] {
      RE2::Options m = o;
      m.set_posix_syntax(true);
      m.set_one_line(false);  // ^ and $ at line breaks
      return m;
    }());
    REQUIRE(re.ok());
    re2::StringPiece in(all);
    re2::StringPiece m;
    size_t pos = 0;
    const std::string want = folded(utf8(c));
    while (re.Match(in, pos, in.size(), RE2::UNANCHORED, &m, 1)) {
      if (folded(std::string_view(m.data(), m.size())) != want) {
        ++bad;
        MESSAGE("U+" << std::hex << c << " matches a character that folds elsewhere: "
                     << std::string(m.data(), m.size()));
      }
      pos = static_cast<size_t>(m.data() - in.data()) + m.size() + 1;
      if (pos > in.size()) break;
    }
  }
  CHECK(bad == 0);
  // And fold() never merges what RE2 keeps apart, for the letters.
  CHECK(folded("ÀÉÎÕÜŁŚŻĄĘŃ") == "àéîõüłśżąęń");
  CHECK(folded("ПОДПИСКА Ёё") == "подписка ёё");
  CHECK(folded("\xE2\x84\xAA\xC5\xBF") == "ks");  // KELVIN SIGN, LONG S
  CHECK(folded("İı") == "İı");                    // RE2 folds neither with i
  CHECK(folded("\xFF\xC3") == "\xFF\xC3");        // invalid UTF-8 is copied
}

TEST_CASE("required_literals") {
  using V = std::vector<std::string>;
  CHECK(lits("please enable javascript") == V{"please e"});  // kept to 8 bytes
  CHECK(lits("(?i)^Sub now$") == V{"sub now"});
  CHECK(lits("^(share|tweet|e-?mail)$") == V{"e-mail", "email", "share", "tweet"});
  CHECK(lits("don[’']t") == V{"don't", "don’t"});
  // The longest requirement of a concatenation wins.
  CHECK(lits(R"(^\s*by\s+joining\s+you)") == V{"joining"});
  // A part that may match anything or nothing.
  CHECK(lits(".*").empty());
  CHECK(lits("^(ok|x)$").empty());  // too short
  CHECK(lits("cookies?|").empty());  // an empty branch
  CHECK(lits("(subscribe)*").empty());
  CHECK(lits("(join)+ now") == V{"join"});
  CHECK(lits(R"(\bnews\b)") == V{"news"});
  // Not modelled: no answer rather than a wrong one.
  CHECK(lits(R"(\x{41}dvert)") == V{"dvert"});  // \x breaks the literal...
  CHECK(lits(R"(\Qa.b\E)").empty());             // ...\Q is not known
  CHECK(lits("a{,2}bc").empty());
  // Characters fold() does not know break a literal.
  CHECK(lits("αβγ news") == V{" news"});
}

// Random patterns over a small alphabet with case variants (KELVIN SIGN,
// LONG S, É), random texts: whatever RE2 matches holds a literal.
TEST_CASE("required literals hold on random patterns and texts") {
  const char* const atoms[] = {"a", "b", "k", "s", "é", "É", "K", "S", "\\.", ".", "[ab]", "[^a]",
                               "\\b", "^", "$", "\\s", "x"};
  const char* const text_atoms[] = {"a", "b", "k", "s", "é", "É", "K", "S", ".", " ", "x",
                                    "\xE2\x84\xAA", "\xC5\xBF", "A", "B"};
  uint64_t seed = 12345;
  auto rnd = [&](size_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>((seed >> 33) % n);
  };
  // pattern := alternative ('|' alternative)?; alternative := piece+;
  // piece := atom | '(' pattern ')', then maybe a quantifier.
  std::function<std::string(int)> pattern = [&](int depth) {
    std::string out;
    const size_t pieces = 1 + rnd(5);
    for (size_t i = 0; i < pieces; ++i) {
      if (depth < 2 && rnd(6) == 0)
        out += "(" + pattern(depth + 1) + ")";
      else
        out += atoms[rnd(std::size(atoms))];
      switch (rnd(8)) {
        case 0: out += "?"; break;
        case 1: out += "*"; break;
        case 2: out += "+"; break;
        case 3: out += "{2}"; break;
        default: break;
      }
    }
    if (rnd(4) == 0) out += "|" + pattern(depth + 1);
    return out;
  };
  size_t with = 0, matched = 0;
  for (int n = 0; n < 3000; ++n) {
    const std::string p = (rnd(2) ? "(?i)" : "") + pattern(0);
    RE2::Options o;
    o.set_log_errors(false);
    RE2 re(p, o);
    if (!re.ok()) continue;
    auto l = required_literals(p, 1);
    if (l.empty()) continue;
    ++with;
    for (int t = 0; t < 60; ++t) {
      std::string text;
      for (size_t k = rnd(12); k-- > 0;) text += text_atoms[rnd(std::size(text_atoms))];
      if (!RE2::PartialMatch(text, re)) continue;
      ++matched;
      const std::string f = folded(text);
      bool found = std::any_of(l.begin(), l.end(),
                               [&](const std::string& s) { return f.find(s) != std::string::npos; });
      CHECK_MESSAGE(found, "pattern " << p << " matches " << text);
    }
  }
  CHECK(with > 500);
  CHECK(matched > 1000);
}

TEST_CASE("required literals hold in every example a pattern matches") {
  LoadedRules lr;
  load_rules(builtin_rule_files(), true, lr);
  REQUIRE(lr.ok());
  size_t checked = 0, with = 0, patterns = 0;
  for (const auto& r : lr.rules) {
    const auto& pats = r.scope == Scope::block ? r.start : r.patterns;
    for (const auto& p : pats) {
      ++patterns;
      auto l = required_literals(p.text);
      if (l.empty()) continue;
      ++with;
      RE2::Options o;
      o.set_case_sensitive(r.case_sensitive);
      RE2 re(expand_pattern(p.text), o);
      REQUIRE(re.ok());
      for (const auto* ex : {&r.remove_examples, &r.keep_examples})
        for (const auto& e : *ex) {
          std::istringstream in(e);
          for (std::string line; std::getline(in, line);) {
            if (!RE2::PartialMatch(line, re)) continue;
            ++checked;
            const std::string f = folded(line);
            bool found = std::any_of(l.begin(), l.end(),
                                     [&](const std::string& s) { return f.find(s) != std::string::npos; });
            CHECK_MESSAGE(found, r.full_id << ": " << line);
          }
        }
    }
  }
  CHECK(with * 10 >= patterns * 9);  // nine patterns in ten leave the Sets
  CHECK(checked > 1000);
}

TEST_CASE("the build-time literal table answers what required_literals does") {
  LoadedRules lr;
  load_rules(builtin_rule_files(), true, lr);
  REQUIRE(lr.ok());
  size_t rows = 0;
  const std::string_view* literals = nullptr;
  const BuiltinLiterals* table = builtin_literal_table(rows, literals);
  auto in_table = [&](std::string_view text) {
    const BuiltinLiterals* it = std::lower_bound(
        table, table + rows, text, [](const BuiltinLiterals& row, std::string_view t) { return row.pattern < t; });
    return it != table + rows && it->pattern == text;
  };
  // The rows are sorted (pattern_literals() searches them by halves), and
  // every Set pattern of the built-in rules is one.
  REQUIRE(std::is_sorted(table, table + rows,
                         [](const auto& a, const auto& b) { return a.pattern < b.pattern; }));
  size_t patterns = 0;
  for (const auto& r : lr.rules)
    for (const auto& p : r.scope == Scope::block ? r.start : r.patterns) {
      ++patterns;
      CHECK_MESSAGE(in_table(p.text), r.full_id << ": " << p.text);
    }
  CHECK(patterns > 1000);
  // Each row holds the function's own answer, in its order.
  size_t with = 0;
  for (size_t i = 0; i < rows; ++i) {
    const std::string pattern(table[i].pattern);
    const std::vector<std::string> want = required_literals(pattern);
    std::vector<std::string> got(literals + table[i].first,
                                 literals + table[i].first + table[i].count);
    CHECK_MESSAGE(got == want, pattern);
    CHECK(pattern_literals(pattern) == want);
    with += !want.empty();
  }
  CHECK(with * 10 >= rows * 9);
  // A pattern the table does not know is worked out.
  const std::string mine = "please (?:whitelist|allowlist) our humble site";
  REQUIRE_FALSE(in_table(mine));
  CHECK(pattern_literals(mine) == required_literals(mine));
  CHECK_FALSE(pattern_literals(mine).empty());
}

TEST_CASE("LiteralMatcher finds every occurrence") {
  // As a full table, with a table of its shallowest states only, and with
  // its own edges only.
  for (size_t dense : {size_t{65536}, size_t{4}, size_t{1}, size_t{0}}) {
    CAPTURE(dense);
    LiteralMatcher m(dense);
    m.add("he", 1);
    m.add("she", 2);
    m.add("his", 3);
    m.add("hers", 4);
    m.add("ушерс", 5);
    m.add("sh", 6);
    m.build();
    std::vector<uint32_t> got;
    m.scan("ushers; ушерс; hishe", [&](uint32_t v) { got.push_back(v); });
    CHECK(got == std::vector<uint32_t>{6, 2, 1, 4, 5, 3, 6, 2, 1});
    CHECK(m.dense_rows() == std::min<size_t>(dense, m.states()));
    got.clear();  // ASCII upper case reads as lower case
    m.scan("USHERS; ушерс; HisHe", [&](uint32_t v) { got.push_back(v); });
    CHECK(got == std::vector<uint32_t>{6, 2, 1, 4, 5, 3, 6, 2, 1});
    got.clear();
    m.scan("nothing", [&](uint32_t v) { got.push_back(v); });
    CHECK(got.empty());
  }
  LiteralMatcher none;
  none.build();
  CHECK(none.empty());
}

// The prefilter must never change what is removed: the shipped rules with
// and without it, on every document of ../shared/corpus and every example.
// The same for 16-bit per-line owners (what the shipped rules get) against
// 32-bit ones.
TEST_CASE("the prefilter removes exactly what the Sets do") {
  CompileOptions on, off, wide;
  off.prefilter = false;
  wide.wide_owners = true;
  auto with = test::builtin_engine(on), without = test::builtin_engine(off),
       wide_owners = test::builtin_engine(wide);
  std::vector<std::string> docs;
  for (const auto& r : with->rules()) {
    for (const auto& e : r.remove_examples) docs.push_back(e);
    for (const auto& e : r.keep_examples) docs.push_back(e);
  }
  const std::filesystem::path corpus = std::filesystem::path(DECRUFT_SHARED_DIR) / "corpus";
  std::error_code ec;
  size_t files = 0;
  if (std::filesystem::is_directory(corpus, ec)) {
    std::vector<std::filesystem::path> paths;
    for (const auto& f : std::filesystem::recursive_directory_iterator(corpus))
      if (f.is_regular_file() && f.path().extension() == ".txt") paths.push_back(f.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      docs.push_back(ss.str());
      ++files;
    }
    CHECK(files > 1000);
  } else {
    MESSAGE("no " << corpus.string() << ": examples only");
  }
  auto same = [](const EditList& a, const EditList& b) {
    bool eq = a.size() == b.size();
    for (size_t i = 0; eq && i < a.size(); ++i)
      eq = a[i].begin == b[i].begin && a[i].end == b[i].end && a[i].rule == b[i].rule;
    return eq;
  };
  size_t differ = 0, differ_wide = 0, removals = 0;
  uint64_t slow = 0;  // documents the shipped engine matched on an RE2 slow path
  for (const auto& text : docs) {
    Document doc(text);
    std::string e1, e2, e3;
    const re2_watch::Counts before = re2_watch::counts();
    EditList a = with->match(doc, {}, &e1);
    slow += (re2_watch::counts() - before).slow();
    EditList b = without->match(doc, {}, &e2), c = wide_owners->match(doc, {}, &e3);
    CHECK(e1 == e2);
    CHECK(e1 == e3);
    removals += a.size();
    if (!same(a, b) && ++differ <= 5) MESSAGE("differs: " << text.substr(0, 200));
    if (!same(a, c) && ++differ_wide <= 5) MESSAGE("differs with wide owners: " << text.substr(0, 200));
  }
  CHECK(differ == 0);
  CHECK(differ_wide == 0);
  CHECK(removals > 1000);
  CHECK(re2_watch::available());
  CHECK(slow == 0);
}

// The prefilter keeps smaller automata for longer lines (by the rules'
// max_chars) and runs anchored span rules only on the lines it flags: a
// line just within a rule's max_chars must still reach the rule, and one
// just beyond it must not.
TEST_CASE("the prefilter's length tiers and span rules lose no line") {
  std::string toml = "category = \"ad\"\n";
  const std::vector<int> limits = {20, 60, 200, 260, 400, 700, 900, 1500};
  for (int m : limits)
    toml += "[[rule]]\nid = \"r" + std::to_string(m) + "\"\npatterns = ['marker" + std::to_string(m) +
            "\\b']\nmax_chars = " + std::to_string(m) +
            "\nremove = [\"marker" + std::to_string(m) + "\"]\nkeep = [\"nothing\"]\n";
  toml +=
      "[[rule]]\nid = \"tail-span\"\nscope = \"span\"\npatterns = ['\\s*\\bSponsor note\\s*$']\n"
      "max_chars = 40\nremove = [\"Text. Sponsor note\"]\nkeep = [\"nothing\"]\n";
  CompileOptions off;
  off.prefilter = false;
  auto with = test::engine_from(toml), without = test::engine_from(toml, false, off);
  std::string text;
  size_t expected = 0;
  for (int m : limits)
    for (int len : {m - 1, m, m + 1}) {
      std::string line = "marker" + std::to_string(m) + " ";
      while (static_cast<int>(line.size()) < len) line += (line.size() % 7 ? 'x' : ' ');
      line.resize(static_cast<size_t>(len));
      // Non-ASCII lines are folded before the scan; max_chars counts
      // characters, so "é" (two bytes) stands for one.
      if (len % 2) {
        line.pop_back();
        line += "\xC3\xA9";
      }
      text += line + "\n\n";
      expected += len <= m;
    }
  text += std::string(3000, 'y') + " Sponsor note\n";
  Document doc(text);
  EditList a = with->match(doc, {}), b = without->match(doc, {});
  size_t lines = 0, spans = 0;
  for (const auto& e : a) {
    std::string_view gone = doc.bytes().substr(e.begin, e.end - e.begin);
    for (size_t at = gone.find("marker"); at != std::string_view::npos; at = gone.find("marker", at + 1))
      ++lines;
    spans += gone == " Sponsor note";
  }
  CHECK(spans == 1);
  CHECK(lines == expected);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].begin == b[i].begin);
    CHECK(a[i].end == b[i].end);
    CHECK(a[i].rule == b[i].rule);
  }
}
