// The default rule files, compiled into the binary from rules/ by
// src/embed_rules.cmake, and the required literals of their patterns, worked
// out at build time by src/core/gen_literals.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/loader.hpp"

namespace decruft {

struct BuiltinFile {
  const char* path;  // "rules/en/paywall.toml"; null ends the table
  const char* data;
  size_t size;
};

// The table, ended by an entry whose path is null.
const BuiltinFile* builtin_files();

// The built-in files as RuleFiles, in path order.
std::vector<RuleFile> builtin_rule_files();

// One pattern of the built-in rules and its required literals:
// literals[first .. first + count) of the table's literal array.
struct BuiltinLiterals {
  std::string_view pattern;
  uint32_t first, count;
};

// The generated table, sorted by pattern; `rows` rows.
const BuiltinLiterals* builtin_literal_table(size_t& rows, const std::string_view*& literals);

// required_literals(pattern) with its default bounds: read from the table
// when the pattern is one of the built-in rules', worked out otherwise.
std::vector<std::string> pattern_literals(std::string_view pattern);

}  // namespace decruft
