// The JSON Lines report: one record per document, one line per record.
//
//   {"path":"a/b.txt","bytes_in":5120,"bytes_out":4800,
//    "removals":[{"rule":"en/paywall/verify-access","category":"paywall",
//                 "file":"rules/en/paywall.toml","line":7,
//                 "start":4100,"end":4420,"first_line":17,"last_line":30,
//                 "removed":{"text":"Thank you for your patience..."}}]}
//
// "path" is a string, or {"bytes": base64} when the file name is not valid
// UTF-8. A removal of the structure pass (rule "structure/link-run" or
// "structure/share-bar") also has "why": "7 lines, stopwords 0.04, after
// \"More from\"" (core/structure.hpp).
//
// "start"/"end" are byte offsets into the input ([start, end)), lines are
// 1-based and inclusive. "removed" is {"text": ...} when the bytes are valid
// UTF-8 and {"bytes": base64} otherwise, so no byte is ever mangled. Extra
// members (flags, errors) follow "removals" when the caller adds them; the
// flags are
//
//   "flags":["binary","over-removal","held-back","truncated"]
//
// with only those that apply, and no "flags" member when none does:
//   binary        NUL bytes; the document was left untouched
//   over-removal  more than --over-removal (0.30) of its characters would go
//   held-back     more than --max-removed would go; nothing was removed
//   truncated     a paywall, subscription or login rule fired and fewer than
//                 600 characters are kept: a teaser, not the article
// Shares count characters (UTF-8 code points; each byte of an invalid
// sequence counts one), not bytes, so that CJK or Cyrillic text is judged
// like English.
#include "core/printers.hpp"

#include <algorithm>

#include "core/structure.hpp"
#include "util/json.hpp"

namespace decruft {

namespace {

// Kept characters below this, with a paywall/subscription/login removal:
// what is left is a teaser, not the article. Measured on the whole kept
// text: the prompt usually sits right after the teaser, and a long article
// with a prompt in the middle is not truncated.
constexpr size_t kTeaserChars = 600;


struct CharCounts {
  size_t total = 0, removed = 0;
};

// Characters of the document and of its removed ranges, in one pass; a
// range boundary inside a sequence splits it (its pieces count as invalid).
CharCounts count_removed(std::string_view bytes, const EditList& edits) {
  CharCounts n;
  size_t pos = 0;
  for (const Edit& e : edits) {
    size_t kept = count_chars(bytes.substr(pos, e.begin - pos));
    size_t removed = count_chars(bytes.substr(e.begin, e.end - e.begin));
    n.total += kept + removed;
    n.removed += removed;
    pos = e.end;
  }
  n.total += count_chars(bytes.substr(pos));
  return n;
}

}  // namespace


double removed_share(const Document& doc, const EditList& edits) {
  if (edits.empty() || doc.bytes().empty()) return 0.0;
  CharCounts n = count_removed(doc.bytes(), edits);
  return n.total ? static_cast<double>(n.removed) / static_cast<double>(n.total) : 0.0;
}

DocumentFlags assess_removals(const Document& doc, EditList& edits, const std::vector<Rule>& rules,
                              double over_removal, double max_removed) {
  DocumentFlags f;
  if (edits.empty() || doc.bytes().empty()) return f;
  CharCounts n = count_removed(doc.bytes(), edits);
  double share = static_cast<double>(n.removed) / static_cast<double>(n.total);
  f.over_removal = share > over_removal;
  bool gate = std::any_of(edits.begin(), edits.end(), [&](const Edit& e) {
    Category cat = rules[e.rule].category;
    return cat == Category::paywall || cat == Category::subscription || cat == Category::login;
  });
  f.truncated = gate && n.total - n.removed < kTeaserChars;
  if (share > max_removed) {
    f.held_back = true;
    edits.clear();
  }
  return f;
}

void write_flags_json(std::string& out, const DocumentFlags& f) {
  bool first = true;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    out += first ? "\"flags\":[\"" : ",\"";
    out += name;
    out += '"';
    first = false;
  };
  add(f.binary, "binary");
  add(f.over_removal, "over-removal");
  add(f.held_back, "held-back");
  add(f.truncated, "truncated");
  if (!first) out += ']';
}

void write_removals_json(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, bool include_text) {
  write_removals_json(out, doc, edits, rules, include_text, {});
}

void write_removals_json(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, bool include_text,
                         const std::function<void(std::string&)>& flush) {
  constexpr size_t kPiece = 1 << 20;
  out += '[';
  for (size_t i = 0; i < edits.size(); ++i) {
    if (flush && out.size() >= kPiece) flush(out);
    const Edit& e = edits[i];
    const Rule& r = rules[e.rule];
    if (i) out += ',';
    out += "{\"rule\":";
    util::json_string(out, r.full_id);
    out += ",\"category\":";
    util::json_string(out, category_name(r.category));
    out += ",\"file\":";
    util::json_string(out, r.pos.file);
    out += ",\"line\":" + std::to_string(r.pos.line);
    out += ",\"start\":" + std::to_string(e.begin) + ",\"end\":" + std::to_string(e.end);
    out += ",\"first_line\":" + std::to_string(e.first_line + 1) +
           ",\"last_line\":" + std::to_string(e.last_line + 1);
    if (r.structure) {  // the structure pass says why: "7 lines, stopwords 0.04, ..."
      out += ",\"why\":";
      util::json_string(out, structure_why(doc, e));
    }
    if (include_text) {
      out += ",\"removed\":";
      util::json_bytes(out, doc.bytes().substr(e.begin, e.end - e.begin));
    }
    out += '}';
  }
  out += ']';
}

void write_report_record(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, const ReportOptions& opt) {
  write_report_record(out, doc, edits, rules, opt, {});
}

void write_report_record(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, const ReportOptions& opt,
                         const std::function<void(std::string&)>& flush) {
  out += "{\"path\":";
  // A file name is bytes: one that is not valid UTF-8 is given as
  // {"bytes":"<base64>"}, like a removal, so it is never turned into U+FFFD.
  if (util::valid_utf8(opt.path)) {
    util::json_string(out, opt.path);
  } else {
    out += "{\"bytes\":\"" + util::base64(opt.path) + "\"}";
  }
  size_t in = doc.bytes().size();
  out += ",\"bytes_in\":" + std::to_string(in);
  out += ",\"bytes_out\":" + std::to_string(in - removed_bytes(edits));
  out += ",\"removals\":";
  write_removals_json(out, doc, edits, rules, opt.include_text, flush);
  if (!opt.extra.empty()) {
    out += ',';
    out.append(opt.extra);
  }
  out += "}\n";
}

}  // namespace decruft
