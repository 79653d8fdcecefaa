// decruft review: one self-contained HTML page for reviewers.
//
// The page needs no network: its style, script and data are inline. The data
// is one JSON object in a <script type="application/json"> element; the
// script draws the charts (inline SVG) and renders the removals lazily (a
// few rule groups and examples at a time, more on demand), so a page made
// from 10,000 documents opens quickly. All text reaches the page through
// JSON and is put into the DOM as text nodes, never as markup; invalid UTF-8
// shows as U+FFFD.
//
// What is embedded, per rule: a seeded random sample of its distinct
// removed texts across the whole corpus (--sample N, --seed S: the N texts
// whose seeded hash is smallest, so the sample does not favour the first
// documents in path order), and beside it the riskiest N/2 (the removals a
// reviewer must see first: those that look like prose, those in documents
// flagged over-removal or held back, those taken by context — block, tail,
// near_removed — and the longest). The same text removed from many
// documents is one example with its count and the first kPlaces documents,
// and a line or two of context. Counts (hits, documents, bytes) are always
// complete; they equal `decruft stats` and the --report of `decruft clean`
// with the same options.
//
// With --compare OLD the documents are cleaned by both rule sets too, and
// the page shows the removals the current rules add (some of their
// non-blank bytes the old rules kept) and those they take away, grouped by
// the rule that made them: the diff of two rule sets, which is what a
// reviewer signs.
//
//   data = {"version":"0.1.0","inputs":["corpus/"],"sample":50,"seed":1,
//     "totals":{"documents":3,"changed":2,"removals":6,"bytes_in":6891,"bytes_removed":1427,
//               "over-removal":1,"held-back":0,"truncated":0,"binary":0,"failed":0},
//     "categories":[{"name":"paywall","hits":1,"docs":1,"bytes":217}],
//     "rules":[{"id":"en/paywall/verify-access","category":"paywall","file":"rules/en/paywall.toml",
//               "line":4,"builtin":1,"hits":1,"docs":1,"bytes":217,"unshown":0,
//               "examples":[{"n":1,"d":1,"at":[[0,17]],"b":"before","r":"removed","a":"after",
//                            "cut":0,"risk":["prose","context"],"sampled":1}]}],
//     "docs":["nytimes-paywall.txt"],                       // referenced by "at" and "flagged"
//     "flagged":[{"doc":0,"share":0.443,"bytes_in":2336,"bytes_removed":1034,
//                 "flags":["over-removal"]}], "flagged_unshown":0,
//     "source_dir":"/src/decruft",                          // where built-in rule files live
//     "compare":{"old":"old-rules/","added":{"removals":2,"rules":[...as "rules"...]},
//                "taken":{"removals":1,"rules":[...]},"same":5}}     // only with --compare
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <unordered_map>

#include "cli/corpus.hpp"
#include "util/json.hpp"

