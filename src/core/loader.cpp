#include "core/loader.hpp"

#include "core/parallel.hpp"
#include "core/structure_load.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <toml++/toml.h>
#include <unordered_map>

namespace decruft {

namespace {

SourcePos pos_of(const std::string& file, const toml::source_region& src) {
  return SourcePos{file, static_cast<uint32_t>(src.begin.line),
                   static_cast<uint32_t>(src.begin.column)};
}

// Collects the diagnostics of one file; every check reports and goes on.
struct FileReader {
  const RuleFile& file;
  LoadedRules& out;
  bool require_examples;

  void error(const toml::node& at, std::string msg) {
    out.diagnostics.push_back({pos_of(file.path, at.source()), std::move(msg), false});
  }
  void error(const SourcePos& at, std::string msg) {
    out.diagnostics.push_back({at, std::move(msg), false});
  }
  void warn(const SourcePos& at, std::string msg) {
    out.diagnostics.push_back({at, std::move(msg), true});
  }

  std::optional<std::string> get_string(const toml::node& n, std::string_view key,
                                        std::string_view what) {
    if (auto s = n.as_string()) return s->get();
    error(n, std::string(what) + "`" + std::string(key) + "` must be a string");
    return std::nullopt;
  }

  std::optional<bool> get_bool(const toml::node& n, std::string_view key,
                               std::string_view what) {
    if (auto b = n.as_boolean()) return b->get();
    error(n, std::string(what) + "`" + std::string(key) + "` must be true or false");
    return std::nullopt;
  }

  std::optional<uint32_t> get_count(const toml::node& n, std::string_view key,
                                    std::string_view what, int64_t min, int64_t max) {
    if (auto i = n.as_integer()) {
      int64_t v = i->get();
      if (v >= min && v <= max) return static_cast<uint32_t>(v);
      error(n, std::string(what) + "`" + std::string(key) + "` must be between " +
                   std::to_string(min) + " and " + std::to_string(max));
      return std::nullopt;
    }
    error(n, std::string(what) + "`" + std::string(key) + "` must be an integer");
    return std::nullopt;
  }

  // An array of strings; a lone string is accepted as a one-element array.
  std::vector<Pattern> get_strings(const toml::node& n, std::string_view key,
                                   std::string_view what) {
    std::vector<Pattern> result;
    if (auto s = n.as_string()) {
      result.push_back({s->get(), pos_of(file.path, n.source())});
      return result;
    }
    auto arr = n.as_array();
    if (!arr) {
      error(n, std::string(what) + "`" + std::string(key) + "` must be an array of strings");
      return result;
    }
    for (const auto& el : *arr) {
      if (auto s = el.as_string())
        result.push_back({s->get(), pos_of(file.path, el.source())});
      else
        error(el, std::string(what) + "`" + std::string(key) + "` must hold only strings");
    }
    return result;
  }

