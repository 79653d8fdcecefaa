#include "core/structure_load.hpp"

#include <algorithm>

#include "core/literals.hpp"

namespace decruft {

namespace {

SourcePos at(const std::string& file, const toml::source_region& src) {
  return SourcePos{file, static_cast<uint32_t>(src.begin.line),
                   static_cast<uint32_t>(src.begin.column)};
}

// A language code as rule folders use them: "en", "pt-br".
bool language_code(std::string_view s) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  return s.size() >= 2 && lower(s[0]) && lower(s[1]) &&
         (s.size() == 2 || (s.size() == 5 && s[2] == '-' && lower(s[3]) && lower(s[4])));
}

// Lower case as the pass compares words, white space runs made one space.
std::string folded(std::string_view s) {
  std::string f;
  fold(s, f);
  std::string out;
  for (char c : f) {
    const bool space = c == ' ' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

struct Reader {
  const std::string& file;
  StructureParams& p;
  std::vector<Diagnostic>& diags;

  void error(const toml::node& n, std::string msg) {
    diags.push_back({at(file, n.source()), std::move(msg), false});
  }

  void count(const toml::node& v, std::string_view key, uint32_t& dst, int64_t lo, int64_t hi) {
    auto i = v.as_integer();
    if (!i) return error(v, "structure: `" + std::string(key) + "` must be an integer");
    if (i->get() < lo || i->get() > hi)
      return error(v, "structure: `" + std::string(key) + "` must be between " +
                          std::to_string(lo) + " and " + std::to_string(hi));
    dst = static_cast<uint32_t>(i->get());
  }

  void share(const toml::node& v, std::string_view key, double& dst) {
    std::optional<double> d;
    if (auto f = v.as_floating_point()) d = f->get();
    if (auto i = v.as_integer()) d = static_cast<double>(i->get());
    if (!d) return error(v, "structure: `" + std::string(key) + "` must be a number");
    if (!(*d >= 0.0 && *d <= 1.0))
      return error(v, "structure: `" + std::string(key) + "` must be between 0 and 1");
    dst = *d;
  }

  // An array of non-empty strings, folded. `phrases`: a trailing " *" is
  // allowed (a prefix).
  std::vector<std::string> words(const toml::node& v, std::string_view key, bool phrases) {
    std::vector<std::string> out;
    auto arr = v.as_array();
    if (!arr) {
      error(v, "structure: `" + std::string(key) + "` must be an array of strings");
      return out;
    }
    for (const auto& el : *arr) {
      auto s = el.as_string();
      if (!s) {
        error(el, "structure: `" + std::string(key) + "` must hold strings only");
        continue;
      }
      std::string f = folded(s->get());
      std::string_view body = f;
      if (phrases && body.size() > 2 && body.substr(body.size() - 2) == " *")
        body.remove_suffix(2);
      if (body.empty() || body.find_first_of("*\n\r") != std::string_view::npos) {
        error(el, "structure: `" + std::string(key) + "`: \"" + s->get() +
                      "\" must be a non-empty phrase (a `*` only as a last word, after a space)");
        continue;
      }
      if (!phrases && body.find(' ') != std::string_view::npos) {
        error(el, "structure: `" + std::string(key) + "`: \"" + s->get() + "\" must be one word");
        continue;
      }
      out.push_back(std::move(f));
    }
    return out;
  }

  void by_language(const toml::node& v, std::string_view key, bool phrases,
                   std::vector<std::pair<std::string, std::vector<std::string>>>& dst) {
    auto t = v.as_table();
    if (!t) return error(v, "structure: `" + std::string(key) + "` must be a table of languages");
    for (auto&& [k, list] : *t) {
      std::string lang(k.str());
      if (!language_code(lang) && lang != "any") {
        diags.push_back({at(file, k.source()),
                         "structure." + std::string(key) + ": \"" + lang +
                             "\" is not a language code (en, pt-br, any)",
                         false});
        continue;
      }
      auto w = words(list, std::string(key) + "." + lang, phrases);
      auto it = std::find_if(dst.begin(), dst.end(), [&](const auto& e) { return e.first == lang; });
      if (it == dst.end()) {
        dst.emplace_back(lang, std::move(w));
      } else {
        it->second.insert(it->second.end(), w.begin(), w.end());
      }
    }
  }

  void read(const toml::table& root) {
    const toml::node* st = nullptr;
    for (auto&& [k, v] : root) {
      if (k.str() == "structure") {
        st = &v;
      } else if (k.str() == "description") {
        if (!v.is_string()) error(v, "`description` must be a string");
      } else {
        diags.push_back({at(file, k.source()),
                         "unknown key `" + std::string(k.str()) +
                             "`: a file with a [structure] table holds nothing else",
                         false});
      }
    }
    auto t = st ? st->as_table() : nullptr;
    if (!t) {
      if (st) error(*st, "`structure` must be a table: write [structure]");
      return;
    }
    p.pos = at(file, t->source());
    for (auto&& [k, v] : *t) {
      std::string_view key = k.str();
      if (key == "enabled") {
        if (auto b = v.as_boolean()) p.enabled = b->get();
        else error(v, "structure: `enabled` must be true or false");
      } else if (key == "description") {
        if (!v.is_string()) error(v, "structure: `description` must be a string");
      } else if (key == "min_run") {
        count(v, key, p.min_run, 2, 1000);
      } else if (key == "min_words") {
        count(v, key, p.min_words, 1, 100);
      } else if (key == "max_words") {
        count(v, key, p.max_words, 1, 1000);
      } else if (key == "max_chars") {
        count(v, key, p.max_chars, 10, 10000);
      } else if (key == "min_bare_run") {
        count(v, key, p.min_bare_run, 2, 1000);
      } else if (key == "share_min_run") {
        count(v, key, p.share_min_run, 1, 1000);
      } else if (key == "max_stopwords") {
        share(v, key, p.max_stopwords);
      } else if (key == "max_digits") {
        share(v, key, p.max_digits);
      } else if (key == "networks") {
        p.networks = words(v, key, true);
      } else if (key == "share_words") {
        p.share_words = words(v, key, true);
      } else if (key == "heading_rules") {
        p.heading_rules.clear();
        for (const auto& w : words(v, key, false)) {
          const bool ok = !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/';
          });
          if (ok) p.heading_rules.push_back(w);
          else error(v, "structure: `heading_rules`: \"" + w + "\" is not a rule id, language/category or category");
        }
      } else if (key == "headings") {
        by_language(v, key, true, p.headings);
      } else if (key == "stopwords") {
        by_language(v, key, false, p.stopwords);
      } else {
        diags.push_back({at(file, k.source()), "structure: unknown key `" + std::string(key) + "`",
                         false});
      }
    }
    if (p.min_words > p.max_words)
      diags.push_back({p.pos, "structure: `min_words` is above `max_words`", false});
  }
};

}  // namespace

