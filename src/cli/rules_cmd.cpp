// decruft rules list|check|test|export
#include <iomanip>
#include <iostream>
#include <map>
#include <filesystem>

#include "cli/app.hpp"
#include "core/builtin.hpp"
#include "core/examples.hpp"
#include "util/fs.hpp"

namespace decruft::cli {

namespace {

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
  return kOk;
}

int rules_check(const Options& o) {
  auto engine = load_engine(o, true);
  if (!engine) return kUsage;
  std::map<std::string, size_t> files;
  for (const auto& r : engine->rules()) ++files[r.pos.file];
  std::cout << engine->rules().size() << " rules in " << files.size() << " files: ok\n";
  return kOk;
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
  return failures.empty() ? kOk : kFindings;
}

int rules_export(const Options& o) {
  std::string format = o.format.empty() ? "toml" : o.format;
  if (format == "patterns") {
    auto engine = load_engine(o);
    if (!engine) return kUsage;
    std::string out;
    for (const auto& p : engine->line_patterns()) out += p + "\n";
    util::write_fd(1, out);
    return kOk;
  }
  if (format != "toml") {
    complain("rules export: --format must be toml or patterns");
    return kUsage;
  }
  // The built-in rule files, as a starting point for one's own.
  if (o.output.empty()) {
    std::string out;
    for (const auto& f : builtin_rule_files()) out += "# ---- " + f.path + "\n" + f.text;
    util::write_fd(1, out);
    return kOk;
  }
  int status = kOk;
  for (const auto& f : builtin_rule_files()) {
    std::string path = o.output + "/" + f.path, err;
    std::string dir = path.substr(0, path.find_last_of('/'));
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !util::write_file_atomic(path, f.text, err)) {
      complain(path + ": " + (ec ? ec.message() : err));
      status = kInputFailed;
    }
  }
  return status;
}

// `rules check FILE...` and `rules test FILE...` check the files named, alone
// (as --no-default-rules --rules FILE would), not the rules loaded anyway.
Options named_files(const Options& o) {
  Options n = o;
  if (o.paths.empty()) return n;
  n.no_default_rules = true;
  n.rule_paths.insert(n.rule_paths.end(), o.paths.begin(), o.paths.end());
  n.paths.clear();
  return n;
}

}  // namespace

int cmd_rules(const Options& o) {
  if (o.action == "list") return rules_list(o);
  if (o.action == "check") return rules_check(named_files(o));
  if (o.action == "test") return rules_test(named_files(o));
  if (o.action == "suggest") return cmd_rules_suggest(o);
  return rules_export(o);
}

}  // namespace decruft::cli
