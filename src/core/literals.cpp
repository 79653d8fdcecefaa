// Hand-written: RE2 keeps its parse tree (re2/regexp.h) out of its public
// headers, and FilteredRE2, the public way to its literals, compiles every
// pattern first, which is the cost the prefilter exists to avoid.
#include "core/literals.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "util/json.hpp"

namespace decruft {

namespace {

// The lower-case form fold() gives a code point.
uint32_t lower(uint32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c < 0x100) return (c >= 0xC0 && c <= 0xDE && c != 0xD7) ? c + 0x20 : c;
  if (c < 0x180) {
    if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149) return c;
    if (c == 0x178) return 0xFF;
    if (c == 0x17F) return 's';
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : c;
    return c | 1;  // 0100-012F, 0132-0137, 014A-0177: even upper, odd lower
  }
  if (c >= 0x400 && c < 0x410) return c + 0x50;
  if (c >= 0x410 && c < 0x430) return c + 0x20;
  switch (c) {
    case 0x1C80: return 0x432;  // CYRILLIC SMALL LETTER ROUNDED VE
    case 0x1C81: return 0x434;  // ... LONG-LEGGED DE
    case 0x1C82: return 0x43E;  // ... NARROW O
    case 0x1C83: return 0x441;  // ... WIDE ES
    case 0x1C84:                // ... TALL TE
    case 0x1C85: return 0x442;  // ... THREE-LEGGED TE
    case 0x1C86: return 0x44A;  // ... TALL HARD SIGN
    case 0x1E9E: return 0xDF;   // LATIN CAPITAL LETTER SHARP S
    case 0x212A: return 'k';    // KELVIN SIGN
    case 0x212B: return 0xE5;   // ANGSTROM SIGN
    default: return c;
  }
}


// Decodes the UTF-8 character at s[i]; its length goes to `len`. An invalid
// or truncated sequence gives UINT32_MAX and length 1.
uint32_t decode(std::string_view s, size_t i, size_t& len) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  len = 1;
  if (c < 0x80) return c;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return UINT32_MAX;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return UINT32_MAX;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return UINT32_MAX;
  len = n;
  return cp;
}

}  // namespace

void fold(std::string_view text, std::string& out) {
  for (size_t i = 0; i < text.size();) {
    // A run of ASCII, lowered in place in one stretch of the output.
    size_t j = i;
    while (j < text.size() && static_cast<unsigned char>(text[j]) < 0x80) ++j;
    if (j > i) {
      const size_t at = out.size();
      out.resize(at + (j - i));
      char* d = out.data() + at;
      for (size_t k = i; k < j; ++k) {
        const auto c = static_cast<unsigned char>(text[k]);
        *d++ = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
      }
      i = j;
      continue;
    }
    size_t len;
    uint32_t cp = decode(text, i, len);
    uint32_t lo = cp == UINT32_MAX ? cp : lower(cp);
    if (lo == cp)
      out.append(text.substr(i, len));
    else
      util::append_utf8(out, lo);
    i += len;
  }
}

bool foldable(uint32_t c) {
  if (c < 0x80) return true;
  if (c < 0x100) return c != 0xB5 && c >= 0xA0;  // MICRO SIGN folds with Greek mu
  if (c < 0x180) return c != 0x130 && c != 0x131;  // dotted and dotless i fold with nothing RE2 knows
  if (c >= 0x400 && c < 0x460) return true;
  return (c >= 0x2000 && c < 0x2070) || (c >= 0x20A0 && c < 0x20D0) ||  // punctuation, currency
         (c >= 0x1100 && c < 0x1200) ||                                   // Hangul Jamo
         (c >= 0x3000 && c < 0x3100) || (c >= 0x3130 && c < 0x3190) ||  // CJK punctuation, kana
         (c >= 0x31F0 && c < 0x3200) || (c >= 0x3400 && c < 0x4DC0) ||  // CJK ideographs
         (c >= 0x4E00 && c < 0xA000) || (c >= 0xAC00 && c < 0xD7A4) ||  // ..., Hangul
         (c >= 0xFF01 && c < 0xFF21) || (c >= 0xFF3B && c < 0xFF41) ||  // fullwidth, not letters
         (c >= 0xFF5B && c < 0xFFF0);
}

