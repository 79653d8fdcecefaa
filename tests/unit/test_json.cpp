#include <doctest/doctest.h>

#include "util/json.hpp"

TEST_CASE("json_string") {
  std::string out;
  util::json_string(out, "a\"b\\c\n\t\x01\xC3\xA9");
  CHECK(out == "\"a\\\"b\\\\c\\n\\t\\u0001\xC3\xA9\"");
  SUBCASE("invalid UTF-8 becomes U+FFFD") {
    std::string o2;
    util::json_string(o2, "x\xFFy");
    CHECK(o2 == "\"x\xEF\xBF\xBDy\"");
  }
}

TEST_CASE("json_bytes") {
  std::string a, b;
  util::json_bytes(a, "ok");
  CHECK(a == "{\"text\":\"ok\"}");
  util::json_bytes(b, "\xFF\xFE");
  CHECK(b == "{\"bytes\":\"//4=\"}");
}

TEST_CASE("valid_utf8") {
  CHECK(util::valid_utf8("plain"));
  CHECK(util::valid_utf8("\xE2\x80\x94"));
  CHECK_FALSE(util::valid_utf8("\xE2\x80"));        // truncated
  CHECK_FALSE(util::valid_utf8("\xC0\xAF"));        // overlong
  CHECK_FALSE(util::valid_utf8("\xED\xA0\x80"));    // surrogate
}

TEST_CASE("base64") {
  CHECK(util::base64("") == "");
  CHECK(util::base64("f") == "Zg==");
  CHECK(util::base64("fo") == "Zm8=");
  CHECK(util::base64("foo") == "Zm9v");
}
