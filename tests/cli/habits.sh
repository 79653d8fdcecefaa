# Everyday habits of a Unix tool: `rules check|test FILE...` check the files
# named; `clean --check` on folders writes nothing; `diff -U N` gives
# context that `patch` and `git apply` take without --unidiff-zero; a
# mistyped command is named with the nearest one; no arguments on a
# terminal print the usage instead of waiting on the keyboard.
. "$(dirname "$0")/lib.sh"

# rules check / test FILE...: the file named, not the built-in set.
cat > "$TMP/good.toml" <<'EOF'
category = "other"
[[rule]]
id = "tip"
patterns = ['^\s*got a tip\?']
remove = ["Got a tip? Write to us."]
keep = ["He got a tip."]
EOF
cat > "$TMP/bad.toml" <<'EOF'
[[rule]]
id = "bad"
patterns = ['(unclosed']
remove = ["x"]
keep = ["y"]
EOF
cat > "$TMP/failing.toml" <<'EOF'
[[rule]]
id = "greedy"
category = "other"
patterns = ['tip']
remove = ["Got a tip?"]
keep = ["He got a tip."]
EOF
out=$("$BIN" rules check "$TMP/good.toml" 2>&1)
expect_eq "rules check FILE: that file's rules" "1 rules in 1 files: ok" "$out"
out=$("$BIN" rules check "$TMP/bad.toml" 2>&1); st=$?
expect_eq "rules check BAD: exit 2" 2 $st
case $out in *"bad.toml:3:"*"invalid regex"*) pass ;; *) fail "rules check BAD names file:line: $out" ;; esac
out=$("$BIN" rules test "$TMP/good.toml" 2>&1)
expect_eq "rules test FILE: its two examples" "2 passed, 0 failed" "$out"
"$BIN" rules test "$TMP/failing.toml" > "$TMP/t.out" 2>&1; st=$?
expect_eq "rules test FAILING: exit 1" 1 $st
expect_eq "rules test FAILING: the noisy keep" "1 passed, 1 failed" "$(tail -n 1 "$TMP/t.out")"
out=$("$BIN" rules check "$TMP/missing.toml" 2>&1); st=$?
expect_eq "rules check MISSING: exit 2" 2 $st
case $out in *missing.toml*) pass ;; *) fail "rules check MISSING names it: $out" ;; esac

# clean --check on a folder: the answer, nothing written.
mkdir -p "$TMP/in" "$TMP/cleanonly"
cp "$SRC"/samples/input/*.txt "$TMP/in/"
cp "$SRC/samples/input/clean-treaty-ratified.txt" "$TMP/cleanonly/"
before=$(tree_sum "$TMP")
(cd "$TMP" && "$BIN" clean -q --check in); st=$?
expect_eq "clean --check folder with findings: exit 1" 1 $st
(cd "$TMP" && "$BIN" clean -q --check cleanonly); st=$?
expect_eq "clean --check clean folder: exit 0" 0 $st
expect_eq "clean --check wrote nothing" "$before" "$(tree_sum "$TMP")"
# ... and a --diff asked for is written beside the answer.
(cd "$TMP" && "$BIN" clean -q --check in --diff diffs); st=$?
expect_eq "clean --check --diff: exit 1" 1 $st
[ -s "$TMP/diffs/nytimes-paywall.txt.diff" ] && pass || fail "clean --check --diff wrote no diff"

# diff -U N: context lines; patch and git apply without --unidiff-zero.
"$BIN" clean -q "$TMP/in" -o "$TMP/out"
for n in 1 3; do
  rm -rf "$TMP/p$n" "$TMP/g$n"
  cp -r "$TMP/out" "$TMP/p$n"; cp -r "$TMP/out" "$TMP/g$n"
  (cd "$TMP/in" && "$BIN" diff -U $n .) > "$TMP/u$n.diff"
  grep -q '^ ' "$TMP/u$n.diff" && pass || fail "-U $n: no context lines"
  (cd "$TMP/p$n" && patch -s -p1 -R < "$TMP/u$n.diff") && diff -r "$TMP/p$n" "$TMP/in" > /dev/null \
    && pass || fail "-U $n: patch -p1 -R does not restore the inputs"
  (cd "$TMP/g$n" && git apply -p1 -R "$TMP/u$n.diff") && diff -r "$TMP/g$n" "$TMP/in" > /dev/null \
    && pass || fail "-U $n: git apply -R does not restore the inputs"
done
# GNU diff's own numbers: -U 3 of the paywall sample is one hunk, as diff -U 3 makes it.
(cd "$TMP/in" && "$BIN" diff -U 3 nytimes-paywall.txt) | grep '^@@' | sed 's/ @@.*/ @@/' > "$TMP/ours"
diff -U 3 "$TMP/in/nytimes-paywall.txt" "$TMP/out/nytimes-paywall.txt" | grep '^@@' > "$TMP/gnu"
expect_same_file "-U 3 hunk ranges equal GNU diff's" "$TMP/gnu" "$TMP/ours"
"$BIN" diff -U -1 "$TMP/in/nytimes-paywall.txt" > /dev/null 2>&1
expect_eq "-U -1 refused" 2 $?

