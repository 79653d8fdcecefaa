#include "cli/batch.hpp"
#include "cli/progress.hpp"

#include <sys/stat.h>
#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

#include "cli/crawl.hpp"
#include "core/printers.hpp"
#include "util/fs.hpp"

namespace fs = std::filesystem;

namespace decruft::cli {

std::string flags_array(const Cleaned& c) {
  std::string flags;
  auto add = [&](bool on, const char* f) {
    if (!on) return;
    flags += flags.empty() ? "[\"" : ",\"";
    flags += f;
    flags += '"';
  };
  add(c.binary, "binary");
  add(c.over_removal, "over-removal");
  add(c.held_back, "held-back");
  add(c.truncated, "truncated");
  if (!flags.empty()) flags += ']';
  return flags;
}

std::string flags_json(const Cleaned& c) {
  std::string flags = flags_array(c);
  return flags.empty() ? flags : "\"flags\":" + flags;
}

namespace {

using OnError = std::function<void(const std::string&, const std::string&)>;

// Whether `child` is `parent` or below it (both lexically normal).
bool inside_path(const fs::path& child, const fs::path& parent) {
  auto c = child.begin(), p = parent.begin();
  for (; p != parent.end(); ++p, ++c)
    if (c == child.end() || *c != *p) return false;
  return true;
}

// The name a folder's files are prefixed with when there are several input
// folders: its own name ("data" for "p/data/" and "p/data"), or, for "." and
// "..", the name of the folder they stand for, so that no output path leaves
// the output folder.
std::string folder_name(const std::string& p) {
  fs::path lex = fs::path(p).lexically_normal();
  std::string name = lex.filename().string();
  if (name.empty()) name = lex.parent_path().filename().string();
  if (name.empty() || name == "." || name == "..") {
    std::error_code ec;
    name = fs::weakly_canonical(fs::absolute(p), ec).filename().string();
  }
  return name.empty() ? "root" : name;
}

// The files below folder `root`, walked with a stack of folders still to
// read. A folder that cannot be opened or read is reported and the walk goes
// on with the others: std::filesystem::recursive_directory_iterator instead
// becomes the end iterator at the first such folder, silently ending the walk.
void walk_folder(const std::string& root, const std::string& prefix,
                 std::vector<InputFile>& found, const OnError& on_error, WalkCounts& counts) {
  std::vector<fs::path> todo{fs::path(root)};
  bool top = true;
  std::error_code rec;
  const fs::path real_root = fs::canonical(root, rec);
  while (!todo.empty()) {
    fs::path dir = std::move(todo.back());
    todo.pop_back();
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const fs::path& fp = it->path();
      std::string name = fp.filename().string();
      if (name.empty() || name[0] == '.') {  // hidden files and folders
        ++counts.hidden;
        continue;
      }
      if (name.find(".decruft-tmp.") != std::string::npos) {  // a killed run's temporary
        ++counts.temporaries;
        continue;
      }
      std::error_code sec;
      auto lst = it->symlink_status(sec);
      if (fs::is_directory(lst)) {
        todo.push_back(fp);
        continue;
      }
      auto fst = fs::status(fp, sec);
      if (sec || !fs::exists(fst)) {
        on_error(fp.string(), fs::is_symlink(lst) ? "broken symbolic link or link loop"
                                                  : "cannot be read");
        continue;
      }
      if (fs::is_directory(fst)) continue;  // a link to a folder: not followed
      if (!fs::is_regular_file(fst)) {  // reading a FIFO would stall the batch for good
        on_error(fp.string(), "not a regular file (FIFO, socket or device)");
        continue;
      }
      if (fs::is_symlink(lst)) {
        // A link to a file outside the folder walked: its content would be
        // copied into -o as if it were part of the tree. Said and skipped;
        // name the file itself to clean it.
        std::error_code lec;
        fs::path target = fs::canonical(fp, lec);
        if (lec || rec || !inside_path(target, real_root)) {
          complain(fp.string() + ": symbolic link to a file outside " + root +
                   ", skipped (name the file itself to clean it)");
          ++counts.outside_links;
          continue;
        }
      }
      std::string rel = fp.lexically_relative(root).string();
      if (!prefix.empty()) rel = prefix + "/" + rel;
      found.push_back({fp.string(), rel, fs::is_symlink(lst)});
    }
    // The root folder's own error names it as given; a subfolder's, its path.
    if (ec) on_error(top ? root : dir.string(), ec.message());
    top = false;
  }
}

}  // namespace