namespace decruft::cli {

namespace {

constexpr size_t kPlaces = 5;          // documents listed per example
constexpr size_t kContextBytes = 300;  // context kept on each side of a removal
constexpr size_t kRemovedBytes = 1200; // removed text kept per example
constexpr size_t kFlagged = 5000;      // flagged documents embedded
constexpr int kContextLines = 3;       // lines looked at for context on each side

extern const char* const kPageHead;
extern const char* const kPageTail;

// The last `n` bytes of `s`, not starting inside a UTF-8 sequence.
std::string_view last_bytes(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  size_t from = s.size() - n;
  while (from < s.size() && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) ++from;
  return s.substr(from);
}
// The first `n` bytes of `s`, not ending inside a UTF-8 sequence.
std::string_view first_bytes(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// One removal as the page shows it.
struct Snippet {
  uint32_t rule = 0;
  uint32_t line = 0;      // 1-based first line
  size_t key = 0;         // hash of the whole removed text: equal texts group
  size_t length = 0;      // bytes removed
  unsigned risk = 0;      // Risk bits
  std::string before, removed, after;
};

// Why a removal is shown before the random sample, most telling first.
enum Risk : unsigned { kProse = 1, kInFlagged = 2, kContext = 4, kLong = 8 };
constexpr const char* kRiskNames[] = {"prose", "flagged", "context", "long"};
// A removal of this many bytes, or of this many non-blank lines, is long.
constexpr size_t kLongBytes = 300;
constexpr int kLongLines = 3;
// A removed line this long that ends a sentence looks like prose.
constexpr size_t kProseChars = 80;

unsigned risk_score(unsigned risk) {  // prose and flagged weigh twice
  return 2 * !!(risk & kProse) + 2 * !!(risk & kInFlagged) + !!(risk & kContext) + !!(risk & kLong);
}

// The risk bits of one removal: its text, its rule, its document's flags.
unsigned risk_of(std::string_view removed, const Rule& rule, bool flagged_doc) {
  unsigned risk = 0;
  if (flagged_doc) risk |= kInFlagged;
  if (rule.scope == Scope::block || rule.scope == Scope::tail || rule.near_removed) risk |= kContext;
  int lines = 0;
  size_t pos = 0;
  while (pos <= removed.size()) {
    size_t nl = removed.find('\n', pos);
    std::string_view line = removed.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    if (!line.empty()) {
      ++lines;
      size_t chars = 0;
      for (unsigned char c : line) chars += (c & 0xC0) != 0x80;
      bool sentence = line.back() == '.' || line.back() == '!' || line.back() == '?' ||
                      (line.size() >= 3 && line.substr(line.size() - 3) == "\xE3\x80\x82");
      if (chars >= kProseChars && sentence) risk |= kProse;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (removed.size() >= kLongBytes || lines >= kLongLines) risk |= kLong;
  return risk;
}

// A 64-bit mix (splitmix64's finaliser): the seeded rank of a text.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

struct DocResult {
  DocSummary summary;
  std::vector<Snippet> snippets;
  std::vector<Snippet> added, taken;  // --compare: by the current and the old rules
  size_t same = 0;                    // --compare: removals both make
};

// The removal with its context: lines before it back to (and including) the
// nearest non-blank one, at most kContextLines; the same after it.
Snippet make_snippet(const Document& doc, const Edit& e, const Rule& rule, bool flagged_doc) {
  Snippet s;
  s.rule = e.rule;
  s.line = e.first_line + 1;
  std::string_view bytes = doc.bytes(), removed = bytes.substr(e.begin, e.end - e.begin);
  // Removals that differ only in the blank lines around them (an orphaned
  // blank line goes with all but the last "Advertisement") are one example.
  std::string_view core = removed;
  while (!core.empty() && std::isspace(static_cast<unsigned char>(core.front()))) core.remove_prefix(1);
  while (!core.empty() && std::isspace(static_cast<unsigned char>(core.back()))) core.remove_suffix(1);
  s.key = std::hash<std::string_view>()(core);
  s.length = removed.size();
  s.risk = risk_of(removed, rule, flagged_doc);
  size_t first = e.first_line;
  for (int k = 0; k < kContextLines && first > 0; ++k)
    if (!doc.is_blank(--first)) break;
  // After it: the rest of its last line, then lines up to the next non-blank one.
  size_t last = e.last_line, n = doc.line_count();
  for (int k = 0; k < kContextLines && last + 1 < n; ++k)
    if (!doc.is_blank(++last)) break;
  size_t ctx_begin = doc.line(first).begin;
  size_t ctx_end = std::max(e.end, doc.line(last).text_end);
  s.before = last_bytes(bytes.substr(ctx_begin, e.begin - ctx_begin), kContextBytes);
  s.removed = first_bytes(removed, kRemovedBytes);
  s.after = first_bytes(bytes.substr(e.end, ctx_end - e.end), kContextBytes);
  return s;
}

struct Example {
  size_t count = 0, docs = 0, last_doc = SIZE_MAX;
  std::vector<std::pair<uint32_t, uint32_t>> at;  // (page document, line)
  Snippet snippet;
  uint64_t rank = 0;        // seeded: the random sample keeps the smallest
  bool sampled = false, risky = false;
};

// The examples of one rule: the `sample` distinct texts of smallest seeded
// rank, and the `sample / 2` of highest risk (then smallest rank). Both
// orders are fixed per text, so a text that leaves a pool never comes back
// and every kept example's counts are complete.
struct RuleExamples {
  std::unordered_map<size_t, Example> by_key;  // snippet key -> example
  std::set<std::pair<uint64_t, size_t>> sample;            // (rank, key)
  std::set<std::pair<std::pair<unsigned, uint64_t>, size_t>> risky;  // ((-score, rank), key)
  size_t unshown = 0;  // removals whose text is not among the embedded examples

  static std::pair<unsigned, uint64_t> risk_rank(const Example& ex) {
    return {~risk_score(ex.snippet.risk), ex.rank};
  }

  // Adds one removal of document `index`; `page_doc` names it on the page.
  template <class PageDoc>
  void add(Snippet&& s, size_t index, size_t sample_size, uint64_t seed, PageDoc&& page_doc) {
    uint32_t line = s.line;
    auto it = by_key.find(s.key);
    if (it == by_key.end()) {
      Example ex;
      ex.rank = mix(s.key ^ mix(seed));
      ex.snippet = std::move(s);
      size_t risky_size = std::max<size_t>(1, sample_size / 2);
      bool to_sample = sample.size() < sample_size || ex.rank < sample.rbegin()->first;
      auto rr = risk_rank(ex);
      bool to_risky = ex.snippet.risk &&
                      (risky.size() < risky_size || rr < risky.rbegin()->first);
      if (!to_sample && !to_risky) {
        ++unshown;
        return;
      }
      size_t key = ex.snippet.key;
      it = by_key.emplace(key, std::move(ex)).first;
      if (to_sample) {
        it->second.sampled = true;
        sample.emplace(it->second.rank, key);
        if (sample.size() > sample_size) {
          size_t out = sample.rbegin()->second;
          sample.erase(std::prev(sample.end()));
          by_key[out].sampled = false;
          drop_if_unused(out);
        }
      }
      if (to_risky) {
        it->second.risky = true;
        risky.emplace(rr, key);
        if (risky.size() > risky_size) {
          size_t out = risky.rbegin()->second;
          risky.erase(std::prev(risky.end()));
          by_key[out].risky = false;
          drop_if_unused(out);
        }
      }
      it = by_key.find(key);
      if (it == by_key.end()) {  // it went out again at once
        ++unshown;
        return;
      }
    }
    Example& ex = it->second;
    ++ex.count;
    if (ex.last_doc != index) {
      ex.last_doc = index;
      ++ex.docs;
      if (ex.at.size() < kPlaces) ex.at.emplace_back(page_doc(index), line);
    }
  }

  void drop_if_unused(size_t key) {
    auto it = by_key.find(key);
    if (it == by_key.end() || it->second.sampled || it->second.risky) return;
    unshown += it->second.count;
    by_key.erase(it);
  }

  // The riskiest first (by score, then rank), then the sample by rank.
  std::vector<const Example*> ordered() const {
    std::vector<const Example*> out;
    for (const auto& [rank, key] : risky) out.push_back(&by_key.at(key));
    for (const auto& [rank, key] : sample) {
      const Example& ex = by_key.at(key);
      if (!ex.risky) out.push_back(&ex);
    }
    return out;
  }
};

// Per-rule counts and examples of removals one rule set makes and the
// other does not (review --compare).
struct Change {
  std::vector<Tally::Count> counts;  // by rule index of its engine
  std::vector<RuleExamples> examples;
  size_t removals = 0;
  explicit Change(size_t rules) : counts(rules), examples(rules) {}
};

struct Flagged {
  uint32_t doc;
  DocSummary summary;
};

struct Review {
  const Engine& engine;
  const Engine* old;               // --compare: the old rule set
  std::vector<std::string> paths;  // the inputs' names, by input index
  size_t sample_size;
  uint64_t seed;
  Tally tally;
  std::vector<RuleExamples> rules;
  Change added, taken;  // --compare: by rule of `engine`, and of `old`
  size_t same = 0;
  std::vector<std::string> docs;                // the page's document table
  std::unordered_map<size_t, uint32_t> doc_id;  // input index -> page document
  std::vector<Flagged> flagged;
  size_t flagged_unshown = 0;

  Review(const Engine& e, const Engine* o, std::vector<std::string> p, const Options& opt)
      : engine(e), old(o), paths(std::move(p)), sample_size(opt.sample), seed(opt.seed),
        tally(e), rules(e.rules().size()), added(e.rules().size()),
        taken(o ? o->rules().size() : 0) {}

  uint32_t page_doc(size_t index) {
    auto [it, added] = doc_id.emplace(index, static_cast<uint32_t>(docs.size()));
    if (added) docs.push_back(paths[index]);
    return it->second;
  }

  void add_change(Change& ch, size_t index, std::vector<Snippet>& snippets) {
    std::vector<uint32_t> seen;
    for (auto& s : snippets) {
      Tally::Count& c = ch.counts[s.rule];
      ++c.hits;
      c.bytes += s.length;
      if (std::find(seen.begin(), seen.end(), s.rule) == seen.end()) {
        seen.push_back(s.rule);
        ++c.docs;
      }
      ++ch.removals;
      ch.examples[s.rule].add(std::move(s), index, sample_size, seed,
                              [&](size_t i) { return page_doc(i); });
    }
  }

  // Called in input order (the counts are complete whatever the order, and
  // the samples depend only on the texts and the seed).
  void add(size_t index, DocResult& r) {
    tally.add(r.summary);
    if (r.summary.outcome != Outcome::cleaned) return;
    for (auto& s : r.snippets)
      rules[s.rule].add(std::move(s), index, sample_size, seed,
                        [&](size_t i) { return page_doc(i); });
    add_change(added, index, r.added);
    add_change(taken, index, r.taken);
    same += r.same;
    const DocSummary& d = r.summary;
    if (d.over_removal || d.held_back || d.truncated) {
      if (flagged.size() < kFlagged)
        flagged.push_back({page_doc(index), std::move(r.summary)});
      else
        ++flagged_unshown;
    }
  }
};

// Whether some non-blank byte of e is outside every edit of `other` (sorted,
// disjoint): the removal is one `other` does not make.
bool beyond(std::string_view bytes, const Edit& e, const EditList& other) {
  auto it = std::lower_bound(other.begin(), other.end(), e.begin,
                             [](const Edit& x, size_t pos) { return x.end <= pos; });
  size_t pos = e.begin;
  while (pos < e.end) {
    size_t gap_end = it != other.end() ? std::min(e.end, std::max(pos, it->begin)) : e.end;
    for (size_t k = pos; k < gap_end; ++k)
      if (!std::isspace(static_cast<unsigned char>(bytes[k]))) return true;
    if (it == other.end() || it->begin >= e.end) break;
    pos = std::max(gap_end, std::min(e.end, it->end));
    ++it;
  }
  return false;
}

void jstr(std::string& out, std::string_view s) { util::json_string(out, s); }
void jnum(std::string& out, const char* key, size_t n) {
  out += ",\"";
  out += key;
  out += "\":" + std::to_string(n);
}

// The rules `order` names, with their counts and examples, as a JSON array.
void rules_json(std::string& out, const std::vector<Rule>& rules, const std::vector<uint32_t>& order,
                const std::vector<Tally::Count>& counts, const std::vector<RuleExamples>& examples) {
  out += '[';
  bool first = true;
  for (uint32_t i : order) {
    const Rule& r = rules[i];
    const auto& n = counts[i];
    out += first ? "{\"id\":" : ",{\"id\":";
    first = false;
    jstr(out, r.full_id);
    out += ",\"category\":";
    jstr(out, category_name(r.category));
    out += ",\"file\":";
    jstr(out, r.pos.file);
    jnum(out, "line", r.pos.line);
    jnum(out, "builtin", r.builtin ? 1 : 0);
    jnum(out, "hits", n.hits);
    jnum(out, "docs", n.docs);
    jnum(out, "bytes", n.bytes);
    jnum(out, "unshown", examples[i].unshown);
    out += ",\"examples\":[";
    bool first_ex = true;
    for (const Example* ex : examples[i].ordered()) {
      out += first_ex ? "{\"n\":" : ",{\"n\":";
      first_ex = false;
      out += std::to_string(ex->count);
      jnum(out, "d", ex->docs);
      out += ",\"at\":[";
      for (size_t k = 0; k < ex->at.size(); ++k)
        out += (k ? ",[" : "[") + std::to_string(ex->at[k].first) + "," +
               std::to_string(ex->at[k].second) + "]";
      out += "],\"b\":";
      jstr(out, ex->snippet.before);
      out += ",\"r\":";
      jstr(out, ex->snippet.removed);
      out += ",\"a\":";
      jstr(out, ex->snippet.after);
      jnum(out, "cut", ex->snippet.length - ex->snippet.removed.size());
      out += ",\"risk\":[";
      bool first_risk = true;
      for (unsigned bit = 0; bit < 4; ++bit)
        if (ex->risky && (ex->snippet.risk & (1u << bit))) {
          out += first_risk ? "\"" : ",\"";
          first_risk = false;
          out += kRiskNames[bit];
          out += '"';
        }
      out += ']';
      jnum(out, "sampled", ex->sampled ? 1 : 0);
      out += '}';
    }
    out += "]}";
  }
  out += ']';
}

// Rules of a Change with hits, most first (then by id).
std::vector<uint32_t> changed_rules(const Change& ch, const std::vector<Rule>& rules) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < ch.counts.size(); ++i)
    if (ch.counts[i].hits) out.push_back(i);
  std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
    if (ch.counts[a].hits != ch.counts[b].hits) return ch.counts[a].hits > ch.counts[b].hits;
    return rules[a].full_id < rules[b].full_id;
  });
  return out;
}

std::string page_data(const Review& rv, const Options& o) {
  const Tally& t = rv.tally;
  const auto& rules = rv.engine.rules();
  std::string out = "{\"version\":";
  jstr(out, DECRUFT_VERSION);
  out += ",\"inputs\":[";
  for (size_t i = 0; i < o.paths.size(); ++i) {
    if (i) out += ',';
    jstr(out, o.paths[i]);
  }
  size_t removals = 0;
  for (const auto& c : t.categories) removals += c.hits;
  out += "],\"totals\":{\"documents\":" + std::to_string(t.documents);
  jnum(out, "changed", t.changed);
  jnum(out, "removals", removals);
  jnum(out, "bytes_in", t.bytes_in);
  jnum(out, "bytes_removed", t.bytes_removed);
  jnum(out, "over-removal", t.over_removal);
  jnum(out, "held-back", t.held_back);
  jnum(out, "truncated", t.truncated);
  jnum(out, "binary", t.binary);
  jnum(out, "failed", t.failed);
  out += "},\"categories\":[";
  bool first = true;
  for (Category c : t.fired_categories()) {
    const auto& n = t.categories[static_cast<size_t>(c)];
    out += first ? "{\"name\":" : ",{\"name\":";
    first = false;
    jstr(out, category_name(c));
    jnum(out, "hits", n.hits);
    jnum(out, "docs", n.docs);
    jnum(out, "bytes", n.bytes);
    out += '}';
  }
  out += "],\"rules\":";
  rules_json(out, rules, t.fired(), t.rules, rv.rules);
  out += ",\"docs\":[";
  for (size_t i = 0; i < rv.docs.size(); ++i) {
    if (i) out += ',';
    jstr(out, rv.docs[i]);
  }
  out += "],\"flagged\":[";
  for (size_t i = 0; i < rv.flagged.size(); ++i) {
    const auto& f = rv.flagged[i];
    char share[32];
    std::snprintf(share, sizeof share, "%.4f", f.summary.share());
    out += (i ? ",{\"doc\":" : "{\"doc\":") + std::to_string(f.doc) + ",\"share\":" + share;
    jnum(out, "bytes_in", f.summary.bytes_in);
    jnum(out, "bytes_removed", f.summary.bytes_removed);
    out += ",\"flags\":[";
    std::string flags;
    if (f.summary.over_removal) flags += ",\"over-removal\"";
    if (f.summary.held_back) flags += ",\"held-back\"";
    if (f.summary.truncated) flags += ",\"truncated\"";
    out += flags.empty() ? "" : flags.substr(1);
    out += "]}";
  }
  out += "]";
  jnum(out, "flagged_unshown", rv.flagged_unshown);
  jnum(out, "sample", rv.sample_size);
  out += ",\"seed\":" + std::to_string(rv.seed);
#ifdef DECRUFT_SOURCE_DIR
  out += ",\"source_dir\":";
  jstr(out, DECRUFT_SOURCE_DIR);
#endif
  if (rv.old) {
    out += ",\"compare\":{\"old\":";
    jstr(out, o.compare);
    out += ",\"added\":{\"removals\":" + std::to_string(rv.added.removals) + ",\"rules\":";
    rules_json(out, rules, changed_rules(rv.added, rules), rv.added.counts, rv.added.examples);
    out += "},\"taken\":{\"removals\":" + std::to_string(rv.taken.removals) + ",\"rules\":";
    const auto& old_rules = rv.old->rules();
    rules_json(out, old_rules, changed_rules(rv.taken, old_rules), rv.taken.counts,
               rv.taken.examples);
    out += "}";
    jnum(out, "same", rv.same);
    out += "}";
  }
  out += "}";
  // '<' only occurs inside JSON strings; as \u003c it cannot close the
  // <script> element or open a comment, whatever the documents hold.
  std::string safe;
  safe.reserve(out.size() + out.size() / 16);
  for (char c : out) {
    if (c == '<')
      safe += "\\u003c";
    else
      safe += c;
  }
  return safe;
}

}  // namespace

