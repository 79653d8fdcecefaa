// Putting a rule set together: built-in files, user files, `disable` lists
// in files and --enable/--disable selections, then compiling it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/loader.hpp"

namespace decruft {

struct RuleSetConfig {
  bool builtin = true;               // include the rules compiled into the binary
  std::vector<RuleFile> user_files;  // --rules, in command-line order
  // Names to switch on or off: a category ("cookie"), a language ("en"),
  // "en/cookie", or a full rule id. The more specific name wins; at the same
  // level `enable` wins.
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  bool everything = false;  // every rule active (rule examples, `rules list --all`)
  CompileOptions compile;
};

// Loads and compiles. Returns null when any error was found; `diagnostics`
// then holds all of them (warnings may be there either way).
std::unique_ptr<Engine> build_engine(const RuleSetConfig& config,
                                     std::vector<Diagnostic>& diagnostics);

}  // namespace decruft
