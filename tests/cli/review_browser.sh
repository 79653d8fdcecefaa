# decruft review in a real browser: headless Chromium runs the page's script;
# the counts it renders (totals, rules table, category and rule charts)
# equal the --report of `decruft clean`, the filters in the address work, a
# page of 10,000 documents renders quickly with the same counts as its
# report, and a screenshot is saved beside the binary (build/review.png)
# for people to look at (samples/review.png, in the README, is a copy).
#
# Chromium is required: `make test` installs it (Debian's chromium package,
# see the Makefile's DEPS). Only with DECRUFT_ALLOW_NO_BROWSER=1 does a
# missing browser skip the test instead of failing it.
. "$(dirname "$0")/lib.sh"
CHROME=""
for c in chromium chromium-browser google-chrome; do
  command -v "$c" > /dev/null && { CHROME=$(command -v "$c"); break; }
done
if [ -z "$CHROME" ]; then
  if [ "${DECRUFT_ALLOW_NO_BROWSER:-}" = 1 ]; then
    echo "SKIP: chromium not found and DECRUFT_ALLOW_NO_BROWSER=1; browser test not run"
    exit 0
  fi
  echo "FAIL: chromium not found (Debian: apt-get install chromium, or make deps);" \
       "set DECRUFT_ALLOW_NO_BROWSER=1 to skip this test"
  exit 1
fi
# Root needs --no-sandbox; a fresh profile and no background traffic keep
# the run isolated and offline.
browse() {  # browse URL ARGS...: the browser's output on stdout
  timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --user-data-dir="$(mktemp -d -p "$TMP")" \
    "${@:2}" "$1" 2> "$TMP/chrome.err"
}

