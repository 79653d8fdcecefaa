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

// "en", "pt-br", "zh-hant", "any", "user": [a-z]{2,3}(-[a-z0-9]+)*.
bool is_language_code(const std::string& s) {
  if (s == "any" || s == "user") return true;
  size_t i = 0;
  while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
  if (i < 2 || i > 3) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    size_t start = ++i;
    while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))) ++i;
    if (i == start || i - start > 8) return false;
  }
  return true;
}

// A host name as --site and a JSONL url give it (lower case, no trailing
// dot): labels of 1-63 letters, digits, '-' or '_' (not at either end of a
// label), or bytes of an internationalised name, joined by single dots.
bool is_domain_name(const std::string& d) {
  if (d.empty() || d.size() > 253) return false;
  size_t label = 0;
  for (size_t i = 0; i <= d.size(); ++i) {
    if (i == d.size() || d[i] == '.') {
      if (label == 0 || label > 63 || d[i - 1] == '-' || d[i - label] == '-') return false;
      label = 0;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(d[i]);
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c >= 0x80))
      return false;
    ++label;
  }
  return true;
}

SourcePos pos_of(const std::string& file, const toml::source_region& src) {
  return SourcePos{file, static_cast<uint32_t>(src.begin.line),
                   static_cast<uint32_t>(src.begin.column)};
}

