#include "core/examples.hpp"

#include <algorithm>

namespace decruft {

std::vector<ExampleFailure> test_examples(const Engine& engine, size_t* examples_run) {
  std::vector<ExampleFailure> failures;
  const auto& rules = engine.rules();
  std::vector<bool> everyone(rules.size(), true);
  std::vector<bool> alone(rules.size(), false);
  size_t run = 0;
  for (uint32_t r = 0; r < rules.size(); ++r) {
    const Rule& rule = rules[r];
    if (!engine.active(r)) continue;
    alone[r] = true;
    MatchOptions opts;
    opts.only = rule.near_removed ? &everyone : &alone;
    if (!rule.sites.empty()) opts.site = rule.sites.front();
    auto removes = [&](const std::string& text) {
      Document doc(text);
      EditList edits = engine.match(doc, opts);
      return std::any_of(edits.begin(), edits.end(), [&](const Edit& e) { return e.rule == r; });
    };
    for (const auto& ex : rule.remove_examples) {
      ++run;
      if (!removes(ex)) failures.push_back({r, false, ex});
    }
    for (const auto& ex : rule.keep_examples) {
      ++run;
      if (removes(ex)) failures.push_back({r, true, ex});
    }
    alone[r] = false;
  }
  if (examples_run) *examples_run = run;
  return failures;
}

}  // namespace decruft