int cmd_review(const Options& o) {
  if (o.output.empty()) {
    complain("review: -o FILE is required (the HTML page to write)");
    return kUsage;
  }
  if (o.paths.empty()) {
    complain("review: no input; name files or folders (- for standard input)");
    return kUsage;
  }
  auto engine = load_engine(o);
  if (!engine) return kUsage;
  // --compare OLD: the old rule set is OLD alone ("builtin": the built-in
  // rules alone), with the same --enable/--disable.
  std::unique_ptr<Engine> old;
  if (!o.compare.empty()) {
    Options oo = o;
    oo.rule_paths.clear();
    oo.no_default_rules = o.compare != "builtin";
    if (o.compare != "builtin") oo.rule_paths.push_back(o.compare);
    old = load_engine(oo);
    if (!old) {
      complain("review: --compare " + o.compare + ": the old rules did not load (above)");
      return kUsage;
    }
  }
  size_t walk_failures = 0;
  std::vector<InputFile> inputs = corpus_inputs(o, walk_failures);
  if (!output_spares_inputs(o.output, "the review page", inputs)) return kUsage;
  std::vector<std::string> names;
  for (const auto& in : inputs) names.push_back(in.rel);
  Review review(*engine, old.get(), std::move(names), o);
  review.tally.failed = walk_failures;
  std::mutex err_mutex;
  scan_in_order<DocResult>(
      o.jobs, inputs.size(),
      [&](size_t i, DocResult& r) {
        r.summary.outcome =
            clean_input(*engine, o, inputs[i], err_mutex, [&](const Document& doc, const Cleaned& c) {
              r.summary.set(doc, c);
              const auto& rules = engine->rules();
              bool flagged_doc = c.over_removal || c.held_back;
              for (const auto& e : c.edits)
                r.snippets.push_back(make_snippet(doc, e, rules[e.rule], flagged_doc));
              if (!old) return;
              Cleaned oc = clean_document(*old, o, doc, site_for(o, inputs[i].rel));
              bool old_flagged = oc.over_removal || oc.held_back;
              for (const auto& e : c.edits) {
                if (beyond(doc.bytes(), e, oc.edits))
                  r.added.push_back(make_snippet(doc, e, rules[e.rule], flagged_doc));
                else
                  ++r.same;
              }
              for (const auto& e : oc.edits)
                if (beyond(doc.bytes(), e, c.edits))
                  r.taken.push_back(make_snippet(doc, e, old->rules()[e.rule], old_flagged));
            });
      },
      [&](size_t i, DocResult& r) { review.add(i, r); }, !o.quiet && util::is_terminal(2));

  std::string page = kPageHead;
  page += page_data(review, o);
  page += kPageTail;
  std::string err;
  if (!util::write_file_atomic(o.output, page, err)) {
    complain(o.output + ": " + err);
    return kInputFailed;
  }
  if (!o.quiet) {
    const Tally& t = review.tally;
    std::fprintf(stderr,
                 "decruft: %s: %zu documents (%zu changed), %zu rules fired; flagged: %zu "
                 "over-removal, %zu held back, %zu truncated; %zu binary skipped, %zu failed\n",
                 o.output.c_str(), t.documents, t.changed, t.fired().size(), t.over_removal,
                 t.held_back, t.truncated, t.binary, t.failed);
  }
  return review.tally.failed ? kInputFailed : kOk;
}

