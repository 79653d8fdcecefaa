// A document: the input bytes and where each line starts and ends.
//
// The bytes are borrowed, never copied or changed: every later step works
// with offsets into them, which is what keeps decruft lossless. Lines end at
// '\n'; a line's text excludes the '\n', a '\r' before it, and (first line
// only) a UTF-8 byte-order mark. Invalid UTF-8 is just bytes.
#pragma once

#include <cstddef>
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
  explicit Document(std::string_view bytes);

  std::string_view bytes() const { return bytes_; }
  const std::vector<Line>& lines() const { return lines_; }
  size_t line_count() const { return lines_.size(); }
  // The line's text without line ending (and without BOM).
  std::string_view text(size_t i) const {
    const Line& l = lines_[i];
    return bytes_.substr(l.text_begin, l.text_end - l.text_begin);
  }
  // The whole line with its line ending.
  std::string_view raw(size_t i) const {
    const Line& l = lines_[i];
    return bytes_.substr(l.begin, l.end - l.begin);
  }
  bool is_blank(size_t i) const;
  bool ends_with_newline() const { return !bytes_.empty() && bytes_.back() == '\n'; }
  // The line (0-based) holding byte offset `pos` (pos < size).
  size_t line_of(size_t pos) const;

 private:
  std::string_view bytes_;
  std::vector<Line> lines_;
};

// Characters in `s`: each valid UTF-8 sequence counts one, and so does each
// byte that is not part of one (Latin-1 text, stray continuation bytes).
size_t count_chars(std::string_view s);
// `s` without leading and trailing ASCII white space and no-break spaces.
std::string_view trim(std::string_view s);

}  // namespace decruft
