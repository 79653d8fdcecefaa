# Every row of SPEC.md's "Bad input" table through the real binary, beyond
# what edge_cases.sh, batch.sh, rule_errors.sh and jsonl.sh assert; failures
# of the machine (a full disk, SIGKILL mid-batch); the rule-set limits. The
# lossless round trip (clean + diff + patch -R) is checked wherever output
# is produced.
. "$(dirname "$0")/lib.sh"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")  # the tests change folders
cat > "$TMP/r.toml" <<'TOML'
category = "ad"
[[rule]]
id = "marker"
patterns = ['^\s*advertisement\s*$']
remove = ["Advertisement"]
keep = ["An advertisement ran in the paper."]
[[rule]]
id = "trailing"
scope = "span"
case_sensitive = true
patterns = ['\s*ADVERTISEMENT$']
remove = ["Body ADVERTISEMENT"]
keep = ["Advertisement"]
TOML
R=(--no-default-rules --rules "$TMP/r.toml")
# bytes FILE: the file's bytes, escaped, for expect_eq.
bytes() { od -An -c "$1"; }
# batch_roundtrip NAME IN OUT DIFFS: each output with its diff reversed is its input.
batch_roundtrip() {
  local f ok=1
  while IFS= read -r f; do
    cp "$3/$f" "$TMP/brt"
    [ -f "$4/$f.diff" ] && [ -s "$4/$f.diff" ] && patch -s -R "$TMP/brt" < "$4/$f.diff" > /dev/null 2>&1
    cmp -s "$TMP/brt" "$2/$f" || { ok=0; echo "  round trip broken: $f"; }
  done < <(cd "$3" && find . -type f | sort)
  [ $ok = 1 ] && pass || fail "$1"
}
# no_temporaries NAME DIR...: no .decruft-tmp file anywhere below.
no_temporaries() {
  local left; left=$(find "${@:2}" -name '*.decruft-tmp.*' 2>/dev/null)
  expect_eq "$1" "" "$left"
}
checksum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 cat | md5sum); }

## invalid UTF-8, Latin-1: processed as bytes; untouched except removals
printf 'Caf\xe9 cr\xe8me \xc0\xaf overlong, \xed\xa0\x80 surrogate, \x80 lone.\nAdvertisement\nCaf\xe9 ADVERTISEMENT\n\xe2\x82' > "$TMP/inv.txt"
"$BIN" clean "${R[@]}" "$TMP/inv.txt" --report "$TMP/inv.jsonl" > "$TMP/inv.out"; expect_eq "invalid utf-8 status" 0 $?
printf 'Caf\xe9 cr\xe8me \xc0\xaf overlong, \xed\xa0\x80 surrogate, \x80 lone.\nCaf\xe9\n\xe2\x82' > "$TMP/inv.want"
expect_eq "invalid utf-8 kept" "$(bytes "$TMP/inv.want")" "$(bytes "$TMP/inv.out")"
roundtrip "$TMP/inv.txt" "${R[@]}" && pass || fail "invalid utf-8 round trip"
roundtrip "$TMP/inv.txt" && pass || fail "invalid utf-8 round trip, built-in rules"
# The report carries the removed bytes exactly (base64 when not UTF-8).
python3 - "$TMP/inv.txt" "$TMP/inv.jsonl" <<'PY' && pass || fail "report keeps invalid bytes"
import base64, json, sys
data = open(sys.argv[1], "rb").read()
rec = json.loads(open(sys.argv[2], "rb").read())
assert len(rec["removals"]) == 2, rec
for r in rec["removals"]:
    got = r["removed"]
    raw = got["text"].encode() if "text" in got else base64.b64decode(got["bytes"])
    assert raw == data[r["start"]:r["end"]], (raw, r)
assert rec["bytes_in"] == len(data) and rec["bytes_out"] == len(data) - sum(r["end"] - r["start"] for r in rec["removals"])
PY

## NUL bytes in a batch: skipped with a warning, listed in the summary
mkdir -p "$TMP/nul/sub"
printf 'Body.\nAdvertisement\n' > "$TMP/nul/a.txt"
printf 'Advertisement\n\0\1\2binary\n' > "$TMP/nul/sub/bin.dat"
printf 'More body.\n' > "$TMP/nul/sub/c.txt"
"$BIN" clean "${R[@]}" -j 2 "$TMP/nul" -o "$TMP/nul.out" 2> "$TMP/err"; expect_eq "nul batch status" 0 $?
grep -q "^decruft: $TMP/nul/sub/bin.dat: binary file (NUL bytes), skipped$" "$TMP/err" && pass || fail "nul batch warning: $(cat "$TMP/err")"
grep -q "^decruft: 3 files .*; 1 binary skipped, .* 0 failed$" "$TMP/err" && pass || fail "nul batch summary: $(cat "$TMP/err")"
expect_eq "nul batch outputs" "$(printf './a.txt\n./sub/c.txt')" "$(cd "$TMP/nul.out" && find . -type f | sort)"
expect_eq "nul batch rest cleaned" "Body." "$(cat "$TMP/nul.out/a.txt")"
"$BIN" diff "${R[@]}" "$TMP/nul/sub/bin.dat" > "$TMP/out" 2> "$TMP/err"; expect_eq "nul diff status" 0 $?
expect_eq "nul diff empty" "" "$(cat "$TMP/out")"
grep -q "^decruft: $TMP/nul/sub/bin.dat: binary file" "$TMP/err" && pass || fail "nul diff warning: $(cat "$TMP/err")"
"$BIN" clean "${R[@]}" - < "$TMP/nul/sub/bin.dat" > "$TMP/out" 2> /dev/null; expect_eq "nul stdin status" 0 $?
expect_same_file "nul stdin untouched" "$TMP/nul/sub/bin.dat" "$TMP/out"

