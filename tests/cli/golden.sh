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
finish
