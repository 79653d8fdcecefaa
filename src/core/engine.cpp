// The only file that includes RE2: every other part speaks string_view.
#include "core/engine.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <thread>
#include <tuple>

#include "core/builtin.hpp"
#include "core/literals.hpp"
#include "core/parallel.hpp"
#include "core/prefilter.hpp"
#include "core/structure.hpp"
#include "core/re2_watch.hpp"

namespace decruft {

std::string expand_pattern(std::string_view p) {
  // Rewrites `\s` so that it also matches Unicode space separators (\p{Z}):
  // scraped text is full of no-break spaces in buttons and prompts. Tracks
  // character classes so the rewrite stays valid RE2 inside [...].
  std::string out;
  out.reserve(p.size() + 16);
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c != '\\' && c != '[' && c != ']') {
      // A run that needs no rewriting goes in one piece.
      const size_t j = std::min(p.find_first_of("\\[]", i), p.size());
      out.append(p.substr(i, j - i));
      i = j - 1;
      continue;
    }
    if (c == '\\' && i + 1 < p.size()) {
      char n = p[i + 1];
      if (n == 's')
        out += in_class ? "\\s\\p{Z}" : "[\\s\\p{Z}]";
      else if (n == 'S' && !in_class)
        out += "[^\\s\\p{Z}]";
      else {
        out += c;
        out += n;
      }
      ++i;
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal member.
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (in_class && c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      // [:alpha:] inside a class: copy through its closing ":]".
      size_t close = p.find(":]", i + 2);
      if (close != std::string_view::npos) {
        out.append(p.substr(i, close + 2 - i));
        i = close + 1;
        continue;
      }
    }
    if (in_class && c == ']') in_class = false;
    out += c;
  }
  return out;
}

namespace {

// A line's owner in match() is a signed integer (Owner: int16_t or
// int32_t): kNoneOf<Owner>, a rule index, or a rule index plus kNearOf<Owner>,
// which marks a near_removed candidate. Rule indexes stay below kNear, so
// an owner is a candidate exactly when it is >= kNear.
template <class Owner>
constexpr Owner kNoneOf = -1;
template <class Owner>
constexpr Owner kNearOf = Owner{1} << (8 * sizeof(Owner) - 2);
// Rule sets smaller than this get 16-bit owners: 2 bytes a line, not 4.
constexpr size_t kNarrowRules = size_t{kNearOf<int16_t>};

// How many Sets the line-start-anchored patterns are cut into (see
// Engine::Impl::anchored).
constexpr size_t kAnchoredChunks = 4;
// ... but into no more chunks than this many patterns each fill: the few
// the prefilter leaves compile as one Set.
constexpr size_t kAnchoredPerChunk = 100;

// Where a pattern as written can match: only at the start of the line (it
// begins with `^`, after any flag group such as `(?i)`, and has no `|`
// outside parentheses), only at the end (ends with an unescaped `$` and
// has no top-level `|`), or anywhere.
struct Anchoring {
  bool start = false, end = false;
};

Anchoring anchoring(std::string_view p) {
  Anchoring a;
  size_t i = 0;
  // Leading flag groups: (?i), (?s), (?-i) ... (not (?i:...) groups).
  while (p.size() - i >= 3 && p[i] == '(' && p[i + 1] == '?') {
    size_t j = i + 2;
    while (j < p.size() && (std::isalpha(static_cast<unsigned char>(p[j])) || p[j] == '-')) ++j;
    if (j >= p.size() || p[j] != ')') break;
    i = j + 1;
  }
  bool starts = i < p.size() && p[i] == '^';
  // Scan for a top-level '|' and note whether the last token is an
  // unescaped '$' outside a class.
  int depth = 0;
  bool in_class = false, last_dollar = false;
  for (size_t k = i; k < p.size(); ++k) {
    char c = p[k];
    last_dollar = false;
    if (c == '\\') {
      ++k;
      continue;
    }
    if (in_class) {
      if (c == '[' && k + 1 < p.size() && p[k + 1] == ':') {
        size_t close = p.find(":]", k + 2);
        if (close != std::string_view::npos) k = close + 1;
      } else if (c == ']') {
        in_class = false;
      }
      continue;
    }
    switch (c) {
      case '[':
        in_class = true;
        if (k + 1 < p.size() && p[k + 1] == '^') ++k;
        if (k + 1 < p.size() && p[k + 1] == ']') ++k;
        break;
      case '(': ++depth; break;
      case ')': --depth; break;
      case '|':
        if (depth == 0) return {};
        break;
      case '$': last_dollar = depth == 0; break;
      default: break;
    }
  }
  if (in_class || depth != 0) return {};
  a.start = starts;
  a.end = last_dollar;
  return a;
}

// The patterns of a rule that go in a Set or the prefilter: a block rule's
// start patterns, any other rule's patterns.
const std::vector<Pattern>& set_patterns(const Rule& r) {
  return r.scope == Scope::block ? r.start : r.patterns;
}

// A pattern as it goes into a Set: rewritten, with the rule's case folding
// as a flag.
std::string set_text(const Rule& r, const Pattern& p) {
  return (r.case_sensitive ? "" : "(?i)") + expand_pattern(p.text);
}

struct CompiledRule {
  std::vector<std::unique_ptr<RE2>> patterns, start, end, unless;
  std::vector<std::vector<std::unique_ptr<RE2>>> all;  // Rule::all, group by group
  // Lazily compiled rules (CompileOptions::lazy_builtin) are filled under
  // `once` on first use; `error` is then set if a pattern failed.
  bool lazy = false;
  std::once_flag once;
  std::string error;
  // A lazy rule's Set patterns one by one, for the prefilter: a line that
  // holds a pattern's literals compiles that pattern alone; the rest of the
  // rule compiles only once a line matches it.
  std::vector<std::unique_ptr<RE2>> single;
  std::unique_ptr<std::once_flag[]> single_once;
  std::vector<std::string> single_error;
};

bool any_match(const std::vector<std::unique_ptr<RE2>>& res, std::string_view text) {
  re2::StringPiece sp(text.data(), text.size());
  for (const auto& re : res)
    if (RE2::PartialMatch(sp, *re)) return true;
  return false;
}

// Every `all` group of a rule has a pattern that matches `text`.
bool all_match(const std::vector<std::vector<std::unique_ptr<RE2>>>& groups,
               std::string_view text) {
  for (const auto& g : groups)
    if (!any_match(g, text)) return false;
  return true;
}

bool site_matches(const Rule& r, std::string_view site) {
  if (r.sites.empty()) return true;
  if (site.empty()) return false;
  for (const auto& d : r.sites) {
    if (site.size() == d.size() && site == d) return true;
    if (site.size() > d.size() && site.substr(site.size() - d.size()) == d &&
        site[site.size() - d.size() - 1] == '.')
      return true;
  }
  return false;
}

}  // namespace

// Compiles `pats` of rule r into `dst`, appending a diagnostic for each
// pattern that is invalid or too large.
void compile_patterns(const Rule& r, const std::vector<Pattern>& pats,
                      std::vector<std::unique_ptr<RE2>>& dst, std::vector<Diagnostic>& diags,
                      int max_program_size) {
  const std::string label = "rule \"" + r.id + "\": ";
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_log_errors(false);
  o.set_never_capture(true);  // only whole matches are ever asked for
  o.set_case_sensitive(r.case_sensitive);
  for (const auto& p : pats) {
    std::string expanded = expand_pattern(p.text);
    auto re = std::make_unique<RE2>(expanded, o);
    if (!re->ok()) {
      std::string msg = label + "invalid regex: " + re->error();
      if (!re->error_arg().empty() && re->error().find(re->error_arg()) == std::string::npos)
        msg += ": " + re->error_arg();
      diags.push_back({p.pos, msg, false});
    } else if (re->ProgramSize() > max_program_size) {
      diags.push_back(
          {p.pos,
           label + "pattern too large: " + std::to_string(re->ProgramSize()) +
               " RE2 instructions (limit " + std::to_string(max_program_size) +
               "); a counted repetition such as {2,60} copies its class each time: "
               "use + or * and let max_chars bound the length",
           false});
    }
    dst.push_back(std::move(re));
  }
}

