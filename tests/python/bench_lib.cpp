// The C++ library's single-thread time over a set of documents, the
// baseline of tests/python/bench.py (not a test): reads the files named on
// the command line, then cleans them all with one decruft::Cleaner, ROUNDS
// times, and prints the best round's CPU seconds and the bytes removed.
#include <decruft/decruft.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_lib ROUNDS FILE...\n");
    return 2;
  }
  int rounds = std::atoi(argv[1]);
  std::vector<std::string> docs;
  size_t total = 0;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    docs.push_back(ss.str());
    total += docs.back().size();
  }
  decruft::Cleaner cleaner;
  if (!cleaner.ok()) return 2;
  double best = 1e9;
  size_t removed = 0;
  for (int r = 0; r < rounds; ++r) {
    std::clock_t t0 = std::clock();
    removed = 0;
    for (const auto& d : docs) {
      decruft::CleanResult res = cleaner.clean(d);
      removed += res.bytes_in - res.bytes_out;
    }
    double s = double(std::clock() - t0) / CLOCKS_PER_SEC;
    if (s < best) best = s;
  }
  std::printf("{\"docs\": %zu, \"bytes\": %zu, \"removed\": %zu, \"cpu_s\": %.4f}\n", docs.size(),
              total, removed, best);
  return 0;
}
