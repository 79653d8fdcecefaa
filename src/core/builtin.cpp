#include "core/builtin.hpp"

namespace decruft {

std::vector<RuleFile> builtin_rule_files() {
  std::vector<RuleFile> out;
  for (const BuiltinFile* f = builtin_files(); f->path; ++f)
    out.push_back({f->path, std::string(f->data, f->size), language_from_path(f->path)});
  return out;
}

}  // namespace decruft
