// decruft rules suggest: candidate rules from lines that repeat across documents.
//
// Boilerplate is what many documents share word for word: "Share this
// article", "Sign up for our daily briefing". Every line the current rules
// leave in place is trimmed and counted once per document; a line found in
// at least --min-docs documents becomes a candidate rule, printed as TOML
// for a reviewer to accept, edit or discard:
//
//   # In 37 of 120 documents (30.8%), e.g. news/a.txt:12
//   [[rule]]
//   id = "suggested-share-this-article"
//   category = "other"
//   patterns = ['^\s*Share\s+this\s+article\s*$']
//   remove = ["Share this article"]
//   keep = []  # texts this rule must leave alone: add them before using it
//
// Only lines that could be a rule are counted: valid UTF-8, at least one
// letter, at most 200 characters (the default `max_chars`: longer lines are
// prose that a line rule would never remove). Memory grows with the number
// of distinct such lines in the corpus.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <unordered_map>

#include "cli/corpus.hpp"
#include "util/json.hpp"

namespace decruft::cli {

namespace {

constexpr size_t kMaxChars = 200;      // as a rule's default max_chars
constexpr size_t kMaxSuggestions = 200;  // more is not reviewable in one sitting

// Whether the UTF-8 sequence at `s` may be a letter: ASCII letters, and any
// non-ASCII character outside the punctuation, symbol and shape blocks
// ("•", "→", "©" and "—" alone are layout, not text). `s` is valid UTF-8.
bool maybe_letter(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return std::isalpha(c);
  }
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  uint32_t cp = c & (0x3F >> (len - 1));
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  bool symbol = (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
                (cp >= 0x2000 && cp <= 0x2BFF) ||  // punctuation, arrows, shapes, dingbats
                (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                (cp >= 0x1F000 && cp <= 0x1FAFF);  // emoji
  return !symbol;
}

bool could_be_rule(std::string_view line) {
  if (line.empty() || count_chars(line) > kMaxChars || !util::valid_utf8(line)) return false;
  for (size_t i = 0; i < line.size();)
    if (maybe_letter(line, i)) return true;
  return false;
}

struct DocLines {
  DocSummary summary;
  std::vector<std::pair<std::string, uint32_t>> lines;  // distinct kept lines, first line number
};

// The trimmed lines no removal touches, each once.
void kept_lines(const Document& doc, const EditList& edits, DocLines& out) {
  size_t e = 0;
  std::set<std::string_view> seen;
  for (size_t i = 0; i < doc.line_count(); ++i) {
    const Line l = doc.line(i);
    while (e < edits.size() && edits[e].end <= l.begin) ++e;
    bool touched = e < edits.size() && edits[e].begin < std::max(l.end, l.begin + 1);
    if (touched) continue;
    std::string_view text = trim(doc.text(i));
    if (could_be_rule(text) && seen.insert(text).second)
      out.lines.emplace_back(std::string(text), static_cast<uint32_t>(i + 1));
  }
}

struct Candidate {
  size_t docs = 0;
  size_t first_input = 0;
  uint32_t first_line = 0;
};

// `text` as an RE2 pattern that matches exactly it: metacharacters escaped,
// runs of white space as \s+, control characters and the single quote (which
// a TOML literal string cannot hold) as \x{..}.
std::string re2_escape(std::string_view text) {
  std::string out;
  bool in_space = false;
  for (unsigned char c : text) {
    if (c == ' ' || c == '\t') {
      if (!in_space) out += "\\s+";
      in_space = true;
      continue;
    }
    in_space = false;
    if (std::strchr("\\.+*?()|[]{}^$", c) && c != '\0') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F || c == '\'') {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\x{%02X}", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A TOML basic string ("..."); `s` is valid UTF-8.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u%04X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// A file name for a TOML comment: control characters (a newline would end
// the comment) shown as '?'.
std::string comment_safe(std::string s) {
  for (auto& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  return s;
}

// "suggested-" and the first words of the line, ASCII letters and digits.
std::string slug(std::string_view text) {
  std::string words;
  int count = 0;
  bool gap = false;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      if (gap && !words.empty()) {
        if (++count == 6 || words.size() > 36) break;
        words += '-';
      }
      words += static_cast<char>(std::tolower(c));
      gap = false;
    } else {
      gap = true;
    }
  }
  return words.empty() ? "suggested" : "suggested-" + words;
}

}  // namespace

int cmd_rules_suggest(const Options& o) {
  if (o.paths.empty()) {
    complain("rules suggest: no input; name a folder (or files) of documents (- for standard input)");
    return kUsage;
  }
  auto engine = load_engine(o);
  if (!engine) return kUsage;
  size_t walk_failures = 0;
  std::vector<InputFile> inputs = corpus_inputs(o, walk_failures);
  Tally tally(*engine);
  tally.failed = walk_failures;
  std::unordered_map<std::string, Candidate> lines;
  std::mutex err_mutex;
  scan_in_order<DocLines>(
      o.jobs, inputs.size(),
      [&](size_t i, DocLines& r) {
        r.summary.outcome =
            clean_input(*engine, o, inputs[i], err_mutex, [&](const Document& doc, const Cleaned& c) {
              r.summary.set(doc, c);
              kept_lines(doc, c.edits, r);
            });
      },
      [&](size_t i, DocLines& r) {
        tally.add(r.summary);
        for (auto& [text, line] : r.lines) {
          auto [it, added] = lines.try_emplace(std::move(text));
          if (added) it->second = {0, i, line};
          ++it->second.docs;
        }
      }, !o.quiet && util::is_terminal(2));

  size_t docs = tally.documents;
  size_t min_docs = o.min_docs > 0 ? static_cast<size_t>(o.min_docs)
                                   : std::max<size_t>(3, static_cast<size_t>(std::ceil(0.02 * docs)));
  std::vector<std::pair<const std::string*, const Candidate*>> found;
  for (const auto& [text, c] : lines)
    if (c.docs >= min_docs) found.emplace_back(&text, &c);
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    if (a.second->docs != b.second->docs) return a.second->docs > b.second->docs;
    return *a.first < *b.first;
  });

