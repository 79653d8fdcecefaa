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
// What is embedded, per rule: up to kExamples distinct removed texts (the
// same text removed from many documents is one example with its count and
// the first kPlaces documents), each with a line or two of context. Counts
// (hits, documents, bytes) are always complete; they equal `decruft stats`
// and the --report of `decruft clean` with the same options.
//
//   data = {"version":"0.1.0","inputs":["corpus/"],
//     "totals":{"documents":3,"changed":2,"removals":6,"bytes_in":6891,"bytes_removed":1427,
//               "over-removal":1,"held-back":0,"truncated":0,"binary":0,"failed":0},
//     "categories":[{"name":"paywall","hits":1,"docs":1,"bytes":217}],
//     "rules":[{"id":"en/paywall/verify-access","category":"paywall","file":"rules/en/paywall.toml",
//               "line":4,"hits":1,"docs":1,"bytes":217,"unshown":0,
//               "examples":[{"n":1,"d":1,"at":[[0,17]],"b":"before","r":"removed","a":"after",
//                            "cut":0}]}],
//     "docs":["nytimes-paywall.txt"],                       // referenced by "at" and "flagged"
//     "flagged":[{"doc":0,"share":0.443,"bytes_in":2336,"bytes_removed":1034,
//                 "flags":["over-removal"]}], "flagged_unshown":0}
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "cli/corpus.hpp"
#include "util/json.hpp"

namespace decruft::cli {

namespace {

constexpr size_t kExamples = 100;      // distinct removed texts embedded per rule
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
  std::string before, removed, after;
};

struct DocResult {
  DocSummary summary;
  std::vector<Snippet> snippets;
};

// The removal with its context: lines before it back to (and including) the
// nearest non-blank one, at most kContextLines; the same after it.
Snippet make_snippet(const Document& doc, const Edit& e) {
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
};

struct RuleExamples {
  std::vector<Example> examples;
  std::unordered_map<size_t, size_t> by_key;  // snippet key -> example
  size_t unshown = 0;  // removals whose text is not among the embedded examples
};

struct Flagged {
  uint32_t doc;
  DocSummary summary;
};

struct Review {
  const Engine& engine;
  std::vector<std::string> paths;  // the inputs' names, by input index
  Tally tally;
  std::vector<RuleExamples> rules;
  std::vector<std::string> docs;                // the page's document table
  std::unordered_map<size_t, uint32_t> doc_id;  // input index -> page document
  std::vector<Flagged> flagged;
  size_t flagged_unshown = 0;

  Review(const Engine& e, std::vector<std::string> p)
      : engine(e), paths(std::move(p)), tally(e), rules(e.rules().size()) {}

  uint32_t page_doc(size_t index) {
    auto [it, added] = doc_id.emplace(index, static_cast<uint32_t>(docs.size()));
    if (added) docs.push_back(paths[index]);
    return it->second;
  }

