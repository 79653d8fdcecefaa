// The JSON Lines report: one record per document, one line per record.
//
//   {"path":"a/b.txt","bytes_in":5120,"bytes_out":4800,
//    "removals":[{"rule":"en/paywall/verify-access","category":"paywall",
//                 "file":"rules/en/paywall.toml","line":7,
//                 "start":4100,"end":4420,"first_line":17,"last_line":30,
//                 "removed":{"text":"Thank you for your patience..."}}]}
//
// "start"/"end" are byte offsets into the input ([start, end)), lines are
// 1-based and inclusive. "removed" is {"text": ...} when the bytes are valid
// UTF-8 and {"bytes": base64} otherwise, so no byte is ever mangled. Extra
// members (flags, errors) follow "removals" when the caller adds them.
#include "core/printers.hpp"
#include "util/json.hpp"

namespace decruft {

void write_removals_json(std::string& out, const Document& doc, const EditList& edits,
                         const std::vector<Rule>& rules, bool include_text) {
  out += '[';
  for (size_t i = 0; i < edits.size(); ++i) {
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
  out += "{\"path\":";
  util::json_string(out, opt.path);
  size_t in = doc.bytes().size();
  out += ",\"bytes_in\":" + std::to_string(in);
  out += ",\"bytes_out\":" + std::to_string(in - removed_bytes(edits));
  out += ",\"removals\":";
  write_removals_json(out, doc, edits, rules, opt.include_text);
  if (!opt.extra.empty()) {
    out += ',';
    out.append(opt.extra);
  }
  out += "}\n";
}

}  // namespace decruft
