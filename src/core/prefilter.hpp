// Many literals at once over a line: the engine's prefilter.
//
// An Aho-Corasick automaton: one pass over the text finds every occurrence
// of every literal, in time linear in the text plus the occurrences. It
// matches bytes; callers fold case first (core/literals.hpp).
//
// Hand-written because no Debian-packaged library fits: Hyperscan is
// x86-only and takes seconds to compile thousands of literals, and an
// RE2::Set of the literals would bring back the compile time the
// prefilter exists to avoid.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace decruft {

class LiteralMatcher {
 public:
  // Up to `max_dense_states` states (at most 65,536) the automaton is a full
  // table; beyond, each state keeps only its own edges and scanning follows
  // fail links (slower, far smaller).
  explicit LiteralMatcher(size_t max_dense_states = 65536)
      : max_dense_states_(std::min<size_t>(max_dense_states, 65536)) {}

  // Adds a literal (non-empty) that reports `value` when found. Call
  // build() once after the last add().
  void add(std::string_view literal, uint32_t value);
  void build();

  bool empty() const { return nodes_.size() <= 1; }
  // True when scan() reads ASCII upper case as lower case itself (the full
  // table maps both to one column), so that ASCII text needs no fold().
  bool folds_ascii() const { return !dense_.empty(); }
  size_t states() const { return nodes_.size(); }

  // Calls hit(value) for each occurrence of each literal in `text` (a value
  // may come more than once).
  template <class Hit>
  void scan(std::string_view text, Hit&& hit) const {
    if (!dense_.empty()) {
      // One table lookup per byte.
      const uint16_t* d = dense_.data();
      const size_t nc = classes_;
      uint32_t s = 0;
      for (char ch : text) {
        s = d[s * nc + class_[static_cast<unsigned char>(ch)]];
        if (has_out_[s]) report(s, hit);
      }
      return;
    }
    uint32_t s = 0;
    for (char ch : text) {
      const auto b = static_cast<unsigned char>(ch);
      for (;;) {
        if (s == 0) {
          s = root_[b];
          break;
        }
        uint32_t t = next(s, b);
        if (t != kNone) {
          s = t;
          break;
        }
        s = nodes_[s].fail;
      }
      if (has_out_[s]) report(s, hit);
    }
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Node {
    uint32_t edge_begin = 0, edge_end = 0;  // its edges in edge_byte_/edge_to_, by byte
    uint32_t fail = 0;                      // longest proper suffix that is a trie node
    uint32_t dict = kNone;                  // nearest node on the fail chain that ends a literal
    uint32_t out_begin = 0, out_end = 0;    // values of the literals ending here
  };

  template <class Hit>
  void report(uint32_t s, Hit& hit) const {
    for (uint32_t o = nodes_[s].out_end > nodes_[s].out_begin ? s : nodes_[s].dict; o != kNone;
         o = nodes_[o].dict)
      for (uint32_t k = nodes_[o].out_begin; k < nodes_[o].out_end; ++k) hit(values_[k]);
  }

  uint32_t next(uint32_t s, unsigned char b) const {
    const Node& n = nodes_[s];
    for (uint32_t e = n.edge_begin; e < n.edge_end; ++e)
      if (edge_byte_[e] == b) return edge_to_[e];
    return kNone;
  }

  std::vector<Node> nodes_;
  std::vector<unsigned char> edge_byte_;
  std::vector<uint32_t> edge_to_;
  std::vector<uint32_t> values_;
  std::array<uint32_t, 256> root_{};  // the root's transition on every byte (0: stay)
  std::vector<uint8_t> has_out_;      // per state: a literal ends here or on its fail chain
  // The automaton as a full table, when it has at most 65,536 states: one
  // column per byte that occurs in a literal, and column 0 for all others
  // (they always lead back to the root).
  std::array<uint16_t, 256> class_{};
  size_t classes_ = 0;
  std::vector<uint16_t> dense_;
  size_t max_dense_states_;
  // Until build(): the trie as added.
  std::vector<std::string> pending_;
  std::vector<uint32_t> pending_values_;
};

}  // namespace decruft
