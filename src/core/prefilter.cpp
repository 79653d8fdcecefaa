#include "core/prefilter.hpp"

#include <algorithm>
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

  const size_t n = kids.size();
  nodes_.assign(n, Node{});
  edge_byte_.clear();
  edge_to_.clear();
  values_.clear();
  for (size_t s = 0; s < n; ++s) {
    auto& k = kids[s];
    std::sort(k.begin(), k.end());
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
}

}  // namespace decruft
