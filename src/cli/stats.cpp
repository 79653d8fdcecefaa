// decruft stats: what a rule set removes from a corpus, counted.
//
// Per rule and per category: hits (removals), documents with a hit, bytes
// removed; the enabled rules that never fired; the removed lines seen most
// often; the documents that lose the largest share. Printed as aligned
// tables, or with --json as one JSON object:
//
//   {"documents":3,"changed":2,"binary":0,"failed":0,"bytes_in":24100,"bytes_removed":2300,
//    "flags":{"over-removal":1,"held-back":0,"truncated":1},
//    "categories":[{"category":"paywall","hits":3,"documents":1,"bytes":1234}],
//    "rules":[{"rule":"en/paywall/verify-access","category":"paywall",
//              "file":"rules/en/paywall.toml","line":7,"hits":1,"documents":1,"bytes":320}],
//    "never_fired":[{"rule":"en/ad/...","category":"ad","file":"...","line":3}],
//    "top_lines":[{"text":"Advertisement","count":4,"documents":2}],
//    "top_documents":[{"path":"a.txt","bytes_in":2990,"bytes_removed":1234,
//                      "share":0.4127,"flags":["over-removal"]}]}
//
// Counts are over the removals `decruft clean` makes with the same options
// (a document held back by --max-removed counts as untouched), so they equal
// the counts in its --report. Lists are sorted with ties broken by name:
// the output does not depend on -j.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "cli/corpus.hpp"
#include "util/json.hpp"

namespace decruft::cli {

namespace {

constexpr size_t kTop = 10;        // lines and documents listed
constexpr size_t kLineKey = 300;   // bytes of a removed line kept for counting

// `s` cut to at most `n` bytes, not inside a UTF-8 sequence.
std::string_view cut(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

struct DocResult {
  DocSummary summary;
  std::string path;
  std::vector<std::string> lines;  // removed lines, trimmed, blank ones left out
};

struct LineCount {
  size_t count = 0, docs = 0;
  size_t last_doc = SIZE_MAX;  // the document that last counted in `docs`
};

struct TopDoc {
  size_t index;
  std::string path;
  DocSummary summary;
};

std::vector<std::string> flag_names(const DocSummary& d) {
  std::vector<std::string> out;
  if (d.over_removal) out.push_back("over-removal");
  if (d.held_back) out.push_back("held-back");
  if (d.truncated) out.push_back("truncated");
  return out;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Left-aligned in `width` characters (UTF-8 aware, unlike std::setw).
std::string pad(std::string_view s, size_t width) {
  std::string out(s);
  size_t n = count_chars(s);
  if (n < width) out.append(width - n, ' ');
  return out;
}

std::string num(size_t n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%*zu", width, n);
  return buf;
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

// A line for the table: control characters shown as '?', at most `n` characters.
std::string shown(std::string_view s, size_t n) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80 && ++chars > n) {
      out += "...";
      break;
    }
    out += c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c);
  }
  return out;
}

struct Stats {
  const Engine& engine;
  Tally tally;
  std::unordered_map<std::string, LineCount> lines;
  std::vector<TopDoc> top_docs;

  explicit Stats(const Engine& e) : engine(e), tally(e) {}

  void add(size_t index, DocResult& r) {
    tally.add(r.summary);
    if (r.summary.outcome != Outcome::cleaned) return;
    for (auto& l : r.lines) {
      LineCount& lc = lines[std::move(l)];
      ++lc.count;
      if (lc.last_doc != index) {
        lc.last_doc = index;
        ++lc.docs;
      }
    }
    if (r.summary.bytes_removed == 0) return;
    // Keep the kTop largest shares; ties go to the earlier document.
    top_docs.push_back({index, std::move(r.path), std::move(r.summary)});
    std::stable_sort(top_docs.begin(), top_docs.end(), [](const TopDoc& a, const TopDoc& b) {
      return a.summary.share() > b.summary.share();
    });
    if (top_docs.size() > kTop) top_docs.pop_back();
  }

  std::vector<std::pair<std::string_view, LineCount>> top_lines() const {
    std::vector<std::pair<std::string_view, LineCount>> v(lines.begin(), lines.end());
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      if (a.second.count != b.second.count) return a.second.count > b.second.count;
      return a.first < b.first;
    });
    if (v.size() > kTop) v.resize(kTop);
    return v;
  }

  std::vector<uint32_t> never_fired() const {
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < tally.rules.size(); ++i)
      if (engine.active(i) && tally.rules[i].hits == 0) out.push_back(i);
    std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
      return engine.rules()[a].full_id < engine.rules()[b].full_id;
    });
    return out;
  }
};

