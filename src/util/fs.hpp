// Files: whole-file reads and writes that never leave a half-written file.
// Knows nothing of decruft. Errors come back as strings ("No such file or
// directory"), never as exceptions.
#pragma once

#include <string>
#include <string_view>

namespace util {

// Reads a whole file ("-" is stdin). Returns false with `error` set.
bool read_file(const std::string& path, std::string& out, std::string& error);
// Writes `data` to a temporary file beside `path`, then renames it over
// `path`: readers see the old file or the new one, never a part. The
// temporary is unnamed while it is written (O_TMPFILE, where the file system
// has it), so a killed process leaves no partial file either. Returns
// false with `error` set (and no temporary left behind). "-" is stdout; an
// existing device or pipe (/dev/stdout, a FIFO) is written to directly.
// Replacing a regular file keeps its permission bits (and its owner and
// group where we may set them); a new file gets 0666 less the umask. A
// symbolic link at `path` is replaced by the file, not written through:
// callers that must keep links check for them first.
bool write_file_atomic(const std::string& path, std::string_view data, std::string& error);
// A file written in pieces that appears under its name only when complete:
// the pieces go to a temporary file beside it, commit() renames it. "-" and
// existing devices or pipes are written directly. Dropped without commit(),
// the temporary is removed. Permissions as for write_file_atomic. Small
// pieces are gathered in a buffer (kBuffer bytes) and written together;
// commit() writes what is left.
class AtomicWriter {
 public:
  AtomicWriter() = default;
  AtomicWriter(const AtomicWriter&) = delete;
  AtomicWriter& operator=(const AtomicWriter&) = delete;
  ~AtomicWriter();
  bool open(const std::string& path, std::string& error);
  bool write(std::string_view data);  // false after any failure
  bool commit(std::string& error);

  static constexpr size_t kBuffer = 1 << 18;

 private:
  bool flush();
  std::string buf_;
  std::string path_, tmp_;
  int fd_ = -1;
  bool direct_ = false, failed_ = false, unnamed_ = false, existed_ = false;
  int errno_ = 0;
};

// Writes all of `data` to a file descriptor (stdout: 1).
bool write_fd(int fd, std::string_view data);
bool is_terminal(int fd);

}  // namespace util
