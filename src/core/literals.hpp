// Required literals of a pattern, and the case folding they are compared in.
//
// The engine's prefilter (core/prefilter.hpp) looks for these literals in a
// line and runs a pattern's own RE2 only on the lines that hold one of its
// literals. That is sound only if every match of the pattern holds one of
// them, under any case the pattern accepts: required_literals() answers
// nothing when it is not sure, and fold() maps every character RE2's
// case-insensitive mode treats as equal to a literal character onto the same
// bytes (tests/unit/test_literals.cpp checks that against RE2 itself).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace decruft {

// Appends `text` case-folded to `out`: ASCII, Latin-1, Latin Extended-A and
// Cyrillic letters to lower case, and the few other characters RE2 folds
// onto those (KELVIN SIGN to "k", LONG S to "s", ...). Everything else is
// copied unchanged, invalid UTF-8 included.
void fold(std::string_view text, std::string& out);

// True when `cp` may appear in a literal: fold() knows every character RE2
// folds together with it, or it has no case at all (digits, punctuation,
// CJK, kana, Hangul).
bool foldable(uint32_t cp);

// A set of folded strings, at least `min_bytes` long each, such that every
// match of `pattern` (RE2 syntax, as written in a rule) contains one of
// them. Empty when no such set of at most `max_literals` strings is known:
// a construct it does not model, a part that may match anything, or
// literals too short to be worth looking for.
std::vector<std::string> required_literals(std::string_view pattern, size_t min_bytes = 3,
                                           size_t max_literals = 64);

}  // namespace decruft