std::vector<InputFile> collect_inputs(const std::vector<std::string>& paths,
                                      const OnError& on_error, WalkCounts* counts) {
  WalkCounts ignored;
  if (!counts) counts = &ignored;
  std::vector<InputFile> out;
  size_t roots = 0;
  for (const auto& p : paths) {
    std::error_code ec;
    roots += p != "-" && fs::is_directory(p, ec);
  }
  for (const auto& p : paths) {
    std::error_code ec;
    if (p == "-") {
      out.push_back({p, "stdin"});
      continue;
    }
    auto st = fs::status(p, ec);
    auto lst = fs::symlink_status(p, ec);
    if (!fs::exists(st)) {
      if (fs::is_symlink(lst))
        on_error(p, "broken symbolic link or link loop");
      else
        on_error(p, "No such file or directory");
      continue;
    }
    if (!fs::is_directory(st)) {
      out.push_back({p, fs::path(p).filename().string(), fs::is_symlink(lst)});
      continue;
    }
    // A folder: its files relative to it (prefixed by its name when there
    // are several folders; plan_outputs refuses names that still collide).
    std::vector<InputFile> found;
    walk_folder(p, roots > 1 ? folder_name(p) : "", found, on_error, *counts);
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.rel < b.rel; });
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

void for_each_input(const std::vector<std::string>& paths, const OnError& on_file,
                    const OnError& on_error) {
  std::error_code ec;
  for (const auto& p : paths) {
    if (p != "-" && fs::is_directory(p, ec)) {
      for (const auto& f : collect_inputs({p}, on_error)) on_file(f.path, f.path);
    } else {
      on_file(p, p);
    }
  }
}

namespace {

// A regular file's identity (links followed); false when there is none.
struct FileId {
  dev_t dev = 0;
  ino_t ino = 0;
  bool operator<(const FileId& b) const { return dev != b.dev ? dev < b.dev : ino < b.ino; }
  bool operator==(const FileId& b) const { return dev == b.dev && ino == b.ino; }
};
bool regular_file_id(const std::string& path, FileId& id) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  id = {st.st_dev, st.st_ino};
  return true;
}

// The summary's counts: one file's own (each 0 or 1, or its bytes), and
// their sums, one per worker as its files finish, added up at the end, so
// that memory does not grow with the number of files. `skipped`: --resume
// found the outputs complete.
struct Totals {
  size_t failures = 0, binaries = 0, skipped = 0, flagged = 0, held = 0,
         truncated = 0, in_bytes = 0, out_bytes = 0, changed = 0, slow = 0;
  std::array<size_t, kCategoryCount> by_cat{};
  void add(const Totals& t) {
    failures += t.failures;
    binaries += t.binaries;
    skipped += t.skipped;
    flagged += t.flagged;
    held += t.held;
    truncated += t.truncated;
    in_bytes += t.in_bytes;
    out_bytes += t.out_bytes;
    changed += t.changed;
    slow += t.slow;
    for (size_t c = 0; c < kCategoryCount; ++c) by_cat[c] += t.by_cat[c];
  }
};

struct FileResult {
  Totals n;
  std::string record;  // report line
};

// A WET/WARC file's counts as one file's (cli/crawl.hpp).
Totals warc_totals(const WarcTotals& w, size_t skipped) {
  Totals n;
  n.skipped = skipped;
  n.failures = w.failed > 0;
  n.binaries = w.binaries > 0;
  n.flagged = w.flagged > 0;
  n.held = w.held > 0;
  n.truncated = w.truncated > 0;
  n.slow = w.slow > 0;
  n.in_bytes = w.in_bytes;
  n.out_bytes = w.out_bytes;
  n.changed = w.changed > 0;
  n.by_cat = w.by_cat;
  return n;
}

