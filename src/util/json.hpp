// Writing JSON: string escaping, UTF-8 checks, base64 for raw bytes.
// Knows nothing of decruft.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace util {

bool valid_utf8(std::string_view s);
// Appends code point `cp` as UTF-8 (surrogates too, as WTF-8 does).
void append_utf8(std::string& out, uint32_t cp);
// Appends `s` as a quoted JSON string. `s` must be valid UTF-8; invalid bytes
// are written as U+FFFD (callers that must keep bytes use base64 instead).
void json_string(std::string& out, std::string_view s);
// A JSON value for bytes that keeps them exactly: {"text":"..."} when they
// are valid UTF-8, {"bytes":"<base64>"} otherwise (as ripgrep's JSON does).
void json_bytes(std::string& out, std::string_view s);
std::string base64(std::string_view s);

}  // namespace util
