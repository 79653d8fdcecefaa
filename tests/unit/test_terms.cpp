// [terms] and `all` groups: loading, errors with file:line:col, matching in
// any order, and the prefilter's part (core/loader.cpp, core/engine.cpp).
#include <doctest/doctest.h>

#include "core/loader.hpp"
#include "core/ruleset.hpp"
#include "helpers.hpp"

using namespace decruft;

namespace {

LoadedRules load_files(const std::vector<RuleFile>& files) {
  LoadedRules out;
  load_rules(files, true, out);
  return out;
}

LoadedRules load1(const std::string& text) { return load_files({{"rules/pl/x.toml", text, "pl"}}); }

// The diagnostic holding `needle`, as file:line:col: message; "" if none.
std::string find(const std::vector<Diagnostic>& ds, const std::string& needle) {
  for (const auto& d : ds)
    if (d.message.find(needle) != std::string::npos) return d.str();
  return "";
}

// Errors of building an engine from one user file.
std::vector<Diagnostic> build_errors(const std::string& text, const std::string& path = "rules/pl/x.toml") {
  RuleSetConfig cfg;
  cfg.builtin = false;
  cfg.user_files.push_back({path, text, language_from_path(path)});
  std::vector<Diagnostic> diags;
  auto e = build_engine(cfg, diags);
  if (e) diags.clear();  // only errors matter here
  return diags;
}

const char* kCookie = R"(category = "cookie"
[terms]
cookie = ['plik\p{Latin}* cookie\p{Latin}*', 'ciasteczk\p{Latin}*']
site = ['stron\p{Latin}*', 'serwis\p{Latin}*']

[[rule]]
id = "notice"
all = ['{cookie}', ['{site}', 'przeglądark\p{Latin}*']]
remove = ["Strona korzysta z plików cookies."]
keep = ["Ciasteczka babci."]
)";

}  // namespace

TEST_CASE("terms: loading and expansion") {
  SUBCASE("a rule of groups alone is looked up by its first group") {
    auto l = load1(kCookie);
    for (const auto& d : l.diagnostics) MESSAGE(d.str());
    REQUIRE(l.ok());
    REQUIRE(l.rules.size() == 1);
    const Rule& r = l.rules[0];
    REQUIRE(r.patterns.size() == 1);
    CHECK(r.patterns[0].text == "(?:plik\\p{Latin}* cookie\\p{Latin}*|ciasteczk\\p{Latin}*)");
    CHECK(r.patterns[0].pos.line == 8);  // where the group is written
    REQUIRE(r.all.size() == 1);
    REQUIRE(r.all[0].size() == 2);
    CHECK(r.all[0][0].text == "(?:stron\\p{Latin}*|serwis\\p{Latin}*)");
    CHECK(r.all[0][1].text == "przeglądark\\p{Latin}*");
    REQUIRE(l.terms.count("pl"));
    CHECK(l.terms.at("pl").size() == 2);
  }
  SUBCASE("terms are shared by the files of a language, and `any` terms by all") {
    auto l = load_files({
        {"rules/pl/terms.toml", "[terms]\nbuy = ['kup\\p{Latin}*']\n", "pl"},
        {"rules/any/terms.toml", "[terms]\nmoney = ['\\d+ ?zł', 'PLN']\n", "any"},
        {"rules/pl/x.toml",
         "category = \"subscription\"\n[[rule]]\nid = \"a\"\npatterns = ['{buy} .*{money}', '{any.money}']\n"
         "remove = [\"x\"]\nkeep = [\"y\"]\n",
         "pl"},
    });
    for (const auto& d : l.diagnostics) MESSAGE(d.str());
    REQUIRE(l.ok());
    CHECK(l.rules[0].patterns[0].text == "(?:kup\\p{Latin}*) .*(?:\\d+ ?zł|PLN)");
    CHECK(l.rules[0].patterns[1].text == "(?:\\d+ ?zł|PLN)");
  }
  SUBCASE("terms may refer to terms; braces that are not references stay") {
    auto l = load1(R"(category = "ad"
[terms]
a = ['x{2,3}', 'y']
b = ['{a}z', '[{a}]']
[[rule]]
id = "r"
patterns = ['\p{Latin}{b}\x{27}', 'q{1}']
remove = ["x"]
keep = ["y"]
)");
    for (const auto& d : l.diagnostics) MESSAGE(d.str());
    REQUIRE(l.ok());
    CHECK(l.rules[0].patterns[0].text == "\\p{Latin}(?:(?:x{2,3}|y)z|[{a}])\\x{27}");
    CHECK(l.rules[0].patterns[1].text == "q{1}");
  }
  SUBCASE("a user file's term of the same name is its own") {
    LoadedRules l;
    load_rules({{"rules/en/t.toml", "[terms]\nw = ['built']\n[[rule]]\nid = \"b\"\ncategory = \"ad\"\npatterns = ['{w}']\nremove = [\"x\"]\nkeep = [\"y\"]\n", "en"}}, true, l);
    load_rules({{"mine/t.toml", "language = \"en\"\n[terms]\nw = ['mine']\n[[rule]]\nid = \"u\"\ncategory = \"ad\"\npatterns = ['{w}']\n", "user"}}, false, l);
    REQUIRE(l.ok());
    CHECK(l.rules[0].patterns[0].text == "(?:built)");
    CHECK(l.rules[1].patterns[0].text == "(?:mine)");
  }
}

