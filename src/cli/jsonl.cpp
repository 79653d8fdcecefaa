// decruft jsonl: a streaming filter for data pipelines.
//
// stdin is read in batches of whole lines; batches are cleaned on worker
// threads and written in input order, with a bounded number in flight, so
// memory stays at a few batches plus a small multiple of the longest record
// however long the stream is. Reading looks at each byte once: a record
// longer than a batch is read on until its newline, never searched again.
// Records are never dropped or reordered: a malformed one is reported with
// its line number and written unchanged.
//
// Text is bytes. JSON strings hold UTF-16 code units, so a lone surrogate
// escape (\ud800 without a low surrogate after it, as Python's json.dumps
// writes for a str holding one) has no UTF-8 form: such a text is decoded
// as WTF-8 (the surrogate as the 3 bytes ED A0 80, as Python's
// 'surrogatepass' encodes it), cleaned like invalid UTF-8 in a file, and
// each such 3-byte sequence is written back as the same \udXXX escape.
// Byte ranges in "decruft" count those bytes. A text with NUL bytes
// (\u0000) is treated like a binary file: left as it is, flagged "binary",
// with a warning naming the line.
#include "cli/jsonl.hpp"

#include <simdjson.h>

#include <unistd.h>

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <tuple>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <future>
#include <thread>

#include "cli/batch.hpp"
#include "cli/progress.hpp"

#include "core/printers.hpp"
#include "util/fs.hpp"
#include "util/json.hpp"

namespace decruft::cli {

namespace {

struct Member {
  size_t key_begin, key_end;      // the key's characters, without quotes
  size_t value_begin, value_end;  // the raw JSON value
};

// Where the members of a top-level JSON object are, in order. The record
// has been validated by simdjson first; simdjson's DOM does not say where a
// value stood in the input, and keeping the other members byte for byte
// needs exactly that, so this small scanner finds the extents.
bool scan_members(std::string_view s, std::vector<Member>& members, size_t& close) {
  members.clear();
  size_t i = 0;
  auto ws = [&]() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  };
  auto skip_string = [&]() {  // at the opening quote; ends after the closing one
    for (++i; i < s.size(); ++i) {
      if (s[i] == '\\') ++i;
      else if (s[i] == '"') { ++i; return true; }
    }
    return false;
  };
  ws();
  if (i >= s.size() || s[i] != '{') return false;
  ++i;
  for (;;) {
    ws();
    if (i >= s.size()) return false;
    if (s[i] == '}') { close = i; return true; }
    if (s[i] == ',') { ++i; ws(); }
    if (i >= s.size() || s[i] != '"') return false;
    Member m{};
    m.key_begin = i + 1;
    if (!skip_string()) return false;
    m.key_end = i - 1;
    ws();
    if (i >= s.size() || s[i] != ':') return false;
    ++i;
    ws();
    m.value_begin = i;
    if (i < s.size() && s[i] == '"') {
      if (!skip_string()) return false;
    } else if (i < s.size() && (s[i] == '{' || s[i] == '[')) {
      int depth = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == '"') { if (!skip_string()) return false; --i; continue; }
        if (s[i] == '{' || s[i] == '[') ++depth;
        else if (s[i] == '}' || s[i] == ']') { if (--depth == 0) { ++i; break; } }
      }
    } else {
      while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ' ' && s[i] != '\t' &&
             s[i] != '\r' && s[i] != '\n')
        ++i;
    }
    m.value_end = i;
    members.push_back(m);
  }
}

bool hex4(std::string_view s, size_t at, unsigned& v) {
  if (at + 4 > s.size()) return false;
  v = 0;
  for (size_t k = at; k < at + 4; ++k) {
    char c = s[k];
    unsigned d = c >= '0' && c <= '9'   ? static_cast<unsigned>(c - '0')
                 : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                 : c >= 'A' && c <= 'F' ? static_cast<unsigned>(c - 'A' + 10)
                                        : 16u;
    if (d > 15) return false;
    v = v * 16 + d;
  }
  return true;
}
bool high_surrogate(unsigned u) { return u >= 0xD800 && u <= 0xDBFF; }
bool low_surrogate(unsigned u) { return u >= 0xDC00 && u <= 0xDFFF; }

// Replaces each lone surrogate escape in `s` (a high one with no low one
// right after it, or a low one alone) by \ufffd, which has the same length,
// so that simdjson, which rejects them, can validate the rest of the record
// at the same offsets. True when there was one.
bool patch_lone_surrogates(std::string& s) {
  bool any = false;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '\\') continue;
    if (s[i + 1] != 'u') {  // another escape: skip the escaped character
      ++i;
      continue;
    }
    unsigned cu = 0, lo = 0;
    if (!hex4(s, i + 2, cu)) continue;  // invalid: simdjson will say so
    if (high_surrogate(cu) && i + 12 <= s.size() && s[i + 6] == '\\' && s[i + 7] == 'u' &&
        hex4(s, i + 8, lo) && low_surrogate(lo)) {
      i += 11;  // a pair
      continue;
    }
    if (high_surrogate(cu) || low_surrogate(cu)) {
      s.replace(i + 2, 4, "fffd");
      any = true;
    }
    i += 5;
  }
  return any;
}


