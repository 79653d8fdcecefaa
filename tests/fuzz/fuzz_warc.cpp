// Fuzz target: the WARC record reader (util/warc.hpp) and the decompressor
// (util/compress.hpp) on arbitrary bytes.
//
// Properties: the reader never reads past what it was given, and the
// records it returns are the input's bytes, in order, with nothing lost or
// added: head + body + tail of each, concatenated, are a prefix of the
// input (all of it when it stopped without an error). Each head starts with
// "WARC/" and ends with a blank line, each body is Content-Length bytes.
// rewrite_head keeps every field but Content-Length (set to the value
// asked) and the ones it is told to replace or drop. Bytes behind a gzip or
// zstd magic number decompress or fail with a reason, never crash. The
// source hands out bytes in pieces of a size taken from the input's first
// byte, so record and piece boundaries fall anywhere.
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "util/compress.hpp"
#include "util/warc.hpp"

namespace {

// The fields but Content-Length and the two digests, as one string.
std::string other_fields(const util::warc::Record& r) {
  std::string out;
  auto iequal = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
    return true;
  };
  for (const auto& f : r.fields) {
    if (iequal(f.name, "Content-Length") || iequal(f.name, "WARC-Block-Digest") ||
        iequal(f.name, "WARC-Payload-Digest"))
      continue;
    out.append(f.name);
    out += '\x01';
    out.append(f.value);
    out += '\x02';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t piece = 1 + data[0] % 64;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);

  size_t given = 0;
  util::warc::Reader reader([&](std::string& out, size_t want, std::string&) -> long {
    FUZZ_CHECK(want > 0, "asked for 0 bytes");
    size_t n = std::min({want, piece, in.size() - given});
    out.append(in.substr(given, n));
    given += n;
    return static_cast<long>(n);
  });
  util::warc::Record r;
  std::string error, seen;
  while (reader.next(r, error)) {
    FUZZ_CHECK(error.empty(), "a record and an error");
    FUZZ_CHECK(r.head.compare(0, 5, "WARC/") == 0, "a head without WARC/");
    FUZZ_CHECK(r.head.size() >= 2 && r.head.back() == '\n', "a head not ending a line");
    FUZZ_CHECK(r.offset == seen.size(), "offset %zu, expected %zu", r.offset, seen.size());
    size_t length = 0;
    for (char c : r.field("Content-Length")) length = length * 10 + static_cast<size_t>(c - '0');
    FUZZ_CHECK(length == r.body.size(), "a body of %zu bytes, Content-Length %zu", r.body.size(),
               length);
    seen += r.head;
    seen += r.body;
    seen += r.tail;
    FUZZ_CHECK(seen.size() <= in.size() && in.compare(0, seen.size(), seen) == 0,
               "the records are not the input's bytes");
    // rewrite_head: Content-Length as asked, digests replaced or dropped, the rest kept.
    util::warc::Record w = r;
    w.head = util::warc::rewrite_head(r.head, 12345,
                                      {{"WARC-Block-Digest", "sha1:X"}, {"WARC-Payload-Digest", ""}});
    FUZZ_CHECK(w.head.compare(0, 5, "WARC/") == 0, "rewritten head without WARC/");
    // Re-read it as a record of 0 bytes to get its fields.
    std::string again = w.head;
    util::warc::Reader re([&, done = false](std::string& out, size_t, std::string&) mutable -> long {
      if (done) return 0;
      done = true;
      out += again;
      out.append(12345, 'x');
      return static_cast<long>(again.size() + 12345);
    });
    util::warc::Record back;
    std::string err2;
    if (re.next(back, err2)) {
      FUZZ_CHECK(back.body.size() == 12345, "rewritten Content-Length not read back");
      FUZZ_CHECK(other_fields(back) == other_fields(r), "rewrite_head changed other fields");
      if (!r.field("WARC-Block-Digest").empty())
        FUZZ_CHECK(back.field("WARC-Block-Digest") == "sha1:X", "a replaced field is not");
      if (!r.field("WARC-Payload-Digest").empty())
        FUZZ_CHECK(back.field("WARC-Payload-Digest").empty(), "a dropped field is still there");
    }
  }
  if (error.empty()) FUZZ_CHECK(seen.size() == in.size(), "stopped early without an error");
  FUZZ_CHECK(given <= in.size(), "read past the input");

  // The decompressor on the same bytes, as whatever their magic says.
  util::Codec codec = util::sniff_codec(in);
  if (codec != util::Codec::none) {
    std::string out, err;
    bool ok = util::decompress(in, codec, out, err);
    FUZZ_CHECK(ok || !err.empty(), "a failure without a reason");
  }
  return 0;
}
