// decruft review: one self-contained HTML page for reviewers.
#include "cli/app.hpp"

namespace decruft::cli {
int cmd_review(const Options&) { complain("review: not built yet"); return kUsage; }
}  // namespace decruft::cli
