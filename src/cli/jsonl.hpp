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

// What became of one record (JsonlCleaner::clean).
struct RecordResult {
  enum Status {
    kCleaned,    // its text field was cleaned (perhaps with nothing to remove)
    kNoText,     // no text field, or one that is not a string: written unchanged
    kMalformed,  // not a JSON object: written unchanged
    kError,      // an object that could not be cleaned (a member named twice,
                 // RE2 out of memory): unchanged, or flagged "error"
  };
  Status status = kCleaned;
  std::string message;  // the reason (all but kCleaned) or a warning (kCleaned)
  Cleaned cleaned;      // kCleaned: the edits and flags
  size_t in_bytes = 0, out_bytes = 0;  // the text's bytes before and after
  bool keep_existed = false;  // the --keep-original member was there already: kept
};

// Why the options cannot run (exit 2), or "": --keep-original naming the
// text field's member or one decruft writes, an empty part in a dotted
// --text-field.
std::string jsonl_options_error(const Options& o);

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
  // The same, saying in `result` what became of it. `flag_errors`: a
  // kError record is written with "decruft_flags":["error"] (its other
  // bytes unchanged). `line` names the record ("stdin:LINE") in `report`
  // (one JSON Lines record appended, also for records not cleaned, with
  // its "id" member when it has one) and `diff` (the unified diff of its
  // text, named by its "id" when that is a plain name); either may be null.
  // False for kMalformed and kError.
  bool clean(std::string_view record, std::string& out, RecordResult& result, bool padded,
             bool flag_errors, size_t line, std::string* report, std::string* diff);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace decruft::cli
