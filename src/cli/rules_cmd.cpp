// decruft rules list|check|test|export
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <map>
#include <filesystem>

#include "cli/app.hpp"
#include "cli/batch.hpp"
#include "core/builtin.hpp"
#include "core/examples.hpp"
#include "util/fs.hpp"

namespace decruft::cli {

namespace {

int write_stdout(std::string_view out) {
  if (util::write_fd(1, out)) return kOk;
  complain(std::string("stdout: ") + std::strerror(errno));
  return kInputFailed;
}

std::string where(const Rule& r) { return r.pos.file + ":" + std::to_string(r.pos.line); }

int rules_list(const Options& o) {
  auto engine = load_engine(o);
  if (!engine) return kUsage;
  const auto& rules = engine->rules();
  size_t width = 0;
  for (const auto& r : rules) width = std::max(width, r.full_id.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    std::cout << std::left << std::setw(static_cast<int>(width) + 2) << r.full_id
              << std::setw(6) << scope_name(r.scope) << (engine->active(i) ? "on " : "off")
              << "  " << where(r) << "\n";
  }
  std::cout << rules.size() << " rules, " << engine->active_count() << " enabled\n";
  return flush_stdout() ? kOk : kInputFailed;
}

int rules_check(const Options& o) {
  auto engine = load_engine(o, true);
  if (!engine) return kUsage;
  std::map<std::string, size_t> files;
  for (const auto& r : engine->rules()) ++files[r.pos.file];
  std::cout << engine->rules().size() << " rules in " << files.size() << " files: ok\n";
  return flush_stdout() ? kOk : kInputFailed;
}

int rules_test(const Options& o) {
  auto engine = load_engine(o, true);
  if (!engine) return kUsage;
  size_t run = 0;
  auto failures = test_examples(*engine, &run);
  for (const auto& f : failures) {
    const Rule& r = engine->rules()[f.rule];
    std::string text = f.text;
    for (auto& c : text)
      if (c == '\n') c = '|';
    std::cout << where(r) << ": " << r.full_id << ": "
              << (f.keep ? "noisy: removes from keep example: "
                         : "missing: leaves remove example: ")
              << text << "\n";
  }
  std::cout << (run - failures.size()) << " passed, " << failures.size() << " failed\n";
  if (!flush_stdout()) return kInputFailed;
  return failures.empty() ? kOk : kFindings;
}

int rules_export(const Options& o) {
  std::string format = o.format.empty() ? "toml" : o.format;
  if (format == "patterns") {
    auto engine = load_engine(o);
    if (!engine) return kUsage;
    std::string out;
    for (const auto& p : engine->line_patterns()) out += p + "\n";
    return write_stdout(out);
  }
  if (format != "toml") {
    complain("rules export: --format must be toml or patterns");
    return kUsage;
  }
  // The built-in rule files, as a starting point for one's own.
  if (o.output.empty()) {
    std::string out;
    for (const auto& f : builtin_rule_files()) out += "# ---- " + f.path + "\n" + f.text;
    return write_stdout(out);
  }
  // An exported file that is there already and differs was edited (or is
  // of another version): it is kept, said, and the run exits 3; the same
  // file is left as it is. Nothing is written through a link in the tree.
  int status = kOk;
  size_t kept = 0;
  for (const auto& f : builtin_rule_files()) {
    std::string path = o.output + "/" + f.path, err, now;
    if (!make_tree_parent(o.output, f.path, err)) {
      complain(err);
      status = kInputFailed;
      continue;
    }
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
      if (S_ISREG(st.st_mode) && util::read_file(path, now, err) && now == f.text) continue;
      complain(path + ": exists and differs from the built-in file; kept (export into an "
               "empty folder, or remove it first)");
      ++kept;
      status = kInputFailed;
      continue;
    }
    if (!util::write_file_atomic(path, f.text, err, util::AtomicWriter::Target::tree)) {
      complain(path + ": " + err);
      status = kInputFailed;
    }
  }
  if (kept) complain(std::to_string(kept) + " existing rule files kept, not overwritten");
  return status;
}

}  // namespace

int cmd_rules(const Options& o) {
  if (o.action == "list") return rules_list(o);
  if (o.action == "check") return rules_check(o);
  if (o.action == "test") return rules_test(o);
  if (o.action == "suggest") return cmd_rules_suggest(o);
  return rules_export(o);
}

}  // namespace decruft::cli
