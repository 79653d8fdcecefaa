# decruft stats: its counts equal those of the --report of `decruft clean`
# over the same folder, do not depend on -j, and name the flagged documents.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/in/sub"
cp "$SRC"/samples/input/*.txt "$TMP/in/"
cp "$SRC"/samples/input/nytimes-paywall.txt "$TMP/in/sub/copy.txt"
# A teaser cut off by a paywall prompt (flagged truncated), three ad markers
# in one document (hits > documents), prose with nothing to remove, a binary.
printf 'Mayor opens new bridge\n\nThe city opened its new bridge on Monday after three years of work, officials said.\n\nThank you for your patience while we verify access.\n' > "$TMP/in/teaser.txt"
printf 'Storm hits coast\n\nAdvertisement\n\nThe storm brought heavy rain to the coast on Tuesday, and thousands of homes lost power.\n\nAdvertisement\n\nCrews worked through the night to restore it, the utility said.\n\nAdvertisement\n' > "$TMP/in/ads.txt"
printf 'A quiet day\n\nNothing happened in the town today, and the residents enjoyed the sunshine in the park.\n' > "$TMP/in/plain.txt"
printf 'bin\0ary\n' > "$TMP/in/data.bin"

"$BIN" clean -q -j 1 "$TMP/in" -o "$TMP/out" --report "$TMP/report.jsonl" 2> /dev/null
"$BIN" stats --json -j 1 "$TMP/in" > "$TMP/s1.json" 2> "$TMP/err"
expect_eq "stats status" 0 $?
grep -q "decruft: $TMP/in/data.bin: binary file" "$TMP/err" && pass || fail "binary warning: $(cat "$TMP/err")"
"$BIN" stats --json -j 2 "$TMP/in" > "$TMP/s2.json" 2> /dev/null
expect_same_file "stats --json independent of -j" "$TMP/s1.json" "$TMP/s2.json"
"$BIN" stats -j 1 "$TMP/in" > "$TMP/t1.txt" 2> /dev/null
"$BIN" stats -j 2 "$TMP/in" > "$TMP/t2.txt" 2> /dev/null
expect_same_file "stats table independent of -j" "$TMP/t1.txt" "$TMP/t2.txt"

# The same numbers, counted by python from the report and from stats.
# count REPORT STATS WHICH: per rule and per category "id hits docs bytes"
count() {
  python3 - "$@" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
stats = json.load(open(sys.argv[2]))
def tally(key):
    t = {}
    for r in recs:
        seen = set()
        for m in r["removals"]:
            c = t.setdefault(m[key], [0, 0, 0])
            c[0] += 1; c[2] += m["end"] - m["start"]
            if m[key] not in seen: seen.add(m[key]); c[1] += 1
    return t
for key, skey in (("rule", "rules"), ("category", "categories")):
    if sys.argv[3] == "report":
        lines = ("%s %d %d %d" % (k, *v) for k, v in tally(key).items())
    else:
        lines = ("%s %d %d %d" % (s[key], s["hits"], s["documents"], s["bytes"]) for s in stats[skey])
    print(*sorted(lines), sep="\n")
PY
}
expect_eq "stats counts equal the report" "$(count "$TMP/report.jsonl" "$TMP/s1.json" report)" \
  "$(count "$TMP/report.jsonl" "$TMP/s1.json" stats)"
expect_eq "rules and categories compared" 13 "$(count "$TMP/report.jsonl" "$TMP/s1.json" report | wc -l)"
j() { python3 -c "import json,sys; d=json.load(open('$TMP/s1.json')); print($1)"; }
expect_eq "documents (binary left out)" 7 "$(j 'd["documents"]')"
expect_eq "binary" 1 "$(j 'd["binary"]')"
expect_eq "bytes removed" "$(python3 -c "import json; print(sum(sum(m['end']-m['start'] for m in json.loads(l)['removals']) for l in open('$TMP/report.jsonl')))")" \
  "$(j 'd["bytes_removed"]')"
expect_eq "ad marker hits" "en/ad/lone-marker 3 1" \
  "$(j '" ".join(str(r[k]) for r in d["rules"] if r["rule"]=="en/ad/lone-marker" for k in ("rule","hits","documents"))')"
expect_eq "most frequent removed line" "Advertisement 3 1" \
  "$(j '" ".join(str(d["top_lines"][0][k]) for k in ("text","count","documents"))')"
# Flags: the teaser is truncated, in stats and in the report alike.
expect_eq "truncated in the report" "teaser.txt" \
  "$(python3 -c "import json; [print(r['path']) for r in map(json.loads, open('$TMP/report.jsonl')) if 'truncated' in r.get('flags', [])]")"
expect_eq "truncated count" 1 "$(j 'd["flags"]["truncated"]')"
expect_eq "over-removal count" \
  "$(grep -c '"over-removal"' "$TMP/report.jsonl")" "$(j 'd["flags"]["over-removal"]')"
expect_eq "top document" "moscow-times-donation.txt over-removal" \
  "$(j '" ".join([d["top_documents"][0]["path"]] + d["top_documents"][0]["flags"])')"
# Never fired: every enabled rule that is not in "rules".
enabled=$("$BIN" rules list | tail -1 | sed 's/.* \([0-9]*\) enabled/\1/')
expect_eq "never fired + fired = enabled" "$enabled" "$(j 'len(d["never_fired"]) + len(d["rules"])')"
expect_eq "a rule that fired is not in never_fired" "0" \
  "$(j 'sum(1 for r in d["never_fired"] if r["rule"]=="en/ad/lone-marker")')"

# The table: aligned rows with the same numbers, and the summary lines.
grep -q "^7 documents, 5 changed, " "$TMP/t1.txt" && pass || fail "table summary: $(head -2 "$TMP/t1.txt")"
grep -q "^flagged: 2 over-removal, 0 held back, 1 truncated; 1 binary skipped, 0 failed$" "$TMP/t1.txt" \
  && pass || fail "table flags: $(sed -n 2p "$TMP/t1.txt")"
expect_eq "table row" "en/ad/lone-marker 3 1 45 rules/en/ad.toml:6" \
  "$(awk '$1 == "en/ad/lone-marker" { print $1, $2, $3, $4, $5 }' "$TMP/t1.txt")"
grep -q "^NEVER FIRED: $((enabled - $(j 'len(d["rules"])'))) of $enabled enabled rules$" "$TMP/t1.txt" \
  && pass || fail "never fired line: $(grep NEVER "$TMP/t1.txt")"

# --max-removed: documents above it are held back and count as untouched.
"$BIN" stats --json --max-removed 0.3 "$TMP/in" > "$TMP/held.json" 2> /dev/null
expect_eq "held back" 2 "$(python3 -c "import json; print(json.load(open('$TMP/held.json'))['flags']['held-back'])")"
expect_eq "held back documents remove nothing" 0 \
  "$(python3 -c "import json; print(sum(r['hits'] for r in json.load(open('$TMP/held.json'))['rules'] if r['category'] == 'donation'))")"

# A missing input: reported by path, the rest counted, exit 3.
"$BIN" stats --json "$TMP/in" "$TMP/missing.txt" > "$TMP/s3.json" 2> "$TMP/err"
expect_eq "missing input status" 3 $?
grep -q "^decruft: $TMP/missing.txt: " "$TMP/err" && pass || fail "missing message: $(cat "$TMP/err")"
expect_eq "rest counted" 7 "$(python3 -c "import json; print(json.load(open('$TMP/s3.json'))['documents'])")"
# Bad rules: exit 2 and nothing counted.
printf '[[rule]]\nid = "x"\npatterns = ["("]\n' > "$TMP/bad.toml"
"$BIN" stats --rules "$TMP/bad.toml" "$TMP/in" > "$TMP/out.txt" 2> /dev/null
expect_eq "bad rules status" 2 $?
expect_eq "bad rules: no output" "" "$(cat "$TMP/out.txt")"
# No path is a usage error, as for review and rules suggest; "-" is stdin.
"$BIN" stats < "$TMP/in/teaser.txt" > "$TMP/out.txt" 2> "$TMP/err"
expect_eq "no path status" 2 $?
grep -q '^decruft: stats: no input; name files or folders (- for standard input)$' "$TMP/err" \
  && pass || fail "no path message: $(cat "$TMP/err")"
expect_eq "no path: no output" "" "$(cat "$TMP/out.txt")"
"$BIN" stats --json - < "$TMP/in/teaser.txt" > "$TMP/stdin.json" 2> "$TMP/err"
expect_eq "stdin status" 0 $?
expect_eq "stdin: one truncated document" "1 1 stdin" \
  "$(python3 -c "import json; d=json.load(open('$TMP/stdin.json')); print(d['documents'], d['flags']['truncated'], d['top_documents'][0]['path'])")"
finish
