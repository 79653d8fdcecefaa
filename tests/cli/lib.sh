# Shared by the CLI tests: run as  bash X.sh BINARY SOURCE_DIR SHARED_DIR
set -u
# The tag that finish() finds leftover processes by (see leftovers): set in
# the environment the script is exec'd with, so that even a forked subshell
# that never exec'd (one blocked opening a FIFO) shows it in /proc.
if [ -z "${DECRUFT_TEST_TAG:-}" ]; then
  export DECRUFT_TEST_TAG="decruft-test:$$:$RANDOM"
  exec bash "$0" "$@"
fi
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
# tree_sum DIR: one checksum of every file's path, permission bits and bytes
# below DIR, to show that a refused run changed nothing.
tree_sum() {
  (cd "$1" && find . -type f -printf '%p %m\n' | sort && find . -type f -print0 | sort -z | xargs -0 -r cat) | md5sum
}
# AS_NOBODY: a command prefix that runs as user nobody, so that permission
# checks bite when the tests run as root (empty when that is not possible:
# then the checks that need it say SKIP). $TMP must be made readable first.
AS_NOBODY=()
if [ "$(id -u)" = 0 ] && setpriv --reuid=65534 --regid=65534 --clear-groups true 2> /dev/null; then
  AS_NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
# Every process this test starts carries DECRUFT_TEST_TAG, also one that a
# double fork took out of its process tree; finish() fails the test if any
# is still running (a decruft that hangs on a FIFO, a writer left blocked).
leftovers() {
  env -u DECRUFT_TEST_TAG TAG="$DECRUFT_TEST_TAG" SELF=$$ bash -c '
    for e in $(grep -lzxF "DECRUFT_TEST_TAG=$TAG" /proc/[0-9]*/environ 2> /dev/null); do
      p=${e#/proc/}; p=${p%/environ}; [ "$p" = "$SELF" ] && continue
      echo "$p $(tr "\0" " " < "/proc/$p/cmdline" 2> /dev/null)"
    done'
}
finish() {
  local left i
  for i in 1 2 3 4 5 6 7 8 9 10; do
    left=$(leftovers); [ -z "$left" ] && break; sleep 0.3
  done
  if [ -n "$left" ]; then
    fail "processes left behind:"; echo "$left"
    for i in $(echo "$left" | cut -d' ' -f1); do kill "$i" 2> /dev/null; done
  fi
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ]
}
