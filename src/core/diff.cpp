#include <algorithm>
#include <optional>

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

// A file name in a ---/+++ line, as git writes it (and GNU patch and git
// apply read it): prefix and name in double quotes, C-style escapes, when
// the name holds a control character, a '"', a '\\' or a byte above 0x7F
// (\t, \n, \"... and \ooo octal for the rest, UTF-8 byte by byte); else
// as it is, followed by a tab when it holds a space, so that patch does
// not end the name at the space.
void append_diff_path(std::string& out, std::string_view prefix, std::string_view name) {
  bool quote = false, space = false;
  for (unsigned char c : name) {
    quote = quote || c < 0x20 || c == '"' || c == '\\' || c >= 0x7F;
    space = space || c == ' ';
  }
  if (!quote) {
    out.append(prefix);
    out.append(name);
    if (space) out += '\t';
    return;
  }
  out += '"';
  out.append(prefix);
  for (unsigned char c : name) {
    const char* esc = nullptr;
    switch (c) {
      case '\a': esc = "\\a"; break;
      case '\b': esc = "\\b"; break;
      case '\t': esc = "\\t"; break;
      case '\n': esc = "\\n"; break;
      case '\v': esc = "\\v"; break;
      case '\f': esc = "\\f"; break;
      case '\r': esc = "\\r"; break;
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      default: break;
    }
    if (esc) {
      out += esc;
    } else if (c < 0x20 || c >= 0x7F) {
      out += '\\';
      out += static_cast<char>('0' + (c >> 6));
      out += static_cast<char>('0' + ((c >> 3) & 7));
      out += static_cast<char>('0' + (c & 7));
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
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
  out += "--- ";
  append_diff_path(out, "a/", opt.old_name);
  out += '\n';
  out += "+++ ";
  append_diff_path(out, "b/", opt.new_name);
  if (opt.color) out += kReset;
  out += '\n';

  // The hunks with no context: each edit and every later one that shares a
  // line with it, grown until the new text ends a line (a kept byte-order
  // mark joins the first kept line to the hunk).
  struct Hunk {
    size_t k, e;                     // edits [k, e)
    size_t first_line, last_line;    // 0-based, inclusive
    std::string new_text;
  };
  const size_t n = doc.line_count();
  auto make_hunk = [&](size_t k) {
    Hunk h{k, k + 1, edits[k].first_line, edits[k].last_line, {}};
    for (;;) {
      while (h.e < edits.size() && edits[h.e].first_line <= h.last_line) {
        h.last_line = std::max<size_t>(h.last_line, edits[h.e].last_line);
        ++h.e;
      }
      const Line fl = doc.line(h.first_line);
      const Line ll = doc.line(h.last_line);
      h.new_text.clear();
      size_t pos = fl.begin;
      for (size_t j = h.k; j < h.e; ++j) {
        h.new_text.append(bytes.substr(pos, edits[j].begin - pos));
        pos = edits[j].end;
      }
      h.new_text.append(bytes.substr(pos, ll.end - pos));
      if (h.new_text.empty() || h.new_text.back() == '\n' || h.last_line + 1 >= n) break;
      ++h.last_line;
    }
    return h;
  };

  // Handed over line by line, not per hunk: out then stays near
  // kDiffFlushBytes however long the hunk is.
  auto line = [&](char sign, std::string_view l) {
    diff_line(out, sign, l, opt.color);
    if (flush && out.size() >= kDiffFlushBytes) flush(out);
  };
  auto lines_of = [&](size_t from, size_t to) {  // old lines [from, to), as bytes
    return from >= to ? std::string_view() : bytes.substr(doc.line(from).begin, doc.line(to - 1).end - doc.line(from).begin);
  };
  const size_t ctx = opt.context;
  long delta = 0;  // new line number minus old line number, before the hunk
  // Only the hunks of one group are held: hunks whose context would touch
  // or overlap print as one, as GNU diff prints them (never with no context,
  // so that every hunk names its own rule).
  std::vector<Hunk> hunks;
  std::optional<Hunk> ahead;
  for (size_t k = 0; k < edits.size() || ahead;) {
    hunks.clear();
    if (ahead) {
      hunks.push_back(std::move(*ahead));
      ahead.reset();
    } else {
      hunks.push_back(make_hunk(k));
    }
    k = hunks.back().e;
    while (ctx > 0 && k < edits.size()) {
      Hunk next = make_hunk(k);
      k = next.e;
      if (next.first_line - hunks.back().last_line - 1 <= 2 * ctx) {
        hunks.push_back(std::move(next));
      } else {
        ahead = std::move(next);
        break;
      }
    }
    size_t from = hunks.front().first_line >= ctx ? hunks.front().first_line - ctx : 0;
    size_t to = std::min(n, hunks.back().last_line + 1 + ctx);  // exclusive
    long old_count = 0, new_count = 0, context_lines = static_cast<long>(to - from);
    for (const Hunk& hk : hunks) {
      old_count += static_cast<long>(count_lines(lines_of(hk.first_line, hk.last_line + 1)));
      new_count += static_cast<long>(count_lines(hk.new_text));
      context_lines -= static_cast<long>(hk.last_line + 1 - hk.first_line);
    }
    old_count += context_lines;
    new_count += context_lines;
    long old_start = static_cast<long>(from) + 1;
    long new_start = new_count ? old_start + delta : old_start + delta - 1;

    if (opt.color) out += kCyan;
    out += "@@ -" + std::to_string(old_start) + "," + std::to_string(old_count) + " +" +
           std::to_string(new_start) + "," + std::to_string(new_count) + " @@";
    if (opt.color) out += kReset;
    // The rules of this hunk, each once, in order.
    std::vector<uint32_t> named;
    for (size_t j = hunks.front().k; j < hunks.back().e; ++j)
      if (std::find(named.begin(), named.end(), edits[j].rule) == named.end())
        named.push_back(edits[j].rule);
    for (size_t j = 0; j < named.size(); ++j) {
      out += j ? ", " : " ";
      out += rules[named[j]].full_id;
      if (rules[named[j]].structure)  // why the structure pass took it
        for (size_t m = hunks.front().k; m < hunks.back().e; ++m)
          if (edits[m].rule == named[j]) {
            out += ": " + structure_why(doc, edits[m]);
            break;
          }
    }
    out += '\n';

    size_t at = from;
    for (const Hunk& hk : hunks) {
      for_each_line(lines_of(at, hk.first_line), [&](std::string_view l) { line(' ', l); });
      std::string_view old_text = lines_of(hk.first_line, hk.last_line + 1);
      const Line fl = doc.line(hk.first_line);
      // The word diff cannot show a removed line end (a one-line document
      // whose line goes but for its byte-order mark): -/+ lines then.
      if (opt.word_diff && count_lines(old_text) == 1 && count_lines(hk.new_text) == 1 &&
          (old_text.back() == '\n') == (hk.new_text.back() == '\n')) {
        word_diff_line(out, old_text, fl.begin, edits, hk.k, hk.e, opt.color);
      } else {
        for_each_line(old_text, [&](std::string_view l) { line('-', l); });
        for_each_line(hk.new_text, [&](std::string_view l) { line('+', l); });
      }
      delta += static_cast<long>(count_lines(hk.new_text)) - static_cast<long>(count_lines(old_text));
      at = hk.last_line + 1;
    }
    for_each_line(lines_of(at, to), [&](std::string_view l) { line(' ', l); });
    if (flush && out.size() >= kDiffFlushBytes) flush(out);
  }
  if (flush && !out.empty()) flush(out);
}

}  // namespace decruft
