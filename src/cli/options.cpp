#include "cli/options.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cctype>
#include <cerrno>
#include <initializer_list>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/app.hpp"

namespace po = boost::program_options;

namespace decruft::cli {

namespace {

const char* const kUsageText = R"(Usage:
  decruft [clean] [OPTIONS] [PATH...]      clean files, folders, or stdin ("-")
  decruft diff    [OPTIONS] [PATH...]      only the removal diff, for review
  decruft jsonl   [OPTIONS]                JSONL records on stdin -> stdout
  decruft rules   list|check|test|export   inspect, test and export rule files
  decruft rules   suggest PATH...          candidate rules from repeated lines
  decruft stats   [OPTIONS] PATH...        per-rule hit counts over a corpus
  decruft review  [OPTIONS] PATH... -o report.html   a page for reviewers

Exit status: 0 success, 1 --check found something to remove, 2 usage or rule
errors, 3 some inputs failed while the rest were processed.
)";

bool is_command(const std::string& s) {
  return s == "clean" || s == "diff" || s == "jsonl" || s == "rules" || s == "stats" ||
         s == "review";
}

// Levenshtein distance, for "did you mean": the words are a few letters.
size_t distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

// The word of `choices` within two edits of `word` (the nearest), or "".
std::string nearest(const std::string& word, std::initializer_list<const char*> choices) {
  std::string best;
  size_t best_d = 3;
  for (const char* c : choices) {
    size_t d = distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

// --site-map FILE: "GLOB DOMAIN" per line (white space between; # comments
// and blank lines skipped). Errors name the file and line.
bool read_site_map(const std::string& path, std::vector<std::pair<std::string, std::string>>& map) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "decruft: " << path << ": " << std::strerror(errno) << "\n";
    return false;
  }
  std::string line;
  bool ok = true;
  for (size_t n = 1; std::getline(in, line); ++n) {
    std::istringstream words(line);
    std::string glob, domain, extra;
    if (!(words >> glob) || glob[0] == '#') continue;
    if (!(words >> domain) || (words >> extra && extra[0] != '#')) {
      std::cerr << "decruft: " << path << ":" << n << ": expected 'GLOB DOMAIN'\n";
      ok = false;
      continue;
    }
    for (auto& c : domain) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!domain.empty() && domain.back() == '.') domain.pop_back();  // "example.com."
    map.emplace_back(glob, domain);
  }
  return ok;
}

// "4096", "64K", "100M", "4G" (powers of 1024); false when it is not one.
bool parse_size(const std::string& text, uint64_t& out) {
  size_t i = 0;
  uint64_t n = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (n > (UINT64_MAX - 9) / 10) return false;
    n = n * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  if (i == 0) return false;
  unsigned shift = 0;
  if (i + 1 == text.size()) {
    switch (text[i]) {
      case 'k': case 'K': shift = 10; break;
      case 'm': case 'M': shift = 20; break;
      case 'g': case 'G': shift = 30; break;
      case 't': case 'T': shift = 40; break;
      default: return false;
    }
  } else if (i != text.size()) {
    return false;
  }
  if (shift && n > (UINT64_MAX >> shift)) return false;
  out = n << shift;
  return true;
}

}  // namespace

