// The command line, parsed into a plain struct (Boost.Program_options does
// the parsing); run() in app.cpp turns it into work.
#pragma once

#include <cstdint>
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
  // --site-map FILE: (glob, domain) per line; the first glob that matches a
  // document's path (as the batch names it) gives its site, else --site.
  std::string site_map_file;
  std::vector<std::pair<std::string, std::string>> site_map;

  // Outputs.
  std::string output;       // -o
  std::string diff_output;  // --diff
  std::string report;       // --report
  bool check = false;
  bool in_place = false;
  bool resume = false;
  bool word_diff = false;
  unsigned context = 0;        // diff -U N
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
  size_t sample = 50;              // removals sampled per rule (plus half as many riskiest)
  uint64_t seed = 1;               // the sample's seed
  std::string compare;             // review --compare: the old rule set (path or "builtin")

  // rules suggest: a line must repeat in this many documents (0: 3, or 2% of
  // the documents when that is more).
  int min_docs = 0;

  // Each RE2 Set's memory budget, MB (CompileOptions::set_max_mem).
  int re2_max_mem = 96;

  // The largest input read, in bytes (--max-input-size). 4 GiB: a document
  // takes about three times its size while it is cleaned, so 4 GiB is what
  // a machine with 16 GB can still take; above it a file is far more likely
  // a device (/dev/zero), a runaway log or a mistake than an article. A
  // fixed number rather than a share of the RAM, so that the same batch
  // fails or passes the same way on every machine.
  static constexpr uint64_t kDefaultMaxInputSize = uint64_t{4} << 30;
  uint64_t max_input_size = kDefaultMaxInputSize;
};

// Parses argv. On --help/--version prints and sets `exit_now` to 0; on a
// usage error prints "decruft: ..." and sets it to 2.
Options parse_options(int argc, char** argv, int& exit_now);

}  // namespace decruft::cli
