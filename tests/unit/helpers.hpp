// Test helpers: build an engine from TOML text, clean a string.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/engine.hpp"
#include "core/ruleset.hpp"

namespace test {

inline std::unique_ptr<decruft::Engine> engine_from(const std::string& toml,
                                                    bool everything = false,
                                                    const decruft::CompileOptions& options = {}) {
  decruft::RuleSetConfig cfg;
  cfg.builtin = false;
  cfg.everything = everything;
  cfg.compile = options;
  cfg.user_files.push_back({"rules/en/test.toml", toml, "en"});
  std::vector<decruft::Diagnostic> diags;
  auto e = decruft::build_engine(cfg, diags);
  for (const auto& d : diags) MESSAGE(d.str());
  REQUIRE(e);
  return e;
}

// The built-in rules, compiled with `options`.
inline std::unique_ptr<decruft::Engine> builtin_engine(const decruft::CompileOptions& options) {
  decruft::RuleSetConfig cfg;
  cfg.compile = options;
  std::vector<decruft::Diagnostic> diags;
  auto e = decruft::build_engine(cfg, diags);
  for (const auto& d : diags) MESSAGE(d.str());
  REQUIRE(e);
  return e;
}

inline std::string clean(const decruft::Engine& e, const std::string& text,
                         std::string_view site = "") {
  decruft::Document doc(text);
  decruft::MatchOptions o;
  o.site = site;
  return decruft::apply_edits(text, e.match(doc, o));
}

}  // namespace test
