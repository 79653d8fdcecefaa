// Fuzz target: the cleaner on arbitrary bytes with the built-in rules.
//
// Properties (SPEC.md, Guarantees 1 and 3): the edits are sorted, in bounds,
// non-overlapping and name a rule; their line numbers are the lines they
// touch; clean text plus the removed ranges rebuild the input exactly; the
// unified diff, applied in reverse to the clean text the way `patch -R`
// does, restores the input byte for byte; the word diff and the JSON report
// do not crash.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "core/engine.hpp"
#include "core/printers.hpp"
#include "core/ruleset.hpp"

using namespace decruft;

namespace {

struct Fixture {
  std::unique_ptr<Engine> engine;
  std::vector<std::string> sites{""};  // "" and every site some rule names
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture f;
    RuleSetConfig config;  // the built-in rules, default selection
    std::vector<Diagnostic> diags;
    f.engine = build_engine(config, diags);
    FUZZ_CHECK(f.engine != nullptr, "the built-in rules do not compile");
    std::set<std::string> seen;
    for (const auto& r : f.engine->rules())
      for (const auto& s : r.sites)
        if (seen.insert(s).second) f.sites.push_back("www." + s);
    return f;
  }();
  return f;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    out.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

// Applies a unified diff in reverse to `clean`, checking every hunk's '+'
// lines against the clean text as patch would. Returns the restored text.
std::string reverse_patch(std::string_view diff, std::string_view clean) {
  auto dl = split_lines(diff);
  auto cl = split_lines(clean);
  FUZZ_CHECK(dl.size() >= 3, "diff too short");
  FUZZ_CHECK(dl[0].substr(0, 6) == "--- a/" && dl[1].substr(0, 6) == "+++ b/");
  std::string old;
  size_t ci = 0;             // next clean line to copy (0-based)
  long old_line = 1;         // next line number of the restored text
  size_t i = 2;
  while (i < dl.size()) {
    long os = 0, oc = 0, ns = 0, nc = 0;
    int n = std::sscanf(std::string(dl[i]).c_str(), "@@ -%ld,%ld +%ld,%ld @@", &os, &oc, &ns, &nc);
    FUZZ_CHECK(n == 4, "bad hunk header: %.*s", static_cast<int>(dl[i].size()), dl[i].data());
    ++i;
    // Copy the clean lines before the hunk (a 0-count hunk sits after line ns).
    size_t until = static_cast<size_t>(nc ? ns - 1 : ns);
    FUZZ_CHECK(until >= ci && until <= cl.size(), "hunk out of order or out of range");
    for (; ci < until; ++ci, ++old_line) old.append(cl[ci]);
    FUZZ_CHECK(old_line == os, "old start %ld, expected %ld", os, old_line);
    auto body = [&](char sign, long count, std::string& into) {
      for (long k = 0; k < count; ++k) {
        FUZZ_CHECK(i < dl.size() && !dl[i].empty() && dl[i][0] == sign, "missing %c line", sign);
        std::string_view l = dl[i++];
        l.remove_prefix(1);
        bool no_nl = i < dl.size() && dl[i] == "\\ No newline at end of file\n";
        if (no_nl) {
          l.remove_suffix(1);
          ++i;
        }
        into.append(l);
      }
    };
    std::string removed, added;
    body('-', oc, removed);
    body('+', nc, added);
    std::string expected;
    for (long k = 0; k < nc; ++k) {
      FUZZ_CHECK(ci + static_cast<size_t>(k) < cl.size(), "'+' lines past the clean text");
      expected.append(cl[ci + static_cast<size_t>(k)]);
    }
    FUZZ_CHECK(added == expected, "'+' lines differ from the clean text");
    ci += static_cast<size_t>(nc);
    old += removed;
    old_line += oc;
  }
  for (; ci < cl.size(); ++ci) old.append(cl[ci]);
  return old;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& f = fixture();
  const std::string input(reinterpret_cast<const char*>(data), size);
  Document doc(input);
  MatchOptions mo;
  mo.site = f.sites[size ? data[0] % f.sites.size() : 0];
  std::string error;
  EditList edits = f.engine->match(doc, mo, &error);
  FUZZ_CHECK(error.empty(), "match failed: %s", error.c_str());

  // Sorted, in bounds, non-overlapping, named, with the right line numbers.
  size_t pos = 0;
  for (const auto& e : edits) {
    FUZZ_CHECK(e.begin >= pos, "edits overlap or are out of order");
    FUZZ_CHECK(e.begin < e.end && e.end <= size, "edit out of bounds");
    FUZZ_CHECK(e.rule < f.engine->rules().size());
    FUZZ_CHECK(f.engine->active(e.rule), "an inactive rule removed something");
    FUZZ_CHECK(e.first_line == doc.line_of(e.begin) && e.last_line == doc.line_of(e.end - 1),
               "line numbers %u-%u, bytes %zu-%zu", e.first_line, e.last_line, e.begin, e.end);
    if (e.whole_lines) {
      FUZZ_CHECK(doc.line(e.first_line).begin == e.begin &&
                 doc.line(e.last_line).end == e.end, "whole_lines edit is not whole lines");
    }
    pos = e.end;
  }

  // Clean text + removed ranges rebuild the input.
  std::string clean = apply_edits(input, edits);
  FUZZ_CHECK(clean.size() + removed_bytes(edits) == size);
  std::string rebuilt;
  size_t cpos = 0, removed = 0;
  for (const auto& e : edits) {
    size_t at = e.begin - removed;  // where the range stood in the clean text
    rebuilt.append(clean, cpos, at - cpos);
    rebuilt.append(input, e.begin, e.end - e.begin);
    cpos = at;
    removed += e.end - e.begin;
  }
  rebuilt.append(clean, cpos, std::string::npos);
  FUZZ_CHECK(rebuilt == input, "clean text + removals do not rebuild the input");

  // The diff, reversed as patch -R does, restores the input.
  std::string diff;
  write_unified_diff(diff, doc, edits, f.engine->rules(), {"in", "in", false, false});
  FUZZ_CHECK(diff.empty() == edits.empty());
  if (!edits.empty())
    FUZZ_CHECK(reverse_patch(diff, clean) == input, "diff -R does not restore the input");

  // The other printers only need not crash.
  std::string word, colored, report;
  write_unified_diff(word, doc, edits, f.engine->rules(), {"in", "in", false, true});
  write_unified_diff(colored, doc, edits, f.engine->rules(), {"in", "in", true, true});
  write_report_record(report, doc, edits, f.engine->rules(), {"in", true, ""});
  FUZZ_CHECK(!report.empty() && report.back() == '\n');
  return 0;
}
