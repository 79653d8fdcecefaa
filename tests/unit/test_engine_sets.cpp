// How Engine::compile splits patterns (anchored Sets, floating tiers by
// max_chars, span rules run directly, lazy built-in rules) must never change
// what is removed.
#include <doctest/doctest.h>

#include <random>
#include <thread>

#include <re2/re2.h>

#include "core/engine.hpp"
#include "core/re2_watch.hpp"
#include "core/ruleset.hpp"
#include "helpers.hpp"

using namespace decruft;
using test::clean;
using test::engine_from;

TEST_CASE("Engine::compile anchored patterns") {
  SUBCASE("a top-level alternation is not anchored by its first branch") {
    auto e = engine_from(R"(category = "ad"
[[rule]]
id = "alt"
patterns = ['^sponsored$|buy now']
remove = ["Sponsored"]
keep = ["x"]
)");
    CHECK(clean(*e, "A.\nplease buy now\nB.\n") == "A.\nB.\n");
    CHECK(clean(*e, "A.\nSponsored\nB.\n") == "A.\nB.\n");
    CHECK(clean(*e, "A.\nnot sponsored\nB.\n") == "A.\nnot sponsored\nB.\n");
  }
  SUBCASE("^ inside a group or class does not anchor") {
    auto e = engine_from(R"(category = "ad"
[[rule]]
id = "group"
patterns = ['(^|: )promoted$', '[^x]dvert$']
remove = ["Promoted"]
keep = ["x"]
)");
    CHECK(clean(*e, "A.\nnote: promoted\nB.\n") == "A.\nB.\n");
    CHECK(clean(*e, "A.\nsee advert\nB.\n") == "A.\nB.\n");
  }
  SUBCASE("a flag group before ^ keeps it anchored") {
    auto e = engine_from(R"(category = "ad"
[[rule]]
id = "flags"
case_sensitive = true
patterns = ['(?i)^ad$']
remove = ["AD"]
keep = ["x"]
)");
    CHECK(clean(*e, "A.\nAD\nB.\nload\n") == "A.\nB.\nload\n");
  }
}

TEST_CASE("Engine::compile floating tiers by max_chars") {
  // Many short floating rules and one long one: lines longer than the
  // short limit meet only the long rule's tier.
  std::string rules = "category = \"other\"\n";
  for (int i = 0; i < 8; ++i)
    rules += "[[rule]]\nid = \"short" + std::to_string(i) + "\"\npatterns = ['token" +
             std::to_string(i) + "']\nmax_chars = 30\nremove = [\"token" + std::to_string(i) +
             "\"]\nkeep = [\"x\"]\n";
  rules += "[[rule]]\nid = \"long\"\npatterns = ['longword']\nmax_chars = 300\n"
           "remove = [\"longword\"]\nkeep = [\"x\"]\n";
  auto e = engine_from(rules);
  std::string pad(100, 'x');
  CHECK(clean(*e, "A.\nsay token3\nB.\n") == "A.\nB.\n");
  CHECK(clean(*e, "A.\n" + pad + " token3\nB.\n") == "A.\n" + pad + " token3\nB.\n");
  CHECK(clean(*e, "A.\n" + pad + " longword\nB.\n") == "A.\nB.\n");
  CHECK(clean(*e, "A.\nlongword\nB.\n") == "A.\nB.\n");
  std::string too_long(400, 'y');
  CHECK(clean(*e, "A.\n" + too_long + " longword\nB.\n") == "A.\n" + too_long + " longword\nB.\n");
}