## CRLF, BOM, no final newline (together, with the built-in rules too, in a batch)
mkdir -p "$TMP/eol"
printf '\xEF\xBB\xBFAdvertisement\r\nBody.\r\n\r\nAdvertisement' > "$TMP/eol/all.txt"
printf '\xEF\xBB\xBFPlease enable JavaScript to view this page.\r\n\r\nBody text.\r\nAdvertisement\r\n' > "$TMP/eol/builtin.txt"
printf 'Advertisement\rBody with old Mac line ends\r' > "$TMP/eol/cr.txt"
printf 'Body ADVERTISEMENT\r\n\r\n  Advertisement  \r\nEnd' > "$TMP/eol/span.txt"
printf '\xEF\xBB\xBF' > "$TMP/eol/bom-only.txt"
printf '\r\n\r\n' > "$TMP/eol/blank-crlf.txt"
"$BIN" clean "${R[@]}" "$TMP/eol/all.txt" > "$TMP/out"
expect_eq "bom+crlf+no newline kept" "$(printf '\xEF\xBB\xBFBody.\r\n' | od -An -c)" "$(bytes "$TMP/out")"
"$BIN" clean "$TMP/eol/builtin.txt" > "$TMP/out"
expect_eq "built-in rules keep bom and crlf" "$(printf '\xEF\xBB\xBFBody text.\r\n' | od -An -c)" "$(bytes "$TMP/out")"
"$BIN" clean "${R[@]}" "$TMP/eol/cr.txt" > "$TMP/out"
expect_same_file "bare CR is not a line end" "$TMP/eol/cr.txt" "$TMP/out"
for f in all builtin cr span bom-only blank-crlf; do
  roundtrip "$TMP/eol/$f.txt" "${R[@]}" && pass || fail "round trip $f"
  roundtrip "$TMP/eol/$f.txt" && pass || fail "round trip $f, built-in rules"
done
# Regression (found by fuzz_clean): the word diff of a one-line document
# whose line goes but for its BOM aborted with std::length_error.
printf '\xEF\xBB\xBFAdvertisement\n' > "$TMP/bom1.txt"
"$BIN" diff --word-diff "${R[@]}" "$TMP/bom1.txt" > "$TMP/out" 2> "$TMP/err"; expect_eq "word diff, BOM line removed: status" 0 $?
expect_eq "word diff, BOM line removed" "$(printf -- '-\xEF\xBB\xBFAdvertisement\n+\xEF\xBB\xBF\n\\ No newline at end of file')" "$(tail -n 3 "$TMP/out")"
for j in 1 2; do
  "$BIN" clean -q "${R[@]}" -j $j "$TMP/eol" -o "$TMP/eol.out$j" --diff "$TMP/eol.diff$j"
  expect_eq "eol batch -j $j status" 0 $?
  batch_roundtrip "eol batch -j $j round trip" "$TMP/eol" "$TMP/eol.out$j" "$TMP/eol.diff$j"
done
"$BIN" clean -q -j 2 "$TMP/eol" -o "$TMP/eol.outb" --diff "$TMP/eol.diffb"
batch_roundtrip "eol batch round trip, built-in rules" "$TMP/eol" "$TMP/eol.outb" "$TMP/eol.diffb"
# git apply -R restores too; decruft's hunks have no context lines, which git
# accepts only with --unidiff-zero.
if command -v git > /dev/null; then
  d=$TMP/gitrt; mkdir -p "$d"; cp "$TMP/eol/all.txt" "$d/all.txt"
  (cd "$TMP/eol" && "$BIN" diff "${R[@]}" all.txt) > "$d/all.diff"
  "$BIN" clean "${R[@]}" "$d/all.txt" -o "$d/all.clean" && mv "$d/all.clean" "$d/all.txt"
  (cd "$d" && git apply -R --unidiff-zero all.diff 2> "$TMP/err") && cmp -s "$d/all.txt" "$TMP/eol/all.txt" && pass ||
    fail "git apply -R: $(cat "$TMP/err")"
fi

