#include "util/fs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <new>

namespace util {

namespace {

// New files get 0666 less the umask, as with cp, sed or a shell's `>`.
constexpr mode_t kNewFileMode = 0666;

// An unnamed file in the folder of `path` (Linux O_TMPFILE): if the process
// dies while writing it (SIGKILL, a crash), nothing is left behind. -1 when
// the file system or kernel cannot, or /proc is missing (see name_unnamed).
int open_unnamed(const std::string& path) {
#ifdef O_TMPFILE
  if (::access("/proc/self/fd", X_OK) != 0) return -1;
  auto slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  return ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, kNewFileMode);
#else
  (void)path;
  return -1;
#endif
}

// The temporary that replaces an existing regular file takes over its
// permission bits, and its owner and group where we may set them (root, or
// a group we are in), as `sed -i` does: a 0600 file stays 0600. The owner
// goes first, since changing it clears set-user-ID bits. Errors of fchown
// are ignored (the file is then ours); an fchmod error is returned.
bool keep_attributes(int fd, const struct stat& old) {
  struct stat now {};
  if (::fstat(fd, &now) == 0 && (now.st_uid != old.st_uid || now.st_gid != old.st_gid))
    (void)!::fchown(fd, old.st_uid, old.st_gid);
  return ::fchmod(fd, old.st_mode & 07777) == 0;
}

// Gives the complete unnamed file `fd` the name `tmp` (to be renamed).
bool name_unnamed(int fd, const std::string& tmp) {
  std::string proc = "/proc/self/fd/" + std::to_string(fd);
  return ::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW) == 0;
}

// Names the complete unnamed file `fd` at `path` when nothing is there
// (linkat never replaces): the file appears whole in one step, with no
// temporary name that a process killed right after linking would leave
// behind. False when `path` exists (or the link fails): then the caller
// goes through a temporary name and rename(2), which replaces.
bool name_final(int fd, bool target_exists, const std::string& path) {
  return !target_exists && name_unnamed(fd, path);
}

// Temporary names beside `path`: PATH.decruft-tmp.PID, then .PID.1, .PID.2...
constexpr unsigned kTempAttempts = 100;
std::string temporary_name(const std::string& path, unsigned attempt) {
  std::string name = path + ".decruft-tmp." + std::to_string(::getpid());
  if (attempt) name += "." + std::to_string(attempt);
  return name;
}

// Creates a named temporary beside `path` (where O_TMPFILE is missing).
// O_EXCL|O_NOFOLLOW: a file or a symbolic link already at the name (planted,
// or left by a killed run with the same process id) is never opened or
// followed; the next name is tried. Sets `tmp` to the name; -1 on failure.
int create_temporary(const std::string& path, std::string& tmp) {
  tmp.clear();
  for (unsigned attempt = 0; attempt < kTempAttempts; ++attempt) {
    std::string name = temporary_name(path, attempt);
    int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kNewFileMode);
    if (fd >= 0) {
      tmp = std::move(name);
      return fd;
    }
    if (errno != EEXIST && errno != ELOOP) return -1;
  }
  return -1;
}

}  // namespace

bool read_file(const std::string& path, std::string& out, std::string& error, size_t max_size) {
  out.clear();
  // O_NONBLOCK: a FIFO with no writer opens at once instead of waiting for
  // one (it then reads as empty); cleared before reading, so that a pipe
  // with a writer is read to its end.
  int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  auto fail = [&](std::string why) {
    error = std::move(why);
    if (fd) ::close(fd);
    out.clear();
    out.shrink_to_fit();
    return false;
  };
  if (fd) {
    int fl = ::fcntl(fd, F_GETFL);
    if (fl >= 0) (void)::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  }
  const std::string too_large = "larger than " + std::to_string(max_size) + " bytes";
  struct stat st {};
  try {
    if (::fstat(fd, &st) == 0) {
      if (S_ISDIR(st.st_mode)) return fail("Is a directory");
      if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > max_size)
        return fail(too_large);
      if (S_ISREG(st.st_mode) && st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
    }
    char buf[1 << 16];
    for (;;) {
      ssize_t got = ::read(fd, buf, sizeof buf);
      if (got > 0) {
        // A file that grows while it is read, or a device such as
        // /dev/zero, stops at the limit instead of filling the memory.
        if (static_cast<size_t>(got) > max_size - out.size()) return fail(too_large);
        out.append(buf, static_cast<size_t>(got));
      } else if (got == 0) {
        break;
      } else if (errno != EINTR) {
        return fail(std::strerror(errno));
      }
    }
  } catch (const std::bad_alloc&) {
    return fail("out of memory reading it (" + std::to_string(out.size()) + " bytes read)");
  }
  if (fd) ::close(fd);
  return true;
}