// Collects the diagnostics of one file; every check reports and goes on.
// Most `all` groups a rule may have.
constexpr size_t kMaxGroups = 8;

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

  // Patterns: strings, each checked for what RE2 accepts but decruft must
  // not: \C matches one byte, so it can cut a UTF-8 character in two (a
  // span removal would then leave half a character behind).
  std::vector<Pattern> get_patterns(const toml::node& n, std::string_view key,
                                    std::string_view what) {
    std::vector<Pattern> result = get_strings(n, key, what);
    for (const auto& p : result) {
      const std::string& t = p.text;
      for (size_t i = 0; i + 1 < t.size(); ++i) {
        if (t[i] != '\\') continue;
        if (t[i + 1] == 'Q') {  // \Q...\E: literal text
          size_t e = t.find("\\E", i + 2);
          if (e == std::string::npos) break;
          i = e + 1;
          continue;
        }
        if (t[i + 1] == 'C') {
          error(p.pos, std::string(what) + "`" + std::string(key) +
                           "`: \\C (any byte) can match part of a UTF-8 character; use . instead");
          break;
        }
        ++i;  // the escaped character
      }
    }
    return result;
  }

  // `all = [GROUP, ...]`: a group is one pattern or an array of them.
  void read_all(const toml::node& v, const std::string& label, Rule& r) {
    auto arr = v.as_array();
    if (!arr) {
      error(v, label + "`all` must be an array of groups (a pattern, or an array of patterns)");
      return;
    }
    if (arr->empty()) error(v, label + "`all` is empty: give it at least one group");
    if (arr->size() > kMaxGroups)
      error(v, label + "`all` has " + std::to_string(arr->size()) + " groups (at most " +
                   std::to_string(kMaxGroups) + ")");
    for (const auto& el : *arr) {
      if (auto g = el.as_array(); g && g->empty()) {
        error(el, label + "`all`: an empty group (it would never match)");
        continue;
      }
      if (!el.as_string() && !el.as_array()) {
        error(el, label + "`all` must hold patterns or arrays of patterns");
        continue;
      }
      auto group = get_patterns(el, "all", label);
      if (!group.empty()) r.all.push_back(std::move(group));
    }
  }

  // [terms]: name = [alternatives] (or one string).
  void read_terms(const toml::node& v, const std::string& language) {
    auto t = v.as_table();
    if (!t) {
      error(v, "`terms` must be a table: write [terms] and name = ['...', ...] under it");
      return;
    }
    for (auto&& [k, val] : *t) {
      const std::string name(k.str());
      const SourcePos at = pos_of(file.path, k.source());
      bool valid = !name.empty() && name[0] >= 'a' && name[0] <= 'z';
      for (char c : name) valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
      if (!valid) {
        error(at, "term `" + name + "`: a term name must match [a-z][a-z0-9_]*");
        continue;
      }
      Term term{language, name, {}, at};
      const std::string label = "term `" + name + "`: ";
      if (auto arr = val.as_array(); arr && arr->empty()) {
        error(val, label + "no alternatives (an empty term would never match)");
        continue;
      }
      term.alternatives = get_patterns(val, name, label);
      bool ok = !term.alternatives.empty();
      for (const auto& a : term.alternatives)
        if (a.text.empty()) {
          error(a.pos, label + "an empty alternative (it would match any line)");
          ok = false;
        }
      if (ok) out.terms[language][name] = std::move(term);
    }
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
        r.patterns = get_patterns(v, key, label);
      } else if (key == "start") {
        r.start = get_patterns(v, key, label);
      } else if (key == "end") {
        r.end = get_patterns(v, key, label);
      } else if (key == "all") {
        read_all(v, label, r);
      } else if (key == "unless") {
        r.unless = get_patterns(v, key, label);
      } else if (key == "sites") {
        for (auto& p : get_strings(v, key, label)) {
          std::string d = p.text;
          std::transform(d.begin(), d.end(), d.begin(),
                         [](unsigned char c) { return std::tolower(c); });
          if (!d.empty() && d.back() == '.') d.pop_back();  // "example.com." is example.com
          if (!is_domain_name(d))
            error(p.pos, label + "site \"" + p.text +
                             "\" is not a domain name (labels of letters, digits and '-' "
                             "joined by dots, as in news.example.com)");
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
      // A rule of `all` groups alone is looked up by its first group. A
      // span rule names what goes in `patterns`: its groups only qualify
      // the line.
      if (r.patterns.empty() && !r.all.empty() && r.scope != Scope::span) {
        r.patterns = std::move(r.all.front());
        r.all.erase(r.all.begin());
      }
      if (r.patterns.empty())
        error(r.pos, label + (r.scope == Scope::span && !r.all.empty()
                                  ? "a span rule needs `patterns` (the text that goes) beside `all`"
                                  : "missing required key `patterns` (or `all`)"));
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
    const toml::node* terms = nullptr;

    for (auto&& [k, v] : root) {
      std::string_view key = k.str();
      if (key == "language") {
        if (auto s = get_string(v, key, "")) {
          // It goes into rule ids and diff hunk headers: a newline or a
          // space there would break the diff.
          if (is_language_code(*s))
            language = *s;
          else
            error(v, "`language` \"" + *s +
                         "\" is not a language code ([a-z]{2,3} with -subtags such as pt-br, "
                         "or any, or user)");
        }
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
      } else if (key == "terms") {
        terms = &v;
      } else {
        error(pos_of(file.path, k.source()), "unknown key `" + std::string(key) + "`");
      }
    }
    if (language.empty()) language = "any";
    if (terms) read_terms(*terms, language);
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


using TermMap = std::map<std::string, std::map<std::string, Term>>;

// What expand() found: all well; an error in the text itself; an error in
// a term it refers to (reported where that term is written).
enum class Expanded { ok, here, nested };

bool name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// At p[i] == '{': a reference {name} or {lang.name}. Its end (just past the
// '}'), or npos when the braces hold something else (a repetition {2,5}).
size_t reference_at(std::string_view p, size_t i, std::string& lang, std::string& name) {
  size_t j = i + 1;
  if (j >= p.size() || p[j] < 'a' || p[j] > 'z') return std::string_view::npos;
  while (j < p.size() && (name_char(p[j]) || p[j] == '-')) ++j;
  std::string_view first = p.substr(i + 1, j - i - 1);
  lang.clear();
  if (j < p.size() && p[j] == '.') {
    lang = std::string(first);
    const size_t k = ++j;
    if (j >= p.size() || p[j] < 'a' || p[j] > 'z') return std::string_view::npos;
    while (j < p.size() && name_char(p[j])) ++j;
    first = p.substr(k, j - k);
  } else if (first.find('-') != std::string_view::npos) {
    return std::string_view::npos;
  }
  if (j >= p.size() || p[j] != '}') return std::string_view::npos;
  name = std::string(first);
  return j + 1;
}

// Expands the term references of `p` (in a file of `language`) into `out`.
// `stack`: the terms being expanded, outermost first, for cycles; `depth0`
// errors are "here" only for the text itself, except that a cycle is
// reported wherever it is found when `cycles_here` is set.
Expanded expand(std::string_view p, const std::string& language, const TermMap& terms,
                std::string& out, std::string& error, std::vector<const Term*>& stack,
                bool cycles_here) {
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') {
      out += c;
      if (i + 1 >= p.size()) break;
      const char n = p[++i];
      out += n;
      // \p{Greek}, \x{27}: copied through the closing brace.
      if ((n == 'p' || n == 'P' || n == 'x') && i + 1 < p.size() && p[i + 1] == '{') {
        const size_t close = p.find('}', i + 1);
        const size_t end = close == std::string_view::npos ? p.size() : close + 1;
        out.append(p.substr(i + 1, end - i - 1));
        i = end - 1;
      }
      continue;
    }
    if (c == '[') {  // a class, copied as it is
      size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      for (; j < p.size() && p[j] != ']'; ++j) {
        if (p[j] == '\\') {
          ++j;
        } else if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
          const size_t close = p.find(":]", j + 2);
          if (close != std::string_view::npos) j = close + 1;
        }
      }
      const size_t end = std::min(j + 1, p.size());
      out.append(p.substr(i, end - i));
      i = end - 1;
      continue;
    }
    std::string lang, name;
    const size_t end = c == '{' ? reference_at(p, i, lang, name) : std::string_view::npos;
    if (end == std::string_view::npos) {
      out += c;
      continue;
    }
    const Term* term = nullptr;
    auto find = [&](const std::string& l) {
      auto it = terms.find(l);
      if (it == terms.end()) return;
      auto t = it->second.find(name);
      if (t != it->second.end()) term = &t->second;
    };
    if (!lang.empty()) {
      find(lang);
    } else {
      find(language);
      if (!term) find("any");
    }
    const std::string shown = "{" + (lang.empty() ? "" : lang + ".") + name + "}";
    if (!term) {
      if (!stack.empty() && !cycles_here) return Expanded::nested;
      error = "unknown term " + shown + (lang.empty() ? " (not in [terms] of \"" + language +
                                                            "\" or \"any\")"
                                                      : "");
      return Expanded::here;
    }
    if (std::find(stack.begin(), stack.end(), term) != stack.end()) {
      if (!cycles_here) return Expanded::nested;
      error = "terms refer to each other in a cycle:";
      for (const Term* t : stack) error += " {" + t->name + "} ->";
      error += " " + shown;
      return Expanded::here;
    }
    stack.push_back(term);
    out += "(?:";
    for (size_t k = 0; k < term->alternatives.size(); ++k) {
      if (k) out += '|';
      std::string err;
      Expanded e = expand(term->alternatives[k].text, term->language, terms, out, err, stack,
                          cycles_here);
      if (e != Expanded::ok) {
        // An error deeper down is the inner term's to report, unless it
        // is a cycle through the term being checked.
        if (e == Expanded::here && cycles_here && err.rfind("terms refer", 0) == 0) {
          error = err;
          return Expanded::here;
        }
        return Expanded::nested;
      }
    }
    out += ')';
    stack.pop_back();
    i = end - 1;
  }
  return Expanded::ok;
}

}  // namespace

