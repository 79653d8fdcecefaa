// The rule set compiled into the binary: valid, every rule with both kinds
// of example, and every example passing.
#include <doctest/doctest.h>

#include "core/builtin.hpp"
#include "core/examples.hpp"
#include "core/ruleset.hpp"

using namespace decruft;

TEST_CASE("shipped rules") {
  RuleSetConfig cfg;
  cfg.everything = true;
  std::vector<Diagnostic> diags;
  auto engine = build_engine(cfg, diags);
  for (const auto& d : diags) MESSAGE(d.str());
  REQUIRE(engine);
  CHECK(diags.empty());  // not even a warning
  CHECK(engine->rules().size() > 0);

  size_t run = 0;
  auto failures = test_examples(*engine, &run);
  for (const auto& f : failures)
    MESSAGE(std::string(engine->rules()[f.rule].full_id + (f.keep ? " noisy on: " : " missing: ") +
                        f.text));
  CHECK(failures.empty());
  CHECK(run >= 2 * engine->rules().size());

  for (const auto& r : engine->rules()) {
    CHECK_MESSAGE(!r.remove_examples.empty(), r.full_id);
    CHECK_MESSAGE(!r.keep_examples.empty(), r.full_id);
  }
}