## an empty file: processed (an empty output, no diff, a report record)
mkdir -p "$TMP/empty"; : > "$TMP/empty/e.txt"; printf 'Advertisement\n' > "$TMP/empty/ad.txt"
"$BIN" clean "${R[@]}" -q "$TMP/empty" -o "$TMP/empty.out" --diff "$TMP/empty.diff" --report "$TMP/empty.jsonl"
expect_eq "empty batch status" 0 $?
[ -f "$TMP/empty.out/e.txt" ] && [ ! -s "$TMP/empty.out/e.txt" ] && pass || fail "empty output file"
[ -f "$TMP/empty.out/ad.txt" ] && [ ! -s "$TMP/empty.out/ad.txt" ] && pass || fail "all-removed output file"
grep -q '^{"path":"e.txt","bytes_in":0,"bytes_out":0,"removals":\[\]' "$TMP/empty.jsonl" && pass || fail "empty report: $(cat "$TMP/empty.jsonl")"
batch_roundtrip "empty batch round trip" "$TMP/empty" "$TMP/empty.out" "$TMP/empty.diff"
"$BIN" diff --check "${R[@]}" "$TMP/empty/e.txt" > "$TMP/out"; expect_eq "empty --check" 0 $?
expect_eq "empty diff" "" "$(cat "$TMP/out")"
expect_eq "empty stdin" 0 "$("$BIN" clean "${R[@]}" < /dev/null | wc -c)"

## a 100 MB line: processed, memory bounded
python3 -c "import sys; sys.stdout.write('Advertisement\n' + 'word ' * 20000000 + 'end\n')" > "$TMP/huge.txt"
size=$(stat -c %s "$TMP/huge.txt")
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$BIN" clean "$TMP/huge.txt" -o "$TMP/huge.out" 2> "$TMP/time"
  expect_eq "100 MB line status" 0 $?
  rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time")
  echo "100 MB line: peak RSS $((rss_kb / 1024)) MB for $((size / 1000000)) MB of input"
  # The input, the clean copy and the compiled rules: well under 3x + 150 MB.
  # (AddressSanitizer's shadow memory and quarantine make the number meaningless.)
  if ldd "$BIN" 2> /dev/null | grep -q libasan; then
    echo "  (sanitizer build: RSS bound not checked)"
  elif [ "$rss_kb" -lt $(( (3 * size + 150000000) / 1024 )) ]; then pass; else
    fail "100 MB line: peak RSS ${rss_kb} kB"; fi
else
  "$BIN" clean "$TMP/huge.txt" -o "$TMP/huge.out"; expect_eq "100 MB line status" 0 $?
  echo "SKIP: /usr/bin/time missing, peak RSS not measured"
fi
expect_eq "100 MB line cleaned" "$((size - 14))" "$(stat -c %s "$TMP/huge.out")"
cmp -s <(tail -c +15 "$TMP/huge.txt") "$TMP/huge.out" && pass || fail "100 MB line content"
"$BIN" diff "$TMP/huge.txt" > "$TMP/huge.diff"
patch -s -R "$TMP/huge.out" < "$TMP/huge.diff" && cmp -s "$TMP/huge.out" "$TMP/huge.txt" && pass || fail "100 MB line round trip"
rm -f "$TMP/huge.txt" "$TMP/huge.out" "$TMP/huge.diff"

## unreadable files: "decruft: PATH: reason", the batch goes on, exit 3
# As root, chmod 000 does not stop us: the check runs as nobody (setpriv).
mkdir -p "$TMP/perm"; printf 'Advertisement\nBody.\n' > "$TMP/perm/a.txt"; printf 'secret\n' > "$TMP/perm/b.txt"
chmod 000 "$TMP/perm/b.txt"; chmod 755 "$TMP"; mkdir -p "$TMP/permout"; chmod 777 "$TMP/permout"
if [ "$(id -u)" = 0 ] && setpriv --reuid=65534 --regid=65534 --clear-groups true 2> /dev/null; then
  as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  "${as_nobody[@]}" "$BIN" clean -q "${R[@]}" "$TMP/perm" -o "$TMP/permout/o" 2> "$TMP/err"
  expect_eq "unreadable in batch status" 3 $?
  expect_eq "unreadable in batch message" "decruft: $TMP/perm/b.txt: Permission denied" "$(cat "$TMP/err")"
  expect_eq "unreadable: rest processed" "Body." "$(cat "$TMP/permout/o/a.txt")"
  "${as_nobody[@]}" "$BIN" clean "${R[@]}" "$TMP/perm/b.txt" > "$TMP/out" 2> "$TMP/err"
  expect_eq "unreadable file status" 3 $?
  expect_eq "unreadable file message" "decruft: $TMP/perm/b.txt: Permission denied" "$(cat "$TMP/err")"
  expect_eq "unreadable file: no output" "" "$(cat "$TMP/out")"
  "${as_nobody[@]}" "$BIN" clean "${R[@]}" "$TMP/perm/a.txt" -o "$TMP/perm/new.txt" 2> "$TMP/err"
  expect_eq "unwritable output status" 3 $?
  grep -q "^decruft: $TMP/perm/new.txt: Permission denied$" "$TMP/err" && pass || fail "unwritable: $(cat "$TMP/err")"
else
  echo "SKIP: unreadable-file checks need root and setpriv"
