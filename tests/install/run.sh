#!/usr/bin/env bash
# The install test: installs a build into a temporary prefix, builds the
# consumer in consumer/ against it twice (CMake find_package, and g++ with
# pkg-config), and checks that both clean the samples exactly as the
# installed `decruft clean` does, with the same diff and report.
#
#   bash tests/install/run.sh BUILD_DIR [SOURCE_DIR]
#
# Needs only what the Makefile's DEPS install (cmake, g++, pkg-config).
# CXX, CXXFLAGS and LDFLAGS from the environment reach both builds.
set -u
BUILD=$(cd "$1" && pwd)
SRC=$(cd "${2:-$(dirname "$0")/../..}" && pwd)
HERE=$SRC/tests/install
CXX=${CXX:-g++}
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
PREFIX=$TMP/prefix
PASSED=0; FAILED=0
pass() { PASSED=$((PASSED+1)); }
fail() { FAILED=$((FAILED+1)); echo "FAIL: $*"; }
# step NAME LOG COMMAND...: runs a build step, shows its log when it fails.
step() {
  local name=$1 log=$2; shift 2
  if "$@" > "$log" 2>&1; then pass; else fail "$name"; tail -n 30 "$log"; return 1; fi
}
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" = 0 ]; exit; }

# 1. Install.
step "cmake --install" "$TMP/install.log" cmake --install "$BUILD" --prefix "$PREFIX" || finish
LIB=$(find "$PREFIX" -name libdecruft.a | head -n 1)
PC=$(find "$PREFIX" -name decruft.pc | head -n 1)
for f in bin/decruft include/decruft/decruft.hpp share/decruft/rules/README.md \
         share/decruft/rules/en/paywall.toml share/man/man1/decruft.1 \
         share/bash-completion/completions/decruft; do
  [ -f "$PREFIX/$f" ] && pass || fail "not installed: $f"
done
[ -n "$LIB" ] && pass || fail "not installed: libdecruft.a"
[ -n "$PC" ] && pass || fail "not installed: decruft.pc"
[ -n "$(find "$PREFIX" -name decruftConfig.cmake)" ] && [ -n "$(find "$PREFIX" -name decruftConfigVersion.cmake)" ] \
  && pass || fail "not installed: decruftConfig.cmake, decruftConfigVersion.cmake"
# The reference rule files are those the installed binary embeds, byte for byte.
"$PREFIX/bin/decruft" rules export -o "$TMP/export" \
  && diff -r -x README.md "$TMP/export/rules" "$PREFIX/share/decruft/rules" > "$TMP/rules.diff" \
  && pass || { fail "installed rule files differ from the embedded ones"; head "$TMP/rules.diff"; }
# The public header stands alone: no internal, RE2 or toml++ headers.
if grep -nE '#include +("|<(re2|toml))' "$PREFIX/include/decruft/decruft.hpp"; then
  fail "the public header includes non-standard headers"; else pass; fi
[ "$(find "$PREFIX/include" -type f | wc -l)" = 1 ] && pass || fail "headers besides decruft.hpp installed"

# 2. Build the consumer against the installed files only.
step "consumer: CMake configure" "$TMP/cmake.log" \
  cmake -S "$HERE/consumer" -B "$TMP/cmake-build" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_CXX_COMPILER="$CXX"
step "consumer: CMake build" "$TMP/cmake-build.log" cmake --build "$TMP/cmake-build"
export PKG_CONFIG_PATH=$(dirname "${PC:-/nonexistent/x}")
step "consumer: pkg-config build" "$TMP/pc.log" \
  bash -c "$CXX -std=c++17 -O2 '$HERE/consumer/app.cpp' \$CXXFLAGS -o '$TMP/app-pc' \$(pkg-config --cflags --libs decruft) \$LDFLAGS"
step "consumer: pkg-config --static build" "$TMP/pc-static.log" \
  bash -c "$CXX -std=c++17 -O2 '$HERE/consumer/app.cpp' \$CXXFLAGS -o '$TMP/app-pc-static' \$(pkg-config --cflags --libs --static decruft) \$LDFLAGS"
step "README example: pkg-config build" "$TMP/pc-example.log" \
  bash -c "$CXX -std=c++17 -O2 '$HERE/consumer/example.cpp' \$CXXFLAGS -o '$TMP/example-pc' \$(pkg-config --cflags --libs decruft) \$LDFLAGS"
pkg-config --modversion decruft > "$TMP/pcver" 2>&1
[ "$(cat "$TMP/pcver")" = "$("$PREFIX/bin/decruft" --version | sed -n '1s/^decruft //p')" ] \
  && pass || fail "pkg-config version $(cat "$TMP/pcver") is not decruft --version's"

