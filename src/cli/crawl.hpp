// Crawl data as it comes: compressed inputs (gzip, zstd) and WARC/WET
// files, for every command that reads paths. The drivers (app.cpp,
// batch.cpp, stats.cpp, review.cpp) call these at the points where they
// read an input and write its clean text.
//
// WET files (Common Crawl's .warc.wet.gz: one `conversion` record of plain
// text per page) are cleaned record by record, each body its own document
// (a conversion record whose Content-Type is not text/* is kept as it is):
// no rule, block or tail crosses from one record into the next. Every other
// record, and every header byte of a cleaned one, is kept as it was, except
//   - Content-Length, set to the new body's length, and
//   - WARC-Block-Digest (and WARC-Payload-Digest, which for a conversion
//     record is the same bytes): recomputed when it is a "sha1:" base32
//     digest, as Common Crawl writes them, so that a reader that checks
//     digests still can; dropped when it uses another algorithm, because a
//     digest that no longer holds is worse than none.
// A record with nothing removed keeps every byte. WARC-Target-URI selects
// site rules (else --site), WARC-Record-ID names the record in the diff and
// the report. WARC files of `response` records (HTML) are out of scope:
// such a file is refused with a message saying so.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "cli/batch.hpp"
#include "util/compress.hpp"

namespace decruft::cli {

// Reads an input ("-": stdin), decompressed when its first bytes say gzip
// or zstd; `codec` says which. More than `max_size` bytes, read or
// decompressed, is an error ("larger than ...").
bool read_input(const std::string& path, std::string& out, util::Codec& codec,
                std::string& error, uint64_t max_size = UINT64_MAX);
// write_clean_text, compressed as `codec` (one gzip member or zstd frame).
bool write_clean_text_as(const std::string& path, std::string_view input, const EditList& edits,
                         util::Codec codec, std::string& error,
                         util::AtomicWriter::Target target = util::AtomicWriter::Target::explicit_path);

// Whether `path` (not "-") is a WARC file: "WARC/" at its start once
// decompressed.
bool is_warc_file(const std::string& path);

struct WarcJob {
  std::string in_path;
  std::string shown;      // the input's name in messages and the report
  std::string out_path;   // "": none; "-": stdout (not compressed); else as the input was
  std::string diff_path;  // "": none; "-": stdout
  bool color = false;     // colour the diff
  bool want_report = false;
  bool keep_if_unchanged = false;  // --in-place: a file with nothing removed is not rewritten
};

struct WarcTotals {
  size_t records = 0, conversions = 0, changed = 0, failed = 0, binaries = 0, flagged = 0,
         held = 0, truncated = 0, slow = 0, in_bytes = 0, out_bytes = 0;
  std::array<size_t, kCategoryCount> by_cat{};
};

// Cleans the conversion records of one WARC/WET file (see above), writing
// the outputs `job` names. Report lines (one per conversion record) go to
// `report`, messages ("decruft: ...\n") to `messages`. False with `error`
// set when the file failed as a whole (unreadable, not WARC, cut short,
// only response records): then no output is written.
bool clean_warc(const Engine& engine, const Options& o, const WarcJob& job, WarcTotals& totals,
                std::string& report, std::string& messages, std::string& error);

// `decruft clean FILE.warc.wet.gz [-o OUT]` for one input: the exit status.
int clean_warc_one(const Engine& engine, const Options& o, const std::string& path);

// --include/--exclude GLOB (repeatable): takes out of `inputs` the folder
// members that match no --include (when there is one) or match an
// --exclude; files named on the command line (`named`) always stay. A GLOB
// without "/" is matched against the file name ("*.txt"), one with "/"
// against the path below the folder ("news/*/*.txt", fnmatch with
// FNM_PATHNAME). Returns how many were taken out.
size_t filter_inputs(std::vector<InputFile>& inputs, const std::vector<std::string>& named,
                     const Options& o);

// For the corpus commands (stats, review, rules suggest): replaces each WET
// or WARC input and each JSON Lines input (named *.jsonl or *.ndjson, also
// .gz/.zst) by its records, each one document of its own: a conversion
// record's body named "FILE#WARC-Record-ID", a JSONL record's text field
// (--text-field) named "FILE#ID" (its "id" member) or "FILE:LINE". The
// files are read once, as streams; each record is written to a temporary
// folder removed when the program ends, so memory stays at one record.
// Errors go to `on_error` (a file that fails is left out).
void expand_records(std::vector<InputFile>& inputs, const Options& o,
                    const std::function<void(const std::string&, const std::string&)>& on_error);

// The name to show for an input in messages: its path, or for a record
// expand_records made, "FILE#RECORD".
std::string shown_path(const InputFile& in);

}  // namespace decruft::cli
