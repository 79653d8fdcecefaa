#include "core/document.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

namespace decruft {

Document::Document(std::string_view bytes, Offsets offsets) : bytes_(bytes) {
  const size_t size = bytes.size();
  rel_.reserve(size / 64 + 1);
  size_t ends[kGroupLines];
  size_t pos = 0;
  while (pos < size) {
    const size_t base = pos;
    size_t k = 0;
    while (k < kGroupLines && pos < size) {
      const void* nl = std::memchr(bytes.data() + pos, '\n', size - pos);
      pos = nl ? static_cast<size_t>(static_cast<const char*>(nl) - bytes.data()) + 1 : size;
      ends[k++] = pos;
    }
    if (offsets == Offsets::wide || pos - base > std::numeric_limits<uint16_t>::max()) {
      groups_.push_back({base, far_.size()});
      far_.insert(far_.end(), ends, ends + k);
      rel_.resize(rel_.size() + k);
    } else {
      groups_.push_back({base, kNotFar});
      for (size_t j = 0; j < k; ++j) rel_.push_back(static_cast<uint16_t>(ends[j] - base));
    }
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bom_ = 3;
}

bool Document::is_blank(size_t i) const { return trim(text(i)).empty(); }

size_t Document::line_of(size_t pos) const {
  // The group: the last to begin at or before pos (the first begins at 0).
  const auto after = std::upper_bound(groups_.begin(), groups_.end(), pos,
                                      [](size_t p, const Group& g) { return p < g.base; });
  // In it, the first line that ends after pos.
  size_t lo = static_cast<size_t>(after - groups_.begin() - 1) * kGroupLines;
  size_t hi = std::min(line_count(), lo + kGroupLines);
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (end_of(mid) > pos)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

namespace {

// Bytes of the valid UTF-8 sequence at s[i], or 1 for an invalid byte.
size_t code_point_len(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 1;
  }
  if (i + len > s.size()) return 1;
  auto b = static_cast<unsigned char>(s[i + 1]);
  if (b < lo || b > hi) return 1;
  for (size_t k = 2; k < len; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  return len;
}

}  // namespace

size_t count_chars(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    // ASCII runs, the common case: eight bytes at a time while no byte has
    // its high bit set, then a byte at a time without the decoder.
    uint64_t w;
    if (i + 8 <= s.size() && (std::memcpy(&w, s.data() + i, 8), (w & 0x8080808080808080u) == 0)) {
      i += 8;
      n += 8;
    } else if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      ++n;
    } else {
      i += code_point_len(s, i);
      ++n;
    }
  }
  return n;
}

std::string_view trim(std::string_view s) {
  auto space_at_front = [&](size_t& len) {
    if (s.empty()) return false;
    unsigned char c = s.front();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { len = 1; return true; }
    if (s.size() >= 2 && c == 0xC2 && static_cast<unsigned char>(s[1]) == 0xA0) { len = 2; return true; }
    return false;
  };
  auto space_at_back = [&](size_t& len) {
    if (s.empty()) return false;
    unsigned char c = s.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { len = 1; return true; }
    if (s.size() >= 2 && c == 0xA0 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2) { len = 2; return true; }
    return false;
  };
  size_t len = 0;
  while (space_at_front(len)) s.remove_prefix(len);
  while (space_at_back(len)) s.remove_suffix(len);
  return s;
}

}  // namespace decruft