TEST_CASE("Engine::compile span rules") {
  auto e = engine_from(R"(category = "ad"
[[rule]]
id = "tail-marker"
scope = "span"
case_sensitive = true
patterns = ['\s*Advertisement\s*$', '^\s*Sponsored:\s+']
max_chars = 40
unless = ['^Advertisement$']
remove = ["Text. Advertisement"]
keep = ["x"]
[[rule]]
id = "floating"
scope = "span"
patterns = ['\[ad\]']
max_chars = 10
remove = ["a [ad] b"]
keep = ["x"]
)");
  CHECK(clean(*e, "Text here. Advertisement\n") == "Text here.\n");
  CHECK(clean(*e, "Sponsored: a text\n") == "a text\n");
  CHECK(clean(*e, "one [AD] two [ad] three\n") == "one  two  three\n");
  CHECK(clean(*e, "an advertisement\n") == "an advertisement\n");
}

TEST_CASE("Engine::compile lazy built-in rules") {
  // Built-in rules compile their own RE2s on first use; that must give the
  // same removals as compiling everything up front, also when two threads
  // reach a rule for the first time together.
  auto build = [](bool lazy) {
    CompileOptions o;
    o.lazy_builtin = lazy;
    return test::builtin_engine(o);
  };
  auto eager = build(false);
  auto lazy = build(true);
  // Every example of every rule, as documents of a few examples each.
  std::vector<std::string> docs;
  std::string doc;
  size_t k = 0;
  for (const auto& r : eager->rules())
    for (const auto* list : {&r.remove_examples, &r.keep_examples})
      for (const auto& ex : *list) {
        doc += ex + "\n\n";
        if (++k % 5 == 0) docs.push_back(std::move(doc)), doc.clear();
      }
  docs.push_back(doc);
  REQUIRE(docs.size() > 100);
  auto run = [&](const Engine& e, size_t from, size_t step, std::vector<EditList>& out) {
    for (size_t i = from; i < docs.size(); i += step) {
      Document d(docs[i]);
      std::string err;
      out[i] = e.match(d, {}, &err);
      CHECK(err.empty());
    }
  };
  std::vector<EditList> want(docs.size()), got(docs.size());
  run(*eager, 0, 1, want);
  std::thread other([&] { run(*lazy, 0, 2, got); });
  run(*lazy, 1, 2, got);
  other.join();
  size_t removals = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    removals += want[i].size();
    REQUIRE(got[i].size() == want[i].size());
    for (size_t j = 0; j < want[i].size(); ++j) {
      CHECK(got[i][j].begin == want[i][j].begin);
      CHECK(got[i][j].end == want[i][j].end);
      CHECK(got[i][j].rule == want[i][j].rule);
    }
  }
  CHECK(removals > 500);  // 755 edits (adjacent removals merge) on 2026-12-01
}