  // Called in input order, so the first occurrence of a text is its example.
  void add(size_t index, DocResult& r) {
    tally.add(r.summary);
    if (r.summary.outcome != Outcome::cleaned) return;
    for (auto& s : r.snippets) {
      uint32_t line = s.line;
      RuleExamples& re = rules[s.rule];
      auto it = re.by_key.find(s.key);
      if (it == re.by_key.end()) {
        if (re.examples.size() >= kExamples) {
          ++re.unshown;
          continue;
        }
        it = re.by_key.emplace(s.key, re.examples.size()).first;
        re.examples.emplace_back();
        re.examples.back().snippet = std::move(s);
      }
      Example& ex = re.examples[it->second];
      ++ex.count;
      if (ex.last_doc != index) {
        ex.last_doc = index;
        ++ex.docs;
        if (ex.at.size() < kPlaces) ex.at.emplace_back(page_doc(index), line);
      }
    }
    const DocSummary& d = r.summary;
    if (d.over_removal || d.held_back || d.truncated) {
      if (flagged.size() < kFlagged)
        flagged.push_back({page_doc(index), std::move(r.summary)});
      else
        ++flagged_unshown;
    }
  }
};

void jstr(std::string& out, std::string_view s) { util::json_string(out, s); }
void jnum(std::string& out, const char* key, size_t n) {
  out += ",\"";
  out += key;
  out += "\":" + std::to_string(n);
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
  out += "],\"rules\":[";
  first = true;
  for (uint32_t i : t.fired()) {
    const Rule& r = rules[i];
    const auto& n = t.rules[i];
    out += first ? "{\"id\":" : ",{\"id\":";
    first = false;
    jstr(out, r.full_id);
    out += ",\"category\":";
    jstr(out, category_name(r.category));
    out += ",\"file\":";
    jstr(out, r.pos.file);
    jnum(out, "line", r.pos.line);
    jnum(out, "hits", n.hits);
    jnum(out, "docs", n.docs);
    jnum(out, "bytes", n.bytes);
    jnum(out, "unshown", rv.rules[i].unshown);
    out += ",\"examples\":[";
    bool first_ex = true;
    for (const auto& ex : rv.rules[i].examples) {
      out += first_ex ? "{\"n\":" : ",{\"n\":";
      first_ex = false;
      out += std::to_string(ex.count);
      jnum(out, "d", ex.docs);
      out += ",\"at\":[";
      for (size_t k = 0; k < ex.at.size(); ++k)
        out += (k ? ",[" : "[") + std::to_string(ex.at[k].first) + "," +
               std::to_string(ex.at[k].second) + "]";
      out += "],\"b\":";
      jstr(out, ex.snippet.before);
      out += ",\"r\":";
      jstr(out, ex.snippet.removed);
      out += ",\"a\":";
      jstr(out, ex.snippet.after);
      jnum(out, "cut", ex.snippet.length - ex.snippet.removed.size());
      out += '}';
    }
    out += "]}";
  }
  out += "],\"docs\":[";
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
  size_t walk_failures = 0;
  std::vector<InputFile> inputs = corpus_inputs(o, walk_failures);
  if (!output_spares_inputs(o.output, "the review page", inputs)) return kUsage;
  std::vector<std::string> names;
  for (const auto& in : inputs) names.push_back(in.rel);
  Review review(*engine, std::move(names));
  review.tally.failed = walk_failures;
  std::mutex err_mutex;
  scan_in_order<DocResult>(
      o.jobs, inputs.size(),
      [&](size_t i, DocResult& r) {
        r.summary.outcome =
            clean_input(*engine, o, inputs[i], err_mutex, [&](const Document& doc, const Cleaned& c) {
              r.summary.set(doc, c);
              for (const auto& e : c.edits) r.snippets.push_back(make_snippet(doc, e));
            });
      },
      [&](size_t i, DocResult& r) { review.add(i, r); });

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
<section class="card"><h2>Removals by rule</h2><div id="groups"></div></section>
<section class="card"><h2>Flagged documents</h2><div id="flagged"></div></section>
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
  function whereLink(r) {
    const path = encodeURI(r.file).replace(/[#?]/g, encodeURIComponent);
    return el("a", { href: (r.file.startsWith("/") ? "file://" : "./") + path + "#L" + r.line,
                     title: "where the rule is defined" }, r.file + ":" + r.line);
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
  function exampleNode(ex) {
    const places = ex.at.map((p) => D.docs[p[0]] + ":" + p[1]).join(", ");
    const more = ex.d > ex.at.length ? " and " + fmt(ex.d - ex.at.length) + " more" : "";
    const head = (ex.n > 1 ? "\u00d7" + fmt(ex.n) + " in " + count(ex.d, "document") + " \u2014 " : "") + places + more;
    const removed = ex.cut ? ex.r + " \u2026 [" + fmt(ex.cut) + " more bytes]" : ex.r;
    return el("div", { class: "ex" }, el("div", { class: "where" }, head),
              el("pre", null, el("span", { class: "ctx" }, ex.b), el("mark", null, removed),
                 el("span", { class: "ctx" }, ex.a)));
  }
  function groupNode(r, examples) {
    const list = el("div");
    let shown = 0;
    const moreBtn = el("button", null);
    function showMore(n) {
      for (const ex of examples.slice(shown, shown + n)) list.append(exampleNode(ex));
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
      r.unshown ? el("p", { class: "note" }, fmt(r.unshown) + " removals with further distinct texts are not embedded in this page (at most " + r.examples.length + " per rule); run decruft diff to see all.") : null);
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
      el("tr", { "data-doc": D.docs[f.doc] }, el("td", { class: "id" }, D.docs[f.doc]),
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
  setFilter(state.category, state.rule);
  drawFlagged();
  document.documentElement.dataset.renderMs = Math.round(performance.now() - t0);
})();
</script>
</body>
</html>
)HTML";

}  // namespace

}  // namespace decruft::cli
