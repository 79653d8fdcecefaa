// A test-only LD_PRELOAD library that makes the C library fail on cue, so
// that tests/cli/faults.sh can see how decruft meets errors a test cannot
// otherwise cause: a read error on stdin, a write error on stdout, a file
// system without O_TMPFILE. Never installed, never linked into decruft.
//
// DECRUFT_FAULT holds comma-separated faults:
//   read_eio_after=N    reads of fd 0 fail with EIO once N bytes were read
//   write_eio_after=N   writes to fd 1 fail with EIO once N bytes were written
//   write_enospc_after=N  the same with ENOSPC (a full disk behind a pipe)
//   no_tmpfile          open(O_TMPFILE) fails with EOPNOTSUPP, as on NFS
// A read or write that would cross N is cut short at N first, as the kernel
// does with a partial transfer.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdlib>
#include <cstring>

namespace {

struct Faults {
  long long read_after = -1, write_after = -1;
  int write_errno = EIO;
  bool no_tmpfile = false;
};

long long number_after(const char* spec, const char* key) {
  const char* at = std::strstr(spec, key);
  if (!at) return -1;
  return std::atoll(at + std::strlen(key));
}

const Faults& faults() {
  static const Faults f = [] {
    Faults r;
    const char* spec = std::getenv("DECRUFT_FAULT");
    if (!spec) return r;
    r.read_after = number_after(spec, "read_eio_after=");
    r.write_after = number_after(spec, "write_eio_after=");
    if (r.write_after < 0) {
      r.write_after = number_after(spec, "write_enospc_after=");
      if (r.write_after >= 0) r.write_errno = ENOSPC;
    }
    r.no_tmpfile = std::strstr(spec, "no_tmpfile") != nullptr;
    return r;
  }();
  return f;
}

std::atomic<long long> read_so_far{0}, written_so_far{0};

template <class F>
F next(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

bool refuse_open(int flags) {
#ifdef O_TMPFILE
  if (faults().no_tmpfile && (flags & O_TMPFILE) == O_TMPFILE) {
    errno = EOPNOTSUPP;
    return true;
  }
#endif
  return false;
}

}  // namespace

extern "C" {

ssize_t read(int fd, void* buf, size_t n) {
  static auto real = next<ssize_t (*)(int, void*, size_t)>("read");
  long long limit = faults().read_after;
  if (fd != 0 || limit < 0) return real(fd, buf, n);
  long long left = limit - read_so_far.load();
  if (left <= 0) {
    errno = EIO;
    return -1;
  }
  if (static_cast<long long>(n) > left) n = static_cast<size_t>(left);
  ssize_t got = real(fd, buf, n);
  if (got > 0) read_so_far += got;
  return got;
}

ssize_t write(int fd, const void* buf, size_t n) {
  static auto real = next<ssize_t (*)(int, const void*, size_t)>("write");
  long long limit = faults().write_after;
  if (fd != 1 || limit < 0) return real(fd, buf, n);
  long long left = limit - written_so_far.load();
  if (left <= 0) {
    errno = faults().write_errno;
    return -1;
  }
  if (static_cast<long long>(n) > left) n = static_cast<size_t>(left);
  ssize_t put = real(fd, buf, n);
  if (put > 0) written_so_far += put;
  return put;
}

#define DECRUFT_OPEN(name)                                              \
  int name(const char* path, int flags, ...) {                          \
    static auto real = next<int (*)(const char*, int, ...)>(#name);     \
    va_list ap;                                                         \
    va_start(ap, flags);                                                \
    mode_t mode = static_cast<mode_t>(va_arg(ap, int));                 \
    va_end(ap);                                                         \
    if (refuse_open(flags)) return -1;                                  \
    return real(path, flags, mode);                                     \
  }
DECRUFT_OPEN(open)
DECRUFT_OPEN(open64)

#define DECRUFT_OPENAT(name)                                            \
  int name(int dir, const char* path, int flags, ...) {                 \
    static auto real = next<int (*)(int, const char*, int, ...)>(#name); \
    va_list ap;                                                         \
    va_start(ap, flags);                                                \
    mode_t mode = static_cast<mode_t>(va_arg(ap, int));                 \
    va_end(ap);                                                         \
    if (refuse_open(flags)) return -1;                                  \
    return real(dir, path, flags, mode);                                \
  }
DECRUFT_OPENAT(openat)
DECRUFT_OPENAT(openat64)

}  // extern "C"