TEST_CASE("Engine::match script groups") {
  // Rules of a language written in its own script run only on documents
  // that hold that script; the others run everywhere.
  RuleSetConfig cfg;
  cfg.builtin = false;
  cfg.user_files.push_back({"rules/ru/test.toml", R"(category = "social"
[[rule]]
id = "share"
patterns = ['^(vk|telegram)( (vk|telegram))*$']
remove = ["Текст.\nVK Telegram"]
keep = ["x"]
)", "ru"});
  cfg.user_files.push_back({"rules/en/test.toml", R"(category = "social"
[[rule]]
id = "share"
patterns = ['^share on telegram$']
remove = ["Share on Telegram"]
keep = ["x"]
)", "en"});
  std::vector<Diagnostic> diags;
  auto e = build_engine(cfg, diags);
  REQUIRE(e);
  CHECK(clean(*e, "Body.\nVK Telegram\n") == "Body.\nVK Telegram\n");
  CHECK(clean(*e, "Текст.\nVK Telegram\n") == "Текст.\n");
  CHECK(clean(*e, "Body.\nVK Telegram\nИван\n") == "Body.\nИван\n");
  CHECK(clean(*e, "Текст.\nShare on Telegram\n") == "Текст.\n");
  CHECK(clean(*e, "Body.\nShare on Telegram\n") == "Body.\n");
  // Japanese and Korean rules need kana/ideographs and Hangul respectively.
  cfg.user_files = {{"rules/ja/test.toml", R"(category = "ad"
[[rule]]
id = "pr"
patterns = ['^pr$']
remove = ["本文。\nPR"]
keep = ["x"]
)", "ja"}, {"rules/ko/test.toml", R"(category = "ad"
[[rule]]
id = "ad"
patterns = ['^ad$']
remove = ["본문.\nAD"]
keep = ["x"]
)", "ko"}};
  diags.clear();
  e = build_engine(cfg, diags);
  REQUIRE(e);
  CHECK(clean(*e, "Body.\nPR\nAD\n") == "Body.\nPR\nAD\n");
  CHECK(clean(*e, "本文。\nPR\nAD\n") == "本文。\nAD\n");
  CHECK(clean(*e, "본문.\nPR\nAD\n") == "본문.\nPR\n");
}

// RE2 keeps going, slowly, when a DFA's states do not fit its budget: a Set
// clears its cache, a single RE2 gives its DFA up for the NFA. re2_watch
// counts both through RE2's hooks, which the build has (Debian's libre2.a).
TEST_CASE("RE2's slow paths are counted (re2_watch)") {
  REQUIRE(re2_watch::available());
  // Lines of random a and b: the DFA of [ab]*a[ab]{18}c needs a state for
  // each of the last 19 letters seen, 2^19 of them.
  std::mt19937 rng(8);
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    for (int k = 0; k < 190; ++k) text += (rng() & 1) ? 'a' : 'b';
    text += '\n';
  }
  const std::string rule = R"(category = "ad"
[[rule]]
id = "blow"
patterns = ['[ab]*a[ab]{18}c']
remove = ["abaaaaaaaaaaaaaaaaaaac"]
keep = ["x"]
)";
  SUBCASE("a Set whose DFA does not fit thrashes, and is counted as the Set's") {
    CompileOptions small, large;
    small.set_max_mem = 1 << 20;
    auto e1 = engine_from(rule, false, small), e96 = engine_from(rule, false, large);
    re2_watch::Counts before = re2_watch::counts();
    std::string slow = clean(*e1, text);
    re2_watch::Counts d = re2_watch::counts() - before;
    CHECK(d.set_thrashing > 10);
    CHECK(d.set_resets >= d.set_thrashing);
    CHECK(d.re2_thrashing == 0);
    CHECK(d.nfa_fallbacks == 0);
    CHECK(d.slow());
    CHECK(re2_watch::describe(d).find("a rule Set's DFA cache thrashed (cleared ") == 0);
    before = re2_watch::counts();
    CHECK(clean(*e96, text) == slow);  // the same result, without the slow path
    d = re2_watch::counts() - before;
    CHECK(d.set_resets == 0);
    CHECK_FALSE(d.slow());
    CHECK(re2_watch::describe(d).empty());
    CHECK(slow == text);  // no line has a c
  }
  SUBCASE("a single RE2 that gives its DFA up for the NFA") {
    RE2::Options o;
    o.set_max_mem(1 << 16);
    o.set_log_errors(false);
    RE2 re("[ab]*a[ab]{10}c", o);
    REQUIRE(re.ok());
    const re2_watch::Counts before = re2_watch::counts();
    CHECK_FALSE(RE2::PartialMatch(text, re));
    const re2_watch::Counts d = re2_watch::counts() - before;
    CHECK(d.nfa_fallbacks == 1);
    CHECK(d.set_resets == 0);  // not put down to a Set
    CHECK(re2_watch::describe(d).find("a pattern's DFA gave up for the NFA once") != std::string::npos);
  }
  SUBCASE("the counts are per thread") {
    CompileOptions small;
    small.set_max_mem = 1 << 20;
    auto e1 = engine_from(rule, false, small);
    const re2_watch::Counts before = re2_watch::counts();
    std::thread([&] { clean(*e1, text); }).join();
    CHECK_FALSE((re2_watch::counts() - before).slow());
  }
}