// Decodes a JSON string (with its quotes; already validated, lone
// surrogates aside) into WTF-8: a lone surrogate becomes its 3-byte form.
void decode_wtf8(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  size_t i = 1, end = raw.size() - 1;
  while (i < end) {
    const void* bs = std::memchr(raw.data() + i, '\\', end - i);
    size_t j = bs ? static_cast<size_t>(static_cast<const char*>(bs) - raw.data()) : end;
    out.append(raw.data() + i, j - i);
    i = j;
    if (i + 1 >= end) break;
    char e = raw[i + 1];
    i += 2;
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        unsigned cu = 0, lo = 0;
        if (!hex4(raw, i, cu)) break;
        i += 4;
        if (high_surrogate(cu) && i + 6 <= end && raw[i] == '\\' && raw[i + 1] == 'u' &&
            hex4(raw, i + 2, lo) && low_surrogate(lo)) {
          cu = 0x10000 + ((cu - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
        util::append_utf8(out, cu);
        break;
      }
      default: out += e;  // \" \\ \/
    }
  }
}


// Length of the valid UTF-8 sequence at s[i] (strict: no overlong forms, no
// surrogates), or 0 when the byte there starts none.
size_t utf8_seq(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1Fu; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0Fu; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07u; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3Fu);
  }
  static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Replaces each byte of `s` that is not part of valid UTF-8 by '?', at the
// same offset, so that simdjson can validate the record's structure: an
// invalid byte (0x80 and up) is never JSON syntax, so the record is valid
// JSON with them exactly when it is with '?' in their place (inside a
// string; outside one both are errors). True when there was one.
bool patch_invalid_utf8(std::string& s) {
  bool any = false;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    size_t len = utf8_seq(s, i);
    if (len) { i += len; continue; }
    s[i++] = '?';
    any = true;
  }
  return any;
}

// Whether s is a JSON number (RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?).
bool json_number(std::string_view s) {
  size_t i = 0, n = s.size();
  auto digits = [&]() {
    size_t from = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < n && s[i] == '-') ++i;
  if (i < n && s[i] == '0') ++i;
  else if (!digits()) return false;
  if (i < n && s[i] == '.') { ++i; if (!digits()) return false; }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == n;
}

// Replaces each number outside strings that simdjson cannot hold (1e999999,
// integers above 2^64; any valid JSON number, in fact) by "0" and spaces, at
// the same offsets: JSON sets no limit on numbers, and decruft only keeps
// them byte for byte. A token that is not a JSON number is left for
// simdjson to reject. True when one was replaced.
bool patch_numbers(std::string& s) {
  bool any = false;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i)
        if (s[i] == '\\') ++i;
      ++i;
      continue;
    }
    if (c != '-' && !(c >= '0' && c <= '9')) { ++i; continue; }
    size_t j = i;
    while (j < s.size() && (s[j] == '-' || s[j] == '+' || s[j] == '.' || s[j] == 'e' ||
                            s[j] == 'E' || (s[j] >= '0' && s[j] <= '9')))
      ++j;
    if (j - i > 1 && json_number(std::string_view(s).substr(i, j - i))) {
      s[i] = '0';
      std::fill(s.begin() + static_cast<long>(i) + 1, s.begin() + static_cast<long>(j), ' ');
      any = true;
    }
    i = j;
  }
  return any;
}

// Writes bytes as a JSON string. `wtf8`: each 3-byte surrogate sequence as
// its \udXXX escape (see the top of this file); any other byte that is not
// valid UTF-8 is written as it is, as it came (a JSON text holding invalid
// UTF-8 stays one); the rest as util::json_string writes it.
void json_string_bytes(std::string& out, std::string_view s, bool wtf8) {
  std::string piece;
  size_t run = 0;
  auto flush = [&](size_t upto) {
    if (upto == run) return;
    piece.clear();
    util::json_string(piece, s.substr(run, upto - run));
    out.append(piece, 1, piece.size() - 2);  // without its quotes
  };
  out += '"';
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  for (size_t i = 0; i < s.size();) {
    if (b(i) < 0x80) { ++i; continue; }
    if (size_t len = utf8_seq(s, i)) { i += len; continue; }
    flush(i);
    if (wtf8 && i + 2 < s.size() && b(i) == 0xED && b(i + 1) >= 0xA0 && b(i + 1) <= 0xBF &&
        (b(i + 2) & 0xC0) == 0x80) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x",
                    0xD000u | ((b(i + 1) & 0x3Fu) << 6) | (b(i + 2) & 0x3Fu));
      out += esc;
      i += 3;
    } else {
      out += s[i++];  // invalid UTF-8: the byte as it came
    }
    run = i;
  }
  flush(s.size());
  out += '"';
}

