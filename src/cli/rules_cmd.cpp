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
              << text;
    if (f.taken_by >= 0) {  // the neighbour rules it runs beside took the text first
      const Rule& by = engine->rules()[static_cast<size_t>(f.taken_by)];
      std::cout << " (another rule took it first: " << by.full_id << ", " << where(by) << ")";
    }
    std::cout << "\n";
  }
  std::cout << (run - failures.size()) << " passed, " << failures.size() << " failed\n";
  if (!flush_stdout()) return kInputFailed;
  return failures.empty() ? kOk : kFindings;
}

// ripgrep (Debian's, on Rust's regex crate) rejects \p{Sc}, which RE2 takes:
// the currency symbols as the code points RE2's tables hold for it (Unicode
// 14; tests/cli/habits.sh checks the two match the same on every code point
// and that ripgrep takes every exported pattern).
constexpr const char* kCurrency =
    "\\x{24}\\x{A2}-\\x{A5}\\x{58F}\\x{60B}\\x{7FE}-\\x{7FF}\\x{9F2}-\\x{9F3}\\x{9FB}\\x{AF1}"
    "\\x{BF9}\\x{E3F}\\x{17DB}\\x{20A0}-\\x{20C0}\\x{A838}\\x{FDFC}\\x{FE69}\\x{FF04}"
    "\\x{FFE0}-\\x{FFE1}\\x{FFE5}-\\x{FFE6}\\x{11FDD}-\\x{11FE0}\\x{1E2FF}\\x{1ECB0}";

// `p` in the syntax ripgrep takes, or "" with `why` set.
std::string for_ripgrep(const std::string& p, std::string& why) {
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      if (p.compare(i, 6, "\\p{Sc}") == 0 || p.compare(i, 6, "\\P{Sc}") == 0) {
        bool negated = p[i + 1] == 'P';
        if (in_class && negated) {
          why = "\\P{Sc} inside a character class";
          return "";
        }
        out += in_class ? kCurrency : std::string(negated ? "[^" : "[") + kCurrency + "]";
        i += 5;
        continue;
      }
      out += c;
      out += p[++i];
      continue;
    }
    if (in_class && c == '[' && i + 1 < p.size() && p[i + 1] == ':') {  // [:alpha:]
      size_t e = p.find(":]", i + 2);
      if (e != std::string::npos) {
        out.append(p, i, e + 2 - i);
        i = e + 1;
        continue;
      }
    }
    out += c;
    if (!in_class && c == '[') {
      in_class = true;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];  // a leading ] is a member
    } else if (in_class && c == ']') {
      in_class = false;
    }
  }
  return out;
}

int rules_export(const Options& o) {
  std::string format = o.format.empty() ? "toml" : o.format;
  if (format == "patterns") {
    auto engine = load_engine(o);
    if (!engine) return kUsage;
    std::string out;
    size_t left_out = 0;
    for (const auto& p : engine->line_patterns()) {
      std::string why, rg = for_ripgrep(p, why);
      if (rg.empty()) {
        complain("rules export: a pattern ripgrep cannot take is left out (" + why + "): " + p);
        ++left_out;
        continue;
      }
      out += rg + "\n";
    }
    int status = write_stdout(out);
    return status == kOk && left_out ? kInputFailed : status;
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