Options parse_options(int argc, char** argv, int& exit_now) {
  Options o;
  exit_now = -1;
  // No arguments on a terminal: the usage, not a wait for typed text.
  if (argc <= 1 && isatty(0)) {
    std::cerr << kUsageText << "\nTry 'decruft --help' for the options; pipe text in or name files.\n";
    exit_now = 2;
    return o;
  }
  std::string max_input;

  po::options_description rules("Rules");
  rules.add_options()
      ("rules", po::value(&o.rule_paths)->composing(),
       "rule file or folder of *.toml files (repeatable)")
      ("no-default-rules", po::bool_switch(&o.no_default_rules),
       "leave the built-in rules out")
      ("enable", po::value(&o.enable)->composing(),
       "switch on a category, language or rule id (repeatable)")
      ("disable", po::value(&o.disable)->composing(),
       "switch off a category, language or rule id (repeatable)")
      ("site", po::value(&o.site), "the documents' domain, for site rules")
      ("site-map", po::value(&o.site_map_file),
       "a file of lines 'GLOB DOMAIN': the site of each document whose path matches GLOB")
      ("re2-max-mem", po::value(&o.re2_max_mem),
       "memory budget of each RE2 Set, program and DFA cache, in MB (default 96); a DFA that thrashes in it is warned of")
      ("max-input-size", po::value(&max_input),
       "refuse an input larger than this, in bytes or with K, M or G (default 4G); a device "
       "or a growing file is read up to it, then fails");

  po::options_description out("Output");
  out.add_options()
      ("output,o", po::value(&o.output), "output file, or folder for several inputs")
      ("diff", po::value(&o.diff_output), "also write the removal diff (file or folder)")
      ("report", po::value(&o.report), "also write a JSON Lines report")
      ("check", po::bool_switch(&o.check), "exit 1 when anything would be removed")
      ("in-place", po::bool_switch(&o.in_place), "overwrite the inputs (atomically)")
      ("resume", po::bool_switch(&o.resume), "skip outputs newer than their input")
      ("include", po::value(&o.include)->composing(),
       "read only the folder members matching GLOB (repeatable; \"*.txt\", \"news/*.txt\")")
      ("exclude", po::value(&o.exclude)->composing(),
       "leave out the folder members matching GLOB (repeatable)")
      ("jobs,j", po::value(&o.jobs), "worker threads (default: all cores)")
      ("word-diff", po::bool_switch(&o.word_diff), "show in-line removals as [-text-]")
      ("unified,U", po::value(&o.context),
       "diff: N unchanged lines around each hunk (default 0), for git apply and patch without --unidiff-zero")
      ("color", po::value(&o.color), "auto, always or never")
      ("json", po::bool_switch(&o.json), "stats as JSON")
      ("format", po::value(&o.format), "rules export: toml or patterns")
      ("text-field", po::value(&o.text_field), "jsonl: the field to clean (default text)")
      ("keep-original", po::value(&o.keep_original), "jsonl: keep the input text in FIELD")
      ("on-error", po::value(&o.on_error),
       "jsonl: a record that cannot be cleaned: pass (unchanged, flagged \"error\", exit 3), "
       "drop (left out, exit 0) or fail (stop there, exit 3)")
      ("line-buffered", po::bool_switch(&o.line_buffered),
       "jsonl: answer each record as soon as it is read (for a coprocess)")
      ("max-removed", po::value(&o.max_removed),
       "leave a document untouched when more than this share (0-1) of its "
       "characters would go (default 1: no limit)")
      ("over-removal", po::value(&o.over_removal),
       "flag documents losing more than this share (0-1) of their characters "
       "(default 0.30)")
      ("sample", po::value(&o.sample),
       "review: removals shown per rule, a seeded random sample across documents "
       "(default 50), beside the riskiest (half as many)")
      ("seed", po::value(&o.seed), "review: the sample's seed (default 1)")
      ("compare", po::value(&o.compare),
       "review: the old rule set (file, folder, or builtin): the page shows what the "
       "current rules add and take away against it")
      ("min-docs", po::value(&o.min_docs),
       "rules suggest: lines repeated in at least N documents (default 3 or 2%)")
      ("quiet,q", po::bool_switch(&o.quiet), "no progress bar or summary");

  po::options_description misc("Other");
  misc.add_options()("help,h", "show this help")("version,V", "show the version");

  po::options_description hidden;
  hidden.add_options()("args", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("args", -1);

  po::options_description all;
  all.add(rules).add(out).add(misc).add(hidden);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "decruft: " << e.what() << "\nTry 'decruft --help'.\n";
    exit_now = 2;
    return o;
  }
  if (vm.count("help")) {
    po::options_description shown;
    shown.add(rules).add(out).add(misc);
    std::cout << kUsageText << "\n" << shown;
    exit_now = flush_stdout() ? 0 : 3;
    return o;
  }
  if (vm.count("version")) {
    o.command = "version";
    return o;
  }
  std::vector<std::string> args;
  if (vm.count("args")) args = vm["args"].as<std::vector<std::string>>();
  size_t first = 0;
  if (!args.empty() && is_command(args[0])) {
    o.command = args[0];
    first = 1;
  } else if (!args.empty() && access(args[0].c_str(), F_OK) != 0 && errno == ENOENT) {
    // Not a command and no such file: a mistyped command?
    std::string near = nearest(args[0], {"clean", "diff", "jsonl", "rules", "stats", "review"});
    if (!near.empty()) {
      std::cerr << "decruft: '" << args[0] << "' is not a command (nor a file); did you mean '"
                << near << "'?\nTry 'decruft --help'.\n";
      exit_now = 2;
      return o;
    }
  }
  if (o.command == "rules") {
    if (first < args.size()) o.action = args[first++];
    if (o.action != "list" && o.action != "check" && o.action != "test" &&
        o.action != "export" && o.action != "suggest") {
      std::string near = nearest(o.action, {"list", "check", "test", "export", "suggest"});
      std::cerr << "decruft: rules: expected list, check, test, export or suggest";
      if (!near.empty()) std::cerr << "; did you mean '" << near << "'?";
      std::cerr << "\n";
      exit_now = 2;
      return o;
    }
  }
  o.paths.assign(args.begin() + static_cast<long>(first), args.end());
  if (!o.site_map_file.empty() && !read_site_map(o.site_map_file, o.site_map)) exit_now = 2;
  if (o.color != "auto" && o.color != "always" && o.color != "never") {
    std::cerr << "decruft: --color must be auto, always or never\n";
    exit_now = 2;
  }
  // Shares of a document's characters: NaN fails both comparisons.
  if (!(o.max_removed >= 0.0 && o.max_removed <= 1.0)) {
    std::cerr << "decruft: --max-removed must be a share from 0 to 1 (0.5 is half)\n";
    exit_now = 2;
  }
  if (!(o.over_removal >= 0.0 && o.over_removal <= 1.0)) {
    std::cerr << "decruft: --over-removal must be a share from 0 to 1 (0.3 is 30%)\n";
    exit_now = 2;
  }
  if (o.context > 1000000) {
    std::cerr << "decruft: --unified must be from 0 to 1000000 (lines)\n";
    exit_now = 2;
  }
  if (o.sample < 1 || o.sample > 100000) {
    std::cerr << "decruft: --sample must be from 1 to 100000\n";
    exit_now = 2;
  }
  if (o.min_docs < 0) {
    std::cerr << "decruft: --min-docs must be 0 or more\n";
    exit_now = 2;
  }
  if (o.re2_max_mem < 1 || o.re2_max_mem > 65536) {
    std::cerr << "decruft: --re2-max-mem must be from 1 to 65536 (MB)\n";
    exit_now = 2;
  }
  if (!max_input.empty() && (!parse_size(max_input, o.max_input_size) || o.max_input_size == 0)) {
    std::cerr << "decruft: --max-input-size must be a size above 0: bytes, or a number with K, M, "
                 "G or T (4G is 4 GiB)\n";
    exit_now = 2;
  }
  if (o.on_error != "pass" && o.on_error != "drop" && o.on_error != "fail") {
    std::cerr << "decruft: --on-error must be pass, drop or fail\n";
    exit_now = 2;
  }
  if (o.jobs < 0) {
    std::cerr << "decruft: --jobs must be 0 or more\n";
    exit_now = 2;
  }
  return o;
}

}  // namespace decruft::cli
