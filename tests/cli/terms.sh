# Rules with [terms] and `all` groups (tests/fixtures/terms): their examples
# pass, every order of a sentence goes, and the errors name file:line:col.
. "$(dirname "$0")/lib.sh"
FIX="$SRC/tests/fixtures/terms"
"$BIN" rules test --no-default-rules --rules "$FIX" > "$TMP/rt"; expect_eq "rules test status" 0 $?
expect_eq "rules test summary" "15 passed, 0 failed" "$(tail -1 "$TMP/rt")"
printf 'Body one.\n\nSerwis używa ciasteczek.\nCiasteczka na tej stronie wykorzystujemy.\nStrona o ciasteczkach.\n' > "$TMP/in.txt"
expect_eq "both orders go, a missing group stays" "$(printf 'Body one.\n\nStrona o ciasteczkach.\n')" \
  "$("$BIN" clean --no-default-rules --rules "$FIX" "$TMP/in.txt")"
"$BIN" diff --no-default-rules --rules "$FIX" "$TMP/in.txt" | grep -c "pl/cookie/site-uses-cookies" > "$TMP/n"
expect_eq "the diff names the rule" 1 "$(cat "$TMP/n")"
mkdir -p "$TMP/bad/pl"
cat > "$TMP/bad/pl/x.toml" <<'TOML'
category = "cookie"
[terms]
cookie = ['cookie', 'ciastk(']
[[rule]]
id = "r"
all = ['{cookie}', '{strona}']
TOML
"$BIN" rules check --no-default-rules --rules "$TMP/bad" 2> "$TMP/err"; expect_eq "bad terms status" 2 $?
grep -qF "$TMP/bad/pl/x.toml:6:20: rule \"r\": unknown term {strona}" "$TMP/err" && pass || fail "unknown term: $(cat "$TMP/err")"
grep -qF "$TMP/bad/pl/x.toml:3:21: term \`cookie\`: invalid regex: missing ): ciastk(" "$TMP/err" && pass || fail "bad term regex: $(cat "$TMP/err")"
finish