namespace {

// What is known of the strings a part of a pattern matches: exactly the
// strings of `set` (exact), or strings that each contain one of `set`
// (every entry non-empty), or nothing (any).
struct Info {
  enum Kind { exact, contains, any } kind = any;
  std::vector<std::string> set;
};

Info any_info() { return {}; }
Info exact_of(std::string s) { return {Info::exact, {std::move(s)}}; }

// An Info as a `contains` requirement: an exact set holding "" promises
// nothing.
Info as_contains(Info i) {
  if (i.kind == Info::exact) {
    for (const auto& s : i.set)
      if (s.empty()) return any_info();
    i.kind = Info::contains;
  }
  return i;
}

// Sets beyond this many strings stop being tracked; a concatenation stops
// multiplying its parts' sets out beyond kMaxCross.
constexpr size_t kMaxSet = 64;
constexpr size_t kMaxCross = 16;
// Longest literal kept. Only the first kMaxLiteral bytes of any string are
// ever used, so a string that long stops growing while parsing: the match
// then starts with it rather than equals it, which is all a concatenation
// or the prefilter needs, and it keeps the sets small.
constexpr size_t kMaxLiteral = 8;

void extend(std::string& s, std::string_view more) {
  if (s.size() >= kMaxLiteral) return;
  s.append(more.substr(0, kMaxLiteral - s.size()));
}

void normalise(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Which of two requirements to keep: the one whose shortest literal is
// longer, then the one with fewer literals.
bool better(const Info& a, const Info& b) {
  if (b.kind == Info::any) return a.kind != Info::any;
  if (a.kind == Info::any) return false;
  auto shortest = [](const Info& i) {
    size_t m = SIZE_MAX;
    for (const auto& s : i.set) m = std::min(m, s.size());
    return m;
  };
  // Past 8 bytes a literal is rare enough in prose; then fewer is better.
  size_t sa = std::min<size_t>(shortest(a), 8), sb = std::min<size_t>(shortest(b), 8);
  return sa != sb ? sa > sb : a.set.size() < b.set.size();
}

bool special(unsigned char c) {
  switch (c) {
    case '(': case ')': case '[': case ']': case '{': case '}': case '|':
    case '.': case '^': case '$': case '*': case '+': case '?':
      return true;
    default:
      return false;
  }
}

bool quantifier(char c) { return c == '*' || c == '+' || c == '?' || c == '{'; }

class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}

  // False when the pattern uses something this parser does not model.
  bool parse(Info& out) {
    out = alternation();
    return ok_ && i_ == p_.size();
  }

 private:
  std::string_view p_;
  size_t i_ = 0;
  bool ok_ = true;

  bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }
  void fail() {
    ok_ = false;
    i_ = p_.size();
  }

  Info alternation() {
    std::vector<Info> alts{concatenation()};
    while (ok_ && at('|')) {
      ++i_;
      alts.push_back(concatenation());
    }
    if (alts.size() == 1) return std::move(alts[0]);
    bool all_exact = true;
    for (const auto& a : alts) all_exact = all_exact && a.kind == Info::exact;
    Info r;
    r.kind = all_exact ? Info::exact : Info::contains;
    for (auto& a : alts) {
      Info c = all_exact ? std::move(a) : as_contains(std::move(a));
      if (c.kind == Info::any) return any_info();
      r.set.insert(r.set.end(), c.set.begin(), c.set.end());
    }
    normalise(r.set);
    return r.set.size() <= kMaxSet ? r : any_info();
  }

  Info concatenation() {
    // `run` is the exact set of the parts since the last one that was not
    // exact; `best` the best requirement seen so far.
    Info run = exact_of(""), best = any_info();
    bool exact = true;
    auto flush = [&] {
      Info c = as_contains(run);
      if (better(c, best)) best = std::move(c);
    };
    while (ok_ && i_ < p_.size() && !at('|') && !at(')')) {
      // Most of a pattern is plain characters: append them in place.
      if (std::string ch; plain(ch)) {
        for (auto& r : run.set) extend(r, ch);
        continue;
      }
      Info part = repetition();
      if (!ok_) break;
      if (part.kind == Info::exact && run.set.size() * part.set.size() <= kMaxCross) {
        std::vector<std::string> cross;
        for (const auto& a : run.set)
          for (const auto& b : part.set) {
            cross.push_back(a);
            extend(cross.back(), b);
          }
        normalise(cross);
        run.set = std::move(cross);
        continue;
      }
      exact = false;
      flush();
      if (part.kind == Info::exact) {
        run = std::move(part);
      } else {
        if (better(part, best)) best = std::move(part);
        run = exact_of("");
      }
    }
    if (exact) return run;
    flush();
    return best;
  }

  // A literal character at i_ that no quantifier follows, folded into
  // `out`; i_ moves past it. False (i_ unmoved) for anything else.
  bool plain(std::string& out) {
    size_t len = 1;
    uint32_t cp;
    unsigned char c = static_cast<unsigned char>(p_[i_]);
    if (c == '\\') {
      if (i_ + 1 >= p_.size()) return false;
      c = static_cast<unsigned char>(p_[i_ + 1]);
      if (c >= 0x80 || !std::ispunct(c)) return false;
      cp = c;
      len = 2;
    } else if (c < 0x80) {
      if (special(c)) return false;
      cp = c;
    } else {
      cp = decode(p_, i_, len);
      if (cp == UINT32_MAX || !foldable(cp)) return false;
    }
    if (i_ + len < p_.size() && quantifier(p_[i_ + len])) return false;
    if (cp < 0x80) {
      out = static_cast<char>((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
    } else {
      fold(p_.substr(i_, len), out);
    }
    i_ += len;
    return true;
  }

  Info repetition() {
    Info a = atom();
    while (ok_ && i_ < p_.size()) {
      char c = p_[i_];
      size_t min = 0;
      bool optional_only = false;  // {0,1} or ?
      if (c == '*' || c == '+' || c == '?') {
        ++i_;
        min = c == '+' ? 1 : 0;
        optional_only = c == '?';
      } else if (c == '{') {
        size_t j = i_ + 1, lo = 0, hi = SIZE_MAX;
        bool digits = false;
        while (j < p_.size() && std::isdigit(static_cast<unsigned char>(p_[j]))) {
          lo = lo * 10 + static_cast<size_t>(p_[j++] - '0');
          digits = true;
          if (lo > 100000) return fail(), any_info();
        }
        if (!digits) return fail(), any_info();  // a literal '{': not modelled
        if (j < p_.size() && p_[j] == ',') {
          ++j;
          if (j < p_.size() && std::isdigit(static_cast<unsigned char>(p_[j]))) {
            hi = 0;
            while (j < p_.size() && std::isdigit(static_cast<unsigned char>(p_[j]))) {
              hi = hi * 10 + static_cast<size_t>(p_[j++] - '0');
              if (hi > 100000) return fail(), any_info();
            }
          }
        } else {
          hi = lo;
        }
        if (j >= p_.size() || p_[j] != '}') return fail(), any_info();
        i_ = j + 1;
        min = lo;
        optional_only = lo == 0 && hi == 1;
      } else {
        break;
      }
      if (at('?')) ++i_;  // non-greedy: the same strings
      if (min >= 1) {
        a = as_contains(std::move(a));
      } else if (optional_only && a.kind == Info::exact) {
        a.set.push_back("");
        normalise(a.set);
      } else {
        a = any_info();
      }
    }
    return a;
  }

  // A literal character, folded; any_info() when it is not foldable.
  Info literal(uint32_t cp) {
    if (!foldable(cp)) return any_info();
    std::string s, f;
    util::append_utf8(s, cp);
    fold(s, f);
    return exact_of(std::move(f));
  }

  Info atom() {
    char c = p_[i_];
    switch (c) {
      case '(': return group();
      case '[': return char_class();
      case '.': ++i_; return any_info();
      case '^':
      case '$': ++i_; return exact_of("");
      case '\\': return escape();
      case '*':
      case '+':
      case '?':
      case '{':
      case ')': return fail(), any_info();
      default: {
        size_t len;
        uint32_t cp = decode(p_, i_, len);
        if (cp == UINT32_MAX) return fail(), any_info();
        i_ += len;
        return literal(cp);
      }
    }
  }

  Info group() {
    ++i_;  // (
    if (at('?')) {
      ++i_;
      if (at('P') || at('<')) {  // named group (?P<name>...) or (?<name>...)
        size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) return fail(), any_info();
        i_ = close + 1;
      } else {
        // Flags: (?i) (?-s) ... alone, or (?i:...) around a group.
        while (i_ < p_.size() && (std::isalpha(static_cast<unsigned char>(p_[i_])) || p_[i_] == '-')) {
          if (!std::strchr("imsU-", p_[i_])) return fail(), any_info();
          ++i_;
        }
        if (at(')')) {
          ++i_;
          return exact_of("");  // case is folded anyway
        }
        if (!at(':')) return fail(), any_info();
        ++i_;
      }
    }
    Info inner = alternation();
    if (!at(')')) return fail(), any_info();
    ++i_;
    return inner;
  }

  // After \p or \P: skips the class name ({Greek} or one letter). False
  // when a brace is not closed.
  bool skip_class_name() {
    if (at('{')) {
      size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) return false;
      i_ = close + 1;
    } else if (i_ < p_.size()) {
      ++i_;
    }
    return true;
  }

  Info escape() {
    if (i_ + 1 >= p_.size()) return fail(), any_info();
    char n = p_[i_ + 1];
    i_ += 2;
    if (n == 'b' || n == 'B' || n == 'A' || n == 'z') return exact_of("");
    if (n == 'd' || n == 'D' || n == 'w' || n == 'W' || n == 's' || n == 'S' || n == 'n' ||
        n == 't' || n == 'r' || n == 'f' || n == 'v')
      return any_info();
    if (n == 'p' || n == 'P') {
      if (!skip_class_name()) return fail(), any_info();
      return any_info();
    }
    if (static_cast<unsigned char>(n) < 0x80 && std::ispunct(static_cast<unsigned char>(n)))
      return literal(static_cast<unsigned char>(n));
    if (n == 'x') {  // \x{263a} or \x41: one character, not taken as a literal
      if (at('{')) {
        size_t close = p_.find('}', i_);
        if (close == std::string_view::npos) return fail(), any_info();
        i_ = close + 1;
      } else {
        if (i_ + 2 > p_.size()) return fail(), any_info();
        i_ += 2;
      }
      return any_info();
    }
    return fail(), any_info();  // \Q, \C, back references ...: not modelled
  }

  // A class of a few literal characters ([’'], [-‐]) is an exact set;
  // anything larger, negated or with ranges and escapes matches "any".
  Info char_class() {
    ++i_;  // [
    bool negated = at('^');
    if (negated) ++i_;
    Info r;
    r.kind = Info::exact;
    bool simple = !negated;
    bool first = true;
    while (i_ < p_.size() && (first || !at(']'))) {
      first = false;
      char c = p_[i_];
      if (c == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') {
        size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return fail(), any_info();
        i_ = close + 2;
        simple = false;
        continue;
      }
      uint32_t cp;
      if (c == '\\') {
        if (i_ + 1 >= p_.size()) return fail(), any_info();
        char n = p_[i_ + 1];
        i_ += 2;
        if (n == 'p' || n == 'P') {
          if (!skip_class_name()) return fail(), any_info();
          simple = false;
          continue;
        }
        if (static_cast<unsigned char>(n) >= 0x80 || !std::ispunct(static_cast<unsigned char>(n))) {
          simple = false;  // \s, \d, \x{..}, ...
          if (n == 'x' && at('{')) {
            size_t close = p_.find('}', i_);
            if (close == std::string_view::npos) return fail(), any_info();
            i_ = close + 1;
          }
          continue;
        }
        cp = static_cast<unsigned char>(n);
      } else {
        size_t len;
        cp = decode(p_, i_, len);
        if (cp == UINT32_MAX) return fail(), any_info();
        i_ += len;
      }
      if (at('-') && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        // A range: skip its upper end; not modelled as literals.
        ++i_;
        if (at('\\')) ++i_;
        size_t len;
        if (i_ >= p_.size() || decode(p_, i_, len) == UINT32_MAX) return fail(), any_info();
        i_ += len;
        simple = false;
        continue;
      }
      Info l = literal(cp);
      if (l.kind != Info::exact) simple = false;
      else r.set.push_back(std::move(l.set[0]));
    }
    if (!at(']')) return fail(), any_info();
    ++i_;
    normalise(r.set);
    if (!simple || r.set.empty() || r.set.size() > 8) return any_info();
    return r;
  }
};

}  // namespace

std::vector<std::string> required_literals(std::string_view pattern, size_t min_bytes,
                                           size_t max_literals) {
  Parser parser(pattern);
  Info info;
  if (!parser.parse(info)) return {};
  info = as_contains(std::move(info));
  if (info.kind == Info::any || info.set.size() > max_literals) return {};
  for (auto& s : info.set) {
    if (s.size() < min_bytes) return {};
    // Any part of a required literal is required too; its first bytes keep
    // the prefilter's automaton small.
    if (s.size() > kMaxLiteral) s.resize(kMaxLiteral);
  }
  // A literal that contains another adds nothing: a line holding it holds
  // the shorter one too.
  std::vector<std::string> out;
  std::sort(info.set.begin(), info.set.end(),
            [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
  for (auto& s : info.set) {
    bool covered = false;
    for (const auto& o : out) covered = covered || s.find(o) != std::string::npos;
    if (!covered) out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace decruft
