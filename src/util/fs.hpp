// Files: whole-file reads and writes that never leave a half-written file.
// Knows nothing of decruft. Errors come back as strings ("No such file or
// directory"), never as exceptions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace util {

// Reads a whole file ("-" is stdin). Returns false with `error` set, also
// when the file holds more than `max_size` bytes (a device such as
// /dev/zero, a file growing as it is read: reading stops there) or memory
// runs out. A FIFO is read once, to its end; one with no writer is not
// waited for and reads as empty.
bool read_file(const std::string& path, std::string& out, std::string& error,
               size_t max_size = SIZE_MAX);
// A file written in pieces that appears under its name only when complete:
// the pieces go to a temporary file beside it, commit() renames it. "-" and
// existing devices or pipes are written directly. Dropped without commit(),
// the temporary is removed. Permissions as for write_file_atomic. Small
// pieces are gathered in a buffer (kBuffer bytes) and written together;
// commit() writes what is left.
// Where O_TMPFILE is missing the temporary is PATH.decruft-tmp.PID, made
// with O_EXCL|O_NOFOLLOW: a file or link already at that name is never
// opened or followed (the next name, .PID.1, is tried).
class AtomicWriter {
 public:
  AtomicWriter() = default;
  AtomicWriter(const AtomicWriter&) = delete;
  AtomicWriter& operator=(const AtomicWriter&) = delete;
  ~AtomicWriter();
  // explicit_path: a path the user named (-o FILE); an existing device or
  // FIFO there is written to directly (a FIFO with no reader fails at once).
  // tree: a path decruft made inside an output tree (-o DIR/REL); a
  // symbolic link, FIFO, device or folder there is refused with `error`.
  enum class Target { explicit_path, tree };
  bool open(const std::string& path, std::string& error, Target target = Target::explicit_path);
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
bool write_file_atomic(const std::string& path, std::string_view data, std::string& error,
                       AtomicWriter::Target target = AtomicWriter::Target::explicit_path);

// Writes all of `data` to a file descriptor (stdout: 1).
bool write_fd(int fd, std::string_view data);
bool is_terminal(int fd);

}  // namespace util
