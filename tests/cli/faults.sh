# Faults injected into the C library (tests/fault/fault_inject.cpp, preloaded
# from DECRUFT_FAULT_LIB): read errors on stdin and write errors on stdout
# give a message and exit 3, never exit 0 with a lost or partial result;
# without O_TMPFILE (NFS, CIFS, some FUSE and overlay set-ups) a symbolic
# link planted at the fallback temporary's name is never written through
# (issue 24, item 1).
. "$(dirname "$0")/lib.sh"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")  # the tests change folders
SHIM=${DECRUFT_FAULT_LIB:-}
if [ -z "$SHIM" ] || [ ! -f "$SHIM" ]; then echo "SKIP: no DECRUFT_FAULT_LIB"; finish; exit; fi
A="$SRC/samples/input/nytimes-paywall.txt"
"$BIN" clean "$A" > "$TMP/want"
"$BIN" diff "$A" > "$TMP/want.diff"
# An ASan runtime wants to be first among the preloaded libraries.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
# faulty SPEC CMD...: CMD with the shim preloaded and DECRUFT_FAULT=SPEC.
faulty() { local spec=$1; shift; DECRUFT_FAULT=$spec LD_PRELOAD=$SHIM timeout 20 "$@"; }

# lib.sh's leftover check itself: a script that leaves a writer blocked on
# a FIFO (in a subshell that never execs) fails, and the writer is ended.
cat > "$TMP/leaky.sh" <<EOF
. "$SRC/tests/cli/lib.sh"
mkfifo "\$TMP/f"; (echo x > "\$TMP/f" &)
finish
EOF
env -u DECRUFT_TEST_TAG bash "$TMP/leaky.sh" "$BIN" "$SRC" > "$TMP/leaky.out" 2>&1
expect_eq "leftover check: a leaking test fails" 1 $?
grep -q "^FAIL: processes left behind:" "$TMP/leaky.out" && pass || fail "leftover check: $(cat "$TMP/leaky.out")"

# The shim itself works (so that a pass below means something).
printf 'hello\n' | faulty read_eio_after=2 cat > /dev/null 2>&1; expect_eq "shim: cat sees the read error" 1 $?
printf 'hello\n' | faulty write_eio_after=3 cat > "$TMP/p" 2> /dev/null; expect_eq "shim: cat sees the write error" 1 $?
expect_eq "shim: 3 bytes written" 3 "$(stat -c %s "$TMP/p")"

# stdin: a read error after 1000 bytes.
for cmd in clean diff; do
  faulty read_eio_after=1000 "$BIN" $cmd - < "$A" > "$TMP/out" 2> "$TMP/err"; st=$?
  expect_eq "$cmd: stdin read error: status" 3 $st
  expect_eq "$cmd: stdin read error: message" "decruft: -: Input/output error" "$(cat "$TMP/err")"
  expect_eq "$cmd: stdin read error: nothing written" 0 "$(stat -c %s "$TMP/out")"
done
# stdout: a write error (EIO, ENOSPC) at the start and in the middle (each
# output is more than 100 bytes).
for spec in write_eio_after=0 write_eio_after=100 write_enospc_after=100; do
  for cmd in clean diff stats; do
    faulty $spec "$BIN" $cmd "$A" > "$TMP/out" 2> "$TMP/err"; st=$?
    expect_eq "$cmd, $spec: status" 3 $st
    case $spec in *enospc*) why="No space left on device" ;; *) why="Input/output error" ;; esac
    grep -qx "decruft: stdout: $why" "$TMP/err" && pass || fail "$cmd, $spec: message: $(cat "$TMP/err")"
  done
done
# The same through a pipe, as a shell pipeline has it.
faulty write_eio_after=100 "$BIN" clean - < "$A" 2> "$TMP/err" | cat > /dev/null
expect_eq "clean | cat, write error: status" 3 "${PIPESTATUS[0]}"

# Item 1: no O_TMPFILE, and a link planted at the fallback's name,
# PATH.decruft-tmp.PID (the shell's PID is decruft's after exec).
mkdir -p "$TMP/p1"; printf 'precious\n' > "$TMP/victim"; cp "$TMP/victim" "$TMP/victim.orig"
plant() {  # plant LINK-PATH CMD...: runs CMD as the PID the link names
  local at=$1; shift
  DECRUFT_FAULT=no_tmpfile LD_PRELOAD=$SHIM AT=$at VICTIM="$TMP/victim" \
    timeout 20 bash -c 'ln -s "$VICTIM" "$AT.decruft-tmp.$$"; exec "$@"' planted "$@"
}
plant "$TMP/p1/new.txt" "$BIN" clean "$A" -o "$TMP/p1/new.txt" 2> "$TMP/err"; expect_eq "planted, -o new: status" 0 $?
expect_same_file "planted, -o new: victim untouched" "$TMP/victim.orig" "$TMP/victim"
expect_same_file "planted, -o new: written" "$TMP/want" "$TMP/p1/new.txt"
[ -f "$TMP/p1/new.txt" ] && [ ! -L "$TMP/p1/new.txt" ] && pass || fail "planted, -o new: a link renamed into place"
cp "$A" "$TMP/p1/old.txt"
plant "$TMP/p1/old.txt" "$BIN" clean "$A" -o "$TMP/p1/old.txt" 2> /dev/null; expect_eq "planted, -o existing: status" 0 $?
expect_same_file "planted, -o existing: victim untouched" "$TMP/victim.orig" "$TMP/victim"
expect_same_file "planted, -o existing: written" "$TMP/want" "$TMP/p1/old.txt"
cp "$A" "$TMP/p1/inplace.txt"
plant "$TMP/p1/inplace.txt" "$BIN" clean --in-place "$TMP/p1/inplace.txt" 2> /dev/null; expect_eq "planted, --in-place: status" 0 $?
expect_same_file "planted, --in-place: victim untouched" "$TMP/victim.orig" "$TMP/victim"
expect_same_file "planted, --in-place: cleaned" "$TMP/want" "$TMP/p1/inplace.txt"
mkdir -p "$TMP/p1/in" "$TMP/p1/out"; cp "$A" "$TMP/p1/in/a.txt"
plant "$TMP/p1/out/a.txt" "$BIN" clean -q "$TMP/p1/in" -o "$TMP/p1/out" --diff "$TMP/p1/out" 2> /dev/null
expect_eq "planted, batch: status" 0 $?
expect_same_file "planted, batch: victim untouched" "$TMP/victim.orig" "$TMP/victim"
expect_same_file "planted, batch: written" "$TMP/want" "$TMP/p1/out/a.txt"
plant "$TMP/p1/r.html" "$BIN" review -q "$A" -o "$TMP/p1/r.html" 2> /dev/null; expect_eq "planted, review: status" 0 $?
expect_same_file "planted, review: victim untouched" "$TMP/victim.orig" "$TMP/victim"
grep -q "<html" "$TMP/p1/r.html" && pass || fail "planted, review: no page"
# The planted links are left as they were (not ours to remove); no other
# temporary is left behind.
expect_eq "planted: only the planted names left" 5 "$(find "$TMP/p1" -name '*.decruft-tmp.*' | wc -l)"
expect_eq "planted: all still links" 5 "$(find "$TMP/p1" -name '*.decruft-tmp.*' -type l | wc -l)"
finish
