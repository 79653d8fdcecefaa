#include "core/structure.hpp"

#include <algorithm>
#include <cstring>

#include "core/document.hpp"
#include "core/literals.hpp"
#include "util/json.hpp"

namespace decruft {

uint64_t& pass_steps() {
  thread_local uint64_t steps = 0;
  return steps;
}

namespace {

// UTF-8 sequence length from its lead byte (1 for a stray byte).
size_t seq_len(unsigned char c) {
  return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

uint32_t decode(std::string_view s, size_t i, size_t& len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  len = std::min(seq_len(c), s.size() - i);
  if (len == 1) return c;
  uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

// Bullets, boxes and arrows that mark list items and rail entries.
bool marker_cp(uint32_t cp) {
  switch (cp) {
    case '*': case '-': case '>': case '|': case '+': case 0x2022: case 0x00B7: case 0x25AA:
    case 0x25A0: case 0x25A1: case 0x2606: case 0x25CB: case 0x25E6: case 0x25BA: case 0x25B6:
    case 0x25B8: case 0x203A: case 0x00BB: case 0x2013: case 0x2014: case 0x2192: case 0x2023:
    case 0x25CF: case 0x25C6: case 0x25C7: case 0x2605: case 0x2043: case 0x27A4: case 0x2794:
      return true;
    default:
      return false;
  }
}

bool cjk_cp(uint32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

// `t` without leading markers ("• ", "* ", "> ") and white space.
std::string_view strip_markers(std::string_view t, bool& marked) {
  marked = false;
  for (;;) {
    size_t len = 0;
    if (t.empty()) return t;
    const uint32_t cp = decode(t, 0, len);
    if (marker_cp(cp)) {
      marked = true;
      t.remove_prefix(len);
    } else if (cp == ' ' || cp == '\t' || cp == 0xA0) {
      t.remove_prefix(len);
    } else {
      return t;
    }
  }
}

// The words of `t` as written: runs of letters, digits and inner
// apostrophes. CJK text has no spaces: each CJK character counts as half
// a word (Structure::shape).
template <class F>
void for_each_word_raw(std::string_view t, F&& f) {
  size_t i = 0;
  while (i < t.size()) {
    size_t len = 0;
    uint32_t cp = decode(t, i, len);
    const bool letter = cp >= 0x80 ? (!cjk_cp(cp) && cp != 0xA0 && cp != 0x2019 &&
                                      !(cp >= 0x2000 && cp <= 0x206F) && !marker_cp(cp))
                                   : (ascii_alpha(static_cast<char>(cp)) || ascii_digit(static_cast<char>(cp)));
    if (!letter) {
      i += len;
      continue;
    }
    size_t j = i;
    while (j < t.size()) {
      size_t l2 = 0;
      uint32_t c2 = decode(t, j, l2);
      bool in = c2 >= 0x80 ? (!cjk_cp(c2) && c2 != 0xA0 && !(c2 >= 0x2000 && c2 <= 0x206F) &&
                              !marker_cp(c2))
                           : (ascii_alpha(static_cast<char>(c2)) || ascii_digit(static_cast<char>(c2)));
      // An apostrophe between letters stays inside the word (don't, l'homme).
      if (!in && (c2 == '\'' || c2 == 0x2019) && j + l2 < t.size()) {
        size_t l3 = 0;
        uint32_t c3 = decode(t, j + l2, l3);
        in = c3 < 0x80 ? ascii_alpha(static_cast<char>(c3)) : !cjk_cp(c3);
      }
      if (!in) break;
      j += l2;
    }
    f(t.substr(i, j - i));
    i = j;
  }
}

// The same words, folded (’ as ').
template <class F>
void for_each_word(std::string_view t, std::string& scratch, F&& f) {
  for_each_word_raw(t, [&](std::string_view w) {
    scratch.clear();
    fold(w, scratch);
    for (size_t k; (k = scratch.find("\xE2\x80\x99")) != std::string::npos;) scratch.replace(k, 3, "'");
    f(std::string_view(scratch));
  });
}

}  // namespace

struct Structure::Shape {
  uint32_t chars = 0;
  uint32_t words = 0;
  uint32_t cjk = 0;
  bool marked = false;
  bool headline = false;
};

Structure::Structure(const StructureParams& p) : p_(p) {
  for (const auto& [lang, list] : p_.headings)
    for (const auto& h : list) {
      if (h.size() > 2 && h.compare(h.size() - 2, 2, " *") == 0)
        heading_prefix_.push_back(h.substr(0, h.size() - 2));
      else
        heading_exact_.insert(h);
    }
  auto lang_bit = [&](const std::string& lang) -> uint32_t {
    auto it = std::find(languages_.begin(), languages_.end(), lang);
    if (it == languages_.end()) {
      if (languages_.size() >= 32) return 0;
      languages_.push_back(lang);
      it = languages_.end() - 1;
    }
    return 1u << (it - languages_.begin());
  };
  std::string f;
  for (const BuiltinStopwords* b = builtin_stopwords(); b && b->language; ++b) {
    const uint32_t bit = lang_bit(b->language);
    std::string_view w = b->words;
    while (!w.empty()) {
      size_t sp = w.find(' ');
      std::string_view word = w.substr(0, sp);
      if (!word.empty()) {
        f.clear();
        fold(word, f);
        stop_[f] |= bit;
      }
      if (sp == std::string_view::npos) break;
      w.remove_prefix(sp + 1);
    }
  }
  for (const auto& [lang, list] : p_.stopwords) {
    const uint32_t bit = lang_bit(lang);
    for (const auto& w : list) stop_[w] |= bit;
  }
  for (const auto& n : p_.networks) networks_.insert(n);
  share_words_ = p_.share_words;
  for (const auto& list : {p_.networks, p_.share_words})
    for (const auto& w : list) first_words_.insert(w.substr(0, w.find(' ')));
  // Longest first: "share on" before "share".
  std::sort(share_words_.begin(), share_words_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

Structure::Shape Structure::shape(std::string_view text) const {
  Shape s;
  std::string_view t = trim(text);
  // A character is at most 4 bytes: a longer line is too long uncounted.
  if (t.empty() || t.size() > 4 * size_t{p_.max_chars}) return s;
  // Most article lines end as sentences do: rejected before any counting
  // (as below: a full stop after a letter is no date stamp's).
  if (t.size() >= 2) {
    const char e = t.back(), b = t[t.size() - 2];
    if ((e == '.' || e == ',' || e == ';' || e == ':') && b != '.' && !ascii_digit(b) &&
        b != '-' && b != ':' && b != '/' && b != ' ')
      return s;
  }
  s.chars = static_cast<uint32_t>(count_chars(t));
  if (s.chars > p_.max_chars) return s;
  std::string_view body = strip_markers(t, s.marked);
  // A list number ("1.", "12)") is not part of the headline.
  bool numbered = false;
  {
    size_t k = 0;
    while (k < body.size() && k < 3 && ascii_digit(body[k])) ++k;
    if (k > 0 && k < body.size() && (body[k] == '.' || body[k] == ')') && k + 1 < body.size() &&
        body[k + 1] == ' ') {
      body.remove_prefix(k + 2);
      body = trim(body);
      numbered = true;
    }
  }
  if (body.empty()) return s;
  // A trailing date stamp ("2005-07-13 09:00:04", "12.03.2024") is part
  // of many rails; it is left out of the digit count below.
  std::string_view core = body;
  {
    size_t e = core.size();
    while (e > 0 && (ascii_digit(core[e - 1]) || core[e - 1] == '-' || core[e - 1] == ':' ||
                     core[e - 1] == '.' || core[e - 1] == '/' || core[e - 1] == ' '))
      --e;
    const std::string_view stamp = core.substr(e);
    size_t digits = 0;
    for (char c : stamp) digits += ascii_digit(c);
    if (digits >= 6 && e > 0) core = trim(core.substr(0, e));
  }
  const char first = core.empty() ? ' ' : core.front();
  // Not a headline: a line starting with a number (quantities, scores,
  // times: "2 cups flour", "3-1", "19:30"), unless it was a list number.
  if (ascii_digit(first) && !numbered) {
    // "19 killed in..." is a headline; "2 cups", "200 g", "3-1", "1/2" are not.
    size_t k = 0;
    while (k < core.size() && ascii_digit(core[k])) ++k;
    if (k < core.size() && core[k] != ' ') return s;
    size_t w = k + 1;
    size_t l = 0;
    while (w + l < core.size() && core[w + l] != ' ') ++l;
    if (l <= 3) return s;  // a unit: "2 cups" passes, "200 g", "1 lb" not
  }
  // Sentence punctuation at the end, columns, code, records, schedules.
  const char last = core.back();
  if (last == '.' || last == ',' || last == ';' || last == ':') {
    const bool ellipsis = core.size() >= 3 && core.substr(core.size() - 3) == "...";
    if (!ellipsis) return s;
  }
  if (core.size() >= 3 && (core.substr(core.size() - 3) == "\xE3\x80\x82" ||   // 。
                           core.substr(core.size() - 3) == "\xEF\xBC\x9A" ||   // ：
                           core.substr(core.size() - 3) == "\xEF\xBC\x8C"))    // ，
    return s;
  // A link or an address: not a headline.
  if (core.find("://") != std::string_view::npos || core.find("www.") != std::string_view::npos)
    return s;
  size_t digits = 0, commas = 0, nonspace = 0;
  for (size_t k = 0; k < core.size(); ++k) {
    const char c = core[k];
    if (c == '\t') return s;
    if (c == ' ' && k + 1 < core.size() && core[k + 1] == ' ') return s;  // columns
    if (c == '{' || c == '}' || c == '=' || c == '<' || c == ';' || c == '@' || c == '$' ||
        c == '#' || c == '\\' || c == '_' || c == '~' || c == '^' || c == '[' || c == ']')
      return s;
    if (c == ':' && k > 0 && ascii_digit(core[k - 1]) && k + 1 < core.size() &&
        ascii_digit(core[k + 1]))
      return s;  // a time: a schedule
    if (c == '(' && k + 1 < core.size() && ascii_digit(core[k + 1])) return s;  // man page refs, years
    if (c == ' ' && k + 2 < core.size() && core[k + 1] == '|' && core[k + 2] == ' ') {
      // "Headline | Site" is a rail's; a row of cells is a table's
      if (core.find(" | ", k + 3) != std::string_view::npos) return s;
    }
    digits += ascii_digit(c);
    commas += c == ',';
    nonspace += c != ' ';
  }
  if (commas >= 2) return s;  // a record: "Name, Union, Office"
  if (nonspace == 0 || static_cast<double>(digits) > p_.max_digits * static_cast<double>(nonspace))
    return s;
  for (size_t k = 0; k < core.size();) {
    size_t len = 0;
    if (cjk_cp(decode(core, k, len))) ++s.cjk;
    k += len;
  }
  for_each_word_raw(core, [&](std::string_view) { ++s.words; });
  const uint32_t words = s.words + s.cjk / 2;
  if (words < p_.min_words || words > p_.max_words) return s;
  s.headline = true;
  return s;
}

bool Structure::heading(std::string_view t) const {
  if (count_chars(t) > 80) return false;
  bool marked = false;
  t = strip_markers(t, marked);
  // trailing punctuation and arrows
  for (;;) {
    if (t.empty()) return false;
    size_t e = t.size(), k = e - 1;
    while (k > 0 && (static_cast<unsigned char>(t[k]) & 0xC0) == 0x80) --k;
    size_t len = 0;
    const uint32_t cp = decode(t, k, len);
    if (marker_cp(cp) || cp == ':' || cp == '.' || cp == '!' || cp == 0x2026 || cp == ' ' ||
        cp == 0xA0 || cp == '<' || cp == 0x2039 || cp == 0xAB || cp == ')' || cp == ']')
      t = t.substr(0, k);
    else
      break;
  }
  std::string f;
  fold(t, f);
  std::string norm;
  for (char c : f) {
    const bool space = c == ' ' || c == '\t';
    if (space && (norm.empty() || norm.back() == ' ')) continue;
    norm += space ? ' ' : c;
  }
  for (size_t k; (k = norm.find("\xE2\x80\x99")) != std::string::npos;) norm.replace(k, 3, "'");
  if (heading_exact_.count(norm)) return true;
  for (const auto& pre : heading_prefix_)
    if (norm.size() > pre.size() + 1 && norm.compare(0, pre.size(), pre) == 0 &&
        norm[pre.size()] == ' ')
      return true;
  return false;
}

// A line of a share bar: optional marker and share word ("Share on"), then
// one or more network names and nothing else.
size_t Structure::share_line(std::string_view t, bool* worded) const {
  if (networks_.empty() || t.size() > 240 || count_chars(t) > 60) return 0;
  bool marked = false;
  t = strip_markers(t, marked);
  // The first word must be a network's or a share word's: checked on the
  // ASCII letters before the line is folded.
  if (!t.empty() && static_cast<unsigned char>(t[0]) < 0x80) {
    char w[24];
    size_t k = 0;
    while (k < t.size() && k < sizeof w && t[k] != ' ' && t[k] != '|' && t[k] != ',' &&
           static_cast<unsigned char>(t[k]) < 0x80)
      w[k] = static_cast<char>(t[k] >= 'A' && t[k] <= 'Z' ? t[k] + 32 : t[k]), ++k;
    if (k < t.size() && static_cast<unsigned char>(t[k]) < 0x80 && k < sizeof w) {
      std::string_view first(w, k);
      while (!first.empty() && (first.back() == ':' || first.back() == '.')) first.remove_suffix(1);
      if (!first_words_.count(std::string(first))) return 0;
    }
  }
  thread_local std::string f;
  f.clear();
  fold(t, f);
  std::string_view rest = f;
  for (const auto& w : share_words_)
    if (rest.size() > w.size() && rest.compare(0, w.size(), w) == 0 && rest[w.size()] == ' ') {
      rest.remove_prefix(w.size() + 1);
      if (worded) *worded = true;
      break;
    }
  // Tokens split on white space and separators; a network may be two words.
  thread_local std::vector<std::string_view> tok;
  tok.clear();
  size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '|' || rest[i] == '/' || rest[i] == ',' ||
                               rest[i] == '\t'))
      ++i;
    size_t j = i;
    while (j < rest.size() && rest[j] != ' ' && rest[j] != '|' && rest[j] != ',' && rest[j] != '\t') ++j;
    if (j > i) tok.push_back(rest.substr(i, j - i));
    i = j;
  }
  if (tok.empty() || tok.size() > 8) return 0;
  thread_local std::string two, one;
  size_t names = 0;
  for (size_t k = 0; k < tok.size(); ++names) {
    if (k + 1 < tok.size()) {
      two.assign(tok[k]);
      two += ' ';
      two.append(tok[k + 1]);
      if (networks_.count(two)) {
        k += 2;
        continue;
      }
    }
    one.assign(tok[k]);
    while (!one.empty() && (one.back() == ':' || one.back() == '.')) one.pop_back();
    if (!networks_.count(one)) return 0;
    ++k;
  }
  return names;
}

int Structure::language_of(const Document& doc, const std::vector<bool>& blank) const {
  uint32_t counts[32] = {};
  size_t words = 0;
  std::string scratch;
  std::string key;
  const size_t n = doc.line_count();
  // The prose lines first (60 bytes or more); a short document's every line.
  for (size_t min_bytes : {size_t{60}, size_t{0}}) {
    for (size_t i = 0; i < n && words < 3000; ++i) {
      if (blank[i]) continue;
      ++pass_steps();
      std::string_view t = doc.text(i);
      if (t.size() < min_bytes || (min_bytes == 0 && t.size() >= 60)) continue;
      for_each_word(t, scratch, [&](std::string_view w) {
        ++words;
        key.assign(w);
        auto it = stop_.find(key);
        if (it == stop_.end()) return;
        for (uint32_t b = it->second; b; b &= b - 1) ++counts[__builtin_ctz(b)];
      });
    }
    if (words >= 50) break;
  }
  int best = -1;
  for (size_t l = 0; l < languages_.size(); ++l)
    if (best < 0 || counts[l] > counts[best]) best = static_cast<int>(l);
  // Enough evidence: 8 function words, fewer in a short document.
  const size_t need = std::min<size_t>(8, 1 + words / 10);
  if (best < 0 || counts[best] < need || counts[best] * 20 < words) return -1;
  return best;
}

void Structure::classify(const Document& doc, const std::vector<bool>& blank,
                         const std::vector<uint8_t>& states, int link_rule, int share_rule,
                         std::vector<StructureRun>& out) const {
  const size_t n = doc.line_count();
  int lang = -2;  // not worked out yet
  std::string scratch, key;
  // The previous non-blank line before i, and the next after j.
  auto prev_line = [&](size_t i) -> size_t {
    for (size_t k = i; k-- > 0;) {
      ++pass_steps();
      if (!blank[k]) return k;
    }
    return n;
  };
  auto next_line = [&](size_t j) -> size_t {
    for (size_t k = j + 1; k < n; ++k) {
      ++pass_steps();
      if (!blank[k]) return k;
    }
    return n;
  };
  // The article body's edges: the first and the last prose line (kept,
  // long, ending as a sentence ends), worked out when first needed.
  size_t first_prose = n, last_prose = n;
  bool edges = false;
  auto prose = [&](size_t k) {
    if (blank[k] || states[k] != kKept) return false;
    const std::string_view t = trim(doc.text(k));
    if (t.size() < 100) return false;
    const char c = t.back();
    return t.size() >= 250 || c == '.' || c == '!' || c == '?' || c == '"' ||
           (t.size() >= 3 && (t.substr(t.size() - 3) == "\xE3\x80\x82" ||
                              t.substr(t.size() - 3) == "\xE2\x80\x9D"));
  };
  auto at_edge = [&](size_t a, size_t b) {
    if (!edges) {
      edges = true;
      for (size_t k = 0; k < n; ++k) {
        ++pass_steps();
        if (prose(k)) {
          first_prose = k;
          break;
        }
      }
      for (size_t k = n; k-- > 0;) {
        ++pass_steps();
        if (prose(k)) {
          last_prose = k;
          break;
        }
      }
    }
    return first_prose == n || b < first_prose || a > last_prose;
  };
  size_t i = 0;
  while (i < n) {
    ++pass_steps();
    if (blank[i] || states[i] != kKept) {
      ++i;
      continue;
    }
    const std::string_view t = trim(doc.text(i));
    // Share bars.
    if (share_rule >= 0 && share_line(t)) {
      size_t j = i, last = i, lines = 0, gap = 0;
      bool marked = false, worded = false;
      for (; j < n; ++j) {
        ++pass_steps();
        if (blank[j]) {
          if (++gap > 1) break;
          continue;
        }
        if (states[j] != kKept || !share_line(trim(doc.text(j)), &worded)) break;
        gap = 0;
        bool m = false;
        strip_markers(trim(doc.text(j)), m);
        marked |= m;
        ++lines;
        last = j;
      }
      const size_t p = prev_line(i), q = next_line(last);
      const bool near_removed = (p < n && states[p] != kKept) || (q < n && states[q] != kKept);
      // A bar on one line: three or more networks ("Facebook Twitter Email").
      const size_t names = share_line(t);
      if ((lines >= p_.share_min_run && (marked || worded || near_removed || lines >= 3)) ||
          (lines == 1 && names >= 3 && (near_removed || marked))) {
        out.push_back({i, last, static_cast<uint32_t>(share_rule),
                       static_cast<uint8_t>(kWhyShare | (near_removed ? kWhyRemoved : 0) |
                                            (marked ? kWhyBullets : 0)),
                       kNoStop});
      }
      i = last + 1;
      continue;
    }
    if (link_rule < 0) {
      ++i;
      continue;
    }
    // A run of headline-like lines, single blank lines allowed between.
    if (!shape(t).headline) {
      ++i;
      continue;
    }
    size_t j = i, last = i, lines = 0, gap = 0, marked = 0;
    for (; j < n; ++j) {
      ++pass_steps();
      if (blank[j]) {
        if (++gap > 1) break;
        continue;
      }
      if (states[j] != kKept) break;
      const Shape sh = shape(doc.text(j));
      if (!sh.headline) break;
      gap = 0;
      marked += sh.marked;
      ++lines;
      last = j;
    }
    const size_t next_i = last + 1;
    if (lines < p_.min_run) {
      i = next_i;
      continue;
    }
    // What introduces it.
    size_t p = prev_line(i);
    uint8_t why = 0;
    size_t first = i;
    if (p < n && states[p] == kRemovedRelated) {
      why |= kWhyHeading;
    } else if (p < n && states[p] == kKept && heading(trim(doc.text(p)))) {
      why |= kWhyHeading | kWhyOwnHeading;
      first = p;  // the heading goes with its rail
    }
    const size_t q = next_line(last);
    if ((p < n && states[p] != kKept) || (q < n && states[q] != kKept)) why |= kWhyRemoved;
    const bool bullets = marked * 2 >= lines;
    if (bullets) why |= kWhyBullets;
    // Stopwords of the run, in the document's language.
    if (lang == -2) lang = language_of(doc, blank);
    uint16_t stop = kNoStop;
    if (lang >= 0) {
      size_t words = 0, hits = 0;
      const uint32_t bit = 1u << lang;
      for (size_t k = i; k <= last; ++k) {
        ++pass_steps();
        if (blank[k]) continue;
        for_each_word(doc.text(k), scratch, [&](std::string_view w) {
          ++words;
          key.assign(w);
          auto it = stop_.find(key);
          if (it != stop_.end() && (it->second & bit)) ++hits;
        });
      }
      stop = words ? static_cast<uint16_t>(hits * 1000 / words) : 0;
    }
    // Lines made from one template ("Germany (Group C): 13th appearance",
    // "Wales (Group E): Second appearance") are a table's rows: the same
    // first or last word in half the lines or more.
    {
      std::vector<std::string> firsts, lasts;
      for (size_t k = i; k <= last; ++k) {
        ++pass_steps();
        if (blank[k]) continue;
        bool m = false;
        std::string_view body = strip_markers(trim(doc.text(k)), m);
        std::string f, l;
        for_each_word(body, scratch, [&](std::string_view w) {
          if (f.empty()) f.assign(w);
          l.assign(w);
        });
        firsts.push_back(std::move(f));
        lasts.push_back(std::move(l));
      }
      auto templated = [&](std::vector<std::string>& v) {
        std::sort(v.begin(), v.end());
        size_t best = 0;
        for (size_t a = 0; a < v.size();) {
          size_t b = a;
          while (b < v.size() && v[b] == v[a]) ++b;
          best = std::max(best, b - a);
          a = b;
        }
        return best * 2 >= v.size() && best >= 2;
      };
      if (templated(firsts) || templated(lasts)) {
        i = next_i;
        continue;
      }
    }
    const bool low_stop = stop != kNoStop && stop <= p_.max_stopwords * 1000.0;
    bool goes = false;
    if (why & kWhyHeading) {
      // After a heading: low function-word share, or (no list for the
      // language) bullets or a long run.
      goes = stop == kNoStop ? (bullets || lines >= p_.min_bare_run) : low_stop;
    } else if ((why & kWhyRemoved) && bullets && lines >= p_.min_bare_run && stop != kNoStop &&
               stop <= p_.max_stopwords * 900.0 && at_edge(i, last)) {
      // No heading: a long bulleted run next to a removed line, before or
      // after the article body, with few function words.
      goes = true;
      why |= kWhyEdge;
    }
    if (goes) out.push_back({first, last, static_cast<uint32_t>(link_rule), why, stop});
    i = next_i;
  }
}

bool Structure::continues_tail(std::string_view text) const { return shape(text).headline; }

bool Structure::plain_tail(std::string_view t) {
  if (t.empty()) return true;
  if (count_chars(t) > 200) return false;
  const char last = t.back();
  if (last == '.' || last == ';' || last == ':' || last == ',') {
    return t.size() >= 3 && t.substr(t.size() - 3) == "...";
  }
  if (t.size() >= 3 && t.substr(t.size() - 3) == "\xE3\x80\x82") return false;  // 。
  return true;
}

std::string structure_why(const Document& doc, const Edit& e) {
  const size_t n = doc.line_count();
  size_t lines = 0, first = n;
  for (size_t k = e.first_line; k <= e.last_line && k < n; ++k)
    if (!trim(doc.text(k)).empty()) {
      ++lines;
      if (first == n) first = k;
    }
  std::string out = std::to_string(lines) + (lines == 1 ? " line" : " lines");
  if (e.why & kWhyShare) out += ", networks";
  if (e.why_stop != kNoStop && !(e.why & kWhyShare)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", e.why_stop / 1000.0);
    out += ", stopwords ";
    out += buf;
  }
  if (e.why & kWhyBullets) out += ", bullets";
  // The heading: the line before the edit, or its own first line.
  auto quote = [&](size_t k) {
    std::string_view t = trim(doc.text(k));
    std::string q;
    size_t chars = 0;
    for (size_t i = 0; i < t.size() && chars < 40;) {
      size_t len = seq_len(static_cast<unsigned char>(t[i]));
      if (i + len > t.size()) break;
      std::string_view c = t.substr(i, len);
      if (len == 1 && (static_cast<unsigned char>(c[0]) < 0x20 || c[0] == 0x7F || c[0] == '"' ||
                       static_cast<unsigned char>(c[0]) >= 0x80))
        q += static_cast<unsigned char>(c[0]) >= 0x80 ? '?' : '\'';
      else if (len > 1 && !util::valid_utf8(c))
        q += '?';
      else
        q.append(c);
      i += len;
      ++chars;
    }
    return "\"" + q + "\"";
  };
  if (e.why & kWhyHeading) {
    size_t p = n;
    for (size_t k = e.first_line; k-- > 0;)
      if (!trim(doc.text(k)).empty()) {
        p = k;
        break;
      }
    // A heading the pass took itself is the edit's first line: it is no
    // headline, so say it; one a rule removed is the line before.
    if (first < n && (e.why & kWhyOwnHeading)) {
      out += ", heading " + quote(first);
    } else if (p < n) {
      out += ", after " + quote(p);
    }
  } else if (e.why & kWhyRemoved) {
    out += ", next to a removed line";
  }
  if (e.why & kWhyEdge) out += ", outside the article body";
  return out;
}

}  // namespace decruft
