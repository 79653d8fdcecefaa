// The default rule files, compiled into the binary from rules/ by
// src/embed_rules.cmake.
#pragma once

#include <cstddef>
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

}  // namespace decruft
