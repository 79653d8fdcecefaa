# JSONL mode: every record, in order, with the same clean text as
# `decruft clean`; the same bytes with -j 1, -j 2 and over chunks; malformed
# records passed through with their line number.
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
finish
