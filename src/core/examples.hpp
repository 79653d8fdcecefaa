// Running the `remove` and `keep` examples that every rule carries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/engine.hpp"

namespace decruft {

struct ExampleFailure {
  uint32_t rule;
  bool keep;  // a keep example lost text ("noisy"); else a remove example kept it ("missing")
  std::string text;
  // A missing remove example of a near_removed rule whose line another rule
  // (a user rule, say) removed first: that rule's index, else -1.
  int64_t taken_by = -1;
};

// Runs the examples of every rule in `engine` (compile it with every rule
// active). A remove example passes when the rule removes some of it; a keep
// example passes when the rule removes none of it. The rule runs alone,
// except a near_removed rule, which runs with all others to see its
// neighbours. Rules with `sites` are tried as if on their first site.
std::vector<ExampleFailure> test_examples(const Engine& engine, size_t* examples_run = nullptr);

}  // namespace decruft
