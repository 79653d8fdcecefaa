// decruft: strips boilerplate and paywall noise from scraped article text,
// and says exactly what it removed.
//
// This is the library interface of the `decruft` command: the same rules,
// the same engine, the same bytes out. Noise is what a reader of an article
// would not miss: donation appeals, "enable JavaScript" notices, paywall,
// subscription and login prompts, cookie banners, newsletter sign-ups,
// ad-blocker pleas, ad markers, share residue, related-article teasers. What
// counts as noise is decided by rule files (TOML, RE2 patterns; the format is
// in share/decruft/rules/README.md), not by code.
//
// -----------------------------------------------------------------------
// EXAMPLE
//
//   #include <decruft/decruft.hpp>
//
//   decruft::Cleaner cleaner;               // the built-in rules
//   if (!cleaner.ok()) {                    // never fails for built-in rules
//     std::cerr << cleaner.error() << "\n";
//     return 2;
//   }
//   decruft::CleanResult r = cleaner.clean(article);   // any std::string_view
//   std::cout << r.text;                    // the article minus the noise
//   for (const decruft::Removal& x : r.removals)
//     std::cerr << x.rule << " removed lines " << x.first_line << "-"
//               << x.last_line << "\n";
//
// Own rules, from files or from text, alongside (or instead of) the
// built-in ones:
//
//   decruft::Cleaner::Options opt;
//   opt.rule_paths = {"my-rules/"};               // a file or a folder
//   opt.rule_texts = {{"inline.toml", "category = \"ad\"\n[[rule]]\n..."}};
//   opt.disable = {"cookie"};                     // a category, language or rule id
//   decruft::Cleaner cleaner(opt);
//   if (!cleaner.ok()) {
//     for (const std::string& d : cleaner.diagnostics()) std::cerr << d << "\n";
//     return 2;
//   }
//
// -----------------------------------------------------------------------
// GUARANTEES
//
//   Removal only.  CleanResult::text is the input with some byte ranges
//     deleted; nothing is re-encoded, re-wrapped or normalised. Invalid
//     UTF-8, CRLF, a byte-order mark and a missing final newline are kept.
//     Every deleted range is one Removal, naming the rule that deleted it.
//   Linear time.  Patterns are RE2: no rule and no input can make clean()
//     backtrack or hang. Memory is bounded by the input size plus the
//     compiled rules.
//   Deterministic.  The same input, rules and options give the same bytes,
//     whatever the thread.
//
// -----------------------------------------------------------------------
// ERRORS
//
// Nothing in this interface throws (beyond std::bad_alloc). As with RE2,
// construct, then check ok():
//
//   Cleaner::ok()          false when a rule file could not be read, parsed,
//                          validated or compiled. error() has every error,
//                          one per line, as "path:line:col: message";
//                          diagnostics() has them with the warnings.
//                          A Cleaner that is not ok() cleans nothing.
//   CleanResult::ok        false when RE2 ran out of its memory budget on
//                          this input (a hard error, never a slow path);
//                          then `text` is the input unchanged.
//
// -----------------------------------------------------------------------
// OWNERSHIP AND THREAD SAFETY
//
// A Cleaner owns its compiled rules; it is immutable once constructed, and
// its const methods, clean() included, may be called from any number of
// threads at once. Copying a Cleaner is cheap: copies share the compiled
// rules (reference counted). Loading and compiling is the expensive step
// (about half a second for the built-in set): build one Cleaner and reuse
// it, across threads too.
//
// clean() borrows its input only for the duration of the call; a
// CleanResult owns all of its strings and refers to nothing else.
//
// -----------------------------------------------------------------------
// LINKING
//
//   CMake:       find_package(decruft 0.1 REQUIRED)
//                target_link_libraries(app PRIVATE decruft::decruft)
//   pkg-config:  g++ -std=c++17 app.cpp $(pkg-config --cflags --libs decruft)
//
// C++17. The library is static and depends on RE2 and toml++; this header
// includes neither.
#ifndef DECRUFT_DECRUFT_HPP_
#define DECRUFT_DECRUFT_HPP_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace decruft {

// The library's version ("0.1.0"), the same as `decruft --version` prints.
const char* version();
// The version of the built-in rule set ("2026.11.22").
const char* rules_version();

// A rule file given as text rather than read from disk.
struct RuleText {
  // Shown in diagnostics and in every Removal::rule_file. The rules'
  // language defaults to the name of the folder holding it when that is a
  // language code ("rules/de/ad.toml" -> "de"), else "user"; a file may set
  // `language = "..."` itself.
  std::string name;
  std::string text;  // TOML, as in share/decruft/rules/README.md
};

// What to do with one document.
//
//   option          default   meaning
//   site            ""        the document's domain ("www.nytimes.com");
//                             rules with `sites` fire only for it and its
//                             subdomains ( = --site)
//   max_removed     1.0       when more than this share (0 to 1) of the
//                             characters would go, remove nothing and set
//                             `held_back` ( = --max-removed)
//   over_removal    0.30      when more than this share would go, set
//                             `over_removal` (a flag only; = --over-removal)
//
// Shares count characters, not bytes: UTF-8 code points, each byte of an
// invalid sequence counting one, so a Chinese or Russian document is judged
// like an English one. The command refuses shares outside [0, 1]; here a
// share above 1 never triggers and one below 0 triggers for any removal.
//   name            "input"   the document's name in the diff (a/NAME,
//                             b/NAME) and the report's "path"
//   diff            false     fill CleanResult::diff
//   word_diff       false     in the diff, show in-line removals as
//                             [-text-] ( = --word-diff)
//   report          false     fill CleanResult::report
//   report_text     true      the report carries each removed text
struct CleanOptions {
  std::string site;
  double max_removed = 1.0;
  double over_removal = 0.30;
  std::string name = "input";
  bool diff = false;
  bool word_diff = false;
  bool report = false;
  bool report_text = true;
};

