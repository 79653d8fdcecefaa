#include <doctest/doctest.h>

#include "core/engine.hpp"
#include "helpers.hpp"

using namespace decruft;
using test::clean;
using test::engine_from;

namespace {
const char* const kAd = R"(category = "ad"
[[rule]]
id = "marker"
patterns = ['^\s*advertisement\s*$']
remove = ["Advertisement"]
keep = ["x"]
)";
}  // namespace

TEST_CASE("Engine::match line rules") {
  auto e = engine_from(kAd);
  SUBCASE("the whole line goes, with its ending") {
    CHECK(clean(*e, "First.\nAdvertisement\nSecond.\n") == "First.\nSecond.\n");
  }
  SUBCASE("case-insensitive by default") {
    CHECK(clean(*e, "A.\nADVERTISEMENT\nB.\n") == "A.\nB.\n");
  }
  SUBCASE("CRLF and no final newline are kept") {
    CHECK(clean(*e, "A.\r\nAdvertisement\r\nB.") == "A.\r\nB.");
  }
  SUBCASE("\\s matches a no-break space") {
    CHECK(clean(*e, "A.\n\xC2\xA0" "Advertisement\xC2\xA0\nB.\n") == "A.\nB.\n");
  }
  SUBCASE("a byte-order mark stays when the first line goes") {
    CHECK(clean(*e, "\xEF\xBB\xBF" "Advertisement\nBody.\n") == "\xEF\xBB\xBF" "Body.\n");
  }
  SUBCASE("invalid UTF-8 passes through") {
    std::string in = "A \xFF\xFE.\nAdvertisement\n\xC3(\n";
    CHECK(clean(*e, in) == "A \xFF\xFE.\n\xC3(\n");
  }
}

TEST_CASE("Engine::match guards") {
  auto e = engine_from(R"(category = "cookie"
[[rule]]
id = "banner"
patterns = ['we use cookies']
max_chars = 40
unless = ['\bbaked\b']
remove = ["We use cookies."]
keep = ["x"]
[[rule]]
id = "nyt-only"
patterns = ['^site notice$']
sites = ["nytimes.com"]
remove = ["Site notice"]
keep = ["x"]
[[rule]]
id = "exact"
case_sensitive = true
patterns = ['^ACCEPT$']
remove = ["ACCEPT"]
keep = ["x"]
)");
  SUBCASE("max_chars: a long line is prose") {
    std::string prose = "We use cookies from the bakery down the road in every recipe here.\n";
    CHECK(clean(*e, prose) == prose);
    CHECK(clean(*e, "We use cookies.\nText.\n") == "Text.\n");
  }
  SUBCASE("max_chars counts characters, not bytes") {
    // 15 Hangul syllables (45 bytes) fit max_chars = 40; 41 do not.
    std::string k15, k41;
    for (int i = 0; i < 15; ++i) k15 += "\xEA\xB0\x80";
    for (int i = 0; i < 41; ++i) k41 += "\xEA\xB0\x80";
    auto e2 = engine_from(R"(category = "cookie"
[[rule]]
id = "hangul"
patterns = ['^\p{Hangul}+$']
max_chars = 40
remove = ["가"]
keep = ["x"]
)");
    CHECK(clean(*e2, k15 + "\nText.\n") == "Text.\n");
    CHECK(clean(*e2, k41 + "\nText.\n") == k41 + "\nText.\n");
  }
  SUBCASE("unless keeps the line") {
    CHECK(clean(*e, "We use cookies, baked.\n") == "We use cookies, baked.\n");
  }
  SUBCASE("sites: only on that domain or a subdomain") {
    std::string in = "Site notice\nText.\n";
    CHECK(clean(*e, in) == in);
    CHECK(clean(*e, in, "www.nytimes.com") == "Text.\n");
    CHECK(clean(*e, in, "nytimes.com") == "Text.\n");
    CHECK(clean(*e, in, "notnytimes.com") == in);
  }
  SUBCASE("case_sensitive") {
    CHECK(clean(*e, "ACCEPT\nText.\n") == "Text.\n");
    CHECK(clean(*e, "Accept\nText.\n") == "Accept\nText.\n");
  }
}

