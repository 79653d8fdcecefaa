#include "core/rule.hpp"

#include <array>

namespace decruft {

namespace {
constexpr std::array<std::string_view, kCategoryCount> kCategoryNames = {
    "donation", "js-required", "paywall", "subscription", "login",
    "cookie",   "newsletter",  "adblock", "ad",           "social",
    "related",  "comments",    "attribution", "other",
};
}  // namespace

std::string_view category_name(Category c) {
  return kCategoryNames[static_cast<size_t>(c)];
}

std::optional<Category> parse_category(std::string_view name) {
  for (size_t i = 0; i < kCategoryNames.size(); ++i)
    if (kCategoryNames[i] == name) return static_cast<Category>(i);
  return std::nullopt;
}

bool category_on_by_default(Category c) {
  return c != Category::attribution && c != Category::comments;
}

std::string_view scope_name(Scope s) {
  switch (s) {
    case Scope::line: return "line";
    case Scope::span: return "span";
    case Scope::block: return "block";
    case Scope::tail: return "tail";
  }
  return "line";
}

std::optional<Scope> parse_scope(std::string_view name) {
  if (name == "line") return Scope::line;
  if (name == "span") return Scope::span;
  if (name == "block") return Scope::block;
  if (name == "tail") return Scope::tail;
  return std::nullopt;
}

std::string Diagnostic::str() const {
  std::string s = pos.file;
  if (pos.line) {
    s += ":" + std::to_string(pos.line);
    if (pos.column) s += ":" + std::to_string(pos.column);
  }
  s += warning ? ": warning: " : ": ";
  s += message;
  return s;
}

}  // namespace decruft
