// Compressed files: gzip (also multi-member, as Common Crawl writes it, one
// member per record) and zstd (also several frames), recognised by their
// magic bytes, never by their names; decompressed as a stream, so memory
// stays at a buffer plus what the caller keeps. Knows nothing of decruft.
// zlib and libzstd do the work.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace util {

class AtomicWriter;

enum class Codec { none, gzip, zstd };

// The codec whose magic bytes `head` starts with (gzip 1f 8b, zstd
// 28 b5 2f fd), or none.
Codec sniff_codec(std::string_view head);
const char* codec_name(Codec c);  // "gzip", "zstd", "none"
// The name less a ".gz"/".zst" suffix that matches `c` ("a.txt.gz" ->
// "a.txt"), so that a diff of the decompressed text names the file it
// applies to; the name as it is otherwise.
std::string strip_codec_suffix(const std::string& name, Codec c);

// Reads a file ("-": stdin) decompressed when it is compressed (gzip or
// zstd, by its first bytes), as it is otherwise; `codec` says which.
// Input of any size is decompressed piece by piece. False with `error` set
// (a corrupt or truncated stream names itself: "gzip: unexpected end of
// data").
bool read_decompressed(const std::string& path, std::string& out, Codec& codec,
                       std::string& error);
// The same for bytes already in memory (`in` as read_file gave them).
bool decompress(std::string_view in, Codec codec, std::string& out, std::string& error);

// A file read as a stream of decompressed bytes.
class Decompressor {
 public:
  Decompressor();
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
  // Opens `path` and sniffs its codec. False with `error` set.
  bool open(const std::string& path, std::string& error);
  // Appends up to `want` (at least 1) decompressed bytes to `out`; returns
  // how many, 0 at the end of the input. -1 on an error (`error` set).
  long read(std::string& out, size_t want, std::string& error);
  Codec codec() const;
  // gzip members or zstd frames ended so far.
  size_t members() const;
  // Decompressed bytes handed out so far.
  size_t total() const;

 private:
  friend bool decompress(std::string_view in, Codec codec, std::string& out, std::string& error);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Compresses what it is given into an AtomicWriter (none: passes it on).
// end_member() ends a gzip member or zstd frame there, so that a file can
// be one member per record, as Common Crawl's are.
class Compressor {
 public:
  Compressor(AtomicWriter& out, Codec codec);
  ~Compressor();
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;
  bool write(std::string_view data);
  bool end_member();
  // Ends the last member; the caller then commits the writer. False when
  // compressing failed (writing failures are the writer's to report).
  bool finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace util