namespace {

const char* const kPageHead = R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>decruft review</title>
<style>
:root { --fg:#1d2125; --muted:#5f6b76; --line:#dde2e7; --bg:#f6f7f9; --accent:#2f6fad;
        --mark:#ffd7d5; --markfg:#8a1111; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
header { background:#fff; border-bottom:1px solid var(--line); padding:14px 24px; }
h1 { font-size:20px; margin:0 0 4px; } h2 { font-size:16px; margin:0 0 10px; }
h3 { font-size:14px; margin:0; font-family:ui-monospace,Menlo,Consolas,monospace; }
main { padding:16px 24px; max-width:1400px; }
.muted { color:var(--muted); }
#totals { display:flex; flex-wrap:wrap; gap:8px; margin:10px 0 0; padding:0; }
#totals div { background:var(--bg); border:1px solid var(--line); border-radius:6px; padding:6px 12px; min-width:110px; }
#totals dt { font-size:11px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
#totals dd { margin:0; font-size:18px; font-weight:600; }
#totals div.warn dd { color:#a3460a; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:14px 16px; margin:0 0 16px; }
.charts { display:grid; grid-template-columns:1fr 1fr; gap:16px; }
@media (max-width:900px) { .charts { grid-template-columns:1fr; } }
svg text { font-size:12px; fill:var(--fg); } svg .val { fill:var(--muted); }
svg .bar { fill:var(--accent); cursor:pointer; } svg .bar.sel { fill:#c0392b; } svg g:hover .bar { opacity:.8; }
#filters { position:sticky; top:0; z-index:2; display:flex; flex-wrap:wrap; gap:10px; align-items:center; }
#filters select, #filters input { font:inherit; padding:5px 8px; border:1px solid var(--line); border-radius:5px; background:#fff; }
#filters input { flex:1; min-width:220px; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12px; color:var(--muted); font-weight:600; }
td.n, th.n { text-align:right; font-variant-numeric:tabular-nums; }
tr.rule-row { cursor:pointer; } tr.rule-row:hover { background:#f0f5fb; }
td.id, td.where { font-family:ui-monospace,Menlo,Consolas,monospace; font-size:12.5px; }
a { color:var(--accent); }
.rule { border-top:1px solid var(--line); padding:12px 0; }
.rule .meta { font-size:12.5px; margin:2px 0 8px; }
.cat { display:inline-block; font-size:11px; padding:1px 7px; border-radius:9px; background:#e8eef5; color:#2a4a6b; margin-left:6px; font-family:system-ui,sans-serif; }
.ex { margin:0 0 10px; }
.ex .where { font-size:12px; color:var(--muted); margin-bottom:2px; }
.ex pre { margin:0; padding:8px 10px; background:var(--bg); border:1px solid var(--line); border-radius:5px;
          white-space:pre-wrap; word-break:break-word; font:12.5px/1.45 ui-monospace,Menlo,Consolas,monospace; max-height:320px; overflow:auto; }
.ex .ctx { color:var(--muted); }
mark { background:var(--mark); color:var(--markfg); text-decoration:line-through; text-decoration-color:rgba(138,17,17,.35); border-radius:2px; }
button { font:inherit; font-size:12.5px; padding:4px 10px; border:1px solid var(--line); border-radius:5px; background:#fff; color:var(--accent); cursor:pointer; }
button:hover { background:#f0f5fb; }
.flag { display:inline-block; font-size:11px; padding:1px 7px; border-radius:9px; background:#fde9d9; color:#8a3a06; margin-right:4px; }
.note { font-size:12.5px; color:var(--muted); margin:4px 0; }
.risk { display:inline-block; font-size:11px; padding:1px 7px; border-radius:9px; background:#f7e3f3; color:#7a1d63; margin-right:4px; }
.ws { color:#9aa5b1; }
.verdict { font-size:11.5px; padding:1px 8px; margin-left:6px; }
.verdict.on.right { background:#dff3e4; color:#17622d; border-color:#9fd3ae; }
.verdict.on.wrong { background:#fde2e1; color:#8a1111; border-color:#f0a9a6; }
#v-toml { width:100%; margin-top:8px; font:12.5px/1.45 ui-monospace,Menlo,Consolas,monospace; }
.doclink { background:none; border:none; padding:0; color:var(--accent); text-decoration:underline; font-family:ui-monospace,Menlo,Consolas,monospace; font-size:12.5px; }
</style>
</head>
<body>
<header>
<h1>decruft review</h1>
<div class="muted" id="subtitle"></div>
<dl id="totals"></dl>
<noscript><p>This page draws its charts and lists with JavaScript (inline, no network); please enable it.</p></noscript>
</header>
<main>
<div class="charts">
<section class="card"><h2>Removals per category</h2><div id="chart-categories"></div></section>
<section class="card"><h2>Removals per rule <span class="muted" id="rule-chart-note"></span></h2><div id="chart-rules"></div></section>
</div>
<section class="card" id="filters">
<label>Category <select id="f-category"><option value="">all</option></select></label>
<label>Rule <select id="f-rule"><option value="">all</option></select></label>
<input id="f-text" type="search" placeholder="Filter removals by text or document…">
<span class="muted" id="f-count"></span>
</section>
<section class="card"><h2>Rules</h2>
<table id="rules"><thead><tr><th>rule</th><th>category</th><th class="n">hits</th><th class="n">documents</th><th class="n">bytes</th><th>defined at</th></tr></thead><tbody></tbody></table>
</section>
<section class="card" id="compare-card" hidden><h2 id="compare-title">Rule change</h2><div id="compare"></div></section>
<section class="card"><h2>Removals by rule</h2>
<p class="note" id="sample-note"></p><div id="groups"></div></section>
<section class="card"><h2>Flagged documents</h2><div id="flagged"></div></section>
<section class="card" id="verdicts-card"><h2>Verdicts</h2>
<p class="note">Mark removals <strong>right</strong> or <strong>wrong</strong> above; each marked removal becomes a
<code>remove</code> or <code>keep</code> example of its rule, to paste into the rule's table in its file
(or download), so that a wrong removal becomes a test of the rule.</p>
<div><button id="v-download">Download verdicts.toml</button> <button id="v-copy">Copy</button>
<span class="muted" id="v-count">No verdicts yet.</span></div>
<textarea id="v-toml" readonly rows="10" spellcheck="false"></textarea></section>
</main>
<script type="application/json" id="data">)HTML";

const char* const kPageTail = R"HTML(</script>
<script>
"use strict";
(function () {
  const t0 = performance.now();
  const D = JSON.parse(document.getElementById("data").textContent);
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const fmt = (n) => n.toLocaleString("en-US");
  const pct = (x) => (100 * x).toFixed(1) + "%";
  const count = (n, word) => fmt(n) + " " + word + (n === 1 ? "" : "s");
  // Elements are built from text nodes only: nothing from the data is markup.
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === "class") e.className = attrs[k];
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
    return e;
  }
  function svg(tag, attrs, ...kids) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    for (const kid of kids) e.append(kid);
    return e;
  }
  const state = { category: "", rule: "", text: "", groupsShown: 15, flaggedShown: 50 };

  // ---- summary
  const T = D.totals;
  $("subtitle").textContent = "decruft " + D.version + " \u2014 " + D.inputs.join(", ");
  const share = T.bytes_in ? T.bytes_removed / T.bytes_in : 0;
  const totals = [
    ["documents", "documents", fmt(T.documents)], ["changed", "changed", fmt(T.changed)],
    ["removals", "removals", fmt(T.removals)],
    ["bytes_removed", "bytes removed", fmt(T.bytes_removed) + " (" + pct(share) + ")"],
    ["over-removal", "over-removal", fmt(T["over-removal"])],
    ["held-back", "held back", fmt(T["held-back"])], ["truncated", "truncated", fmt(T.truncated)],
    ["binary", "binary skipped", fmt(T.binary)], ["failed", "failed", fmt(T.failed)]];
  for (const [key, label, value] of totals) {
    const warn = ["over-removal", "held-back", "truncated", "failed"].includes(key) && T[key] > 0;
    $("totals").append(el("div", { class: warn ? "warn" : "", "data-key": key },
                          el("dt", null, label), el("dd", null, value)));
  }

  // ---- charts: horizontal bars, click to filter
  function barChart(target, items, selected, onpick) {
    target.textContent = "";
    if (!items.length) { target.append(el("p", { class: "muted" }, "Nothing removed.")); return; }
    const row = 22, labelW = 250, width = 620, barW = width - labelW - 70;
    const max = Math.max(...items.map((i) => i.value));
    const s = svg("svg", { viewBox: "0 0 " + width + " " + (items.length * row + 4), width: "100%",
                           role: "img", "aria-label": "bar chart" });
    items.forEach((it, k) => {
      const y = k * row + 2, w = Math.max(2, (barW * it.value) / max);
      const label = it.label.length > 38 ? "\u2026" + it.label.slice(-37) : it.label;
      const g = svg("g", { "data-key": it.key },
        svg("title", {}, it.label + ": " + fmt(it.value)),
        svg("text", { x: labelW - 6, y: y + 14, "text-anchor": "end" }, label),
        svg("rect", { class: "bar" + (it.key === selected ? " sel" : ""), x: labelW, y: y + 3,
                      width: w, height: row - 7, rx: 2 }),
        svg("text", { class: "val", x: labelW + w + 5, y: y + 14 }, fmt(it.value)));
      g.addEventListener("click", () => onpick(it.key));
      s.append(g);
    });
    target.append(s);
  }
  const ruleById = new Map(D.rules.map((r) => [r.id, r]));
  function drawCharts() {
    barChart($("chart-categories"),
             D.categories.map((c) => ({ key: c.name, label: c.name, value: c.hits })),
             state.category, (k) => setFilter(k === state.category ? "" : k, ""));
    const rules = D.rules.filter((r) => !state.category || r.category === state.category);
    const top = rules.slice(0, 25);
    $("rule-chart-note").textContent = rules.length > top.length
      ? "(top " + top.length + " of " + rules.length + ")" : "";
    barChart($("chart-rules"), top.map((r) => ({ key: r.id, label: r.id, value: r.hits })),
             state.rule, (k) => setFilter(state.category, k === state.rule ? "" : k));
  }

  // ---- filters
  const fCat = $("f-category"), fRule = $("f-rule"), fText = $("f-text");
  for (const c of D.categories) fCat.append(el("option", { value: c.name }, c.name + " (" + fmt(c.hits) + ")"));
  function fillRules() {
    fRule.length = 1;
    for (const r of D.rules)
      if (!state.category || r.category === state.category)
        fRule.append(el("option", { value: r.id }, r.id + " (" + fmt(r.hits) + ")"));
    fRule.value = state.rule;
  }
  function setFilter(category, rule) {
    state.category = category;
    state.rule = rule && (!category || ruleById.get(rule).category === category) ? rule : "";
    fCat.value = state.category;
    fillRules();
    state.groupsShown = 15;
    render();
  }
  // The filters live in the address (#category=..&rule=..&q=..), so a view
  // can be bookmarked or sent to someone.
  function saveFilters() {
    const p = new URLSearchParams();
    if (state.category) p.set("category", state.category);
    if (state.rule) p.set("rule", state.rule);
    if (state.text) p.set("q", state.text);
    history.replaceState(null, "", "#" + p.toString());
  }
  fCat.addEventListener("change", () => setFilter(fCat.value, ""));
  fRule.addEventListener("change", () => setFilter(state.category, fRule.value));
  let timer = 0;
  fText.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.text = fText.value.trim().toLowerCase(); state.groupsShown = 15; render(); }, 150);
  });

  // Lower-case search text of an example, made on the first search only.
  function haystack(ex) {
    if (ex._h === undefined)
      ex._h = (ex.b + "\u0000" + ex.r + "\u0000" + ex.a + "\u0000" +
               ex.at.map((p) => D.docs[p[0]]).join("\u0000")).toLowerCase();
    return ex._h;
  }
  function selectedRules() {
    return D.rules.filter((r) => (!state.category || r.category === state.category) &&
                                 (!state.rule || r.id === state.rule));
  }
  function matchingExamples(r) {
    if (!state.text || r.id.toLowerCase().includes(state.text)) return r.examples;
    return r.examples.filter((ex) => haystack(ex).includes(state.text));
  }

  // ---- rules table
  // A link to the rule file: "./" keeps a relative name from being read as
  // a scheme ("javascript:x.toml"); "#L<line>" is what code hosts understand.
  // A built-in rule lives in the source tree decruft was built from.
  function whereLink(r) {
    const builtin = r.builtin && D.source_dir;
    const file = builtin ? D.source_dir.replace(/\/$/, "") + "/" + r.file : r.file;
    const path = encodeURI(file).replace(/[#?]/g, encodeURIComponent);
    return el("a", { href: (file.startsWith("/") ? "file://" : "./") + path + "#L" + r.line,
                     title: builtin ? "built in: in the source tree at " + file : "where the rule is defined" },
              r.file + ":" + r.line + (r.builtin ? " (built in)" : ""));
  }
  function drawTable(rules) {
    const body = $("rules").tBodies[0];
    body.textContent = "";
    for (const r of rules)
      body.append(el("tr", { class: "rule-row", "data-rule": r.id, "data-category": r.category,
                             onclick: () => setFilter(state.category, r.id) },
        el("td", { class: "id" }, r.id), el("td", { class: "category" }, r.category),
        el("td", { class: "n hits" }, fmt(r.hits)), el("td", { class: "n docs" }, fmt(r.docs)),
        el("td", { class: "n bytes" }, fmt(r.bytes)), el("td", { class: "where" }, whereLink(r))));
  }

  // ---- removals grouped by rule, rendered a few at a time
  // White space alone would be an empty box: show it (\u00b7 space, \u2192 tab, \u21b5 line end).
  function removedNode(ex) {
    const removed = ex.cut ? ex.r + " \u2026 [" + fmt(ex.cut) + " more bytes]" : ex.r;
    if (removed.trim()) return el("mark", null, removed);
    const shown = removed.replace(/ /g, "\u00b7").replace(/\t/g, "\u2192").replace(/\r/g, "\u240d")
                         .replace(/\n/g, "\u21b5\n");
    return el("mark", { class: "ws", title: "white space only" }, shown);
  }
  // Verdicts: list ("main", "added", "taken") + rule + example -> "right" | "wrong".
  const verdicts = new Map();
  function verdictButtons(list, r, ex) {
    const key = list + "\u0000" + r.id + "\u0000" + r.examples.indexOf(ex);
    const box = el("span", { class: "verdicts" });
    for (const v of ["right", "wrong"]) {
      const b = el("button", { class: "verdict " + v, "data-verdict": v, type: "button",
                               title: v === "right" ? "a right removal: a remove example"
                                                    : "a wrong removal: a keep example" }, v);
      b.addEventListener("click", () => {
        if (verdicts.get(key) && verdicts.get(key).verdict === v) verdicts.delete(key);
        else verdicts.set(key, { verdict: v, rule: r, ex: ex });
        for (const o of box.children) o.classList.toggle("on", verdicts.has(key) && verdicts.get(key).verdict === o.dataset.verdict);
        drawVerdicts();
      });
      if (verdicts.has(key) && verdicts.get(key).verdict === v) b.classList.add("on");
      box.append(b);
    }
    return box;
  }
  function exampleNode(ex, r, list) {
    const places = ex.at.map((p) => D.docs[p[0]] + ":" + p[1]).join(", ");
    const more = ex.d > ex.at.length ? " and " + fmt(ex.d - ex.at.length) + " more" : "";
    const head = (ex.n > 1 ? "\u00d7" + fmt(ex.n) + " in " + count(ex.d, "document") + " \u2014 " : "") + places + more;
    return el("div", { class: "ex", "data-risk": (ex.risk || []).join(" ") },
              el("div", { class: "where" }, ...(ex.risk || []).map((k) => el("span", { class: "risk" }, k)),
                 head, verdictButtons(list, r, ex)),
              el("pre", null, el("span", { class: "ctx" }, ex.b), removedNode(ex),
                 el("span", { class: "ctx" }, ex.a)));
  }
  function groupNode(r, examples, which) {
    const list = el("div");
    let shown = 0;
    const moreBtn = el("button", null);
    function showMore(n) {
      for (const ex of examples.slice(shown, shown + n)) list.append(exampleNode(ex, r, which || "main"));
      shown = Math.min(examples.length, shown + n);
      moreBtn.textContent = "Show more (" + fmt(examples.length - shown) + " left)";
      moreBtn.hidden = shown >= examples.length;
    }
    moreBtn.addEventListener("click", () => showMore(20));
    showMore(3);
    const distinct = r.unshown ? r.examples.length + "+" : r.examples.length;
    return el("div", { class: "rule", "data-rule": r.id },
      el("h3", null, r.id, el("span", { class: "cat" }, r.category)),
      el("div", { class: "meta muted" },
         count(r.hits, "removal") + " in " + count(r.docs, "document") + ", " + count(r.bytes, "byte") +
         ", " + distinct + " distinct text" + (distinct === 1 ? "" : "s") + " \u2014 defined at ", whereLink(r)),
      list, moreBtn,
      r.unshown ? el("p", { class: "note" }, fmt(r.unshown) + " removals with further distinct texts are not embedded in this page (a sample of " + fmt(D.sample) + " per rule and the riskiest); run decruft diff to see all, or --sample N.") : null);
  }
  function drawGroups(rules) {
    const box = $("groups");
    box.textContent = "";
    const groups = [];
    let examples = 0;
    for (const r of rules) {
      const ex = matchingExamples(r);
      if (ex.length) { groups.push([r, ex]); examples += ex.length; }
    }
    $("f-count").textContent = fmt(groups.length) + " rules, " + fmt(examples) + " distinct removals shown";
    if (!groups.length) { box.append(el("p", { class: "muted" }, "No removals match.")); return; }
    for (const [r, ex] of groups.slice(0, state.groupsShown)) box.append(groupNode(r, ex));
    if (groups.length > state.groupsShown)
      box.append(el("button", { onclick: () => { state.groupsShown += 15; drawGroups(rules); } },
                    "Show more rules (" + fmt(groups.length - state.groupsShown) + " left)"));
  }

  // ---- flagged documents
  function drawFlagged() {
    const box = $("flagged");
    box.textContent = "";
    if (!D.flagged.length) { box.append(el("p", { class: "muted" }, "No document is flagged.")); return; }
    const rows = D.flagged.slice(0, state.flaggedShown).map((f) =>
      el("tr", { "data-doc": D.docs[f.doc] },
         el("td", { class: "id" }, el("button", { class: "doclink", type: "button",
            title: "show this document's removals", onclick: () => showDoc(D.docs[f.doc]) }, D.docs[f.doc])),
         el("td", { class: "n" }, pct(f.share)), el("td", { class: "n" }, fmt(f.bytes_removed)),
         el("td", { class: "n" }, fmt(f.bytes_in)),
         el("td", null, ...f.flags.map((x) => el("span", { class: "flag" }, x)))));
    box.append(el("table", null, el("thead", null, el("tr", null, el("th", null, "document"),
                    el("th", { class: "n" }, "removed share"), el("th", { class: "n" }, "bytes removed"),
                    el("th", { class: "n" }, "bytes in"), el("th", null, "flags"))),
                  el("tbody", null, ...rows)));
    if (D.flagged.length > state.flaggedShown)
      box.append(el("button", { onclick: () => { state.flaggedShown += 200; drawFlagged(); } },
                    "Show more (" + fmt(D.flagged.length - state.flaggedShown) + " left)"));
    if (D.flagged_unshown)
      box.append(el("p", { class: "note" }, fmt(D.flagged_unshown) + " more flagged documents are not embedded; see decruft stats or the --report of decruft clean."));
  }

  // A flagged document's removals: the text filter set to its name.
  function showDoc(name) {
    state.text = name.toLowerCase();
    fText.value = name;
    setFilter("", "");
    $("groups").scrollIntoView();
  }

  // ---- --compare: what the current rules add and take away
  function drawCompare() {
    const C = D.compare;
    if (!C) return;
    $("compare-card").hidden = false;
    $("compare-title").textContent = "Rule change against " + C.old;
    const box = $("compare");
    box.append(el("p", { class: "note", id: "compare-summary" },
      fmt(C.added.removals) + " removals added, " + fmt(C.taken.removals) + " taken away, " +
      fmt(C.same) + " unchanged (a removal is added when some of its non-blank bytes were kept by the old rules, taken away likewise)."));
    for (const [which, part, title] of [["added", C.added, "Added by the current rules"],
                                        ["taken", C.taken, "Taken away (made by the old rules only)"]]) {
      const sec = el("div", { id: "compare-" + which }, el("h2", null, title + " \u2014 " + count(part.removals, "removal")));
      if (!part.rules.length) sec.append(el("p", { class: "muted" }, "None."));
      for (const r of part.rules) sec.append(groupNode(r, r.examples, which));
      box.append(sec);
    }
  }

  // ---- verdicts as TOML examples
  function tomlString(text) {
    let out = "\"";
    for (const ch of text) {
      const c = ch.codePointAt(0);
      if (ch === "\\") out += "\\\\";
      else if (ch === "\"") out += "\\\"";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (ch === "\r") out += "\\r";
      else if (c < 0x20 || c === 0x7f) out += "\\u" + c.toString(16).padStart(4, "0");
      else out += ch;
    }
    return out + "\"";
  }
  function verdictToml() {
    const byRule = new Map();
    for (const v of verdicts.values()) {
      const id = v.rule.id;
      if (!byRule.has(id)) byRule.set(id, { rule: v.rule, remove: [], keep: [] });
      // right: the removed text must go; wrong: the removal in its context must stay.
      const text = v.verdict === "right" ? v.ex.r.trim() : (v.ex.b + v.ex.r + v.ex.a).trim();
      const list = byRule.get(id)[v.verdict === "right" ? "remove" : "keep"];
      if (text && !list.includes(text)) list.push(text);
    }
    const ids = [...byRule.keys()].sort();
    let out = "# Verdicts from decruft review (" + D.inputs.join(", ") + "): add each rule's lines to\n" +
              "# its remove/keep lists in the file named, then run decruft rules test.\n";
    for (const id of ids) {
      const g = byRule.get(id);
      out += "\n# " + id + " \u2014 " + g.rule.file + ":" + g.rule.line + "\n";
      for (const k of ["remove", "keep"])
        if (g[k].length) out += k + " = [\n" + g[k].map((t) => "  " + tomlString(t) + ",\n").join("") + "]\n";
    }
    return { text: out, rules: ids.length };
  }
  function drawVerdicts() {
    const t = verdictToml();
    $("v-toml").value = verdicts.size ? t.text : "";
    $("v-count").textContent = verdicts.size
      ? count(verdicts.size, "verdict") + " on " + count(t.rules, "rule") : "No verdicts yet.";
  }
  $("v-download").addEventListener("click", () => {
    const a = el("a", { href: URL.createObjectURL(new Blob([verdictToml().text], { type: "application/toml" })),
                        download: "verdicts.toml" });
    document.body.append(a); a.click(); a.remove();
  });
  $("v-copy").addEventListener("click", () => {
    $("v-toml").select();
    if (navigator.clipboard) navigator.clipboard.writeText($("v-toml").value).catch(() => document.execCommand("copy"));
    else document.execCommand("copy");
  });

  function render() {
    saveFilters();
    const rules = selectedRules();
    drawCharts();
    drawTable(rules);
    drawGroups(rules);
  }
  const saved = new URLSearchParams(location.hash.slice(1));
  if (D.categories.some((c) => c.name === saved.get("category"))) state.category = saved.get("category");
  if (ruleById.has(saved.get("rule"))) state.rule = saved.get("rule");
  state.text = (saved.get("q") || "").trim().toLowerCase();
  fCat.value = state.category;
  fText.value = state.text;
  $("sample-note").textContent = "Per rule: the riskiest removals first (prose-like, in flagged documents, " +
    "taken by context, long), then a random sample of " + fmt(D.sample) + " across documents (seed " + D.seed + ").";
  setFilter(state.category, state.rule);
  drawFlagged();
  drawCompare();
  drawVerdicts();
  document.documentElement.dataset.renderMs = Math.round(performance.now() - t0);
})();
</script>
</body>
</html>
)HTML";

}  // namespace

}  // namespace decruft::cli
