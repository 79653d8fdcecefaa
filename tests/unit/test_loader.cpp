#include <doctest/doctest.h>

#include "core/loader.hpp"

using namespace decruft;

namespace {
LoadedRules load(const std::string& text, bool require_examples = true) {
  LoadedRules out;
  load_rules({{"rules/en/x.toml", text, "en"}}, require_examples, out);
  return out;
}
bool has(const LoadedRules& l, const std::string& needle, uint32_t line = 0) {
  for (const auto& d : l.diagnostics)
    if (d.message.find(needle) != std::string::npos && (!line || d.pos.line == line))
      return true;
  return false;
}
}  // namespace

TEST_CASE("load_rules") {
  SUBCASE("a valid rule gets its defaults and full id") {
    auto l = load(R"(category = "paywall"
[[rule]]
id = "gate"
patterns = ['^subscribe to read$']
remove = ["Subscribe to read"]
keep = ["They subscribe to read the news."]
)");
    REQUIRE(l.ok());
    REQUIRE(l.rules.size() == 1);
    const Rule& r = l.rules[0];
    CHECK(r.full_id == "en/paywall/gate");
    CHECK(r.scope == Scope::line);
    CHECK(r.max_chars == 200);
    CHECK(r.pos.line == 2);
    CHECK(r.patterns[0].pos.line == 4);
    CHECK(r.patterns[0].pos.column == 13);
  }
  SUBCASE("blocks default to 12 lines") {
    auto l = load(R"([[rule]]
id = "box"
category = "donation"
scope = "block"
start = ['^support us$']
end = ['^later$']
remove = ["a"]
keep = ["b"]
)");
    REQUIRE(l.ok());
    CHECK(l.rules[0].max_lines == 12);
  }
  SUBCASE("every error is reported, with its line") {
    auto l = load(R"(category = "ad"
colour = "red"
[[rule]]
id = "Bad Id"
patterns = "x"
max_chars = "many"
scope = "somewhere"
remove = ["x"]
keep = ["y"]
[[rule]]
id = "two"
near_removed = true
scope = "span"
patterns = ['x']
remove = ["x"]
keep = ["y"]
[[rule]]
id = "two"
category = "nonsense"
patterns = ['x']
)");
    CHECK_FALSE(l.ok());
    CHECK(has(l, "unknown key `colour`", 2));
    CHECK(has(l, "id must match", 4));
    CHECK(has(l, "`max_chars` must be an integer", 6));
    CHECK(has(l, "unknown scope", 7));
    CHECK(has(l, "near_removed` applies to line rules only", 10));
    CHECK(has(l, "unknown category \"nonsense\"", 19));
    CHECK(has(l, "needs both `remove` and `keep` examples", 17));
    CHECK_FALSE(has(l, "duplicate id"));  // the bad category left en/other/two
  }
  SUBCASE("min_run") {
    auto l = load(R"(category = "related"
[[rule]]
id = "run-without-near"
min_run = 3
patterns = ['x']
remove = ["x"]
keep = ["y"]
[[rule]]
id = "run-of-none"
near_removed = true
min_run = 0
patterns = ['x']
remove = ["x"]
keep = ["y"]
)");
    CHECK_FALSE(l.ok());
    CHECK(has(l, "`min_run` applies to near_removed rules only", 2));
    CHECK(has(l, "min_run", 11));
  }
  SUBCASE("duplicate ids") {
    auto l = load(R"(category = "ad"
[[rule]]
id = "a"
patterns = ['x']
remove = ["x"]
keep = ["y"]
[[rule]]
id = "a"
patterns = ['z']
remove = ["z"]
keep = ["y"]
)");
    CHECK(has(l, "duplicate id en/ad/a (first defined at rules/en/x.toml:2)", 7));
  }
  SUBCASE("missing examples are a warning for user files") {
    auto l = load("category = \"ad\"\n[[rule]]\nid = \"a\"\npatterns = ['x']\n", false);
    CHECK(l.ok());
    REQUIRE(l.diagnostics.size() == 1);
    CHECK(l.diagnostics[0].warning);
  }
  SUBCASE("bad TOML names the line") {
    auto l = load("[[rule]]\nid = \"a\n");
    REQUIRE_FALSE(l.ok());
    CHECK(l.diagnostics[0].pos.line == 2);
    CHECK(l.diagnostics[0].message.find("invalid TOML") == 0);
  }
  SUBCASE("a block needs start and end, not patterns") {
    auto l = load(R"([[rule]]
id = "b"
category = "cookie"
scope = "block"
patterns = ['x']
remove = ["x"]
keep = ["y"]
)");
    CHECK(has(l, "needs `start` patterns"));
    CHECK(has(l, "needs `end` patterns"));
    CHECK(has(l, "not `patterns`", 5));
  }
  SUBCASE("disable lists") {
    auto l = load("disable = [\"en/paywall/verify-access\"]\n");
    CHECK(l.ok());
    REQUIRE(l.disabled.size() == 1);
    CHECK(l.disabled[0] == "en/paywall/verify-access");
  }
}

TEST_CASE("language_from_path") {
  CHECK(language_from_path("rules/en/paywall.toml") == "en");
  CHECK(language_from_path("/x/rules/pt-br/ad.toml") == "pt-br");
  CHECK(language_from_path("rules/any/social.toml") == "any");
  CHECK(language_from_path("/tmp/mine.toml") == "user");
  CHECK(language_from_path("mine.toml") == "user");
}
