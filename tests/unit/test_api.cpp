// The public library interface (src/api.cpp, include/decruft/decruft.hpp).
#include <doctest/doctest.h>

#include <decruft/decruft.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

const char* const kAd = R"(category = "ad"
[[rule]]
id = "marker"
patterns = ['^\s*advertisement\s*$']
remove = ["Advertisement"]
keep = ["x"]

[[rule]]
id = "trailing"
scope = "span"
patterns = ['\s*\[ad\]$']
remove = ["Text [ad]"]
keep = ["x"]
)";

decruft::Cleaner::Options only(const std::string& toml, const std::string& name = "rules/en/ad.toml") {
  decruft::Cleaner::Options o;
  o.builtin_rules = false;
  o.rule_texts.push_back({name, toml});
  return o;
}

}  // namespace

TEST_CASE("Cleaner::Cleaner") {
  SUBCASE("the built-in rules load") {
    decruft::Cleaner c;
    CHECK(c.ok());
    CHECK(c.error().empty());
    CHECK(c.rule_count() > 0);
    CHECK(c.enabled_rule_count() <= c.rule_count());
  }
  SUBCASE("rules as text, the language from the name") {
    decruft::Cleaner c(only(kAd));
    REQUIRE(c.ok());
    CHECK(c.rule_count() == 2);
    auto r = c.clean("A.\nAdvertisement\nB.\n");
    REQUIRE(r.removals.size() == 1);
    CHECK(r.removals[0].rule == "en/ad/marker");
  }
  SUBCASE("every error, with file:line:col, and not ok") {
    decruft::Cleaner c(only("[[rule]]\nid = \"a\"\ncategory = \"ad\"\npatterns = ['(']\ncolour = 1\n",
                            "bad.toml"));
    CHECK_FALSE(c.ok());
    CHECK(c.error().find("bad.toml:5:1:") != std::string::npos);  // unknown key
    CHECK(c.error().find("bad.toml:4:") != std::string::npos);    // invalid regex
    CHECK(c.error().find('\n') != std::string::npos);
    CHECK(c.diagnostics().size() >= 2);
    auto r = c.clean("Advertisement\n");
    CHECK_FALSE(r.ok);
    CHECK(r.text == "Advertisement\n");
  }
  SUBCASE("an unreadable rule path is an error") {
    decruft::Cleaner::Options o;
    o.rule_paths = {"/nonexistent/rules.toml"};
    decruft::Cleaner c(o);
    CHECK_FALSE(c.ok());
    CHECK(c.error().rfind("/nonexistent/rules.toml: ", 0) == 0);
  }
  SUBCASE("a rule file on disk") {
    std::string path =
        (std::filesystem::temp_directory_path() / "decruft_test_api_rules.toml").string();
    std::ofstream(path) << kAd;
    decruft::Cleaner::Options o;
    o.builtin_rules = false;
    o.rule_paths = {path};
    decruft::Cleaner c(o);
    std::remove(path.c_str());
    REQUIRE(c.ok());
    auto r = c.clean("Advertisement\nBody.\n");
    REQUIRE(r.removals.size() == 1);
    CHECK(r.removals[0].rule == "user/ad/marker");
    CHECK(r.removals[0].rule_file == path);
  }
  SUBCASE("an unknown --disable name is an error") {
    decruft::Cleaner::Options o;
    o.disable = {"no-such-category"};
    decruft::Cleaner c(o);
    CHECK_FALSE(c.ok());
    CHECK(c.error().find("--disable: no rule, category or language named") != std::string::npos);
  }
  SUBCASE("copies share the rules; a moved-from Cleaner is not ok") {
    decruft::Cleaner a(only(kAd));
    decruft::Cleaner b = a;
    CHECK(b.ok());
    decruft::Cleaner c = std::move(a);
    CHECK(c.ok());
    CHECK_FALSE(a.ok());  // NOLINT(bugprone-use-after-move): documented state
    CHECK_FALSE(a.error().empty());
    CHECK_FALSE(a.clean("x\n").ok);
  }
}