# The three samples and two made-up documents, in a folder named "corpus"
# (the page's subtitle, and the screenshot's).
mkdir -p "$TMP/corpus"
cp "$SRC"/samples/input/*.txt "$TMP/corpus/"
printf 'Mayor opens new bridge\n\nThe city opened its new bridge on Monday after three years of work.\n\nThank you for your patience while we verify access.\n' > "$TMP/corpus/teaser.txt"
printf 'Storm hits coast\n\nAdvertisement\n\nThe storm brought heavy rain.\n\nAdvertisement\n\nCrews worked through the night.\n\nAdvertisement\n' > "$TMP/corpus/ads.txt"
cd "$TMP"
"$BIN" clean -q corpus -o "$TMP/out" --report "$TMP/report.jsonl"
"$BIN" review -q corpus -o "$TMP/page.html"
expect_eq "review status" 0 $?

browse "file://$TMP/page.html" --dump-dom > "$TMP/dom.html"
expect_eq "chromium status" 0 $?
# What the script rendered, read from the DOM, against the report.
rendered() {  # rendered DOM: lines "rule ID HITS DOCS BYTES", "total KEY N", "bar KEY N"
  python3 - "$1" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.out = []; self.row = None; self.cell = None
        self.total = None; self.bar = None; self.in_val = False
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "tr" and a.get("class") == "rule-row": self.row = [a["data-rule"]]
        elif tag == "td" and self.row is not None: self.cell = a.get("class", "")
        elif tag == "div" and "data-key" in a and self.total is None: self.total = a["data-key"]
        elif tag == "g" and "data-key" in a: self.bar = a["data-key"]
        elif tag == "text" and self.bar and a.get("class") == "val": self.in_val = True
    def handle_data(self, d):
        n = d.replace(",", "")
        if self.row is not None and self.cell in ("n hits", "n docs", "n bytes"): self.row.append(n)
        if self.total and self.lasttag == "dd": self.out.append("total %s %s" % (self.total, n.split(" ")[0])); self.total = None
        if self.in_val: self.out.append("bar %s %s" % (self.bar, n)); self.in_val = False
    def handle_endtag(self, tag):
        if tag == "tr" and self.row is not None: self.out.append("rule " + " ".join(self.row)); self.row = None
        if tag == "td": self.cell = None
        if tag == "g": self.bar = None
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
print("\n".join(p.out))
PY
}
expected() {  # expected REPORT: the same lines, from a --report
  python3 - "$1" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
rules, cats = {}, {}
for r in recs:
    for m in r["removals"]:
        c = rules.setdefault(m["rule"], [0, set(), 0]); c[0] += 1; c[1].add(r["path"]); c[2] += m["end"] - m["start"]
        cats[m["category"]] = cats.get(m["category"], 0) + 1
flags = lambda f: sum(f in r.get("flags", []) for r in recs)
for k in ("documents", "changed", "removals", "over-removal", "truncated"):
    n = {"documents": len(recs), "changed": sum(1 for r in recs if r["removals"]),
         "removals": sum(len(r["removals"]) for r in recs)}.get(k) if k in ("documents", "changed", "removals") else flags(k)
    print("total %s %d" % (k, n))
for k, (h, d, b) in rules.items(): print("rule %s %d %d %d" % (k, h, len(d), b))
for k, h in cats.items(): print("bar %s %d" % (k, h))
for k, (h, d, b) in rules.items(): print("bar %s %d" % (k, h))
PY
}
rendered "$TMP/dom.html" > "$TMP/got"
expected "$TMP/report.jsonl" > "$TMP/want"
grep -q 'data-render-ms="[0-9]*"' "$TMP/dom.html" && pass || fail "the page's script did not finish: $(tail -3 "$TMP/chrome.err")"
expect_eq "rendered rules table equals the report" "$(grep '^rule' "$TMP/want" | sort)" "$(grep '^rule' "$TMP/got" | sort)"
expect_eq "rendered totals equal the report" "$(grep '^total' "$TMP/want" | sort)" \
  "$(grep -E '^total (documents|changed|removals|over-removal|truncated) ' "$TMP/got" | sort)"
expect_eq "rendered chart bars equal the report" "$(grep '^bar' "$TMP/want" | sort)" "$(grep '^bar' "$TMP/got" | sort)"
expect_eq "rules compared" 7 "$(grep -c '^rule' "$TMP/got")"
# Every rule's group is rendered with its highlighted removal and file:line.
expect_eq "groups rendered" 7 "$(grep -o '<div class="rule" data-rule=' "$TMP/dom.html" | wc -l)"
grep -q '<mark>Thank you for your patience while we verify access.' "$TMP/dom.html" && pass || fail "highlighted removal"
grep -q '>rules/en/ad.toml:6 (built in)</a>' "$TMP/dom.html" && pass || fail "rule file:line link"
# A built-in rule's link points at its file in the source tree it was built from.
grep -q "href=\"file://$SRC/rules/en/ad.toml#L6\"" "$TMP/dom.html" && pass || fail "built-in rule linked into the source tree"

# Filters from the address: one category, then one rule.
browse "file://$TMP/page.html#category=js-required" --dump-dom > "$TMP/dom2.html"
expect_eq "category filter" "en/js-required/enable-javascript en/js-required/trouble-retrieving" \
  "$(rendered "$TMP/dom2.html" | awk '$1 == "rule" { print $2 }' | sort | xargs)"
browse "file://$TMP/page.html#rule=en/ad/lone-marker&q=advertisement" --dump-dom > "$TMP/dom3.html"
expect_eq "rule and text filter" 1 "$(grep -o '<div class="rule" data-rule=' "$TMP/dom3.html" | wc -l)"
browse "file://$TMP/page.html#q=no-such-text" --dump-dom > "$TMP/dom4.html"
grep -q 'No removals match.' "$TMP/dom4.html" && pass || fail "text filter with no match"

# 10,000 documents in 100 folders, each removal text distinct: the page
# stays small (capped examples), renders fast, and shows the counts of the
# report.
python3 - "$SRC/samples/input" "$TMP/big" <<'PY'
import os, sys
src = [open(os.path.join(sys.argv[1], f), encoding="utf-8").read() for f in sorted(os.listdir(sys.argv[1]))]
for i in range(10000):
    d = os.path.join(sys.argv[2], "%02d" % (i // 100)); os.makedirs(d, exist_ok=True)
    text = src[i % len(src)].replace("Russia", "Russia %d" % i).replace("Times account", "Times account %d" % i)
    open(os.path.join(d, "%d.txt" % i), "w", encoding="utf-8").write(text)
PY
"$BIN" clean -q big -o "$TMP/big-out" --report "$TMP/big.jsonl"
start=$(date +%s%N)
"$BIN" review -q big -o "$TMP/big.html"
expect_eq "review of 10,000 documents: status" 0 $?
review_ms=$(( ($(date +%s%N) - start) / 1000000 ))
size=$(stat -c %s "$TMP/big.html")
[ "$size" -lt 4000000 ] && pass || fail "page of 10,000 documents is $size bytes"
browse "file://$TMP/big.html" --dump-dom > "$TMP/dom5.html"
ms=$(grep -o 'data-render-ms="[0-9]*"' "$TMP/dom5.html" | grep -o '[0-9]*')
echo "page of 10,000 documents: review ${review_ms} ms, $size bytes, rendered in ${ms:-?} ms"
[ -n "$ms" ] && [ "$ms" -lt 3000 ] && pass || fail "render time ${ms:-none} ms"
rendered "$TMP/dom5.html" > "$TMP/got5"
expected "$TMP/big.jsonl" > "$TMP/want5"
expect_eq "10,000: documents in the report" 10000 "$(wc -l < "$TMP/big.jsonl")"
expect_eq "10,000: rendered totals equal the report" "$(grep '^total' "$TMP/want5" | sort)" \
  "$(grep -E '^total (documents|changed|removals|over-removal|truncated) ' "$TMP/got5" | sort)"
expect_eq "10,000: rendered rules table equals the report" "$(grep '^rule' "$TMP/want5" | sort)" "$(grep '^rule' "$TMP/got5" | sort)"
expect_eq "10,000: rendered chart bars equal the report" "$(grep '^bar' "$TMP/want5" | sort)" "$(grep '^bar' "$TMP/got5" | sort)"

# The screenshot, beside the binary (build/review.png).
shot="$(cd "$(dirname "$BIN")" && pwd)/review.png"
rm -f "$shot"
browse "file://$TMP/page.html" --hide-scrollbars --window-size=1280,1600 --screenshot="$shot" > /dev/null
[ "$(head -c 8 "$shot" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] && pass \
  || fail "no screenshot at $shot: $(tail -3 "$TMP/chrome.err")"
echo "screenshot: $shot"
finish
