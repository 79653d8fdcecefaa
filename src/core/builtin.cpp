#include "core/builtin.hpp"

#include <algorithm>

#include "core/literals.hpp"

namespace decruft {

std::vector<RuleFile> builtin_rule_files() {
  std::vector<RuleFile> out;
  for (const BuiltinFile* f = builtin_files(); f->path; ++f)
    out.push_back({f->path, std::string(f->data, f->size), language_from_path(f->path)});
  return out;
}

std::vector<std::string> pattern_literals(std::string_view pattern) {
  size_t rows = 0;
  const std::string_view* literals = nullptr;
  const BuiltinLiterals* table = builtin_literal_table(rows, literals);
  const BuiltinLiterals* end = table + rows;
  const BuiltinLiterals* it = std::lower_bound(
      table, end, pattern, [](const BuiltinLiterals& row, std::string_view p) { return row.pattern < p; });
  if (it == end || it->pattern != pattern) return required_literals(pattern);
  std::vector<std::string> out;
  out.reserve(it->count);
  for (uint32_t k = 0; k < it->count; ++k) out.emplace_back(literals[it->first + k]);
  return out;
}

}  // namespace decruft