// Appends `text` less the ranges `edits` remove as one JSON string, encoding
// the kept pieces one by one: the clean text is never copied out whole.
// Edits start and end on character boundaries, so this is the string
// json_string would write for apply_edits(text, edits). `bytes`: the text
// may hold lone surrogates (WTF-8) or invalid UTF-8 (json_string_bytes).
void json_clean_text(std::string& out, std::string_view text, const EditList& edits, bool bytes,
                     bool wtf8) {
  bool first = true;
  auto put = [&](std::string_view piece) {
    if (!first) out.pop_back();  // the closing quote so far
    size_t at = out.size();
    if (bytes)
      json_string_bytes(out, piece, wtf8);
    else
      util::json_string(out, piece);
    if (!first) out.erase(at, 1);  // the piece's opening quote: moves this piece only
    first = false;
  };
  size_t pos = 0;
  for (const auto& e : edits) {
    if (e.begin > pos) put(text.substr(pos, e.begin - pos));
    pos = std::max(pos, e.end);
  }
  if (pos < text.size() || first) put(text.substr(std::min(pos, text.size())));
}

// A dotted --text-field ("doc.text") as its parts.
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t from = 0;
  for (;;) {
    size_t dot = path.find('.', from);
    parts.push_back(path.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
    if (dot == std::string::npos) return parts;
    from = dot + 1;
  }
}

// A name safe to print in a diff header: printable ASCII without spaces.
bool plain_name(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) { return ch > ' ' && ch < 0x7f; });
}

}  // namespace

std::string jsonl_options_error(const Options& o) {
  const std::string& tf = o.text_field;
  std::vector<std::string> parts = split_path(tf);
  for (const auto& p : parts)
    if (p.empty()) return "--text-field " + tf + ": an empty name in the dotted path";
  const std::string& top = parts[0];
  if (top == "decruft" || top == "decruft_flags")
    return "--text-field " + tf + ": decruft writes that member itself";
  const std::string& k = o.keep_original;
  if (k == "decruft" || k == "decruft_flags")
    return "--keep-original " + k + ": decruft writes that member itself";
  if (!k.empty() && k == top)
    return "--keep-original " + k + " names the text field's own member (" + tf +
           "): the record would hold it twice; name another member";
  return "";
}

struct JsonlCleaner::Impl {
  const Engine& engine;
  const Options& options;
  std::vector<std::string> path;  // --text-field, split at its dots
  simdjson::dom::parser parser;
  std::unique_ptr<simdjson::dom::parser> deep;  // for nesting deeper than 1024
  std::vector<Member> members, nested;
  std::string patched;  // the record patched for simdjson (same offsets)
  std::string text;     // the decoded text field, when simdjson's cannot serve

  Impl(const Engine& e, const Options& o) : engine(e), options(o), path(split_path(o.text_field)) {}
};

JsonlCleaner::JsonlCleaner(const Engine& engine, const Options& options)
    : impl_(std::make_unique<Impl>(engine, options)) {}
JsonlCleaner::~JsonlCleaner() = default;

bool JsonlCleaner::clean(std::string_view record, std::string& out, std::string& error,
                         size_t& removals) {
  std::string warning;
  return clean(record, out, error, removals, warning, false);
}

bool JsonlCleaner::clean(std::string_view record, std::string& out, std::string& error,
                         size_t& removals, std::string& warning, bool padded) {
  RecordResult r;
  bool ok = clean(record, out, r, padded, false, 0, nullptr, nullptr);
  if (!ok) error = r.message;
  else if (r.status == RecordResult::kCleaned) warning = r.message;
  removals += r.cleaned.edits.size();
  return ok;
}

