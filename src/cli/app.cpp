#include "cli/app.hpp"

#include <fnmatch.h>
#include <malloc.h>  // mallopt (glibc)

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/batch.hpp"
#include "cli/crawl.hpp"
#include "core/builtin.hpp"
#include "core/loader.hpp"
#include "core/printers.hpp"
#include "core/ruleset.hpp"
#include "util/fs.hpp"

namespace fs = std::filesystem;

namespace decruft::cli {

void complain(const std::string& message) { std::cerr << "decruft: " << message << "\n"; }

bool flush_stdout() {
  std::cout.flush();
  bool ok = static_cast<bool>(std::cout);
  errno = 0;
  ok = std::fflush(stdout) == 0 && ok;
  int saved = errno;
  ok = ok && !std::ferror(stdout);
  if (ok) return true;
  std::cout.clear();
  complain(std::string("stdout: ") + (saved ? std::strerror(saved) : "write error"));
  return false;
}

bool use_color(const Options& o, int fd) {
  if (o.color == "always") return true;
  if (o.color == "never") return false;
  const char* term = std::getenv("TERM");
  return util::is_terminal(fd) && !std::getenv("NO_COLOR") && term &&
         std::string(term) != "dumb";
}

std::string domain_of(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (auto colon = host.find(':'); colon != std::string::npos) host = host.substr(0, colon);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  // "example.com." is the fully qualified spelling of "example.com".
  while (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

namespace {

// A path as the diff names it after a/ and b/: "./x.txt" and "dir/./x.txt"
// lose their "./", so that `patch -p1` works from the folder the paths are
// relative to. ".." parts and absolute paths are kept as given.
std::string diff_name(const std::string& path) {
  std::string out = fs::path(path).lexically_normal().generic_string();
  return out.empty() || out == "." ? path : out;
}

// Reads the rule files a --rules path names: the file itself, or every
// *.toml below a folder, in path order.
bool read_rule_path(const std::string& path, std::vector<RuleFile>& files, uint64_t max_size) {
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
      complain(path + ": " + ec.message());
      return false;
    }
    std::sort(found.begin(), found.end());
  } else {
    found.push_back(path);
  }
  for (const auto& f : found) {
    RuleFile rf;
    rf.path = f;
    std::string err;
    // --rules /dev/zero is refused at --max-input-size like an input.
    if (!util::read_file(f, rf.text, err, max_size)) {
      if (err.rfind("larger than ", 0) == 0) err += " (--max-input-size)";
      complain(f + ": " + err);
      return false;
    }
    rf.default_language = language_from_path(f);
    files.push_back(std::move(rf));
  }
  return true;
}

}  // namespace

unsigned worker_count(int jobs) {
  const unsigned n = jobs > 0 ? static_cast<unsigned>(jobs)
                              : std::max(1u, std::thread::hardware_concurrency());
#ifdef M_ARENA_MAX
  mallopt(M_ARENA_MAX, static_cast<int>(n));
#endif
  return n;
}

std::unique_ptr<Engine> load_engine(const Options& o, bool everything) {
  RuleSetConfig config;
  config.builtin = !o.no_default_rules;
  config.enable = o.enable;
  config.disable = o.disable;
  config.everything = everything;
  config.compile.set_max_mem = int64_t{o.re2_max_mem} << 20;
  bool ok = true;
  for (const auto& p : o.rule_paths)
    ok = read_rule_path(p, config.user_files, o.max_input_size) && ok;
  if (!ok) return nullptr;
  std::vector<Diagnostic> diags;
  auto engine = build_engine(config, diags);
  for (const auto& d : diags) {
    if (d.pos.file.empty() || d.pos.file == "decruft")  // not about one file
      std::cerr << "decruft: " << d.message << "\n";
    else
      std::cerr << d.str() << "\n";
  }
  return engine;
}

std::string site_for(const Options& o, const std::string& path) {
  for (const auto& [glob, domain] : o.site_map)
    if (fnmatch(glob.c_str(), path.c_str(), 0) == 0) return domain;
  return o.site;
}

Cleaned clean_document(const Engine& engine, const Options& o, const Document& doc,
                       std::string_view site) {
  Cleaned c;
  if (doc.bytes().find('\0') != std::string_view::npos) {
    c.binary = true;
    return c;
  }
  MatchOptions mo;
  mo.site = site;
  const re2_watch::Counts before = re2_watch::counts();
  c.edits = engine.match(doc, mo, &c.error);
  c.re2 = re2_watch::counts() - before;
  if (!c.error.empty()) return c;
  // The shares count characters; the library decides the same way (src/api.cpp).
  DocumentFlags f =
      assess_removals(doc, c.edits, engine.rules(), o.over_removal, o.max_removed);
  c.over_removal = f.over_removal;
  c.truncated = f.truncated;
  c.held_back = f.held_back;
  return c;
}

std::string slow_path_warning(const Cleaned& c, const Options& o) {
  if (!c.re2.slow()) return "";
  std::string w = "warning: " + re2_watch::warning(c.re2);
  if (c.re2.set_thrashing)
    w += "; raise --re2-max-mem (now " + std::to_string(o.re2_max_mem) + " MB)";
  return w;
}

int cmd_version(const Options& o) {
  auto engine = load_engine(o);
  std::cout << "decruft " << DECRUFT_VERSION << "\n";
  if (engine) {
    size_t builtin = 0;
    if (!o.no_default_rules) {
      LoadedRules loaded;
      load_rules(builtin_rule_files(), true, loaded);
      builtin = loaded.rules.size();
    }
    std::cout << "rules " << DECRUFT_RULES_VERSION << ": " << engine->rules().size()
              << " rules (" << builtin << " built in), " << engine->active_count()
              << " enabled\n";
  }
  if (!flush_stdout()) return kInputFailed;
  return engine ? kOk : kUsage;
}

std::string describe_exception(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) return "out of memory while cleaning it";
  return std::string("internal error: ") + e.what();
}

