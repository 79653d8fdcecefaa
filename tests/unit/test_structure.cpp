// The structure pass (core/structure.*), the structure file's validation,
// and the linear-time promise of the passes after line matching (blocks,
// tails, near_removed, structure): a document twice as long takes at most
// about twice the steps, whatever max_lines says.
#include <doctest/doctest.h>

#include <string>

#include "core/engine.hpp"
#include "core/printers.hpp"
#include "core/structure.hpp"
#include "helpers.hpp"

using namespace decruft;
using test::clean;

namespace {

// A small structure file: the shipped one's shape, a few headings.
const char* const kStructure = R"(
[structure]
networks = ["facebook", "twitter", "whatsapp", "email", "linkedin"]
share_words = ["share on", "share"]
heading_rules = ["related"]
[structure.headings]
en = ["more from *", "most read", "related stories"]
)";

const char* const kRelatedHeading = R"(category = "related"
[[rule]]
id = "heading"
patterns = ['^related stories$']
remove = ["Related stories"]
keep = ["x"]
)";

const char* const kAd = R"(category = "ad"
[[rule]]
id = "marker"
patterns = ['^\s*advertisement\s*$']
remove = ["Advertisement"]
keep = ["x"]
)";

std::unique_ptr<Engine> engine_with(const std::vector<std::pair<std::string, std::string>>& files,
                                    std::vector<std::string> disable = {}) {
  RuleSetConfig cfg;
  cfg.builtin = false;
  for (const auto& [path, text] : files) cfg.user_files.push_back({path, text, language_from_path(path)});
  cfg.disable = std::move(disable);
  std::vector<Diagnostic> diags;
  auto e = build_engine(cfg, diags);
  for (const auto& d : diags) MESSAGE(d.str());
  REQUIRE(e);
  return e;
}

const std::string kProse =
    "The council met on Monday evening to discuss the budget for the coming year, and the "
    "members argued for hours about the cost of the new library.\n\n"
    "In the end the mayor said the vote would wait until the auditors had read every line of "
    "the plan, which nobody in the room expected to happen soon.\n\n";

// kProse as it comes out when what follows it goes: its last blank line
// goes with the removal.
const std::string kKept = kProse.substr(0, kProse.size() - 1);

const std::string kRail =
    "Huge snowstorm blows through US northeast\n"
    "Mayweather and Pacquiao set for blockbuster rematch\n"
    "Briton among 19 killed after bus plunges off Nepal highway\n"
    "Crews recover bodies of nine skiers in California\n";

}  // namespace

TEST_CASE("structure: a rail after a heading goes, heading and all") {
  auto e = engine_with({{"rules/any/structure.toml", kStructure}});
  CHECK(clean(*e, kProse + "More from Reuters\n" + kRail) == kKept);
  CHECK(clean(*e, kProse + "Most read\n\n" + kRail) == kKept);
}

TEST_CASE("structure: a heading a related rule removed introduces the rail") {
  auto e = engine_with({{"rules/en/related.toml", kRelatedHeading},
                        {"rules/any/structure.toml", kStructure}});
  CHECK(clean(*e, kProse + "Related stories\n" + kRail) == kKept);
}

TEST_CASE("structure: article lists stay, whatever heading or notice is next to them") {
  auto e = engine_with({{"rules/en/related.toml", kRelatedHeading},
                        {"rules/en/ad.toml", kAd},
                        {"rules/any/structure.toml", kStructure}});
  const char* const lists[] = {
      // ingredients
      "2 cups flour\n1 teaspoon salt\n200 g butter, softened\n3 large eggs\n",
      // a standings table
      "1 Arsenal 38 26 9 3 87\n2 Chelsea 38 25 8 5 83\n3 Liverpool 38 24 8 6 80\n",
      // a tour schedule
      "June 9 - West Palm Beach, FL @ Coral Sky Amphitheatre\n"
      "June 10 - Tampa, FL @ MIDFLORIDA Credit Union Amphitheatre\n"
      "June 14 - Alpharetta, GA @ Ameris Bank Amphitheatre\n",
      // bullet points that are sentences
      "* The council will vote on the plan in May.\n* The library opens next year.\n"
      "* Parking will be free on Sundays.\n",
      // verse: function words
      "Whose woods these are I think I know\nHis house is in the village though\n"
      "He will not see me stopping here\nTo watch his woods fill up with snow\n",
      // names and offices
      "Fawzi Ibrahim, NATFHE, Treasurer\nPaul Bennett, NATFHE, Fulltime Officer\n"
      "Stephanie Sanders, NATFHE, General Secretary\n",
      // code
      "int main(void) {\n  return run_all_the_tests(argc, argv);\n}\n",
      // a list of group results (no heading: next to a notice only)
      "Germany (Group C): 13th appearance\nSwitzerland (Group D): Fifth appearance\n"
      "Denmark (Group D): Ninth appearance\nPortugal (Group B): Eighth appearance\n"
      "Wales (Group E): Second appearance\n",
  };
  for (const char* list : lists) {
    CAPTURE(list);
    for (const char* before : {"Related stories\n", "Advertisement\n", "Most read\n"}) {
      const std::string in = kProse + before + list + "\n" + kProse;
      const std::string out = clean(*e, in);
      CHECK(out.find(list) != std::string::npos);
    }
  }
}

