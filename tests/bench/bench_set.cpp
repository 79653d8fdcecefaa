// The ceiling of a plain RE2 design: one RE2::Set of decruft's own line
// patterns (`decruft rules export --format=patterns`), asked "does any
// pattern match?" for every line of a file, read with one reused buffer.
// Same Set options as decruft (UTF-8, no captures, unanchored, max_mem).
// Prints "bytes lines matching_lines compile_ms"; an RE2 out-of-memory is an
// error.
//
//   bench_set PATTERNS FILE [MAX_MEM_MB]
#include <fcntl.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: bench_set PATTERNS FILE [MAX_MEM_MB]\n");
    return 2;
  }
  long long max_mem_mb = argc == 4 ? std::atoll(argv[3]) : 96;  // decruft's CompileOptions
  RE2::Options opts;
  opts.set_encoding(RE2::Options::EncodingUTF8);
  opts.set_log_errors(false);
  opts.set_never_capture(true);
  opts.set_max_mem(max_mem_mb << 20);
  auto t0 = std::chrono::steady_clock::now();
  RE2::Set set(opts, RE2::UNANCHORED);
  std::ifstream in(argv[1]);
  std::string pat;
  int n = 0;
  while (std::getline(in, pat)) {
    if (pat.empty()) continue;
    std::string err;
    if (set.Add(pat, &err) < 0) {
      std::fprintf(stderr, "bench_set: pattern %d: %s\n", n + 1, err.c_str());
      return 2;
    }
    ++n;
  }
  if (n == 0 || !set.Compile()) {
    std::fprintf(stderr, "bench_set: no patterns, or the Set does not fit max_mem\n");
    return 2;
  }

  double compile_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  int fd = ::open(argv[2], O_RDONLY);
  if (fd < 0) {
    std::perror(argv[2]);
    return 2;
  }
  std::vector<char> buf(1 << 20);
  size_t have = 0;  // bytes of an unfinished line at the front of buf
  unsigned long long bytes = 0, lines = 0, hits = 0;
  auto line = [&](const char* b, const char* e) {
    if (e > b && e[-1] == '\r') --e;
    RE2::Set::ErrorInfo info{};
    ++lines;
    if (set.Match(re2::StringPiece(b, static_cast<size_t>(e - b)), nullptr, &info)) {
      ++hits;
    } else if (info.kind != RE2::Set::kNoError) {
      std::fprintf(stderr, "bench_set: RE2 error %d (out of memory?)\n", info.kind);
      std::exit(2);
    }
  };
  for (;;) {
    if (have == buf.size()) buf.resize(buf.size() * 2);  // a line longer than the buffer
    ssize_t got = ::read(fd, buf.data() + have, buf.size() - have);
    if (got < 0) {
      std::perror(argv[2]);
      return 2;
    }
    if (got == 0) break;
    bytes += static_cast<unsigned long long>(got);
    const char* p = buf.data();
    const char* end = p + have + got;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (!nl) break;
      line(p, nl);
      p = nl + 1;
    }
    have = static_cast<size_t>(end - p);
    std::memmove(buf.data(), p, have);
  }
  if (have) line(buf.data(), buf.data() + have);
  ::close(fd);
  std::printf("%llu %llu %llu %.0f\n", bytes, lines, hits, compile_ms);
  return 0;
}