bool JsonlCleaner::clean(std::string_view record, std::string& out, RecordResult& r, bool padded,
                         bool flag_errors, size_t line, std::string* report, std::string* diff) {
  Impl& im = *impl_;
  const Options& o = im.options;
  r = RecordResult{};
  r.in_bytes = 0;
  // What simdjson cannot take, although it is valid JSON, is patched in a
  // copy at the same offsets and the copy validated: invalid UTF-8 (texts
  // are bytes), lone surrogate escapes (WTF-8), numbers beyond a double or
  // a 64-bit integer, nesting deeper than 1024. Each only when simdjson
  // names it, so a plain record is parsed once, where it stands.
  bool raw_bytes = false, wtf8 = false, numbers = false, deep = false;
  simdjson::dom::element root;
  // Padded: parsed where it stands, without simdjson's copy of the record.
  auto err = im.parser.parse(record.data(), record.size(), !padded).get(root);
  for (int attempt = 0; err && attempt < 4; ++attempt) {
    if (attempt == 0) im.patched.assign(record);
    if (err == simdjson::UTF8_ERROR && !raw_bytes && patch_invalid_utf8(im.patched)) {
      raw_bytes = true;
    } else if (err == simdjson::STRING_ERROR && !wtf8 && patch_lone_surrogates(im.patched)) {
      wtf8 = true;
    } else if ((err == simdjson::NUMBER_ERROR || err == simdjson::NUMBER_OUT_OF_RANGE) &&
               !numbers &&
               patch_numbers(im.patched)) {
      numbers = true;
    } else if (err == simdjson::DEPTH_ERROR && !deep) {
      deep = true;
      size_t depth = 2 + static_cast<size_t>(std::count_if(
                             im.patched.begin(), im.patched.end(),
                             [](char ch) { return ch == '[' || ch == '{'; }));
      im.deep = std::make_unique<simdjson::dom::parser>();
      if (im.deep->allocate(im.patched.size() + simdjson::SIMDJSON_PADDING, depth)) break;
    } else {
      break;
    }
    auto& p = deep ? *im.deep : im.parser;
    err = p.parse(im.patched.data(), im.patched.size()).get(root);
  }
  simdjson::dom::object obj;
  size_t close = 0;
  if (err || root.get_object().get(obj) || !scan_members(record, im.members, close) ||
      im.members.size() != obj.size()) {
    r.status = RecordResult::kMalformed;
    r.message = err ? simdjson::error_message(err) : "not a JSON object";
    out.append(record);
    return false;
  }
  // The members decruft reads or writes, by position; each may appear once:
  // a record naming one twice is read differently by different readers
  // (json.loads keeps the last, others the first), so it is an error.
  const std::string& keep = o.keep_original;
  long text_at = -1, decruft_at = -1, flags_at = -1, keep_at = -1, id_at = -1;
  std::vector<size_t> flag_members;  // every decruft_flags member, for the error flag
  int text_n = 0, url_n = 0, decruft_n = 0, keep_n = 0;
  std::string_view url, text;
  simdjson::dom::element text_value;
  size_t k = 0;
  for (auto [key, value] : obj) {
    if (key == im.path[0]) {
      ++text_n;
      text_at = static_cast<long>(k);
      text_value = value;
    } else if (key == "url") {
      if (++url_n == 1 && value.is_string() && value.get_string().get(url)) url = {};
    } else if (key == "decruft") {
      ++decruft_n;
      decruft_at = static_cast<long>(k);
    } else if (key == "decruft_flags") {
      flag_members.push_back(k);
      flags_at = static_cast<long>(k);
    } else if (!keep.empty() && key == keep) {
      ++keep_n;
      keep_at = static_cast<long>(k);
    }
    if (key == "id" && id_at < 0) id_at = static_cast<long>(k);
    ++k;
  }
  auto member_raw = [&](const std::vector<Member>& ms, size_t at, size_t base) {
    const Member& m = ms[at];
    return record.substr(base + m.value_begin, m.value_end - m.value_begin);
  };
  // The record's name in the report and the diff: its "id" when it has one.
  std::string_view id_raw = id_at >= 0 ? member_raw(im.members, static_cast<size_t>(id_at), 0)
                                       : std::string_view();
  std::string name = "stdin:" + std::to_string(line);
  if (!id_raw.empty()) {
    std::string_view bare = id_raw;
    if (bare.size() >= 2 && bare.front() == '"') bare = bare.substr(1, bare.size() - 2);
    if (plain_name(bare)) name = std::string(bare);
  }
  auto report_skipped = [&](const char* what) {
    if (!report) return;
    *report += "{\"path\":";
    util::json_string(*report, "stdin:" + std::to_string(line));
    *report += ",\"line\":" + std::to_string(line);
    if (!id_raw.empty()) *report += ",\"id\":" + std::string(id_raw);
    *report += ",\"";
    *report += what;
    *report += "\":";
    util::json_string(*report, r.message);
    *report += "}\n";
  };
  // An error on an object: written unchanged but for "decruft_flags":
  // ["error"] when flag_errors (--on-error=pass), so that it can be found.
  auto fail = [&](std::string why) {
    r.status = RecordResult::kError;
    r.message = std::move(why);
    report_skipped("error");
    if (!flag_errors) {
      out.append(record);
      return false;
    }
    size_t pos = 0;
    for (size_t at : flag_members) {
      const Member& m = im.members[at];
      out.append(record.substr(pos, m.value_begin - pos));
      out += "[\"error\"]";
      pos = m.value_end;
    }
    out.append(record.substr(pos, close - pos));
    if (flag_members.empty()) out += im.members.empty() ? "\"decruft_flags\":[\"error\"]"
                                                        : ",\"decruft_flags\":[\"error\"]";
    out.append(record.substr(close));
    return false;
  };
  auto twice = [&](const std::string& key) {
    return fail("member \"" + key + "\" appears more than once; readers disagree on which counts");
  };
  if (text_n > 1) return twice(im.path[0]);
  if (url_n > 1) return twice("url");
  if (decruft_n > 1) return twice("decruft");
  if (flag_members.size() > 1) return twice("decruft_flags");
  if (keep_n > 1) return twice(keep);
  // Down a dotted path: each part an object member, named once.
  size_t base = 0;  // where the current object's text begins in the record
  const std::vector<Member>* level = &im.members;
  long at = text_at;
  for (size_t part = 1; at >= 0 && part < im.path.size(); ++part) {
    simdjson::dom::object inner;
    if (text_value.get_object().get(inner)) {
      at = -1;
      break;
    }
    std::string_view raw = member_raw(*level, static_cast<size_t>(at), base);
    size_t inner_close = 0;
    base = static_cast<size_t>(raw.data() - record.data());
    if (!scan_members(raw, im.nested, inner_close) || im.nested.size() != inner.size()) {
      r.status = RecordResult::kMalformed;
      r.message = "cannot scan " + o.text_field;
      out.append(record);
      return false;
    }
    level = &im.nested;
    at = -1;
    int n = 0;
    k = 0;
    for (auto [key, value] : inner) {
      if (key == im.path[part]) {
        ++n;
        at = static_cast<long>(k);
        text_value = value;
      }
      ++k;
    }
    if (n > 1) return twice(o.text_field);
  }
  if (at < 0 || !text_value.is_string()) {  // nothing to clean: through as it is
    r.status = RecordResult::kNoText;
    if (at < 0)
      r.message = "no \"" + o.text_field + "\" member";
    else
      r.message = "\"" + o.text_field + "\" is " +
                  (text_value.is_null() ? std::string("null") : std::string("not a string")) +
                  ", nothing to clean";
    report_skipped("skipped");
    out.append(record);
    return true;
  }
  std::string_view raw_text = member_raw(*level, static_cast<size_t>(at), base);
  size_t text_begin = static_cast<size_t>(raw_text.data() - record.data());
  if (wtf8 || raw_bytes) {  // simdjson's string is of the patched copy
    decode_wtf8(raw_text, im.text);
    text = im.text;
  } else if (text_value.get_string().get(text)) {
    text = {};
  }
  // `text` is simdjson's decoded string (valid until the next parse) or ours.
  Document doc(text);
  std::string site = url.empty() ? o.site : domain_of(std::string(url));
  r.cleaned = clean_document(im.engine, o, doc, site);
  Cleaned& c = r.cleaned;
  r.in_bytes = text.size();
  if (!c.error.empty()) return fail(c.error);
  if (c.binary) r.message = "text with NUL bytes (\\u0000), left as it is";
  else r.message = slow_path_warning(c, o);
  r.out_bytes = text.size() - removed_bytes(c.edits);
  r.keep_existed = keep_at >= 0;

  std::string decruft_value, flags_value = flags_array(c);
  write_removals_json(decruft_value, doc, c.edits, im.engine.rules(), false);

  // Rebuild: every byte as it was, but the replaced values. An existing
  // --keep-original member is kept as it is: it may hold the original of an
  // earlier run, which the text it would get now no longer is.
  enum Kind { kText, kDecruft, kFlags };
  struct Replace {
    size_t begin, end;
    Kind kind;
  };
  std::vector<Replace> reps;
  auto replace = [&](long m_at, Kind kind) {
    if (m_at < 0) return;
    const Member& m = im.members[static_cast<size_t>(m_at)];
    reps.push_back({m.value_begin, m.value_end, kind});
  };
  reps.push_back({text_begin, text_begin + raw_text.size(), kText});
  replace(decruft_at, kDecruft);
  replace(flags_at, kFlags);
  std::sort(reps.begin(), reps.end(),
            [](const Replace& a, const Replace& b) { return a.begin < b.begin; });
  size_t pos = 0;
  for (const auto& rep : reps) {
    out.append(record.substr(pos, rep.begin - pos));
    switch (rep.kind) {
      case kText:
        if (c.binary) {
          out.append(raw_text);  // byte for byte, escapes and all
        } else {
          json_clean_text(out, text, c.edits, wtf8 || raw_bytes, wtf8);
        }
        break;
      case kDecruft: out += decruft_value; break;
      case kFlags: out += flags_value.empty() ? "[]" : flags_value; break;
    }
    pos = rep.end;
  }
  out.append(record.substr(pos, close - pos));
  if (keep_at < 0 && !keep.empty()) {
    out += ',';
    util::json_string(out, keep);
    out += ':';
    out.append(raw_text);
  }
  if (decruft_at < 0) {
    out += ",\"decruft\":";
    out += decruft_value;
  }
  if (flags_at < 0 && !flags_value.empty()) {
    out += ",\"decruft_flags\":";
    out += flags_value;
  }
  out.append(record.substr(close));

  if (report) {
    std::string extra = "\"line\":" + std::to_string(line);
    if (!id_raw.empty()) extra += ",\"id\":" + std::string(id_raw);
    if (std::string f = flags_json(c); !f.empty()) extra += "," + f;
    write_report_record(*report, doc, c.edits, im.engine.rules(),
                        {"stdin:" + std::to_string(line), true, extra});
  }
  if (diff && !c.edits.empty())
    write_unified_diff(*diff, doc, c.edits, im.engine.rules(), {name, name, false, o.word_diff});
  return true;
}