TEST_CASE("structure: a run without a heading needs bullets, length and the body's edge") {
  auto e = engine_with({{"rules/en/ad.toml", kAd}, {"rules/any/structure.toml", kStructure}});
  const std::string bulleted =
      "* Four years of war: Ukraine ambassador tells EU partners\n"
      "* Sanctions veto revives talk of EU legal retaliation against Hungary\n"
      "* Hungary bashes Ukraine on Nord Stream pipeline\n"
      "* EU racing to agree more Russia sanctions for anniversary\n"
      "* Nuclear weapons talk to fresh arms deals in Poland\n";
  SUBCASE("after the body, next to a removed line: goes") {
    CHECK(clean(*e, kProse + bulleted + "Advertisement\n") == kKept);
  }
  SUBCASE("in the middle of the body: stays") {
    const std::string in = kProse + "Advertisement\n" + bulleted + "\n" + kProse;
    CHECK(clean(*e, in).find(bulleted) != std::string::npos);
  }
  SUBCASE("no removed line beside it: stays") {
    const std::string in = kProse + bulleted;
    CHECK(clean(*e, in) == in);
  }
}

TEST_CASE("structure: share bars, one network a line") {
  auto e = engine_with({{"rules/any/structure.toml", kStructure}});
  CHECK(clean(*e, kProse + "• Facebook\n• Twitter\n• WhatsApp\n") == kKept);
  CHECK(clean(*e, kProse + "Share on Facebook\nShare on Twitter\nShare on LinkedIn\n") == kKept);
  // one network named in a sentence, or a single bare name, stays
  const std::string one = kProse + "Facebook\n\n" + kProse;
  CHECK(clean(*e, one) == one);
}

TEST_CASE("structure: --disable structure / related, and the rule ids") {
  const std::string in = kProse + "More from Reuters\n" + kRail + "• Facebook\n• Twitter\n";
  auto off = engine_with({{"rules/any/structure.toml", kStructure}}, {"structure"});
  CHECK(clean(*off, in) == in);
  auto no_link = engine_with({{"rules/any/structure.toml", kStructure}}, {"structure/link-run"});
  CHECK(clean(*no_link, in) == kProse + "More from Reuters\n" + kRail);
  auto no_social = engine_with({{"rules/any/structure.toml", kStructure}}, {"social"});
  CHECK(clean(*no_social, in) == kProse + "• Facebook\n• Twitter\n");
  auto disabled = engine_with({{"rules/any/structure.toml",
                                std::string(kStructure) + "\n"},
                               {"rules/user/off.toml", "[structure]\nenabled = false\n"}});
  CHECK(clean(*disabled, in) == in);
}

TEST_CASE("structure: the hunk header and the report say why") {
  auto e = engine_with({{"rules/any/structure.toml", kStructure}});
  const std::string in = kProse + "More from Reuters\n" + kRail;
  Document doc(in);
  EditList edits = e->match(doc, {});
  REQUIRE(edits.size() == 1);
  std::string diff;
  DiffOptions o;
  o.old_name = "a.txt";
  o.new_name = "a.txt";
  write_unified_diff(diff, doc, edits, e->rules(), o);
  CHECK(diff.find(" @@ structure/link-run: 5 lines, stopwords ") != std::string::npos);
  CHECK(diff.find(", heading \"More from Reuters\"\n") != std::string::npos);
  std::string report;
  write_removals_json(report, doc, edits, e->rules(), false);
  CHECK(report.find("\"rule\":\"structure/link-run\"") != std::string::npos);
  CHECK(report.find("\"why\":\"5 lines, stopwords ") != std::string::npos);
}

