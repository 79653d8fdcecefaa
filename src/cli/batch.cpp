#include "cli/batch.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "core/printers.hpp"
#include "util/fs.hpp"

namespace fs = std::filesystem;

namespace decruft::cli {

std::string flags_json(const Cleaned& c) {
  std::string flags;
  auto add = [&](const char* f) {
    flags += flags.empty() ? "\"flags\":[\"" : ",\"";
    flags += f;
    flags += '"';
  };
  if (c.binary) add("binary");
  if (c.over_removal) add("over-removal");
  if (c.held_back) add("held-back");
  if (c.truncated) add("truncated");
  if (!flags.empty()) flags += ']';
  return flags;
}

std::vector<InputFile> collect_inputs(
    const std::vector<std::string>& paths,
    const std::function<void(const std::string&, const std::string&)>& on_error) {
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
    if (ec || !fs::exists(st)) {
      auto lst = fs::symlink_status(p, ec);
      if (fs::is_symlink(lst))
        on_error(p, "broken symbolic link or link loop");
      else
        on_error(p, "No such file or directory");
      continue;
    }
    if (!fs::is_directory(st)) {
      out.push_back({p, fs::path(p).filename().string()});
      continue;
    }
    // A folder: its files relative to it (prefixed by its name when there
    // are several folders, so that they cannot collide).
    std::string prefix = roots > 1 ? fs::path(p).lexically_normal().filename().string() : "";
    if (prefix.empty() && roots > 1) prefix = fs::path(p).lexically_normal().parent_path().filename().string();
    std::vector<InputFile> found;
    auto it = fs::recursive_directory_iterator(p, fs::directory_options::none, ec);
    if (ec) {
      on_error(p, ec.message());
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        on_error(it->path().string(), ec.message());
        ec.clear();
        continue;
      }
      const fs::path& fp = it->path();
      std::string name = fp.filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (name.find(".decruft-tmp.") != std::string::npos) continue;
      std::error_code sec;
      auto lst = it->symlink_status(sec);
      if (fs::is_directory(lst)) continue;
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
      std::string rel = fp.lexically_relative(p).string();
      if (!prefix.empty()) rel = prefix + "/" + rel;
      found.push_back({fp.string(), rel});
    }
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.rel < b.rel; });
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

void for_each_input(const std::vector<std::string>& paths,
                    const std::function<void(const std::string&, const std::string&)>& on_file,
                    const std::function<void(const std::string&, const std::string&)>& on_error) {
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

struct FileResult {
  bool failed = false;
  bool binary = false;
  bool skipped = false;  // --resume: output already complete
  bool over_removal = false;
  size_t bytes_in = 0, bytes_out = 0;
  std::array<size_t, kCategoryCount> removals{};
  std::string record;  // report line
};

// Report records in input order, written as soon as every earlier record is
// ready: memory holds only the records that finished out of order.
class OrderedReport {
 public:
  explicit OrderedReport(util::AtomicWriter* out) : out_(out) {}
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

bool inside(const fs::path& child, const fs::path& parent) {
  auto c = child.begin(), p = parent.begin();
  for (; p != parent.end(); ++p, ++c)
    if (c == child.end() || *c != *p) return false;
  return true;
}

// An output path's folder exists, or is made.
bool make_parent(const std::string& path, std::string& err) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) err = ec.message();
  return !ec;
}

std::string human_mb(double bytes) {
  char buf[32];
  if (bytes < 1e6)
    std::snprintf(buf, sizeof buf, "%.1f kB", bytes / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  return buf;
}

}  // namespace