TEST_CASE("Cleaner::clean") {
  decruft::Cleaner c(only(kAd));
  REQUIRE(c.ok());
  const std::string in = "First.\nAdvertisement\nText [ad]\nLast.";

  SUBCASE("text and removals") {
    auto r = c.clean(in);
    CHECK(r.ok);
    CHECK(r.text == "First.\nText\nLast.");
    CHECK(r.bytes_in == in.size());
    CHECK(r.bytes_out == r.text.size());
    REQUIRE(r.removals.size() == 2);
    const auto& a = r.removals[0];
    CHECK(a.rule == "en/ad/marker");
    CHECK(a.category == "ad");
    CHECK(a.rule_file == "rules/en/ad.toml");
    CHECK(a.rule_line == 2);
    CHECK(in.substr(a.begin, a.end - a.begin) == "Advertisement\n");
    CHECK(a.first_line == 2);
    CHECK(a.last_line == 2);
    const auto& b = r.removals[1];
    CHECK(b.rule == "en/ad/trailing");
    CHECK(in.substr(b.begin, b.end - b.begin) == " [ad]");
    CHECK(b.first_line == 3);
    CHECK(r.diff.empty());
    CHECK(r.report.empty());
  }
  SUBCASE("diff and report on request") {
    decruft::CleanOptions o;
    o.diff = o.report = true;
    o.name = "x.txt";
    auto r = c.clean(in, o);
    CHECK(r.diff.rfind("--- a/x.txt\n+++ b/x.txt\n@@ -2,1 +1,0 @@ en/ad/marker\n-Advertisement\n", 0) == 0);
    CHECK(r.report.rfind("{\"path\":\"x.txt\",\"bytes_in\":", 0) == 0);
    CHECK(r.report.find("\"rule\":\"en/ad/trailing\"") != std::string::npos);
    CHECK(r.report.back() == '\n');
  }
  SUBCASE("nothing to remove") {
    auto r = c.clean("Just prose.\n", decruft::CleanOptions{"", 1.0, 0.3, "p", true, false, true});
    CHECK(r.text == "Just prose.\n");
    CHECK(r.removals.empty());
    CHECK(r.diff.empty());
    CHECK(r.report == "{\"path\":\"p\",\"bytes_in\":12,\"bytes_out\":12,\"removals\":[]}\n");
  }
  SUBCASE("NUL bytes: binary, untouched") {
    std::string bin("Advertisement\n\0x\n", 17);
    auto r = c.clean(bin);
    CHECK(r.binary);
    CHECK(r.text == bin);
    CHECK(r.removals.empty());
  }
  SUBCASE("max_removed holds a document back, over_removal flags it") {
    decruft::CleanOptions o;
    o.max_removed = 0.5;
    o.report = true;
    auto r = c.clean("Advertisement\nx\n", o);
    CHECK(r.held_back);
    CHECK(r.over_removal);
    CHECK(r.removals.empty());
    CHECK(r.text == "Advertisement\nx\n");
    CHECK(r.report.find("\"flags\":[\"over-removal\",\"held-back\"]") != std::string::npos);
  }
  SUBCASE("shares count characters, not bytes") {
    decruft::Cleaner cjk(only("category = \"ad\"\n[[rule]]\nid = \"guanggao\"\n"
                              "patterns = ['^\u5e7f\u544a$']\nremove = [\"\u5e7f\u544a\"]\nkeep = [\"x\"]\n",
                              "rules/zh/ad.toml"));
    REQUIRE(cjk.ok());
    // "广告\n" is 7 of 23 bytes (30%) but 3 of 19 characters (16%).
    decruft::CleanOptions o;
    o.over_removal = 0.2;
    auto r = cjk.clean("\u5e7f\u544a\nBody text here.\n", o);
    REQUIRE(r.removals.size() == 1);
    CHECK_FALSE(r.over_removal);
    o.over_removal = 0.15;
    CHECK(cjk.clean("\u5e7f\u544a\nBody text here.\n", o).over_removal);
    // Each byte of an invalid sequence counts one: 14 of 21 characters go
    // (67%), where counting only lead bytes would make it 14 of 15.
    decruft::CleanOptions h;
    h.max_removed = 0.8;
    auto l = c.clean("Advertisement\n\xa0\xa0\xa0\xa0\xa0\xa0\n", h);
    CHECK_FALSE(l.held_back);
    CHECK(l.removals.size() == 1);
    h.max_removed = 0.6;
    CHECK(c.clean("Advertisement\n\xa0\xa0\xa0\xa0\xa0\xa0\n", h).held_back);
  }
  SUBCASE("empty input") {
    auto r = c.clean("");
    CHECK(r.ok);
    CHECK(r.text.empty());
  }
  SUBCASE("from many threads at once, the same bytes") {
    std::string big;
    for (int i = 0; i < 2000; ++i) big += "Line " + std::to_string(i) + ".\nAdvertisement\n";
    const std::string want = c.clean(big).text;
    std::vector<std::string> got(4);
    std::vector<std::thread> threads;
    for (auto& g : got) threads.emplace_back([&c, &big, &g] { g = c.clean(big).text; });
    for (auto& t : threads) t.join();
    for (const auto& g : got) CHECK(g == want);
  }
}

