#include "util/warc.hpp"

#include <nettle/sha1.h>

#include <algorithm>
#include <cstring>

namespace util::warc {

namespace {

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The header lines of `head` after its version line: [begin, end) of each
// line without its line end; continuation lines (starting with a blank)
// belong to the field before them.
void parse_fields(const std::string& head, std::vector<Field>& fields) {
  fields.clear();
  size_t pos = head.find('\n');
  pos = pos == std::string::npos ? head.size() : pos + 1;
  bool folding = false;  // the line before was a field (or its continuation)
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    size_t end = nl == std::string::npos ? head.size() : nl;
    std::string_view line(head.data() + pos, end - pos);
    pos = nl == std::string::npos ? head.size() : nl + 1;
    if (trim(line).empty()) break;
    if (line[0] == ' ' || line[0] == '\t') {
      // A folded value: the field's value runs on (its view widens). After
      // a line that is not a field, or before any field, it belongs to none
      // (rewrite_head keeps such lines as they are).
      if (!folding) continue;
      Field& f = fields.back();
      const char* from = f.value.data();
      std::string_view rest = trim(line);
      f.value = std::string_view(from, static_cast<size_t>(rest.data() + rest.size() - from));
      continue;
    }
    size_t colon = line.find(':');
    folding = colon != std::string_view::npos;
    if (!folding) continue;  // not a field: kept, not read
    fields.push_back({trim(line.substr(0, colon)), trim(line.substr(colon + 1))});
  }
}

bool parse_length(std::string_view s, size_t& n) {
  if (s.empty() || s.size() > 18) return false;
  n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  return true;
}

}  // namespace

std::string_view Record::field(std::string_view name) const {
  for (const auto& f : fields)
    if (iequal(f.name, name)) return f.value;
  return {};
}

bool Reader::fill(size_t n, std::string& error) {
  if (pos_ > (1 << 16) && pos_ * 2 > buf_.size()) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  while (buf_.size() - pos_ < n && !eof_) {
    long got = source_(buf_, std::max<size_t>(n - (buf_.size() - pos_), 1 << 16), error);
    if (got < 0) return false;
    if (got == 0) eof_ = true;
  }
  return true;
}

bool Reader::next(Record& r, std::string& error) {
  error.clear();
  r.head.clear();
  r.body.clear();
  r.tail.clear();
  r.fields.clear();
  r.offset = offset_;
  if (!fill(1, error)) return false;
  if (buf_.size() == pos_) return false;  // the end
  if (!fill(5, error)) return false;
  if (buf_.compare(pos_, 5, "WARC/") != 0) {
    error = "not a WARC record at offset " + std::to_string(offset_) + " (no WARC/ version line)";
    return false;
  }
  // The header block: up to the first empty line ("\n\r\n" or "\n\n").
  size_t end = std::string::npos, scanned = 0;  // bytes after pos_ already searched
  for (;;) {
    for (size_t i = buf_.find('\n', pos_ + scanned); i != std::string::npos;
         i = buf_.find('\n', i + 1)) {
      if (i + 1 < buf_.size() && buf_[i + 1] == '\n') {
        end = i + 2;
      } else if (i + 2 < buf_.size() && buf_[i + 1] == '\r' && buf_[i + 2] == '\n') {
        end = i + 3;
      } else if (i + 2 >= buf_.size()) {
        break;  // too near the end to tell
      }
      if (end != std::string::npos) break;
    }
    if (end != std::string::npos) break;
    size_t have = buf_.size() - pos_;
    if (have > kMaxHead) {
      error = "a WARC header block longer than 1 MB at offset " + std::to_string(offset_);
      return false;
    }
    if (eof_) {
      error = buf_.compare(pos_, 5, "WARC/") == 0
                  ? "a WARC header block cut short at offset " + std::to_string(offset_)
                  : "not a WARC record at offset " + std::to_string(offset_) +
                        " (no WARC/ version line)";
      return false;
    }
    scanned = have > 3 ? have - 3 : 0;
    if (!fill(have + 1, error)) return false;
  }
  if (buf_.compare(pos_, 5, "WARC/") != 0) {
    error = "not a WARC record at offset " + std::to_string(offset_) + " (no WARC/ version line)";
    return false;
  }
  if (end - pos_ > kMaxHead) {
    error = "a WARC header block longer than 1 MB at offset " + std::to_string(offset_);
    return false;
  }
  r.head.assign(buf_, pos_, end - pos_);
  pos_ = end;
  parse_fields(r.head, r.fields);
  size_t length = 0;
  if (!parse_length(r.field("Content-Length"), length)) {
    error = "a WARC record without a valid Content-Length at offset " + std::to_string(offset_);
    return false;
  }
  // The body: what is buffered, then straight from the source.
  size_t have = std::min(length, buf_.size() - pos_);
  // Reserved only up to 16 MB: a corrupt Content-Length must not allocate
  // what the input does not hold (fuzz_warc found 7.7 GB asked for at once).
  r.body.reserve(std::min<size_t>(length, 1 << 24));
  r.body.assign(buf_, pos_, have);
  pos_ += have;
  while (r.body.size() < length) {
    long got = source_(r.body, std::min<size_t>(length - r.body.size(), 1 << 20), error);
    if (got < 0) return false;
    if (got == 0) {
      error = "a WARC record body cut short at offset " + std::to_string(offset_) + " (" +
              std::to_string(r.body.size()) + " of " + std::to_string(length) + " bytes)";
      return false;
    }
  }
  // The line ends that close the record ("\r\n\r\n"), then the next record or the end.
  for (;;) {
    if (!fill(1, error)) return false;
    if (pos_ == buf_.size()) break;
    char c = buf_[pos_];
    if (c != '\r' && c != '\n') break;
    r.tail += c;
    ++pos_;
  }
  if (pos_ < buf_.size()) {
    if (!fill(5, error)) return false;
    if (buf_.compare(pos_, 5, "WARC/") != 0) {
      error = "bytes that are not a WARC record after the record at offset " +
              std::to_string(offset_);
      return false;
    }
  }
  offset_ += r.head.size() + r.body.size() + r.tail.size();
  return true;
}