  void read_rule(const toml::table& t, std::optional<Category> file_category,
                 const std::string& language) {
    Rule r;
    r.language = language;
    r.pos = pos_of(file.path, t.source());
    bool have_category = false, have_max_lines = false;
    std::string label = "rule: ";

    // The id first, so that later messages can name the rule.
    if (auto idn = t.get("id")) {
      if (auto id = get_string(*idn, "id", label)) {
        r.id = *id;
        label = "rule \"" + r.id + "\": ";
        bool valid = !r.id.empty() && r.id[0] != '-';
        for (char c : r.id)
          valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
        if (!valid) error(*idn, label + "id must match [a-z0-9][a-z0-9-]*");
      }
    } else {
      error(r.pos, "rule: missing required key `id`");
    }

    for (auto&& [k, v] : t) {
      std::string_view key = k.str();
      if (key == "id") continue;
      if (key == "category") {
        if (auto s = get_string(v, key, label)) {
          if (auto c = parse_category(*s)) {
            r.category = *c;
            have_category = true;
          } else {
            error(v, label + "unknown category \"" + *s + "\"");
            have_category = true;  // reported already
          }
        }
      } else if (key == "scope") {
        if (auto s = get_string(v, key, label)) {
          if (auto sc = parse_scope(*s))
            r.scope = *sc;
          else
            error(v, label + "unknown scope \"" + *s + "\" (line, span, block, tail)");
        }
      } else if (key == "patterns") {
        r.patterns = get_strings(v, key, label);
      } else if (key == "start") {
        r.start = get_strings(v, key, label);
      } else if (key == "end") {
        r.end = get_strings(v, key, label);
      } else if (key == "unless") {
        r.unless = get_strings(v, key, label);
      } else if (key == "sites") {
        for (auto& p : get_strings(v, key, label)) {
          std::string d = p.text;
          std::transform(d.begin(), d.end(), d.begin(),
                         [](unsigned char c) { return std::tolower(c); });
          if (d.empty() || d.find_first_of("/: ") != std::string::npos)
            error(p.pos, label + "site \"" + p.text + "\" is not a domain name");
          else
            r.sites.push_back(d);
        }
      } else if (key == "max_chars") {
        if (auto n = get_count(v, key, label, 1, 1000000)) r.max_chars = *n;
      } else if (key == "max_lines") {
        if (auto n = get_count(v, key, label, 1, 100000)) {
          r.max_lines = *n;
          have_max_lines = true;
        }
      } else if (key == "last_fraction") {
        double f = -1;
        if (auto d = v.as_floating_point()) f = d->get();
        else if (auto i = v.as_integer()) f = static_cast<double>(i->get());
        if (f > 0 && f <= 1)
          r.last_fraction = f;
        else
          error(v, label + "`last_fraction` must be a number above 0 and at most 1");
      } else if (key == "min_run") {
        if (auto n = get_count(v, key, label, 1, 1000)) r.min_run = *n;
      } else if (key == "near_removed") {
        if (auto b = get_bool(v, key, label)) r.near_removed = *b;
      } else if (key == "case_sensitive") {
        if (auto b = get_bool(v, key, label)) r.case_sensitive = *b;
      } else if (key == "enabled") {
        if (auto b = get_bool(v, key, label)) r.enabled = *b;
      } else if (key == "description") {
        if (auto s = get_string(v, key, label)) r.description = *s;
      } else if (key == "remove" || key == "keep") {
        auto& dst = key == "remove" ? r.remove_examples : r.keep_examples;
        for (auto& p : get_strings(v, key, label)) dst.push_back(std::move(p.text));
      } else {
        error(pos_of(file.path, k.source()), label + "unknown key `" + std::string(key) + "`");
      }
    }

    if (!have_category) {
      if (file_category)
        r.category = *file_category;
      else
        error(r.pos, label + "no category (set `category` in the rule or the file)");
    }

    // Scope-specific requirements.
    if (r.scope == Scope::block) {
      if (r.start.empty()) error(r.pos, label + "a block rule needs `start` patterns");
      if (r.end.empty()) error(r.pos, label + "a block rule needs `end` patterns");
      if (!r.patterns.empty())
        error(r.patterns[0].pos, label + "a block rule takes `start` and `end`, not `patterns`");
      if (!have_max_lines) r.max_lines = 12;
    } else {
      if (r.patterns.empty()) error(r.pos, label + "missing required key `patterns`");
      if (!r.start.empty() || !r.end.empty())
        error(r.pos, label + "`start` and `end` belong to block rules");
    }
    if (r.near_removed && r.scope != Scope::line)
      error(r.pos, label + "`near_removed` applies to line rules only");
    if (r.min_run > 1 && !r.near_removed)
      error(r.pos, label + "`min_run` applies to near_removed rules only");
    if (have_max_lines && r.scope != Scope::block && r.scope != Scope::tail)
      error(r.pos, label + "`max_lines` applies to block and tail rules only");

    if (r.remove_examples.empty() || r.keep_examples.empty()) {
      std::string msg = label + "needs both `remove` and `keep` examples";
      if (require_examples)
        error(r.pos, msg);
      else
        warn(r.pos, msg);
    }

    r.full_id = r.language + "/" + std::string(category_name(r.category)) + "/" + r.id;
    out.rules.push_back(std::move(r));
  }