// `lazy`: the rule's Set patterns are compiled one by one when the
// prefilter or a Set points to them (Engine::Impl::set_pattern), and after
// that a line rule needs only its `unless` (and a block its `end`): only a
// span rule reads its own patterns again, for the positions.
void compile_rule(const Rule& r, CompiledRule& c, std::vector<Diagnostic>& diags,
                  int max_program_size, bool lazy = false) {
  if (!lazy || r.scope == Scope::span) compile_patterns(r, r.patterns, c.patterns, diags, max_program_size);
  if (!lazy) compile_patterns(r, r.start, c.start, diags, max_program_size);
  // A pattern (or block start) that matches the empty string matches every
  // line: `.*`, `^`, `x?` would remove the whole document.
  auto refuse_empty = [&](const std::vector<Pattern>& pats, const auto& res, const char* key) {
    for (size_t k = 0; k < res.size() && k < pats.size(); ++k)
      if (res[k]->ok() && RE2::PartialMatch("", *res[k]))
        diags.push_back({pats[k].pos,
                         "rule \"" + r.id + "\": `" + key +
                             "` pattern matches the empty string, so every line: \"" +
                             pats[k].text + "\"",
                         false});
  };
  refuse_empty(r.patterns, c.patterns, "patterns");
  refuse_empty(r.start, c.start, "start");
  compile_patterns(r, r.end, c.end, diags, max_program_size);
  compile_patterns(r, r.unless, c.unless, diags, max_program_size);
  c.all.resize(r.all.size());
  for (size_t g = 0; g < r.all.size(); ++g)
    compile_patterns(r, r.all[g], c.all[g], diags, max_program_size);
}

std::string regex_error(std::string_view pattern) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_log_errors(false);
  o.set_never_capture(true);
  RE2 re(expand_pattern(pattern), o);
  if (re.ok()) return "";
  std::string msg = re.error();
  if (!re.error_arg().empty() && msg.find(re.error_arg()) == std::string::npos)
    msg += ": " + re.error_arg();
  return msg;
}

// A Set of line-level patterns and the rule behind each of its entries.
struct RuleSet {
  std::unique_ptr<RE2::Set> set;
  std::vector<uint32_t> rule;  // set index -> rule index
  std::vector<std::string> texts;  // until compiled
  uint32_t above = 0;  // floating tiers: used for lines of more than `above` chars
  uint32_t max_chars = 0;  // longest max_chars of its rules: longer lines skip it
  bool anchored = false;  // matched with RE2::ANCHOR_START
};

// Adds rs.texts to a new Set and compiles it. False when a pattern does not
// parse (its index and RE2's message go to `bad`, when given) or the Set
// does not fit its memory budget.
bool compile_set(RuleSet& rs, int64_t max_mem,
                 std::vector<std::pair<size_t, std::string>>* bad) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_log_errors(false);
  o.set_never_capture(true);
  o.set_max_mem(max_mem);
  rs.set = std::make_unique<RE2::Set>(o, rs.anchored ? RE2::ANCHOR_START : RE2::UNANCHORED);
  bool ok = true;
  for (size_t j = 0; j < rs.texts.size(); ++j) {
    std::string err;
    if (rs.set->Add(rs.texts[j], &err) < 0) {
      ok = false;
      if (bad) bad->push_back({j, err});
    }
  }
  ok = ok && rs.set->Compile();
  if (ok) {
    rs.texts.clear();
    rs.texts.shrink_to_fit();
  }
  return ok;
}

// Rules of a language written in its own script (Russian in Cyrillic,
// Japanese and Chinese in CJK characters, Korean in Hangul) run only on
// documents that hold at least one character of that script: an English
// page then does not pay for them, and their Sets compile on first need.
enum ScriptBit : uint8_t { kCyrillic = 1, kCjk = 2, kHangul = 4 };

uint8_t script_of_language(std::string_view lang) {
  static const char* const cyrillic[] = {"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"};
  for (const char* l : cyrillic)
    if (lang == l) return kCyrillic;
  if (lang == "ja" || lang == "zh" || lang.substr(0, 3) == "zh-") return kCjk;
  if (lang == "ko") return kHangul;
  return 0;
}

// The scripts of script_of_language present in UTF-8 text, by the lead
// bytes of their blocks: U+0400-04FF (D0-D3); U+3000-9FFF, CJK punctuation,
// kana and ideographs (E3-E9); Hangul Jamo U+1100-11FF (E1 84-87),
// compatibility Jamo U+3130-318F (E3 84-86) and syllables U+AC00-D7AF
// (EA B0 - ED 9F).
uint8_t scripts_in(std::string_view text) {
  uint8_t found = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  for (; p < end; ++p) {
    // Eight bytes at a time past ASCII (the lead bytes looked for are all
    // 0xD0 or above).
    uint64_t w;
    while (end - p >= 8 && (std::memcpy(&w, p, 8), (w & 0x8080808080808080u) == 0)) p += 8;
    if (p == end) break;
    unsigned char c = *p;
    if (c < 0xD0) continue;
    unsigned char n = p + 1 < end ? p[1] : 0;
    if (c <= 0xD3)
      found |= kCyrillic;
    else if (c == 0xE1 && n >= 0x84 && n <= 0x87)
      found |= kHangul;
    else if (c >= 0xE3 && c <= 0xE9)
      found |= (c == 0xE3 && n >= 0x84 && n <= 0x86) ? (kHangul | kCjk) : kCjk;
    else if ((c == 0xEA && n >= 0xB0) || c == 0xEB || c == 0xEC || (c == 0xED && n < 0xA0))
      found |= kHangul;
    if (found == (kCyrillic | kCjk | kHangul)) break;
  }
  return found;
}

// The rules of one script (group 0: every rule that needs none), with
// their Sets. Line-level patterns of line, block (start) and tail rules are
// split by where they can match. Patterns anchored at the line start go in
// Sets matched with RE2::ANCHOR_START: their DFA dies after a few bytes on
// most lines. They are most of the rule set, so they are cut into a few
// Sets of about the same size that compile on separate threads (start-up);
// matching a line against two anchored Sets instead of one costs next to
// nothing. The others ("floating") are in tiers by their rule's max_chars:
// tier k holds every floating pattern whose rule allows lines longer than
// tiers[k].above, and a line is matched against the last tier whose
// `above` is below its length, so long lines meet few patterns.
// Span rules whose patterns are all anchored (at the start or the end of
// the line) run their own RE2s on every line: RE2 matches an end-anchored
// pattern backwards from the end, so that costs a few bytes per line.
// The other span rules go through a Set first.
struct Group {
  uint8_t script = 0;
  std::vector<RuleSet> anchored;
  std::vector<RuleSet> tiers;
  RuleSet span;
  std::vector<uint32_t> span_direct;
  uint32_t line_max_chars = 0;  // longest max_chars among its line-level rules
  uint32_t prefiltered = 0;  // its patterns in the prefilter instead of a Set
  bool empty() const {
    return anchored.empty() && tiers.empty() && span.rule.empty() && span_direct.empty() &&
           prefiltered == 0;
  }
  // A group of built-in rules that needs a script compiles its Sets the
  // first time a document holds that script (CompileOptions::lazy_builtin).
  bool lazy = false;
  std::once_flag once;
  std::string error;  // a lazy group's Sets failed to compile
};

constexpr size_t kGroups = 4;  // none, kCyrillic, kCjk, kHangul
size_t group_of(uint8_t script) { return script == kCyrillic ? 1 : script == kCjk ? 2 : script == kHangul ? 3 : 0; }

// A pattern the prefilter stands for: pattern `pattern` of rule `rule`'s
// Set patterns (`start` for a block rule, else `patterns`).
// An `also` entry stands for all of `all` group `pattern` of the rule
// instead: a line without a literal of it cannot fire the rule.
struct Prefiltered {
  uint32_t rule, pattern;
  uint8_t group;
  bool span;
  bool also = false;
};

// A prefiltered pattern while the automata are made: its value, the longest
// line it may fire on (a span pattern: any) and its literals.
constexpr uint32_t kAnyLength = UINT32_MAX;
struct TierInput {
  uint32_t value, max_chars;
  const std::vector<std::string>* literals;
};

