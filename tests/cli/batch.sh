# Folders: the output mirrors the input tree, equals file-by-file output with
# -j 1 and -j 2 (samples/ and, when present, a copy of ../shared/corpus), and
# an output folder inside the input is refused; an unreadable subfolder is
# reported and the walk goes on; outputs that would overwrite an input or
# each other are refused before any work; --in-place keeps permissions and
# links; --resume --report writes a complete report.
. "$(dirname "$0")/lib.sh"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")  # the tests change folders
mkdir -p "$TMP/in/sub"
cp "$SRC"/samples/input/*.txt "$TMP/in/"
cp "$SRC"/samples/input/nytimes-paywall.txt "$TMP/in/sub/copy.txt"
for j in 1 2; do
  "$BIN" clean -q -j $j "$TMP/in" -o "$TMP/out$j" --diff "$TMP/diff$j" --report "$TMP/r$j.jsonl"
  expect_eq "batch -j $j status" 0 $?
done
for f in $(cd "$TMP/in" && find . -type f | sort); do
  "$BIN" clean "$TMP/in/$f" > "$TMP/single"
  expect_same_file "batch $f" "$TMP/single" "$TMP/out1/$f"
  expect_same_file "batch -j 2 $f" "$TMP/out1/$f" "$TMP/out2/$f"
done
expect_same_file "report independent of -j" "$TMP/r1.jsonl" "$TMP/r2.jsonl"
expect_eq "report records" 4 "$(wc -l < "$TMP/r1.jsonl")"
"$BIN" clean -q "$TMP/in" -o "$TMP/in/out" 2> "$TMP/err"; expect_eq "output inside input" 2 $?
expect_eq "nothing written" "" "$(ls "$TMP/in/out" 2>/dev/null)"
"$BIN" clean -q "$TMP/in" 2> "$TMP/err"; expect_eq "folder needs -o" 2 $?
# A broken symlink and an unreadable file are reported; the rest goes on; exit 3.
ln -s "$TMP/nowhere" "$TMP/in/broken.txt"
ln -s "$TMP/in/loop1" "$TMP/in/loop2"; ln -s "$TMP/in/loop2" "$TMP/in/loop1"
"$BIN" clean -q "$TMP/in" -o "$TMP/out3" 2> "$TMP/err"; expect_eq "broken link status" 3 $?
grep -q "decruft: $TMP/in/broken.txt: " "$TMP/err" && pass || fail "broken link message: $(cat "$TMP/err")"
grep -q "decruft: $TMP/in/loop1: " "$TMP/err" && pass || fail "loop message: $(cat "$TMP/err")"
expect_same_file "rest processed" "$TMP/out1/nytimes-paywall.txt" "$TMP/out3/nytimes-paywall.txt"
# --resume skips complete outputs; with --report the resumed files are
# matched again, so the report is the one a fresh run writes.
"$BIN" clean -j 1 "$SRC/samples/input" -o "$TMP/res" --report "$TMP/res.fresh.jsonl" 2> /dev/null
touch -d '2000-01-01' "$TMP/res/nytimes-paywall.txt"
"$BIN" clean --resume "$SRC/samples/input" -o "$TMP/res" 2> "$TMP/err"
grep -q "3 files (.*2 resumed)" "$TMP/err" && pass || fail "resume: $(cat "$TMP/err")"
touch -d '2000-01-01' "$TMP/res/nytimes-paywall.txt"
"$BIN" clean --resume "$SRC/samples/input" -o "$TMP/res" --report "$TMP/res.jsonl" 2> "$TMP/err"
expect_eq "resume --report status" 0 $?
grep -q "3 files (.*2 resumed)" "$TMP/err" && pass || fail "resume --report: $(cat "$TMP/err")"
expect_same_file "resume --report: every record" "$TMP/res.fresh.jsonl" "$TMP/res.jsonl"
"$BIN" clean --resume "$SRC/samples/input" -o "$TMP/res" --report "$TMP/res.jsonl" 2> "$TMP/err"
grep -q "3 files (.*3 resumed)" "$TMP/err" && pass || fail "resume all --report: $(cat "$TMP/err")"
expect_same_file "resume everything --report: every record" "$TMP/res.fresh.jsonl" "$TMP/res.jsonl"

## the summary counts held-back and truncated documents
mkdir -p "$TMP/flags"
cp "$SRC"/samples/input/*.txt "$TMP/flags/"
printf 'A short teaser.\nSubscribe to continue reading.\n' > "$TMP/flags/teaser.txt"
"$BIN" clean -j 1 "$TMP/flags" -o "$TMP/flags.out" 2> "$TMP/err"
grep -q "^decruft: 4 files (3 changed, 0 resumed), .*; 0 binary skipped, 2 flagged over-removal, 0 held back, 1 truncated, 0 failed$" "$TMP/err" &&
  pass || fail "summary flags: $(cat "$TMP/err")"
"$BIN" clean -j 1 --max-removed 0.5 "$TMP/flags" -o "$TMP/flags.out2" 2> "$TMP/err"
grep -q "; 0 binary skipped, 2 flagged over-removal, 1 held back, 1 truncated, 0 failed$" "$TMP/err" &&
  pass || fail "summary held back: $(cat "$TMP/err")"
expect_same_file "held back: left as it is" "$TMP/flags/teaser.txt" "$TMP/flags.out2/teaser.txt"

## an unreadable subfolder is reported, the walk goes on, exit 3 (clean, diff, stats)
mkdir -p "$TMP/walk/a" "$TMP/walk/locked" "$TMP/walk/z"
cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/walk/a/first.txt"
cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/walk/locked/hidden.txt"
cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/walk/z/last.txt"
cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/walk/top.txt"
chmod 755 "$TMP"; chmod -R a+rX "$TMP/walk"; chmod 700 "$TMP/walk/locked"
mkdir -p "$TMP/walkout"; chmod 777 "$TMP/walkout"
if [ ${#AS_NOBODY[@]} -gt 0 ]; then
  "${AS_NOBODY[@]}" "$BIN" clean -q -j 2 "$TMP/walk" -o "$TMP/walkout/o" 2> "$TMP/err"
  expect_eq "unreadable subfolder: status" 3 $?
  expect_eq "unreadable subfolder: message" "decruft: $TMP/walk/locked: Permission denied" "$(cat "$TMP/err")"
  expect_eq "unreadable subfolder: the rest cleaned" "$(printf './a/first.txt\n./top.txt\n./z/last.txt')" \
    "$(cd "$TMP/walkout/o" && find . -type f | sort)"
  "${AS_NOBODY[@]}" "$BIN" diff "$TMP/walk" > "$TMP/out" 2> "$TMP/err"
  expect_eq "unreadable subfolder, diff: status" 3 $?
  expect_eq "unreadable subfolder, diff: message" "decruft: $TMP/walk/locked: Permission denied" "$(cat "$TMP/err")"
  expect_eq "unreadable subfolder, diff: the rest" 3 "$(grep -c '^--- a/' "$TMP/out")"
  "${AS_NOBODY[@]}" "$BIN" stats "$TMP/walk" > "$TMP/out" 2> "$TMP/err"
  expect_eq "unreadable subfolder, stats: status" 3 $?
  grep -q "^decruft: $TMP/walk/locked: Permission denied$" "$TMP/err" && pass || fail "stats message: $(cat "$TMP/err")"
else
  echo "SKIP: unreadable-subfolder checks need root and setpriv"
fi
chmod 755 "$TMP/walk/locked"

## outputs that would overwrite an input: refused before any work, exit 2
mkdir -p "$TMP/ow"
cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/ow/a.txt"
cp "$SRC/samples/input/moscow-times-donation.txt" "$TMP/ow/b.txt"
cp "$SRC/samples/input/moscow-times-donation.txt" "$TMP/ow/a.txt.diff"
before=$(tree_sum "$TMP/ow")
(cd "$TMP/ow" && "$BIN" clean -q a.txt b.txt -o . 2> "$TMP/err"); expect_eq "-o . beside the inputs: status" 2 $?
expect_eq "-o . beside the inputs: message" \
  "decruft: ./a.txt: the clean text would overwrite the input a.txt (--in-place cleans inputs in place)" "$(cat "$TMP/err")"
"$BIN" clean -q "$TMP/ow/a.txt" "$TMP/ow/b.txt" -o "$TMP/ow" 2> "$TMP/err"; expect_eq "-o the inputs' folder: status" 2 $?
"$BIN" clean -q "$TMP/ow/b.txt" "$TMP/ow/a.txt" -o "$TMP/ow/../ow" 2> "$TMP/err"; expect_eq "-o the inputs' folder, other spelling: status" 2 $?
"$BIN" clean -q "$TMP/ow/a.txt" "$TMP/ow/b.txt" -o "$TMP/ow.out" --report "$TMP/ow/b.txt" 2> "$TMP/err"
expect_eq "--report an input: status" 2 $?
expect_eq "--report an input: message" \
  "decruft: $TMP/ow/b.txt: the report would overwrite the input $TMP/ow/b.txt (--in-place cleans inputs in place)" "$(cat "$TMP/err")"
"$BIN" clean -q "$TMP/ow/a.txt" "$TMP/ow/a.txt.diff" -o "$TMP/ow.out" --diff "$TMP/ow" 2> "$TMP/err"
expect_eq "--diff over an input: status" 2 $?
grep -q "^decruft: $TMP/ow/a.txt.diff: the diff of $TMP/ow/a.txt would overwrite the input $TMP/ow/a.txt.diff " "$TMP/err" &&
  pass || fail "--diff over an input: $(cat "$TMP/err")"
expect_eq "overwrite refused: inputs untouched" "$before" "$(tree_sum "$TMP/ow")"
[ ! -e "$TMP/ow.out" ] && pass || fail "overwrite refused: something was written"

## two inputs with one output path: refused before any work, exit 2
mkdir -p "$TMP/col/a" "$TMP/col/b" "$TMP/col/p/data" "$TMP/col/q/data" "$TMP/col/f/x" "$TMP/col/g"
for d in a b p/data q/data; do cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/col/$d/x.txt"; done
cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/col/f/x/y.txt"; cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/col/g/x"
"$BIN" clean -q "$TMP/col/a/x.txt" "$TMP/col/b/x.txt" -o "$TMP/col.out" 2> "$TMP/err"; expect_eq "same file name: status" 2 $?
expect_eq "same file name: message" \
  "decruft: $TMP/col.out/x.txt: the clean text of $TMP/col/a/x.txt and the clean text of $TMP/col/b/x.txt would both be written to it" "$(cat "$TMP/err")"
"$BIN" clean -q "$TMP/col/p/data" "$TMP/col/q/data" -o "$TMP/col.out" 2> "$TMP/err"; expect_eq "same folder name: status" 2 $?
expect_eq "same folder name: message" \
  "decruft: $TMP/col.out/data/x.txt: the clean text of $TMP/col/p/data/x.txt and the clean text of $TMP/col/q/data/x.txt would both be written to it" "$(cat "$TMP/err")"
"$BIN" clean -q "$TMP/col/g/x" "$TMP/col/f" -o "$TMP/col.out" 2> "$TMP/err"; expect_eq "a file where a folder goes: status" 2 $?
grep -q "^decruft: $TMP/col.out/x: the clean text of $TMP/col/g/x would be written to it, but the clean text of $TMP/col/f/x/y.txt needs it to be a folder$" "$TMP/err" &&
  pass || fail "a file where a folder goes: $(cat "$TMP/err")"
[ ! -e "$TMP/col.out" ] && pass || fail "collision refused: something was written"
# Folders of different names side by side, "." among them (named after the folder it is).
(cd "$TMP/col/p" && "$BIN" clean -q . "$TMP/col/a" -o "$TMP/col.out2" 2> "$TMP/err"); expect_eq "'.' among folders: status" 0 $?
expect_eq "'.' among folders: named after the folder" "$(printf './a/x.txt\n./p/data/x.txt')" "$(cd "$TMP/col.out2" && find . -type f | sort)"
# The same file named twice is cleaned once.
"$BIN" clean -q "$TMP/col/a/x.txt" "$TMP/col/a/../a/x.txt" -o "$TMP/col.out3" 2> "$TMP/err"; expect_eq "named twice: status" 0 $?
expect_eq "named twice: message" "decruft: $TMP/col/a/../a/x.txt: named more than once (as $TMP/col/a/x.txt), cleaned once" "$(cat "$TMP/err")"
expect_eq "named twice: one output" "./x.txt" "$(cd "$TMP/col.out3" && find . -type f)"

## --in-place keeps permission bits (and owner); symbolic links are kept, not replaced
mkdir -p "$TMP/ip/t" "$TMP/ipout"
cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/ip/private.txt"; chmod 600 "$TMP/ip/private.txt"
cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/ip/t/group.txt"; chmod 640 "$TMP/ip/t/group.txt"
cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/ipout/target.txt"
ln -s "$TMP/ipout/target.txt" "$TMP/ip/outside.txt"; ln -s t/group.txt "$TMP/ip/inside.txt"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$TMP/ip/t/group.txt"
owner=$(stat -c %u:%g "$TMP/ip/t/group.txt")
"$BIN" clean --in-place "$TMP/ip" 2> "$TMP/err"; expect_eq "in-place status" 0 $?
"$BIN" clean "$SRC/samples/input/nytimes-paywall.txt" > "$TMP/want"
expect_same_file "in-place cleaned" "$TMP/want" "$TMP/ip/private.txt"
expect_same_file "in-place cleaned, link target inside" "$TMP/want" "$TMP/ip/t/group.txt"
expect_eq "in-place keeps 0600" 600 "$(stat -c %a "$TMP/ip/private.txt")"
expect_eq "in-place keeps 0640" 640 "$(stat -c %a "$TMP/ip/t/group.txt")"
expect_eq "in-place keeps the owner" "$owner" "$(stat -c %u:%g "$TMP/ip/t/group.txt")"
[ -L "$TMP/ip/outside.txt" ] && [ -L "$TMP/ip/inside.txt" ] && pass || fail "in-place replaced a link"
expect_same_file "in-place: a link's target outside is untouched" "$SRC/samples/input/nytimes-paywall.txt" "$TMP/ipout/target.txt"
# A link to a file outside the folder is said and skipped by the walk
# (reliability.sh), one inside by --in-place.
grep -q "^decruft: $TMP/ip/outside.txt: symbolic link to a file outside $TMP/ip, skipped (name the file itself to clean it)$" "$TMP/err" &&
  pass || fail "in-place link message: $(cat "$TMP/err")"
grep -q "^decruft: $TMP/ip/inside.txt: symbolic link, skipped (--in-place does not replace links; name the file it points to)$" "$TMP/err" &&
  pass || fail "in-place link message: $(cat "$TMP/err")"
grep -q "^decruft: 2 files (2 changed, 0 resumed), .*; 0 binary skipped, 1 symlinks skipped, 1 links out of the tree skipped, " "$TMP/err" && pass || fail "in-place summary: $(cat "$TMP/err")"
# New outputs get 0666 less the umask.
(umask 027; "$BIN" clean -q "$TMP/in" -o "$TMP/umask")
expect_eq "new output mode follows the umask" 640 "$(stat -c %a "$TMP/umask/nytimes-paywall.txt")"

## a copy of the shared corpus: folder output equals file-by-file output
if [ -d "$SHARED/corpus" ]; then
  cp -r "$SHARED/corpus" "$TMP/corpus"
  for j in 1 2; do
    "$BIN" clean -q -j $j "$TMP/corpus" -o "$TMP/cout$j" --diff "$TMP/cdiff$j" --report "$TMP/crep$j.jsonl"
    expect_eq "corpus -j $j status" 0 $?
  done
  diff -r "$TMP/cout1" "$TMP/cout2" > /dev/null && pass || fail "corpus: clean text -j 1 = -j 2"
  diff -r "$TMP/cdiff1" "$TMP/cdiff2" > /dev/null && pass || fail "corpus: diffs -j 1 = -j 2"
  expect_same_file "corpus: report -j 1 = -j 2" "$TMP/crep1.jsonl" "$TMP/crep2.jsonl"
  (cd "$TMP/corpus" && find . -type f -not -name '.*' | sed 's|^\./||' | LC_ALL=C sort) > "$TMP/all"
  expect_eq "corpus: a record per file" "$(wc -l < "$TMP/all")" "$(wc -l < "$TMP/crep1.jsonl")"
  # File by file on every k-th file (a fixed sample of about 60), run from
  # inside the copy so that the names in diffs and reports are the same.
  k=$(( $(wc -l < "$TMP/all") / 60 + 1 ))
  awk -v k=$k 'NR % k == 1' "$TMP/all" > "$TMP/sample"
  mkdir -p "$TMP/one"
  (cd "$TMP/corpus" && tr '\n' '\0' < "$TMP/sample" | xargs -0 -P 2 -I{} sh -c '
    out="$2/$(printf %s "$1" | tr / _)"
    "$3" clean "$1" -o "$out.txt" --diff "$out.diff" --report "$out.jsonl"' sh {} "$TMP/one" "$BIN")
  bad=0
  while IFS= read -r f; do
    o="$TMP/one/$(printf %s "$f" | tr / _)"
    cmp -s "$o.txt" "$TMP/cout1/$f" || { bad=1; echo "  clean text differs: $f"; }
    if [ -s "$o.diff" ] || [ -e "$TMP/cdiff1/$f.diff" ]; then
      cmp -s "$o.diff" "$TMP/cdiff1/$f.diff" || { bad=1; echo "  diff differs: $f"; }
    fi
  done < "$TMP/sample"
  [ $bad = 0 ] && pass || fail "corpus: folder = file by file ($(wc -l < "$TMP/sample") files)"
  python3 - "$TMP/crep1.jsonl" "$TMP/sample" "$TMP/one" <<'PY' && pass || fail "corpus: report = file by file"
import json, sys
folder = {json.loads(l)["path"]: l for l in open(sys.argv[1], encoding="utf-8")}
for f in open(sys.argv[2], encoding="utf-8").read().split("\n"):
    if f:
        one = open(sys.argv[3] + "/" + f.replace("/", "_") + ".jsonl", encoding="utf-8").read()
        assert one == folder[f], f
print(len(folder), "records;", "sample checked")
PY
else
  echo "SKIP: $SHARED/corpus not found: corpus comparison not run"
fi
finish