TEST_CASE("Engine::match span rules") {
  auto e = engine_from(R"(category = "ad"
[[rule]]
id = "trailing"
scope = "span"
patterns = ['\s*advertisement\s*$']
max_chars = 30
remove = ["Text.Advertisement"]
keep = ["x"]
)");
  SUBCASE("only the matched text goes, on a line of any length") {
    std::string prose(300, 'x');
    CHECK(clean(*e, prose + " Advertisement\nNext.\n") == prose + "\nNext.\n");
  }
  SUBCASE("a line left with only white space goes whole") {
    CHECK(clean(*e, "A.\n  Advertisement\nB.\n") == "A.\nB.\n");
  }
}

TEST_CASE("Engine::match block rules") {
  auto e = engine_from(R"(category = "donation"
[[rule]]
id = "box"
scope = "block"
start = ['^a message from'] 
end = ['^remind me later']
max_lines = 4
remove = ["a"]
keep = ["b"]
)");
  SUBCASE("start through end, long lines inside included") {
    std::string long_line(500, 'y');
    CHECK(clean(*e, "Body.\nA message from us:\n" + long_line + "\nRemind me later.\nMore.\n") ==
          "Body.\nMore.\n");
  }
  SUBCASE("no end within max_lines: nothing goes") {
    std::string in = "Body.\nA message from us:\n1\n2\n3\nRemind me later.\n";
    CHECK(clean(*e, in) == in);
  }
  SUBCASE("no end at all: nothing goes") {
    std::string in = "A message from the mayor\nThe rest of the article.\n";
    CHECK(clean(*e, in) == in);
  }
}

TEST_CASE("Engine::match tail rules") {
  auto tail_rule = [](const std::string& extra) {
    return engine_from(R"(category = "related"
[[rule]]
id = "more"
scope = "tail"
patterns = ['^related articles$']
last_fraction = 0.5
)" + extra + R"(
remove = ["a"]
keep = ["b"]
)");
  };
  std::string body(400, 'b');
  SUBCASE("in the last part: to the end") {
    CHECK(clean(*tail_rule(""), body + "\nRelated articles\nOne\nTwo\n") == body + "\n");
  }
  SUBCASE("too early: kept") {
    std::string in = "Related articles\n" + body + "\n";
    CHECK(clean(*tail_rule(""), in) == in);
  }
  SUBCASE("max_lines counts the non-blank lines: three, blank ones between") {
    CHECK(clean(*tail_rule("max_lines = 3"), body + "\nRelated articles\n\n\nOne\n\nTwo\n\n") ==
          body + "\n");
  }
  SUBCASE("max_lines: the tail stops there") {
    std::string in = body + "\nRelated articles\nOne\nTwo\nThree\n";
    CHECK(clean(*tail_rule("max_lines = 3"), in) == body + "\nThree\n");
  }
  SUBCASE("the tail ends where its list does: a sentence after it stays") {
    std::string rest = "The next document begins here, and this sentence is its first line.\n";
    CHECK(clean(*tail_rule(""), body + "\nRelated articles\nOne\nTwo\n\n" + rest) ==
          body + "\n\n" + rest);
  }
  SUBCASE("without max_lines, at most 100 non-blank lines") {
    std::string list;
    for (int k = 0; k < 150; ++k) list += "Headline " + std::to_string(k) + "\n";
    std::string out = clean(*tail_rule(""), std::string(4000, 'b') + "\nRelated articles\n" + list);
    CHECK(out.find("Headline 98\n") == std::string::npos);
    CHECK(out.find("Headline 99\n") != std::string::npos);
  }
}

TEST_CASE("Engine::match near_removed") {
  auto e = engine_from(std::string(kAd) + R"(
[[rule]]
id = "close"
near_removed = true
patterns = ['^close$']
remove = ["a"]
keep = ["b"]
)");
  SUBCASE("goes with a removed neighbour, across blank lines and in chains") {
    CHECK(clean(*e, "Text.\nAdvertisement\n\nClose\nClose\nMore.\n") == "Text.\nMore.\n");
  }
  SUBCASE("stays alone") {
    CHECK(clean(*e, "Text.\nClose\nMore.\n") == "Text.\nClose\nMore.\n");
  }
  SUBCASE("a run goes from its far end too, and stops at a kept line") {
    CHECK(clean(*e, "Close\n\nClose\nAdvertisement\nMore.\n") == "More.\n");
    CHECK(clean(*e, "Close\nText.\nClose\nAdvertisement\n") == "Close\nText.\n");
  }
}