namespace {

// A batch's counts, for the summary; added up as batches are written.
struct Counts {
  size_t records = 0, with_text = 0, no_text = 0, malformed = 0, errors = 0, dropped = 0,
         changed = 0, binaries = 0, flagged = 0, held = 0, truncated = 0, slow = 0,
         keep_existed = 0, bytes_in = 0, bytes_out = 0, first_keep_line = 0;
  std::array<size_t, kCategoryCount> by_cat{};
  void add(const Counts& c) {
    records += c.records;
    with_text += c.with_text;
    no_text += c.no_text;
    malformed += c.malformed;
    errors += c.errors;
    dropped += c.dropped;
    changed += c.changed;
    binaries += c.binaries;
    flagged += c.flagged;
    held += c.held;
    truncated += c.truncated;
    slow += c.slow;
    if (!keep_existed && c.keep_existed) first_keep_line = c.first_keep_line;
    keep_existed += c.keep_existed;
    bytes_in += c.bytes_in;
    bytes_out += c.bytes_out;
    for (size_t i = 0; i < by_cat.size(); ++i) by_cat[i] += c.by_cat[i];
  }
};

struct Batch {
  std::string data;
  size_t first_line = 0;  // 1-based number of the batch's first line
  std::string out, report, diff;
  std::string messages;  // errors, already formatted
  Counts n;
  bool stopped = false;  // --on-error=fail: a record failed; nothing after it was written
};

constexpr std::string_view kBom = "\xEF\xBB\xBF";

void process(const Engine& engine, const Options& o, Batch& b) {
  JsonlCleaner cleaner(engine, o);
  std::string_view data = b.data;
  b.out.reserve(data.size() + data.size() / 8);
  b.n.bytes_in = data.size();
  size_t pos = 0, line = b.first_line;
  const bool want_report = !o.report.empty(), want_diff = !o.diff_output.empty();
  const auto& rules = engine.rules();
  RecordResult r;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    size_t end = nl == std::string_view::npos ? data.size() : nl;
    size_t body_end = end > pos && data[end - 1] == '\r' ? end - 1 : end;
    std::string_view rec = data.substr(pos, body_end - pos);
    // A byte order mark before the first record is not part of it (RFC 8259
    // lets parsers ignore it): it goes out as it came, before the record.
    size_t mark = b.out.size();
    if (line == 1 && rec.substr(0, kBom.size()) == kBom) {
      b.out.append(kBom);
      rec.remove_prefix(kBom.size());
    }
    bool blank = std::all_of(rec.begin(), rec.end(),
                             [](char ch) { return ch == ' ' || ch == '\t'; });
    bool keep_line = true;
    if (blank) {
      b.out.append(rec);
    } else {
      ++b.n.records;
      // Every record is followed by allocated bytes of the batch (see cmd_jsonl).
      cleaner.clean(rec, b.out, r, true, o.on_error == "pass", line,
                    want_report ? &b.report : nullptr, want_diff ? &b.diff : nullptr);
      std::string where = "decruft: stdin:" + std::to_string(line) + ": ";
      switch (r.status) {
        case RecordResult::kCleaned: {
          const Cleaned& c = r.cleaned;
          ++b.n.with_text;
          b.n.changed += !c.edits.empty();
          b.n.binaries += c.binary;
          b.n.flagged += c.over_removal;
          b.n.held += c.held_back;
          b.n.truncated += c.truncated;
          b.n.slow += c.re2.slow();
          if (r.keep_existed && !b.n.keep_existed++) b.n.first_keep_line = line;
          for (const auto& e : c.edits) ++b.n.by_cat[static_cast<size_t>(rules[e.rule].category)];
          if (!r.message.empty()) b.messages += where + r.message + "\n";
          break;
        }
        case RecordResult::kNoText:
          ++b.n.no_text;
          b.messages += where + r.message + "\n";
          break;
        case RecordResult::kMalformed:
        case RecordResult::kError: {
          bool malformed = r.status == RecordResult::kMalformed;
          ++(malformed ? b.n.malformed : b.n.errors);
          b.messages += where + (malformed ? "malformed record (" + r.message + ")" : r.message);
          if (o.on_error == "pass") {
            b.messages += malformed ? ", passed through unchanged\n"
                                    : "; passed through unchanged, flagged \"error\"\n";
          } else if (o.on_error == "drop") {
            b.messages += "; dropped (--on-error=drop)\n";
            ++b.n.dropped;
            b.out.resize(mark);
            keep_line = false;
          } else {
            b.messages += "; stopping there (--on-error=fail)\n";
            b.out.resize(mark);
            b.stopped = true;
          }
          break;
        }
      }
    }
    if (b.stopped) break;
    if (keep_line)
      b.out.append(data.substr(body_end, (nl == std::string_view::npos ? end : nl + 1) - body_end));
    pos = nl == std::string_view::npos ? data.size() : nl + 1;
    ++line;
  }
  b.n.bytes_out = b.out.size();
}