// One removed byte range, and the rule that removed it.
struct Removal {
  std::string rule;       // full rule id: "en/paywall/verify-access"
  std::string category;   // "paywall", "cookie", ... (rules/README.md)
  std::string rule_file;  // where the rule is defined: "rules/en/paywall.toml"
  uint32_t rule_line = 0; // ... and on which line (1-based)
  size_t begin = 0;       // the range [begin, end) in bytes of the input;
  size_t end = 0;         //   the removed text is input.substr(begin, end - begin)
  uint32_t first_line = 0;  // the input lines it touches, 1-based, inclusive
  uint32_t last_line = 0;
  std::string why;        // the structure pass's removals only: "5 lines, stopwords 0.23, ..."
};

// Everything clean() found out about one document. A plain value: it owns
// its strings and refers to nothing, so it may outlive the input and the
// Cleaner.
struct CleanResult {
  bool ok = true;     // false: `error` says why; `text` is the input unchanged
  std::string error;
  // Set when RE2 matched this input on a slow path that it does not report
  // itself: a DFA cache that thrashed, or a DFA that gave up for the NFA
  // ("RE2 matched it on a slow path: a rule Set's DFA cache thrashed
  // (cleared 57 times)"). The result is right, only slow. Needs RE2 linked
  // statically (Debian's libre2.a): the shared library hides the hooks.
  std::string warning;

  // The input minus the removed ranges: what `decruft clean` writes.
  std::string text;
  // Sorted by `begin`, never overlapping. Empty when nothing was removed.
  std::vector<Removal> removals;

  size_t bytes_in = 0;   // input size
  size_t bytes_out = 0;  // text.size()

  // The input holds NUL bytes: not article text, left untouched (the
  // command skips such files with a warning).
  bool binary = false;
  // More than CleanOptions::over_removal of the characters went: worth a
  // look.
  bool over_removal = false;
  // More than CleanOptions::max_removed would have gone: nothing was
  // removed, `removals` is empty.
  bool held_back = false;
  // A short teaser cut off by a paywall, subscription or login prompt: such
  // a rule fired and fewer than 600 characters are kept, so `text` is not
  // the article. Pipelines may drop the document. Set even when held_back.
  bool truncated = false;

  // With CleanOptions::diff: the removal diff, GNU unified format with no
  // context lines, the rule id after the second "@@" of each hunk, exactly
  // what `decruft diff` prints (without colour). `patch -R` applied to
  // `text` gives the input back byte for byte. Empty when nothing was
  // removed.
  std::string diff;
  // With CleanOptions::report: one JSON Lines record, newline included,
  // exactly what `decruft clean --report` writes:
  //   {"path":NAME,"bytes_in":N,"bytes_out":N,"removals":[{"rule":...,
  //    "category":...,"file":...,"line":N,"start":N,"end":N,
  //    "first_line":N,"last_line":N,"removed":{"text":...}}],"flags":[...]}
  // "flags" lists "binary", "over-removal", "held-back" and "truncated",
  // those of the flags above that are set, in that order; the member is
  // left out when none is.
  std::string report;
};

// A compiled rule set that cleans documents. See the top of this file.
class Cleaner {
 public:
  // Where the rules come from and which of them are on.
  //
  //   option          default   meaning
  //   builtin_rules   true      include the default rule set compiled into
  //                             the library ( = not --no-default-rules)
  //   rule_paths      {}        rule files, or folders whose *.toml files
  //                             (recursively, in path order) are read
  //                             ( = --rules, repeatable)
  //   rule_texts      {}        rule files given as text; loaded after
  //                             rule_paths
  //   enable          {}        names to switch on ( = --enable)
  //   disable         {}        names to switch off ( = --disable)
  //
  // A name is a category ("cookie"), a language ("de"), a language and
  // category ("en/cookie") or a full rule id ("en/paywall/verify-access");
  // the most specific name wins, and at the same level `enable` wins. The
  // categories "attribution" and "comments", and rules marked
  // `enabled = false`, are off unless enabled. A rule file may switch
  // built-in rules off with `disable = ["<full id>", ...]`.
  struct Options {
    bool builtin_rules = true;
    std::vector<std::string> rule_paths;
    std::vector<RuleText> rule_texts;
    std::vector<std::string> enable;
    std::vector<std::string> disable;
  };

  // Loads, validates and compiles the rules. Check ok() afterwards.
  Cleaner();
  explicit Cleaner(const Options& options);
  ~Cleaner();

  // Copies share the compiled rules. A moved-from Cleaner is not ok().
  Cleaner(const Cleaner& other);
  Cleaner& operator=(const Cleaner& other);
  Cleaner(Cleaner&& other) noexcept;
  Cleaner& operator=(Cleaner&& other) noexcept;

  // Whether every rule loaded and compiled.
  bool ok() const;
  // Every error, one per line, no trailing newline: "path:line:col: message"
  // (or "path: reason" for a file that could not be read). Empty when ok().
  const std::string& error() const;
  // Every error and warning ("path:line:col: warning: message"), in the
  // order found. Warnings alone leave the Cleaner ok().
  const std::vector<std::string>& diagnostics() const;

  // Rules loaded, and how many of them are on.
  size_t rule_count() const;
  size_t enabled_rule_count() const;

  // Cleans one document. Time is linear in input.size(); `input` is only
  // read during the call. On a Cleaner that is not ok(), returns a result
  // with ok == false and the input unchanged. Thread-safe.
  CleanResult clean(std::string_view input, const CleanOptions& options = CleanOptions()) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace decruft

#endif  // DECRUFT_DECRUFT_HPP_