TEST_CASE("terms: errors name file:line:col") {
  SUBCASE("unknown term in a pattern") {
    auto l = load1(R"(category = "ad"
[[rule]]
id = "r"
patterns = ['x', 'a{nope}b']
remove = ["x"]
keep = ["y"]
)");
    CHECK_FALSE(l.ok());
    CHECK(find(l.diagnostics, "unknown term") ==
          "rules/pl/x.toml:4:18: rule \"r\": unknown term {nope} (not in [terms] of \"pl\" or \"any\")");
  }
  SUBCASE("unknown term inside a term, reported at the term only") {
    auto l = load1(R"(category = "ad"
[terms]
a = ['ok', '{missing}']
[[rule]]
id = "r"
patterns = ['{a}']
remove = ["x"]
keep = ["y"]
)");
    CHECK_FALSE(l.ok());
    CHECK(find(l.diagnostics, "unknown term") ==
          "rules/pl/x.toml:3:12: term `a`: unknown term {missing} (not in [terms] of \"pl\" or \"any\")");
    CHECK(l.diagnostics.size() == 1);
  }
  SUBCASE("a cycle") {
    auto l = load1("[terms]\na = ['{b}']\nb = ['x{a}']\n");
    CHECK_FALSE(l.ok());
    CHECK(find(l.diagnostics, "cycle") ==
          "rules/pl/x.toml:2:6: term `a`: terms refer to each other in a cycle: {a} -> {b} -> {a}");
    CHECK(find(l.diagnostics, "{b} -> {a} -> {b}") != "");
  }
  SUBCASE("empty groups, empty terms, bad names, duplicates") {
    auto l = load_files({{"rules/pl/x.toml", R"(category = "ad"
[terms]
empty = []
blank = ['ok', '']
Bad = ['x']
twice = ['x']
[[rule]]
id = "r"
all = []
remove = ["x"]
keep = ["y"]
[[rule]]
id = "s"
all = ['x', []]
remove = ["x"]
keep = ["y"]
[[rule]]
id = "t"
all = ['x', 3]
remove = ["x"]
keep = ["y"]
[[rule]]
id = "u"
scope = "span"
all = ['x']
remove = ["x"]
keep = ["y"]
)", "pl"}, {"rules/pl/y.toml", "[terms]\ntwice = ['y']\n", "pl"}});
    CHECK_FALSE(l.ok());
    CHECK(find(l.diagnostics, "no alternatives") == "rules/pl/x.toml:3:9: term `empty`: no alternatives (an empty term would never match)");
    CHECK(find(l.diagnostics, "empty alternative") == "rules/pl/x.toml:4:16: term `blank`: an empty alternative (it would match any line)");
    CHECK(find(l.diagnostics, "term name") == "rules/pl/x.toml:5:1: term `Bad`: a term name must match [a-z][a-z0-9_]*");
    CHECK(find(l.diagnostics, "already defined") == "rules/pl/y.toml:2:1: term `twice`: already defined for language \"pl\" at rules/pl/x.toml:6");
    CHECK(find(l.diagnostics, "`all` is empty") == "rules/pl/x.toml:9:7: rule \"r\": `all` is empty: give it at least one group");
    CHECK(find(l.diagnostics, "empty group") == "rules/pl/x.toml:14:13: rule \"s\": `all`: an empty group (it would never match)");
    CHECK(find(l.diagnostics, "must hold patterns") == "rules/pl/x.toml:19:13: rule \"t\": `all` must hold patterns or arrays of patterns");
    CHECK(find(l.diagnostics, "span rule needs") == "rules/pl/x.toml:22:1: rule \"u\": a span rule needs `patterns` (the text that goes) beside `all`");
  }
  SUBCASE("a bad regex inside a term, where it is written") {
    auto ds = build_errors(R"(category = "ad"
[terms]
good = ['fine']
bad = ['fine', 'un(closed']
[[rule]]
id = "r"
patterns = ['{good}']
)");
    CHECK(find(ds, "invalid regex") == "rules/pl/x.toml:4:16: term `bad`: invalid regex: missing ): un(closed");
  }
}

TEST_CASE("terms: `all` groups match in any order, and only together") {
  auto e = test::engine_from(kCookie);
  const std::string cases[][2] = {
      {"Strona korzysta z plików cookies.\n", ""},
      {"Pliki cookies pomagają naszej stronie.\n", ""},            // the other order
      {"Ciasteczka ustawia twoja przeglądarka.\n", ""},            // the group's second pattern
      {"Pliki cookies są smaczne.\n", "Pliki cookies są smaczne.\n"},  // no site word
      {"Strona i serwis.\n", "Strona i serwis.\n"},                 // no cookie word
      {"Pliki cookie\nna stronie\n", "Pliki cookie\nna stronie\n"},  // not on one line
  };
  for (const auto& c : cases) {
    CAPTURE(c[0]);
    CHECK(test::clean(*e, c[0]) == c[1]);
  }
}

TEST_CASE("terms: the prefilter sees every group's words") {
  const std::string toml = R"(category = "subscription"
[terms]
subscribe = ['subscri(?:be|bing|ption)', 'sign up']
read = ['read(?:ing)?', 'continue', 'articles?']
[[rule]]
id = "a"
all = ['{subscribe}', '{read}']
unless = ['\bnewspaper said\b']
[[rule]]
id = "b"
scope = "span"
patterns = ['\$\d+ a month']
all = ['{subscribe}']
[[rule]]
id = "c"
patterns = ['\boffer\b']
all = [['[A-Z]\w+ only', 'today'], '\d\d']
)";
  CompileOptions on, off;
  off.prefilter = false;
  auto with = test::engine_from(toml, false, on);
  auto without = test::engine_from(toml, false, off);
  // A term is one pattern. Looked up by literals: a's first group, b's and
  // c's patterns. In the prefilter as groups: a's second, b's, and c's first
  // (two patterns); c's second has no literal, so RE2 alone checks it.
  CHECK(with->prefiltered(false) == 3);
  CHECK(with->prefiltered(true) == 1 + 1 + 2);
  CHECK(without->prefiltered(false) == 0);
  CHECK(without->prefiltered(true) == 0);
  const std::string text =
      "Subscribe to continue reading.\n"
      "Keep reading: subscribe.\n"
      "Subscribe now\n"
      "Continue reading\n"
      "Subscription: the newspaper said reading is up.\n"
      "Sign up for $5 a month today\n"
      "It costs $5 a month\n"
      "Offer\n"
      "Subscribers only: offer\n"
      "Subscribers only: offer 24\n"
      "Today 24: offer\n";
  const std::string expected =
      "Subscribe now\n"
      "Continue reading\n"
      "Subscription: the newspaper said reading is up.\n"
      "Sign up for  today\n"
      "It costs $5 a month\n"
      "Offer\n"
      "Subscribers only: offer\n";
  CHECK(test::clean(*with, text) == expected);
  CHECK(test::clean(*without, text) == expected);
}
