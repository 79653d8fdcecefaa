// JSON Lines mode: records on stdin, the same records on stdout with the
// text field cleaned and a "decruft" field listing the removals.
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
  // value becomes the clean text, and "decruft" (added or replaced). A
  // malformed record is appended unchanged and false is returned with
  // `error` set. Counts removals in `removals`.
  bool clean(std::string_view record, std::string& out, std::string& error,
             size_t& removals);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace decruft::cli
