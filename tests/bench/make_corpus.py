#!/usr/bin/env python3
"""Deterministic benchmark corpus: the shared corpus's documents repeated and
shuffled with a fixed seed until the total reaches --mb megabytes (10^6 bytes),
written twice: as one file (corpus.txt, the documents concatenated, each ending
in a newline) and as a folder (docs/NNN/NNNNNN.txt, one document per file).

    make_corpus.py SHARED_CORPUS_DIR OUT_DIR [--mb 200] [--seed 8]

The same inputs, size and seed give the same bytes; a stamp file records them
so a second call with the same arguments does nothing."""
import argparse, hashlib, os, random, shutil, sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--seed", type=int, default=8)
    a = ap.parse_args()

    paths = sorted(os.path.join(d, f)
                   for d, _, fs in os.walk(a.src) for f in fs if f.endswith(".txt"))
    if not paths:
        sys.exit(f"make_corpus.py: no .txt documents under {a.src}")
    docs = []
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            b = f.read()
        if b"\0" in b:  # binary: decruft skips these, so would the benchmark
            continue
        if not b.endswith(b"\n"):
            b += b"\n"
        docs.append(b)
        h.update(b)
    key = f"{h.hexdigest()} mb={a.mb} seed={a.seed}\n"
    stamp = os.path.join(a.out, "STAMP")
    if os.path.exists(stamp) and open(stamp).read() == key:
        return
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(os.path.join(a.out, "docs"))

    rng = random.Random(a.seed)
    target = a.mb * 1_000_000
    total, n = 0, 0
    with open(os.path.join(a.out, "corpus.txt"), "wb") as one:
        while total < target:
            order = list(range(len(docs)))
            rng.shuffle(order)
            for i in order:
                if total >= target:
                    break
                d = os.path.join(a.out, "docs", f"{n // 1000:03d}")
                if n % 1000 == 0:
                    os.makedirs(d)
                with open(os.path.join(d, f"{n:06d}.txt"), "wb") as f:
                    f.write(docs[i])
                one.write(docs[i])
                total += len(docs[i])
                n += 1
    with open(stamp, "w") as f:
        f.write(key)
    print(f"corpus: {n} documents, {total / 1e6:.1f} MB from {len(docs)} originals "
          f"(seed {a.seed}) in {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