bool expand_terms(const std::string& pattern, const std::string& language,
                  const std::map<std::string, std::map<std::string, Term>>& terms,
                  std::string& out, std::string& error) {
  std::vector<const Term*> stack;
  out.clear();
  return expand(pattern, language, terms, out, error, stack, true) == Expanded::ok;
}

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
  // Terms: a name defined twice in one language within these files is an
  // error; one defined again by a later load (a user file after the
  // built-in ones) is the later load's for its own rules.
  TermMap fresh;
  for (auto& e : each)
    for (auto& [lang, names] : e.terms)
      for (auto& [name, term] : names) {
        auto [it, added] = fresh[lang].emplace(name, term);
        if (!added)
          e.diagnostics.push_back(
              {term.pos,
               "term `" + name + "`: already defined for language \"" + lang + "\" at " +
                   it->second.pos.file + ":" + std::to_string(it->second.pos.line),
               false});
      }
  TermMap terms = out.terms;
  for (auto& [lang, names] : fresh)
    for (auto& [name, term] : names) terms[lang][name] = term;
  // Each new term's alternatives on their own, so that an unknown name or
  // a cycle is reported where it is written.
  for (auto& [lang, names] : fresh)
    for (auto& [name, term] : names)
      for (const auto& a : term.alternatives) {
        std::string expanded, err;
        std::vector<const Term*> stack{&terms[lang][name]};  // the copy expand() meets
        if (expand(a.text, lang, terms, expanded, err, stack, true) == Expanded::here)
          out.diagnostics.push_back({a.pos, "term `" + name + "`: " + err, false});
      }
  for (auto& e : each) {
    for (auto& r : e.rules) {
      auto one = [&](Pattern& p) {
        if (p.text.find('{') == std::string::npos) return;
        std::string expanded, err;
        std::vector<const Term*> stack;
        switch (expand(p.text, r.language, terms, expanded, err, stack, false)) {
          case Expanded::ok: p.text = std::move(expanded); break;
          case Expanded::here:
            e.diagnostics.push_back({p.pos, "rule \"" + r.id + "\": " + err, false});
            break;
          case Expanded::nested: break;  // reported at the term
        }
      };
      for (auto* list : {&r.patterns, &r.start, &r.end, &r.unless})
        for (auto& p : *list) one(p);
      for (auto& g : r.all)
        for (auto& p : g) one(p);
    }
  }
  out.terms = std::move(terms);
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