# 3. Both consumers clean like the installed command, byte for byte.
DECRUFT=$PREFIX/bin/decruft
APPS=()
for a in "$TMP/cmake-build/app" "$TMP/app-pc" "$TMP/app-pc-static"; do [ -x "$a" ] && APPS+=("$a"); done
[ ${#APPS[@]} = 3 ] || fail "only ${#APPS[@]} of 3 consumers built"
cd "$SRC"
SAMPLE=samples/input/nytimes-paywall.txt
# Besides the samples: a teaser cut off by a paywall prompt (flagged
# truncated), a Cyrillic document whose removed share is over 30% of its
# bytes but not of its characters, and one with NUL bytes.
TEASER=$TMP/teaser.txt
printf 'Mayor opens new bridge\n\nThe city opened its new bridge on Monday after three years of work, officials said.\n\nThank you for your patience while we verify access.\n' > "$TEASER"
printf '\xd0\xa0\xd0\xb5\xd0\xba\xd0\xbb\xd0\xb0\xd0\xbc\xd0\xb0\n\nThe city opened a new bridge.\n' > "$TMP/cyrillic.txt"  # 16 of 46 bytes go, 9 of 39 characters
printf 'Advertisement\n\0binary\n' > "$TMP/binary.txt"
"$DECRUFT" clean --report "$TMP/teaser.jsonl" -o /dev/null "$TEASER"
grep -q '"flags":\["over-removal","truncated"\]}$' "$TMP/teaser.jsonl" && pass \
  || fail "decruft clean --report does not flag the teaser truncated: $(cat "$TMP/teaser.jsonl")"
"$DECRUFT" clean "$SAMPLE" > "$TMP/want.txt"
cmp -s "$TMP/want.txt" "$SAMPLE" && fail "decruft clean removed nothing from $SAMPLE: a vacuous test"
for app in "${APPS[@]}"; do
  name=${app#"$TMP/"}
  for in in samples/input/*.txt "$TEASER" "$TMP/cyrillic.txt" "$TMP/binary.txt"; do
    "$DECRUFT" clean "$in" > "$TMP/want.txt"
    "$app" "$in" > "$TMP/got.txt"
    cmp -s "$TMP/want.txt" "$TMP/got.txt" && pass || { fail "$name: clean text of $in"; diff "$TMP/want.txt" "$TMP/got.txt" | head; }
    "$DECRUFT" diff --color=never "$in" > "$TMP/want.diff"
    "$app" --diff "$in" > "$TMP/got.diff"
    cmp -s "$TMP/want.diff" "$TMP/got.diff" && pass || { fail "$name: diff of $in"; diff "$TMP/want.diff" "$TMP/got.diff" | head; }
    "$DECRUFT" clean --report "$TMP/want.jsonl" -o /dev/null "$in"
    "$app" --report "$in" > "$TMP/got.jsonl"
    cmp -s "$TMP/want.jsonl" "$TMP/got.jsonl" && pass || { fail "$name: report of $in"; diff "$TMP/want.jsonl" "$TMP/got.jsonl" | head; }
  done
  # stdin, and the removals as the report gives them.
  "$DECRUFT" clean < "$SAMPLE" > "$TMP/want.txt"
  "$app" - < "$SAMPLE" > "$TMP/got.txt"
  cmp -s "$TMP/want.txt" "$TMP/got.txt" && pass || fail "$name: clean text from stdin"
  "$app" --removals "$SAMPLE" > "$TMP/got.removals"
  grep -q '^en/paywall/verify-access paywall rules/en/paywall.toml:[0-9]* bytes [0-9]*-[0-9]* lines 22-26$' "$TMP/got.removals" \
    && pass || { fail "$name: removals"; cat "$TMP/got.removals"; }
  grep -qx 'flags:' "$TMP/got.removals" && pass || { fail "$name: flags of $SAMPLE"; cat "$TMP/got.removals"; }
  "$app" --removals "$TEASER" > "$TMP/got.removals"
  grep -qx 'flags: over-removal truncated' "$TMP/got.removals" && pass || { fail "$name: teaser not truncated"; cat "$TMP/got.removals"; }
  "$app" --removals "$TMP/cyrillic.txt" > "$TMP/got.removals"
  grep -qx 'flags:' "$TMP/got.removals" && pass || { fail "$name: Cyrillic share counted in bytes"; cat "$TMP/got.removals"; }
done

# The library example in ARCHITECTURE.md (## Library) is this file (less its first comment line), and it runs.
diff <(awk '/^## Library/{f=1} f&&/^```cpp/{g=1;next} g&&/^```/{exit} g' "$SRC/ARCHITECTURE.md") \
     <(sed 1d "$HERE/consumer/example.cpp") > "$TMP/readme.diff" \
  && pass || { fail "ARCHITECTURE.md's library example differs from tests/install/consumer/example.cpp"; cat "$TMP/readme.diff"; }
for ex in "$TMP/cmake-build/example" "$TMP/example-pc"; do
  "$DECRUFT" clean < "$SAMPLE" > "$TMP/want.txt"
  "$ex" < "$SAMPLE" > "$TMP/got.txt" 2> "$TMP/got.err"
  cmp -s "$TMP/want.txt" "$TMP/got.txt" && pass || fail "${ex#"$TMP/"}: clean text"
  grep -q '^en/paywall/verify-access (rules/en/paywall.toml:[0-9]*) removed lines 22-26$' "$TMP/got.err" \
    && pass || { fail "${ex#"$TMP/"}: removals"; cat "$TMP/got.err"; }
done

# 4. The manual renders without warnings, the completion parses.
if command -v groff > /dev/null; then
  groff -man -Tutf8 -ww -z "$PREFIX/share/man/man1/decruft.1" > "$TMP/groff.log" 2>&1
  [ ! -s "$TMP/groff.log" ] && pass || { fail "decruft.1: groff warnings"; head "$TMP/groff.log"; }
fi
bash -n "$PREFIX/share/bash-completion/completions/decruft" && pass || fail "completion: syntax"
finish
