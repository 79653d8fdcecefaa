// WARC files (ISO 28500; WARC/1.0 and 1.1, as Common Crawl's WARC and WET
// files are): a reader that hands out one record at a time, every byte as
// it was read, and the few header edits a cleaner needs. Knows nothing of
// decruft; reads from any byte source (util::Decompressor for .gz/.zst).
// Debian packages no C or C++ WARC library (apt-cache search warc: none),
// hence this one; tests/fuzz/fuzz_warc.cpp fuzzes it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace util::warc {

struct Field {
  std::string_view name, value;  // into Record::head; value without surrounding blanks
};

struct Record {
  std::string head;  // "WARC/1.0\r\n" through the blank line that ends the headers
  std::string body;  // Content-Length bytes
  std::string tail;  // the line ends after the body ("\r\n\r\n"), as they were
  std::vector<Field> fields;
  size_t offset = 0;  // where the record starts in the (decompressed) stream
  // The value of the first field named `name` (case-insensitive), or "".
  std::string_view field(std::string_view name) const;
};

class Reader {
 public:
  // Appends up to `want` bytes to `out`; returns how many, 0 at the end,
  // -1 on an error (with `error` set).
  using Source = std::function<long(std::string& out, size_t want, std::string& error)>;
  explicit Reader(Source source) : source_(std::move(source)) {}
  // The next record. False at the end of the input (`error` empty) or on
  // an error: no "WARC/" version line, a header block longer than
  // kMaxHead, no valid Content-Length, a body cut short, bytes other than
  // line ends between records.
  bool next(Record& r, std::string& error);
  static constexpr size_t kMaxHead = 1 << 20;

 private:
  bool fill(size_t n, std::string& error);  // at least n bytes buffered, unless the input ends
  Source source_;
  std::string buf_;
  size_t pos_ = 0, offset_ = 0;
  bool eof_ = false;
};

// `head` with Content-Length set to `length`, and each field named in
// `replace` given its new value (an empty value drops the field's line).
// Every other byte as it was.
std::string rewrite_head(std::string_view head, size_t length,
                         const std::vector<std::pair<std::string, std::string>>& replace);

// "sha1:" and the SHA-1 of `data` in base32 (RFC 4648), as WARC digests are written.
std::string sha1_base32(std::string_view data);

}  // namespace util::warc
