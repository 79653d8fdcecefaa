#include "core/examples.hpp"

#include <algorithm>

namespace decruft {

std::vector<ExampleFailure> test_examples(const Engine& engine, size_t* examples_run) {
  std::vector<ExampleFailure> failures;
  const auto& rules = engine.rules();
  // A near_removed rule is tried beside every rule that is not itself
  // near_removed (they make the neighbours it needs), but without the other
  // near_removed rules: one of those could take the line first, and the
  // example would test that rule instead of this one.
  std::vector<bool> neighbours(rules.size());
  for (uint32_t r = 0; r < rules.size(); ++r) neighbours[r] = !rules[r].near_removed;
  std::vector<bool> alone(rules.size(), false);
  size_t run = 0;
  for (uint32_t r = 0; r < rules.size(); ++r) {
    const Rule& rule = rules[r];
    if (!engine.active(r)) continue;
    alone[r] = true;
    neighbours[r] = true;
    MatchOptions opts;
    opts.only = rule.near_removed ? &neighbours : &alone;
    if (!rule.sites.empty()) opts.site = rule.sites.front();
    int64_t other = -1;  // another rule that removed part of the last text tried
    auto removes = [&](const std::string& text) {
      Document doc(text);
      EditList edits = engine.match(doc, opts);
      other = -1;
      for (const auto& e : edits)
        if (e.rule != r && other < 0) other = e.rule;
      return std::any_of(edits.begin(), edits.end(), [&](const Edit& e) { return e.rule == r; });
    };
    for (const auto& ex : rule.remove_examples) {
      ++run;
      if (!removes(ex)) failures.push_back({r, false, ex, rule.near_removed ? other : -1});
    }
    for (const auto& ex : rule.keep_examples) {
      ++run;
      if (removes(ex)) failures.push_back({r, true, ex});
    }
    alone[r] = false;
    neighbours[r] = !rule.near_removed;
  }
  if (examples_run) *examples_run = run;
  return failures;
}

}  // namespace decruft