namespace {
std::string human_size(uint64_t n) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (u < 4 && n >= 1024 && n % 1024 == 0) n /= 1024, ++u;
  return std::to_string(n) + " " + units[u];
}
}  // namespace

bool read_input(const Options& o, const std::string& path, std::string& out, util::Codec& codec,
                std::string& error) {
  if (read_input(path, out, codec, error, o.max_input_size)) return true;
  if (error.rfind("larger than ", 0) == 0)
    error = "larger than --max-input-size (" + human_size(o.max_input_size) + ")" +
            (error.find("decompressed") != std::string::npos ? " once decompressed" : ", not read");
  return false;
}

bool write_clean_text(const std::string& path, std::string_view input, const EditList& edits,
                      std::string& error, util::AtomicWriter::Target target) {
  util::AtomicWriter out;
  if (!out.open(path, error, target)) return false;
  for_each_kept(input, edits, [&](std::string_view piece) { out.write(piece); });
  return out.commit(error);
}

bool write_diff_file(const std::string& path, const Document& doc, const EditList& edits,
                     const std::vector<Rule>& rules, const DiffOptions& options, std::string& error,
                     util::AtomicWriter::Target target) {
  util::AtomicWriter out;
  if (!out.open(path, error, target)) return false;
  std::string buf;
  write_unified_diff(buf, doc, edits, rules, options, [&](std::string& bytes) {
    out.write(bytes);
    bytes.clear();
  });
  return out.commit(error);
}

namespace {

// One input, to stdout or -o FILE.
int clean_one_unguarded(const Engine& engine, const Options& o, const std::string& path) {
  if (is_warc_file(path)) return clean_warc_one(engine, o, path);
  std::string input, err;
  util::Codec codec = util::Codec::none;  // -o FILE is written compressed as the input was
  if (!read_input(o, path, input, codec, err)) {
    complain(path + ": " + err);
    return kInputFailed;
  }
  Document doc(input);
  Cleaned c = clean_document(engine, o, doc, site_for(o, path));
  if (!c.error.empty()) {
    complain(path + ": " + c.error);
    return kInputFailed;
  }
  if (c.binary) complain(path + ": binary file (NUL bytes), left untouched");
  if (std::string w = slow_path_warning(c, o); !w.empty()) complain(path + ": " + w);
  if (c.held_back)
    complain(path + ": more than --max-removed would go; left untouched");
  const auto& rules = engine.rules();
  std::string name = path == "-" ? "stdin" : path;
  int status = kOk;

  if (!o.check || !o.output.empty()) {
    bool to_stdout = o.output.empty() || o.output == "-";
    if (!write_clean_text_as(to_stdout ? "-" : o.output, input, c.edits,
                             to_stdout ? util::Codec::none : codec, err)) {
      complain((to_stdout ? std::string("stdout") : o.output) + ": " + err);
      return kInputFailed;
    }
  }
  if (!o.diff_output.empty()) {
    std::string shown = path == "-" ? name : util::strip_codec_suffix(diff_name(path), codec);
    if (!write_diff_file(o.diff_output, doc, c.edits, rules, {shown, shown, false, o.word_diff, o.context},
                         err)) {
      complain(o.diff_output + ": " + err);
      status = kInputFailed;
    }
  }
  if (!o.report.empty()) {
    // Written in pieces as it is made: with millions of removals the
    // record is several times the document.
    std::string rec, extra = flags_json(c);
    util::AtomicWriter out;
    bool ok = out.open(o.report, err);
    if (ok) {
      write_report_record(rec, doc, c.edits, rules, {name, true, extra}, [&](std::string& piece) {
        out.write(piece);
        piece.clear();
      });
      out.write(rec);
      ok = out.commit(err);
    }
    if (!ok) {
      complain(o.report + ": " + err);
      status = kInputFailed;
    }
  }
  if (o.check && !c.edits.empty() && status == kOk) status = kFindings;
  return status;
}

int clean_one(const Engine& engine, const Options& o, const std::string& path) {
  try {
    return clean_one_unguarded(engine, o, path);
  } catch (const std::exception& e) {
    complain((path == "-" ? std::string("stdin") : path) + ": " + describe_exception(e));
    return kInputFailed;
  }
}

}  // namespace