// Where tiers by max_chars start (the floating Sets' and the prefilter's):
// tier 0 (above 0) holds every pattern, and each next tier starts at the
// shortest max_chars that leaves it at most half the patterns of the tier
// before, but not none. A span pattern (kAnyLength) is in every tier and never
// starts one. Most rules stop at 200 characters while most bytes are in
// longer lines, so a paragraph meets a fraction of the patterns: for the
// prefilter, a table that fits the cache (its walk is one dependent load
// per byte).
std::vector<uint32_t> tier_aboves(std::vector<uint32_t> limits) {
  std::vector<uint32_t> aboves{0};
  std::sort(limits.begin(), limits.end());
  size_t in_tier = limits.size();
  for (size_t j = 0; j < limits.size() && limits[j] != kAnyLength; ++j) {
    size_t longer = limits.end() - std::upper_bound(limits.begin(), limits.end(), limits[j]);
    if (longer > 0 && longer * 2 <= in_tier && limits[j] > aboves.back()) {
      aboves.push_back(limits[j]);
      in_tier = longer;
    }
  }
  return aboves;
}

struct Engine::Impl {
  std::vector<Rule> rules;
  std::vector<bool> active;
  // Not a vector: CompiledRule holds a once_flag, which cannot move.
  std::unique_ptr<CompiledRule[]> compiled;
  size_t active_count = 0;

  // Not a vector either: a Group holds a once_flag.
  std::unique_ptr<Group[]> groups;
  bool gated = false;  // some group other than 0 has rules
  uint32_t line_max_chars = 0;  // longest max_chars among line-level rules
  int max_program_size = 0;
  int64_t set_max_mem = 0;
  // The active line and tail rules' patterns, as (rule, pattern) pairs: the
  // text is made only when asked for (Engine::line_patterns).
  std::vector<std::pair<uint32_t, uint32_t>> line_patterns;

  // The prefilter: each literal's value is an index in `prefiltered`.
  // Tier k serves lines longer than literal_tiers[k].above characters (as
  // the Sets' tiers do), holding the literals of every span pattern and of
  // the line-level patterns whose rule allows such a line.
  // Tier 0 is built with the Sets; the others the first time a line of
  // their length comes (Engine::Impl::tier), as the script groups' Sets are.
  struct LiteralTier {
    uint32_t above = 0;
    LiteralMatcher matcher;
    std::once_flag once;
    std::atomic<bool> built{false};
  };
  std::unique_ptr<LiteralTier[]> literal_tiers;  // not a vector: once_flag
  size_t literal_tier_count = 0;

  // The prefilter's automaton for a line of `chars` characters, built now
  // if this is its first use (safe from any number of threads).
  const LiteralMatcher& tier(size_t chars) const {
    size_t k = literal_tier_count - 1;
    while (k > 0 && literal_tiers[k].above >= chars) --k;
    LiteralTier& t = literal_tiers[k];
    if (!t.built.load(std::memory_order_acquire)) {
      std::call_once(t.once, [&] { t.matcher.build(); });
      t.built.store(true, std::memory_order_release);
    }
    return t.matcher;
  }
  std::vector<Prefiltered> prefiltered;
  bool prefiltered_spans = false;  // then lines of any length are scanned
  bool wide_owners = false;        // CompileOptions::wide_owners
  bool any_min_run = false;        // a near_removed rule with min_run > 1
  // Per rule, a bit for each `all` group whose every pattern has literals
  // (in the prefilter as `also` entries): the line must hold one of each.
  std::vector<uint8_t> also_need;
  bool any_also = false;
  // near_removed rules, in rule order, with the script their documents
  // need (0: any). They are in no Set and not in the prefilter: match()
  // tries them only on the lines a chain from a removed line reaches.
  struct Near {
    uint32_t rule;
    uint8_t script;
  };
  std::vector<Near> near;
  // The structure pass (core/structure.hpp) and its two rules (-1: none).
  std::unique_ptr<Structure> structure;
  int link_rule = -1, share_rule = -1;
  std::vector<bool> rail_heading;  // rule r's removed lines introduce a rail

  // Group g, with its Sets compiled now if it is lazy and this is its first
  // use. False, with `error` set, when they do not compile.
  bool ready(size_t g, std::string* error) const;

  // Rule r's own RE2s, compiled now if it is lazy and this is their first
  // use (safe from any number of threads). Null, with `error` set, when a
  // pattern of a lazy rule does not compile.
  const CompiledRule* res(uint32_t r, std::string* error) const;

  // Set pattern k of rule r (`start` for a block rule, else `patterns`),
  // compiled alone now if the rule is lazy and this is its first use. Null,
  // with `error` set, when it does not compile.
  const RE2* set_pattern(uint32_t r, uint32_t k, std::string* error) const;

  bool allowed(uint32_t r, const MatchOptions& o) const {
    if (o.only && !(*o.only)[r]) return false;
    return site_matches(rules[r], o.site);
  }
};

const CompiledRule* Engine::Impl::res(uint32_t r, std::string* error) const {
  CompiledRule& c = compiled[r];
  if (!c.lazy) return &c;
  std::call_once(c.once, [&] {
    std::vector<Diagnostic> diags;
    compile_rule(rules[r], c, diags, max_program_size, /*lazy=*/true);
    if (!diags.empty()) c.error = diags.front().str();
  });
  if (c.error.empty()) return &c;
  if (error) *error = c.error;
  return nullptr;
}

const RE2* Engine::Impl::set_pattern(uint32_t r, uint32_t k, std::string* error) const {
  CompiledRule& c = compiled[r];
  const Rule& rule = rules[r];
  if (!c.lazy) return (rule.scope == Scope::block ? c.start : c.patterns)[k].get();
  std::call_once(c.single_once[k], [&] {
    const auto& pats = set_patterns(rule);
    std::vector<Diagnostic> diags;
    std::vector<std::unique_ptr<RE2>> one;
    compile_patterns(rule, {pats[k]}, one, diags, max_program_size);
    if (!diags.empty()) c.single_error[k] = diags.front().str();
    c.single[k] = std::move(one.front());
  });
  if (c.single_error[k].empty()) return c.single[k].get();
  if (error) *error = c.single_error[k];
  return nullptr;
}

bool Engine::Impl::ready(size_t g, std::string* error) const {
  Group& gr = groups[g];
  if (!gr.lazy) return true;
  std::call_once(gr.once, [&] {
    auto one = [&](RuleSet& rs) {
      if (gr.error.empty() && !rs.texts.empty() && !compile_set(rs, set_max_mem, nullptr))
        gr.error = "the rule set is too large for the RE2 memory budget";
    };
    for (auto& a : gr.anchored) one(a);
    for (auto& t : gr.tiers) one(t);
    one(gr.span);
  });
  if (gr.error.empty()) return true;
  if (error) *error = gr.error;
  return false;
}

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;

const std::vector<Rule>& Engine::rules() const { return impl_->rules; }
bool Engine::active(size_t rule) const { return impl_->active[rule]; }
size_t Engine::active_count() const { return impl_->active_count; }
size_t Engine::prefiltered(bool groups) const {
  return static_cast<size_t>(std::count_if(impl_->prefiltered.begin(), impl_->prefiltered.end(),
                                           [&](const Prefiltered& p) { return p.also == groups; }));
}

std::vector<std::string> Engine::line_patterns() const {
  std::vector<std::string> out;
  for (const auto& [r, k] : impl_->line_patterns) {
    const Rule& rule = impl_->rules[r];
    if (rule.all.empty()) {
      out.push_back(set_text(rule, set_patterns(rule)[k]));
      continue;
    }
    // A rule with `all` groups: the pattern and each group in every order,
    // as one pattern; more than three parts would make too many orders.
    if (rule.all.size() > 2) continue;
    std::vector<std::string> parts{"(?:" + expand_pattern(set_patterns(rule)[k].text) + ")"};
    for (const auto& g : rule.all) {
      std::string alt;
      for (const auto& p : g) alt += (alt.empty() ? "" : "|") + expand_pattern(p.text);
      parts.push_back("(?:" + alt + ")");
    }
    std::vector<size_t> order(parts.size());
    for (size_t j = 0; j < order.size(); ++j) order[j] = j;
    std::string text = rule.case_sensitive ? "(?:" : "(?i)(?:";
    bool first = true;
    do {
      if (!first) text += '|';
      first = false;
      for (size_t j = 0; j < order.size(); ++j) text += (j ? ".*" : "") + parts[order[j]];
    } while (std::next_permutation(order.begin(), order.end()));
    out.push_back(text + ")");
  }
  return out;
}

