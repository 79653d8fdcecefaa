// The edit list: what matching decided to remove, and why.
//
// Edits are sorted by `begin`, never overlap, and each names the rule that
// removed it. Every printer (clean text, diff, report, review page) reads
// this one list; none of them matches anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace decruft {

struct Edit {
  size_t begin = 0;  // byte range [begin, end) of the input
  size_t end = 0;
  uint32_t rule = 0;        // index into the engine's rules
  uint32_t first_line = 0;  // 0-based lines the range touches
  uint32_t last_line = 0;
  bool whole_lines = false;  // the range is whole lines with their endings
  // The structure pass's removals only (core/structure.hpp): why the run
  // went (kWhy* bits) and its stopword share in thousandths. They sit in
  // what was padding: an Edit stays 32 bytes.
  uint8_t why = 0;
  uint16_t why_stop = 0;
};

using EditList = std::vector<Edit>;

// Calls sink(piece) with each kept run of the input, in order: what
// apply_edits concatenates, without making the copy (a printer that writes
// a large document's clean text piece by piece holds no second document).
// Empty runs are skipped.
template <class Sink>
void for_each_kept(std::string_view input, const EditList& edits, Sink&& sink) {
  size_t pos = 0;
  for (const auto& e : edits) {
    if (e.begin > pos) sink(input.substr(pos, e.begin - pos));
    pos = e.end;
  }
  if (pos < input.size()) sink(input.substr(pos));
}

// The input with the edits' ranges deleted.
std::string apply_edits(std::string_view input, const EditList& edits);
// Bytes removed in all.
size_t removed_bytes(const EditList& edits);

}  // namespace decruft
