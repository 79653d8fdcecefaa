// Printers: each turns one document's edit list into an output format.
// They write into strings; the callers decide where the bytes go.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.hpp"
#include "core/edits.hpp"
#include "core/rule.hpp"

namespace decruft {

struct DiffOptions {
  std::string_view old_name;  // written as "--- a/<old_name>"
  std::string_view new_name;  // written as "+++ b/<new_name>"
  bool color = false;         // ANSI colours for a terminal
  bool word_diff = false;     // changed lines as one line with [-removed-]
  unsigned context = 0;       // -U N: unchanged lines around each hunk, as GNU diff
};

// GNU unified diff, no context lines (or `context` of them, hunks closer
// than twice that merged as GNU diff merges them), one hunk per whole-line
// removal and one per line changed in place; the text after the second "@@" names the
// rule(s). `patch -R` applied to the clean text restores the input. Nothing
// is written when there are no edits.
void write_unified_diff(std::string& out, const Document& doc, const EditList& edits,
                        const std::vector<Rule>& rules, const DiffOptions& options);
// The same, handing over what it wrote so far to `flush` once `out` holds
// kDiffFlushBytes or more (after a line) and once at the end; flush writes
// the bytes out and clears the string. A large document's diff then never
// sits in memory whole.
void write_unified_diff(std::string& out, const Document& doc, const EditList& edits,
                        const std::vector<Rule>& rules, const DiffOptions& options,
                        const std::function<void(std::string&)>& flush);
inline constexpr size_t kDiffFlushBytes = 1 << 20;

struct ReportOptions {
  std::string_view path;       // or a record id
  bool include_text = true;    // the removed bytes of each removal
  std::string_view extra;      // raw JSON members appended to the record ("" or "\"k\":v")
};

// One JSON Lines record (with the trailing newline); format in report.cpp.
void write_report_record(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, const ReportOptions& options);
// The same in pieces: `flush(out)` is called (to write out and clear it)
// whenever about 1 MB is ready, so that the record of a document with
// millions of removals is never held whole (it is several times the
// document's size).
void write_report_record(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, const ReportOptions& options,
                         const std::function<void(std::string&)>& flush);

// The "removals" array alone, as used by the report and JSONL mode.
void write_removals_json(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, bool include_text);
void write_removals_json(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, bool include_text,
                         const std::function<void(std::string&)>& flush);

// The report's "flags": what the command and the library say of a document
// besides its removals. Decided here, once, so that `decruft clean --report`,
// stats, review and the library's CleanResult agree.
struct DocumentFlags {
  bool binary = false;        // NUL bytes: not article text, not cleaned
  bool over_removal = false;  // more than `over_removal` of the characters would go
  bool held_back = false;     // more than `max_removed` would go: nothing removed
  bool truncated = false;     // a short teaser cut off by a paywall, subscription or login prompt
};

// The share (0 to 1) of the document's characters that `edits` remove; 0
// for an empty document.
double removed_share(const Document& doc, const EditList& edits);

// Sets over_removal, truncated and held_back for a document `edits` were
// matched on (shares in characters, as `removed_share`), and clears `edits`
// when it is held back. Truncated: a paywall, subscription or login rule
// fired and fewer than 600 characters are kept. Costs one pass over the
// document when there are edits, nothing when there are none.
DocumentFlags assess_removals(const Document& doc, EditList& edits, const std::vector<Rule>& rules,
                              double over_removal, double max_removed);

// Appends the report member "flags":["binary","over-removal","held-back",
// "truncated"] with the flags that are set, in that order; nothing when none is.
void write_flags_json(std::string& out, const DocumentFlags& flags);

}  // namespace decruft