  std::string out =
      "# Candidate rules from `decruft rules suggest`: lines that repeat verbatim in at least " +
      std::to_string(min_docs) + " of " + std::to_string(docs) +
      " documents\n# and that the current rules leave in place (" +
      std::to_string(found.size()) + " found).\n"
      "# Review each: delete those that belong to the articles, set the category,\n"
      "# and add `keep` examples before using the file with --rules.\n";
  if (found.size() > kMaxSuggestions)
    out += "# Only the " + std::to_string(kMaxSuggestions) +
           " most frequent are printed; raise --min-docs to see fewer.\n";
  std::set<std::string> ids;
  for (size_t k = 0; k < found.size() && k < kMaxSuggestions; ++k) {
    const std::string& text = *found[k].first;
    const Candidate& c = *found[k].second;
    std::string id = slug(text);
    for (int n = 2; !ids.insert(id).second; ++n) id = slug(text) + "-" + std::to_string(n);
    char share[32];
    std::snprintf(share, sizeof share, "%.1f%%", 100.0 * static_cast<double>(c.docs) / docs);
    out += "\n# In " + std::to_string(c.docs) + " of " + std::to_string(docs) + " documents (" +
           share + "), e.g. " + comment_safe(inputs[c.first_input].rel) + ":" +
           std::to_string(c.first_line) + "\n";
    out += "[[rule]]\nid = \"" + id + "\"\ncategory = \"other\"\n";
    out += "patterns = ['^\\s*" + re2_escape(text) + "\\s*$']\n";
    if (!o.site.empty()) out += "sites = [" + toml_string(o.site) + "]\n";
    out += "remove = [" + toml_string(text) + "]\n";
    out += "keep = []  # texts this rule must leave alone: add them before using it\n";
  }
  if (!util::write_fd(1, out)) {
    complain(std::string("stdout: ") + std::strerror(errno));
    return kInputFailed;
  }
  return tally.failed ? kInputFailed : kOk;
}

}  // namespace decruft::cli