std::string human_bytes(double bytes) {
  char buf[32];
  if (bytes < 1e6)
    std::snprintf(buf, sizeof buf, "%.1f kB", bytes / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  return buf;
}

// A file's identity, to refuse an output that is the file on stdin.
bool same_file(int fd, const std::string& path) {
  struct stat a {}, b {};
  return ::fstat(fd, &a) == 0 && S_ISREG(a.st_mode) && ::stat(path.c_str(), &b) == 0 &&
         a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

int cmd_jsonl(const Options& o) {
  if (!o.paths.empty()) {
    complain("jsonl reads standard input only (decruft jsonl < in.jsonl > out.jsonl)");
    return kUsage;
  }
  if (std::string e = jsonl_options_error(o); !e.empty()) {
    complain(e);
    return kUsage;
  }
  // The outputs: -o (stdout when absent or "-"), --diff and --report; no
  // two the same, none the file on stdin.
  const std::string out_path = o.output.empty() ? "-" : o.output;
  const std::pair<const std::string*, const char*> outs[] = {
      {&out_path, "the records"}, {&o.diff_output, "the diff"}, {&o.report, "the report"}};
  for (size_t i = 0; i < 3; ++i) {
    const std::string& p = *outs[i].first;
    if (p.empty()) continue;
    for (size_t j = i + 1; j < 3; ++j)
      if (*outs[j].first == p) {
        complain(p + ": " + outs[i].second + " and " + outs[j].second +
                 " would both be written to it");
        return kUsage;
      }
    if (p != "-" && same_file(0, p)) {
      complain(p + ": " + outs[i].second + " would overwrite the input on stdin");
      return kUsage;
    }
  }
  auto engine = load_engine(o);
  if (!engine) return kUsage;
  util::AtomicWriter out_file, diff_file, report_file;
  for (auto [w, p] : {std::pair{&out_file, &o.output}, std::pair{&diff_file, &o.diff_output},
                      std::pair{&report_file, &o.report}}) {
    std::string err;
    if (!p->empty() && *p != "-" && !w->open(*p, err)) {
      complain(*p + ": " + err);
      return kInputFailed;
    }
  }
  const bool out_to_file = out_path != "-";
  auto put = [&](util::AtomicWriter& w, const std::string& path, std::string_view bytes) {
    if (bytes.empty()) return true;
    return path == "-" ? util::write_fd(1, bytes) : w.write(bytes);
  };

  unsigned jobs = worker_count(o.jobs);
  const size_t kBatchBytes = 1 << 21;
  const size_t kRead = 1 << 16;
  const size_t kInFlight = 2 * jobs;

  std::deque<std::pair<std::unique_ptr<Batch>, std::future<void>>> inflight;
  // Written batches are reused: their buffers keep their capacity, which
  // spares the page faults of fresh 2 MB allocations. A batch that held a
  // record far longer than a batch gives its memory back instead.
  std::vector<std::unique_ptr<Batch>> spare;
  Counts total;
  size_t batches_written = 0;
  bool stop = false;           // no more reading: --on-error=fail, no text field, a write error
  bool no_field = false;       // the first batch had records, none with the text field
  bool stopped_on_error = false;
  int write_errno = 0;  // the first failed write on stdout: no more are tried
  const bool progress = !o.quiet && !o.line_buffered && util::is_terminal(2);
  const auto started = std::chrono::steady_clock::now();
  auto last_drawn = started;
  auto write_batch = [&](Batch& batch) {
    if (!batch.messages.empty()) util::write_fd(2, batch.messages);
    if (!write_errno && !stopped_on_error) {
      if (!put(out_file, out_path, batch.out)) write_errno = errno ? errno : EIO;
      put(diff_file, o.diff_output, batch.diff);
      put(report_file, o.report, batch.report);
    }
    if (batch.n.keep_existed && !total.keep_existed)
      complain("stdin:" + std::to_string(batch.n.first_keep_line) + ": the record already has a \"" +
               o.keep_original + "\" member: kept as it is (--keep-original does not overwrite it)");
    total.add(batch.n);
    if (progress) {  // on a terminal: records so far (the stream's end is unknown)
      auto now = std::chrono::steady_clock::now();
      if (now - last_drawn >= std::chrono::milliseconds(100)) {
        last_drawn = now;
        draw_progress(total.records, 0, "records", static_cast<double>(total.bytes_in),
                      std::chrono::duration<double>(now - started).count());
      }
    }
    if (batch.stopped) stopped_on_error = true;
    // A run that found its text field in no record of the first batch is
    // most likely a typo in --text-field: it stops there, exit 2.
    if (++batches_written == 1 && !o.line_buffered && batch.n.with_text == 0 &&
        batch.n.no_text > 0)
      no_field = true;
    if (write_errno || stopped_on_error || no_field) stop = true;
    batch.messages.clear();
    batch.report.clear();
    batch.diff.clear();
    batch.n = Counts{};
    batch.stopped = false;
  };
  auto write_front = [&]() {
    auto& [batch, fut] = inflight.front();
    fut.get();
    write_batch(*batch);
    if (batch->data.capacity() > 4 * kBatchBytes || batch->out.capacity() > 8 * kBatchBytes) {
      batch.reset();
    } else {
      batch->out.clear();
      spare.push_back(std::move(batch));
    }
    inflight.pop_front();
  };
  auto submit = [&](std::unique_ptr<Batch> b) {
    if (o.line_buffered) {  // answered here and now, flushed record by record
      process(*engine, o, *b);
      write_batch(*b);
      b->out.clear();
      spare.push_back(std::move(b));
      return;
    }
    Batch* raw = b.get();
    auto fut = std::async(std::launch::async, [&engine, &o, raw]() { process(*engine, o, *raw); });
    inflight.emplace_back(std::move(b), std::move(fut));
    while (inflight.size() > kInFlight) write_front();
  };

  // `pending` holds the bytes read and not yet in a batch; `last_nl` is the
  // position of its last newline (npos: none). Each read looks only at the
  // bytes it brought, so a record of any length costs time linear in it.
  // A read error ends the input there: every record read is still cleaned
  // and written, then the run says why it stopped (exit 3).
  std::string pending;
  size_t last_nl = std::string::npos;
  size_t next_line = 1;
  bool eof = false;
  int read_errno = 0;
  while (!eof && !stop) {
    size_t old = pending.size();
    pending.resize(old + kRead);
    ssize_t got = ::read(0, &pending[old], kRead);
    if (got < 0) {
      pending.resize(old);
      if (errno == EINTR) continue;
      read_errno = errno;
      got = 0;
    }
    pending.resize(old + static_cast<size_t>(got));
    if (got == 0) eof = true;
    if (const void* nl = ::memrchr(pending.data() + old, '\n', static_cast<size_t>(got)))
      last_nl = static_cast<size_t>(static_cast<const char*>(nl) - pending.data());
    bool full = (o.line_buffered || pending.size() >= kBatchBytes) && last_nl != std::string::npos;
    if (!full && !(eof && !pending.empty())) continue;
    size_t cut = eof ? pending.size() : last_nl + 1;
    std::unique_ptr<Batch> b;
    if (spare.empty()) {
      b = std::make_unique<Batch>();
    } else {
      b = std::move(spare.back());
      spare.pop_back();
    }
    // The batch takes the buffer; what follows the cut (less than a record
    // plus one read) is copied back.
    b->data.swap(pending);
    pending.assign(b->data, cut, std::string::npos);
    b->data.resize(cut);
    // simdjson may read SIMDJSON_PADDING bytes past a record (their values
    // do not matter): the last record's are allocated here, the others'
    // are the records after them.
    b->data.reserve(cut + simdjson::SIMDJSON_PADDING);
    last_nl = std::string::npos;
    b->first_line = next_line;
    next_line += static_cast<size_t>(std::count(b->data.begin(), b->data.end(), '\n'));
    submit(std::move(b));
  }
  while (!inflight.empty()) write_front();

  int status = kOk;
  if (read_errno) {
    complain(std::string("stdin: ") + std::strerror(read_errno) + "; the " +
             std::to_string(total.records) + " records read before it were written");
    status = kInputFailed;
  }
  if (no_field) {
    complain("no record of the first batch (" + std::to_string(total.records) +
             " records) has a \"" + o.text_field +
             "\" member that is a string: check --text-field; stopped there");
    status = kUsage;
  }
  if (stopped_on_error) status = kInputFailed;
  if (o.on_error == "pass" && total.malformed + total.errors) status = kInputFailed;
  // The files appear under their names now, complete (also after an error
  // on stdin or a stop: what was written is what was read).
  for (auto [w, p] : {std::pair{&out_file, &o.output}, std::pair{&diff_file, &o.diff_output},
                      std::pair{&report_file, &o.report}}) {
    std::string err;
    if (p->empty() || *p == "-") continue;
    if (!w->commit(err)) {
      complain(*p + ": " + err);
      status = kInputFailed;
    }
  }
  if (write_errno && !out_to_file) {
    complain(std::string("stdout: ") + std::strerror(write_errno));
    status = kInputFailed;
  }
  if (progress && last_drawn != started) erase_progress();
  if (!o.quiet) {
    std::string cats;
    for (size_t c = 0; c < kCategoryCount; ++c)
      if (total.by_cat[c])
        cats += (cats.empty() ? "" : ", ") + std::string(category_name(static_cast<Category>(c))) +
                " " + std::to_string(total.by_cat[c]);
    std::string extra;
    if (total.dropped) extra += ", " + std::to_string(total.dropped) + " dropped";
    if (total.keep_existed)
      extra += ", " + std::to_string(total.keep_existed) + " with \"" + o.keep_original +
               "\" kept as it was";
    if (total.slow) extra += ", " + std::to_string(total.slow) + " matched on an RE2 slow path";
    std::fprintf(stderr,
                 "decruft: %zu records (%zu changed), %s in, %s out; removals: %s; "
                 "%zu without \"%s\", %zu malformed, %zu failed, %zu binary, "
                 "%zu flagged over-removal, %zu held back, %zu truncated%s\n",
                 total.records, total.changed, human_bytes(static_cast<double>(total.bytes_in)).c_str(),
                 human_bytes(static_cast<double>(total.bytes_out)).c_str(),
                 cats.empty() ? "none" : cats.c_str(), total.no_text, o.text_field.c_str(),
                 total.malformed, total.errors, total.binaries, total.flagged, total.held,
                 total.truncated, extra.c_str());
  }
  return status;
}

}  // namespace decruft::cli
