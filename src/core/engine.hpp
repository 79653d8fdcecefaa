// The matching engine: compiled rules in, edit lists out.
//
// Engine::compile turns loaded Rules into a literal prefilter and RE2
// programs. A pattern with required literals is looked for only on lines
// that hold one of them, with its own RE2; the others are in RE2::Sets of
// line-level patterns (line, block start, tail) and of span patterns that
// say which rules may fire on a line. Each rule's own RE2s confirm the
// match, find spans, and check `unless`. The literal matcher and RE2 both
// take time linear in the input.
//
// Thread safety: an Engine is immutable after compile(); match() may be
// called from any number of threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.hpp"
#include "core/edits.hpp"
#include "core/rule.hpp"

namespace decruft {

struct StructureParams;

struct CompileOptions {
  // Memory budget of each RE2::Set (program and DFA cache). Below about
  // 32 MB a large rule set thrashes its DFA (re2_watch.hpp counts it); see
  // ARCHITECTURE.md.
  int64_t set_max_mem = 96 << 20;
  // Largest program one pattern may compile to (RE2 instructions). Large
  // programs make loading slow and the shared DFA thrash.
  int max_program_size = 20000;
  // Built-in rules' own RE2s (beside the Sets) are compiled the first time
  // a line needs them, which halves start-up. Their patterns were checked
  // when the binary was tested (`decruft rules check` compiles everything
  // up front); rules from user files are always compiled and checked here.
  bool lazy_builtin = true;
  // Patterns with required literals (core/literals.hpp) leave the Sets:
  // one pass of a literal matcher over each line says which of them may
  // match, and only those run their own RE2. Off: every pattern is in a
  // Set, as before (the tests compare the two).
  bool prefilter = true;
  // Per-line owners in match() are 16-bit while there are fewer than 16,384
  // rules, else 32-bit. True: 32-bit always (the tests compare the two).
  bool wide_owners = false;
  // The structure pass's parameters (core/structure.hpp); null: no pass.
  std::shared_ptr<const StructureParams> structure;
};

struct MatchOptions {
  // The document's domain ("www.nytimes.com"): rules with `sites` fire only
  // when it is one of them or a subdomain of one. Empty: no site rules.
  std::string_view site;
  // When set, only rules whose entry is true may fire (rule examples).
  const std::vector<bool>* only = nullptr;
};

class Engine {
 public:
  // Compiles the rules whose `active` entry is true (all when empty). On
  // error returns null and appends every bad pattern to `diagnostics` with
  // its file:line:col.
  static std::unique_ptr<Engine> compile(std::vector<Rule> rules, std::vector<bool> active,
                                         std::vector<Diagnostic>& diagnostics,
                                         const CompileOptions& options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const std::vector<Rule>& rules() const;
  bool active(size_t rule) const;
  size_t active_count() const;

  // The removals for one document: sorted, non-overlapping, in bounds.
  // Fails only when RE2 runs out of its memory budget; then `error` is set
  // and the list is empty (a hard error, never a silent slow path). RE2's
  // silent slow paths (a DFA that thrashes, or gives up for the NFA) are
  // counted for the calling thread: read re2_watch::counts() around it.
  EditList match(const Document& doc, const MatchOptions& options = {},
                 std::string* error = nullptr) const;

  // How many of the active rules' patterns the literal prefilter stands
  // for (`groups` false), or how many patterns of their `all` groups
  // (true): a line without one of their literals does not run them. For
  // tests and `rules list`.
  size_t prefiltered(bool groups) const;

  // The patterns of active line and tail rules, one per entry, in RE2
  // syntax with the same rewriting match() uses (for `rules export`).
  std::vector<std::string> line_patterns() const;

 private:
  Engine();
  // match() with one Owner (int16_t or int32_t) a line.
  template <class Owner>
  EditList match_lines(const Document& doc, const MatchOptions& options, std::string* error,
                       std::vector<Owner>& owners) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// RE2's complaint about a pattern as written (after expand_pattern), or
// empty when it compiles. For checking pattern fragments such as terms.
std::string regex_error(std::string_view pattern);

// The RE2 text decruft compiles for a pattern as written: `\s` also matches
// Unicode space separators (no-break space and the like).
std::string expand_pattern(std::string_view pattern);

}  // namespace decruft
