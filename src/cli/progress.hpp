// The progress bar of the commands that read many documents: drawn on
// stderr when it is a terminal (and -q is not given), fitted to the
// terminal's width, erased when the work is done.
#pragma once

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace decruft::cli {

// The width of the terminal on `fd`: the kernel's window size, else
// $COLUMNS, else 80.
inline int terminal_columns(int fd) {
  struct winsize ws {};
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    int n = std::atoi(c);
    if (n > 0) return n;
  }
  return 80;
}

// "[####    ] 12/40 files, 3.1 MB, 5.2 MB/s, ETA 4s" (a stream, total 0:
// "1200 records, 3.1 MB, 5.2 MB/s") in at most `columns - 1`
// characters (the last column is left free, so the terminal never wraps):
// the bar shrinks first, then the rate and ETA go, then the size.
inline std::string progress_line(size_t done, size_t total, const char* what, double bytes,
                                 double secs, int columns) {
  auto mb = [](double b) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
    return std::string(buf);
  };
  char count[64];
  if (total)
    std::snprintf(count, sizeof count, "%zu/%zu %s", done, total, what);
  else  // a stream: no end known, so no bar and no ETA
    std::snprintf(count, sizeof count, "%zu %s", done, what);
  std::string size = bytes > 0 ? ", " + mb(bytes) : "";
  std::string rate;
  if (secs > 0 && done > 0) {
    char buf[64];
    double eta = secs * static_cast<double>(total - done) / static_cast<double>(done);
    if (!total)
      std::snprintf(buf, sizeof buf, ", %.1f MB/s", bytes / 1e6 / secs);
    else if (bytes > 0)
      std::snprintf(buf, sizeof buf, ", %.1f MB/s, ETA %.0fs", bytes / 1e6 / secs, eta);
    else
      std::snprintf(buf, sizeof buf, ", ETA %.0fs", eta);
    rate = buf;
  }
  const size_t room = columns > 1 ? static_cast<size_t>(columns - 1) : 0;
  std::string text = std::string(count) + size + rate;
  if (text.size() + 4 > room) text = std::string(count) + size;
  if (text.size() + 4 > room) text = count;
  if (text.size() > room) return text.substr(0, room);
  if (!total) return text;
  size_t bar = std::min<size_t>(30, room - text.size() >= 4 ? room - text.size() - 3 : 0);
  if (bar == 0) return text;
  size_t filled = total ? bar * done / total : bar;
  return "[" + std::string(filled, '#') + std::string(bar - filled, ' ') + "] " + text;
}

// Draws progress_line on stderr in place ("\r", then the line, then the
// rest of the old line cleared).
inline void draw_progress(size_t done, size_t total, const char* what, double bytes, double secs) {
  std::string line = progress_line(done, total, what, bytes, secs, terminal_columns(2));
  std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
  std::fflush(stderr);
}

inline void erase_progress() { std::fprintf(stderr, "\r\x1b[K"); }

}  // namespace decruft::cli
