# JSONL mode as a strict filter (issue 26, issue 24 items 3, 9, 13, 15): no
# record lost on a read error; no duplicate keys; records without a text
# string counted and named, a --text-field typo stopped (exit 2); dotted
# --text-field; -o, --report, --diff; the summary line; --on-error; invalid
# UTF-8 cleaned as bytes; valid JSON simdjson cannot hold (1e999999, huge
# integers, deep nesting, a BOM) passed as valid; --line-buffered as a
# coprocess.
. "$(dirname "$0")/lib.sh"
# Records Python's json module reads back: no member twice (a duplicate
# would make object_pairs_hook see it).
check_json() {
  python3 - "$@" <<'PY'
import json, sys
def pairs(ps):
    keys = [k for k, _ in ps]
    assert len(keys) == len(set(keys)), "duplicate key in %r" % keys
    return dict(ps)
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8", errors="surrogateescape"):
        json.loads(line, object_pairs_hook=pairs)
PY
}
docs=("$SRC"/samples/input/*.txt)
if [ -d "$SHARED/corpus/noisy" ]; then docs+=("$SHARED"/corpus/noisy/*.txt); fi
python3 - "$TMP/in.jsonl" "${docs[@]}" <<'PY'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    n = 0
    while out.tell() < 3_000_000:  # enough for several 2 MB batches
        for path in sys.argv[2:]:
            text = open(path, "rb").read().decode("utf-8", "replace")
            out.write(json.dumps({"id": n, "text": text}) + "\n")
            n += 1
PY
records=$(wc -l < "$TMP/in.jsonl")
"$BIN" jsonl -q -j 2 < "$TMP/in.jsonl" > "$TMP/ref.jsonl"; expect_eq "reference run" 0 $?

# 1. A read error on stdin: every record read comes out, cleaned, then exit 3
# with the reason. Fault injection by an LD_PRELOAD shim (read(2) on fd 0
# fails with EIO after FAULT_READ_AFTER bytes).
if cc -shared -fPIC -o "$TMP/shim.so" "$SRC/tests/cli/fault_shim.c" -ldl 2> "$TMP/cc.err"; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0
  after=2500000
  FAULT_READ_AFTER=$after LD_PRELOAD="$TMP/shim.so" "$BIN" jsonl -j 2 < "$TMP/in.jsonl" \
    > "$TMP/eio.out" 2> "$TMP/eio.err"
  expect_eq "EIO on stdin: status" 3 $?
  whole=$(head -c $after "$TMP/in.jsonl" | wc -l)  # complete records read
  [ "$whole" -gt 100 ] && pass || fail "EIO test: only $whole records before the fault"
  expect_eq "EIO: the records read are written" "$(head -n "$whole" "$TMP/ref.jsonl" | md5sum)" \
    "$(head -n "$whole" "$TMP/eio.out" | md5sum)"
  # The part of the record the read stopped in comes out too, unchanged.
  expect_eq "EIO: the partial record kept" "$(head -c $after "$TMP/in.jsonl" | tail -c 100)" \
    "$(tail -c 100 "$TMP/eio.out")"
  grep -q "^decruft: stdin: Input/output error; the $((whole + 1)) records read before it were written$" \
    "$TMP/eio.err" && pass || fail "EIO message: $(cat "$TMP/eio.err")"
  # A write error on stdout: exit 3, the reason, no hang.
  FAULT_WRITE_AFTER=100000 LD_PRELOAD="$TMP/shim.so" "$BIN" jsonl -q < "$TMP/in.jsonl" \
    > "$TMP/wio.out" 2> "$TMP/wio.err"
  expect_eq "EIO on stdout: status" 3 $?
  expect_eq "EIO on stdout: message" "decruft: stdout: Input/output error" "$(cat "$TMP/wio.err")"
  expect_eq "EIO on stdout: what went out" 100000 "$(stat -c %s "$TMP/wio.out")"
  unset ASAN_OPTIONS
else
  fail "cannot build the fault shim: $(cat "$TMP/cc.err")"
fi

# 2. No duplicate keys. --keep-original naming the text field (or a member
# decruft writes) is refused; an existing --keep-original member is kept, not
# overwritten, and said once.
printf '{"text":"Advertisement\\nBody."}\n' > "$TMP/one.jsonl"
for name in text decruft decruft_flags; do
  "$BIN" jsonl --keep-original $name < "$TMP/one.jsonl" > "$TMP/k.out" 2> "$TMP/k.err"
  expect_eq "--keep-original $name: status" 2 $?
  expect_eq "--keep-original $name: no output" "" "$(cat "$TMP/k.out")"
done
grep -q "^decruft: --keep-original decruft_flags: decruft writes that member itself" "$TMP/k.err" &&
  pass || fail "keep-original message: $(cat "$TMP/k.err")"
"$BIN" jsonl --text-field doc.text --keep-original doc < "$TMP/one.jsonl" > /dev/null 2>&1
expect_eq "--keep-original the dotted path's member: status" 2 $?
printf '{"id":"A-1","text":"Advertisement\\nBody."}\n{"id":"A-2","text":"Advertisement\\nBody two."}\n' > "$TMP/id.jsonl"
"$BIN" jsonl --keep-original id < "$TMP/id.jsonl" > "$TMP/id.out" 2> "$TMP/id.err"
expect_eq "--keep-original id: status" 0 $?
expect_eq "--keep-original id: id kept" \
  '{"id":"A-1","text":"Body.","decruft":[{"rule":"en/ad/lone-marker","category":"ad","file":"rules/en/ad.toml","line":6,"start":0,"end":14,"first_line":1,"last_line":1}],"decruft_flags":["over-removal"]}' \
  "$(head -1 "$TMP/id.out")"
expect_eq "--keep-original id: said once" 1 "$(grep -c 'already has a "id" member: kept as it is' "$TMP/id.err")"
grep -q "2 with \"id\" kept as it was" "$TMP/id.err" && pass || fail "keep count: $(cat "$TMP/id.err")"
"$BIN" jsonl -q --keep-original orig < "$TMP/id.jsonl" > "$TMP/orig.out"
check_json "$TMP/orig.out" "$TMP/id.out" "$TMP/ref.jsonl" && pass || fail "duplicate keys in the output"
python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).readline())
assert r["orig"] == "Advertisement\nBody." and r["text"] == "Body.", r' "$TMP/orig.out" && pass || fail "keep-original orig"
# A record holding two text members (or two decruft, url...) is an error:
# readers disagree on which counts. Passed through unchanged but for
# "decruft_flags":["error"], exit 3; --on-error=drop leaves it out (exit 0);
# --on-error=fail stops there (exit 3), the records before it written.
printf '{"id":1,"text":"Advertisement\\nA."}\n{"id":2,"text":"Advertisement\\nB.","text":"Advertisement\\nC."}\n{"id":3,"text":"Advertisement\\nD.","decruft_flags":["x"],"decruft_flags":[]}\n{"id":4,"text":"Advertisement\\nE."}\n' > "$TMP/dup.jsonl"
"$BIN" jsonl -q < "$TMP/dup.jsonl" > "$TMP/dup.out" 2> "$TMP/dup.err"
expect_eq "two text members: status" 3 $?
expect_eq "two text members: flagged, unchanged" \
  '{"id":2,"text":"Advertisement\nB.","text":"Advertisement\nC.","decruft_flags":["error"]}' "$(sed -n 2p "$TMP/dup.out")"
expect_eq "two decruft_flags: both flagged" \
  '{"id":3,"text":"Advertisement\nD.","decruft_flags":["error"],"decruft_flags":["error"]}' "$(sed -n 3p "$TMP/dup.out")"
expect_eq "two text members: message" \
  'decruft: stdin:2: member "text" appears more than once; readers disagree on which counts; passed through unchanged, flagged "error"' \
  "$(head -1 "$TMP/dup.err")"
expect_eq "two text members: the others cleaned" '"A." "E."' \
  "$(sed -n '1p;4p' "$TMP/dup.out" | python3 -c 'import json,sys; print(" ".join(json.dumps(json.loads(l)["text"]) for l in sys.stdin))')"
"$BIN" jsonl -q --on-error=drop < "$TMP/dup.jsonl" > "$TMP/drop.out" 2> "$TMP/drop.err"
expect_eq "--on-error=drop: status" 0 $?
expect_eq "--on-error=drop: ids" "1 4" "$(python3 -c 'import json,sys; print(*[json.loads(l)["id"] for l in open(sys.argv[1])])' "$TMP/drop.out")"
grep -q "^decruft: stdin:3: .*; dropped (--on-error=drop)$" "$TMP/drop.err" && pass || fail "drop message: $(cat "$TMP/drop.err")"
"$BIN" jsonl -q --on-error=fail < "$TMP/dup.jsonl" > "$TMP/failed.out" 2> "$TMP/failed.err"
expect_eq "--on-error=fail: status" 3 $?
expect_eq "--on-error=fail: the records before it" "$(head -1 "$TMP/dup.out")" "$(cat "$TMP/failed.out")"
grep -q "^decruft: stdin:2: .*; stopping there (--on-error=fail)$" "$TMP/failed.err" && pass || fail "fail message: $(cat "$TMP/failed.err")"
printf '{"id":1,"text":"A."}\nnot json\n{"id":3,"text":"C."}\n' > "$TMP/mal.jsonl"
"$BIN" jsonl -q --on-error=drop < "$TMP/mal.jsonl" > "$TMP/mal.out" 2> /dev/null
expect_eq "--on-error=drop: a malformed record" "$(printf '{"id":1,"text":"A.","decruft":[]}\n{"id":3,"text":"C.","decruft":[]}')" "$(cat "$TMP/mal.out")"
"$BIN" jsonl --on-error=skip < "$TMP/mal.jsonl" > /dev/null 2>&1; expect_eq "--on-error=skip refused" 2 $?

# 3. A record with no text string is counted and named; a run where no
# record of the first batch has one (a --text-field typo) stops: exit 2.
printf '{"id":1,"text":"Advertisement\\nA."}\n{"id":2}\n{"id":3,"text":null}\n{"id":4,"text":7}\n' > "$TMP/nt.jsonl"
"$BIN" jsonl < "$TMP/nt.jsonl" > "$TMP/nt.out" 2> "$TMP/nt.err"
expect_eq "no text: status" 0 $?
expect_eq "no text: messages" 'decruft: stdin:2: no "text" member
decruft: stdin:3: "text" is null, nothing to clean
decruft: stdin:4: "text" is not a string, nothing to clean' "$(head -3 "$TMP/nt.err")"
expect_eq "no text: records unchanged" "$(sed -n 2,4p "$TMP/nt.jsonl")" "$(sed -n 2,4p "$TMP/nt.out")"
grep -q '^decruft: 4 records (1 changed), .* 3 without "text", 0 malformed, 0 failed,' "$TMP/nt.err" &&
  pass || fail "summary: $(tail -1 "$TMP/nt.err")"
cat "$TMP/in.jsonl" "$TMP/in.jsonl" "$TMP/in.jsonl" "$TMP/in.jsonl" > "$TMP/in4.jsonl"
"$BIN" jsonl -j 1 --text-field txet < "$TMP/in4.jsonl" > "$TMP/typo.out" 2> "$TMP/typo.err"
expect_eq "--text-field typo: status" 2 $?
grep -q '^decruft: no record of the first batch (.* records) has a "txet" member that is a string: check --text-field; stopped there$' \
  "$TMP/typo.err" && pass || fail "typo message: $(tail -2 "$TMP/typo.err")"
out_lines=$(wc -l < "$TMP/typo.out")
# The batches already read (two at -j 1) are written; no more is read.
[ "$out_lines" -gt 0 ] && [ "$out_lines" -lt $((4 * records)) ] && pass || fail "typo: stopped after the first batch ($out_lines of $((4 * records)))"
expect_eq "typo: what came out is the input" "$(head -n "$out_lines" "$TMP/in4.jsonl" | md5sum)" "$(md5sum < "$TMP/typo.out")"

# 4. A dotted --text-field reaches a nested member.
printf '{"id":1,"doc":{"lang":"en","text":"Advertisement\\nNested body.","n":[1]},"text":"Advertisement\\nTop."}\n{"id":2,"doc":"flat"}\n' > "$TMP/dot.jsonl"
"$BIN" jsonl --text-field doc.text < "$TMP/dot.jsonl" > "$TMP/dot.out" 2> "$TMP/dot.err"
expect_eq "dotted: status" 0 $?
python3 - "$TMP/dot.out" <<'PY' && pass || fail "dotted path"
import json, sys
a, b = [json.loads(l) for l in open(sys.argv[1])]
assert a["doc"] == {"lang": "en", "text": "Nested body.", "n": [1]}, a
assert a["text"] == "Advertisement\nTop." and a["decruft"][0]["rule"] == "en/ad/lone-marker", a
assert b == {"id": 2, "doc": "flat"}, b
PY
grep -q '^decruft: stdin:2: no "doc.text" member$' "$TMP/dot.err" && pass || fail "dotted message: $(cat "$TMP/dot.err")"

# 5. -o, --report and --diff work as in clean.
"$BIN" jsonl -q -o "$TMP/o.jsonl" --report "$TMP/r.jsonl" --diff "$TMP/d.diff" < "$TMP/in.jsonl" > "$TMP/o.stdout"
expect_eq "-o: status" 0 $?
expect_same_file "-o equals stdout" "$TMP/ref.jsonl" "$TMP/o.jsonl"
expect_eq "-o: nothing on stdout" 0 "$(stat -c %s "$TMP/o.stdout")"
expect_eq "--report: one line per record" "$records" "$(wc -l < "$TMP/r.jsonl")"
python3 - "$TMP/in.jsonl" "$TMP/ref.jsonl" "$TMP/r.jsonl" <<'PY' && pass || fail "--report records"
import json, sys
ins = [json.loads(l) for l in open(sys.argv[1])]
outs = [json.loads(l) for l in open(sys.argv[2])]
reps = [json.loads(l) for l in open(sys.argv[3])]
for n, (i, o, r) in enumerate(zip(ins, outs, reps), 1):
    assert r["path"] == "stdin:%d" % n and r["line"] == n and r["id"] == i["id"], r
    assert [(x["start"], x["end"]) for x in r["removals"]] == [(x["start"], x["end"]) for x in o["decruft"]], n
    t = i["text"].encode()
    for x in r["removals"]:
        assert x["removed"]["text"].encode() == t[x["start"]:x["end"]]
    assert r["bytes_in"] == len(t) and r["bytes_out"] == len(o["text"].encode())
PY
# The diff names each record by its id; every removed line is in it.
expect_eq "--diff: one per changed record, named by its id" \
  "$(python3 -c 'import json,sys; print(*[r["id"] for r in map(json.loads, open(sys.argv[1])) if r["decruft"]])' "$TMP/ref.jsonl")" \
  "$(sed -n 's|^--- a/||p' "$TMP/d.diff" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "--diff: +++ names" "$(grep -c '^--- a/' "$TMP/d.diff")" "$(grep -c '^+++ b/[0-9]*$' "$TMP/d.diff")"
# Each record's diff is that of `decruft diff` on its text (record 1's here).
python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).readlines()[1]); open(sys.argv[2],"w").write(r["text"])' "$TMP/in.jsonl" "$TMP/second.txt"
"$BIN" diff - < "$TMP/second.txt" | sed -n '3,$p' > "$TMP/second.diff"
awk '/^--- a\/1$/{on=1; next} /^--- a\//{on=0} on' "$TMP/d.diff" | sed -n '2,$p' > "$TMP/rec1.diff"
[ -s "$TMP/rec1.diff" ] && pass || fail "--diff: record 1 has no diff"
expect_same_file "--diff: record 1 as decruft diff of its text" "$TMP/second.diff" "$TMP/rec1.diff"
"$BIN" jsonl -o "$TMP/x" --report "$TMP/x" < "$TMP/one.jsonl" > /dev/null 2>&1; expect_eq "-o and --report one file: refused" 2 $?
cp "$TMP/one.jsonl" "$TMP/self.jsonl"
"$BIN" jsonl -o "$TMP/self.jsonl" < "$TMP/self.jsonl" 2> /dev/null; expect_eq "-o the input: refused" 2 $?
expect_same_file "-o the input: input intact" "$TMP/one.jsonl" "$TMP/self.jsonl"
# The summary line, as batch mode writes it (not with -q).
"$BIN" jsonl < "$TMP/one.jsonl" 2> "$TMP/sum.err" > /dev/null
expect_eq "summary" 'decruft: 1 records (1 changed), 0.0 kB in, 0.2 kB out; removals: ad 1; 0 without "text", 0 malformed, 0 failed, 0 binary, 1 flagged over-removal, 0 held back, 0 truncated' "$(cat "$TMP/sum.err")"

# 6. A JSON string with invalid UTF-8 is cleaned as bytes, as text mode does;
# its bytes go out as they came.
printf '{"id":1,"text":"caf\xe9 \xff\\nAdvertisement\\nBody \xc3\xa9.\\n","t":"\xfe"}\n' > "$TMP/bad8.jsonl"
printf 'caf\xe9 \xff\nAdvertisement\nBody \xc3\xa9.\n' > "$TMP/bad8.txt"
"$BIN" jsonl -q < "$TMP/bad8.jsonl" > "$TMP/bad8.out" 2> "$TMP/bad8.err"
expect_eq "invalid UTF-8: status" 0 $?
"$BIN" clean "$TMP/bad8.txt" > "$TMP/bad8.clean"
python3 - "$TMP/bad8.out" "$TMP/bad8.clean" <<'PY' && pass || fail "invalid UTF-8 cleaned as bytes"
import json, sys
raw = open(sys.argv[1], "rb").read()
r = json.loads(raw.decode("utf-8", "surrogateescape"))
assert r["text"].encode("utf-8", "surrogateescape") == open(sys.argv[2], "rb").read(), r
assert r["t"].encode("utf-8", "surrogateescape") == b"\xfe" and len(r["decruft"]) == 1, r
PY

# 7. Valid JSON that simdjson cannot hold passes as valid: huge numbers,
# nesting deeper than 1024, a byte order mark on line 1.
python3 - "$TMP/edge.jsonl" <<'PY'
import sys
deep = "[" * 3000 + "]" * 3000
recs = ['{"n":1e999999,"text":"Advertisement\\nA."}',
        '{"n":123456789012345678901234567890,"m":-1.5E+400,"text":"Advertisement\\nB."}',
        '{"d":%s,"text":"Advertisement\\nC."}' % deep,
        '{"n":01,"text":"x"}']
open(sys.argv[1], "wb").write(b"\xef\xbb\xbf" + "\n".join(recs).encode() + b"\n")
PY
"$BIN" jsonl -q < "$TMP/edge.jsonl" > "$TMP/edge.out" 2> "$TMP/edge.err"
expect_eq "edge cases: status (the leading zero is malformed)" 3 $?
expect_eq "edge cases: only the leading zero malformed" "decruft: stdin:4: malformed record" "$(cut -c1-34 "$TMP/edge.err")"
python3 - "$TMP/edge.jsonl" "$TMP/edge.out" <<'PY' && pass || fail "edge cases cleaned, other bytes kept"
import sys
ins = open(sys.argv[1], "rb").read().split(b"\n")
outs = open(sys.argv[2], "rb").read().split(b"\n")
assert outs[0].startswith(b"\xef\xbb\xbf{\"n\":1e999999,\"text\":\"A.\",\"decruft\":[{"), outs[0][:60]
assert outs[1].startswith(b'{"n":123456789012345678901234567890,"m":-1.5E+400,"text":"B.","decruft":[{'), outs[1][:80]
assert outs[2].startswith(ins[2][:ins[2].index(b',"text"')] + b',"text":"C.","decruft":[{'), outs[2][-80:]
assert outs[3] == ins[3]
PY

# 8. --line-buffered: a coprocess writes one record and reads its answer
# before writing the next (it used to wait for 2 MB or the end of input).
python3 - "$BIN" <<'PY' && pass || fail "--line-buffered coprocess"
import json, os, select, subprocess, sys
p = subprocess.Popen([sys.argv[1], "jsonl", "-q", "--line-buffered"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE)
try:
    for i in range(3):
        p.stdin.write((json.dumps({"id": i, "text": "Advertisement\nBody %d." % i}) + "\n").encode())
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], 10)
        assert ready, "no answer to record %d within 10 s" % i
        r = json.loads(p.stdout.readline())
        assert r["id"] == i and r["text"] == "Body %d." % i, r
    p.stdin.close()
    assert p.stdout.read() == b"" and p.wait(10) == 0
finally:
    if p.poll() is None:
        p.kill()
        p.wait()
PY
"$BIN" jsonl -q --line-buffered < "$TMP/in.jsonl" > "$TMP/lb.jsonl"; expect_eq "--line-buffered: status" 0 $?
expect_same_file "--line-buffered: the same bytes" "$TMP/ref.jsonl" "$TMP/lb.jsonl"
finish
