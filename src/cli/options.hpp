// The command line, parsed into a plain struct (Boost.Program_options does
// the parsing); run() in app.cpp turns it into work.
#pragma once

#include <string>
#include <vector>

namespace decruft::cli {

enum Exit { kOk = 0, kFindings = 1, kUsage = 2, kInputFailed = 3 };

struct Options {
  std::string command = "clean";  // clean, diff, jsonl, rules, stats, review
  std::string action;             // rules: list, check, test, export
  std::vector<std::string> paths;
  std::vector<std::string> include, exclude;  // globs selecting folder members (cli/crawl.hpp)

  // Rules.
  std::vector<std::string> rule_paths;
  bool no_default_rules = false;
  std::vector<std::string> enable, disable;
  std::string site;

  // Outputs.
  std::string output;       // -o
  std::string diff_output;  // --diff
  std::string report;       // --report
  bool check = false;
  bool in_place = false;
  bool resume = false;
  bool word_diff = false;
  bool json = false;
  std::string color = "auto";  // auto, always, never
  std::string format;          // rules export
  int jobs = 0;                // 0: all cores
  bool quiet = false;

  // JSONL.
  std::string text_field = "text";
  std::string keep_original;
  std::string on_error = "pass";  // pass, drop or fail (cli/jsonl.cpp)
  bool line_buffered = false;     // answer each record as soon as it is read

  // Review.
  double max_removed = 1.0;        // leave documents alone above this share
  double over_removal = 0.30;      // flag documents above this share

  // rules suggest: a line must repeat in this many documents (0: 3, or 2% of
  // the documents when that is more).
  int min_docs = 0;

  // Each RE2 Set's memory budget, MB (CompileOptions::set_max_mem).
  int re2_max_mem = 96;
};

// Parses argv. On --help/--version prints and sets `exit_now` to 0; on a
// usage error prints "decruft: ..." and sets it to 2.
Options parse_options(int argc, char** argv, int& exit_now);

}  // namespace decruft::cli