fi
chmod 644 "$TMP/perm/b.txt"
# A folder where a file is expected.
mkdir -p "$TMP/adir"
"$BIN" clean "${R[@]}" "$TMP/perm/a.txt" -o "$TMP/adir" 2> "$TMP/err"; expect_eq "-o a folder status" 3 $?
expect_eq "-o a folder message" "decruft: $TMP/adir: Is a directory" "$(cat "$TMP/err")"
"$BIN" clean "${R[@]}" "$TMP/perm/a.txt" --report "$TMP/adir" > /dev/null 2> "$TMP/err"; expect_eq "--report a folder status" 3 $?
expect_eq "--report a folder message" "decruft: $TMP/adir: Is a directory" "$(cat "$TMP/err")"
# A FIFO inside a folder is not read (it would block the batch for good).
mkdir -p "$TMP/fifo"; cp "$TMP/perm/a.txt" "$TMP/fifo/a.txt"; mkfifo "$TMP/fifo/pipe"
timeout 60 "$BIN" clean -q "${R[@]}" "$TMP/fifo" -o "$TMP/fifo.out" 2> "$TMP/err"; expect_eq "fifo in folder status" 3 $?
expect_eq "fifo in folder message" "decruft: $TMP/fifo/pipe: not a regular file (FIFO, socket or device)" "$(cat "$TMP/err")"
expect_eq "fifo in folder: rest processed" "Body." "$(cat "$TMP/fifo.out/a.txt")"
# A FIFO named on the command line is read, like cat does.
(printf 'Advertisement\nBody.\n' > "$TMP/fifo/pipe") &
expect_eq "fifo argument read" "Body." "$(timeout 60 "$BIN" clean "${R[@]}" "$TMP/fifo/pipe")"
wait

## broken symlinks and loops named on the command line; folder links not followed
mkdir -p "$TMP/links"; printf 'Advertisement\nBody.\n' > "$TMP/links/a.txt"
ln -s "$TMP/nowhere" "$TMP/links/broken.txt"
ln -s "$TMP/links/l2" "$TMP/links/l1"; ln -s "$TMP/links/l1" "$TMP/links/l2"
ln -s . "$TMP/links/self"; ln -s .. "$TMP/links/up"
"$BIN" clean "${R[@]}" "$TMP/links/broken.txt" > "$TMP/out" 2> "$TMP/err"; expect_eq "broken link argument status" 3 $?
expect_eq "broken link argument message" "decruft: $TMP/links/broken.txt: No such file or directory" "$(cat "$TMP/err")"
"$BIN" clean "${R[@]}" "$TMP/links/l1" > "$TMP/out" 2> "$TMP/err"; expect_eq "link loop argument status" 3 $?
expect_eq "link loop argument message" "decruft: $TMP/links/l1: Too many levels of symbolic links" "$(cat "$TMP/err")"
"$BIN" clean -q "${R[@]}" "$TMP/links/a.txt" "$TMP/links/broken.txt" "$TMP/links/l1" -o "$TMP/links.out" 2> "$TMP/err"
expect_eq "links as arguments status" 3 $?
expect_eq "links as arguments messages" "decruft: $TMP/links/broken.txt: broken symbolic link or link loop
decruft: $TMP/links/l1: broken symbolic link or link loop" "$(cat "$TMP/err")"
expect_eq "links as arguments: rest processed" "Body." "$(cat "$TMP/links.out/a.txt")"
timeout 60 "$BIN" clean -q "${R[@]}" "$TMP/links" -o "$TMP/links.out2" 2> "$TMP/err"; expect_eq "folder links status" 3 $?
expect_eq "folder links not followed" "./a.txt" "$(cd "$TMP/links.out2" && find . -type f)"
timeout 60 "$BIN" diff "${R[@]}" "$TMP/links" > /dev/null 2> "$TMP/err"; expect_eq "diff over links status" 3 $?

## the output folder inside the input folder: refused before any work
mkdir -p "$TMP/tree/deep"; printf 'Advertisement\nBody.\n' > "$TMP/tree/a.txt"; ln -s "$TMP/tree/deep" "$TMP/deeplink"
before=$(checksum "$TMP/tree")
for out in "$TMP/tree" "$TMP/tree/../tree/o" "$TMP/deeplink/o" "$TMP/tree/deep/x/y"; do
  "$BIN" clean -q "${R[@]}" "$TMP/tree" -o "$out" 2> "$TMP/err"; expect_eq "output $out inside input: status" 2 $?
  grep -q "^decruft: $out: the output folder is inside the input folder $TMP/tree$" "$TMP/err" && pass || fail "inside message: $(cat "$TMP/err")"
done
"$BIN" clean -q "${R[@]}" "$TMP/tree" -o "$TMP/tree.out" --diff "$TMP/tree/diffs" 2> "$TMP/err"; expect_eq "diff folder inside input" 2 $?
grep -q "^decruft: $TMP/tree/diffs: the diff folder is inside the input folder" "$TMP/err" && pass || fail "diff inside: $(cat "$TMP/err")"
expect_eq "refused: nothing written" "$before" "$(checksum "$TMP/tree")"
[ ! -e "$TMP/tree.out" ] && [ ! -e "$TMP/tree/o" ] && [ ! -e "$TMP/tree/deep/x" ] && pass || fail "refused: a folder was made"

