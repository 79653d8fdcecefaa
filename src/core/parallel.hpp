// Runs fn(0..n-1) on up to `threads` threads, the calling one included.
// Start-up work (parsing rule files, extracting literals, compiling Sets) is
// split this way; each fn(i) must touch only its own slot.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace decruft {

template <class Fn>
void parallel_for(size_t n, unsigned threads, Fn fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && t < n; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

// Threads for start-up work: the cores, at most four.
inline unsigned startup_threads() {
  return std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
}

}  // namespace decruft