std::vector<Rule> structure_rules(const SourcePos& pos) {
  std::vector<Rule> out(2);
  out[0].id = "link-run";
  out[0].category = Category::related;
  out[0].description =
      "The structure pass: a run of headline-like lines (a related, most-read or teaser rail) "
      "after a related heading or a removed line, with few function words (rules/any/structure.toml).";
  out[1].id = "share-bar";
  out[1].category = Category::social;
  out[1].description =
      "The structure pass: a share bar, one network a line (rules/any/structure.toml).";
  out[0].remove_examples = {
      "More from Reuters\nHuge snowstorm blows through US northeast\n"
      "Mayweather and Pacquiao set for blockbuster rematch\n"
      "Briton among 19 killed after bus plunges off Nepal highway"};
  out[0].keep_examples = {
      "Most read\n2 cups flour\n1 teaspoon salt\n200 g butter, softened\n3 large eggs",
      "Most read\nWhose woods these are I think I know\nHis house is in the village though\n"
      "He will not see me stopping here\nTo watch his woods fill up with snow",
      "Most read\nGermany (Group C): 13th appearance\nSwitzerland (Group D): Fifth appearance\n"
      "Denmark (Group D): Ninth appearance"};
  out[1].remove_examples = {"\u2022 Facebook\n\u2022 Twitter\n\u2022 WhatsApp",
                            "Share on Facebook\nShare on Twitter"};
  out[1].keep_examples = {"Facebook", "The page asks readers to share it on Facebook and Twitter."};
  for (auto& r : out) {
    r.language = "structure";
    r.full_id = "structure/" + r.id;
    r.structure = true;
    r.pos = pos;
  }
  return out;
}

void read_structure_file(const std::string& path, const toml::table& root,
                         StructureParams& params, std::vector<Diagnostic>& diags) {
  Reader{path, params, diags}.read(root);
}

}  // namespace decruft
