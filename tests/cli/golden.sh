# The sample articles (the project's seeds) come out exactly as the human
# expected text, their diffs match samples/diff, and patch -R restores them.
. "$(dirname "$0")/lib.sh"
for f in "$SRC"/samples/input/*.txt; do
  b=$(basename "$f" .txt)
  "$BIN" clean "$f" > "$TMP/$b.clean"
  expect_same_file "clean $b" "$SRC/samples/expected/$b.txt" "$TMP/$b.clean"
  (cd "$SRC/samples/input" && "$BIN" diff "$b.txt") > "$TMP/$b.diff"
  expect_same_file "diff $b" "$SRC/samples/diff/$b.diff" "$TMP/$b.diff"
  cp "$TMP/$b.clean" "$TMP/$b.rt"
  [ -s "$TMP/$b.diff" ] && patch -s -R "$TMP/$b.rt" < "$TMP/$b.diff"
  expect_same_file "patch -R $b" "$f" "$TMP/$b.rt"
done
# The clean article loses nothing; --check agrees.
"$BIN" clean --check "$SRC/samples/input/clean-treaty-ratified.txt"; expect_eq "check clean" 0 $?
"$BIN" clean --check "$SRC/samples/input/nytimes-paywall.txt"; expect_eq "check noisy" 1 $?
# The report names rule, category, file:line and the removed text.
"$BIN" clean --report "$TMP/r.jsonl" "$SRC/samples/input/nytimes-paywall.txt" > /dev/null
python3 - "$TMP/r.jsonl" <<'PY' || fail "report content"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 1, recs
r = recs[0]
assert r["bytes_in"] - r["bytes_out"] == sum(x["end"] - x["start"] for x in r["removals"])
rules = [x["rule"] for x in r["removals"]]
assert "en/paywall/verify-access" in rules, rules
for x in r["removals"]:
    assert x["file"].startswith("rules/") and x["line"] > 0
    assert x["first_line"] <= x["last_line"]
    assert x["removed"]["text"]
print("report ok")
PY
pass

# Colour: on a terminal (a pty from script(1)), not when piped; --color and
# NO_COLOR decide over that; the coloured diff is the plain one plus SGR codes.
S=samples/input/nytimes-paywall.txt
plain=$(cd "$SRC" && "$BIN" diff "$S")
on_tty() {  # on_tty ENV... -- ARGS...: decruft diff ARGS on a pty, CR LF -> LF
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
  (cd "$SRC" && env -u NO_COLOR TERM=xterm "${envs[@]}" script -qec "$(printf '%q ' "$BIN" diff "$@")" /dev/null < /dev/null) | tr -d '\r'
}
esc=$(printf '\033')
if command -v script > /dev/null; then
  tty_out=$(on_tty -- "$S")
  case $tty_out in *"$esc[31m-"*) pass ;; *) fail "no colour on a terminal: $(printf '%s' "$tty_out" | head -3 | od -c | head -3)" ;; esac
  expect_eq "colour is the plain diff plus SGR codes" "$plain" "$(printf '%s\n' "$tty_out" | sed "s/$esc\[[0-9;]*m//g")"
  expect_eq "--color=never on a terminal" "$plain" "$(on_tty -- --color=never "$S")"
  expect_eq "NO_COLOR on a terminal" "$plain" "$(on_tty NO_COLOR=1 -- "$S")"
  expect_eq "TERM=dumb on a terminal" "$plain" "$(on_tty TERM=dumb -- "$S")"
  expect_eq "--color=always beats NO_COLOR" "$tty_out" "$(on_tty NO_COLOR=1 -- --color=always "$S")"
else
  fail "script(1) not found (util-linux): terminal colour not tested"
fi
case $plain in *"$esc"*) fail "colour when piped" ;; *) pass ;; esac
piped_always=$(cd "$SRC" && env -u NO_COLOR TERM=xterm "$BIN" diff --color=always "$S")
case $piped_always in *"$esc[31m-"*) pass ;; *) fail "--color=always when piped" ;; esac
expect_eq "--color=always less its codes is the plain diff" "$plain" "$(printf '%s\n' "$piped_always" | sed "s/$esc\[[0-9;]*m//g")"
expect_eq "--color=never when piped" "$plain" "$(cd "$SRC" && "$BIN" diff --color=never "$S")"
expect_eq "--color=auto when piped" "$plain" "$(cd "$SRC" && TERM=xterm "$BIN" diff --color=auto "$S")"

# `decruft diff .` names files a/x.txt, not a/./x.txt, so that patch -p1
# turns a copy of the folder into the clean text.
mkdir -p "$TMP/tree/sub" "$TMP/copy"
cp "$SRC"/samples/input/*.txt "$TMP/tree/"
cp "$SRC/$S" "$TMP/tree/sub/again.txt"
(cd "$TMP/tree" && "$BIN" diff .) > "$TMP/tree.diff"
expect_eq "diff . names" "--- a/moscow-times-donation.txt
--- a/nytimes-paywall.txt
--- a/sub/again.txt" "$(grep '^--- ' "$TMP/tree.diff")"
expect_eq "diff . new names" "$(grep '^--- ' "$TMP/tree.diff" | sed 's,^--- a/,+++ b/,')" "$(grep '^+++ ' "$TMP/tree.diff")"
cp -r "$TMP/tree/." "$TMP/copy/"
(cd "$TMP/copy" && patch -s -p1 < "$TMP/tree.diff") && pass || fail "patch -p1 from the folder"
"$BIN" clean -q "$TMP/tree" -o "$TMP/clean"
diff -r "$TMP/clean" "$TMP/copy" > /dev/null && pass || fail "patch -p1 gives the clean tree"
expect_eq "diff ./FILE" "--- a/nytimes-paywall.txt" "$(cd "$TMP/tree" && "$BIN" diff ./nytimes-paywall.txt | head -1)"
expect_eq "diff DIR/./FILE" "--- a/sub/again.txt" "$(cd "$TMP/tree" && "$BIN" diff sub/./again.txt | head -1)"
expect_eq "diff ./DIR/" "--- a/sub/again.txt" "$(cd "$TMP/tree" && "$BIN" diff ./sub/ | head -1)"
expect_eq "clean --diff ./FILE" "--- a/nytimes-paywall.txt" \
  "$(cd "$TMP/tree" && "$BIN" clean ./nytimes-paywall.txt -o /dev/null --diff "$TMP/one.diff" && head -1 "$TMP/one.diff")"
finish
