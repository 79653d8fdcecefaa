// Reading rule files (TOML) into Rules, with strict validation.
//
// Every problem in every file is collected as a Diagnostic with
// file:line:col; nothing is thrown. Regular expressions are not compiled
// here (see Engine::compile), so a caller reports load and compile errors
// together before reading any input.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/rule.hpp"
#include "core/structure.hpp"

namespace decruft {

struct RuleFile {
  std::string path;  // shown in diagnostics and removals: "rules/en/paywall.toml"
  std::string text;
  // The language when the file does not say it: the parent folder's name.
  std::string default_language;
};

struct LoadedRules {
  std::vector<Rule> rules;
  std::vector<std::string> disabled;  // full ids switched off by `disable = [...]`
  std::vector<SourcePos> disabled_pos;
  std::vector<Diagnostic> diagnostics;
  // The structure pass's parameters, when a file with a [structure] table
  // was loaded (core/structure.hpp).
  std::shared_ptr<StructureParams> structure;
  bool ok() const;  // no error (warnings allowed)
};

// Parses the files in order and appends to `out`. Duplicate full ids across
// all files loaded into `out` are errors. When `require_examples` is set, a
// rule without both remove and keep examples is an error, otherwise a warning.
void load_rules(const std::vector<RuleFile>& files, bool require_examples,
                LoadedRules& out);

// The folder name a rule file's language defaults to: the name of the
// folder that holds it ("rules/en/paywall.toml" -> "en"), when that name is a
// language code ("en", "pt-br") or "any"; "user" for files elsewhere.
std::string language_from_path(const std::string& path);

}  // namespace decruft
