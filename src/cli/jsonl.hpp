// JSON Lines mode: records on stdin, the same records on stdout with the
// text field cleaned, a "decruft" field listing the removals and, when the
// document has flags, a "decruft_flags" field: ["over-removal", "held-back",
// "truncated", "binary"], as the report's "flags" (see batch.hpp).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "cli/app.hpp"

namespace decruft::cli {

// Cleans one record at a time; one per thread (it owns a JSON parser).
class JsonlCleaner {
 public:
  JsonlCleaner(const Engine& engine, const Options& options);
  ~JsonlCleaner();

  // Appends the output for `record` (one line without its line ending) to
  // `out`. Every member is kept byte for byte except the text field, whose
  // value becomes the clean text, "decruft" (added or replaced) and
  // "decruft_flags" (replaced, or added when there are flags). A malformed
  // record is appended unchanged and false is returned with `error` set.
  // Counts removals in `removals`. A lone surrogate escape in the text is
  // kept (the text is cleaned as WTF-8 bytes, see jsonl.cpp).
  bool clean(std::string_view record, std::string& out, std::string& error,
             size_t& removals);
  // The same, with `warning` set when the record was written but not
  // cleaned: its text has NUL bytes (flagged "binary", as binary files are
  // skipped). `padded`: at least SIMDJSON_PADDING allocated bytes (of any
  // value) follow the record, so that it is parsed without a copy.
  bool clean(std::string_view record, std::string& out, std::string& error, size_t& removals,
             std::string& warning, bool padded);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace decruft::cli
