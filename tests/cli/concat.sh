# A file of several documents back to back: no block, tail or structure
# run crosses from one document into the next (tails end with their list,
# rails do not run on; a near_removed line that opens the next document
# may join a banner that closes the one before, and is printed), and the concatenation loses no more lines than the
# documents cleaned one by one. Lines removed only when concatenated are
# counted and printed: rules of a script's own languages run on the whole
# file once one document has that script (rules/README.md), and a tail's
# last_fraction is a share of the file, so such lines are not failed one
# by one; the totals are.
# Documents: the shared corpus (noisy, news-clean, pages), 12 to a file.
source "$(dirname "$0")/lib.sh"
if [ ! -d "$SHARED/corpus/noisy" ]; then echo "skipped: no $SHARED/corpus"; exit 0; fi
python3 - "$BIN" "$SHARED/corpus" "$TMP" <<'PY' || FAILED=$((FAILED+1))
import json, os, subprocess, sys
binary, corpus, tmp = sys.argv[1:4]
docs = []
for sub in ("noisy", "news-clean", "pages"):
    d = os.path.join(corpus, sub)
    for name in sorted(os.listdir(d)):
        if name.endswith(".txt"):
            with open(os.path.join(d, name), "rb") as fh:
                b = fh.read()
            docs.append((f"{sub}/{name}", b if b.endswith(b"\n") else b + b"\n"))

scopes = {}
for row in subprocess.run([binary, "rules", "list"], capture_output=True, text=True).stdout.splitlines():
    f = row.split()
    if len(f) >= 2:
        scopes[f[0]] = f[1]
bounded = {r for r, sc in scopes.items() if sc in ("tail", "block") or r.startswith("structure/")}

def removed_lines(data):
    """0-based non-blank line numbers the built-in rules remove from `data`: {line: rule}."""
    p = os.path.join(tmp, "in.txt")
    with open(p, "wb") as fh:
        fh.write(data)
    r = subprocess.run([binary, "clean", "--report", "-", "-o", os.path.join(tmp, "out.txt"), p],
                       capture_output=True)
    if r.returncode != 0:
        sys.exit(f"decruft failed: {r.stderr.decode()}")
    lines = {}
    text = data.split(b"\n")
    for rec in r.stdout.decode().splitlines():
        for rm in json.loads(rec)["removals"]:
            span = [k for k in range(rm["first_line"] - 1, rm["last_line"]) if text[k].strip()]
            for k in span:
                lines[k] = rm["rule"]
            if span:
                spans.append((span, rm["rule"]))
    return lines

extra = other = crossing = 0
spans = []
total_single = total_concat = 0
for g in range(0, len(docs), 12):
    group = docs[g:g + 12]
    single = set()
    offset = 0
    for name, b in group:
        single.update(offset + k for k in removed_lines(b))
        offset += b.count(b"\n")
    starts = []
    offset = 0
    for name, b in group:
        starts.append(offset)
        offset += b.count(b"\n")
    spans.clear()
    concat = removed_lines(b"".join(b for _, b in group))
    doc_of = lambda k: max(i for i, st in enumerate(starts) if st <= k)
    # computed below, once `single` is known
    concat_spans = list(spans)
    total_single += len(single)
    total_concat += len(concat)
    for span, rule in concat_spans:
        a = doc_of(span[0])
        # a run that starts in one document and takes lines of the next
        # that the next one's own run keeps
        taken = [k for k in span if doc_of(k) != a and k not in single]
        if taken:
            # blocks, tails and structure runs must end in their document;
            # a near_removed button ("CLOSE") that opens the next one joins
            # the banner before it, and is counted
            bad = rule in bounded
            crossing += bad
            print(f"{'FAIL' if bad else 'note'}: file {g // 12}: {rule} runs from {group[a][0]} into "
                  f"{group[doc_of(taken[0])][0]} (line {taken[0] + 1})")
    allb = b"".join(b for _, b in group).split(b"\n")
    for k in sorted(set(concat) - single):
        if concat[k] in bounded:
            extra += 1
            if extra <= 5:
                print(f"note: file {g // 12}: line {k + 1} goes only when concatenated, "
                      f"by {concat[k]}: {allb[k][:80]!r}")
        else:
            other += 1
print(f"{len(docs)} documents in {(len(docs) + 11) // 12} files: lines removed one by one {total_single}, "
      f"concatenated {total_concat}; only when concatenated: {extra} by tails and the "
      f"structure pass, {other} by other rules")
if total_concat > total_single:
    print(f"FAIL: the concatenation loses more lines ({total_concat}) than one by one ({total_single})")
sys.exit(1 if crossing or total_concat > total_single else 0)
PY
[ "$FAILED" -eq 0 ] && pass
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
