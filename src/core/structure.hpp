// The structure pass: runs of link-like lines (headline rails, "most read"
// lists, share bars one network a line) that the rules left, removed when
// the run as a whole is clearly not article text.
//
// It runs after the rules (Engine::match calls it before the orphaned blank
// lines are settled) and works on line shapes only: length, word count,
// share of the language's function words (stopwords, from Debian's
// liblingua-stopwords-perl Snowball lists, read at build time), sentence
// punctuation, bullet and box markers, digits, column spacing, and the
// line before the run (a related/most-read heading, or a line a related
// rule removed). Its parameters are a rule file with a [structure] table
// (rules/any/structure.toml; format in rules/README.md), read by
// read_structure_file(); its removals belong to two rules made here,
// `structure/link-run` (category related) and `structure/share-bar`
// (social), so --enable/--disable select them like any rule, and the diff
// hunk header and the report say why each run went (structure_why()).
//
// Everything here is linear in the document: each line is classified once,
// each run is walked once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/edits.hpp"
#include "core/rule.hpp"

namespace decruft {

class Document;

// What a [structure] file says, merged over the files in load order (a
// later file's key replaces an earlier one's; headings and stopwords add
// per language).
struct StructureParams {
  bool enabled = true;
  // A rail: at least min_run headline-like lines, each of min_words to
  // max_words words and at most max_chars characters.
  uint32_t min_run = 3;
  uint32_t min_words = 4;
  uint32_t max_words = 24;
  uint32_t max_chars = 160;
  // The run's share of function words at most this (a headline rail is
  // mostly names and nouns; prose and verse are not).
  double max_stopwords = 0.25;
  // A line with more digits than this share of its characters is a table
  // row, a schedule or a score, never a headline.
  double max_digits = 0.2;
  // A run with no introducing heading goes only when it is this long,
  // bulleted, and next to a removed line.
  uint32_t min_bare_run = 5;
  // Share bars: at least share_min_run lines of a network name each.
  uint32_t share_min_run = 2;
  std::vector<std::string> networks;     // folded ("facebook", "whatsapp")
  std::vector<std::string> share_words;  // folded ("share on", "teilen")
  // Headings that introduce a rail, folded, by language; a phrase ending
  // in " *" matches as a prefix ("more from *").
  std::vector<std::pair<std::string, std::vector<std::string>>> headings;
  // Rules whose removed lines introduce a rail as a heading does: full ids,
  // "language/category" or a category ("related", "en/other/carousel-controls").
  std::vector<std::string> heading_rules = {"related"};
  // Function words added to the built-in lists, by language.
  std::vector<std::pair<std::string, std::vector<std::string>>> stopwords;
  SourcePos pos;  // the [structure] table of the last file
};

// read_structure_file() (core/structure_load.hpp) reads a [structure] file.

// The rules the pass removes under; `builtin` as the files they came with.
std::vector<Rule> structure_rules(const SourcePos& pos);

// The function words of each built-in language: "en" -> "a about above ...",
// space-separated (generated at build time from liblingua-stopwords-perl).
struct BuiltinStopwords {
  const char* language;  // null ends the table
  const char* words;
};
const BuiltinStopwords* builtin_stopwords();

// A run the pass removes: lines [first, last], and why.
struct StructureRun {
  size_t first, last;
  uint32_t rule;  // rule index: link-run or share-bar
  uint8_t why;    // kWhy* bits
  uint16_t stop;  // stopword share in thousandths, kNoStop without a list
};
inline constexpr uint8_t kWhyHeading = 1;   // after a heading (kept or removed)
inline constexpr uint8_t kWhyRemoved = 2;   // next to a line the rules removed
inline constexpr uint8_t kWhyBullets = 4;   // box or bullet markers
inline constexpr uint8_t kWhyShare = 8;     // network names
inline constexpr uint8_t kWhyOwnHeading = 16;  // the heading is the run's first line
inline constexpr uint8_t kWhyEdge = 32;        // before or after the article body
inline constexpr uint16_t kNoStop = 0xFFFF;

// The compiled parameters: sets for the lookups.
class Structure {
 public:
  explicit Structure(const StructureParams& p);
  const StructureParams& params() const { return p_; }

  // Line state for find(): kept, removed by a related or social rule (a
  // heading of a rail), removed by any other rule.
  enum State : uint8_t { kKept = 0, kRemovedRelated = 1, kRemovedOther = 2 };

  // The runs to remove. `state(i)` gives line i's State, `blank[i]` whether
  // it is blank. link_rule / share_rule: the rule indexes (negative: off).
  template <class StateFn>
  void find(const Document& doc, const std::vector<bool>& blank, StateFn&& state,
            int link_rule, int share_rule, std::vector<StructureRun>& out) const;

  // A line a tail may go on over after its heading: a headline-like line
  // (as a rail's), so that a tail ends with its list.
  bool continues_tail(std::string_view text) const;
  // The same without a structure file: short and not a sentence.
  static bool plain_tail(std::string_view trimmed);

 private:
  struct Shape;
  Shape shape(std::string_view text) const;
  bool heading(std::string_view trimmed) const;
  void classify(const Document& doc, const std::vector<bool>& blank,
                const std::vector<uint8_t>& states, int link_rule, int share_rule,
                std::vector<StructureRun>& out) const;
  int language_of(const Document& doc, const std::vector<bool>& blank) const;
  // The network names of a share-bar line (0: not one).
  // `worded`: set when the line has a share word ("Share on").
  size_t share_line(std::string_view trimmed, bool* worded = nullptr) const;

  StructureParams p_;
  std::unordered_set<std::string> heading_exact_;
  std::vector<std::string> heading_prefix_;
  std::vector<std::string> languages_;                      // index -> code
  std::unordered_map<std::string, uint32_t> stop_;          // word -> language bits
  std::unordered_set<std::string> networks_;
  std::vector<std::string> share_words_;
  std::unordered_set<std::string> first_words_;  // of networks and share words
};

template <class StateFn>
void Structure::find(const Document& doc, const std::vector<bool>& blank, StateFn&& state,
                     int link_rule, int share_rule, std::vector<StructureRun>& out) const {
  out.clear();
  if (!p_.enabled || (link_rule < 0 && share_rule < 0)) return;
  thread_local std::vector<uint8_t> states;
  states.resize(blank.size());
  for (size_t i = 0; i < blank.size(); ++i) states[i] = state(i);
  classify(doc, blank, states, link_rule, share_rule, out);
}

// Why a structure edit went, for the diff hunk header and the report:
// `7 lines, stopwords 0.04, after "More from"`.
std::string structure_why(const Document& doc, const Edit& e);

// Steps of the passes after line matching (blocks, tails, near_removed,
// structure) in this thread since the last reset: the linear-time test.
uint64_t& pass_steps();

}  // namespace decruft