std::unique_ptr<Engine> Engine::compile(std::vector<Rule> rules, std::vector<bool> active,
                                        std::vector<Diagnostic>& diagnostics,
                                        const CompileOptions& options) {
  re2_watch::available();  // RE2's slow paths are counted from the first match on
  std::unique_ptr<Engine> e(new Engine());
  Impl& im = *e->impl_;
  im.rules = std::move(rules);
  im.active = active.empty() ? std::vector<bool>(im.rules.size(), true) : std::move(active);
  im.wide_owners = options.wide_owners;
  for (const Rule& r : im.rules) im.any_min_run |= r.min_run > 1;
  const size_t nrules = im.rules.size();
  if (nrules >= static_cast<size_t>(kNearOf<int32_t>)) {  // match() keeps an index and kNear in an int32_t
    Diagnostic d;
    d.message = "too many rules (at most 1073741823)";
    diagnostics.push_back(std::move(d));
    return nullptr;
  }
  im.compiled = std::make_unique<CompiledRule[]>(nrules);
  im.max_program_size = options.max_program_size;
  if (options.structure) {
    im.structure = std::make_unique<Structure>(*options.structure);
    im.rail_heading.assign(nrules, false);
    for (uint32_t i = 0; i < nrules; ++i) {
      const Rule& r = im.rules[i];
      const std::string cat(category_name(r.category));
      for (const auto& h : options.structure->heading_rules)
        if (h == r.full_id || h == cat || h == r.language + "/" + cat) im.rail_heading[i] = true;
      if (!r.structure) continue;
      (im.rules[i].category == Category::social ? im.share_rule : im.link_rule) = static_cast<int>(i);
    }
  }

  auto label = [](const Rule& r) { return "rule \"" + r.id + "\": "; };
  // Each rule's own RE2s, and the errors found in them, per rule (so that
  // the diagnostics come out in rule order whatever thread compiled them).
  std::vector<std::vector<Diagnostic>> rule_diags(nrules), set_diags(nrules);

  // Sort the set patterns of active rules by group, then into anchored,
  // floating and span entries.
  struct Entry {
    std::string text;
    uint32_t rule, max_chars;
    SourcePos pos;
  };
  struct Sorted {
    std::vector<Entry> anchored, floating, spans;
    bool all_builtin = true;
  };
  im.groups = std::make_unique<Group[]>(kGroups);
  im.set_max_mem = options.set_max_mem;
  const unsigned threads = startup_threads();
  // The required literals of each active rule's Set patterns: the built-in
  // rules' from the table made at build time, a user's worked out here, on
  // every core.
  std::vector<std::vector<std::vector<std::string>>> literals(nrules);
  // ... and of their `all` groups: [rule][group][pattern].
  std::vector<std::vector<std::vector<std::vector<std::string>>>> all_literals(nrules);
  im.also_need.assign(nrules, 0);
  if (options.prefilter)
    parallel_for(nrules, threads, [&](size_t i) {
      const Rule& r = im.rules[i];
      if (!im.active[i] || r.near_removed) return;  // near_removed rules skip the prefilter
      const auto& set_pats = set_patterns(r);
      literals[i].resize(set_pats.size());
      for (size_t k = 0; k < set_pats.size(); ++k) literals[i][k] = pattern_literals(set_pats[k].text);
      all_literals[i].resize(r.all.size());
      for (size_t g = 0; g < r.all.size(); ++g)
        for (const auto& p : r.all[g]) all_literals[i][g].push_back(pattern_literals(p.text));
    });
  std::vector<Sorted> sorted(kGroups);
  std::vector<TierInput> tier_input;  // the prefiltered patterns
  for (uint32_t i = 0; i < nrules; ++i) {
    const Rule& r = im.rules[i];
    if (!im.active[i]) continue;
    const uint8_t script = script_of_language(r.language);
    const size_t g = group_of(script);
    Group& gr = im.groups[g];
    gr.script = script;
    Sorted& so = sorted[g];
    so.all_builtin = so.all_builtin && r.builtin;
    const auto& set_pats = set_patterns(r);
    if (r.near_removed) {
      // Tried only beside removed lines (match_lines), so a pattern with no
      // literal, such as a headline's shape, costs the other lines nothing.
      for (uint32_t k = 0; k < set_pats.size(); ++k) im.line_patterns.push_back({i, k});
      im.near.push_back({i, script});
      if (script != 0) im.gated = true;
      continue;
    }
    // The `all` groups whose every pattern has literals: the prefilter
    // tells which of them a line holds, and a rule is tried only on a line
    // that holds one of each (its own patterns decide after that).
    for (uint32_t gi = 0; gi < all_literals[i].size() && gi < 8; ++gi) {
      const auto& group = all_literals[i][gi];
      bool every = true;
      for (const auto& lits : group) every = every && !lits.empty();
      if (!every) continue;
      const bool span = r.scope == Scope::span;
      for (const auto& lits : group) {
        const auto value = static_cast<uint32_t>(im.prefiltered.size());
        im.prefiltered.push_back({i, gi, static_cast<uint8_t>(g), span, true});
        tier_input.push_back({value, span ? kAnyLength : r.max_chars, &lits});
        im.prefiltered_spans = im.prefiltered_spans || span;
        ++gr.prefiltered;
      }
      im.also_need[i] |= static_cast<uint8_t>(1u << gi);
      im.any_also = true;
    }
    if (r.scope == Scope::span) {
      // A span rule anchored at the start or end of the line runs its own
      // RE2s on every line, unless the prefilter can point to the lines
      // that need them (every pattern has literals).
      bool direct = !set_pats.empty();
      bool all_literals = options.prefilter;
      for (size_t k = 0; k < set_pats.size(); ++k) {
        Anchoring a = anchoring(set_pats[k].text);
        direct = direct && (a.start || a.end);
        all_literals = all_literals && !literals[i][k].empty();
      }
      direct = direct && !all_literals;
      if (direct) {
        gr.span_direct.push_back(i);
        continue;
      }
    }
    for (uint32_t k = 0; k < set_pats.size(); ++k) {
      const auto& p = set_pats[k];
      const bool span = r.scope == Scope::span;
      if (!span) {
        gr.line_max_chars = std::max(gr.line_max_chars, r.max_chars);
        im.line_max_chars = std::max(im.line_max_chars, r.max_chars);
        if (r.scope != Scope::block) im.line_patterns.push_back({i, k});
      }
      if (options.prefilter) {
        const auto& lits = literals[i][k];
        if (!lits.empty()) {
          const auto value = static_cast<uint32_t>(im.prefiltered.size());
          im.prefiltered.push_back({i, k, static_cast<uint8_t>(g), span});
          tier_input.push_back({value, span ? kAnyLength : r.max_chars, &lits});
          im.prefiltered_spans = im.prefiltered_spans || span;
          ++gr.prefiltered;
          continue;
        }
      }
      Entry en{set_text(r, p), i, r.max_chars, p.pos};
      if (span)
        so.spans.push_back(std::move(en));
      else
        (anchoring(p.text).start ? so.anchored : so.floating).push_back(std::move(en));
    }
  }

  std::vector<uint32_t> lit_aboves;
  {
    std::vector<uint32_t> maxes;
    for (const auto& t : tier_input) maxes.push_back(t.max_chars);
    lit_aboves = tier_aboves(std::move(maxes));
  }
  im.literal_tier_count = lit_aboves.size();
  im.literal_tiers = std::make_unique<Impl::LiteralTier[]>(lit_aboves.size());
  for (size_t t = 0; t < lit_aboves.size(); ++t) {
    LiteralMatcher& m = im.literal_tiers[t].matcher;
    im.literal_tiers[t].above = lit_aboves[t];
    for (const auto& in : tier_input)
      if (in.max_chars > lit_aboves[t] || lit_aboves[t] == 0)
        for (const auto& l : *in.literals) m.add(l, in.value);
  }
  tier_input.clear();
  literals.clear();
  all_literals.clear();
  auto fill = [&](RuleSet& rs, const std::vector<Entry>& entries, uint32_t above) {
    rs.above = above;
    for (const auto& en : entries)
      if (en.max_chars > above || above == 0) {
        rs.texts.push_back(en.text);
        rs.rule.push_back(en.rule);
        rs.max_chars = std::max(rs.max_chars, en.max_chars);
      }
  };
  // Every Set of the groups compiled now, for the parallel jobs below.
  std::vector<RuleSet*> sets;
  for (size_t g = 0; g < kGroups; ++g) {
    Group& gr = im.groups[g];
    Sorted& so = sorted[g];
    // Anchored: contiguous chunks in rule order, of about equal pattern
    // text.
    const size_t chunks = std::min<size_t>({g == 0 ? kAnchoredChunks : 1, so.anchored.size(),
                                            (so.anchored.size() + kAnchoredPerChunk - 1) / kAnchoredPerChunk});
    size_t total = 0;
    for (const auto& en : so.anchored) total += en.text.size();
    gr.anchored.resize(chunks);
    size_t k = 0, acc = 0;
    std::vector<Entry> part;
    for (size_t j = 0; j < so.anchored.size(); ++j) {
      part.push_back(so.anchored[j]);
      acc += so.anchored[j].text.size();
      if (k + 1 < chunks && acc * chunks >= total * (k + 1)) {
        fill(gr.anchored[k++], part, 0);
        part.clear();
      }
    }
    if (chunks) fill(gr.anchored[k], part, 0);
    for (auto& a : gr.anchored) a.anchored = true;
    // Floating tiers.
    std::vector<uint32_t> limits;
    for (const auto& en : so.floating) limits.push_back(en.max_chars);
    const std::vector<uint32_t> aboves = tier_aboves(std::move(limits));
    gr.tiers.resize(so.floating.empty() ? 0 : aboves.size());
    for (size_t t = 0; t < gr.tiers.size(); ++t) fill(gr.tiers[t], so.floating, aboves[t]);
    fill(gr.span, so.spans, 0);
    if (g > 0 && !gr.empty()) im.gated = true;
    gr.lazy = g > 0 && options.lazy_builtin && so.all_builtin;
    if (gr.lazy) continue;
    for (auto& a : gr.anchored) sets.push_back(&a);
    for (auto& t : gr.tiers) sets.push_back(&t);
    if (!gr.span.texts.empty()) sets.push_back(&gr.span);
  }

  // The Sets (one job each) and the rules' own RE2s (one job per rule), on
  // as many threads as there are cores: RE2 compiles each program alone.
  std::vector<bool> set_failed(sets.size(), false);
  // Set::Add errors belong to the rule whose pattern it was.
  std::vector<std::pair<uint32_t, Diagnostic>> add_errors;
  std::mutex add_mutex;
  auto build_set = [&](size_t k) {
    RuleSet& rs = *sets[k];
    if (rs.texts.empty()) return;
    std::vector<std::pair<size_t, std::string>> bad;
    set_failed[k] = !compile_set(rs, options.set_max_mem, &bad);
    std::lock_guard<std::mutex> lock(add_mutex);
    for (const auto& [j, err] : bad) {
      const Rule& r = im.rules[rs.rule[j]];
      // Find the pattern's position for the message.
      SourcePos pos;
      const auto& pats = set_patterns(r);
      for (const auto& p : pats)
        if (rs.texts[j] == set_text(r, p)) pos = p.pos;
      add_errors.push_back({rs.rule[j], {pos, label(r) + "invalid regex: " + err, false}});
    }
  };
  // Job 0 builds the prefilter's short-line automaton beside them.
  parallel_for(1 + sets.size() + nrules, threads, [&](size_t job) {
    if (job == 0) {
      im.tier(0);
      return;
    }
    if (job <= sets.size()) {
      build_set(job - 1);
      return;
    }
    size_t i = job - 1 - sets.size();
    const Rule& r = im.rules[i];
    CompiledRule& c = im.compiled[i];
    if (options.lazy_builtin && r.builtin) {
      c.lazy = true;  // an inactive one is never compiled
      const size_t n = set_patterns(r).size();
      c.single.resize(n);
      c.single_once = std::make_unique<std::once_flag[]>(n);
      c.single_error.resize(n);
      return;
    }
    compile_rule(r, c, rule_diags[i], options.max_program_size);
  });
  std::sort(add_errors.begin(), add_errors.end(), [](const auto& a, const auto& b) {
    const SourcePos &x = a.second.pos, &y = b.second.pos;
    return std::tie(a.first, x.line, x.column) < std::tie(b.first, y.line, y.column);
  });
  for (auto& [rule, d] : add_errors) set_diags[rule].push_back(std::move(d));

  // Diagnostics in rule order, as a sequential compile would give them: a
  // rule's own errors, then (until the first error) its Set errors.
  bool ok = true;
  for (uint32_t i = 0; i < nrules; ++i) {
    for (auto& d : rule_diags[i]) diagnostics.push_back(std::move(d));
    ok = ok && rule_diags[i].empty();
    if (!ok || !im.active[i]) continue;
    ++im.active_count;
    for (auto& d : set_diags[i]) diagnostics.push_back(std::move(d));
    ok = ok && set_diags[i].empty();
  }
  if (!ok) return nullptr;
  for (size_t k = 0; k < sets.size(); ++k) {
    if (!set_failed[k]) continue;
    bool span = false;
    for (size_t g = 0; g < kGroups; ++g) span = span || sets[k] == &im.groups[g].span;
    Diagnostic d;
    d.message = span ? "the span rules are too large for the RE2 memory budget"
                     : "the rule set is too large for the RE2 memory budget";
    diagnostics.push_back(std::move(d));
    return nullptr;
  }
  return e;
}

