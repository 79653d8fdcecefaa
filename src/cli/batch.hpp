// Folder and multi-file driver: walks the inputs, cleans them on worker
// threads, mirrors the tree under -o DIR, and prints a summary.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/app.hpp"

namespace decruft::cli {

struct InputFile {
  std::string path;  // to open
  std::string rel;   // where it goes under -o DIR (and its name in diffs)
};

// The files named by `paths`: files as given, folders walked recursively
// (hidden entries skipped, directory symlinks not followed), in a sorted,
// deterministic order. Walk errors go to `on_error(path, reason)`.
std::vector<InputFile> collect_inputs(
    const std::vector<std::string>& paths,
    const std::function<void(const std::string&, const std::string&)>& on_error);

// Calls on_file(path, shown name) for every input file in order.
void for_each_input(const std::vector<std::string>& paths,
                    const std::function<void(const std::string&, const std::string&)>& on_file,
                    const std::function<void(const std::string&, const std::string&)>& on_error);

// `decruft clean` over several files or folders.
int run_batch(const Engine& engine, const Options& o, const std::vector<std::string>& paths);

// Report members for a document's flags: "flags":[...] or "".
std::string flags_json(const Cleaned& c);

}  // namespace decruft::cli