## malformed JSONL records: reported with their line number, passed through
python3 - "$TMP/bad.jsonl" <<'PY'
import json, sys
big = "Body text. " * 300000 + "\nPlease enable JavaScript to view this page.\n"
lines = [
    b'{"text":"Advertisement\\nBody."}',                      # 1 fine
    b'{"text":"Caf\xe9 au lait"}',                              # 2 invalid UTF-8: bytes, cleaned
    b'{"text":"a\x01b"}',                                       # 3 raw control character
    b'{"text":"x\x00y"}',                                       # 4 NUL byte
    b'[' * 100000,                                              # 5 deep nesting
    b'{"text":"unterminated',                                   # 6 truncated
    json.dumps({"id": 7, "text": big}).encode(),                # 7 fine, longer than a batch
    b'{"text":7,"other":"\xff"}',                               # 8 invalid UTF-8 elsewhere: no text
    b'{"text":7}',                                              # 9 fine: no text to clean
    b'\xef\xbb\xbf{"text":"bom"}',                              # 10 a BOM not on line 1
    b'{"a":1}{"b":2}',                                          # 11 two values on a line
    b'{"text":"tail, crlf"}',                                   # 12 fine
]
with open(sys.argv[1], "wb") as f:
    f.write(b"\n".join(lines[:-1]) + b"\r\n" + lines[-1])       # CRLF before the last, no final newline
PY
"$BIN" jsonl < "$TMP/bad.jsonl" > "$TMP/bad.out" 2> "$TMP/bad.err"; expect_eq "malformed jsonl status" 3 $?
python3 - "$TMP/bad.jsonl" "$TMP/bad.out" "$TMP/bad.err" <<'PY' && pass || fail "malformed jsonl"
import json, re, sys
ins = open(sys.argv[1], "rb").read().split(b"\n")
outs = open(sys.argv[2], "rb").read().split(b"\n")
err = open(sys.argv[3], "rb").read().decode()
assert len(ins) == len(outs), (len(ins), len(outs))
bad = {3, 4, 5, 6, 10, 11}
reported = {int(n) for n in re.findall(r"^decruft: stdin:(\d+): malformed record \(.*\), passed through unchanged$", err, re.M)}
assert reported == bad, (reported, err)
for n, (a, b) in enumerate(zip(ins, outs), 1):
    if n in bad or n in (8, 9):
        assert a == b, (n, a[:80], b[:80])
    elif n == 2:  # invalid UTF-8 is text too, its bytes kept
        assert b == b'{"text":"Caf\xe9 au lait","decruft":[]}', b
    else:
        assert json.loads(b)["decruft"] is not None, n
assert json.loads(outs[0])["text"] == "Body.", outs[0]
big = json.loads(outs[6])
assert big["id"] == 7 and "JavaScript" not in big["text"] and len(big["decruft"]) == 1, big["decruft"]
assert re.search(r'^decruft: stdin:8: "text" is not a string, nothing to clean$', err, re.M), err
assert outs[10].endswith(b"\r") and not outs[11].endswith(b"\r"), "line endings"
PY
expect_eq "empty jsonl" 0 "$("$BIN" jsonl < /dev/null | wc -c)"

## bad rule files: every error with file:line:col, exit 2, nothing processed
mkdir -p "$TMP/rules/en"
printf 'Advertisement\nBody.\n' > "$TMP/doc.txt"
# rule_case NAME FILE EXPECTED-LINE-REGEX...: each regex matches a line of stderr.
rule_case() {
  local name=$1 file=$2 re; shift 2
  rm -f "$TMP/never.txt"
  "$BIN" clean --rules "$file" "$TMP/doc.txt" -o "$TMP/never.txt" > "$TMP/out" 2> "$TMP/err"
  expect_eq "$name: status" 2 $?
  [ ! -e "$TMP/never.txt" ] && [ ! -s "$TMP/out" ] && pass || fail "$name: something was written"
  for re in "$@"; do
    grep -qE "^$re\$" "$TMP/err" && pass || { fail "$name: no line matching $re"; cat "$TMP/err"; }
  done
}
f=$TMP/rules/unterminated.toml; printf 'category = "ad"\n[[rule]]\nid = "abc\n' > "$f"
rule_case "unterminated string" "$f" "$f:3:[0-9]+: invalid TOML: .*"
f=$TMP/rules/dupkey.toml; printf '[[rule]]\nid = "a"\nid = "b"\n' > "$f"
rule_case "duplicate TOML key" "$f" "$f:3:[0-9]+: invalid TOML: .*"
f=$TMP/rules/utf8.toml; printf 'description = "caf\xe9"\n' > "$f"
rule_case "invalid UTF-8 in TOML" "$f" "$f:1:[0-9]+: invalid TOML: .*"
f=$TMP/rules/types.toml
cat > "$f" <<'TOML'
colour = "red"
category = "ad"
[[rule]]
id = "Bad_Id"
patterns = 5
scope = "word"
max_lines = 0
near_removed = "yes"
last_fraction = 2
category = "nonsense"
sites = ["http://x.org/"]
TOML
rule_case "wrong types" "$f" "$f:1:1: unknown key \`colour\`" \
  "$f:4:6: rule \"Bad_Id\": id must match \[a-z0-9\]\[a-z0-9-\]\*" \
  "$f:5:12: rule \"Bad_Id\": \`patterns\` must be an array of strings" \
  "$f:6:9: rule \"Bad_Id\": unknown scope \"word\" \(line, span, block, tail\)" \
  "$f:7:13: rule \"Bad_Id\": \`max_lines\` must be between 1 and 100000" \
  "$f:8:16: rule \"Bad_Id\": \`near_removed\` must be true or false" \
  "$f:9:17: rule \"Bad_Id\": \`last_fraction\` must be a number above 0 and at most 1" \
  "$f:10:12: rule \"Bad_Id\": unknown category \"nonsense\"" \
  "$f:11:10: rule \"Bad_Id\": site \"http://x.org/\" is not a domain name \(labels of letters, digits and '-' joined by dots, as in news.example.com\)"
