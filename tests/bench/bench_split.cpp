// The I/O ceiling of the bench: read a file with one reused buffer and find
// every line with memchr. Prints "bytes lines".
// With --evict, drops the files under each PATH from the page cache
// (posix_fadvise DONTNEED: no root needed, other files untouched), so that
// the next pass reads from disk: the bench's "cold" figure.
//
//   bench_split FILE
//   bench_split --evict PATH...
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

namespace {

void evict(const char* path) {
  int fd = ::open(path, O_RDONLY);
  if (fd < 0) return;
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--evict") == 0) {
    namespace fs = std::filesystem;
    for (int i = 2; i < argc; ++i) {
      std::error_code ec;
      if (!fs::is_directory(argv[i], ec)) {
        evict(argv[i]);
        continue;
      }
      for (auto it = fs::recursive_directory_iterator(argv[i], ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) evict(it->path().c_str());
    }
    return 0;
  }
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_split FILE | --evict PATH...\n");
    return 2;
  }
  int fd = ::open(argv[1], O_RDONLY);
  if (fd < 0) {
    std::perror(argv[1]);
    return 2;
  }
  std::vector<char> buf(1 << 20);
  unsigned long long bytes = 0, lines = 0;
  bool open_line = false;
  for (;;) {
    ssize_t got = ::read(fd, buf.data(), buf.size());
    if (got < 0) {
      std::perror(argv[1]);
      return 2;
    }
    if (got == 0) break;
    bytes += static_cast<unsigned long long>(got);
    const char* p = buf.data();
    const char* end = p + got;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (!nl) {
        open_line = true;
        break;
      }
      ++lines;
      open_line = false;
      p = nl + 1;
    }
  }
  lines += open_line;
  ::close(fd);
  std::printf("%llu %llu\n", bytes, lines);
  return 0;
}