int run_batch(const Engine& engine, const Options& o, const std::vector<std::string>& paths) {
  if (!o.in_place && (o.output.empty() || o.output == "-")) {
    complain("several inputs or a folder need -o DIR (or --in-place)");
    return kUsage;
  }
  if (o.in_place && !o.output.empty()) {
    complain("--in-place and -o exclude each other");
    return kUsage;
  }
  // Refuse an output folder inside an input folder before any work.
  if (!o.in_place) {
    std::error_code ec;
    fs::path out = fs::weakly_canonical(fs::absolute(o.output), ec);
    for (const auto& p : paths) {
      if (p == "-") {
        complain("stdin (-) cannot be one of several inputs");
        return kUsage;
      }
      if (!fs::is_directory(p, ec)) continue;
      fs::path in = fs::weakly_canonical(fs::absolute(p), ec);
      if (inside(out, in)) {
        complain(o.output + ": the output folder is inside the input folder " + p);
        return kUsage;
      }
    }
    if (!o.diff_output.empty()) {
      fs::path d = fs::weakly_canonical(fs::absolute(o.diff_output), ec);
      for (const auto& p : paths)
        if (fs::is_directory(p, ec) && inside(d, fs::weakly_canonical(fs::absolute(p), ec))) {
          complain(o.diff_output + ": the diff folder is inside the input folder " + p);
          return kUsage;
        }
    }
  }

  std::mutex err_mutex;
  size_t walk_failures = 0;
  auto on_error = [&](const std::string& path, const std::string& reason) {
    std::lock_guard<std::mutex> lock(err_mutex);
    complain(path + ": " + reason);
    ++walk_failures;
  };
  std::vector<InputFile> inputs = collect_inputs(paths, on_error);
  util::AtomicWriter report_file;
  if (!o.report.empty()) {
    std::string err;
    if (!report_file.open(o.report, err)) {
      complain(o.report + ": " + err);
      return kInputFailed;
    }
  }
  OrderedReport report(o.report.empty() ? nullptr : &report_file);
  std::vector<FileResult> results(inputs.size());
  std::atomic<size_t> next{0}, done{0}, bytes_done{0};
  const auto& rules = engine.rules();

  auto process = [&](size_t i) {
      const InputFile& in = inputs[i];
      FileResult& res = results[i];
      std::string out_path = o.in_place ? in.path : (fs::path(o.output) / in.rel).string();
      auto fail = [&](const std::string& path, const std::string& why) {
        std::lock_guard<std::mutex> lock(err_mutex);
        complain(path + ": " + why);
        res.failed = true;
      };
      // Resumed only when every output is there: a run killed between the
      // clean file and its diff must still write the diff.
      std::string diff_path =
          o.diff_output.empty() ? "" : (fs::path(o.diff_output) / in.rel).string() + ".diff";
      if (o.resume && !o.in_place && newer_or_same(out_path, in.path) &&
          (diff_path.empty() || newer_or_same(diff_path, in.path))) {
        res.skipped = true;
        return;
      }
      std::string input, err;
      if (!util::read_file(in.path, input, err)) {
        fail(in.path, err);
        return;
      }
      res.bytes_in = input.size();
      bytes_done += input.size();
      Document doc(input);
      Cleaned c = clean_document(engine, o, doc, o.site);
      if (!c.error.empty()) {
        fail(in.path, c.error);
      } else if (c.binary) {
        res.binary = true;
        std::lock_guard<std::mutex> lock(err_mutex);
        complain(in.path + ": binary file (NUL bytes), skipped");
      } else {
        std::string clean = apply_edits(input, c.edits);
        res.bytes_out = clean.size();
        res.over_removal = c.over_removal;
        for (const auto& e : c.edits) ++res.removals[static_cast<size_t>(rules[e.rule].category)];
        bool unchanged_in_place = o.in_place && c.edits.empty();
        if (!unchanged_in_place && !(make_parent(out_path, err) &&
                                     util::write_file_atomic(out_path, clean, err)))
          fail(out_path, err);
        if (!res.failed && !o.diff_output.empty()) {
          std::string diff;
          write_unified_diff(diff, doc, c.edits, rules, {in.rel, in.rel, false, o.word_diff});
          if (!(make_parent(diff_path, err) && util::write_file_atomic(diff_path, diff, err)))
            fail(diff_path, err);
        }
        if (!o.report.empty()) {
          std::string extra = flags_json(c);
          write_report_record(res.record, doc, c.edits, rules, {in.rel, true, extra});
        }
      }
  };
  auto work = [&]() {
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= inputs.size()) return;
      process(i);
      report.put(i, std::move(results[i].record));
      results[i].record = std::string();
      ++done;
    }
  };

  unsigned jobs = o.jobs > 0 ? static_cast<unsigned>(o.jobs)
                             : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(1, inputs.size())));
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < jobs; ++t) pool.emplace_back(work);

  // A progress bar on a terminal only.
  bool progress = !o.quiet && util::is_terminal(2);
  if (progress) {
    while (done.load() < inputs.size()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      size_t d = done.load();
      double mbs = secs > 0 ? static_cast<double>(bytes_done.load()) / 1e6 / secs : 0;
      double eta = d ? secs * static_cast<double>(inputs.size() - d) / static_cast<double>(d) : 0;
      int width = 30, filled = inputs.empty() ? width : static_cast<int>(width * d / inputs.size());
      std::lock_guard<std::mutex> lock(err_mutex);
      std::fprintf(stderr, "\r[%s%s] %zu/%zu files, %s, %.1f MB/s, ETA %.0fs  ",
                   std::string(static_cast<size_t>(filled), '#').c_str(),
                   std::string(static_cast<size_t>(width - filled), ' ').c_str(), d,
                   inputs.size(), human_mb(static_cast<double>(bytes_done.load())).c_str(), mbs,
                   eta);
      std::fflush(stderr);
    }
  }
  for (auto& t : pool) t.join();
  if (progress) std::fprintf(stderr, "\r\x1b[K");

  // The totals, and the report made complete under its name.
  size_t failures = walk_failures, binaries = 0, skipped = 0, flagged = 0, in_bytes = 0,
         out_bytes = 0, changed = 0;
  std::array<size_t, kCategoryCount> by_cat{};
  for (const auto& r : results) {
    failures += r.failed;
    binaries += r.binary;
    skipped += r.skipped;
    flagged += r.over_removal;
    in_bytes += r.bytes_in;
    out_bytes += r.bytes_out;
    bool any = false;
    for (size_t c = 0; c < kCategoryCount; ++c) {
      by_cat[c] += r.removals[c];
      any = any || r.removals[c];
    }
    changed += any;
  }
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
      if (by_cat[c])
        cats += (cats.empty() ? "" : ", ") + std::string(category_name(static_cast<Category>(c))) +
                " " + std::to_string(by_cat[c]);
    std::fprintf(stderr,
                 "decruft: %zu files (%zu changed, %zu resumed), %s in, %s out; removals: %s; "
                 "%zu binary skipped, %zu flagged over-removal, %zu failed\n",
                 inputs.size(), changed, skipped, human_mb(static_cast<double>(in_bytes)).c_str(),
                 human_mb(static_cast<double>(out_bytes)).c_str(),
                 cats.empty() ? "none" : cats.c_str(), binaries, flagged, failures);
  }
  if (failures) return kInputFailed;
  if (o.check && changed) return kFindings;
  return kOk;
}

}  // namespace decruft::cli
