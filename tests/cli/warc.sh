# WET/WARC files and compressed inputs (issue 26): each conversion record of a
# WET file made of corpus documents is cleaned as that document alone; every
# other record and header byte is kept but Content-Length and the sha1
# digests, which are recomputed; the output parses as WARC, gzip per record;
# zstd, whole-file gzip and plain WET too; a WARC of response records is
# refused as out of scope; gzip/zstd files in folders are written back
# compressed the same way.
. "$(dirname "$0")/lib.sh"
docs=("$SRC"/samples/input/*.txt)
if [ -d "$SHARED/corpus/noisy" ]; then docs+=("$SHARED"/corpus/noisy/*.txt); fi
# The test's own WARC writer and reader (Python, written apart from
# src/util/warc.cpp).
cat > "$TMP/wet.py" <<'PY'
import base64, gzip, hashlib, sys, zlib

def digest(b):
    return "sha1:" + base64.b32encode(hashlib.sha1(b).digest()).decode()

def record(fields, body):
    head = "WARC/1.0\r\n" + "".join("%s: %s\r\n" % kv for kv in fields)
    head += "Content-Length: %d\r\n\r\n" % len(body)
    return head.encode() + body + b"\r\n\r\n"

def make(paths):
    recs = [record([("WARC-Type", "warcinfo"), ("WARC-Date", "2026-12-04T00:00:00Z"),
                    ("WARC-Filename", "test.warc.wet.gz"),
                    ("WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-000000000000>"),
                    ("Content-Type", "application/warc-fields")],
                   b"Software-Info: test\r\nExtracted-Date: today\r\n")]
    for i, p in enumerate(paths, 1):
        body = open(p, "rb").read()
        recs.append(record([("WARC-Type", "conversion"),
                            ("WARC-Target-URI", "https://www.example.org/article/%d" % i),
                            ("WARC-Date", "2026-12-04T00:00:%02dZ" % (i % 60)),
                            ("WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-%012d>" % i),
                            ("WARC-Refers-To", "<urn:uuid:10000000-0000-0000-0000-%012d>" % i),
                            ("WARC-Block-Digest", digest(body)),
                            ("WARC-Identified-Content-Language", "eng"),
                            ("Content-Type", "text/plain")], body))
        if i == 2:  # a record of another type in between, kept as it is
            recs.append(record([("WARC-Type", "metadata"),
                                ("WARC-Record-ID", "<urn:uuid:20000000-0000-0000-0000-000000000002>"),
                                ("Content-Type", "application/warc-fields")],
                               b"Please enable JavaScript.\r\nAdvertisement\r\n"))
    return recs

def members(data):
    """gzip members, each decompressed on its own."""
    out = []
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out.append(d.decompress(data) + d.flush())
        assert d.eof, "a gzip member cut short"
        data = d.unused_data
    return out

def parse(data):
    """WARC records as (head bytes, fields list, body, tail)."""
    recs, pos = [], 0
    while pos < len(data):
        end = data.index(b"\r\n\r\n", pos) + 4
        head = data[pos:end]
        assert head.startswith(b"WARC/1.0\r\n"), head[:20]
        fields = [l.split(b": ", 1) for l in head[10:-4].split(b"\r\n")]
        n = int(dict(fields)[b"Content-Length"])
        body = data[end:end + n]
        assert len(body) == n, "body cut short"
        assert data[end + n:end + n + 4] == b"\r\n\r\n", "no CRLF CRLF after the body"
        recs.append((head, fields, body))
        pos = end + n + 4
    return recs

if __name__ == "__main__":
    mode, out = sys.argv[1], sys.argv[2]
    recs = make(sys.argv[3:])
    with open(out, "wb") as f:
        if mode == "gzip-per-record":
            for r in recs:
                f.write(gzip.compress(r, mtime=0))
        elif mode == "gzip-whole":
            f.write(gzip.compress(b"".join(recs), mtime=0))
        else:
            f.write(b"".join(recs))
PY
python3 "$TMP/wet.py" gzip-per-record "$TMP/in.warc.wet.gz" "${docs[@]}"
python3 "$TMP/wet.py" plain "$TMP/in.warc.wet" "${docs[@]}"
python3 "$TMP/wet.py" gzip-whole "$TMP/whole.warc.wet.gz" "${docs[@]}"
"$BIN" clean "$TMP/in.warc.wet.gz" -o "$TMP/out.warc.wet.gz" --report "$TMP/rep.jsonl" --diff "$TMP/out.diff" 2> "$TMP/err"
expect_eq "WET: status" 0 $?
expect_eq "WET: no messages" "" "$(cat "$TMP/err")"
for d in "${docs[@]}"; do "$BIN" clean "$d"; printf '\x00'; done > "$TMP/alone.bin"
python3 - "$TMP" "${docs[@]}" <<'PY' && pass || fail "WET: records cleaned alone, the rest kept, WARC and gzip per record"
import base64, hashlib, sys
sys.path.insert(0, sys.argv[1])
import wet
tmp, paths = sys.argv[1], sys.argv[2:]
alone = open(tmp + "/alone.bin", "rb").read().split(b"\x00")[:-1]
ins = wet.members(open(tmp + "/in.warc.wet.gz", "rb").read())
outs = wet.members(open(tmp + "/out.warc.wet.gz", "rb").read())
assert len(ins) == len(outs) == len(paths) + 2, (len(ins), len(outs))
changed = 0
for k, (a, b) in enumerate(zip(ins, outs)):
    (ha, fa, ba), = wet.parse(a)  # one record per member, in and out
    (hb, fb, bb), = wet.parse(b)
    da, db = dict(fa), dict(fb)
    if da[b"WARC-Type"] != b"conversion":
        assert a == b, "record %d changed" % k
        continue
    i = int(da[b"WARC-Record-ID"][-13:-1])
    assert ba == open(paths[i - 1], "rb").read()
    assert bb == alone[i - 1], "record %d is not decruft clean of its document" % i
    if ba == bb:
        assert a == b, "an unchanged record changed"
        continue
    changed += 1
    # The same fields in the same order, only Content-Length and the digest new.
    assert [f[0] for f in fa] == [f[0] for f in fb]
    for (ka, va), (kb, vb) in zip(fa, fb):
        if ka == b"Content-Length":
            assert int(vb) == len(bb)
        elif ka == b"WARC-Block-Digest":
            assert vb.decode() == "sha1:" + base64.b32encode(hashlib.sha1(bb).digest()).decode()
        else:
            assert va == vb, (ka, va, vb)
assert changed > len(paths) // 2, changed
print(changed, "of", len(paths), "records changed")
PY
# The same from plain WET (and plain out), whole-file gzip (one member out).
"$BIN" clean "$TMP/in.warc.wet" -o "$TMP/out.warc.wet"; expect_eq "plain WET: status" 0 $?
expect_same_file "plain WET = gzip per record, decompressed" <(gzip -dc "$TMP/out.warc.wet.gz") "$TMP/out.warc.wet"
"$BIN" clean "$TMP/whole.warc.wet.gz" -o "$TMP/whole.out.gz"; expect_eq "whole-file gzip: status" 0 $?
expect_eq "whole-file gzip: one member out" 1 "$(python3 -c "
import sys; sys.path.insert(0, '$TMP'); import wet; print(len(wet.members(open('$TMP/whole.out.gz','rb').read())))")"
expect_same_file "whole-file gzip: same records" "$TMP/out.warc.wet" <(gzip -dc "$TMP/whole.out.gz")
if command -v zstd > /dev/null; then
  zstd -q -c "$TMP/in.warc.wet" > "$TMP/in.warc.wet.zst"
  "$BIN" clean "$TMP/in.warc.wet.zst" -o "$TMP/out.warc.wet.zst"; expect_eq "zstd WET: status" 0 $?
  expect_same_file "zstd WET: same records" "$TMP/out.warc.wet" <(zstd -dc "$TMP/out.warc.wet.zst")
fi
# No rule crosses a record boundary: the cleaned records' bytes add up to the
# documents cleaned one by one (as one document they lost far more).
expect_eq "WET: no rule across records" \
  "$(for d in "${docs[@]}"; do "$BIN" clean "$d"; done | wc -c)" \
  "$(python3 -c "
import sys; sys.path.insert(0, '$TMP'); import wet
print(sum(len(b) for h, f, b in wet.parse(open('$TMP/out.warc.wet','rb').read()) if dict(f)[b'WARC-Type'] == b'conversion'))")"
# The report: a line per conversion record named by WARC-Record-ID, with the
# file and the URI; the diff names records the same way.
expect_eq "WET report: a line per conversion record" "${#docs[@]}" "$(wc -l < "$TMP/rep.jsonl")"
python3 - "$TMP/rep.jsonl" "$TMP/in.warc.wet.gz" <<'PY' && pass || fail "WET report"
import json, sys
for i, line in enumerate(open(sys.argv[1]), 1):
    r = json.loads(line)
    assert r["path"] == "urn:uuid:00000000-0000-0000-0000-%012d" % i, r["path"]
    assert r["file"] == sys.argv[2] and r["uri"] == {"text": "https://www.example.org/article/%d" % i}, r
PY
grep -q '^--- a/urn:uuid:00000000-0000-0000-0000-000000000002$' "$TMP/out.diff" && pass || fail "WET diff names: $(head -2 "$TMP/out.diff")"
# decruft diff reads WET: the same diff.
"$BIN" diff "$TMP/in.warc.wet.gz" > "$TMP/diff.out"; expect_eq "diff WET: status" 0 $?
expect_same_file "diff WET = clean --diff" "$TMP/out.diff" "$TMP/diff.out"
# WARC-Target-URI selects site rules: a rule for one site only.
mkdir -p "$TMP/site"
cat > "$TMP/site/r.toml" <<'TOML'
category = "other"
[[rule]]
id = "only-here"
scope = "line"
sites = ["www.example.org"]
patterns = ['^Site-only noise line$']
remove = ["Site-only noise line"]
keep = ["Body."]
TOML
printf 'Body.\nSite-only noise line\n' > "$TMP/site.txt"
python3 - "$TMP" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); import wet
body = open(sys.argv[1] + "/site.txt", "rb").read()
recs = [wet.record([("WARC-Type", "conversion"), ("WARC-Target-URI", u),
                    ("WARC-Record-ID", "<urn:x:%d>" % i)], body)
        for i, u in enumerate(["https://WWW.example.org/a", "https://other.example/b"])]
open(sys.argv[1] + "/site.warc", "wb").write(b"".join(recs))
PY
"$BIN" clean --no-default-rules --rules "$TMP/site/r.toml" "$TMP/site.warc" | grep -c 'Site-only' > "$TMP/n"
expect_eq "WARC-Target-URI selects site rules" 1 "$(cat "$TMP/n")"
"$BIN" stats --json --no-default-rules --rules "$TMP/site/r.toml" "$TMP/site.warc" > "$TMP/site.json"
expect_eq "stats: WARC-Target-URI selects site rules" "2 1" "$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["documents"], j["changed"])' "$TMP/site.json")"
# A WARC of response records (HTML) is out of scope, and says so.
python3 - "$TMP/resp.warc.gz" <<'PY'
import gzip, sys
body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>Advertisement</p></html>"
rec = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x:1>\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n" % (len(body), body)
open(sys.argv[1], "wb").write(gzip.compress(rec))
PY
"$BIN" clean "$TMP/resp.warc.gz" -o "$TMP/resp.out.gz" 2> "$TMP/err"; expect_eq "response WARC: status" 3 $?
grep -q "a WARC file of response records (HTML pages): out of scope" "$TMP/err" && pass || fail "response message: $(cat "$TMP/err")"
[ ! -e "$TMP/resp.out.gz" ] && pass || fail "response WARC: an output was written"
# A truncated file fails as a whole: no output, exit 3, the reason.
head -c 20000 "$TMP/in.warc.wet.gz" > "$TMP/cut.warc.wet.gz"
"$BIN" clean "$TMP/cut.warc.wet.gz" -o "$TMP/cut.out.gz" 2> "$TMP/err"; expect_eq "truncated: status" 3 $?
grep -q "^decruft: $TMP/cut.warc.wet.gz: gzip: unexpected end of data" "$TMP/err" && pass || fail "truncated message: $(cat "$TMP/err")"
[ ! -e "$TMP/cut.out.gz" ] && pass || fail "truncated: an output was written"
# A Content-Length far beyond the file (fuzz_warc asked for 7.7 GB at once):
# the record is cut short, said so, nothing allocated for it.
printf 'WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 99999999999\r\n\r\nBody.\n' | gzip -c > "$TMP/huge.warc.gz"
"$BIN" clean "$TMP/huge.warc.gz" -o "$TMP/huge.out" 2> "$TMP/err"; expect_eq "huge Content-Length: status" 3 $?
grep -q "a WARC record body cut short at offset 0 (6 of 99999999999 bytes)" "$TMP/err" && pass || fail "huge Content-Length: $(cat "$TMP/err")"
# In a folder: WET, gzip and zstd documents next to plain ones, each written
# back as it came; --in-place too.
mkdir -p "$TMP/tree/sub"
cp "$TMP/in.warc.wet.gz" "$TMP/tree/"
cp "${docs[0]}" "$TMP/tree/plain.txt"
gzip -c "${docs[1]}" > "$TMP/tree/sub/a.txt.gz"
(head -c 300 "${docs[2]}" | gzip -c; tail -c +301 "${docs[2]}" | gzip -c) > "$TMP/tree/sub/multi.gz"
"$BIN" clean -q "$TMP/tree" -o "$TMP/tree.out" --diff "$TMP/tree.diff"; expect_eq "folder: status" 0 $?
expect_same_file "folder: WET as alone" "$TMP/out.warc.wet.gz" "$TMP/tree.out/in.warc.wet.gz"
expect_same_file "folder: plain" <("$BIN" clean "${docs[0]}") "$TMP/tree.out/plain.txt"
expect_same_file "folder: gzip" <("$BIN" clean "${docs[1]}") <(gzip -dc "$TMP/tree.out/sub/a.txt.gz")
expect_same_file "folder: multi-member gzip" <("$BIN" clean "${docs[2]}") <(gzip -dc "$TMP/tree.out/sub/multi.gz")
grep -q '^--- a/sub/a.txt$' "$TMP/tree.diff/sub/a.txt.gz.diff" && pass || fail "diff of a gzip file names the plain file: $(head -1 "$TMP/tree.diff/sub/a.txt.gz.diff")"
(cd "$TMP" && gzip -dc tree.out/sub/a.txt.gz > a.txt && mkdir -p p/sub && cp a.txt p/sub/a.txt && cd p && patch -s -p1 -R < "$TMP/tree.diff/sub/a.txt.gz.diff") &&
  cmp -s "$TMP/p/sub/a.txt" "${docs[1]}" && pass || fail "patch -R of a gzip file's diff"
cp -r "$TMP/tree" "$TMP/inplace"
"$BIN" clean -q --in-place "$TMP/inplace"; expect_eq "--in-place: status" 0 $?
expect_same_file "--in-place: WET" "$TMP/out.warc.wet.gz" "$TMP/inplace/in.warc.wet.gz"
expect_same_file "--in-place: gzip" "$TMP/tree.out/sub/a.txt.gz" "$TMP/inplace/sub/a.txt.gz"
# --include/--exclude GLOB select folder members (a folder of pages holds
# other files: LABELS.tsv was "cleaned"); files named on the command line stay.
mkdir -p "$TMP/sel/sub"
for f in a.txt sub/c.txt b.md LABELS.tsv; do printf 'Advertisement\nBody of %s.\n' "$f" > "$TMP/sel/$f"; done
"$BIN" clean -q --include '*.txt' "$TMP/sel" -o "$TMP/sel.out"; expect_eq "--include: status" 0 $?
expect_eq "--include '*.txt'" "a.txt sub/c.txt" "$(cd "$TMP/sel.out" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ' | sed 's/ $//')"
"$BIN" clean -q --include '*.txt' --include '*.md' --exclude 'sub/*' "$TMP/sel" -o "$TMP/sel2.out"
expect_eq "--include twice, --exclude a path" "a.txt b.md" "$(cd "$TMP/sel2.out" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ' | sed 's/ $//')"
expect_eq "--exclude: diff" "a/a.txt a/b.md a/sub/c.txt" \
  "$("$BIN" diff --exclude LABELS.tsv "$TMP/sel" | sed -n "s|^--- a/$TMP/sel/|a/|p" | tr '\n' ' ' | sed 's/ $//')"
"$BIN" stats --json --exclude '*.tsv' --exclude '*.md' "$TMP/sel" > "$TMP/sel.json"
expect_eq "--exclude: stats" 2 "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documents"])' "$TMP/sel.json")"
"$BIN" clean --exclude '*.tsv' "$TMP/sel/LABELS.tsv" | tail -1 > "$TMP/named"
expect_eq "--exclude: a file named on the command line is read" "Body of LABELS.tsv." "$(cat "$TMP/named")"
# stats, review and rules suggest read WET and JSONL files record by record:
# the same counts as the documents one by one. (Records go through a
# temporary folder, removed at exit: TMPDIR shows it.)
mkdir -p "$TMP/tmpdir"; export TMPDIR="$TMP/tmpdir"
"$BIN" stats --json "${docs[@]}" > "$TMP/docs.json"
"$BIN" stats --json "$TMP/in.warc.wet.gz" > "$TMP/wet.json"; expect_eq "stats WET: status" 0 $?
python3 - "$TMP/docs.jsonl.gz" "${docs[@]}" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[1], "wt", encoding="utf-8") as f:
    for i, p in enumerate(sys.argv[2:], 1):
        f.write(json.dumps({"id": "doc-%d" % i, "text": open(p, encoding="utf-8").read()}) + "\n")
PY
"$BIN" stats --json "$TMP/docs.jsonl.gz" > "$TMP/jl.json"; expect_eq "stats JSONL: status" 0 $?
python3 - "$TMP/docs.json" "$TMP/wet.json" "$TMP/jl.json" <<'PY' && pass || fail "stats: WET and JSONL records counted as the documents"
import json, sys
a, b, c = (json.load(open(p)) for p in sys.argv[1:])
assert a["documents"] == b["documents"] == c["documents"] > 70, (a["documents"], b["documents"], c["documents"])
for k in ("changed", "bytes_in", "bytes_removed", "categories", "rules"):
    assert a[k] == b[k] == c[k], k
PY
"$BIN" review -q "$TMP/in.warc.wet.gz" -o "$TMP/wet.html"; expect_eq "review WET: status" 0 $?
grep -q "in.warc.wet.gz#urn:uuid:00000000-0000-0000-0000-000000000002" "$TMP/wet.html" && pass || fail "review WET: records not named"
expect_eq "no temporary record folder left" "" "$(ls "$TMP/tmpdir")"
unset TMPDIR
"$BIN" stats --json "$TMP/tree/sub" > "$TMP/gz.json"
expect_eq "stats reads gzip files" "2 0" "$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["documents"], j["binary"])' "$TMP/gz.json")"
finish