std::string where(const Rule& r) { return r.pos.file + ":" + std::to_string(r.pos.line); }

std::string table(const Stats& s) {
  const Tally& t = s.tally;
  const auto& rules = s.engine.rules();
  std::string out;
  double share = t.bytes_in ? static_cast<double>(t.bytes_removed) / t.bytes_in : 0;
  out += std::to_string(t.documents) + " documents, " + std::to_string(t.changed) +
         " changed, " + std::to_string(t.bytes_in) + " bytes in, " +
         std::to_string(t.bytes_removed) + " removed (" + percent(share) + ")\n";
  out += "flagged: " + std::to_string(t.over_removal) + " over-removal, " +
         std::to_string(t.held_back) + " held back, " + std::to_string(t.truncated) +
         " truncated; " + std::to_string(t.binary) + " binary skipped, " +
         std::to_string(t.failed) + " failed\n";

  auto cats = t.fired_categories();
  out += "\n" + pad("CATEGORY", 14) + "  HITS   DOCS      BYTES\n";
  for (Category c : cats) {
    const auto& n = t.categories[static_cast<size_t>(c)];
    out += pad(category_name(c), 14) + num(n.hits, 6) + num(n.docs, 7) + num(n.bytes, 11) + "\n";
  }
  if (cats.empty()) out += "(nothing removed)\n";

  auto fired = t.fired();
  size_t width = 4;
  for (uint32_t i : fired) width = std::max(width, rules[i].full_id.size());
  out += "\n" + pad("RULE", width) + "  HITS   DOCS      BYTES  DEFINED AT\n";
  for (uint32_t i : fired) {
    const auto& n = t.rules[i];
    out += pad(rules[i].full_id, width) + num(n.hits, 6) + num(n.docs, 7) + num(n.bytes, 11) +
           "  " + where(rules[i]) + "\n";
  }

  auto lines = s.top_lines();
  if (!lines.empty()) {
    out += "\nMOST FREQUENT REMOVED LINES\n COUNT   DOCS  LINE\n";
    for (const auto& [text, n] : lines)
      out += num(n.count, 6) + num(n.docs, 7) + "  " + shown(text, 70) + "\n";
  }

  if (!s.top_docs.empty()) {
    out += "\nHIGHEST REMOVED SHARE (of the characters; removed and in: bytes)\n SHARE    REMOVED   BYTES IN  DOCUMENT\n";
    for (const auto& d : s.top_docs) {
      char sh[16];
      std::snprintf(sh, sizeof sh, "%5.1f%%", d.summary.share() * 100);
      auto flags = flag_names(d.summary);
      out += std::string(sh) + num(d.summary.bytes_removed, 11) + num(d.summary.bytes_in, 11) +
             "  " + shown(d.path, 200) + (flags.empty() ? "" : "  [" + join(flags, ", ") + "]") +
             "\n";
    }
  }

  auto never = s.never_fired();
  out += "\nNEVER FIRED: " + std::to_string(never.size()) + " of " +
         std::to_string(s.engine.active_count()) + " enabled rules\n";
  size_t nw = 0;
  for (uint32_t i : never) nw = std::max(nw, rules[i].full_id.size());
  for (uint32_t i : never) out += pad(rules[i].full_id, nw) + "  " + where(rules[i]) + "\n";
  return out;
}

void rule_members(std::string& out, const Rule& r) {
  out += "\"rule\":";
  util::json_string(out, r.full_id);
  out += ",\"category\":";
  util::json_string(out, category_name(r.category));
  out += ",\"file\":";
  util::json_string(out, r.pos.file);
  out += ",\"line\":" + std::to_string(r.pos.line);
}

void count_members(std::string& out, const Tally::Count& n) {
  out += ",\"hits\":" + std::to_string(n.hits) + ",\"documents\":" + std::to_string(n.docs) +
         ",\"bytes\":" + std::to_string(n.bytes);
}

