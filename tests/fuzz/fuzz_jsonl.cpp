// Fuzz target: the JSONL record cleaner (cli/jsonl.hpp) on arbitrary lines,
// with the built-in rules.
//
// Properties (SPEC.md, JSONL mode; jsonl.hpp): a record the cleaner rejects
// comes out byte for byte as it went in; a record without a string text
// field comes out unchanged; a record it accepts comes out as a valid JSON
// object with every member kept, the text field still a string, a
// "decruft" array (added or replaced), "decruft_flags" (replaced, or added
// only when there are flags) and the --keep-original member when asked for.
// The clean text is the input text less the "decruft" ranges, exactly. A
// text with NUL bytes is left as it is, flagged "binary", with a warning.
//
// simdjson, which checks here, rejects lone surrogate escapes (\ud800) that
// the cleaner accepts (as WTF-8): input and output are checked with each
// lone one replaced by \ufffd, which has the same length, and whose UTF-8
// form has the same 3 bytes' length as the surrogate's WTF-8 form, so the
// byte ranges in "decruft" still apply.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of the \uXXXX escape at s[i] (s[i] == '\\'), or -1.
long unit_at(const std::string& s, size_t i) {
  if (i + 6 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return -1;
  long v = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    int d = hex_digit(s[k]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// Replaces each lone surrogate escape (a high one not followed by a low
// one, or a low one alone) by \ufffd. Written apart from jsonl.cpp's.
void patch_surrogates(std::string& s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '\\') continue;
    long u = unit_at(s, i);
    if (u < 0) {  // another escape (or a broken one): skip what it escapes
      ++i;
      continue;
    }
    bool high = u >= 0xD800 && u <= 0xDBFF, low = u >= 0xDC00 && u <= 0xDFFF;
    if (high) {
      long next = unit_at(s, i + 6);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        i += 11;
        continue;
      }
    }
    if (high || low) s.replace(i + 2, 4, "fffd");
    i += 5;
  }
}

// Replaces each byte that is not part of valid UTF-8 by '?' (the cleaner
// takes such texts as bytes). True when there was one. Written apart from
// jsonl.cpp's, on simdjson's validator.
bool patch_utf8(std::string& s) {
  if (simdjson::validate_utf8(s.data(), s.size())) return false;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len && i + len <= s.size() && simdjson::validate_utf8(s.data() + i, len)) {
      i += len;
    } else {
      s[i++] = '?';
    }
  }
  return true;
}

const char* const kFlags[] = {"binary", "over-removal", "held-back", "truncated"};

