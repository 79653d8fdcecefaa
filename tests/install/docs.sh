# The manual and the bash completion that `make install` installs cover
# every option the binary accepts: each long option of `decruft --help` is
# an item of decruft(1) and is offered by the completion, options taking a
# value are known to it as such, and rule names come from `rules list`.
# The completion is exercised for real: sourced in bash, COMP_WORDS and
# COMP_CWORD set, the function called, COMPREPLY read.
#
#   bash tests/install/docs.sh BINARY SOURCE_DIR
. "$(dirname "$0")/../cli/lib.sh"
MAN=$SRC/src/doc/decruft.1
COMPLETION=$SRC/src/completion/decruft.bash

"$BIN" --help > "$TMP/help"
# The options table of --help: "  -o [ --output ] arg    ..." / "  --check    ...".
longs=$(grep -oE '^  (-[a-zA-Z] \[ )?--[a-z][a-z0-9-]*' "$TMP/help" | grep -oE -- '--[a-z][a-z0-9-]*')
shorts=$(grep -oE '^  -[a-zA-Z] ' "$TMP/help" | tr -d ' ')
valued=$(grep -E '^  (-[a-zA-Z] \[ )?--[a-z0-9-]+( \])? arg ' "$TMP/help" | grep -oE -- '--[a-z][a-z0-9-]*')
[ "$(echo "$longs" | wc -w)" -ge 20 ] && pass || fail "too few options read from --help: $longs"
echo "$longs" | grep -qx -- --min-docs && pass || fail "--min-docs not in --help"
echo "$valued" | grep -qx -- --min-docs && pass || fail "--min-docs takes no value in --help"

# 1. The manual: every option is the head of an item (.TP and the next line).
items=$(awk '/^\.TP/ { getline; print }' "$MAN" | sed 's/\\-/-/g; s/\\f[BIRP]//g')
for opt in $longs; do
  echo "$items" | grep -qE -- "(^|[ \"])$opt([ \"=]|$)" && pass || fail "decruft.1: no item for $opt"
done
for opt in $shorts; do
  echo "$items" | grep -qE -- "(^\.B[IR]? |[ \"])$opt([ \"]|$)" && pass || fail "decruft.1: no item for $opt"
done
body=$(sed 's/\\-/-/g' "$MAN")
for cmd in clean diff jsonl "rules list" "rules check" "rules test" "rules export" "rules suggest" stats review; do
  echo "$body" | grep -qE "^\.B[IR]? \"?$cmd( |\"|$)" && pass || fail "decruft.1: no item for $cmd"
done
for flag in binary over-removal held-back truncated; do
  echo "$items" | grep -qx ".B $flag" && pass || fail "decruft.1: report flag $flag not described"
done
if command -v groff > /dev/null; then
  groff -man -Tutf8 -ww -z "$MAN" > "$TMP/groff.log" 2>&1
  [ ! -s "$TMP/groff.log" ] && pass || { fail "decruft.1: groff warnings"; head "$TMP/groff.log"; }
fi

# 2. The completion, called as bash calls it, in an empty folder (so that
# file names do not mix in).
mkdir -p "$TMP/empty"
complete_words() {  # complete_words WORD...: COMPREPLY for the last word, one a line
  (cd "$TMP/empty" && bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _decruft decruft "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$@")
}
bash -n "$COMPLETION" && pass || fail "completion: syntax"
offered=$(complete_words "$BIN" -)
for opt in $longs $shorts; do
  echo "$offered" | grep -qx -- "$opt" && pass || fail "completion: $opt not offered"
done
for opt in $offered; do  # nothing stale
  echo "$longs $shorts" | tr ' ' '\n' | grep -qx -- "$opt" && pass || fail "completion offers $opt, which --help lacks"
done
expect_eq "completion: --mi" "--min-docs" "$(complete_words "$BIN" --mi)"
# An option's value is not taken for the command: after OPT VALUE the
# commands are still offered.
for opt in $valued -o -j; do
  expect_eq "completion: $opt takes a value" "review" "$(complete_words "$BIN" "$opt" 3 rev)"
  case $opt in
    --color|--format|--enable|--disable|--on-error) ;;  # values of their own, below
    *) expect_eq "completion: nothing offered as $opt's value" "" "$(complete_words "$BIN" "$opt" "")" ;;
  esac
done
expect_eq "completion: switches take no value" "review" "$(complete_words "$BIN" --check rev)"
expect_eq "completion: commands" "stats" "$(complete_words "$BIN" st)"
expect_eq "completion: rules actions" "suggest" "$(complete_words "$BIN" rules s)"
expect_eq "completion: --color" "always" "$(complete_words "$BIN" --color al)"
expect_eq "completion: --format" "patterns" "$(complete_words "$BIN" --format p)"
expect_eq "completion: --on-error" "drop" "$(complete_words "$BIN" --on-error d)"
# --enable/--disable: categories, and the languages, language/category pairs
# and rule ids of `rules list`, from the binary; without it, every shipped
# language still.
langs=$(cd "$SRC/rules" && for d in */; do echo "${d%/}"; done)
names=$(complete_words "$BIN" --enable "")
for want in $langs cookie attribution en/paywall en/paywall/verify-access; do
  echo "$names" | grep -qx -- "$want" && pass || fail "completion: --enable does not offer $want"
done
expect_eq "completion: --disable ids" "en/paywall/verify-access" "$(complete_words "$BIN" --disable en/paywall/verify-a)"
printf 'category = "ad"\n[[rule]]\nid = "marker"\npatterns = ["^advertisement$"]\nremove = ["Advertisement"]\nkeep = ["x"]\n' \
  > "$TMP/own.toml"
expect_eq "completion: ids of --rules files" "user/ad/marker" \
  "$(complete_words "$BIN" --rules "$TMP/own.toml" --enable user/ad/m)"
expect_eq "completion: --no-default-rules" "user user/ad user/ad/marker" \
  "$(complete_words "$BIN" --no-default-rules --rules "$TMP/own.toml" --enable u | xargs)"
fallback=$(complete_words /nonexistent/decruft --enable "")
for want in $langs cookie; do
  echo "$fallback" | grep -qx -- "$want" && pass || fail "completion without the binary: --enable does not offer $want"
done
finish