// Report records in input order, written as soon as every earlier record is
// ready: memory holds only the records that finished out of order.
class OrderedReport {
 public:
  explicit OrderedReport(util::AtomicWriter* out) : out_(out) {}
  // Whether every record before `index` is written: then its worker may
  // write its own record in pieces (write_now) as it makes it, since no
  // other record is written before it is put().
  bool is_next(size_t index) {
    std::lock_guard<std::mutex> lock(mutex_);
    return out_ && index == next_;
  }
  void write_now(std::string_view piece) { out_->write(piece); }
  void put(size_t index, std::string record) {
    std::lock_guard<std::mutex> lock(mutex_);
    waiting_.emplace(index, std::move(record));
    for (auto it = waiting_.begin(); it != waiting_.end() && it->first == next_;
         it = waiting_.erase(it), ++next_)
      if (out_) out_->write(it->second);
  }

 private:
  util::AtomicWriter* out_;
  std::mutex mutex_;
  size_t next_ = 0;
  std::map<size_t, std::string> waiting_;
};

bool newer_or_same(const std::string& out, const std::string& in) {
  struct stat so {}, si {};
  if (::stat(out.c_str(), &so) != 0 || ::stat(in.c_str(), &si) != 0) return false;
  if (so.st_mtim.tv_sec != si.st_mtim.tv_sec) return so.st_mtim.tv_sec > si.st_mtim.tv_sec;
  return so.st_mtim.tv_nsec >= si.st_mtim.tv_nsec;
}

bool inside(const fs::path& child, const fs::path& parent) { return inside_path(child, parent); }