std::string rewrite_head(std::string_view head, size_t length,
                         const std::vector<std::pair<std::string, std::string>>& replace) {
  std::string out;
  out.reserve(head.size() + 16);
  size_t pos = 0;
  bool first = true, done = false;
  bool dropping = false;  // inside a dropped or replaced field (its continuation lines go)
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    size_t end = nl == std::string_view::npos ? head.size() : nl + 1;
    std::string_view line = head.substr(pos, end - pos);
    pos = end;
    if (first || done) {
      first = false;
      out.append(line);
      continue;
    }
    std::string_view content = line;
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r'))
      content.remove_suffix(1);
    if (trim(content).empty()) {
      done = true;
      out.append(line);
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (!dropping) out.append(line);
      continue;
    }
    dropping = false;
    size_t colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? "" : trim(line.substr(0, colon));
    // The line end as it was, and where the value starts (after its blanks).
    size_t body_end = line.size();
    while (body_end > 0 && (line[body_end - 1] == '\n' || line[body_end - 1] == '\r')) --body_end;
    std::string_view ending = line.substr(body_end);
    size_t vstart = colon == std::string_view::npos ? 0 : colon + 1;
    while (vstart < body_end && (line[vstart] == ' ' || line[vstart] == '\t')) ++vstart;
    if (!name.empty() && iequal(name, "Content-Length")) {
      out.append(line.substr(0, vstart));
      out += std::to_string(length);
      out.append(ending);
      continue;
    }
    auto it = std::find_if(replace.begin(), replace.end(),
                           [&](const auto& p) { return !name.empty() && iequal(name, p.first); });
    if (it == replace.end()) {
      out.append(line);
    } else if (it->second.empty()) {
      dropping = true;
    } else {  // the new value replaces the whole (perhaps folded) old one
      out.append(line.substr(0, vstart));
      out += it->second;
      out.append(ending);
      dropping = true;
    }
  }
  return out;
}

std::string sha1_base32(std::string_view data) {
  sha1_ctx ctx;
  sha1_init(&ctx);
  sha1_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  uint8_t digest[SHA1_DIGEST_SIZE];
  sha1_digest(&ctx, SHA1_DIGEST_SIZE, digest);
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out = "sha1:";
  // 20 bytes are 160 bits: 32 base32 digits, no padding.
  uint32_t acc = 0;
  int bits = 0;
  for (uint8_t b : digest) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

}  // namespace util::warc
