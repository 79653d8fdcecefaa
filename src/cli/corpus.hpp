// Reading a corpus for the commands that summarise it (stats, review, rules
// suggest): every input is read and cleaned on worker threads, and the
// per-document results are folded in input order on the calling thread, so
// what they print never depends on -j or on thread timing.
//
// Documents are processed in chunks: memory holds one chunk's results, not
// the whole corpus's.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli/app.hpp"
#include "cli/batch.hpp"
#include "cli/crawl.hpp"
#include "cli/progress.hpp"
#include "core/document.hpp"
#include "core/printers.hpp"
#include "util/fs.hpp"

namespace decruft::cli {

// How one input went, for every corpus command.
enum class Outcome { cleaned, binary, failed };

// The inputs a corpus command reads: `paths`, or stdin when there are none.
// Walk errors are reported and counted in `failures`.
inline std::vector<InputFile> corpus_inputs(const Options& o, size_t& failures) {
  std::vector<std::string> paths = o.paths.empty() ? std::vector<std::string>{"-"} : o.paths;
  std::vector<InputFile> inputs =
      collect_inputs(paths, [&](const std::string& path, const std::string& reason) {
        complain(path + ": " + reason);
        ++failures;
      });
  filter_inputs(inputs, paths, o);  // --include/--exclude (cli/crawl.hpp)
  // WET/WARC and JSONL files: their records, each a document (cli/crawl.hpp).
  expand_records(inputs, o, [&](const std::string& path, const std::string& reason) {
    complain(path + ": " + reason);
    ++failures;
  });
  return inputs;
}

// Reads and cleans inputs[i]; reports a failure or a binary file on stderr
// (serialised by `err_mutex`). `visit` sees a cleaned document only.
inline Outcome clean_input_unguarded(
    const Engine& engine, const Options& o, const InputFile& in, std::mutex& err_mutex,
    const std::function<void(const Document&, const Cleaned&)>& visit) {
  std::string input, err;
  util::Codec codec;  // gzip and zstd files are read decompressed
  if (!read_input(o, in.path, input, codec, err)) {
    std::lock_guard<std::mutex> lock(err_mutex);
    complain(shown_path(in) + ": " + err);
    return Outcome::failed;
  }
  Document doc(input);
  // A record's own URL (WET, JSONL) first, then --site-map, then --site.
  Cleaned c = clean_document(engine, o, doc, in.site.empty() ? site_for(o, in.rel) : in.site);
  if (!c.error.empty()) {
    std::lock_guard<std::mutex> lock(err_mutex);
    complain(shown_path(in) + ": " + c.error);
    return Outcome::failed;
  }
  if (c.binary) {
    std::lock_guard<std::mutex> lock(err_mutex);
    complain(in.path + ": binary file (NUL bytes), skipped");
    return Outcome::binary;
  }
  visit(doc, c);
  return Outcome::cleaned;
}
// The same; an exception (std::bad_alloc above all) fails this input only.
inline Outcome clean_input(const Engine& engine, const Options& o, const InputFile& in,
                           std::mutex& err_mutex,
                           const std::function<void(const Document&, const Cleaned&)>& visit) {
  try {
    return clean_input_unguarded(engine, o, in, err_mutex, visit);
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(err_mutex);
    complain(in.path + ": " + describe_exception(e));
    return Outcome::failed;
  }
}

// What the counting needs of one document; made on a worker thread.
struct DocSummary {
  Outcome outcome = Outcome::failed;
  size_t bytes_in = 0, bytes_removed = 0;
  bool over_removal = false, held_back = false, truncated = false;
  double removed = 0.0;  // share of the characters removed (as the flags count them)
  std::vector<std::pair<uint32_t, size_t>> hits;  // (rule, bytes) per removal, in order

  void set(const Document& doc, const Cleaned& c) {
    outcome = Outcome::cleaned;
    bytes_in = doc.bytes().size();
    over_removal = c.over_removal;
    held_back = c.held_back;
    truncated = c.truncated;
    removed = removed_share(doc, c.edits);
    for (const auto& e : c.edits) {
      hits.emplace_back(e.rule, e.end - e.begin);
      bytes_removed += e.end - e.begin;
    }
  }
  // In characters, like --over-removal: a Russian page is judged like an
  // English one.
  double share() const { return removed; }
};

// Corpus totals: per rule and per category, hits (removals), documents with
// at least one hit, and bytes removed; document counts and flags.
struct Tally {
  struct Count {
    size_t hits = 0, docs = 0, bytes = 0;
  };
  std::vector<Count> rules;  // by rule index
  std::array<Count, kCategoryCount> categories{};
  size_t documents = 0, changed = 0, failed = 0, binary = 0;
  size_t bytes_in = 0, bytes_removed = 0;
  size_t over_removal = 0, held_back = 0, truncated = 0;