int cmd_clean(const Options& o) {
  std::vector<std::string> paths = o.paths.empty() ? std::vector<std::string>{"-"} : o.paths;
  std::error_code ec;
  bool batch = paths.size() > 1 || o.in_place ||
               (paths[0] != "-" && fs::is_directory(paths[0], ec));
  auto engine = load_engine(o);
  if (!engine) return kUsage;
  if (batch) return run_batch(*engine, o, paths);
  if (!outputs_spare_input(o, paths[0])) return kUsage;
  return clean_one(*engine, o, paths[0]);
}

int cmd_diff(const Options& o) {
  auto engine = load_engine(o);
  if (!engine) return kUsage;
  std::vector<std::string> paths = o.paths.empty() ? std::vector<std::string>{"-"} : o.paths;
  bool color = use_color(o, 1);
  int status = kOk;
  bool found = false;
  auto on_file = [&](const std::string& path, const std::string& shown) {
    std::string input, err;
    if (is_warc_file(path)) {  // each record's diff, named by its WARC-Record-ID
      WarcJob job{path, path, "", "-", color, false, false};
      WarcTotals t;
      std::string report, messages;
      bool ok = clean_warc(*engine, o, job, t, report, messages, err);
      if (!messages.empty()) util::write_fd(2, messages);
      if (!ok) complain(path + ": " + err);
      if (!ok || t.failed) status = kInputFailed;
      found = found || t.changed;
      return;
    }
    util::Codec codec = util::Codec::none;
    if (!read_input(o, path, input, codec, err)) {
      complain(path + ": " + err);
      status = kInputFailed;
      return;
    }
    Document doc(input);
    Cleaned c = clean_document(*engine, o, doc, site_for(o, shown));
    if (!c.error.empty()) {
      complain(path + ": " + c.error);
      status = kInputFailed;
      return;
    }
    if (c.binary) {
      complain(path + ": binary file (NUL bytes), skipped");
      return;
    }
    if (std::string w = slow_path_warning(c, o); !w.empty()) complain(path + ": " + w);
    found = found || !c.edits.empty();
    std::string name = path == "-" ? "stdin" : util::strip_codec_suffix(diff_name(shown), codec);
    if (!write_diff_file("-", doc, c.edits, engine->rules(), {name, name, color, o.word_diff, o.context},
                         err)) {
      complain("stdout: " + err);
      status = kInputFailed;
    }
  };
  // As for_each_input, with --include/--exclude applied to folder members;
  // an exception (out of memory) fails that input alone.
  std::vector<InputFile> inputs =
      collect_inputs(paths, [&](const std::string& path, const std::string& err) {
        complain(path + ": " + err);
        status = kInputFailed;
      });
  filter_inputs(inputs, paths, o);
  for (const auto& in : inputs) {
    try {
      on_file(in.path, in.path);
    } catch (const std::exception& e) {
      complain(in.path + ": " + describe_exception(e));
      status = kInputFailed;
    }
  }
  if (status == kOk && o.check && found) status = kFindings;
  return status;
}

int run(int argc, char** argv) {
  int exit_now = -1;
  Options o = parse_options(argc, argv, exit_now);
  if (exit_now >= 0) return exit_now;
  // --site as a JSONL record's url is read: "News.Example.COM." and
  // "https://news.example.com/x" are the site news.example.com.
  if (!o.site.empty()) o.site = domain_of(o.site);
  worker_count(o.jobs);  // caps the malloc arenas before the first thread starts
  if (o.command == "version") return cmd_version(o);
  if (o.command == "clean") return cmd_clean(o);
  if (o.command == "diff") return cmd_diff(o);
  if (o.command == "rules") return cmd_rules(o);
  if (o.command == "jsonl") return cmd_jsonl(o);
  if (o.command == "stats") return cmd_stats(o);
  if (o.command == "review") return cmd_review(o);
  complain("unknown command " + o.command);
  return kUsage;
}

}  // namespace decruft::cli