TEST_CASE("structure file: strict validation with positions") {
  auto errors = [](const std::string& text) {
    RuleSetConfig cfg;
    cfg.builtin = false;
    cfg.user_files.push_back({"s.toml", text, "user"});
    std::vector<Diagnostic> diags;
    auto e = build_engine(cfg, diags);
    std::string all;
    for (const auto& d : diags) all += d.str() + "\n";
    CHECK_FALSE(e);
    return all;
  };
  CHECK(errors("[structure]\nmin_run = 1\n").find("s.toml:2:11: structure: `min_run` must be between 2 and 1000") != std::string::npos);
  CHECK(errors("[structure]\nmax_stopwords = 1.5\n").find("s.toml:2:17:") != std::string::npos);
  CHECK(errors("[structure]\nbogus = 1\n").find("s.toml:2:1: structure: unknown key `bogus`") != std::string::npos);
  CHECK(errors("[structure]\n[structure.headings]\nEnglish = [\"more\"]\n").find("s.toml:3:1:") != std::string::npos);
  CHECK(errors("[structure]\nnetworks = [\"face book\", 3]\n").find("must hold strings only") != std::string::npos);
  CHECK(errors("[structure]\n[structure.stopwords]\nen = [\"two words\"]\n").find("must be one word") != std::string::npos);
  CHECK(errors("[structure]\n[[rule]]\nid = \"x\"\n").find("holds nothing else") != std::string::npos);
  CHECK(errors("[structure]\nheading_rules = [\"Related!\"]\n").find("heading_rules") != std::string::npos);
}

TEST_CASE("the passes after line matching are linear in the document") {
  // Steps for a document of `lines` start lines and no end, per rule kind.
  auto steps = [](const std::string& toml, size_t lines, const std::string& line) {
    auto e = test::engine_from(toml);
    std::string in;
    for (size_t i = 0; i < lines; ++i) in += line;
    Document doc(in);
    pass_steps() = 0;
    e->match(doc, {});
    return pass_steps();
  };
  SUBCASE("a block start on every line, no end, max_lines larger than the document") {
    const std::string rule = R"(category = "donation"
[[rule]]
id = "box"
scope = "block"
start = ['^a message from']
end = ['^remind me later']
max_lines = 100000
remove = ["a"]
keep = ["b"]
)";
    const uint64_t a = steps(rule, 20000, "A message from us\n");
    const uint64_t b = steps(rule, 40000, "A message from us\n");
    CAPTURE(a);
    CAPTURE(b);
    CHECK(b <= 2 * a + 100);
  }
  SUBCASE("a tail start on every line") {
    const std::string rule = R"(category = "related"
[[rule]]
id = "more"
scope = "tail"
patterns = ['^related articles$']
last_fraction = 1.0
max_lines = 100000
remove = ["a"]
keep = ["b"]
)";
    const uint64_t a = steps(rule, 20000, "Related articles\n");
    const uint64_t b = steps(rule, 40000, "Related articles\n");
    CAPTURE(a);
    CAPTURE(b);
    CHECK(b <= 2 * a + 100);
  }
  SUBCASE("near_removed candidates between removed lines") {
    const std::string rule = std::string(kAd) + R"(
[[rule]]
id = "close"
near_removed = true
patterns = ['^close$']
remove = ["Advertisement\nClose"]
keep = ["Close"]
)";
    const uint64_t a = steps(rule, 20000, "Advertisement\nClose\nClose\n");
    const uint64_t b = steps(rule, 40000, "Advertisement\nClose\nClose\n");
    CHECK(b <= 2 * a + 100);
  }
  SUBCASE("the structure pass on a long rail") {
    auto e = engine_with({{"rules/any/structure.toml", kStructure}});
    auto run = [&](size_t lines) {
      std::string in = "More from Reuters\n";
      for (size_t i = 0; i < lines; ++i) in += "Huge snowstorm blows through northeast\n";
      Document doc(in);
      pass_steps() = 0;
      e->match(doc, {});
      return pass_steps();
    };
    const uint64_t a = run(20000), b = run(40000);
    CHECK(b <= 2 * a + 100);
  }
}
