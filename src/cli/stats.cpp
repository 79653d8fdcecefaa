// decruft stats: per-rule hit counts over a corpus.
#include "cli/app.hpp"

namespace decruft::cli {
int cmd_stats(const Options&) { complain("stats: not built yet"); return kUsage; }
}  // namespace decruft::cli
