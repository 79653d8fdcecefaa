// Folder and multi-file driver: walks the inputs, cleans them on worker
// threads, mirrors the tree under -o DIR, and prints a summary.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/app.hpp"

namespace decruft::cli {

struct InputFile {
  std::string path;   // to open
  std::string rel;    // where it goes under -o DIR (and its name in diffs)
  bool link = false;  // a symbolic link to a file
  std::string site{};  // a record's own domain (WARC-Target-URI, a JSONL url), for site rules
};

// The files named by `paths`: files as given, folders walked recursively
// (hidden entries skipped, directory symlinks not followed, links to files
// outside the folder skipped with a message), in a sorted,
// deterministic order. Walk errors go to `on_error(path, reason)`: a folder
// that cannot be opened or read is reported and the walk goes on without it.
// Entries a folder walk passed over, for the summary: hidden names
// (".x"), temporaries of a killed run ("x.decruft-tmp.PID"), and links to
// files outside the folder walked (each also said on stderr).
struct WalkCounts {
  size_t hidden = 0, temporaries = 0, outside_links = 0;
};
std::vector<InputFile> collect_inputs(
    const std::vector<std::string>& paths,
    const std::function<void(const std::string&, const std::string&)>& on_error,
    WalkCounts* counts = nullptr);

// Calls on_file(path, shown name) for every input file in order.
void for_each_input(const std::vector<std::string>& paths,
                    const std::function<void(const std::string&, const std::string&)>& on_file,
                    const std::function<void(const std::string&, const std::string&)>& on_error);

// `decruft clean` over several files or folders. Before any work it refuses
// (exit 2) an output folder inside an input folder, an output (clean text,
// diff or report) that is one of the inputs, and two inputs that would be
// written to the same output path.
int run_batch(const Engine& engine, const Options& o, const std::vector<std::string>& paths);

// For one input cleaned to -o FILE (no --in-place): false, after saying so,
// when -o, --diff or --report names the input file itself, or two of them
// name one path. "-" and inputs
// that are not regular files are always spared.
bool outputs_spare_input(const Options& o, const std::string& path);

// The folders of output `rel` below the output folder `root`, made where
// missing; false with `err` ("PATH: reason") when one of them is a symbolic
// link, or a FIFO, device or file is in the way: an output tree is never
// left through a link.
bool make_tree_parent(const std::string& root, const std::string& rel, std::string& err);

// For the commands that write one file from many inputs (review -o): false,
// after saying so, when `output` is one of the inputs (by identity).
bool output_spares_inputs(const std::string& output, const std::string& what,
                          const std::vector<InputFile>& inputs);

// A document's flags as a JSON array, ["over-removal","truncated"], in the
// order binary, over-removal, held-back, truncated; "" when none is set.
std::string flags_array(const Cleaned& c);
// Report members for a document's flags: "flags":[...] or "".
std::string flags_json(const Cleaned& c);

}  // namespace decruft::cli