namespace {

struct Span {
  size_t begin, end;
  uint32_t rule;
};

// Appends the rules of the Set's entries that match `text` to `rules_hit`.
// Most lines match nothing, so a cheap "any match?" (no match list to
// allocate, stops at the first match) runs first.
bool set_match(const RuleSet& rs, std::string_view text, std::vector<int>& hits,
               std::vector<uint32_t>& rules_hit, std::string* error) {
  if (!rs.set) return true;
  re2::StringPiece sp(text.data(), text.size());
  RE2::Set::ErrorInfo info{};
  bool& in_set = re2_watch::in_set();
  in_set = true;
  bool matched = rs.set->Match(sp, nullptr, &info);
  if (matched) {
    hits.clear();
    matched = rs.set->Match(sp, &hits, &info);
  }
  in_set = false;
  if (!matched) {
    if (info.kind == RE2::Set::kNoError) return true;
    if (error)
      *error = info.kind == RE2::Set::kOutOfMemory
                   ? "RE2 ran out of memory matching the rule set (raise the budget)"
                   : "RE2 failed matching the rule set";
    return false;
  }
  for (int h : hits) rules_hit.push_back(rs.rule[h]);
  return true;
}

bool is_ascii(std::string_view text) {
  unsigned char any = 0;
  for (char c : text) any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

// Per-thread buffers reused from one document to the next, unless it had
// more than kKeptScratchLines lines (a million: about 120 MB of text in the
// bench corpus).
constexpr size_t kKeptScratchLines = size_t{1} << 20;
// The non-blank lines a tail without max_lines takes at most.
constexpr uint32_t kTailLines = 100;
struct Scratch {
  std::vector<int16_t> owners16;  // one of the two is used, by the rule count
  std::vector<int32_t> owners32;
  std::vector<std::pair<size_t, uint32_t>> block_starts, tail_starts;
  struct Range {
    size_t first, last;  // lines
    uint32_t rule;
  };
  std::vector<Range> blocks;
  std::vector<Span> spans, rule_spans;
  std::vector<int> hits;
  std::vector<uint32_t> rules_hit;
  std::vector<bool> blank;  // a bit a line
  std::string folded;
  std::vector<uint32_t> prefiltered;  // the line's prefilter hits
  // The `all` groups the line's prefilter hits cover: (rule, bits), in
  // rule order.
  std::vector<std::pair<uint32_t, uint8_t>> also_seen;
  // Blocks: per block rule with a start in the document, how far its end
  // patterns have been tried (Engine::match_lines).
  struct EndCursor {
    uint32_t rule;
    size_t next;     // the first line not yet tried
    size_t nb_next;  // non-blank lines before `next`
    size_t end;      // the end line found at or after some start (n: none yet)
    size_t nb_end;   // non-blank lines before `end`, plus one (it)
  };
  std::vector<EndCursor> end_cursors;
  std::vector<StructureRun> structure_runs;
};

// Every match of rule r's patterns in `text` (a line starting at byte
// `off` of the document) no longer than max_chars.
void find_spans(const CompiledRule& c, const Rule& rule, uint32_t r, std::string_view text,
                size_t off, std::vector<Span>& out) {
  re2::StringPiece sp(text.data(), text.size());
  for (const auto& re : c.patterns) {
    size_t pos = 0;
    re2::StringPiece m;
    while (pos <= text.size() && re->Match(sp, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
      size_t b = static_cast<size_t>(m.data() - text.data());
      size_t e = b + m.size();
      if (e > b && count_chars(text.substr(b, e - b)) <= rule.max_chars)
        out.push_back({off + b, off + e, r});
      pos = e > b ? e : e + 1;
    }
  }
}

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

EditList Engine::match(const Document& doc, const MatchOptions& opts, std::string* error) const {
  const size_t n = doc.line_count();
  if (n == 0 || impl_->active_count == 0) return {};
  // The per-line arrays are kept for the next document, but not a huge
  // one's: they would stay beside the outputs it is printed into.
  struct Release {
    size_t n;
    ~Release() {
      if (n > kKeptScratchLines) scratch() = Scratch();
    }
  } release{n};
  if (impl_->rules.size() < kNarrowRules && !impl_->wide_owners)
    return match_lines(doc, opts, error, scratch().owners16);
  return match_lines(doc, opts, error, scratch().owners32);
}

template <class Owner>
EditList Engine::match_lines(const Document& doc, const MatchOptions& opts, std::string* error,
                             std::vector<Owner>& removed) const {
  const Impl& im = *impl_;
  const size_t n = doc.line_count();
  EditList edits;
  Scratch& s = scratch();
  constexpr Owner kNone = kNoneOf<Owner>, kNear = kNearOf<Owner>;
  using Unsigned = std::make_unsigned_t<Owner>;
  // One value a line, which the steps below refine: first the line-scope
  // hit (the first line rule that matched); then blocks and tails overwrite
  // it with their owner; then near_removed rules mark the lines they may
  // take with their rule plus kNear; after near_removed every value is the
  // rule that removes the line whole, or kNone. One array, not one per step: a
  // document of 1.6 million lines has 3.3 MB of it.
  removed.assign(n, kNone);
  // Removed by the rule it holds (not a near_removed candidate, not kNone).
  auto rem = [&](size_t i) {
    return static_cast<Unsigned>(removed[i]) < static_cast<Unsigned>(kNear);
  };
  bool any_near = false;
  auto& block_starts = s.block_starts;
  auto& tail_starts = s.tail_starts;
  block_starts.clear();
  tail_starts.clear();
  std::vector<Span>& spans = s.spans;
  spans.clear();
  std::vector<int>& hits = s.hits;
  std::vector<uint32_t>& rules_hit = s.rules_hit;
  std::vector<bool>& blank = s.blank;
  blank.assign(n, false);
  // The groups this document needs: group 0, and each script group whose
  // script it holds.
  const Group* used[kGroups];
  size_t nused = 0;
  unsigned used_mask = 0;  // bit g: group g is used
  const uint8_t present = im.gated ? scripts_in(doc.bytes()) : 0;
  for (size_t g = 0; g < kGroups; ++g) {
    const Group& gr = im.groups[g];
    if (gr.empty() || (g > 0 && !(present & gr.script))) continue;
    if (!im.ready(g, error)) return {};
    used[nused++] = &gr;
    used_mask |= 1u << g;
  }
  std::vector<uint32_t>& pf_hits = s.prefiltered;
  uint64_t& scanned = re2_watch::scanned();  // for the thrashing test


  for (size_t i = 0; i < n; ++i) {
    std::string_view text = doc.text(i);
    scanned += text.size() + 1;
    std::string_view t = trim(text);
    if (t.empty()) {
      blank[i] = true;
      continue;
    }

    // max_chars counts characters, not bytes: a line of 11 Japanese
    // characters is 33 bytes. A UTF-8 character is at most 4 bytes, so a
    // line of more than 4 * line_max_chars bytes is too long for any rule
    // and is not counted.
    const size_t chars =
        t.size() <= 4 * size_t{im.line_max_chars} ? count_chars(t) : t.size();
    // The prefilter's hits on this line: patterns that may match it.
    pf_hits.clear();
    if (!im.prefiltered.empty() && (chars <= im.line_max_chars || im.prefiltered_spans)) {
      const LiteralMatcher& lits = im.tier(chars);
      auto hit = [&](uint32_t v) {
        if (used_mask & (1u << im.prefiltered[v].group)) pf_hits.push_back(v);
      };
      if (!lits.empty()) {
        if (is_ascii(text)) {  // scan() folds ASCII itself
          lits.scan(text, hit);
        } else {
          s.folded.clear();
          fold(text, s.folded);
          lits.scan(s.folded, hit);
        }
      }
      if (pf_hits.size() > 1) {
        std::sort(pf_hits.begin(), pf_hits.end());
        pf_hits.erase(std::unique(pf_hits.begin(), pf_hits.end()), pf_hits.end());
      }
    }
    // Which `all` groups of which rules the line holds literals of. A
    // rule's entries have consecutive values, so its hits are adjacent.
    auto& also_seen = s.also_seen;
    also_seen.clear();
    if (im.any_also)
      for (uint32_t v : pf_hits) {
        const Prefiltered& pf = im.prefiltered[v];
        if (!pf.also) continue;
        if (also_seen.empty() || also_seen.back().first != pf.rule) also_seen.push_back({pf.rule, 0});
        also_seen.back().second |= static_cast<uint8_t>(1u << pf.pattern);
      }
    // False when rule r needs a literal of an `all` group this line lacks.
    auto groups_present = [&](uint32_t r) {
      const uint8_t need = im.any_also ? im.also_need[r] : 0;
      if (!need) return true;
      auto it = std::lower_bound(also_seen.begin(), also_seen.end(), std::make_pair(r, uint8_t{0}));
      return it != also_seen.end() && it->first == r && (it->second & need) == need;
    };
    rules_hit.clear();
    for (uint32_t v : pf_hits) {
      const Prefiltered& pf = im.prefiltered[v];
      const Rule& rule = im.rules[pf.rule];
      if (pf.span || pf.also || chars > rule.max_chars || !im.allowed(pf.rule, opts) ||
          !groups_present(pf.rule))
        continue;
      if (!rules_hit.empty() && rules_hit.back() == pf.rule) continue;  // another pattern hit
      const RE2* re = im.set_pattern(pf.rule, pf.pattern, error);
      if (!re) return {};
      if (RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re))
        rules_hit.push_back(pf.rule);
    }
    for (size_t u = 0; u < nused; ++u) {
      const Group& gr = *used[u];
      if (chars > gr.line_max_chars) continue;
      for (const auto& a : gr.anchored)
        if (chars <= a.max_chars && !set_match(a, text, hits, rules_hit, error)) return {};
      if (!gr.tiers.empty()) {
        size_t k = gr.tiers.size() - 1;
        while (k > 0 && gr.tiers[k].above >= chars) --k;
        if (!set_match(gr.tiers[k], text, hits, rules_hit, error)) return {};
      }
    }
    if (!rules_hit.empty()) {
      // In rule order, each rule once: as one Set of all patterns gave them.
      std::sort(rules_hit.begin(), rules_hit.end());
      rules_hit.erase(std::unique(rules_hit.begin(), rules_hit.end()), rules_hit.end());
      for (uint32_t r : rules_hit) {
        const Rule& rule = im.rules[r];
        if (!im.allowed(r, opts) || chars > rule.max_chars || !groups_present(r)) continue;
        const CompiledRule* c = im.res(r, error);
        if (!c) return {};
        if (any_match(c->unless, text) || !all_match(c->all, text)) continue;
        switch (rule.scope) {
          case Scope::line:  // near_removed rules are in no Set (see below)
            if (!rem(i)) removed[i] = static_cast<Owner>(r);
            break;
          case Scope::block:
            block_starts.emplace_back(i, r);
            break;
          case Scope::tail:
            tail_starts.emplace_back(i, r);
            break;
          case Scope::span:
            break;
        }
      }
    }

    const size_t off = static_cast<size_t>(text.data() - doc.bytes().data());
    // Span rules that may match: from the span Sets and the prefilter.
    rules_hit.clear();
    for (size_t u = 0; u < nused; ++u) {
      const Group& gr = *used[u];
      for (uint32_t r : gr.span_direct) {
        if (!im.allowed(r, opts) || !groups_present(r)) continue;
        const CompiledRule* c = im.res(r, error);
        if (!c) return {};
        s.rule_spans.clear();
        find_spans(*c, im.rules[r], r, text, off, s.rule_spans);
        if (!s.rule_spans.empty() && !any_match(c->unless, text) && all_match(c->all, text))
          spans.insert(spans.end(), s.rule_spans.begin(), s.rule_spans.end());
      }
      if (gr.span.set && !set_match(gr.span, text, hits, rules_hit, error)) return {};
    }
    for (uint32_t v : pf_hits)
      if (im.prefiltered[v].span && !im.prefiltered[v].also) rules_hit.push_back(im.prefiltered[v].rule);
    if (rules_hit.size() > 1) {
      std::sort(rules_hit.begin(), rules_hit.end());
      rules_hit.erase(std::unique(rules_hit.begin(), rules_hit.end()), rules_hit.end());
    }
    for (uint32_t r : rules_hit) {
      if (!im.allowed(r, opts) || !groups_present(r)) continue;
      const CompiledRule* c = im.res(r, error);
      if (!c) return {};
      if (any_match(c->unless, text) || !all_match(c->all, text)) continue;
      find_spans(*c, im.rules[r], r, text, off, spans);
    }
  }
  uint64_t& steps = pass_steps();
  // Blocks: from a start line through the first end line within max_lines
  // non-blank lines. A block that finds no end removes nothing. The starts
  // come in line order, so the blocks found do not overlap. Linear whatever
  // max_lines says: each block rule's end patterns are tried on a line at
  // most once per document (its cursor only moves forward, and no further
  // than the window of the latest start), and the non-blank lines between
  // two points are counted as the cursors move, not by walking back.
  auto& blocks = s.blocks;
  blocks.clear();
  if (!block_starts.empty()) {
    auto& cursors = s.end_cursors;
    cursors.clear();
    size_t next_free = 0;
    size_t g = 0, g_nb = 0;  // the start cursor: non-blank lines before line g
    for (auto [i, r] : block_starts) {
      for (; g < i; ++g) {
        ++steps;
        g_nb += !blank[g];
      }
      if (i < next_free) continue;
      const Rule& rule = im.rules[r];
      const CompiledRule* c = im.res(r, error);
      if (!c) return {};
      auto cur = std::find_if(cursors.begin(), cursors.end(),
                              [&](const Scratch::EndCursor& e) { return e.rule == r; });
      if (cur == cursors.end()) cur = cursors.insert(cursors.end(), {r, 0, 0, n, 0});
      if (cur->end != n && cur->end <= i) cur->end = n;  // behind this start
      if (cur->next <= i) {  // line i (non-blank) is the window's first
        cur->next = i + 1;
        cur->nb_next = g_nb + 1;
      }
      // An end j qualifies when lines i..j hold at most max_lines non-blank
      // lines: nb(j + 1) <= nb(i) + max_lines.
      const size_t limit = g_nb + rule.max_lines;
      while (cur->end == n && cur->next < n) {
        ++steps;
        const size_t j = cur->next;
        if (blank[j]) {
          ++cur->next;
          continue;
        }
        if (cur->nb_next + 1 > limit) break;  // beyond this start's window
        ++cur->next;
        ++cur->nb_next;
        if (any_match(c->end, doc.text(j))) {
          cur->end = j;
          cur->nb_end = cur->nb_next;
        }
      }
      if (cur->end == n || cur->nb_end > limit) continue;
      blocks.push_back({i, cur->end, r});
      next_free = cur->end + 1;
    }
  }

  // Tails: a start line in the last part of the document takes the lines
  // after it while they go on like a list (blank lines, removed lines,
  // headline-like lines: Structure::continues_tail), at
  // most max_lines non-blank lines in all. So a tail ends where its rail
  // does, never at the end of a long document or in the next document of
  // a file of several. Tails do not overlap; each line is walked once.
  if (!tail_starts.empty()) {
    const double size = static_cast<double>(doc.bytes().size());
    size_t next_free = 0;
    for (auto [i, r] : tail_starts) {
      if (i < next_free) continue;
      const Rule& rule = im.rules[r];
      if (static_cast<double>(doc.line(i).begin) < (1.0 - rule.last_fraction) * size) continue;
      const uint32_t limit = rule.max_lines ? rule.max_lines : kTailLines;
      size_t last = i;
      uint32_t count = 1, items = 0;
      for (size_t k = i + 1; k < n && count < limit; ++k) {
        ++steps;
        if (blank[k]) continue;
        const bool item = !rem(k);
        if (item && !(im.structure ? im.structure->continues_tail(doc.text(k))
                                   : Structure::plain_tail(trim(doc.text(k)))))
          break;
        items += item;
        ++count;
        last = k;
      }
      // One headline after the heading is no list: it may be the title of
      // the next document in a file of several. The heading goes alone.
      if (items == 1) last = i;
      for (size_t k = i; k <= last; ++k) removed[k] = static_cast<Owner>(r);
      next_free = last + 1;
    }
  }
  // A block's owner comes before a tail's and both before the lines' own
  // hits, so the blocks are written last.
  for (const auto& b : blocks)
    for (size_t k = b.first; k <= b.last; ++k) removed[k] = static_cast<Owner>(b.rule);

  // Spans: drop those on removed lines, merge overlaps (the earlier rule
  // keeps the bytes), and let a line that keeps only white space go whole.
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.rule < b.rule;
  });
  std::vector<Span> kept_spans;
  for (size_t s = 0; s < spans.size();) {
    size_t line = doc.line_of(spans[s].begin);
    size_t e = s;
    while (e < spans.size() && spans[e].begin < doc.line(line).end) ++e;
    if (!rem(line)) {
      std::vector<Span> merged;
      for (size_t k = s; k < e; ++k) {
        if (!merged.empty() && spans[k].begin <= merged.back().end) {
          merged.back().end = std::max(merged.back().end, spans[k].end);
        } else {
          merged.push_back(spans[k]);
        }
      }
      // Is anything but white space left on the line?
      std::string_view bytes = doc.bytes();
      const Line l = doc.line(line);
      std::string rest;
      size_t pos = l.text_begin;
      for (const auto& m : merged) {
        rest.append(bytes.substr(pos, m.begin - pos));
        pos = m.end;
      }
      rest.append(bytes.substr(pos, l.text_end - pos));
      if (trim(rest).empty())
        removed[line] = static_cast<Owner>(merged.front().rule);
      else
        kept_spans.insert(kept_spans.end(), merged.begin(), merged.end());
    }
    s = e;
  }

