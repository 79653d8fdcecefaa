// The public library interface (include/decruft/decruft.hpp): a thin facade
// over the core (build_engine, Engine, Document, the printers), so library
// and command clean with the same code. Only this file sees both worlds.
#include "decruft/decruft.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/document.hpp"
#include "core/edits.hpp"
#include "core/engine.hpp"
#include "core/loader.hpp"
#include "core/printers.hpp"
#include "core/re2_watch.hpp"
#include "core/structure.hpp"
#include "core/ruleset.hpp"
#include "util/fs.hpp"

// Set by the build (src/install.cmake); the fallbacks keep a stray build
// honest rather than broken.
#ifndef DECRUFT_VERSION
#define DECRUFT_VERSION "unknown"
#endif
#ifndef DECRUFT_RULES_VERSION
#define DECRUFT_RULES_VERSION "unknown"
#endif

namespace fs = std::filesystem;

namespace decruft {

const char* version() { return DECRUFT_VERSION; }
const char* rules_version() { return DECRUFT_RULES_VERSION; }

struct Cleaner::Impl {
  std::unique_ptr<Engine> engine;  // null when not ok
  std::string error;
  std::vector<std::string> diagnostics;
};

namespace {

// "path: reason", as the command reports an unreadable file.
Diagnostic file_error(const std::string& path, const std::string& reason) {
  Diagnostic d;
  d.pos.file = path;
  d.message = reason;
  return d;
}

// The rule files a path names: the file itself, or every *.toml below a
// folder, in path order (as `--rules` reads them). Unreadable files become
// diagnostics.
bool read_rule_path(const std::string& path, std::vector<RuleFile>& files,
                    std::vector<Diagnostic>& diags) {
  std::error_code ec;
  std::vector<std::string> found;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(
             path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().extension() == ".toml" && !it->is_directory(ec))
        found.push_back(it->path().string());
    }
    if (ec) {
      diags.push_back(file_error(path, ec.message()));
      return false;
    }
    std::sort(found.begin(), found.end());
  } else {
    found.push_back(path);
  }
  bool ok = true;
  for (const auto& f : found) {
    RuleFile rf;
    rf.path = f;
    std::string err;
    if (!util::read_file(f, rf.text, err)) {
      diags.push_back(file_error(f, err));
      ok = false;
      continue;
    }
    rf.default_language = language_from_path(f);
    files.push_back(std::move(rf));
  }
  return ok;
}

// As the command prints it, without its "decruft: " prefix.
std::string describe(const Diagnostic& d) {
  return d.pos.file == "decruft" ? d.message : d.str();
}

const std::string kNotLoaded = "decruft: no rules (moved-from Cleaner)";

}  // namespace

Cleaner::Cleaner() : Cleaner(Options()) {}

Cleaner::Cleaner(const Options& options) {
  auto impl = std::make_shared<Impl>();
  RuleSetConfig config;
  config.builtin = options.builtin_rules;
  config.enable = options.enable;
  config.disable = options.disable;
  std::vector<Diagnostic> diags;
  bool read_ok = true;
  for (const auto& p : options.rule_paths)
    read_ok = read_rule_path(p, config.user_files, diags) && read_ok;
  for (const auto& t : options.rule_texts)
    config.user_files.push_back({t.name, t.text, language_from_path(t.name)});
  // Like the command, nothing is compiled when a file could not be read.
  if (read_ok) impl->engine = build_engine(config, diags);
  for (const auto& d : diags) {
    impl->diagnostics.push_back(describe(d));
    if (d.warning) continue;
    if (!impl->error.empty()) impl->error += '\n';
    impl->error += impl->diagnostics.back();
  }
  if (!impl->engine && impl->error.empty()) impl->error = "decruft: the rules did not compile";
  impl_ = std::move(impl);
}

Cleaner::~Cleaner() = default;
Cleaner::Cleaner(const Cleaner&) = default;
Cleaner& Cleaner::operator=(const Cleaner&) = default;
Cleaner::Cleaner(Cleaner&&) noexcept = default;
Cleaner& Cleaner::operator=(Cleaner&&) noexcept = default;

bool Cleaner::ok() const { return impl_ && impl_->engine; }

const std::string& Cleaner::error() const { return impl_ ? impl_->error : kNotLoaded; }

const std::vector<std::string>& Cleaner::diagnostics() const {
  static const std::vector<std::string> none;
  return impl_ ? impl_->diagnostics : none;
}

size_t Cleaner::rule_count() const { return ok() ? impl_->engine->rules().size() : 0; }

size_t Cleaner::enabled_rule_count() const { return ok() ? impl_->engine->active_count() : 0; }

CleanResult Cleaner::clean(std::string_view input, const CleanOptions& options) const {
  CleanResult r;
  r.bytes_in = input.size();
  if (!ok()) {
    r.ok = false;
    r.error = error();
    r.text.assign(input);
    r.bytes_out = input.size();
    return r;
  }
  const Engine& engine = *impl_->engine;
  Document doc(input);
  EditList edits;
  DocumentFlags flags;
  // The same decisions as the command's clean_document() (src/cli/app.cpp).
  if (input.find('\0') != std::string_view::npos) {
    flags.binary = true;
  } else {
    MatchOptions mo;
    mo.site = options.site;
    const re2_watch::Counts before = re2_watch::counts();
    edits = engine.match(doc, mo, &r.error);
    r.warning = re2_watch::warning(re2_watch::counts() - before);
    if (!r.error.empty()) {
      r.ok = false;
      r.text.assign(input);
      r.bytes_out = input.size();
      return r;
    }
    flags = assess_removals(doc, edits, engine.rules(), options.over_removal, options.max_removed);
  }
  r.binary = flags.binary;
  r.over_removal = flags.over_removal;
  r.held_back = flags.held_back;
  r.truncated = flags.truncated;

  r.text = apply_edits(input, edits);
  r.bytes_out = r.text.size();
  const auto& rules = engine.rules();
  r.removals.reserve(edits.size());
  for (const Edit& e : edits) {
    const Rule& rule = rules[e.rule];
    Removal x;
    x.rule = rule.full_id;
    x.category = std::string(category_name(rule.category));
    x.rule_file = rule.pos.file;
    x.rule_line = rule.pos.line;
    x.begin = e.begin;
    x.end = e.end;
    x.first_line = e.first_line + 1;
    x.last_line = e.last_line + 1;
    if (rule.structure) x.why = structure_why(doc, e);
    r.removals.push_back(std::move(x));
  }
  if (options.diff)
    write_unified_diff(r.diff, doc, edits, rules,
                       {options.name, options.name, false, options.word_diff});
  if (options.report) {
    std::string members;  // the flags, as the command's report writes them
    write_flags_json(members, flags);
    write_report_record(r.report, doc, edits, rules, {options.name, options.report_text, members});
  }
  return r;
}

}  // namespace decruft
