#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "util/fs.hpp"

namespace {
std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }
}  // namespace

// AtomicWriter gathers small pieces in a buffer and writes large ones from
// where they are (util/fs.cpp); every byte must land, in order, and the file
// must appear only at commit().
TEST_CASE("AtomicWriter") {
  char dir_template[] = "/tmp/decruft-test-fs-XXXXXX";
  REQUIRE(::mkdtemp(dir_template) != nullptr);
  const std::string path = std::string(dir_template) + "/out.txt";
  std::string want, err;
  {
    util::AtomicWriter w;
    REQUIRE(w.open(path, err));
    // Many small pieces, then one piece larger than the buffer, a piece that
    // fills the buffer exactly, and small ones again.
    for (int i = 0; i < 50000; ++i) {
      std::string piece = std::to_string(i) + (i % 7 ? " " : "\n");
      want += piece;
      CHECK(w.write(piece));
    }
    std::string big(util::AtomicWriter::kBuffer * 3 + 17, 'x');
    want += big;
    CHECK(w.write(big));
    std::string exact(util::AtomicWriter::kBuffer, 'y');
    want += exact;
    CHECK(w.write(exact));
    want += "end\n";
    CHECK(w.write("end\n"));
    CHECK_FALSE(exists(path));  // nothing under the name before commit
    CHECK(w.commit(err));
  }
  CHECK(slurp(path) == want);
  SUBCASE("dropped without commit: the old file stays") {
    {
      util::AtomicWriter w;
      REQUIRE(w.open(path, err));
      CHECK(w.write("replacement"));
    }
    CHECK(slurp(path) == want);
  }
  std::remove(path.c_str());
  ::rmdir(dir_template);
}
