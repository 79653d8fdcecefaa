// Fuzz target: the JSONL record cleaner (cli/jsonl.hpp) on arbitrary lines,
// with the built-in rules.
//
// Properties (SPEC.md, JSONL mode): a record the cleaner rejects comes out
// byte for byte as it went in; a record it accepts comes out as a valid JSON
// object with every member kept, the text field still a string no longer
// than before, and a "decruft" array (plus the --keep-original member when
// asked for).
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "check.hpp"
#include "cli/jsonl.hpp"
#include "core/ruleset.hpp"

using namespace decruft;

namespace {

struct Fixture {
  std::unique_ptr<Engine> engine;
  cli::Options plain, keep;  // default options; --text-field body --keep-original orig
  std::unique_ptr<cli::JsonlCleaner> plain_cleaner, keep_cleaner;
};

Fixture& fixture() {
  static Fixture f = [] {
    Fixture f;
    std::vector<Diagnostic> diags;
    f.engine = build_engine(RuleSetConfig{}, diags);
    FUZZ_CHECK(f.engine != nullptr, "the built-in rules do not compile");
    f.keep.text_field = "body";
    f.keep.keep_original = "orig";
    return f;
  }();
  if (!f.plain_cleaner) {
    f.plain_cleaner = std::make_unique<cli::JsonlCleaner>(*f.engine, f.plain);
    f.keep_cleaner = std::make_unique<cli::JsonlCleaner>(*f.engine, f.keep);
  }
  return f;
}

simdjson::dom::parser& checker() {
  static simdjson::dom::parser p;
  return p;
}

void check_record(cli::JsonlCleaner& cleaner, const cli::Options& o, std::string_view rec) {
  std::string out, error;
  size_t removals = 0;
  bool ok = cleaner.clean(rec, out, error, removals);
  if (!ok) {
    FUZZ_CHECK(!error.empty(), "rejected without a reason");
    FUZZ_CHECK(out == rec, "a rejected record was changed");
    return;
  }
  // What went in.
  simdjson::dom::element in_root;
  std::string in_copy(rec);
  FUZZ_CHECK(!checker().parse(in_copy).get(in_root), "accepted invalid JSON");
  simdjson::dom::object in_obj;
  FUZZ_CHECK(!in_root.get_object().get(in_obj), "accepted a non-object");
  size_t in_members = in_obj.size();
  bool has_text = false, has_decruft = false, has_keep = false;
  size_t text_size = 0, text_at = 0, k = 0;
  for (auto [key, value] : in_obj) {
    if (key == o.text_field && !has_text && value.is_string()) {
      has_text = true;
      text_at = k;
      std::string_view t;
      (void)value.get_string().get(t);
      text_size = t.size();
    }
    if (key == "decruft") has_decruft = true;
    if (!o.keep_original.empty() && key == o.keep_original) has_keep = true;
    ++k;
  }
  if (!has_text) {
    FUZZ_CHECK(out == rec, "a record without text was changed");
    return;
  }
  // What came out.
  simdjson::dom::parser out_parser;
  simdjson::dom::element out_root;
  auto err = out_parser.parse(out).get(out_root);
  FUZZ_CHECK(!err, "output is not JSON (%s): %s", simdjson::error_message(err), out.c_str());
  simdjson::dom::object out_obj;
  FUZZ_CHECK(!out_root.get_object().get(out_obj), "output is not an object");
  size_t expected = in_members + !has_decruft + (!o.keep_original.empty() && !has_keep);
  FUZZ_CHECK(out_obj.size() == expected, "%zu members, expected %zu: %s", out_obj.size(),
             expected, out.c_str());
  // The first string-valued text member (earlier ones of other types stay).
  std::string_view clean;
  k = 0;
  for (auto [key, value] : out_obj) {
    if (k++ != text_at) continue;
    FUZZ_CHECK(key == o.text_field, "members moved");
    FUZZ_CHECK(!value.get_string().get(clean), "text is no longer a string");
  }
  FUZZ_CHECK(clean.size() <= text_size, "clean text grew: %zu > %zu bytes", clean.size(), text_size);
  simdjson::dom::array removals_json;
  FUZZ_CHECK(!out_obj["decruft"].get_array().get(removals_json), "no decruft array");
  FUZZ_CHECK(removals_json.size() == removals || has_decruft, "removal count");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = fixture();
  std::string_view all(reinterpret_cast<const char*>(data), size);
  // Lines as `decruft jsonl` cuts them: at '\n', without a '\r' before it.
  for (size_t pos = 0; pos < all.size();) {
    size_t nl = all.find('\n', pos);
    size_t end = nl == std::string_view::npos ? all.size() : nl;
    size_t body_end = end > pos && all[end - 1] == '\r' ? end - 1 : end;
    std::string_view rec = all.substr(pos, body_end - pos);
    check_record(*f.plain_cleaner, f.plain, rec);
    check_record(*f.keep_cleaner, f.keep, rec);
    pos = nl == std::string_view::npos ? all.size() : nl + 1;
  }
  return 0;
}