# A mistyped command, and a mistyped rules action.
out=$("$BIN" revew "$TMP/in" -o "$TMP/r.html" 2>&1); st=$?
expect_eq "mistyped command: exit 2" 2 $st
case $out in *"did you mean 'review'"*) pass ;; *) fail "mistyped command: $out" ;; esac
out=$("$BIN" rules tset 2>&1); st=$?
expect_eq "mistyped rules action: exit 2" 2 $st
case $out in *"did you mean 'test'"*) pass ;; *) fail "mistyped rules action: $out" ;; esac
# A file whose name is near a command is still a file.
printf 'Body.\n' > "$TMP/stat"
out=$(cd "$TMP" && "$BIN" stat 2>&1); st=$?
expect_eq "a file named like a command is cleaned" "0 Body." "$st $out"

# rules export --format=patterns: ripgrep's syntax. \p{Sc}, which ripgrep
# rejects, becomes the class of RE2's currency symbols: the same lines match
# on every code point.
printf '[[rule]]\nid = "sc"\ncategory = "ad"\ncase_sensitive = true\npatterns = [\x27^\\p{Sc}$\x27]\nremove = ["$"]\nkeep = ["x"]\n' > "$TMP/sc.toml"
"$BIN" rules export --format=patterns --no-default-rules --rules "$TMP/sc.toml" > "$TMP/sc.pat"
expect_eq "export status" 0 $?
case $(cat "$TMP/sc.pat") in *'\p{Sc}'*) fail "export still has \\p{Sc}" ;; *'\x{20A0}-\x{20C0}'*) pass ;; *) fail "export: $(cat "$TMP/sc.pat")" ;; esac
{ printf '[[rule]]\nid = "class"\ncategory = "ad"\ncase_sensitive = true\npatterns = [\x27'; sed 's/^(?[a-z]*)//' "$TMP/sc.pat" | tr -d '\n'; printf '\x27]\nremove = ["$"]\nkeep = ["x"]\n'; } > "$TMP/class.toml"
python3 -c '
import sys
with open(sys.argv[1], "w", encoding="utf-8", errors="surrogatepass") as f:
    for c in range(1, 0x110000):
        if c in (10, 13) or 0xD800 <= c <= 0xDFFF: continue
        f.write(chr(c) + "\n")' "$TMP/allcp.txt"
"$BIN" clean --no-default-rules --rules "$TMP/sc.toml" "$TMP/allcp.txt" > "$TMP/by-sc.txt"
"$BIN" clean --no-default-rules --rules "$TMP/class.toml" "$TMP/allcp.txt" > "$TMP/by-class.txt"
expect_same_file "\\p{Sc} and its export match the same code points" "$TMP/by-sc.txt" "$TMP/by-class.txt"
expect_eq "63 currency symbols removed" 63 $(( $(wc -l < "$TMP/allcp.txt") - $(wc -l < "$TMP/by-sc.txt") ))
if command -v rg > /dev/null; then
  "$BIN" rules export --format=patterns > "$TMP/all.pat"
  split -l 100 "$TMP/all.pat" "$TMP/pat."
  bad=0
  for f in "$TMP"/pat.*; do rg -q --regex-size-limit 1G --dfa-size-limit 1G -f "$f" /dev/null 2> "$TMP/rg.err"; [ $? = 2 ] && { bad=$((bad+1)); head -3 "$TMP/rg.err"; }; done
  expect_eq "ripgrep takes every exported pattern" 0 $bad
else
  echo "SKIP: no ripgrep to check the exported patterns with"
fi