TEST_CASE("Engine::match: a line both a line rule and a near_removed rule hit") {
  // The line rule takes it, whichever comes first: it goes on its own.
  auto e = engine_from(R"(category = "ad"
[[rule]]
id = "close-near"
near_removed = true
patterns = ['^close$']
remove = ["a"]
keep = ["b"]

[[rule]]
id = "close-line"
patterns = ['^close$']
remove = ["a"]
keep = ["b"]
)");
  std::string in = "Text.\nClose\nMore.\n";
  Document doc(in);
  EditList edits = e->match(doc);
  REQUIRE(edits.size() == 1);
  CHECK(e->rules()[edits[0].rule].id == "close-line");
  CHECK(clean(*e, in) == "Text.\nMore.\n");
}

TEST_CASE("Engine::match near_removed with min_run") {
  auto e = engine_from(std::string(kAd) + R"(
[[rule]]
id = "headline"
near_removed = true
min_run = 3
case_sensitive = true
patterns = ['^[A-Z][a-z]+ [a-z]+ [a-z]+$']
remove = ["a"]
keep = ["b"]
)");
  SUBCASE("a run of three goes with its removed neighbour") {
    CHECK(clean(*e, "Text.\nAdvertisement\nSnow hits town\nRain hits city\nWind hits coast\nMore.\n") ==
          "Text.\nMore.\n");
  }
  SUBCASE("two are not a run: a subheading next to a removed line stays") {
    std::string in = "Text.\nAdvertisement\nSnow hits town\nRain hits city\nMore.\n";
    CHECK(clean(*e, in) == "Text.\nSnow hits town\nRain hits city\nMore.\n");
  }
  SUBCASE("a blank line splits a run") {
    std::string in = "Text.\nAdvertisement\nSnow hits town\nRain hits city\n\nWind hits coast\nMore.\n";
    CHECK(clean(*e, in) == "Text.\nSnow hits town\nRain hits city\n\nWind hits coast\nMore.\n");
  }
  SUBCASE("a run with no removed neighbour stays") {
    std::string in = "Text.\nSnow hits town\nRain hits city\nWind hits coast\nMore.\n";
    CHECK(clean(*e, in) == in);
  }
  SUBCASE("a run is reached from its far end") {
    CHECK(clean(*e, "Snow hits town\nRain hits city\nWind hits coast\nAdvertisement\nMore.\n") == "More.\n");
  }
}

TEST_CASE("Engine::match: two near_removed rules hit a line: the first in rule order owns it") {
  // near_removed rules are tried only beside removed lines, not through a
  // Set; the owner must still be the one a Set would have given.
  auto e = engine_from(std::string(kAd) + R"(
[[rule]]
id = "first"
near_removed = true
patterns = ['^close']
remove = ["a"]
keep = ["b"]

[[rule]]
id = "second"
near_removed = true
patterns = ['^close$']
remove = ["a"]
keep = ["b"]
)");
  Document doc("Text.\nAdvertisement\nClose\nMore.\n");
  EditList edits = e->match(doc);
  REQUIRE(edits.size() == 2);
  CHECK(e->rules()[edits[1].rule].id == "first");
}

