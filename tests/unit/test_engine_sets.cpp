// How Engine::compile splits patterns (anchored Set, floating tiers by
// max_chars, span rules run directly) must never change what is removed.
#include <doctest/doctest.h>

#include "core/engine.hpp"
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
