# decruft rules suggest: lines repeated in enough documents and not removed
# yet come out as TOML rules that load, and that remove exactly those lines.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/in"
META='Price: $5 (a+b)*? [x] {y} ^z | back\slash '"'"'quoted'"'"' #1 & ~'
for i in 1 2 3 4 5; do
  {
    printf 'Headline number %s\n\nThe council met on day %s to discuss the budget for next year.\n\n' $i $i
    printf 'Share   this story with a friend\n\nAdvertisement\n\n%s\n' "$META"
    [ $i -le 2 ] && printf '\nOnly twice here\n'
    printf '\n\xe2\x80\xa2\n'  # a lone bullet: layout, not a rule
  } > "$TMP/in/$i.txt"
done
"$BIN" rules suggest "$TMP/in" > "$TMP/s.toml" 2> "$TMP/err"
expect_eq "suggest status" 0 $?
expect_eq "suggested rules (default: 3 documents)" \
  "suggested-price-5-a-b-x-y
suggested-share-this-story-with-a-friend" "$(grep '^id = ' "$TMP/s.toml" | sed 's/id = "\(.*\)"/\1/' | sort)"
grep -q '^# In 5 of 5 documents (100.0%), e.g. 1.txt:5$' "$TMP/s.toml" && pass || fail "where: $(cat "$TMP/s.toml")"
grep -qF "patterns = ['^\s*Share\s+this\s+story\s+with\s+a\s+friend\s*$']" "$TMP/s.toml" && pass || fail "pattern: $(cat "$TMP/s.toml")"
grep -qF 'remove = ["Price: $5 (a+b)*? [x] {y} ^z | back\\slash '"'"'quoted'"'"' #1 & ~"]' "$TMP/s.toml" && pass \
  || fail "remove example: $(grep Price "$TMP/s.toml")"
grep -q "Advertisement" "$TMP/s.toml" && fail "a removed line was suggested" || pass

# The suggestions load and remove those lines, and only those.
"$BIN" clean --rules "$TMP/s.toml" "$TMP/in/1.txt" > "$TMP/clean" 2> "$TMP/err"
expect_eq "clean with suggestions" 0 $?
grep -q 'needs both `remove` and `keep` examples' "$TMP/err" && pass || fail "reviewer reminded of keep examples: $(cat "$TMP/err")"
expect_eq "removed lines" "$(printf 'Headline number 1\n\nThe council met on day 1 to discuss the budget for next year.\n\nOnly twice here\n\n\xe2\x80\xa2')" \
  "$(cat "$TMP/clean")"
"$BIN" rules test --rules "$TMP/s.toml" > "$TMP/test" 2> /dev/null
expect_eq "remove examples pass" "" "$(grep 'suggested' "$TMP/test")"

# --min-docs lowers the bar; output does not depend on -j.
"$BIN" rules suggest --min-docs 2 -j 1 "$TMP/in" > "$TMP/s2.toml"
grep -q '^id = "suggested-only-twice-here"$' "$TMP/s2.toml" && pass || fail "--min-docs 2: $(grep '^id' "$TMP/s2.toml")"
"$BIN" rules suggest --min-docs 2 -j 2 "$TMP/in" > "$TMP/s3.toml"
expect_same_file "independent of -j" "$TMP/s2.toml" "$TMP/s3.toml"
# --site restricts the rules to the site.
"$BIN" rules suggest --site example.com "$TMP/in" | grep -q '^sites = \["example.com"\]$' && pass || fail "--site"
# Errors: no input is a usage error; a missing input is named, exit 3.
"$BIN" rules suggest > /dev/null 2> "$TMP/err"; expect_eq "no input" 2 $?
grep -q '^decruft: rules suggest: no input' "$TMP/err" && pass || fail "no input message: $(cat "$TMP/err")"
"$BIN" rules suggest "$TMP/in" "$TMP/missing" > /dev/null 2> "$TMP/err"; expect_eq "missing input" 3 $?
grep -q "^decruft: $TMP/missing: " "$TMP/err" && pass || fail "missing message: $(cat "$TMP/err")"
# "-" reads one document from stdin (a line there is in 1 of 1 documents).
"$BIN" rules suggest --min-docs 1 - < "$TMP/in/1.txt" > "$TMP/s4.toml" 2> "$TMP/err"
expect_eq "stdin status" 0 $?
grep -q '^# In 1 of 1 documents (100.0%), e.g. stdin:1$' "$TMP/s4.toml" && pass || fail "stdin: $(head -8 "$TMP/s4.toml")"
finish
