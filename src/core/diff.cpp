#include <algorithm>

#include "core/printers.hpp"
#include "core/structure.hpp"

namespace decruft {

namespace {

const char* const kRed = "\x1b[31m";
const char* const kGreen = "\x1b[32m";
const char* const kCyan = "\x1b[36m";
const char* const kBold = "\x1b[1m";
const char* const kReset = "\x1b[0m";

// Calls f with each piece of `text` up to and with a '\n'; the last piece
// may lack one. A hunk can be most of a large document, so its lines are
// not gathered first.
template <class F>
void for_each_line(std::string_view text, F&& f) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    f(text.substr(pos, end - pos));
    pos = end;
  }
}

// The pieces for_each_line calls f with.
size_t count_lines(std::string_view text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) +
         (!text.empty() && text.back() != '\n');
}

void diff_line(std::string& out, char sign, std::string_view line, bool color) {
  bool has_nl = !line.empty() && line.back() == '\n';
  std::string_view body = has_nl ? line.substr(0, line.size() - 1) : line;
  if (color) out += sign == '-' ? kRed : kGreen;
  out += sign;
  out.append(body);
  if (color) out += kReset;
  out += '\n';
  if (!has_nl) out += "\\ No newline at end of file\n";
}

void word_diff_line(std::string& out, std::string_view line, size_t line_begin,
                    const EditList& edits, size_t first, size_t last, bool color) {
  bool has_nl = !line.empty() && line.back() == '\n';
  size_t pos = 0;
  out += ' ';
  for (size_t k = first; k < last; ++k) {
    size_t b = edits[k].begin - line_begin, e = std::min(edits[k].end - line_begin, line.size());
    out.append(line.substr(pos, b - pos));
    out += color ? kRed : "";
    out += "[-";
    out.append(line.substr(b, e - b));
    out += "-]";
    out += color ? kReset : "";
    pos = e;
  }
  std::string_view rest = line.substr(pos);
  if (has_nl) rest.remove_suffix(1);
  out.append(rest);
  out += '\n';
}

}  // namespace

void write_unified_diff(std::string& out, const Document& doc, const EditList& edits,
                        const std::vector<Rule>& rules, const DiffOptions& opt) {
  write_unified_diff(out, doc, edits, rules, opt, {});
}

void write_unified_diff(std::string& out, const Document& doc, const EditList& edits,
                        const std::vector<Rule>& rules, const DiffOptions& opt,
                        const std::function<void(std::string&)>& flush) {
  if (edits.empty()) return;
  const std::string_view bytes = doc.bytes();
  if (opt.color) out += kBold;
  out += "--- a/";
  out.append(opt.old_name);
  out += '\n';
  out += "+++ b/";
  out.append(opt.new_name);
  if (opt.color) out += kReset;
  out += '\n';

  long delta = 0;  // new line number minus old line number, before the hunk
  for (size_t k = 0; k < edits.size();) {
    // A hunk: this edit and every later one that shares a line with it,
    // grown until the new text ends a line (a kept byte-order mark joins
    // the first kept line to the hunk).
    size_t first_line = edits[k].first_line;
    size_t last_line = edits[k].last_line;
    size_t e = k + 1;
    std::string new_text;
    const size_t n = doc.line_count();
    for (;;) {
      while (e < edits.size() && edits[e].first_line <= last_line) {
        last_line = std::max<size_t>(last_line, edits[e].last_line);
        ++e;
      }
      const Line fl = doc.line(first_line);
      const Line ll = doc.line(last_line);
      new_text.clear();
      size_t pos = fl.begin;
      for (size_t j = k; j < e; ++j) {
        new_text.append(bytes.substr(pos, edits[j].begin - pos));
        pos = edits[j].end;
      }
      new_text.append(bytes.substr(pos, ll.end - pos));
      if (new_text.empty() || new_text.back() == '\n' || last_line + 1 >= n) break;
      ++last_line;
    }
    const Line fl = doc.line(first_line);
    const Line ll = doc.line(last_line);
    std::string_view old_text = bytes.substr(fl.begin, ll.end - fl.begin);
    long old_start = static_cast<long>(first_line) + 1;
    long old_count = static_cast<long>(count_lines(old_text));
    long new_count = static_cast<long>(count_lines(new_text));
    long new_start = new_count ? old_start + delta : old_start + delta - 1;

    if (opt.color) out += kCyan;
    out += "@@ -" + std::to_string(old_start) + "," + std::to_string(old_count) + " +" +
           std::to_string(new_start) + "," + std::to_string(new_count) + " @@";
    if (opt.color) out += kReset;
    // The rules of this hunk, each once, in order.
    std::vector<uint32_t> named;
    for (size_t j = k; j < e; ++j)
      if (std::find(named.begin(), named.end(), edits[j].rule) == named.end())
        named.push_back(edits[j].rule);
    for (size_t j = 0; j < named.size(); ++j) {
      out += j ? ", " : " ";
      out += rules[named[j]].full_id;
      if (rules[named[j]].structure)  // why the structure pass took it
        for (size_t m = k; m < e; ++m)
          if (edits[m].rule == named[j]) {
            out += ": " + structure_why(doc, edits[m]);
            break;
          }
    }
    out += '\n';

    // The word diff cannot show a removed line end (a one-line document
    // whose line goes but for its byte-order mark): -/+ lines then.
    if (opt.word_diff && old_count == 1 && new_count == 1 &&
        (old_text.back() == '\n') == (new_text.back() == '\n')) {
      word_diff_line(out, old_text, fl.begin, edits, k, e, opt.color);
    } else {
      // Handed over line by line, not per hunk: out then stays near
      // kDiffFlushBytes however long the hunk is.
      auto line = [&](char sign, std::string_view l) {
        diff_line(out, sign, l, opt.color);
        if (flush && out.size() >= kDiffFlushBytes) flush(out);
      };
      for_each_line(old_text, [&](std::string_view l) { line('-', l); });
      for_each_line(new_text, [&](std::string_view l) { line('+', l); });
    }
    delta += new_count - old_count;
    k = e;
    if (flush && out.size() >= kDiffFlushBytes) flush(out);
  }
  if (flush && !out.empty()) flush(out);
}

}  // namespace decruft