f=$TMP/rules/notarray.toml; printf 'rule = 5\n' > "$f"
rule_case "rule not an array of tables" "$f" "$f:1:8: \`rule\` must be an array of tables: write \[\[rule\]\]"
f=$TMP/rules/regex.toml
cat > "$f" <<'TOML'
category = "cookie"
[[rule]]
id = "box"
scope = "block"
start = ['^we use (cookies']
end = ['accept[']
[[rule]]
id = "line"
patterns = ['fine']
unless = ['a{2,1}']
TOML
rule_case "bad regex in start, end, unless" "$f" "$f:5:10: rule \"box\": invalid regex: missing \): .*" \
  "$f:6:8: rule \"box\": invalid regex: missing \]: .*" \
  "$f:10:11: rule \"line\": invalid regex: invalid repetition size: \{2,1\}"
f=$TMP/rules/dup.toml
printf 'category = "ad"\n[[rule]]\nid = "x"\npatterns = ["a"]\n[[rule]]\nid = "x"\npatterns = ["b"]\n' > "$f"
rule_case "duplicate id in a file" "$f" "$f:5:1: rule \"x\": duplicate id user/ad/x \(first defined at $f:2\)"
f=$TMP/rules/en/ad.toml
printf 'category = "ad"\n[[rule]]\nid = "lone-marker"\npatterns = ["a"]\n' > "$f"
rule_case "duplicate of a built-in id" "$f" "$f:2:1: rule \"lone-marker\": duplicate id en/ad/lone-marker \(first defined at rules/en/ad.toml:[0-9]+\)"
# Every error of every file, in one run: as many as file by file.
sum=0
for f in "$TMP"/rules/*.toml "$TMP"/rules/en/*.toml; do
  sum=$((sum + $("$BIN" rules check --rules "$f" 2>&1 >/dev/null | grep -vc ': warning: ')))
done
n_errors=$("$BIN" rules check --rules "$TMP/rules" 2>&1 >/dev/null | grep -vc ': warning: ')
[ "$sum" -ge 19 ] && pass || fail "fewer errors than written: $sum"
expect_eq "every error of every file" "$sum" "$n_errors"
"$BIN" clean -q --rules "$TMP/rules" "$TMP/tree" -o "$TMP/rules.out" 2> /dev/null; expect_eq "batch with bad rules" 2 $?
[ ! -e "$TMP/rules.out" ] && pass || fail "batch with bad rules wrote output"
"$BIN" clean --rules "$TMP/no-such.toml" "$TMP/doc.txt" > "$TMP/out" 2> "$TMP/err"; expect_eq "missing rule file" 2 $?
expect_eq "missing rule file message" "decruft: $TMP/no-such.toml: No such file or directory" "$(cat "$TMP/err")"

## limits: pattern size, RE2 memory, rule count
f=$TMP/limits.toml
printf 'category = "ad"\n[[rule]]\nid = "counted"\npatterns = [%s]\n[[rule]]\nid = "nested"\npatterns = [%s]\n' \
  "'^\\S{2,600}\$'" "'(\\pL{40}){25}'" > "$f"
rule_case "pattern limits" "$f" \
  "$f:4:13: rule \"counted\": pattern too large: [0-9]+ RE2 instructions \(limit 20000\); .*" \
  "$f:7:13: rule \"nested\": invalid regex: pattern too large - compile failed"
# many.toml: patterns with literals (the prefilter takes them); sets.toml:
# rules spelled with no literal of 3 bytes, so they go in Sets
# (10,000 of them: RE2's own simplifier logs to stderr past about 1e6 nodes.)
python3 - "$TMP/many.toml" "$TMP/sets.toml" <<'PY'
import sys
for path, spaced, count in ((sys.argv[1], False, 100000), (sys.argv[2], True, 10000)):
    with open(path, "w") as f:
        f.write('category = "ad"\n')
        for i in range(count):
            pattern = f"^promo code {i:06d} [a-z]+ now$"
            if spaced:
                pattern = "^" + r"\s*".join(f"promocode{i:06d}abcnow") + "$"
            f.write(f"[[rule]]\nid = \"r{i}\"\npatterns = ['{pattern}']\nremove = ['promo code {i:06d} abc now']\nkeep = ['x']\n")
PY
# 100,000 rules load and run; with too small a budget (--re2-max-mem) the
# rule set is refused before any input is read.
printf 'Text.\npromo code 012345 abc now\n' > "$TMP/promo.txt"
"$BIN" clean --rules "$TMP/many.toml" "$TMP/promo.txt" > "$TMP/promo.out" 2> "$TMP/promo.err"
expect_eq "100,000 rules status" 0 $?
expect_eq "100,000 rules clean" "Text." "$(cat "$TMP/promo.out")"
"$BIN" clean --re2-max-mem 1 --rules "$TMP/sets.toml" "$TMP/promo.txt" > "$TMP/promo.out" 2> "$TMP/promo.err"
expect_eq "budget exhausted status" 2 $?
expect_eq "budget exhausted message" "decruft: the rule set is too large for the RE2 memory budget" "$(cat "$TMP/promo.err")"
expect_eq "budget exhausted: no output" "" "$(cat "$TMP/promo.out")"

# A DFA that thrashes is said, not silent: [ab]*a[ab]{18}c over random a/b
# lines needs 2^19 DFA states; in a 1 MB budget RE2 clears the Set's cache
# again and again (the result is the same, only slower).
python3 - "$TMP/blow.txt" <<'PY'
import random, sys
random.seed(8)
with open(sys.argv[1], "w") as f:
    for _ in range(3000):
        f.write("".join(random.choice("ab") for _ in range(190)) + "\n")
PY
printf 'category = "ad"\n[[rule]]\nid = "blow"\npatterns = [%s]\nremove = ["abaaaaaaaaaaaaaaaaaaac"]\nkeep = ["x"]\n' "'[ab]*a[ab]{18}c'" > "$TMP/blow.toml"
B=(--no-default-rules --rules "$TMP/blow.toml" -j 1)
"$BIN" clean "${B[@]}" --re2-max-mem 1 "$TMP/blow.txt" > "$TMP/blow.out" 2> "$TMP/blow.err"
expect_eq "thrashing DFA: status" 0 $?
expect_same_file "thrashing DFA: output" "$TMP/blow.txt" "$TMP/blow.out"
expect_eq "thrashing DFA: warning" "1" "$(grep -c "^decruft: $TMP/blow.txt: warning: RE2 matched it on a slow path: a rule Set's DFA cache thrashed (cleared [0-9]* times); raise --re2-max-mem (now 1 MB)\$" "$TMP/blow.err")"
"$BIN" clean "${B[@]}" "$TMP/blow.txt" > "$TMP/blow.out" 2> "$TMP/blow.err"
expect_eq "default budget: no warning" "" "$(cat "$TMP/blow.err")"
"$BIN" diff "${B[@]}" --re2-max-mem 1 "$TMP/blow.txt" > /dev/null 2> "$TMP/blow.err"
expect_eq "thrashing DFA: diff warns" "1" "$(grep -c "^decruft: $TMP/blow.txt: warning: RE2 matched it on a slow path" "$TMP/blow.err")"
mkdir -p "$TMP/blowdir"; cp "$TMP/blow.txt" "$TMP/blowdir/a.txt"; printf 'ab\n' > "$TMP/blowdir/b.txt"
"$BIN" clean "${B[@]}" --re2-max-mem 1 "$TMP/blowdir" -o "$TMP/blowout" 2> "$TMP/blow.err"
expect_eq "thrashing DFA: batch status" 0 $?
expect_eq "thrashing DFA: batch names the file" "1" "$(grep -c "^decruft: $TMP/blowdir/a.txt: warning: RE2 matched it on a slow path" "$TMP/blow.err")"
expect_eq "thrashing DFA: batch summary" "1" "$(grep -c "^decruft: 2 files .*, 1 matched on an RE2 slow path, " "$TMP/blow.err")"
python3 -c 'import json,sys; print(json.dumps({"text": open(sys.argv[1]).read()}))' "$TMP/blow.txt" > "$TMP/blow.jsonl"
"$BIN" jsonl "${B[@]}" --re2-max-mem 1 < "$TMP/blow.jsonl" > "$TMP/blow.jsonl.out" 2> "$TMP/blow.err"
expect_eq "thrashing DFA: jsonl status" 0 $?
expect_eq "thrashing DFA: jsonl names the record" "1" "$(grep -c "^decruft: stdin:1: warning: RE2 matched it on a slow path" "$TMP/blow.err")"

## a full disk (ulimit -f): a clear error, the input untouched, no partial output
head -c 300000 /dev/zero | tr '\0' 'x' > "$TMP/disk.txt"; printf '\nAdvertisement\n' >> "$TMP/disk.txt"
cp "$TMP/disk.txt" "$TMP/disk.orig"; mkdir -p "$TMP/disk"
(ulimit -f 100; "$BIN" clean "${R[@]}" "$TMP/disk.txt" -o "$TMP/disk/out.txt" 2> "$TMP/err"); expect_eq "full disk -o status" 3 $?
expect_eq "full disk -o message" "decruft: $TMP/disk/out.txt: File too large" "$(cat "$TMP/err")"
expect_eq "full disk -o: no output" "" "$(ls "$TMP/disk")"
(ulimit -f 100; "$BIN" clean "${R[@]}" "$TMP/disk.txt" > "$TMP/disk.stdout" 2> "$TMP/err"); expect_eq "full disk stdout status" 3 $?
expect_eq "full disk stdout message" "decruft: stdout: File too large" "$(cat "$TMP/err")"
mkdir -p "$TMP/diskin"; cp "$TMP/disk.txt" "$TMP/diskin/big.txt"; printf 'Advertisement\nBody.\n' > "$TMP/diskin/small.txt"
(ulimit -f 100; "$BIN" clean -q "${R[@]}" "$TMP/diskin" -o "$TMP/diskout" --diff "$TMP/diskdiff" 2> "$TMP/err"); expect_eq "full disk batch status" 3 $?
expect_eq "full disk batch message" "decruft: $TMP/diskout/big.txt: File too large" "$(cat "$TMP/err")"
expect_eq "full disk batch: rest written" "./small.txt" "$(cd "$TMP/diskout" && find . -type f)"
(ulimit -f 100; "$BIN" clean -q "${R[@]}" --in-place "$TMP/diskin" 2> "$TMP/err"); expect_eq "full disk in-place status" 3 $?
expect_same_file "full disk in-place: input untouched" "$TMP/disk.orig" "$TMP/diskin/big.txt"
expect_eq "full disk in-place: small file cleaned" "Body." "$(cat "$TMP/diskin/small.txt")"
# A report that outgrows the limit while each output fits.
mkdir -p "$TMP/diskmany"
for i in $(seq 1 500); do printf 'Advertisement\nBody.\n' > "$TMP/diskmany/f$i.txt"; done
(ulimit -f 100; "$BIN" clean -q "${R[@]}" "$TMP/diskmany" -o "$TMP/diskout2" --report "$TMP/disk/report.jsonl" 2> "$TMP/err")
expect_eq "full disk report status" 3 $?
expect_eq "full disk report message" "decruft: $TMP/disk/report.jsonl: File too large" "$(cat "$TMP/err")"
expect_eq "full disk report: no partial report" "" "$(ls "$TMP/disk")"
expect_eq "full disk report: outputs written" 500 "$(find "$TMP/diskout2" -type f | wc -l)"
expect_same_file "full disk: input untouched" "$TMP/disk.orig" "$TMP/disk.txt"
no_temporaries "full disk: no temporaries" "$TMP/disk" "$TMP/diskout" "$TMP/diskout2" "$TMP/diskin" "$TMP/diskdiff"

## SIGKILL in the middle of a batch: no partial file; --resume completes the run and the report
mkdir -p "$TMP/kin"
if [ -d "$SHARED/corpus/cleaneval" ]; then
  for i in 1 2; do cp -r "$SHARED/corpus/cleaneval" "$TMP/kin/c$i"; done
else
  for i in $(seq 1 2000); do cp "$SRC"/samples/input/nytimes-paywall.txt "$TMP/kin/s$i.txt"; done
fi
total=$(find "$TMP/kin" -type f | wc -l)
"$BIN" clean -q -j 2 "$TMP/kin" -o "$TMP/kref" --diff "$TMP/kref.diff" --report "$TMP/kref.jsonl"
for part in 3; do
  rm -rf "$TMP/kout" "$TMP/kout.diff"
  "$BIN" clean -q -j 2 "$TMP/kin" -o "$TMP/kout" --diff "$TMP/kout.diff" --report "$TMP/kout.jsonl" & pid=$!
  for _ in $(seq 1 3000); do
    [ "$(find "$TMP/kout" -type f 2> /dev/null | wc -l)" -ge $((total / part)) ] && break
    kill -0 $pid 2> /dev/null || break; sleep 0.01
  done
  kill -9 $pid 2> /dev/null; wait $pid 2> /dev/null
  got=$(find "$TMP/kout" -type f | wc -l)
  echo "SIGKILL after $got of $total files"
  [ "$got" -lt "$total" ] || echo "  (the batch finished before the kill)"
  bad=$(cd "$TMP/kout" && find . -type f | while IFS= read -r f; do cmp -s "$f" "$TMP/kref/$f" || echo "$f"; done)
  expect_eq "SIGKILL 1/$part: every output complete" "" "$bad"
  no_temporaries "SIGKILL 1/$part: no temporaries" "$TMP/kout" "$TMP/kout.diff" "$TMP"
  [ ! -e "$TMP/kout.jsonl" ] && pass || fail "SIGKILL 1/$part: a partial report"
  # With --report, the resumed files are matched again: the report is whole.
  "$BIN" clean -q -j 2 --resume "$TMP/kin" -o "$TMP/kout" --diff "$TMP/kout.diff" --report "$TMP/kout.jsonl"
  expect_eq "resume status" 0 $?
  diff -r "$TMP/kref" "$TMP/kout" > /dev/null && pass || fail "SIGKILL 1/$part: resume completes the outputs"
  diff -r "$TMP/kref.diff" "$TMP/kout.diff" > /dev/null && pass || fail "SIGKILL 1/$part: resume completes the diffs"
  expect_eq "SIGKILL 1/$part: resumed report, a record per file" "$total" "$(wc -l < "$TMP/kout.jsonl")"
  expect_same_file "SIGKILL 1/$part: resumed report = uninterrupted report" "$TMP/kref.jsonl" "$TMP/kout.jsonl"
done
finish
