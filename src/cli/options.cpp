#include "cli/options.hpp"

#include <boost/program_options.hpp>
#include <iostream>

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

}  // namespace

Options parse_options(int argc, char** argv, int& exit_now) {
  Options o;
  exit_now = -1;

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
      ("re2-max-mem", po::value(&o.re2_max_mem),
       "memory budget of each RE2 Set, program and DFA cache, in MB (default 96); a DFA that thrashes in it is warned of");

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
    exit_now = 0;
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
  }
  if (o.command == "rules") {
    if (first < args.size()) o.action = args[first++];
    if (o.action != "list" && o.action != "check" && o.action != "test" &&
        o.action != "export" && o.action != "suggest") {
      std::cerr << "decruft: rules: expected list, check, test, export or suggest\n";
      exit_now = 2;
      return o;
    }
  }
  o.paths.assign(args.begin() + static_cast<long>(first), args.end());
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
  if (o.min_docs < 0) {
    std::cerr << "decruft: --min-docs must be 0 or more\n";
    exit_now = 2;
  }
  if (o.re2_max_mem < 1 || o.re2_max_mem > 65536) {
    std::cerr << "decruft: --re2-max-mem must be from 1 to 65536 (MB)\n";
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
