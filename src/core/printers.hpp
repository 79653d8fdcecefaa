// Printers: each turns one document's edit list into an output format.
// They write into strings; the callers decide where the bytes go.
#pragma once

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
};

// GNU unified diff, no context lines, one hunk per whole-line removal and
// one per line changed in place; the text after the second "@@" names the
// rule(s). `patch -R` applied to the clean text restores the input. Nothing
// is written when there are no edits.
void write_unified_diff(std::string& out, const Document& doc, const EditList& edits,
                        const std::vector<Rule>& rules, const DiffOptions& options);

struct ReportOptions {
  std::string_view path;       // or a record id
  bool include_text = true;    // the removed bytes of each removal
  std::string_view extra;      // raw JSON members appended to the record ("" or "\"k\":v")
};

// One JSON Lines record (with the trailing newline); format in report.cpp.
void write_report_record(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, const ReportOptions& options);

// The "removals" array alone, as used by the report and JSONL mode.
void write_removals_json(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, bool include_text);

}  // namespace decruft