# --site-map: each document's site from its path, for site rules.
mkdir -p "$TMP/sites/herald" "$TMP/sites/other"
printf 'Story.\n\nGot a tip? Write to the Herald newsroom.\n' | tee "$TMP/sites/herald/1.txt" > "$TMP/sites/other/2.txt"
cat > "$TMP/site.toml" <<'EOF'
[[rule]]
id = "herald-tip"
category = "other"
sites = ["herald.example"]
patterns = ['^got a tip\? write to the herald']
remove = ["Got a tip? Write to the Herald newsroom."]
keep = ["Got a tip?"]
EOF
printf '# glob domain\nherald/*  Herald.Example.\n' > "$TMP/site.map"
(cd "$TMP/sites" && "$BIN" clean -q --no-default-rules --rules "$TMP/site.toml" --site-map "$TMP/site.map" . -o "$TMP/sites-out")
expect_eq "site-map: the mapped document's site rule fired" "Story." "$(cat "$TMP/sites-out/herald/1.txt")"
expect_eq "site-map: the other document untouched" "$(cat "$TMP/sites/other/2.txt")" "$(cat "$TMP/sites-out/other/2.txt")"
got=$(cd "$TMP/sites" && "$BIN" stats --json --no-default-rules --rules "$TMP/site.toml" --site-map "$TMP/site.map" . | python3 -c 'import json,sys; print(json.load(sys.stdin)["changed"])')
expect_eq "site-map in stats" 1 "$got"
printf 'herald/*\n' > "$TMP/bad.map"
out=$("$BIN" clean --site-map "$TMP/bad.map" "$TMP/sites/herald/1.txt" 2>&1); st=$?
expect_eq "bad site-map: exit 2" 2 $st
expect_eq "bad site-map: file and line" "decruft: $TMP/bad.map:1: expected 'GLOB DOMAIN'" "$out"

# rules test with a user rule that takes a built-in example's line first
# names that user rule.
printf '[[rule]]\nid = "greeting"\ncategory = "other"\npatterns = [\x27^dear readers,$\x27]\nremove = ["Dear readers,"]\nkeep = ["Dear reader"]\n' > "$TMP/greet.toml"
"$BIN" rules test --rules "$TMP/greet.toml" > "$TMP/greet.out"
grep -q "^rules/en/donation.toml:[0-9]*: en/donation/dear-readers: missing: .*(another rule took it first: user/other/greeting, $TMP/greet.toml:1)\$" "$TMP/greet.out" \
  && pass || fail "the user rule that took a built-in example is named: $(grep missing "$TMP/greet.out")"

# The progress bar fits the terminal and shows in stats, review and rules
# suggest too (on a terminal only).
mkdir -p "$TMP/many"
for i in $(seq 1 3000); do cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/many/$i.txt"; done
if command -v script > /dev/null; then
  for cmd in "stats -j 1 many" "review -j 1 many -o page.html" "clean -j 1 many -o cleaned"; do
    (cd "$TMP" && timeout 120 script -qec "stty cols 44 rows 20; $BIN $cmd > /dev/null" /dev/null) > "$TMP/tty.out" 2>&1
    widest=$(tr '\r' '\n' < "$TMP/tty.out" | sed 's/\x1b\[K//g' | grep '^\[' | awk '{ print length }' | sort -n | tail -n 1)
    [ -n "$widest" ] && [ "$widest" -le 43 ] && pass || fail "progress of '$cmd' in 44 columns: widest ${widest:-none}"
  done
  # jsonl: a stream, so records and MB so far, no bar; fitted all the same.
  python3 -c '
import json, sys
t = open(sys.argv[1], encoding="utf-8").read()
with open(sys.argv[2], "w") as f:
    for i in range(20000): f.write(json.dumps({"id": i, "text": t}) + "\n")' \
    "$SRC/samples/input/nytimes-paywall.txt" "$TMP/many.jsonl"
  (cd "$TMP" && timeout 120 script -qec "stty cols 44 rows 20; $BIN jsonl -j 1 < many.jsonl > /dev/null" /dev/null) > "$TMP/tty.out" 2>&1
  widest=$(tr '\r' '\n' < "$TMP/tty.out" | sed 's/\x1b\[K//g' | grep -E '^[0-9]+ records' | awk '{ print length }' | sort -n | tail -n 1)
  [ -n "$widest" ] && [ "$widest" -le 43 ] && pass || fail "jsonl progress in 44 columns: widest ${widest:-none}"
  # Not a terminal: no bar.
  (cd "$TMP" && "$BIN" stats -j 1 many 2>&1 > /dev/null) | grep -q '^\[' && fail "progress bar off a terminal" || pass
fi

# No arguments on a terminal: usage, exit 2, no wait for input.
if command -v script > /dev/null; then
  out=$(timeout 10 script -qec "$BIN" /dev/null 2>&1); st=$?
  expect_eq "no arguments on a terminal: exit 2" 2 $st
  case $out in *Usage:*) pass ;; *) fail "no arguments on a terminal: $out" ;; esac
else
  echo "SKIP: no script(1) to give decruft a terminal"
fi
finish
