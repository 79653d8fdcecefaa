// decruft jsonl: JSON Lines on stdin -> stdout.
#include "cli/app.hpp"

namespace decruft::cli {
int cmd_jsonl(const Options&) { complain("jsonl: not built yet"); return kUsage; }
}  // namespace decruft::cli
