// decruft rules suggest: candidate rules from lines that repeat across documents.
#include "cli/app.hpp"

namespace decruft::cli {
int cmd_rules_suggest(const Options&) { complain("rules suggest: not built yet"); return kUsage; }
}  // namespace decruft::cli