std::string human_mb(double bytes) {
  char buf[32];
  if (bytes < 1e6)
    std::snprintf(buf, sizeof buf, "%.1f kB", bytes / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  return buf;
}

fs::path absolute_path(const std::string& p) {
  std::error_code ec;
  fs::path a = fs::weakly_canonical(fs::absolute(p), ec);
  return ec ? fs::absolute(p).lexically_normal() : a;
}

// Checks, before any work, what the batch is about to write; complains and
// returns false to refuse the run (exit 2). An input named twice (the same
// file under the same output name, or twice with --in-place) is cleaned once.
// With --in-place, symbolic links are taken out of `inputs`: renaming the
// clean file over a link would replace the link with a copy (counted in
// `links`). Refused:
//   - an output folder (-o, --diff) inside an input folder;
//   - an output (clean text, diff, report) that is one of the input files:
//     `clean a.txt b.txt -o .` in their folder would clean them in place
//     without --in-place;
//   - two inputs written to one output path (`a/x.txt b/x.txt -o out`,
//     `p/data q/data -o out`), and an output path that one input needs as a
//     file and another as a folder: the last writer would silently win.
bool plan_outputs(const Options& o, const std::vector<std::string>& paths,
                  std::vector<InputFile>& inputs, size_t& links, size_t& refused) {
  std::error_code ec;
  if (!o.in_place) {
    fs::path out = o.output.empty() ? fs::path() : absolute_path(o.output);
    for (const auto& p : paths) {
      if (p == "-") {
        complain("stdin (-) cannot be one of several inputs");
        return false;
      }
      if (!fs::is_directory(p, ec)) continue;
      fs::path in = absolute_path(p);
      if (!o.output.empty() && inside(out, in)) {
        complain(o.output + ": the output folder is inside the input folder " + p);
        return false;
      }
      if (!o.diff_output.empty() && inside(absolute_path(o.diff_output), in)) {
        complain(o.diff_output + ": the diff folder is inside the input folder " + p);
        return false;
      }
    }
  }
  // Inputs by identity; the same file named twice is cleaned once.
  std::map<FileId, size_t> ids;
  std::vector<InputFile> kept;
  kept.reserve(inputs.size());
  for (auto& in : inputs) {
    FileId id;
    if (o.in_place && in.link) {
      complain(in.path + ": symbolic link, skipped (--in-place does not replace links; name " +
               "the file it points to)");
      ++links;
      continue;
    }
    if (regular_file_id(in.path, id)) {
      // A file with several names (hard links): cleaning it in place
      // renames a new file over this name, and every other name would keep
      // the old text while the run said it was cleaned. Skipped, said, and
      // the run ends with exit 3; `cp` it and clean the copy, or clean with -o.
      struct stat st {};
      if (o.in_place && ::stat(in.path.c_str(), &st) == 0 && st.st_nlink > 1) {
        complain(in.path + ": has " + std::to_string(st.st_nlink) +
                 " names (hard links), skipped: --in-place would clean this name only and "
                 "leave the others with the old text");
        ++refused;
        continue;
      }
      auto [it, fresh] = ids.emplace(id, kept.size());
      if (!fresh && (o.in_place || kept[it->second].rel == in.rel)) {
        const std::string& first = kept[it->second].path;
        complain(in.path + ": named more than once" + (first == in.path ? "" : " (as " + first + ")") +
                 ", cleaned once");
        continue;
      }
    }
    kept.push_back(std::move(in));
  }
  inputs = std::move(kept);

  // Every path the run writes: what writes it (the clean text, the diff, the
  // report), of which input, and the name to show.
  struct Writer {
    std::string shown, what, of;
    std::string str() const { return of.empty() ? what : what + " of " + of; }
  };
  std::map<std::string, Writer> planned;
  auto plan = [&](const fs::path& full, const Writer& w) {
    auto [it, fresh] = planned.emplace(full.lexically_normal().string(), w);
    if (fresh) return true;
    complain(w.shown + ": " + it->second.str() + " and " + w.str() +
             " would both be written to it");
    return false;
  };
  if (!o.in_place) {
    fs::path out = o.output.empty() ? fs::path() : absolute_path(o.output), diffs;
    if (!o.diff_output.empty()) diffs = absolute_path(o.diff_output);
    for (const auto& in : inputs) {
      if (!o.output.empty() && !plan(out / in.rel, {(fs::path(o.output) / in.rel).string(), "the clean text", in.path}))
        return false;
      if (!o.diff_output.empty() &&
          !plan(diffs / (in.rel + ".diff"),
                {(fs::path(o.diff_output) / in.rel).string() + ".diff", "the diff", in.path}))
        return false;
    }
  }
  if (!o.report.empty() && o.report != "-" &&
      !plan(absolute_path(o.report), {o.report, "the report", ""}))
    return false;
  for (const auto& [full, w] : planned) {
    // A path written as a file must not be a folder another output needs.
    for (fs::path up = fs::path(full).parent_path(); up.has_relative_path(); up = up.parent_path()) {
      auto it = planned.find(up.string());
      if (it != planned.end()) {
        complain(it->second.shown + ": " + it->second.str() + " would be written to it, but " +
                 w.str() + " needs it to be a folder");
        return false;
      }
    }
    // An existing output that is an input file.
    FileId id;
    if (regular_file_id(full, id)) {
      auto in = ids.find(id);
      if (in != ids.end()) {
        const std::string& victim = inputs[in->second].path;
        complain(w.shown + ": " + (w.of == victim ? w.what : w.str()) +
                 " would overwrite the input " + victim + " (--in-place cleans inputs in place)");
        return false;
      }
    }
  }
  return true;
}

}  // namespace

