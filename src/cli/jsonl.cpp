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

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <future>
#include <thread>

#include "cli/batch.hpp"

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

// Writes WTF-8 bytes as a JSON string: each 3-byte surrogate sequence as its
// \udXXX escape, everything else as util::json_string writes it.
void json_string_wtf8(std::string& out, std::string_view s) {
  std::string piece;
  size_t run = 0;
  auto flush = [&](size_t upto) {
    if (upto == run) return;
    piece.clear();
    util::json_string(piece, s.substr(run, upto - run));
    out.append(piece, 1, piece.size() - 2);  // without its quotes
  };
  out += '"';
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    if (b(i) != 0xED || b(i + 1) < 0xA0 || b(i + 1) > 0xBF || (b(i + 2) & 0xC0) != 0x80) continue;
    flush(i);
    char esc[8];
    std::snprintf(esc, sizeof esc, "\\u%04x",
                  0xD000u | ((b(i + 1) & 0x3Fu) << 6) | (b(i + 2) & 0x3Fu));
    out += esc;
    i += 2;
    run = i + 1;
  }
  flush(s.size());
  out += '"';
}

// Appends `text` less the ranges `edits` remove as one JSON string, encoding
// the kept pieces one by one: the clean text is never copied out whole.
// Edits start and end on character boundaries, so this is the string
// json_string would write for apply_edits(text, edits).
void json_clean_text(std::string& out, std::string_view text, const EditList& edits, bool wtf8) {
  bool first = true;
  auto put = [&](std::string_view piece) {
    if (!first) out.pop_back();  // the closing quote so far
    size_t at = out.size();
    if (wtf8)
      json_string_wtf8(out, piece);
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

}  // namespace

struct JsonlCleaner::Impl {
  const Engine& engine;
  const Options& options;
  simdjson::dom::parser parser;
  std::vector<Member> members;
  std::string patched;  // the record with lone surrogates patched, to validate
  std::string text;     // the decoded text field, when simdjson's cannot serve

  Impl(const Engine& e, const Options& o) : engine(e), options(o) {}
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
  Impl& im = *impl_;
  simdjson::dom::element root;
  // Padded: parsed where it stands, without simdjson's copy of the record.
  auto err = im.parser.parse(record.data(), record.size(), !padded).get(root);
  // simdjson rejects lone surrogate escapes; the record is otherwise checked
  // with them patched (same offsets), and the text decoded here (WTF-8).
  bool wtf8 = false;
  if (err == simdjson::STRING_ERROR) {
    im.patched.assign(record);
    if (patch_lone_surrogates(im.patched)) {
      err = im.parser.parse(im.patched.data(), im.patched.size()).get(root);
      wtf8 = !err;
    }
  }
  simdjson::dom::object obj;
  size_t close = 0;
  if (err || root.get_object().get(obj) || !scan_members(record, im.members, close) ||
      im.members.size() != obj.size()) {
    error = err ? simdjson::error_message(err) : "not a JSON object";
    out.append(record);
    return false;
  }
  // Find the text, url, decruft, decruft_flags and keep-original members by
  // position.
  const std::string& field = im.options.text_field;
  long text_at = -1, decruft_at = -1, flags_at = -1, keep_at = -1;
  std::string_view url, text;
  size_t k = 0;
  for (auto [key, value] : obj) {
    if (key == field && text_at < 0 && value.is_string()) {
      text_at = static_cast<long>(k);
      if (value.get_string().get(text)) text = {};
    } else if (key == "url" && value.is_string()) {
      if (value.get_string().get(url)) url = {};
    } else if (key == "decruft" && decruft_at < 0) {
      decruft_at = static_cast<long>(k);
    } else if (key == "decruft_flags" && flags_at < 0) {
      flags_at = static_cast<long>(k);
    } else if (!im.options.keep_original.empty() && key == im.options.keep_original &&
               keep_at < 0) {
      keep_at = static_cast<long>(k);
    }
    ++k;
  }
  if (text_at < 0) {  // nothing to clean: the record goes through as it is
    out.append(record);
    return true;
  }
  const Member& tm = im.members[static_cast<size_t>(text_at)];
  std::string_view raw_text = record.substr(tm.value_begin, tm.value_end - tm.value_begin);
  if (wtf8) {
    decode_wtf8(raw_text, im.text);
    text = im.text;
  }
  // `text` is simdjson's decoded string (valid until the next parse) or ours.
  Document doc(text);
  std::string site = url.empty() ? im.options.site : domain_of(std::string(url));
  Cleaned c = clean_document(im.engine, im.options, doc, site);
  if (!c.error.empty()) {
    error = c.error;
    out.append(record);
    return false;
  }
  if (c.binary) warning = "text with NUL bytes (\\u0000), left as it is";
  else warning = slow_path_warning(c, im.options);
  removals += c.edits.size();

  std::string decruft_value, flags_value = flags_array(c);
  write_removals_json(decruft_value, doc, c.edits, im.engine.rules(), false);

  // Rebuild: every byte as it was, but the replaced values.
  enum Kind { kText, kDecruft, kFlags, kKeep };
  struct Replace {
    size_t begin, end;
    Kind kind;
  };
  std::vector<Replace> reps;
  auto replace = [&](long at, Kind kind) {
    if (at < 0) return;
    const Member& m = im.members[static_cast<size_t>(at)];
    reps.push_back({m.value_begin, m.value_end, kind});
  };
  replace(text_at, kText);
  replace(decruft_at, kDecruft);
  replace(flags_at, kFlags);
  replace(keep_at, kKeep);
  std::sort(reps.begin(), reps.end(),
            [](const Replace& a, const Replace& b) { return a.begin < b.begin; });
  size_t pos = 0;
  for (const auto& r : reps) {
    out.append(record.substr(pos, r.begin - pos));
    switch (r.kind) {
      case kText:
        if (c.binary) {
          out.append(raw_text);  // byte for byte, escapes and all
        } else {
          json_clean_text(out, text, c.edits, wtf8);
        }
        break;
      case kDecruft: out += decruft_value; break;
      case kFlags: out += flags_value.empty() ? "[]" : flags_value; break;
      case kKeep: out.append(raw_text); break;
    }
    pos = r.end;
  }
  out.append(record.substr(pos, close - pos));
  if (keep_at < 0 && !im.options.keep_original.empty()) {
    out += ',';
    util::json_string(out, im.options.keep_original);
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
  return true;
}

namespace {

struct Batch {
  std::string data;
  size_t first_line = 0;  // 1-based number of the batch's first line
  std::string out;
  std::string messages;  // errors, already formatted
  size_t records = 0, malformed = 0, removals = 0;
};

void process(const Engine& engine, const Options& o, Batch& b) {
  JsonlCleaner cleaner(engine, o);
  std::string_view data = b.data;
  b.out.reserve(data.size() + data.size() / 8);
  size_t pos = 0, line = b.first_line;
  std::string error, warning;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    size_t end = nl == std::string_view::npos ? data.size() : nl;
    size_t body_end = end > pos && data[end - 1] == '\r' ? end - 1 : end;
    std::string_view rec = data.substr(pos, body_end - pos);
    bool blank = std::all_of(rec.begin(), rec.end(),
                             [](char ch) { return ch == ' ' || ch == '\t'; });
    if (blank) {
      b.out.append(rec);
    } else {
      ++b.records;
      warning.clear();
      // Every record is followed by allocated bytes of the batch (see cmd_jsonl).
      if (!cleaner.clean(rec, b.out, error, b.removals, warning, true)) {
        ++b.malformed;
        b.messages += "decruft: stdin:" + std::to_string(line) + ": malformed record (" +
                      error + "), passed through unchanged\n";
      } else if (!warning.empty()) {
        b.messages += "decruft: stdin:" + std::to_string(line) + ": " + warning + "\n";
      }
    }
    b.out.append(data.substr(body_end, (nl == std::string_view::npos ? end : nl + 1) - body_end));
    pos = nl == std::string_view::npos ? data.size() : nl + 1;
    ++line;
  }
}

}  // namespace

int cmd_jsonl(const Options& o) {
  if (!o.paths.empty()) {
    complain("jsonl reads standard input only (decruft jsonl < in.jsonl > out.jsonl)");
    return kUsage;
  }
  auto engine = load_engine(o);
  if (!engine) return kUsage;
  unsigned jobs = worker_count(o.jobs);
  const size_t kBatchBytes = 1 << 21;
  const size_t kRead = 1 << 16;
  const size_t kInFlight = 2 * jobs;

  std::deque<std::pair<std::unique_ptr<Batch>, std::future<void>>> inflight;
  // Written batches are reused: their buffers keep their capacity, which
  // spares the page faults of fresh 2 MB allocations. A batch that held a
  // record far longer than a batch gives its memory back instead.
  std::vector<std::unique_ptr<Batch>> spare;
  size_t malformed = 0;
  int write_errno = 0;  // the first failed write on stdout: no more are tried
  auto write_front = [&]() {
    auto& [batch, fut] = inflight.front();
    fut.get();
    if (!batch->messages.empty()) util::write_fd(2, batch->messages);
    if (!write_errno && !util::write_fd(1, batch->out)) write_errno = errno ? errno : EIO;
    malformed += batch->malformed;
    batch->messages.clear();
    batch->records = batch->malformed = batch->removals = 0;
    if (batch->data.capacity() > 4 * kBatchBytes || batch->out.capacity() > 8 * kBatchBytes) {
      batch.reset();
    } else {
      batch->out.clear();
      spare.push_back(std::move(batch));
    }
    inflight.pop_front();
  };
  auto submit = [&](std::unique_ptr<Batch> b) {
    Batch* raw = b.get();
    auto fut = std::async(std::launch::async, [&engine, &o, raw]() { process(*engine, o, *raw); });
    inflight.emplace_back(std::move(b), std::move(fut));
    while (inflight.size() > kInFlight) write_front();
  };

  // `pending` holds the bytes read and not yet in a batch; `last_nl` is the
  // position of its last newline (npos: none). Each read looks only at the
  // bytes it brought, so a record of any length costs time linear in it.
  std::string pending;
  size_t last_nl = std::string::npos;
  size_t next_line = 1;
  bool eof = false;
  while (!eof && !write_errno) {
    size_t old = pending.size();
    pending.resize(old + kRead);
    ssize_t got = ::read(0, &pending[old], kRead);
    if (got < 0) {
      pending.resize(old);
      if (errno == EINTR) continue;
      complain(std::string("stdin: ") + std::strerror(errno));
      break;
    }
    pending.resize(old + static_cast<size_t>(got));
    if (got == 0) eof = true;
    if (const void* nl = ::memrchr(pending.data() + old, '\n', static_cast<size_t>(got)))
      last_nl = static_cast<size_t>(static_cast<const char*>(nl) - pending.data());
    bool full = pending.size() >= kBatchBytes && last_nl != std::string::npos;
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
  if (write_errno) {
    complain(std::string("stdout: ") + std::strerror(write_errno));
    return kInputFailed;
  }
  return malformed ? kInputFailed : kOk;
}

}  // namespace decruft::cli