  explicit Tally(const Engine& engine) : rules(engine.rules().size()), engine_(&engine) {}

  void add(const DocSummary& d) {
    if (d.outcome == Outcome::failed) {
      ++failed;
      return;
    }
    if (d.outcome == Outcome::binary) {
      ++binary;
      return;
    }
    ++documents;
    changed += !d.hits.empty();
    bytes_in += d.bytes_in;
    bytes_removed += d.bytes_removed;
    over_removal += d.over_removal;
    held_back += d.held_back;
    truncated += d.truncated;
    seen_rules_.clear();
    seen_cats_.fill(false);
    for (auto [rule, bytes] : d.hits) {
      auto cat = static_cast<size_t>(engine_->rules()[rule].category);
      Count& r = rules[rule];
      Count& c = categories[cat];
      ++r.hits, ++c.hits;
      r.bytes += bytes, c.bytes += bytes;
      if (std::find(seen_rules_.begin(), seen_rules_.end(), rule) == seen_rules_.end()) {
        seen_rules_.push_back(rule);
        ++r.docs;
      }
      if (!seen_cats_[cat]) {
        seen_cats_[cat] = true;
        ++c.docs;
      }
    }
  }

  // Indexes of the rules that fired, most hits first (then by id).
  std::vector<uint32_t> fired() const {
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < rules.size(); ++i)
      if (rules[i].hits) out.push_back(i);
    std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
      if (rules[a].hits != rules[b].hits) return rules[a].hits > rules[b].hits;
      return engine_->rules()[a].full_id < engine_->rules()[b].full_id;
    });
    return out;
  }
  // Categories with hits, most hits first (then in the SPEC's order).
  std::vector<Category> fired_categories() const {
    std::vector<Category> out;
    for (int i = 0; i < kCategoryCount; ++i)
      if (categories[static_cast<size_t>(i)].hits) out.push_back(static_cast<Category>(i));
    std::stable_sort(out.begin(), out.end(), [&](Category a, Category b) {
      return categories[static_cast<size_t>(a)].hits > categories[static_cast<size_t>(b)].hits;
    });
    return out;
  }

 private:
  const Engine* engine_;
  std::vector<uint32_t> seen_rules_;
  std::array<bool, kCategoryCount> seen_cats_{};
};

// Calls work(i, result) for i in [0, n) on `jobs` threads (the calling
// thread is one of them), then fold(i, result) in order of i on the calling
// thread. Result must be default-constructible.
// With `progress` (stderr a terminal, no -q), the calling thread draws a
// progress bar of documents read, at most ten times a second.
template <class Result>
void scan_in_order(int jobs, size_t n, const std::function<void(size_t, Result&)>& work,
                   const std::function<void(size_t, Result&)>& fold, bool progress = false) {
  constexpr size_t kChunk = 512;
  unsigned threads = worker_count(jobs);
  std::vector<Result> results;
  const auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  for (size_t base = 0; base < n; base += kChunk) {
    size_t m = std::min(kChunk, n - base);
    results.clear();
    results.resize(m);
    std::atomic<size_t> next{0};
    auto run = [&](bool draws) {
      for (size_t k = next++; k < m; k = next++) {
        work(base + k, results[k]);
        auto now = std::chrono::steady_clock::now();
        if (draws && now - last >= std::chrono::milliseconds(100)) {
          last = now;
          draw_progress(base + std::min(m, next.load()), n, "documents", 0,
                        std::chrono::duration<double>(now - t0).count());
        }
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<size_t>(threads, m); ++t) pool.emplace_back(run, false);
    run(progress);
    for (auto& t : pool) t.join();
    for (size_t k = 0; k < m; ++k) fold(base + k, results[k]);
  }
  if (progress && last != t0) erase_progress();
}

}  // namespace decruft::cli