TEST_CASE("CleanResult::truncated") {
  // A short teaser cut off by a paywall prompt, as `decruft clean --report`
  // flags it (tests/cli/stats.sh has the same document).
  const std::string teaser =
      "Mayor opens new bridge\n\nThe city opened its new bridge on Monday after three years of "
      "work, officials said.\n\nThank you for your patience while we verify access.\n";
  decruft::Cleaner builtin;
  REQUIRE(builtin.ok());
  decruft::CleanOptions o;
  o.report = true;
  o.name = "teaser.txt";

  SUBCASE("a teaser and a paywall prompt: truncated, in the report too") {
    auto r = builtin.clean(teaser, o);
    REQUIRE(r.removals.size() == 1);
    CHECK(r.removals[0].category == "paywall");
    CHECK(r.truncated);
    CHECK_FALSE(r.held_back);
    CHECK(r.report.find(",\"flags\":[\"over-removal\",\"truncated\"]}\n") != std::string::npos);
  }
  SUBCASE("the same prompt after a whole article: not truncated") {
    std::string body;
    for (int i = 0; i < 12; ++i)
      body += "The council debated the budget for the coming year at length, paragraph " +
              std::to_string(i) + ".\n\n";
    auto r = builtin.clean("Mayor opens new bridge\n\n" + body +
                               "Thank you for your patience while we verify access.\n",
                           o);
    REQUIRE(r.removals.size() == 1);
    CHECK_FALSE(r.truncated);
    CHECK(r.report.find("\"flags\"") == std::string::npos);
  }
  SUBCASE("a short text losing only an ad marker: not truncated") {
    decruft::Cleaner ads(only(kAd));
    auto r = ads.clean("Short news.\nAdvertisement\n", o);
    REQUIRE(r.removals.size() == 1);
    CHECK_FALSE(r.truncated);
  }
  SUBCASE("held back and truncated: both flags, nothing removed") {
    o.max_removed = 0.2;
    auto r = builtin.clean(teaser, o);
    CHECK(r.truncated);
    CHECK(r.held_back);
    CHECK(r.removals.empty());
    CHECK(r.text == teaser);
    CHECK(r.report.find("\"flags\":[\"over-removal\",\"held-back\",\"truncated\"]") !=
          std::string::npos);
  }
}

TEST_CASE("decruft::version") {
  CHECK(std::string(decruft::version()) != "unknown");
  CHECK(std::string(decruft::rules_version()) != "unknown");
}
