// decruft jsonl: a streaming filter for data pipelines.
//
// stdin is read in batches of whole lines; batches are cleaned on worker
// threads and written in input order, with a bounded number in flight, so
// memory stays at a few batches plus the longest record however long the
// stream is. Records are never dropped or reordered: a malformed one is
// reported with its line number and written unchanged.
#include "cli/jsonl.hpp"

#include <simdjson.h>

#include <algorithm>
#include <deque>
#include <future>
#include <thread>

#include <unistd.h>

#include <cerrno>
#include <cstring>

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

}  // namespace

struct JsonlCleaner::Impl {
  const Engine& engine;
  const Options& options;
  simdjson::dom::parser parser;
  std::vector<Member> members;
  std::string text;  // the decoded text field

  Impl(const Engine& e, const Options& o) : engine(e), options(o) {}
};

JsonlCleaner::JsonlCleaner(const Engine& engine, const Options& options)
    : impl_(std::make_unique<Impl>(engine, options)) {}
JsonlCleaner::~JsonlCleaner() = default;

bool JsonlCleaner::clean(std::string_view record, std::string& out, std::string& error,
                         size_t& removals) {
  Impl& im = *impl_;
  simdjson::dom::element root;
  auto err = im.parser.parse(record.data(), record.size()).get(root);
  simdjson::dom::object obj;
  size_t close = 0;
  if (err || root.get_object().get(obj) || !scan_members(record, im.members, close) ||
      im.members.size() != obj.size()) {
    error = err ? simdjson::error_message(err) : "not a JSON object";
    out.append(record);
    return false;
  }
  // Find the text, url, decruft and keep-original members by position.
  const std::string& field = im.options.text_field;
  long text_at = -1, decruft_at = -1, keep_at = -1;
  std::string_view url;
  size_t k = 0;
  for (auto [key, value] : obj) {
    if (key == field && text_at < 0 && value.is_string()) {
      text_at = static_cast<long>(k);
      std::string_view t;
      if (!value.get_string().get(t)) im.text.assign(t);
    } else if (key == "url" && value.is_string()) {
      if (value.get_string().get(url)) url = {};
    } else if (key == "decruft" && decruft_at < 0) {
      decruft_at = static_cast<long>(k);
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
  Document doc(im.text);
  std::string site = url.empty() ? im.options.site : domain_of(std::string(url));
  Cleaned c = clean_document(im.engine, im.options, doc, site);
  if (!c.error.empty()) {
    error = c.error;
    out.append(record);
    return false;
  }
  removals += c.edits.size();

  std::string decruft_value;
  write_removals_json(decruft_value, doc, c.edits, im.engine.rules(), false);
  const Member& tm = im.members[static_cast<size_t>(text_at)];
  std::string_view raw_text = record.substr(tm.value_begin, tm.value_end - tm.value_begin);

  // Rebuild: every byte as it was, but the replaced values.
  struct Replace {
    size_t begin, end;
    std::string value;
  };
  std::vector<Replace> reps;
  std::string clean_json;
  util::json_string(clean_json, apply_edits(im.text, c.edits));
  reps.push_back({tm.value_begin, tm.value_end, std::move(clean_json)});
  if (decruft_at >= 0) {
    const Member& m = im.members[static_cast<size_t>(decruft_at)];
    reps.push_back({m.value_begin, m.value_end, decruft_value});
  }
  if (keep_at >= 0) {
    const Member& m = im.members[static_cast<size_t>(keep_at)];
    reps.push_back({m.value_begin, m.value_end, std::string(raw_text)});
  }
  std::sort(reps.begin(), reps.end(),
            [](const Replace& a, const Replace& b) { return a.begin < b.begin; });
  size_t pos = 0;
  for (const auto& r : reps) {
    out.append(record.substr(pos, r.begin - pos));
    out += r.value;
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
  std::string error;
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
      if (!cleaner.clean(rec, b.out, error, b.removals)) {
        ++b.malformed;
        b.messages += "decruft: stdin:" + std::to_string(line) + ": malformed record (" +
                      error + "), passed through unchanged\n";
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
  unsigned jobs = o.jobs > 0 ? static_cast<unsigned>(o.jobs)
                             : std::max(1u, std::thread::hardware_concurrency());
  const size_t kBatchBytes = 1 << 21;
  const size_t kInFlight = 2 * jobs;

  std::deque<std::pair<std::unique_ptr<Batch>, std::future<void>>> inflight;
  // Written batches are reused: their buffers keep their capacity, which
  // spares the page faults of fresh 2 MB allocations.
  std::vector<std::unique_ptr<Batch>> spare;
  size_t malformed = 0;
  bool write_ok = true;
  auto write_front = [&]() {
    auto& [batch, fut] = inflight.front();
    fut.get();
    if (!batch->messages.empty()) util::write_fd(2, batch->messages);
    write_ok = write_ok && util::write_fd(1, batch->out);
    malformed += batch->malformed;
    batch->out.clear();
    batch->messages.clear();
    batch->records = batch->malformed = batch->removals = 0;
    spare.push_back(std::move(batch));
    inflight.pop_front();
  };
  auto submit = [&](std::unique_ptr<Batch> b) {
    Batch* raw = b.get();
    auto fut = std::async(std::launch::async, [&engine, &o, raw]() { process(*engine, o, *raw); });
    inflight.emplace_back(std::move(b), std::move(fut));
    while (inflight.size() > kInFlight) write_front();
  };

  std::string pending, err;
  size_t next_line = 1;
  char buf[1 << 16];
  bool eof = false;
  while (!eof) {
    ssize_t got = ::read(0, buf, sizeof buf);
    if (got < 0) {
      if (errno == EINTR) continue;
      complain(std::string("stdin: ") + std::strerror(errno));
      break;
    }
    if (got == 0) eof = true;
    pending.append(buf, static_cast<size_t>(got));
    if (pending.size() >= kBatchBytes || (eof && !pending.empty())) {
      size_t cut = eof ? pending.size() : pending.rfind('\n');
      if (cut == std::string::npos) continue;  // one record longer than a batch: read on
      if (!eof) ++cut;
      std::unique_ptr<Batch> b;
      if (spare.empty()) {
        b = std::make_unique<Batch>();
      } else {
        b = std::move(spare.back());
        spare.pop_back();
      }
      b->data.assign(pending, 0, cut);
      b->first_line = next_line;
      next_line += static_cast<size_t>(std::count(b->data.begin(), b->data.end(), '\n'));
      pending.erase(0, cut);
      submit(std::move(b));
    }
  }
  while (!inflight.empty()) write_front();
  if (!write_ok) {
    complain("stdout: write failed");
    return kInputFailed;
  }
  return malformed ? kInputFailed : kOk;
}

}  // namespace decruft::cli
