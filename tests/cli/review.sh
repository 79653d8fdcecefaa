# decruft review: the page's embedded data has the counts of the --report of
# `decruft clean`, names every rule with its file:line, does not depend on
# -j, and carries hostile document text as data, never as markup.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/in/sub"
cp "$SRC"/samples/input/*.txt "$TMP/in/"
cp "$SRC"/samples/input/nytimes-paywall.txt "$TMP/in/sub/copy.txt"
printf 'Mayor opens new bridge\n\nThe city opened its new bridge on Monday after three years of work.\n\nThank you for your patience while we verify access.\n' > "$TMP/in/teaser.txt"
printf 'Storm hits coast\n\nAdvertisement\n\nThe storm brought heavy rain to the coast on Tuesday.\n\nAdvertisement\n' > "$TMP/in/ads.txt"
# Markup, a comment opener and invalid UTF-8 in removed text and in context.
printf 'Before </script><script>alert(1)</script>\nEVIL </script><img src=x onerror=alert(2)> \xff\xfe <!-- end\nAfter <b>bold</b>\n' > "$TMP/in/evil.txt"
mkdir -p "$TMP/rules"
cat > "$TMP/rules/evil.toml" <<'EOF'
[[rule]]
id = "evil"
category = "ad"
patterns = ['^EVIL\b']
remove = ["EVIL x"]
keep = ["not evil"]
EOF
R="--rules $TMP/rules/evil.toml"

"$BIN" clean -q $R "$TMP/in" -o "$TMP/out" --report "$TMP/report.jsonl" 2> /dev/null
"$BIN" review $R -j 1 "$TMP/in" -o "$TMP/page1.html" 2> "$TMP/err"
expect_eq "review status" 0 $?
grep -q "^decruft: $TMP/page1.html: 7 documents (6 changed), 8 rules fired; flagged: 3 over-removal, 0 held back, 1 truncated" "$TMP/err" \
  && pass || fail "summary: $(cat "$TMP/err")"
"$BIN" review -q $R -j 2 "$TMP/in" -o "$TMP/page2.html"
expect_same_file "page independent of -j" "$TMP/page1.html" "$TMP/page2.html"

# The data embedded in the page, against the report.
check() {
  python3 - "$TMP/page1.html" "$TMP/report.jsonl" <<'PY'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S).group(1))
recs = [json.loads(l) for l in open(sys.argv[2])]
rules, cats = {}, {}
for r in recs:
    seen = set()
    for m in r["removals"]:
        for t, k in ((rules, m["rule"]), (cats, m["category"])):
            c = t.setdefault(k, [0, 0, 0, set()])
            c[0] += 1; c[2] += m["end"] - m["start"]; c[3].add(r["path"])
        rules[m["rule"]].append((m["file"], m["line"]))
out = []
for r in data["rules"]:
    want = rules.get(r["id"])
    got = [r["hits"], len(want[3]) if want else -1, r["bytes"]]
    ok = want and [want[0], len(want[3]), want[2]] == [r["hits"], r["docs"], r["bytes"]]
    ok = ok and (r["file"], r["line"]) == want[4]
    ok = ok and sum(e["n"] for e in r["examples"]) + r["unshown"] == r["hits"]
    out.append("rule %s %s" % (r["id"], "ok" if ok else "MISMATCH %s %s" % (got, want)))
for k in sorted(set(rules) - {r["id"] for r in data["rules"]}):
    out.append("rule %s MISSING" % k)
for c in data["categories"]:
    want = cats.get(c["name"])
    ok = want and [want[0], len(want[3]), want[2]] == [c["hits"], c["docs"], c["bytes"]]
    out.append("category %s %s" % (c["name"], "ok" if ok else "MISMATCH"))
t = data["totals"]
flags = lambda f: sum(f in r.get("flags", []) for r in recs)
out.append("totals %s" % ("ok" if [t["documents"], t["removals"], t["over-removal"], t["truncated"]] ==
                          [len(recs), sum(len(r["removals"]) for r in recs), flags("over-removal"), flags("truncated")]
                          else "MISMATCH %s" % t))
out.append("flagged " + " ".join(sorted(data["docs"][f["doc"]] + ":" + ",".join(f["flags"]) for f in data["flagged"])))
# The hostile removal: whole, as text (invalid bytes as U+FFFD), never as markup.
evil = next(r for r in data["rules"] if r["id"] == "user/ad/evil")["examples"][0]
out.append("evil removed " + ascii(evil["r"]))
out.append("evil context " + repr(evil["b"]) + " " + repr(evil["a"]))
print("\n".join(out))
PY
}
check > "$TMP/check" 2>&1
expect_eq "rules in the page equal the report" "" "$(grep -v ' ok$' "$TMP/check" | grep '^rule ')"
expect_eq "every rule of the report is in the page" 8 "$(grep -c '^rule .* ok$' "$TMP/check")"
expect_eq "categories equal the report" "" "$(grep '^category' "$TMP/check" | grep -v ' ok$')"
expect_eq "totals equal the report" "totals ok" "$(grep '^totals' "$TMP/check")"
expect_eq "flagged documents" \
  "flagged evil.txt:over-removal moscow-times-donation.txt:over-removal teaser.txt:over-removal,truncated" "$(grep '^flagged' "$TMP/check")"
expect_eq "hostile text kept as text" \
  "evil removed 'EVIL </script><img src=x onerror=alert(2)> \ufffd\ufffd <!-- end\n'" "$(grep '^evil removed' "$TMP/check")"
expect_eq "context around it" \
  "evil context 'Before </script><script>alert(1)</script>\n' 'After <b>bold</b>'" "$(grep '^evil context' "$TMP/check")"
# The page's own markup is untouched by the data: two closing script tags
# (data, code), no comment opened, no injected element.
expect_eq "script tags" 2 "$(grep -o '</script>' "$TMP/page1.html" | wc -l)"
expect_eq "no comment opened" 0 "$(grep -c '<!--' "$TMP/page1.html")"
expect_eq "no injected markup" 0 "$(grep -c '<img\|<b>\|<script>alert' "$TMP/page1.html")"
# Self-contained: no address the browser would fetch.
expect_eq "no network" "" "$(grep -oE '(src|href)="(https?:)?//[^"]*' "$TMP/page1.html")"

# Usage errors: exit 2, a message that starts with "decruft: ".
"$BIN" review "$TMP/in" > /dev/null 2> "$TMP/err"; expect_eq "no -o" 2 $?
grep -q '^decruft: review: -o FILE is required' "$TMP/err" && pass || fail "no -o message: $(cat "$TMP/err")"
# A missing input: named, the rest reviewed, exit 3.
"$BIN" review -q "$TMP/in" "$TMP/missing.txt" -o "$TMP/page3.html" 2> "$TMP/err"
expect_eq "missing input status" 3 $?
grep -q "^decruft: $TMP/missing.txt: " "$TMP/err" && pass || fail "missing message: $(cat "$TMP/err")"
[ -s "$TMP/page3.html" ] && pass || fail "page written despite a missing input"
# An unwritable page: named, exit 3, nothing left behind.
"$BIN" review -q "$TMP/in" -o "$TMP/nodir/page.html" 2> "$TMP/err"
expect_eq "unwritable page status" 3 $?
grep -q "^decruft: $TMP/nodir/page.html: " "$TMP/err" && pass || fail "unwritable message: $(cat "$TMP/err")"
# No path is a usage error (as for stats and rules suggest); "-" is stdin.
"$BIN" review -o "$TMP/page4.html" < "$TMP/in/teaser.txt" > /dev/null 2> "$TMP/err"
expect_eq "no path status" 2 $?
grep -q '^decruft: review: no input; name files or folders (- for standard input)$' "$TMP/err" \
  && pass || fail "no path message: $(cat "$TMP/err")"
[ -e "$TMP/page4.html" ] && fail "page written without input" || pass
"$BIN" review -q -o "$TMP/page5.html" - < "$TMP/in/teaser.txt" 2> "$TMP/err"
expect_eq "stdin status" 0 $?
expect_eq "stdin: one document, named stdin" '1 ["stdin"] ["-"]' "$(python3 - "$TMP/page5.html" <<'PY'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S).group(1))
print(d["totals"]["documents"], json.dumps(d["docs"]), json.dumps(d["inputs"]))
PY
)"
finish
