// Rules as loaded from TOML: plain data, no compiled patterns.
//
// A Rule says what to look for (patterns), what goes when it fires (scope),
// and the guards that keep it off article prose. Rules come from rule files
// (see rules/README.md) through load_rules() in loader.hpp; the Engine
// (engine.hpp) compiles them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace decruft {

enum class Scope { line, span, block, tail };

enum class Category {
  donation,
  js_required,
  paywall,
  subscription,
  login,
  cookie,
  newsletter,
  adblock,
  ad,
  social,
  related,
  comments,
  attribution,
  other,
};
inline constexpr int kCategoryCount = 14;

std::string_view category_name(Category c);
std::optional<Category> parse_category(std::string_view name);
// attribution and comments are off unless enabled on the command line.
bool category_on_by_default(Category c);

std::string_view scope_name(Scope s);
std::optional<Scope> parse_scope(std::string_view name);

// A place in a rule file, 1-based like compilers print it.
struct SourcePos {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

// One regular expression as written, with where it was written.
struct Pattern {
  std::string text;
  SourcePos pos;
};

struct Rule {
  std::string language;  // "en", "any", ...
  std::string id;        // "verify-access"
  std::string full_id;   // "en/paywall/verify-access"
  Category category = Category::other;
  Scope scope = Scope::line;

  std::vector<Pattern> patterns;  // line, span, tail
  // `all`: groups of alternatives that must each match somewhere on the
  // line too (for a block, on its start line), in any order. A rule
  // without `patterns` (line, tail) is looked up by its first group, which
  // the loader moves into `patterns`; the rest stay here.
  std::vector<std::vector<Pattern>> all;
  std::vector<Pattern> start;     // block
  std::vector<Pattern> end;       // block
  std::vector<Pattern> unless;
  std::vector<std::string> sites;

  uint32_t max_chars = 200;
  uint32_t max_lines = 0;  // 0: no limit (tail); blocks default to 12
  double last_fraction = 0.3;
  bool near_removed = false;
  // A near_removed rule's hit counts only on a line in a run of at least
  // this many consecutive near_removed candidates with no blank line
  // between: a list of headlines, not a subheading standing alone. 1: any.
  uint32_t min_run = 1;
  bool case_sensitive = false;
  bool enabled = true;  // false: only with --enable
  bool builtin = false;  // from the rule files compiled into the binary
  // Made for the structure pass (core/structure.hpp): no patterns; its
  // lines are the runs the pass finds.
  bool structure = false;
  std::string description;

  std::vector<std::string> remove_examples;
  std::vector<std::string> keep_examples;

  SourcePos pos;  // the [[rule]] table
};

// A named list of alternatives from a rule file's [terms] table, that
// patterns refer to as {name} (see rules/README.md, "Terms").
struct Term {
  std::string language;  // the file's
  std::string name;
  std::vector<Pattern> alternatives;  // as written
  SourcePos pos;  // the key
};

// An error or warning about a rule file, printed as "file:line:col: message".
struct Diagnostic {
  SourcePos pos;
  std::string message;
  bool warning = false;
  std::string str() const;
};

}  // namespace decruft