std::string json(const Stats& s) {
  const Tally& t = s.tally;
  const auto& rules = s.engine.rules();
  std::string out = "{\"documents\":" + std::to_string(t.documents) +
                    ",\"changed\":" + std::to_string(t.changed) +
                    ",\"binary\":" + std::to_string(t.binary) +
                    ",\"failed\":" + std::to_string(t.failed) +
                    ",\"bytes_in\":" + std::to_string(t.bytes_in) +
                    ",\"bytes_removed\":" + std::to_string(t.bytes_removed) +
                    ",\"flags\":{\"over-removal\":" + std::to_string(t.over_removal) +
                    ",\"held-back\":" + std::to_string(t.held_back) +
                    ",\"truncated\":" + std::to_string(t.truncated) + "}";
  out += ",\"categories\":[";
  bool first = true;
  for (Category c : t.fired_categories()) {
    out += first ? "{" : ",{";
    first = false;
    out += "\"category\":";
    util::json_string(out, category_name(c));
    count_members(out, t.categories[static_cast<size_t>(c)]);
    out += '}';
  }
  out += "],\"rules\":[";
  first = true;
  for (uint32_t i : t.fired()) {
    out += first ? "{" : ",{";
    first = false;
    rule_members(out, rules[i]);
    count_members(out, t.rules[i]);
    out += '}';
  }
  out += "],\"never_fired\":[";
  first = true;
  for (uint32_t i : s.never_fired()) {
    out += first ? "{" : ",{";
    first = false;
    rule_members(out, rules[i]);
    out += '}';
  }
  out += "],\"top_lines\":[";
  first = true;
  for (const auto& [text, n] : s.top_lines()) {
    out += first ? "{\"text\":" : ",{\"text\":";
    first = false;
    util::json_string(out, text);
    out += ",\"count\":" + std::to_string(n.count) + ",\"documents\":" + std::to_string(n.docs) +
           "}";
  }
  out += "],\"top_documents\":[";
  first = true;
  for (const auto& d : s.top_docs) {
    out += first ? "{\"path\":" : ",{\"path\":";
    first = false;
    util::json_string(out, d.path);
    char sh[32];
    std::snprintf(sh, sizeof sh, "%.4f", d.summary.share());
    out += ",\"bytes_in\":" + std::to_string(d.summary.bytes_in) +
           ",\"bytes_removed\":" + std::to_string(d.summary.bytes_removed) + ",\"share\":" + sh +
           ",\"flags\":[";
    auto flags = flag_names(d.summary);
    for (size_t k = 0; k < flags.size(); ++k) {
      if (k) out += ',';
      util::json_string(out, flags[k]);
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

// The removed lines of one removal: every non-blank line of the range,
// trimmed (a span removal is one "line"), cut to kLineKey bytes.
void removed_lines(std::string_view removed, std::vector<std::string>& out) {
  size_t pos = 0;
  while (pos < removed.size()) {
    size_t nl = removed.find('\n', pos);
    if (nl == std::string_view::npos) nl = removed.size();
    std::string_view line = trim(removed.substr(pos, nl - pos));
    if (!line.empty()) out.emplace_back(cut(line, kLineKey));
    pos = nl + 1;
  }
}

}  // namespace

int cmd_stats(const Options& o) {
  // Like review and rules suggest: a corpus command waiting on a terminal
  // would look hung, so standard input only when asked for with "-".
  if (o.paths.empty()) {
    complain("stats: no input; name files or folders (- for standard input)");
    return kUsage;
  }
  auto engine = load_engine(o);
  if (!engine) return kUsage;
  size_t walk_failures = 0;
  std::vector<InputFile> inputs = corpus_inputs(o, walk_failures);
  Stats stats(*engine);
  stats.tally.failed = walk_failures;
  std::mutex err_mutex;
  scan_in_order<DocResult>(
      o.jobs, inputs.size(),
      [&](size_t i, DocResult& r) {
        r.summary.outcome =
            clean_input(*engine, o, inputs[i], err_mutex, [&](const Document& doc, const Cleaned& c) {
              r.summary.set(doc, c);
              for (const auto& e : c.edits)
                removed_lines(doc.bytes().substr(e.begin, e.end - e.begin), r.lines);
            });
        r.path = inputs[i].rel;
      },
      [&](size_t i, DocResult& r) { stats.add(i, r); }, !o.quiet && util::is_terminal(2));
  std::string out = o.json ? json(stats) : table(stats);
  if (!util::write_fd(1, out)) {
    complain(std::string("stdout: ") + std::strerror(errno));
    return kInputFailed;
  }
  return stats.tally.failed ? kInputFailed : kOk;
}

}  // namespace decruft::cli
