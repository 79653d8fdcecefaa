# Shared by the CLI tests: run as  bash X.sh BINARY SOURCE_DIR SHARED_DIR
set -u
BIN=$1; SRC=$2; SHARED=${3:-$SRC/../shared}
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
PASSED=0; FAILED=0
pass() { PASSED=$((PASSED+1)); }
fail() { FAILED=$((FAILED+1)); echo "FAIL: $*"; }
# expect_eq NAME EXPECTED ACTUAL: on failure both are shown.
expect_eq() {
  if [ "$2" == "$3" ]; then pass; else
    fail "$1"; echo "--- expected"; printf '%s\n' "$2" | head -20
    echo "--- actual"; printf '%s\n' "$3" | head -20; fi
}
# expect_same_file NAME EXPECTED_FILE ACTUAL_FILE
expect_same_file() {
  if cmp -s "$2" "$3"; then pass; else fail "$1"; diff "$2" "$3" | head -20; fi
}
# roundtrip INPUT: clean + diff, patch -R, compare bytes.
roundtrip() {
  local in=$1 c="$TMP/rt.clean" d="$TMP/rt.diff"
  "$BIN" clean "${@:2}" "$in" > "$c" 2>/dev/null
  "$BIN" diff "${@:2}" "$in" > "$d" 2>/dev/null
  [ -s "$d" ] && patch -s -R "$c" < "$d" > /dev/null 2>&1
  cmp -s "$c" "$in"
}
finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ]
}