TEST_CASE("Engine::match orphaned blank lines") {
  auto e = engine_from(kAd);
  SUBCASE("the blank line after a removal that followed a blank line goes") {
    CHECK(clean(*e, "A.\n\nAdvertisement\n\nB.\n") == "A.\n\nB.\n");
  }
  SUBCASE("between two removals") {
    CHECK(clean(*e, "A.\nAdvertisement\n\n\nAdvertisement\nB.\n") == "A.\nB.\n");
  }
  SUBCASE("directly after text: the separation stays") {
    CHECK(clean(*e, "A.\nAdvertisement\n\nB.\n") == "A.\n\nB.\n");
  }
  SUBCASE("at the end of the document") {
    CHECK(clean(*e, "A.\n\nAdvertisement\n\n") == "A.\n");
    CHECK(clean(*e, "A.\n\nAdvertisement") == "A.\n");
  }
  SUBCASE("at the start") {
    CHECK(clean(*e, "Advertisement\n\nA.\n") == "A.\n");
  }
  SUBCASE("nothing removed: blank lines untouched") {
    CHECK(clean(*e, "\n\nA.\n\n\n") == "\n\nA.\n\n\n");
  }
  SUBCASE("a run of removals keeps what began it") {
    CHECK(clean(*e, "A.\n\nAdvertisement\nAdvertisement\n\nB.\n") == "A.\n\nB.\n");
    CHECK(clean(*e, "A.\nAdvertisement\nAdvertisement\n\nB.\n") == "A.\n\nB.\n");
  }
  SUBCASE("everything removed, blank lines first") {
    CHECK(clean(*e, "\n\nAdvertisement\n\nAdvertisement\n") == "");
  }
  SUBCASE("before a removal that runs to the end") {
    CHECK(clean(*e, "A.\n\n\nAdvertisement\n\nAdvertisement\n") == "A.\n");
  }
}

TEST_CASE("Engine::match: a huge document, then a small one") {
  // Over a million lines: the per-line buffers are given back after it
  // (Scratch), and the next document must not see what they held.
  auto e = engine_from(kAd);
  std::string big;
  for (size_t i = 0; i < 1100000; ++i) big += i % 1000 == 0 ? "Advertisement\n" : "x\n";
  const std::string out = clean(*e, big);
  CHECK(out.size() == big.size() - 1100 * std::string("Advertisement\n").size());
  CHECK(clean(*e, "A.\nAdvertisement\nB.\n") == "A.\nB.\n");
  CHECK(clean(*e, "A.\nB.\n") == "A.\nB.\n");
}

TEST_CASE("Engine::match invariants") {
  auto e = engine_from(std::string(kAd) + R"(
[[rule]]
id = "inline"
scope = "span"
patterns = ['\[ad\]']
remove = ["a"]
keep = ["b"]
)");
  std::string in = "[ad] x [ad] y\n\nAdvertisement\nz [ad]\n\n";
  Document doc(in);
  EditList edits = e->match(doc);
  REQUIRE_FALSE(edits.empty());
  for (size_t i = 0; i < edits.size(); ++i) {
    CHECK(edits[i].begin < edits[i].end);
    CHECK(edits[i].end <= in.size());
    if (i) CHECK(edits[i - 1].end <= edits[i].begin);
  }
  // Deterministic: the same input gives the same edits.
  EditList again = e->match(doc);
  REQUIRE(again.size() == edits.size());
  for (size_t i = 0; i < edits.size(); ++i) {
    CHECK(again[i].begin == edits[i].begin);
    CHECK(again[i].rule == edits[i].rule);
  }
}

TEST_CASE("expand_pattern") {
  CHECK(expand_pattern("a\\sb") == "a[\\s\\p{Z}]b");
  CHECK(expand_pattern("[\\s,]") == "[\\s\\p{Z},]");
  CHECK(expand_pattern("\\\\s") == "\\\\s");  // an escaped backslash then 's'
  CHECK(expand_pattern("[]\\s]") == "[]\\s\\p{Z}]");
  CHECK(expand_pattern("\\S+") == "[^\\s\\p{Z}]+");
}

TEST_CASE("Engine::compile reports bad patterns with their position") {
  decruft::RuleSetConfig cfg;
  cfg.builtin = false;
  cfg.user_files.push_back({"r.toml", "category = \"ad\"\n[[rule]]\nid = \"x\"\npatterns = ['(a']\n", "en"});
  std::vector<Diagnostic> diags;
  CHECK_FALSE(build_engine(cfg, diags));
  bool found = false;
  for (const auto& d : diags)
    found = found || (d.str().find("r.toml:4:13: rule \"x\": invalid regex: missing )") == 0);
  CHECK(found);
}
