// Shared by the fuzz targets: a failed property aborts with a message, so
// libFuzzer saves the input as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, ...)                                              \
  do {                                                                     \
    if (!(cond)) {                                                         \
      std::fprintf(stderr, "property failed: %s (%s:%d)\n", #cond, __FILE__, \
                   __LINE__);                                              \
      std::fprintf(stderr, "" __VA_ARGS__);                                \
      std::fprintf(stderr, "\n");                                          \
      std::abort();                                                        \
    }                                                                      \
  } while (0)
