// A document: the input bytes and where each line starts and ends.
//
// The bytes are borrowed, never copied or changed: every later step works
// with offsets into them, which is what keeps decruft lossless. Lines end at
// '\n'; a line's text excludes the '\n', a '\r' before it, and (first line
// only) a UTF-8 byte-order mark. Invalid UTF-8 is just bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace decruft {

struct Line {
  size_t begin = 0;       // first byte of the line
  size_t text_begin = 0;  // after a byte-order mark
  size_t text_end = 0;    // before "\r\n" or "\n"
  size_t end = 0;         // after the '\n' (== text_end on a last line without one)
};

class Document {
 public:
  // How line ends are kept: 16 bits a line where they fit (`compact`, see
  // below), 64 bits always (`wide`, which tests use to check both agree).
  enum class Offsets { compact, wide };
  explicit Document(std::string_view bytes, Offsets offsets = Offsets::compact);

  std::string_view bytes() const { return bytes_; }
  size_t line_count() const { return rel_.size(); }
  // Where line i (0-based, < line_count()) starts and ends.
  Line line(size_t i) const {
    Line l;
    l.begin = i ? end_of(i - 1) : 0;
    l.end = end_of(i);
    size_t te = l.end;
    if (te > l.begin && bytes_[te - 1] == '\n') {
      --te;
      if (te > l.begin && bytes_[te - 1] == '\r') --te;
    }
    l.text_end = te;
    l.text_begin = i ? l.begin : (bom_ < te ? bom_ : te);
    return l;
  }
  // The line's text without line ending (and without BOM).
  std::string_view text(size_t i) const {
    const Line l = line(i);
    return bytes_.substr(l.text_begin, l.text_end - l.text_begin);
  }
  // The whole line with its line ending.
  std::string_view raw(size_t i) const {
    size_t begin = i ? end_of(i - 1) : 0;
    return bytes_.substr(begin, end_of(i) - begin);
  }
  bool is_blank(size_t i) const;
  bool ends_with_newline() const { return !bytes_.empty() && bytes_.back() == '\n'; }
  // The line (0-based) holding byte offset `pos` (pos < size).
  size_t line_of(size_t pos) const;

 private:
  // Only where each line ends (after its '\n') is kept: the rest of a Line
  // follows from the bytes. Lines come in groups of kGroupLines. A group
  // keeps the offset it starts at, and each of its lines its end relative
  // to that, in 16 bits, while the group spans less than 64 KiB; a group
  // of longer lines keeps 64-bit ends in far_ (35 groups of 12,885 in the
  // bench corpus). About 2.1 bytes a line where an array of offsets takes
  // 8: a 200 MB document of 1.65 million lines keeps 3.5 MB beside its
  // bytes, not 13.
  static constexpr size_t kGroupLines = 128;
  static constexpr size_t kNotFar = SIZE_MAX;
  struct Group {
    size_t base;  // where its first line begins
    size_t far;   // its first line's index in far_, or kNotFar
  };
  size_t end_of(size_t i) const {
    const Group& g = groups_[i / kGroupLines];
    return g.far == kNotFar ? g.base + rel_[i] : far_[g.far + i % kGroupLines];
  }

  std::string_view bytes_;
  std::vector<uint16_t> rel_;  // one a line (unused in a far group)
  std::vector<Group> groups_;
  std::vector<size_t> far_;
  size_t bom_ = 0;  // 3 when the bytes open with a UTF-8 byte-order mark
};

// Characters in `s`: each valid UTF-8 sequence counts one, and so does each
// byte that is not part of one (Latin-1 text, stray continuation bytes).
size_t count_chars(std::string_view s);
// `s` without leading and trailing ASCII white space and no-break spaces.
std::string_view trim(std::string_view s);

}  // namespace decruft