void check_record(cli::JsonlCleaner& cleaner, const cli::Options& o, std::string_view rec,
                  bool padded) {
  // Padded: as `decruft jsonl` calls it, SIMDJSON_PADDING readable bytes
  // after the record (and none more, for ASan to see).
  std::vector<char> buf(rec.size() + simdjson::SIMDJSON_PADDING, '\x7f');
  if (!rec.empty()) std::memcpy(buf.data(), rec.data(), rec.size());
  std::string_view arg = padded ? std::string_view(buf.data(), rec.size()) : rec;
  std::string out, error, warning;
  size_t removals = 0;
  bool ok = cleaner.clean(arg, out, error, removals, warning, padded);
  if (!ok) {
    FUZZ_CHECK(!error.empty(), "rejected without a reason");
    FUZZ_CHECK(out == rec, "a rejected record was changed");
    return;
  }
  // What went in.
  simdjson::dom::parser in_parser;
  simdjson::dom::element in_root;
  std::string in_copy(rec);
  patch_surrogates(in_copy);
  bool bytes = patch_utf8(in_copy);
  auto in_err = in_parser.parse(in_copy).get(in_root);
  // Numbers beyond a double or 64 bits and deep nesting are valid JSON the
  // cleaner takes and simdjson does not: not checked further here.
  if (in_err == simdjson::NUMBER_ERROR || in_err == simdjson::NUMBER_OUT_OF_RANGE ||
      in_err == simdjson::DEPTH_ERROR)
    return;
  FUZZ_CHECK(!in_err, "accepted invalid JSON (%s)", simdjson::error_message(in_err));
  simdjson::dom::object in_obj;
  FUZZ_CHECK(!in_root.get_object().get(in_obj), "accepted a non-object");
  size_t in_members = in_obj.size();
  bool has_text = false, has_decruft = false, has_flags = false, has_keep = false;
  std::string in_text, in_keep;
  size_t text_at = 0, k = 0;
  for (auto [key, value] : in_obj) {
    if (key == o.text_field && !has_text && value.is_string()) {
      has_text = true;
      text_at = k;
      std::string_view t;
      (void)value.get_string().get(t);
      in_text.assign(t);
    }
    if (key == "decruft") has_decruft = true;
    if (key == "decruft_flags") has_flags = true;
    if (!o.keep_original.empty() && key == o.keep_original) {
      has_keep = true;
      std::string_view v;
      if (!value.get_string().get(v)) in_keep.assign(v);
    }
    ++k;
  }
  if (!has_text) {
    FUZZ_CHECK(out == rec, "a record without text was changed");
    FUZZ_CHECK(warning.empty(), "a warning for a record without text");
    FUZZ_CHECK(removals == 0, "removals in a record without text");
    return;
  }
  bool binary = in_text.find('\0') != std::string::npos;
  FUZZ_CHECK(binary == !warning.empty(), "NUL in text %d, warning \"%s\"", binary,
             warning.c_str());
  // What came out.
  simdjson::dom::parser out_parser;
  simdjson::dom::element out_root;
  std::string out_copy(out);
  patch_surrogates(out_copy);
  patch_utf8(out_copy);
  auto err = out_parser.parse(out_copy).get(out_root);
  FUZZ_CHECK(!err, "output is not JSON (%s): %s", simdjson::error_message(err), out.c_str());
  // With invalid UTF-8 the decoded strings hold '?' for its bytes: the
  // text checks below need the bytes themselves.
  if (bytes) return;
  simdjson::dom::object out_obj;
  FUZZ_CHECK(!out_root.get_object().get(out_obj), "output is not an object");
  // The first "decruft_flags": replaced when there was one, else added only
  // when there are flags.
  simdjson::dom::element flags_el;
  bool out_flags = !out_obj["decruft_flags"].get(flags_el);
  FUZZ_CHECK(out_flags || !has_flags, "decruft_flags lost");
  size_t expected = in_members + !has_decruft + (!o.keep_original.empty() && !has_keep) +
                    (out_flags && !has_flags);
  FUZZ_CHECK(out_obj.size() == expected, "%zu members, expected %zu: %s", out_obj.size(),
             expected, out.c_str());
  std::vector<std::string_view> flags;
  if (out_flags) {
    simdjson::dom::array fa;
    FUZZ_CHECK(!flags_el.get_array().get(fa), "decruft_flags is not an array: %s", out.c_str());
    for (auto f : fa) {
      std::string_view s;
      FUZZ_CHECK(!f.get_string().get(s), "a flag is not a string");
      flags.push_back(s);
    }
    FUZZ_CHECK(has_flags || !flags.empty(), "an empty decruft_flags added: %s", out.c_str());
  }
  size_t fi = 0;  // known names, in their order, each once
  auto flag = [&](std::string_view name) {
    for (auto f : flags)
      if (f == name) return true;
    return false;
  };
  for (auto name : kFlags)
    if (fi < flags.size() && flags[fi] == name) ++fi;
  FUZZ_CHECK(fi == flags.size(), "unknown or misordered flags: %s", out.c_str());
  FUZZ_CHECK(flag("binary") == binary, "binary flag %d, NUL in text %d", flag("binary"), binary);
  // The first string-valued text member (earlier ones of other types stay).
  std::string_view clean;
  bool found = false;
  k = 0;
  for (auto [key, value] : out_obj) {
    if (k++ != text_at) continue;
    FUZZ_CHECK(key == o.text_field, "members moved");
    FUZZ_CHECK(!value.get_string().get(clean), "text is no longer a string");
    found = true;
  }
  FUZZ_CHECK(found, "text member gone");
  FUZZ_CHECK(clean.size() <= in_text.size(), "clean text grew: %zu > %zu bytes", clean.size(),
             in_text.size());
  if (!o.keep_original.empty()) {
    std::string_view orig;
    // Added as the input text, or an existing one kept as it was.
    simdjson::dom::element kept;
    FUZZ_CHECK(!out_obj[o.keep_original].get(kept), "keep-original member gone");
    if (!has_keep) {
      FUZZ_CHECK(!kept.get_string().get(orig), "keep-original is not a string");
      FUZZ_CHECK(orig == in_text, "keep-original is not the input text");
    } else if (!kept.get_string().get(orig)) {
      FUZZ_CHECK(orig == in_keep, "an existing keep-original member was changed");
    }
  }
  // The removals, and the clean text they leave.
  simdjson::dom::array removals_json;
  FUZZ_CHECK(!out_obj["decruft"].get_array().get(removals_json), "no decruft array");
  FUZZ_CHECK(removals_json.size() == removals, "removal count %zu, decruft has %zu", removals,
             removals_json.size());
  std::string rebuilt;
  uint64_t pos = 0;
  for (auto r : removals_json) {
    uint64_t start = 0, end = 0;
    FUZZ_CHECK(!r["start"].get_uint64().get(start) && !r["end"].get_uint64().get(end),
               "a removal without start/end");
    FUZZ_CHECK(start >= pos && start < end && end <= in_text.size(),
               "removal [%llu, %llu) after %llu in %zu bytes", (unsigned long long)start,
               (unsigned long long)end, (unsigned long long)pos, in_text.size());
    rebuilt.append(in_text, pos, start - pos);
    pos = end;
  }
  rebuilt.append(in_text, pos, std::string::npos);
  FUZZ_CHECK(rebuilt == clean, "clean text is not the text less the removals: %s", out.c_str());
  if (binary || flag("held-back"))
    FUZZ_CHECK(removals == 0 && clean == in_text, "a binary or held-back text was changed");
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
    check_record(*f.plain_cleaner, f.plain, rec, true);
    check_record(*f.keep_cleaner, f.keep, rec, false);
    pos = nl == std::string_view::npos ? all.size() : nl + 1;
  }
  return 0;
}
