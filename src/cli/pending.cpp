// Commands not built yet.
#include "cli/app.hpp"

namespace decruft::cli {
int cmd_jsonl(const Options&) { complain("jsonl: not built yet"); return kUsage; }
int cmd_stats(const Options&) { complain("stats: not built yet"); return kUsage; }
int cmd_review(const Options&) { complain("review: not built yet"); return kUsage; }
}  // namespace decruft::cli
