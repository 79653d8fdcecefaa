#include "util/compress.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/fs.hpp"

namespace util {

Codec sniff_codec(std::string_view h) {
  if (h.size() >= 2 && h[0] == '\x1f' && h[1] == '\x8b') return Codec::gzip;
  if (h.size() >= 4 && h.substr(0, 4) == std::string_view("\x28\xb5\x2f\xfd", 4)) return Codec::zstd;
  return Codec::none;
}

const char* codec_name(Codec c) {
  return c == Codec::gzip ? "gzip" : c == Codec::zstd ? "zstd" : "none";
}

std::string strip_codec_suffix(const std::string& name, Codec c) {
  auto ends = [&](std::string_view s) {
    return name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  if (c == Codec::gzip && ends(".gz")) return name.substr(0, name.size() - 3);
  if (c == Codec::zstd && ends(".zst")) return name.substr(0, name.size() - 4);
  return name;
}

struct Decompressor::Impl {
  int fd = -1;
  bool own_fd = false;
  Codec codec = Codec::none;
  std::string raw;      // compressed bytes read and not yet used: raw[pos, size)
  size_t pos = 0;
  bool raw_eof = false;
  z_stream zs{};
  bool z_init = false;
  ZSTD_DStream* zd = nullptr;
  bool member_done = false;  // the last member/frame ended; another may follow
  size_t members = 0, total = 0;
  // In-memory input (decompress()): no file.
  std::string_view memory;
  bool from_memory = false;

  ~Impl() {
    if (own_fd && fd >= 0) ::close(fd);
    if (z_init) inflateEnd(&zs);
    if (zd) ZSTD_freeDStream(zd);
  }
  // Reads more compressed bytes; false on a read error (errno set).
  bool refill() {
    if (pos == raw.size()) {
      raw.clear();
      pos = 0;
    }
    if (from_memory) {
      raw_eof = true;
      return true;
    }
    const size_t kChunk = 1 << 16;
    size_t old = raw.size();
    raw.resize(old + kChunk);
    for (;;) {
      ssize_t got = ::read(fd, &raw[old], kChunk);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        raw.resize(old);
        return false;
      }
      raw.resize(old + static_cast<size_t>(got));
      if (got == 0) raw_eof = true;
      return true;
    }
  }
  bool start(std::string& error) {
    if (codec == Codec::gzip) {
      if (inflateInit2(&zs, 15 + 16) != Z_OK) {
        error = "gzip: cannot start zlib";
        return false;
      }
      z_init = true;
    } else if (codec == Codec::zstd) {
      zd = ZSTD_createDStream();
      if (!zd) {
        error = "zstd: out of memory";
        return false;
      }
    }
    return true;
  }
};

Decompressor::Decompressor() : impl_(std::make_unique<Impl>()) {}
Decompressor::~Decompressor() = default;
Codec Decompressor::codec() const { return impl_->codec; }
size_t Decompressor::members() const { return impl_->members; }
size_t Decompressor::total() const { return impl_->total; }

bool Decompressor::open(const std::string& path, std::string& error) {
  Impl& im = *impl_;
  im.fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  im.own_fd = path != "-";
  if (im.fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(im.fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    error = "Is a directory";
    return false;
  }
  while (im.raw.size() < 4 && !im.raw_eof)
    if (!im.refill()) {
      error = std::strerror(errno);
      return false;
    }
  im.codec = sniff_codec(im.raw);
  return im.start(error);
}

long Decompressor::read(std::string& out, size_t want, std::string& error) {
  Impl& im = *impl_;
  if (want == 0) want = 1;
  want = std::min<size_t>(want, 1 << 22);  // the buffer grows with what is there, not what is asked
  const size_t start = out.size();
  out.resize(start + want);
  char* dst = &out[start];
  size_t produced = 0;
  auto fail = [&](const std::string& why) {
    out.resize(start);
    error = why;
    return -1L;
  };
  while (produced == 0) {
    if (im.pos == im.raw.size()) {
      if (im.raw_eof) break;
      if (!im.refill()) return fail(std::strerror(errno));
      continue;
    }
    const char* src = im.raw.data() + im.pos;
    size_t avail = im.raw.size() - im.pos;
    if (im.codec == Codec::none) {
      size_t n = std::min(avail, want);
      std::memcpy(dst, src, n);
      im.pos += n;
      produced = n;
      break;
    }
    if (im.member_done) {  // another member or frame follows, or trailing bytes
      if (sniff_codec(std::string_view(src, avail)) != im.codec) {
        if (avail < 4 && !im.raw_eof) {  // a magic number cut between reads
          if (!im.refill()) return fail(std::strerror(errno));
          continue;
        }
        return fail(std::string(codec_name(im.codec)) + ": data after the last member is not " +
                    codec_name(im.codec));
      }
      if (im.codec == Codec::gzip) inflateReset(&im.zs);
      else ZSTD_DCtx_reset(im.zd, ZSTD_reset_session_only);
      im.member_done = false;
    }
    if (im.codec == Codec::gzip) {
      im.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(src));
      im.zs.avail_in = static_cast<uInt>(std::min<size_t>(avail, 1u << 30));
      im.zs.next_out = reinterpret_cast<Bytef*>(dst);
      im.zs.avail_out = static_cast<uInt>(std::min<size_t>(want, 1u << 30));
      int ret = inflate(&im.zs, Z_NO_FLUSH);
      im.pos += static_cast<size_t>(im.zs.next_in - reinterpret_cast<const Bytef*>(src));
      produced = static_cast<size_t>(im.zs.next_out - reinterpret_cast<Bytef*>(dst));
      if (ret == Z_STREAM_END) {
        ++im.members;
        im.member_done = true;
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
        return fail(std::string("gzip: ") + (im.zs.msg ? im.zs.msg : "corrupt data"));
      }
    } else {
      ZSTD_inBuffer in{src, avail, 0};
      ZSTD_outBuffer ob{dst, want, 0};
      size_t ret = ZSTD_decompressStream(im.zd, &ob, &in);
      if (ZSTD_isError(ret)) return fail(std::string("zstd: ") + ZSTD_getErrorName(ret));
      im.pos += in.pos;
      produced = ob.pos;
      if (ret == 0) {
        ++im.members;
        im.member_done = true;
      }
    }
    if (produced == 0 && im.pos == im.raw.size() && im.raw_eof && !im.member_done)
      return fail(std::string(codec_name(im.codec)) + ": unexpected end of data (truncated file)");
  }
  if (produced == 0 && im.codec != Codec::none && !im.member_done)
    return fail(std::string(codec_name(im.codec)) + ": unexpected end of data (truncated file)");
  out.resize(start + produced);
  im.total += produced;
  return static_cast<long>(produced);
}

namespace {
bool drain(Decompressor& d, std::string& out, std::string& error) {
  for (;;) {
    size_t want = std::max<size_t>(1 << 16, out.size() / 4);
    long got = d.read(out, want, error);
    if (got < 0) return false;
    if (got == 0) return true;
  }
}
}  // namespace

bool read_decompressed(const std::string& path, std::string& out, Codec& codec,
                       std::string& error) {
  out.clear();
  Decompressor d;
  if (!d.open(path, error)) return false;
  codec = d.codec();
  if (codec == Codec::none) return read_file(path, out, error);
  return drain(d, out, error);
}

bool decompress(std::string_view in, Codec codec, std::string& out, std::string& error) {
  out.clear();
  if (codec == Codec::none) {
    out.assign(in);
    return true;
  }
  Decompressor d;
  d.impl_->from_memory = true;
  d.impl_->raw.assign(in);
  d.impl_->raw_eof = true;
  d.impl_->codec = codec;
  if (!d.impl_->start(error)) return false;
  return drain(d, out, error);
}

struct Compressor::Impl {
  AtomicWriter& out;
  Codec codec;
  z_stream zs{};
  bool z_init = false;
  ZSTD_CCtx* zc = nullptr;
  bool failed = false, dirty = false, any_member = false;
  std::string buf = std::string(1 << 16, '\0');
  Impl(AtomicWriter& w, Codec c) : out(w), codec(c) {
    if (codec == Codec::gzip) {
      z_init = deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
      failed = !z_init;
    } else if (codec == Codec::zstd) {
      zc = ZSTD_createCCtx();
      failed = !zc || ZSTD_isError(ZSTD_CCtx_setParameter(zc, ZSTD_c_compressionLevel, 3));
    }
  }
  ~Impl() {
    if (z_init) deflateEnd(&zs);
    if (zc) ZSTD_freeCCtx(zc);
  }
  // Feeds `data` through; `end`: and ends the member.
  bool pump(std::string_view data, bool end) {
    if (failed) return false;
    if (codec == Codec::gzip) {
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      zs.avail_in = static_cast<uInt>(data.size());
      for (;;) {
        zs.next_out = reinterpret_cast<Bytef*>(&buf[0]);
        zs.avail_out = static_cast<uInt>(buf.size());
        int ret = deflate(&zs, end ? Z_FINISH : Z_NO_FLUSH);
        if (ret == Z_STREAM_ERROR) return !(failed = true);
        size_t n = buf.size() - zs.avail_out;
        if (n && !out.write(std::string_view(buf.data(), n))) return !(failed = true);
        if (end ? ret == Z_STREAM_END : zs.avail_in == 0 && zs.avail_out != 0) break;
      }
      if (end) deflateReset(&zs);
      return true;
    }
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    for (;;) {
      ZSTD_outBuffer ob{&buf[0], buf.size(), 0};
      size_t left = ZSTD_compressStream2(zc, &ob, &in, end ? ZSTD_e_end : ZSTD_e_continue);
      if (ZSTD_isError(left)) return !(failed = true);
      if (ob.pos && !out.write(std::string_view(buf.data(), ob.pos))) return !(failed = true);
      if (end ? left == 0 : in.pos == in.size) break;
    }
    return true;
  }
};

Compressor::Compressor(AtomicWriter& out, Codec codec)
    : impl_(std::make_unique<Impl>(out, codec)) {}
Compressor::~Compressor() = default;

bool Compressor::write(std::string_view data) {
  Impl& im = *impl_;
  if (im.codec == Codec::none) return im.out.write(data);
  if (data.empty()) return !im.failed;
  // zlib takes at most 4 GB at a time.
  while (data.size() > (1u << 30)) {
    if (!im.pump(data.substr(0, 1u << 30), false)) return false;
    data.remove_prefix(1u << 30);
  }
  im.dirty = true;
  return im.pump(data, false);
}

bool Compressor::end_member() {
  Impl& im = *impl_;
  if (im.codec == Codec::none || !im.dirty) return !im.failed;
  im.dirty = false;
  im.any_member = true;
  return im.pump({}, true);
}

bool Compressor::finish() {
  Impl& im = *impl_;
  if (im.codec == Codec::none) return true;
  if (im.dirty || !im.any_member) {  // an empty input still becomes a valid stream
    im.dirty = false;
    im.any_member = true;
    return im.pump({}, true);
  }
  return !im.failed;
}

}  // namespace util
