// Many literals at once over a line: the engine's prefilter.
//
// An Aho-Corasick automaton: one pass over the text finds every occurrence
// of every literal, in time linear in the text plus the occurrences. It
// matches bytes and folds ASCII case itself; callers fold other text first
// (core/literals.hpp).
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
  // The automaton's first `max_dense_rows` states (breadth first: the
  // shallow ones, where most bytes of text land) are a full table, one
  // lookup per byte; the deeper states keep only their own edges and
  // scanning follows fail links back into the table. A row costs 2 bytes
  // per byte class: the shipped rules' largest automaton (19,545 states,
  // 128 classes) took 5 MB as a full table and takes 0.5 MB with 2,048
  // rows, scanning as fast (measured on the bench corpus).
  explicit LiteralMatcher(size_t max_dense_rows = kDefaultDenseRows)
      : max_dense_rows_(std::min<size_t>(max_dense_rows, 65536)) {}
  static constexpr size_t kDefaultDenseRows = 2048;

  // Adds a literal (non-empty) that reports `value` when found. Call
  // build() once after the last add().
  void add(std::string_view literal, uint32_t value);
  void build();

  bool empty() const { return nodes_.size() <= 1; }
  size_t states() const { return nodes_.size(); }
  size_t dense_rows() const { return dense_rows_; }

  // Calls hit(value) for each occurrence of each literal in `text` (a value
  // may come more than once). ASCII upper case reads as lower case (literals
  // are folded, so they hold none): ASCII text needs no fold() first.
  template <class Hit>
  void scan(std::string_view text, Hit&& hit) const {
    const uint16_t* d = dense_.data();
    const size_t nc = classes_;
    const uint32_t nd = dense_rows_;
    uint32_t s = 0;
    for (char ch : text) {
      const auto b = static_cast<unsigned char>(ch);
      if (s < nd) {
        s = d[s * nc + class_[b]];
      } else {
        s = step_sparse(s, b);
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

  // One byte from a state past the table: its own edge, else its fail
  // state's, until a state in the table (fail states are shallower, so
  // earlier in breadth-first order) or the root.
  uint32_t step_sparse(uint32_t s, unsigned char b) const {
    if (b >= 'A' && b <= 'Z') b = static_cast<unsigned char>(b + 32);
    for (;;) {
      if (s < dense_rows_) return dense_[s * classes_ + class_[b]];
      if (s == 0) return root_[b];
      uint32_t t = next(s, b);
      if (t != kNone) return t;
      s = nodes_[s].fail;
    }
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
  // The table of the first dense_rows_ states: one column per byte that
  // occurs in a literal, and column 0 for all others (from a table state
  // they lead back to the root). States are numbered breadth first.
  std::array<uint16_t, 256> class_{};
  size_t classes_ = 0;
  std::vector<uint16_t> dense_;
  uint32_t dense_rows_ = 0;
  size_t max_dense_rows_;
  // Until build(): the trie as added.
  std::vector<std::string> pending_;
  std::vector<uint32_t> pending_values_;
};

}  // namespace decruft