// The folders of output `rel` below the output folder `root`, made where
// missing. Each must be a real folder: a symbolic link among them (one
// planted or left in -o) would send the file out of the tree, so it is
// refused, as is a FIFO, device or file in the way. `root` itself is the
// user's to choose and may be a link.
bool make_tree_parent(const std::string& root, const std::string& rel, std::string& err) {
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) {
    err = root + ": " + ec.message();
    return false;
  }
  fs::path at(root);
  fs::path parent = fs::path(rel).parent_path();
  for (const auto& part : parent) {
    at /= part;
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0) {
      if (errno == ENOENT && ::mkdir(at.c_str(), 0777) == 0) continue;
      if (errno == EEXIST && ::lstat(at.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
      err = at.string() + ": " + std::strerror(errno);
      return false;
    }
    if (S_ISLNK(st.st_mode)) {
      err = at.string() + ": a symbolic link in the output tree, not followed";
      return false;
    }
    if (!S_ISDIR(st.st_mode)) {
      err = at.string() + ": not a folder, but the output needs one there";
      return false;
    }
  }
  return true;
}

bool outputs_spare_input(const Options& o, const std::string& path) {
  const std::pair<const std::string*, const char*> outs[] = {
      {&o.output, "the clean text"}, {&o.diff_output, "the diff"}, {&o.report, "the report"}};
  // Two outputs at one path (-o x --diff x): the last one written would
  // silently replace the other. By name, and by identity when they exist.
  for (size_t a = 0; a < 3; ++a)
    for (size_t b = a + 1; b < 3; ++b) {
      const std::string &x = *outs[a].first, &y = *outs[b].first;
      if (x.empty() || y.empty() || x == "-" || y == "-") continue;
      FileId ix, iy;
      if (absolute_path(x) == absolute_path(y) ||
          (regular_file_id(x, ix) && regular_file_id(y, iy) && ix == iy)) {
        complain(y + ": " + outs[a].second + " and " + outs[b].second +
                 " would both be written to it");
        return false;
      }
    }
  FileId in;
  if (o.in_place || path == "-" || !regular_file_id(path, in)) return true;
  for (const auto& [out, what] : outs) {
    FileId id;
    if (!out->empty() && *out != "-" && regular_file_id(*out, id) && id == in) {
      complain(*out + ": " + what + " would overwrite the input " + path +
               " (--in-place cleans inputs in place)");
      return false;
    }
  }
  return true;
}

bool output_spares_inputs(const std::string& output, const std::string& what,
                          const std::vector<InputFile>& inputs) {
  FileId out;
  if (output.empty() || output == "-" || !regular_file_id(output, out)) return true;
  for (const auto& in : inputs) {
    FileId id;
    if (in.path != "-" && regular_file_id(in.path, id) && id == out) {
      complain(output + ": " + what + " would overwrite the input " + in.path);
      return false;
    }
  }
  return true;
}

