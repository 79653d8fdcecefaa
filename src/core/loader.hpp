// Reading rule files (TOML) into Rules, with strict validation.
//
// Every problem in every file is collected as a Diagnostic with
// file:line:col; nothing is thrown. Regular expressions are not compiled
// here (see Engine::compile), so a caller reports load and compile errors
// together before reading any input.
#pragma once

#include <map>
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
  // Every [terms] entry loaded, by language then name. Patterns are stored
  // with their {name} references already expanded; these are kept for
  // checking each alternative (check_terms in ruleset.cpp) and for later
  // loads: a user file's rules see the built-in files' terms, and a term a
  // user file defines again is the user's for its own rules.
  std::map<std::string, std::map<std::string, Term>> terms;
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

// Replaces every {name} and {lang.name} reference to a term in `pattern`
// (outside character classes and \p{..}/\x{..} escapes) by the term's
// alternatives as a non-capturing group, recursively. An unqualified name is
// looked up in `language`, then in "any". False with `error` set for an
// unknown term or a cycle.
bool expand_terms(const std::string& pattern, const std::string& language,
                  const std::map<std::string, std::map<std::string, Term>>& terms,
                  std::string& out, std::string& error);

// The folder name a rule file's language defaults to: the name of the
// folder that holds it ("rules/en/paywall.toml" -> "en"), when that name is a
// language code ("en", "pt-br") or "any"; "user" for files elsewhere.
std::string language_from_path(const std::string& path);

}  // namespace decruft
