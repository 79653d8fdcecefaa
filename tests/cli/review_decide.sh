# decruft review for signing off a rule change: a seeded random sample of
# each rule's removals across the documents (not the first in path order),
# the riskiest removals first, and --compare: what a rule change adds and
# takes away against the old rules on the same corpus.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/in" "$TMP/new"
for i in $(seq -w 0 199); do
  printf 'Headline %s\n\nThe council met on Tuesday to discuss item %s.\n\nPROMO %s\n' "$i" "$i" "$i" > "$TMP/in/doc$i.txt"
done
# One removal that reads like prose (80+ characters ending a sentence), one short.
printf 'Story\n\nRISKY the mayor said the bridge would open next spring after three years of delays and disputes.\n\nMore text of the story follows here.\n' > "$TMP/in/risky1.txt"
printf 'Story two\n\nRISKY x\n\nMore text of the second story follows here.\n' > "$TMP/in/risky2.txt"
cat > "$TMP/old.toml" <<'EOF'
[[rule]]
id = "promo"
category = "ad"
patterns = ['^PROMO \d+$']
remove = ["PROMO 1"]
keep = ["PROMO code"]
EOF
cp "$TMP/old.toml" "$TMP/new/promo.toml"
cat > "$TMP/new/risky.toml" <<'EOF'
[[rule]]
id = "risky"
category = "other"
patterns = ['^RISKY ']
max_chars = 500
remove = ["RISKY x"]
keep = ["not risky"]
EOF
data() {  # data PAGE: the page's embedded JSON on stdout
  python3 -c 'import re,sys; print(re.search(r"<script type=\"application/json\" id=\"data\">(.*?)</script>", open(sys.argv[1], encoding="utf-8").read(), re.S).group(1))' "$1"
}
R=(--no-default-rules --rules "$TMP/new")

"$BIN" review -q "${R[@]}" --sample 10 --seed 7 "$TMP/in" -o "$TMP/a.html"
expect_eq "review status" 0 $?
data "$TMP/a.html" > "$TMP/a.json"
summary() {  # the promo rule's sample: count, unshown, documents it names
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = next(r for r in d["rules"] if r["id"] == "user/ad/promo")
docs = sorted(d["docs"][e["at"][0][0]] for e in r["examples"])
print(len(r["examples"]), r["unshown"], sum(e["n"] for e in r["examples"]) + r["unshown"] == r["hits"],
      all(e["sampled"] == 1 for e in r["examples"]))
print(" ".join(docs))
PY
}
summary "$TMP/a.json" > "$TMP/a.sum"
expect_eq "sample of 10, 190 unshown, counts complete" "10 190 True True" "$(head -n 1 "$TMP/a.sum")"
# Spread over the corpus: not the first ten documents in path order.
first10=$(for i in $(seq -w 0 9); do printf 'doc%s.txt ' "$i"; done | sed 's/ $//')
[ "$(tail -n 1 "$TMP/a.sum")" != "$first10" ] && pass || fail "sample is the first documents in path order"
late=$(tail -n 1 "$TMP/a.sum" | tr ' ' '\n' | sed 's/doc\([0-9]*\).txt/\1/' | awk '$1 >= 100' | wc -l)
[ "$late" -ge 2 ] && pass || fail "sample has $late of 10 documents from the second half"

# Deterministic: same seed, same page at any -j; another seed, another sample.
"$BIN" review -q "${R[@]}" --sample 10 --seed 7 -j 1 "$TMP/in" -o "$TMP/b.html"
expect_same_file "same seed, same page at -j 1" "$TMP/a.html" "$TMP/b.html"
"$BIN" review -q "${R[@]}" --sample 10 --seed 8 "$TMP/in" -o "$TMP/c.html"
data "$TMP/c.html" > "$TMP/c.json"
summary "$TMP/c.json" > "$TMP/c.sum"
expect_eq "another seed: still 10" "10 190 True True" "$(head -n 1 "$TMP/c.sum")"
[ "$(tail -n 1 "$TMP/c.sum")" != "$(tail -n 1 "$TMP/a.sum")" ] && pass || fail "seed 8 gave the same sample as seed 7"

# The riskiest first: the prose-like removal leads its rule, marked so.
got=$(python3 - "$TMP/a.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = next(r for r in d["rules"] if r["id"] == "user/other/risky")
print(r["examples"][0]["risk"], r["examples"][0]["r"][:12], r["examples"][1]["risk"])
PY
)
# (its short document loses over 30% of its characters, so it is flagged too)
expect_eq "prose-like removal first" "['prose', 'flagged'] RISKY the ma []" "$got"

# --compare: the new rule's removals are added, none taken away.
"$BIN" review -q "${R[@]}" --compare "$TMP/old.toml" "$TMP/in" -o "$TMP/cmp.html"
expect_eq "compare status" 0 $?
got=$(data "$TMP/cmp.html" | python3 -c '
import json, sys
c = json.load(sys.stdin)["compare"]
print(c["added"]["removals"], [r["id"] for r in c["added"]["rules"]], c["taken"]["removals"], c["same"])')
expect_eq "compare: 2 added by the risky rule, 0 taken, 200 same" "2 ['user/other/risky'] 0 200" "$got"
# The other way round: the old rules are the larger set.
"$BIN" review -q --no-default-rules --rules "$TMP/old.toml" --compare "$TMP/new" "$TMP/in" -o "$TMP/rev.html"
got=$(data "$TMP/rev.html" | python3 -c '
import json, sys
c = json.load(sys.stdin)["compare"]
print(c["added"]["removals"], c["taken"]["removals"], [r["id"] for r in c["taken"]["rules"]], c["same"])')
expect_eq "compare reversed: 2 taken away" "0 2 ['user/other/risky'] 200" "$got"
# builtin: the built-in rules alone are the old set.
"$BIN" review -q --rules "$TMP/new" --compare builtin "$TMP/in" -o "$TMP/bi.html"
got=$(data "$TMP/bi.html" | python3 -c '
import json, sys
c = json.load(sys.stdin)["compare"]
print(c["old"], c["added"]["removals"], c["taken"]["removals"])')
expect_eq "compare with builtin" "builtin 202 0" "$got"
# A broken old rule set is an error before any page is written.
printf '[[rule]]\nid = "x"\npatterns = ["("]\n' > "$TMP/bad.toml"
"$BIN" review -q "${R[@]}" --compare "$TMP/bad.toml" "$TMP/in" -o "$TMP/bad.html" 2> "$TMP/err"
expect_eq "bad --compare rules: exit 2" 2 $?
grep -q "bad.toml:3:" "$TMP/err" && pass || fail "bad --compare rules named: $(cat "$TMP/err")"
[ ! -e "$TMP/bad.html" ] && pass || fail "page written despite bad --compare rules"
"$BIN" review -q --sample 0 "$TMP/in" -o "$TMP/x.html" 2> /dev/null
expect_eq "--sample 0 refused" 2 $?
finish
