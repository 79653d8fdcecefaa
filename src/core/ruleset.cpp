#include "core/ruleset.hpp"

#include <functional>
#include <map>
#include <utility>

#include "core/builtin.hpp"

namespace decruft {

namespace {

// How specifically `name` selects rule `r`: 0 not at all, 1 category or
// language, 2 language/category, 3 the rule itself.
int specificity(const std::string& name, const Rule& r) {
  if (name == r.full_id) return 3;
  std::string cat(category_name(r.category));
  if (name == r.language + "/" + cat) return 2;
  if (name == cat || name == r.language) return 1;
  return 0;
}

// Checks each alternative of the terms as RE2 on its own (its references
// to other terms stand in as a plain letter, so that an error is reported
// once, where it is written). Only the terms `check` says.
void check_terms(const LoadedRules& loaded, const std::function<bool(const Term&)>& check,
                 std::vector<Diagnostic>& diagnostics) {
  std::map<std::string, std::map<std::string, Term>> stubs;
  for (const auto& [lang, names] : loaded.terms)
    for (const auto& [name, t] : names) {
      Term stub = t;
      stub.alternatives = {Pattern{"x", t.pos}};
      stubs[lang][name] = std::move(stub);
    }
  for (const auto& [lang, names] : loaded.terms)
    for (const auto& [name, t] : names) {
      if (!check(t)) continue;
      for (const auto& a : t.alternatives) {
        std::string text, err;
        if (!expand_terms(a.text, t.language, stubs, text, err)) continue;  // reported by the loader
        std::string bad = regex_error(text);
        if (!bad.empty())
          diagnostics.push_back({a.pos, "term `" + name + "`: invalid regex: " + bad, false});
      }
    }
}

}  // namespace

std::unique_ptr<Engine> build_engine(const RuleSetConfig& config,
                                     std::vector<Diagnostic>& diagnostics) {
  LoadedRules loaded;
  if (config.builtin) load_rules(builtin_rule_files(), true, loaded);
  for (auto& r : loaded.rules) r.builtin = true;
  // The built-in terms' alternatives are checked with the whole set (rules
  // check, test), like the built-in patterns; a user file's always.
  const auto builtin_terms = loaded.terms;
  load_rules(config.user_files, false, loaded);
  check_terms(loaded, [&](const Term& t) {
    if (config.everything) return true;
    auto l = builtin_terms.find(t.language);
    if (l == builtin_terms.end()) return true;
    auto b = l->second.find(t.name);
    return b == l->second.end() || b->second.pos.file != t.pos.file || b->second.pos.line != t.pos.line;
  }, loaded.diagnostics);
  diagnostics.insert(diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());

  const auto& rules = loaded.rules;
  std::vector<bool> active(rules.size());
  bool ok = loaded.ok();
  for (size_t i = 0; i < rules.size(); ++i)
    active[i] = config.everything || (rules[i].enabled && category_on_by_default(rules[i].category));

  for (size_t d = 0; d < loaded.disabled.size(); ++d) {
    bool found = false;
    for (size_t i = 0; i < rules.size(); ++i)
      if (rules[i].full_id == loaded.disabled[d]) {
        found = true;
        if (!config.everything) active[i] = false;
      }
    if (!found)
      diagnostics.push_back({loaded.disabled_pos[d],
                             "disable: no rule with id " + loaded.disabled[d], true});
  }

  if (!config.everything) {
    std::vector<int> level(rules.size(), 0);
    auto apply = [&](const std::vector<std::string>& names, bool on) {
      for (const auto& name : names) {
        bool found = parse_category(name).has_value();
        for (size_t i = 0; i < rules.size(); ++i) {
          int s = specificity(name, rules[i]);
          if (!s) continue;
          found = true;
          if (s > level[i] || (s == level[i] && on)) {
            level[i] = s;
            active[i] = on;
          }
        }
        if (!found) {
          // Built field by field: GCC 12 warns (wrongly) that a braced
          // SourcePos inside a braced Diagnostic may be uninitialised.
          Diagnostic d;
          d.pos.file = "decruft";
          d.message = std::string(on ? "--enable" : "--disable") +
                      ": no rule, category or language named \"" + name + "\"";
          diagnostics.push_back(std::move(d));
          ok = false;
        }
      }
    };
    apply(config.disable, false);
    apply(config.enable, true);
  }
  // Compile even after load errors, so that bad patterns are reported too.
  // Every rule of the set is compiled up front when the whole set is asked
  // for (rules check, test, list): that is where built-in rules are checked.
  CompileOptions compile = config.compile;
  if (loaded.structure) compile.structure = loaded.structure;
  if (config.everything) compile.lazy_builtin = false;
  auto engine = Engine::compile(std::move(loaded.rules), std::move(active), diagnostics,
                                compile);
  return ok ? std::move(engine) : nullptr;
}

}  // namespace decruft
