#include "core/prefilter.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace decruft {

void LiteralMatcher::add(std::string_view literal, uint32_t value) {
  if (literal.empty()) return;
  pending_.emplace_back(literal);
  pending_values_.push_back(value);
}

void LiteralMatcher::build() {
  // The trie, with each node's children as a sorted list.
  std::vector<std::vector<std::pair<unsigned char, uint32_t>>> kids(1);
  std::vector<std::vector<uint32_t>> vals(1);
  auto child = [&](uint32_t s, unsigned char b) -> uint32_t {
    for (const auto& [c, t] : kids[s])
      if (c == b) return t;
    return kNone;
  };
  for (size_t i = 0; i < pending_.size(); ++i) {
    uint32_t s = 0;
    for (char ch : pending_[i]) {
      const auto b = static_cast<unsigned char>(ch);
      uint32_t t = child(s, b);
      if (t == kNone) {
        t = static_cast<uint32_t>(kids.size());
        kids[s].push_back({b, t});
        kids.emplace_back();
        vals.emplace_back();
      }
      s = t;
    }
    vals[s].push_back(pending_values_[i]);
  }
  pending_.clear();
  pending_.shrink_to_fit();
  pending_values_.clear();
  pending_values_.shrink_to_fit();

  // Renumbered breadth first, children in byte order: the shallow states,
  // which take the table, come first, and every state's fail state (which
  // is shallower) comes before it.
  const size_t n = kids.size();
  {
    for (auto& k : kids) std::sort(k.begin(), k.end());
    std::vector<uint32_t> order{0}, rank(n, 0);
    order.reserve(n);
    for (size_t q = 0; q < order.size(); ++q)
      for (const auto& [c, t] : kids[order[q]]) {
        rank[t] = static_cast<uint32_t>(order.size());
        order.push_back(t);
      }
    std::vector<std::vector<std::pair<unsigned char, uint32_t>>> k2(n);
    std::vector<std::vector<uint32_t>> v2(n);
    for (size_t i = 0; i < n; ++i) {
      k2[i] = std::move(kids[order[i]]);
      for (auto& e : k2[i]) e.second = rank[e.second];
      v2[i] = std::move(vals[order[i]]);
    }
    kids = std::move(k2);
    vals = std::move(v2);
  }
  nodes_.assign(n, Node{});
  edge_byte_.clear();
  edge_to_.clear();
  values_.clear();
  for (size_t s = 0; s < n; ++s) {
    const auto& k = kids[s];  // in byte order since the renumbering
    nodes_[s].edge_begin = static_cast<uint32_t>(edge_byte_.size());
    for (const auto& [c, t] : k) {
      edge_byte_.push_back(c);
      edge_to_.push_back(t);
    }
    nodes_[s].edge_end = static_cast<uint32_t>(edge_byte_.size());
    auto& v = vals[s];
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    nodes_[s].out_begin = static_cast<uint32_t>(values_.size());
    values_.insert(values_.end(), v.begin(), v.end());
    nodes_[s].out_end = static_cast<uint32_t>(values_.size());
  }
  root_.fill(0);
  for (const auto& [c, t] : kids[0]) root_[c] = t;

  // Failure and output links, breadth first: a node's fail is found from
  // its parent's, which is shallower and so already known.
  std::vector<uint32_t> queue;
  queue.reserve(n);
  for (const auto& [c, t] : kids[0]) {
    nodes_[t].fail = 0;
    queue.push_back(t);
  }
  for (size_t q = 0; q < queue.size(); ++q) {
    const uint32_t s = queue[q];
    for (const auto& [c, t] : kids[s]) {
      uint32_t f = nodes_[s].fail;
      uint32_t to = kNone;
      for (;;) {
        to = f == 0 ? root_[c] : child(f, c);
        if (to != kNone && to != 0) break;
        if (f == 0) {
          to = 0;
          break;
        }
        f = nodes_[f].fail;
      }
      nodes_[t].fail = to;
      const Node& fn = nodes_[to];
      nodes_[t].dict = to == 0 ? kNone : (fn.out_end > fn.out_begin ? to : fn.dict);
      queue.push_back(t);
    }
  }
  has_out_.assign(n, 0);
  for (size_t s = 0; s < n; ++s)
    has_out_[s] = nodes_[s].out_end > nodes_[s].out_begin || nodes_[s].dict != kNone;

  // The table, row by row in breadth-first order: a missing edge goes where
  // the fail state's row says, and that row is already filled. Rows stop at
  // max_dense_rows_, or before a row whose edges lead past 65,535.
  dense_.clear();
  class_.fill(0);
  classes_ = 1;
  std::array<bool, 256> used{};
  for (unsigned char b : edge_byte_) used[b] = true;
  for (unsigned b = 0; b < 256; ++b)
    if (used[b]) class_[b] = static_cast<uint16_t>(classes_++);
  // Literals are folded, so they hold no ASCII upper case: those bytes can
  // share the columns of their lower case.
  for (unsigned b = 'A'; b <= 'Z'; ++b) class_[b] = class_[b + 32];
  size_t rows = std::min(max_dense_rows_, n);
  for (size_t s = 0; s < rows; ++s)
    if (nodes_[s].edge_end > nodes_[s].edge_begin && edge_to_[nodes_[s].edge_end - 1] > 65535) {
      rows = s;  // children are numbered in byte order, so the last is the largest
      break;
    }
  dense_rows_ = static_cast<uint32_t>(rows);
  if (rows == 0) return;
  dense_.assign(rows * classes_, 0);
  for (unsigned b = 0; b < 256; ++b)
    if (used[b]) dense_[class_[b]] = static_cast<uint16_t>(root_[b]);
  for (size_t s = 1; s < rows; ++s) {
    const Node& node = nodes_[s];
    uint16_t* row = &dense_[s * classes_];
    const uint16_t* fail_row = &dense_[node.fail * classes_];
    std::memcpy(row, fail_row, classes_ * sizeof(uint16_t));
    for (uint32_t e = node.edge_begin; e < node.edge_end; ++e)
      row[class_[edge_byte_[e]]] = static_cast<uint16_t>(edge_to_[e]);
  }
}

}  // namespace decruft