  void read(const toml::table& root) {
    std::string language = file.default_language;
    std::optional<Category> file_category;
    const toml::node* rules = nullptr;

    for (auto&& [k, v] : root) {
      std::string_view key = k.str();
      if (key == "language") {
        if (auto s = get_string(v, key, "")) language = *s;
      } else if (key == "category") {
        if (auto s = get_string(v, key, "")) {
          file_category = parse_category(*s);
          if (!file_category) error(v, "unknown category \"" + *s + "\"");
        }
      } else if (key == "description") {
        get_string(v, key, "");
      } else if (key == "disable") {
        for (auto& p : get_strings(v, key, "")) {
          out.disabled.push_back(p.text);
          out.disabled_pos.push_back(p.pos);
        }
      } else if (key == "rule") {
        rules = &v;
      } else {
        error(pos_of(file.path, k.source()), "unknown key `" + std::string(key) + "`");
      }
    }
    if (language.empty()) language = "any";
    if (!rules) return;
    auto arr = rules->as_array();
    if (!arr) {
      error(*rules, "`rule` must be an array of tables: write [[rule]]");
      return;
    }
    for (const auto& el : *arr) {
      if (auto t = el.as_table())
        read_rule(*t, file_category, language);
      else
        error(el, "`rule` must be an array of tables: write [[rule]]");
    }
  }
};

}  // namespace

bool LoadedRules::ok() const {
  return std::none_of(diagnostics.begin(), diagnostics.end(),
                      [](const Diagnostic& d) { return !d.warning; });
}

std::string language_from_path(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return "user";
  auto prev = path.find_last_of('/', slash - 1);
  std::string dir = path.substr(prev == std::string::npos ? 0 : prev + 1,
                                slash - (prev == std::string::npos ? 0 : prev + 1));
  // A language folder is named by a language code ("en", "pt-br") or "any";
  // a file anywhere else holds the user's own rules.
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  bool code = dir.size() >= 2 && lower(dir[0]) && lower(dir[1]) &&
              (dir.size() == 2 || (dir.size() == 5 && dir[2] == '-' && lower(dir[3]) && lower(dir[4])));
  if (code || dir == "any") return dir;
  return "user";
}

void load_rules(const std::vector<RuleFile>& files, bool require_examples,
                LoadedRules& out) {
  size_t first_new = out.rules.size();
  // Each file on its own (on every core: parsing is most of loading the
  // built-in rules), then merged in file order.
  std::vector<LoadedRules> each(files.size());
  parallel_for(files.size(), startup_threads(), [&](size_t i) {
    const RuleFile& f = files[i];
    toml::table root;
    try {
      root = toml::parse(f.text, f.path);
    } catch (const toml::parse_error& e) {
      each[i].diagnostics.push_back(
          {pos_of(f.path, e.source()), "invalid TOML: " + std::string(e.description()), false});
      return;
    }
    if (root.contains("structure")) {  // the structure pass's parameters, no rules
      each[i].structure = std::make_shared<StructureParams>();
      read_structure_file(f.path, root, *each[i].structure, each[i].diagnostics);
      return;
    }
    FileReader{f, each[i], require_examples}.read(root);
  });
  for (size_t i = 0; i < each.size(); ++i) {
    auto& e = each[i];
    if (e.structure) {  // read again over what earlier files set (checked above)
      if (!out.structure) {
        // The first structure file brings the rules the pass removes under,
        // selected by --enable/--disable like any others.
        out.structure = std::make_shared<StructureParams>();
        for (auto& r : structure_rules(e.structure->pos)) out.rules.push_back(std::move(r));
      }
      std::vector<Diagnostic> again;
      read_structure_file(files[i].path, toml::parse(files[i].text, files[i].path),
                          *out.structure, again);
    }
    std::move(e.rules.begin(), e.rules.end(), std::back_inserter(out.rules));
    std::move(e.disabled.begin(), e.disabled.end(), std::back_inserter(out.disabled));
    std::move(e.disabled_pos.begin(), e.disabled_pos.end(), std::back_inserter(out.disabled_pos));
    std::move(e.diagnostics.begin(), e.diagnostics.end(), std::back_inserter(out.diagnostics));
  }
  // Duplicate ids: against every rule already loaded.
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < out.rules.size(); ++i) {
    auto [it, fresh] = seen.emplace(out.rules[i].full_id, i);
    if (!fresh && i >= first_new) {
      const auto& first = out.rules[it->second].pos;
      out.diagnostics.push_back(
          {out.rules[i].pos,
           "rule \"" + out.rules[i].id + "\": duplicate id " + out.rules[i].full_id +
               " (first defined at " + first.file + ":" + std::to_string(first.line) + ")",
           false});
    }
  }
}

}  // namespace decruft