int run_batch(const Engine& engine, const Options& o, const std::vector<std::string>& paths) {
  // --check with no -o: only the answer (and a --diff or --report if asked);
  // no clean text is written.
  const bool dry = o.check && !o.in_place && o.output.empty();
  if (!dry && !o.in_place && (o.output.empty() || o.output == "-")) {
    complain("several inputs or a folder need -o DIR (or --in-place)");
    return kUsage;
  }
  if (o.in_place && !o.output.empty()) {
    complain("--in-place and -o exclude each other");
    return kUsage;
  }
  for (const auto& p : paths)
    if (p == "-") {
      complain(o.in_place ? "--in-place needs files or folders, not stdin (-)"
                          : "stdin (-) cannot be one of several inputs");
      return kUsage;
    }

  std::mutex err_mutex;
  size_t walk_failures = 0, links = 0, refused = 0;
  auto on_error = [&](const std::string& path, const std::string& reason) {
    std::lock_guard<std::mutex> lock(err_mutex);
    complain(path + ": " + reason);
    ++walk_failures;
  };
  WalkCounts walked;
  std::vector<InputFile> inputs = collect_inputs(paths, on_error, &walked);
  filter_inputs(inputs, paths, o);  // --include/--exclude
  if (!plan_outputs(o, paths, inputs, links, refused)) return kUsage;
  util::AtomicWriter report_file;
  if (!o.report.empty()) {
    std::string err;
    if (!report_file.open(o.report, err)) {
      complain(o.report + ": " + err);
      return kInputFailed;
    }
  }
  OrderedReport report(o.report.empty() ? nullptr : &report_file);
  std::atomic<size_t> next{0}, done{0}, bytes_done{0};
  const auto& rules = engine.rules();

  auto process = [&](size_t i, FileResult& res) {
      const InputFile& in = inputs[i];
      std::string out_path = o.in_place ? in.path : (fs::path(o.output) / in.rel).string();
      auto fail = [&](const std::string& path, const std::string& why) {
        std::lock_guard<std::mutex> lock(err_mutex);
        complain(path + ": " + why);
        res.n.failures = 1;
      };
      // Resumed only when every output is there: a run killed between the
      // clean file and its diff must still write the diff. With --report the
      // resumed file is still read and matched (not written again), so that
      // the report has a record for every input and the totals count it.
      std::string diff_path =
          o.diff_output.empty() ? "" : (fs::path(o.diff_output) / in.rel).string() + ".diff";
      if (o.resume && !o.in_place && newer_or_same(out_path, in.path) &&
          (diff_path.empty() || newer_or_same(diff_path, in.path))) {
        res.n.skipped = 1;
        if (o.report.empty()) return;
      }
      std::string input, err;
      if (is_warc_file(in.path)) {  // WET/WARC: record by record (cli/crawl.hpp)
        bool write = !res.n.skipped;
        if (write && !o.in_place && !dry && !make_tree_parent(o.output, in.rel, err))
          return fail(in.path, err);
        if (write && !diff_path.empty() && !make_tree_parent(o.diff_output, in.rel, err))
          return fail(in.path, err);
        WarcJob job{in.path, in.rel, write && !dry ? out_path : "", write ? diff_path : "", false,
                    !o.report.empty(), o.in_place};
        WarcTotals w;
        std::string messages;
        bool ok = clean_warc(engine, o, job, w, res.record, messages, err);
        if (!messages.empty()) {
          std::lock_guard<std::mutex> lock(err_mutex);
          util::write_fd(2, messages);
        }
        if (!ok) return fail(in.path, err);
        res.n = warc_totals(w, res.n.skipped);
        bytes_done += w.in_bytes;
        return;
      }
      util::Codec codec = util::Codec::none;  // written back compressed as it came
      if (!read_input(o, in.path, input, codec, err)) {
        fail(in.path, err);
        return;
      }
      res.n.in_bytes = input.size();
      bytes_done += input.size();
      Document doc(input);
      Cleaned c = clean_document(engine, o, doc, site_for(o, in.rel));
      if (!c.error.empty()) {
        fail(in.path, c.error);
      } else if (c.binary) {
        res.n.binaries = 1;
        std::lock_guard<std::mutex> lock(err_mutex);
        complain(in.path + ": binary file (NUL bytes), skipped");
      } else {
        if (std::string w = slow_path_warning(c, o); !w.empty()) {
          std::lock_guard<std::mutex> lock(err_mutex);
          complain(in.path + ": " + w);
          res.n.slow = 1;
        }
        res.n.out_bytes = input.size() - removed_bytes(c.edits);
        res.n.flagged = c.over_removal;
        res.n.held = c.held_back;
        res.n.truncated = c.truncated;
        for (const auto& e : c.edits) ++res.n.by_cat[static_cast<size_t>(rules[e.rule].category)];
        res.n.changed = !c.edits.empty();
        bool unchanged_in_place = o.in_place && c.edits.empty();
        const auto tree = util::AtomicWriter::Target::tree;
        if (!res.n.skipped && !unchanged_in_place && !dry) {
          if (!o.in_place && !make_tree_parent(o.output, in.rel, err))
            fail(in.path, err);
          else if (!write_clean_text_as(out_path, input, c.edits, codec, err, tree))
            fail(out_path, err);
        }
        if (!res.n.skipped && !res.n.failures && !o.diff_output.empty()) {
          std::string shown = util::strip_codec_suffix(in.rel, codec);
          if (!make_tree_parent(o.diff_output, in.rel, err))
            fail(in.path, err);
          else if (!write_diff_file(diff_path, doc, c.edits, rules,
                                    {shown, shown, false, o.word_diff, o.context}, err, tree))
            fail(diff_path, err);
        }
        if (!o.report.empty()) {
          std::string extra = flags_json(c);
          // In pieces once every earlier record is out: the record of a
          // document with millions of removals is several times its size.
          write_report_record(res.record, doc, c.edits, rules, {in.rel, true, extra},
                              [&](std::string& piece) {
                                if (!report.is_next(i)) return;
                                report.write_now(piece);
                                piece.clear();
                              });
        }
      }
  };
  unsigned jobs = worker_count(o.jobs);
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(1, inputs.size())));
  std::vector<Totals> worker_totals(jobs);
  auto work = [&](Totals& totals) {
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= inputs.size()) return;
      FileResult res;
      // Per-input errors stay per input: memory running out on one
      // document (std::bad_alloc), or any other exception, fails that
      // document with its name and the batch goes on.
      try {
        process(i, res);
      } catch (const std::exception& e) {
        res = FileResult{};
        res.n.failures = 1;
        std::lock_guard<std::mutex> lock(err_mutex);
        complain(inputs[i].path + ": " + describe_exception(e));
      }
      report.put(i, std::move(res.record));
      totals.add(res.n);
      ++done;
    }
  };

  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < jobs; ++t) pool.emplace_back(work, std::ref(worker_totals[t]));

  // A progress bar on a terminal only.
  bool progress = !o.quiet && util::is_terminal(2);
  if (progress) {
    while (done.load() < inputs.size()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::lock_guard<std::mutex> lock(err_mutex);
      draw_progress(done.load(), inputs.size(), "files", static_cast<double>(bytes_done.load()), secs);
    }
  }
  for (auto& t : pool) t.join();
  if (progress) erase_progress();

  // The totals, and the report made complete under its name.
  Totals t;
  for (const auto& w : worker_totals) t.add(w);
  size_t failures = walk_failures + refused + t.failures;
  if (!o.report.empty()) {
    std::string err;
    if (!report_file.commit(err)) {
      complain(o.report + ": " + err);
      ++failures;
    }
  }
  if (!o.quiet) {
    std::string cats;
    for (size_t c = 0; c < kCategoryCount; ++c)
      if (t.by_cat[c])
        cats += (cats.empty() ? "" : ", ") + std::string(category_name(static_cast<Category>(c))) +
                " " + std::to_string(t.by_cat[c]);
    std::string link_note = links ? ", " + std::to_string(links) + " symlinks skipped" : "";
    if (walked.outside_links)
      link_note += ", " + std::to_string(walked.outside_links) + " links out of the tree skipped";
    if (refused) link_note += ", " + std::to_string(refused) + " hard-linked skipped";
    if (walked.hidden) link_note += ", " + std::to_string(walked.hidden) + " hidden skipped";
    if (walked.temporaries)
      link_note += ", " + std::to_string(walked.temporaries) + " decruft temporaries skipped";
    // Said only when it happened: RE2 took a slow path (see the warnings).
    if (t.slow) link_note += ", " + std::to_string(t.slow) + " matched on an RE2 slow path";
    std::fprintf(stderr,
                 "decruft: %zu files (%zu changed, %zu resumed), %s in, %s out; removals: %s; "
                 "%zu binary skipped%s, %zu flagged over-removal, %zu held back, %zu truncated, "
                 "%zu failed\n",
                 inputs.size(), t.changed, t.skipped,
                 human_mb(static_cast<double>(t.in_bytes)).c_str(),
                 human_mb(static_cast<double>(t.out_bytes)).c_str(),
                 cats.empty() ? "none" : cats.c_str(), t.binaries, link_note.c_str(), t.flagged,
                 t.held, t.truncated, failures);
  }
  if (failures) return kInputFailed;
  if (o.check && t.changed) return kFindings;
  return kOk;
}

}  // namespace decruft::cli
