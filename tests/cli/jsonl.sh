# JSONL mode: every record, in order, with the same clean text as
# `decruft clean`; the same bytes with -j 1, -j 2 and over chunks; malformed
# records passed through with their line number; lone surrogates and NUL
# escapes; decruft_flags; write errors; a long record in linear time.
. "$(dirname "$0")/lib.sh"
docs=("$SRC"/samples/input/*.txt)
if [ -d "$SHARED/corpus/noisy" ]; then docs+=("$SHARED"/corpus/noisy/*.txt); fi
python3 - "$TMP/in.jsonl" "${docs[@]}" <<'PY'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i, path in enumerate(sys.argv[2:]):
        text = open(path, "rb").read().decode("utf-8", "replace")
        out.write(json.dumps({"id": i, "path": path, "text": text, "n": [1, {"a": "}"}]},
                             ensure_ascii=(i % 2 == 0)) + "\n")
PY
"$BIN" jsonl -j 1 < "$TMP/in.jsonl" > "$TMP/out1.jsonl"; expect_eq "status -j 1" 0 $?
"$BIN" jsonl -j 2 < "$TMP/in.jsonl" > "$TMP/out2.jsonl"; expect_eq "status -j 2" 0 $?
expect_same_file "-j 1 equals -j 2" "$TMP/out1.jsonl" "$TMP/out2.jsonl"
# Chunks (as GNU parallel --pipe or Hadoop Streaming would cut them) give the same bytes.
split -l 7 "$TMP/in.jsonl" "$TMP/chunk."
for c in "$TMP"/chunk.*; do "$BIN" jsonl < "$c"; done > "$TMP/chunked.jsonl"
expect_same_file "chunks equal one run" "$TMP/out1.jsonl" "$TMP/chunked.jsonl"
# Each record: all fields kept, text equal to `decruft clean` of the decoded text.
python3 - "$TMP/in.jsonl" "$TMP/out1.jsonl" "$BIN" <<'PY' && pass || fail "records"
import json, subprocess, sys
ins = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
outs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(ins) == len(outs), (len(ins), len(outs))
for a, b in zip(ins, outs):
    assert a["id"] == b["id"] and a["path"] == b["path"] and a["n"] == b["n"]
    clean = subprocess.run([sys.argv[3], "clean", "-"], input=a["text"].encode(),
                           capture_output=True, check=True).stdout.decode()
    assert b["text"] == clean, a["path"]
    removed = sum(r["end"] - r["start"] for r in b["decruft"])
    assert len(a["text"].encode()) - removed == len(clean.encode()), a["path"]
print(len(outs), "records checked")
PY
# Malformed records pass through unchanged, with their line number; exit 3.
printf '{"text":"Please enable JavaScript.\\nBody."}\n{"text": broken\n[1,2]\n\n{"text":"tail"}' > "$TMP/bad.jsonl"
"$BIN" jsonl < "$TMP/bad.jsonl" > "$TMP/bad.out" 2> "$TMP/bad.err"; expect_eq "malformed status" 3 $?
expect_eq "malformed line 2" "{\"text\": broken" "$(sed -n 2p "$TMP/bad.out")"
expect_eq "not an object" "[1,2]" "$(sed -n 3p "$TMP/bad.out")"
expect_eq "record count" 5 "$(awk 'END{print NR}' "$TMP/bad.out")"
expect_eq "no final newline kept" '{"text":"tail","decruft":[]}' "$(tail -c 200 "$TMP/bad.out" | tail -1)"
expect_eq "last byte" "}" "$(tail -c 1 "$TMP/bad.out")"
grep -q "^decruft: stdin:2: malformed record" "$TMP/bad.err" && pass || fail "message: $(cat "$TMP/bad.err")"
grep -q "^decruft: stdin:3: malformed record" "$TMP/bad.err" && pass || fail "message 3: $(cat "$TMP/bad.err")"
# --text-field, --keep-original, url selects site rules; control characters are escaped.
printf '{"body":"A\\u0001\\nPlease enable JavaScript.\\n","url":"https://www.example.org/x"}\n' |
  "$BIN" jsonl --text-field body --keep-original original > "$TMP/f.out"
python3 - "$TMP/f.out" <<'PY' && pass || fail "text-field"
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert r["body"] == "A\u0001\n", r
assert r["original"] == "A\u0001\nPlease enable JavaScript.\n", r
assert r["decruft"][0]["category"] == "js-required", r
PY
# A lone surrogate escape (Python's json.dumps writes them) is cleaned, not
# rejected: the text is WTF-8 bytes, the surrogate goes out as the same
# escape, and the byte ranges count those bytes ('surrogatepass').
python3 - "$TMP/sur.jsonl" <<'PY'
import json, sys
texts = ["Caf\udce9 \ud800 lone\nPlease enable JavaScript to view this page.\nBody \ud83d\ude00 and \udfff end.\n",
         "Advertisement\nBody with a lone high surrogate at the end \udbff, "]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i, t in enumerate(texts):  # the second with raw UTF-8 beside the escapes
        line = json.dumps({"id": i, "title": "\ud800", "text": t + "caf\u00e9"})
        f.write((line if i == 0 else line.replace("\\u00e9", "\u00e9")) + "\n")
PY
"$BIN" jsonl -q < "$TMP/sur.jsonl" > "$TMP/sur.out" 2> "$TMP/sur.err"; expect_eq "lone surrogate status" 0 $?
expect_eq "lone surrogate: no message" "" "$(cat "$TMP/sur.err")"
python3 - "$TMP/sur.jsonl" "$TMP/sur.out" <<'PY' && pass || fail "lone surrogate cleaned, bytes honest"
import json, sys
ins = [json.loads(l) for l in open(sys.argv[1])]
outs = [json.loads(l) for l in open(sys.argv[2])]
b = lambda s: s.encode("utf-8", "surrogatepass")
for a, o in zip(ins, outs):
    assert o["title"] == a["title"] and len(o["decruft"]) == 1, o
    data, r = b(a["text"]), o["decruft"][0]
    assert b(o["text"]) == data[:r["start"]] + data[r["end"]:], (o["text"], r)
assert "JavaScript" not in outs[0]["text"] and "\ud800" in outs[0]["text"] and "\udfff" in outs[0]["text"]
assert outs[1]["text"].endswith("\udbff, caf\u00e9")
PY
grep -q '"Caf\\udce9 \\ud800 lone\\nBody' "$TMP/sur.out" && pass || fail "lone surrogate: escape kept: $(head -c 300 "$TMP/sur.out")"
# \u0000 in a text: like a binary file, left as it is with a warning naming the line.
printf '{"text":"Advertisement\\nBody."}\n{"id":2,"text":"A\\u0000B\\nAdvertisement\\n"}\n' > "$TMP/nul.jsonl"
"$BIN" jsonl -q < "$TMP/nul.jsonl" > "$TMP/nul.out" 2> "$TMP/nul.err"; expect_eq "NUL status" 0 $?
expect_eq "NUL warning" 'decruft: stdin:2: text with NUL bytes (\u0000), left as it is' "$(cat "$TMP/nul.err")"
expect_eq "NUL record kept, flagged" '{"id":2,"text":"A\u0000B\nAdvertisement\n","decruft":[],"decruft_flags":["binary"]}' "$(sed -n 2p "$TMP/nul.out")"
# decruft_flags: the document flags (as the report's "flags"), only when there are
# any; an existing decruft_flags member is replaced.
python3 - "$TMP/fl.jsonl" <<'PY'
import json, sys
body = "An article paragraph that goes on for a while, as articles do. " * 20 + "\n"
recs = [{"id": "teaser", "text": "A short teaser.\nSubscribe to continue reading.\n"},
        {"id": "plain", "text": body + "Advertisement\n"},
        {"id": "stale", "text": body, "decruft_flags": ["truncated"]}]
open(sys.argv[1], "w").write("".join(json.dumps(r) + "\n" for r in recs))
PY
"$BIN" jsonl < "$TMP/fl.jsonl" > "$TMP/fl.out"; expect_eq "flags status" 0 $?
"$BIN" jsonl --max-removed 0.5 < "$TMP/fl.jsonl" > "$TMP/fl2.out"; expect_eq "flags --max-removed status" 0 $?
python3 - "$TMP/fl.out" "$TMP/fl2.out" <<'PY' && pass || fail "decruft_flags"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
assert a[0]["decruft_flags"] == ["over-removal", "truncated"] and a[0]["text"] == "A short teaser.\n", a[0]
assert "decruft_flags" not in a[1] and len(a[1]["decruft"]) == 1, a[1]
assert a[2]["decruft_flags"] == [], a[2]
assert b[0]["decruft_flags"] == ["over-removal", "held-back", "truncated"], b[0]
assert b[0]["text"] == "A short teaser.\nSubscribe to continue reading.\n" and b[0]["decruft"] == [], b[0]
PY
# A failed write on stdout says why.
if [ -w /dev/full ]; then
  "$BIN" jsonl -q < "$TMP/in.jsonl" > /dev/full 2> "$TMP/full.err"; expect_eq "stdout full: status" 3 $?
  expect_eq "stdout full: message" "decruft: stdout: No space left on device" "$(cat "$TMP/full.err")"
fi
# One 40 MB record costs time and memory in proportion to it, of the order
# of `decruft clean` on its text (ratios, not seconds). It was quadratic:
# 8 s against 1 s for clean at 30 MB, 68 s at 100 MB.
python3 - "$TMP/big.txt" "$TMP/big.jsonl" <<'PY'
import json, sys
text = "Advertisement\n" + ("An article line, long enough to be prose and not noise at all. " * 4 + "\n") * 160000
open(sys.argv[1], "w").write(text)
open(sys.argv[2], "w").write(json.dumps({"id": 1, "text": text}) + "\n")
PY
size=$(stat -c %s "$TMP/big.jsonl")
now() { date +%s%N; }
t0=$(now); "$BIN" clean "$TMP/big.txt" > "$TMP/big.clean"; t1=$(now)
"$BIN" jsonl -j 1 < "$TMP/big.jsonl" > "$TMP/big.out"; expect_eq "40 MB record status" 0 $?; t2=$(now)
clean_ms=$(( (t1 - t0) / 1000000 )); jsonl_ms=$(( (t2 - t1) / 1000000 ))
echo "40 MB record: clean ${clean_ms} ms, jsonl ${jsonl_ms} ms"
[ "$jsonl_ms" -le $(( 3 * clean_ms + 1000 )) ] && pass || fail "40 MB record: jsonl ${jsonl_ms} ms against clean ${clean_ms} ms"
python3 - "$TMP/big.out" "$TMP/big.clean" <<'PY' && pass || fail "40 MB record cleaned"
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert r["text"] == open(sys.argv[2]).read() and len(r["decruft"]) == 1
PY
if [ -x /usr/bin/time ] && ! ldd "$BIN" 2> /dev/null | grep -q libasan; then
  /usr/bin/time -f %M -o "$TMP/rss0" "$BIN" jsonl -j 1 < /dev/null
  /usr/bin/time -f %M -o "$TMP/rss" "$BIN" jsonl -j 1 < "$TMP/big.jsonl" > /dev/null
  base_kb=$(tail -1 "$TMP/rss0"); rss_kb=$(tail -1 "$TMP/rss")
  echo "40 MB record: peak RSS $((rss_kb / 1024)) MB ($((base_kb / 1024)) MB with no input)"
  # The read buffer, simdjson's strings, the output: about 3x (it was 8x).
  [ $(( rss_kb - base_kb )) -lt $(( 5 * size / 1024 )) ] && pass || fail "40 MB record: peak RSS ${rss_kb} kB"
fi
rm -f "$TMP"/big.*
finish