bool write_fd(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t put = ::write(fd, data.data(), data.size());
    if (put < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(put));
  }
  return true;
}

bool write_file_atomic(const std::string& path, std::string_view data, std::string& error,
                       AtomicWriter::Target target) {
  AtomicWriter out;
  if (!out.open(path, error, target)) return false;
  out.write(data);  // a failure is kept and reported by commit()
  return out.commit(error);
}

AtomicWriter::~AtomicWriter() {
  if (fd_ >= 0 && fd_ != 1) ::close(fd_);
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

bool AtomicWriter::open(const std::string& path, std::string& error, Target target) {
  path_ = path;
  struct stat st {};
  if (path == "-") {
    fd_ = 1;
    direct_ = true;
    return true;
  }
  // A path inside an output tree that decruft names itself: whatever is
  // there must be a regular file, or nothing. A link is not written
  // through (it could lead out of the tree, or to /dev/null), and a FIFO
  // or device is not opened (a FIFO would stall the run).
  if (target == Target::tree && ::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      error = "a symbolic link is in the way (links in an output tree are not followed)";
      return false;
    }
    if (!S_ISREG(st.st_mode)) {
      error = S_ISDIR(st.st_mode) ? "a folder is in the way"
                                  : "not a regular file (FIFO, socket or device), not written to";
      return false;
    }
  }
  bool exists = ::stat(path.c_str(), &st) == 0;
  existed_ = exists;
  if (exists && !S_ISREG(st.st_mode)) {
    // A device or pipe the user named (-o /dev/null, a FIFO): written to
    // directly. O_NONBLOCK makes a FIFO with no reader fail at once (ENXIO)
    // instead of waiting; it is cleared for the writing.
    direct_ = true;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0 && errno == ENXIO) {
      error = "a FIFO with no reader";
      return false;
    }
    if (fd_ >= 0) {
      int fl = ::fcntl(fd_, F_GETFL);
      if (fl >= 0) (void)::fcntl(fd_, F_SETFL, fl & ~O_NONBLOCK);
    }
  } else {
    fd_ = open_unnamed(path);
    unnamed_ = fd_ >= 0;
    if (!unnamed_) fd_ = create_temporary(path, tmp_);
    if (fd_ >= 0 && exists && !keep_attributes(fd_, st)) {
      int saved = errno;
      ::close(fd_);
      if (!tmp_.empty()) ::unlink(tmp_.c_str());
      tmp_.clear();
      fd_ = -1;
      errno = saved;
    }
  }
  if (fd_ < 0) error = std::strerror(errno);
  return fd_ >= 0;
}

bool AtomicWriter::flush() {
  if (!failed_ && !buf_.empty() && !write_fd(fd_, buf_)) {
    failed_ = true;
    errno_ = errno;
  }
  buf_.clear();
  return !failed_;
}

bool AtomicWriter::write(std::string_view data) {
  if (failed_ || fd_ < 0) return false;
  if (buf_.size() + data.size() <= kBuffer) {
    if (buf_.capacity() < kBuffer) buf_.reserve(kBuffer);
    buf_.append(data);
    return true;
  }
  // A piece that does not fit goes out after the buffer; one as large as
  // the buffer is written from where it is, not copied.
  if (!flush()) return false;
  if (data.size() < kBuffer) {
    buf_.append(data);
  } else if (!write_fd(fd_, data)) {
    failed_ = true;
    errno_ = errno;
  }
  return !failed_;
}

bool AtomicWriter::commit(std::string& error) {
  if (fd_ < 0) {
    error = "not open";
    return false;
  }
  flush();
  bool named = false;  // at path_ already
  if (unnamed_ && !failed_) {
    named = name_final(fd_, existed_, path_);
    if (!named) {
      // linkat never replaces what is at the name (nor follows a link
      // there): a name taken, by a stale temporary or a planted link, is
      // passed over for the next.
      bool linked = false;
      for (unsigned attempt = 0; attempt < kTempAttempts && !linked; ++attempt) {
        tmp_ = temporary_name(path_, attempt);
        linked = name_unnamed(fd_, tmp_);
        if (!linked && errno != EEXIST) break;
      }
      if (!linked) {
        failed_ = true;
        errno_ = errno;
        tmp_.clear();
      }
    }
  }
  if (fd_ != 1 && ::close(fd_) != 0 && !failed_) {
    failed_ = true;
    errno_ = errno;
  }
  fd_ = -1;
  if (!failed_ && !direct_ && !named && ::rename(tmp_.c_str(), path_.c_str()) != 0) {
    failed_ = true;
    errno_ = errno;
  }
  if (failed_) {
    error = std::strerror(errno_);
    return false;
  }
  tmp_.clear();
  return true;
}

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

}  // namespace util
