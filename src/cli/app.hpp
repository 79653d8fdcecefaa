// The command-line program: main() calls run() and exits with its status.
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "core/engine.hpp"
#include "core/re2_watch.hpp"
#include "core/printers.hpp"
#include "util/compress.hpp"
#include "util/fs.hpp"

namespace decruft::cli {

int run(int argc, char** argv);

// Loads, validates and compiles the rules the options ask for, printing
// every diagnostic to stderr. Null when there was an error (exit 2).
std::unique_ptr<Engine> load_engine(const Options& o, bool everything = false);

// Prints "decruft: <message>" on stderr.
void complain(const std::string& message);

// Flushes std::cout; false, after saying why ("stdout: No space left on
// device"), when anything written to it was lost. Every command that
// prints on stdout ends with it, so that `decruft rules list > /dev/full`
// does not exit 0.
bool flush_stdout();

// The worker threads for --jobs N (0: one per core). It also caps glibc's
// malloc arenas at that number (run() calls it before any thread starts),
// so that the workers share the arenas the rules were compiled in and reuse
// what compiling freed there: without it a worker's arena grew beside them
// (65 MB peak RSS instead of 56 on the bench folder at -j 1).
unsigned worker_count(int jobs);

// Whether to colour output written to `fd`.
bool use_color(const Options& o, int fd);

// The site of the document named `path` (relative, as a batch names it):
// the domain of the first --site-map glob matching it, else --site.
std::string site_for(const Options& o, const std::string& path);

// The domain of a URL ("https://www.nytimes.com/x" -> "www.nytimes.com").
std::string domain_of(const std::string& url);

// Everything one document needs from the engine, for every driver.
struct Cleaned {
  EditList edits;
  bool binary = false;         // NUL bytes: skipped
  bool over_removal = false;   // more than --over-removal would go
  bool held_back = false;      // more than --max-removed would go: left untouched
  bool truncated = false;      // a short teaser cut off by a paywall/subscription/login prompt
  std::string error;           // RE2 ran out of memory
  re2_watch::Counts re2;       // RE2's slow paths while matching it
};

// "warning: ..." when RE2 matched the document on a slow path (its DFA
// thrashed or gave up for the NFA), else empty: it is said, never silent.
std::string slow_path_warning(const Cleaned& c, const Options& o);
Cleaned clean_document(const Engine& engine, const Options& o, const Document& doc,
                       std::string_view site);

// Writes the clean text (`input` with `edits` applied) to `path` ("-" is
// stdout) piece by piece through util::AtomicWriter, and the unified diff
// in pieces of about 1 MB: neither output of a large document is ever held
// whole in memory beside it. False with `error` set.
// `target`: tree for a path decruft made inside -o DIR or --diff DIR (no
// link, FIFO or device is written through there).
bool write_clean_text(const std::string& path, std::string_view input, const EditList& edits,
                      std::string& error,
                      util::AtomicWriter::Target target = util::AtomicWriter::Target::explicit_path);
bool write_diff_file(const std::string& path, const Document& doc, const EditList& edits,
                     const std::vector<Rule>& rules, const DiffOptions& options, std::string& error,
                     util::AtomicWriter::Target target = util::AtomicWriter::Target::explicit_path);

// Reads one input, refusing more than --max-input-size bytes; false with
// `error` set ("larger than --max-input-size (4 GiB)", "out of memory ...").
// Reads `path` ("-": stdin) whole, gzip and zstd decompressed (`codec` says
// which), refusing more than --max-input-size bytes, read or decompressed.
bool read_input(const Options& o, const std::string& path, std::string& out, util::Codec& codec,
                std::string& error);

// An exception met while one input was processed, as the reason its
// message gives: "out of memory" for std::bad_alloc, else what() says.
std::string describe_exception(const std::exception& e);

// Commands, each returning the exit status.
int cmd_clean(const Options& o);
int cmd_diff(const Options& o);
int cmd_rules(const Options& o);
int cmd_jsonl(const Options& o);
int cmd_stats(const Options& o);
int cmd_review(const Options& o);
int cmd_rules_suggest(const Options& o);
int cmd_version(const Options& o);

}  // namespace decruft::cli