  // The near_removed rules, tried on a line only when a chain from a
  // removed line reaches it: from each removed line outwards, over blank
  // lines and candidates, until a line that is neither (or the next
  // removed line). A line no chain reaches could not go, so it is not
  // tried; each line is tried at most twice (once from each side), so this
  // stays linear. The first rule in rule order that takes the line owns
  // it, as a Set would have found it.
  if (!im.near.empty()) {
    bool failed = false;  // a lazy rule's pattern did not compile: `error` says which
    auto try_near = [&](size_t j) -> bool {  // true: line j is a candidate now
      if (removed[j] != kNone) return removed[j] >= kNear;
      const std::string_view text = doc.text(j);
      const std::string_view t = trim(text);
      for (const Impl::Near& nr : im.near) {
        if (nr.script != 0 && !(present & nr.script)) continue;
        const Rule& rule = im.rules[nr.rule];
        if (!im.allowed(nr.rule, opts)) continue;
        if (t.size() > 4 * size_t{rule.max_chars} || count_chars(t) > rule.max_chars) continue;
        bool hit = false;
        for (uint32_t k = 0; k < rule.patterns.size() && !hit; ++k) {
          const RE2* re = im.set_pattern(nr.rule, k, error);
          if (!re) return !(failed = true);
          hit = RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re);
        }
        if (!hit) continue;
        const CompiledRule* c = im.res(nr.rule, error);
        if (!c) return !(failed = true);
        if (any_match(c->unless, text) || !all_match(c->all, text)) continue;
        removed[j] = static_cast<Owner>(nr.rule + kNear);
        any_near = true;
        return true;
      }
      return false;
    };
    for (size_t i = 0; i < n; ++i) {
      if (blank[i] || !rem(i)) continue;
      for (size_t j = i + 1; j < n; ++j) {
        ++steps;
        if (blank[j]) continue;
        if (rem(j) || !try_near(j)) break;
      }
      for (size_t j = i; j-- > 0;) {
        ++steps;
        if (blank[j]) continue;
        if (rem(j) || !try_near(j)) break;
      }
    }
    if (failed) return {};
  }

  // near_removed: a candidate goes when the neighbouring non-blank line
  // does, and each one that goes can pull in the next. So a run of
  // candidates (consecutive non-blank lines, each a candidate still kept)
  // goes whole when the non-blank line just before or just after it is
  // removed, and stays whole otherwise: one pass over the lines.
  // A candidate that stays becomes kNone.
  if (any_near) {
    auto candidate = [&](size_t i) { return removed[i] >= kNear; };
    // min_run first: a candidate whose rule asks for a run of N is dropped
    // when its run of candidates (consecutive lines, no blank between) is
    // shorter. The chaining below then sees only the candidates that stay.
    if (im.any_min_run) {
      for (size_t i = 0; i < n;) {
        if (blank[i] || !candidate(i)) {
          ++i;
          continue;
        }
        size_t j = i;
        while (j < n && !blank[j] && candidate(j)) ++j;
        for (size_t k = i; k < j; ++k)
          if (im.rules[static_cast<size_t>(removed[k] - kNear)].min_run > j - i) removed[k] = kNone;
        i = j;
      }
    }
    bool before_removed = false;  // the non-blank line before line i
    for (size_t i = 0; i < n;) {
      if (blank[i] || !candidate(i)) {
        if (!blank[i]) before_removed = rem(i);
        ++i;
        continue;
      }
      size_t j = i;  // the run: [i, j), blank lines within it included
      while (j < n && (blank[j] || candidate(j))) ++j;
      const bool goes = before_removed || (j < n && rem(j));
      for (size_t k = i; k < j; ++k)
        if (!blank[k]) removed[k] = goes ? static_cast<Owner>(removed[k] - kNear) : kNone;
      i = j;  // line j (if any) is not blank: the next turn reads it
    }
  }

  // The structure pass: runs of link-like lines the rules left
  // (core/structure.hpp), each owned by structure/link-run or share-bar.
  auto& runs = s.structure_runs;
  runs.clear();
  if (im.structure) {
    auto on = [&](int r) {
      return r >= 0 && im.active[r] && im.allowed(static_cast<uint32_t>(r), opts) ? r : -1;
    };
    const int link = on(im.link_rule), share = on(im.share_rule);
    if (link >= 0 || share >= 0) {
      im.structure->find(
          doc, blank,
          [&](size_t i) -> uint8_t {
            if (!rem(i)) return Structure::kKept;
            return im.rail_heading[static_cast<size_t>(removed[i])] ? Structure::kRemovedRelated
                                                                    : Structure::kRemovedOther;
          },
          link, share, runs);
      for (const auto& run : runs)
        for (size_t k = run.first; k <= run.last; ++k) removed[k] = static_cast<Owner>(run.rule);
    }
  }

  // Orphaned blank lines. A gap (the blank lines between two non-blank
  // lines, or before the first, or after the last) goes when it would
  // otherwise add to a run of blank lines: between two removals; after a
  // removal that followed a blank line or began the document; before a
  // removal that runs to the end. One pass, no per-line array: what a gap
  // needs to know of the lines before it is carried along, and "runs to the
  // end" is "after the last non-blank line that stays".
  {
    size_t last_kept = n;  // the last non-blank line that stays (n: none)
    for (size_t i = n; i-- > 0;)
      if (!blank[i] && !rem(i)) {
        last_kept = i;
        break;
      }
    auto reaches_end = [&](size_t i) { return last_kept == n || i > last_kept; };
    auto drop = [&](size_t begin, size_t end, Owner owner) {
      for (size_t i = begin; i < end; ++i)
        if (removed[i] == kNone) removed[i] = owner;
    };
    size_t prev = n;                // the last non-blank line before the gap (n: none)
    bool prev_after_gap = false;    // prev is removed, in a run that began at the
                                    // start or after blank lines
    for (size_t i = 0; i < n;) {
      size_t j = i;
      while (j < n && blank[j]) ++j;  // the gap is [i, j); j is non-blank or n
      if (j > i) {
        if (prev == n) {
          if (j < n && reaches_end(j)) drop(i, j, removed[j]);
        } else if (j == n) {
          if (rem(prev)) drop(i, j, removed[prev]);
        } else if (rem(prev) && (rem(j) || prev_after_gap)) {
          drop(i, j, removed[prev]);
        } else if (!rem(prev) && rem(j) && reaches_end(j)) {
          drop(i, j, removed[j]);
        }
      }
      if (j == n) break;
      if (!rem(j))
        prev_after_gap = false;
      else if (prev == n || !rem(prev))
        prev_after_gap = prev == n || j > i;
      // else: the run goes on, and so does what began it
      prev = j;
      i = j + 1;
    }
  }

  // The edit list, in input order.
  size_t sp = 0;
  size_t rp = 0;  // the structure run an edit may hold
  for (size_t i = 0; i < n;) {
    const Line li = doc.line(i);
    if (removed[i] != kNone) {
      size_t j = i;
      while (j + 1 < n && removed[j + 1] == removed[i]) ++j;
      // A byte-order mark stays even when the first line goes.
      size_t begin = i == 0 ? li.text_begin : li.begin;
      edits.push_back({begin, doc.line(j).end, static_cast<uint32_t>(removed[i]),
                       static_cast<uint32_t>(i), static_cast<uint32_t>(j),
                       begin == li.begin});
      if (!runs.empty() && im.rules[static_cast<size_t>(removed[i])].structure) {
        while (rp < runs.size() && runs[rp].last < i) ++rp;
        if (rp < runs.size() && runs[rp].first <= j) {
          edits.back().why = runs[rp].why;
          edits.back().why_stop = runs[rp].stop;
        }
      }
      i = j + 1;
      continue;
    }
    while (sp < kept_spans.size() && kept_spans[sp].begin < li.begin) ++sp;
    while (sp < kept_spans.size() && kept_spans[sp].begin < li.end) {
      const Span& s = kept_spans[sp++];
      edits.push_back({s.begin, s.end, s.rule, static_cast<uint32_t>(i),
                       static_cast<uint32_t>(i), false});
    }
    ++i;
  }
  return edits;
}

std::string apply_edits(std::string_view input, const EditList& edits) {
  std::string out;
  out.reserve(input.size() - removed_bytes(edits));
  for_each_kept(input, edits, [&](std::string_view piece) { out.append(piece); });
  return out;
}

size_t removed_bytes(const EditList& edits) {
  size_t n = 0;
  for (const auto& e : edits) n += e.end - e.begin;
  return n;
}

}  // namespace decruft
