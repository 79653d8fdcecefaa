#!/usr/bin/env python3
"""Per-language figures for the shared corpus, with the shared scorer's rules.

Uses ../shared/eval/score.py's own alignment (removed_fraction, load_labels),
so a line counts as caught or harmed exactly as the scorer counts it; groups
documents by the language column of each folder's SOURCES.tsv.

Usage: by_language.py --cmd "build/decruft clean -" --shared ../shared
"""
import argparse
import collections
import csv
import importlib.util
import os
import shlex
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", required=True)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--folders", default="noisy,news-clean")
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location(
        "score", os.path.join(args.shared, "eval", "score.py"))
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    cmd = shlex.split(args.cmd)

    # language -> [noise, caught, content, harmed, docs]
    stats = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
    for folder in args.folders.split(","):
        corpus = os.path.join(args.shared, "corpus", folder)
        labels, _ = score.load_labels(corpus)
        lang_of = {}
        src = os.path.join(corpus, "SOURCES.tsv")
        if os.path.exists(src):
            with open(src, encoding="utf-8") as fh:
                rows = list(csv.reader(fh, delimiter="\t"))
            col = rows[0].index("language")
            lang_of = {r[0]: r[col] for r in rows[1:] if len(r) > col}
        for name in sorted(os.listdir(corpus)):
            if not name.endswith(".txt"):
                continue
            raw = open(os.path.join(corpus, name), "rb").read()
            out = subprocess.run(cmd, input=raw, capture_output=True).stdout
            orig = raw.decode("utf-8", "replace").splitlines()
            clean = out.decode("utf-8", "replace").splitlines()
            frac = score.removed_fraction(orig, clean)
            s = stats[lang_of.get(name, "?")]
            s[4] += 1
            doc_labels = labels.get(name, {})
            for n, line in enumerate(orig, start=1):
                if not line.strip() or doc_labels.get(n) == "unsure":
                    continue
                if n in doc_labels:
                    s[0] += 1
                    s[1] += frac[n - 1] >= 0.8
                else:
                    s[2] += 1
                    s[3] += frac[n - 1] >= 0.2
    print(f"{'language':<9}{'docs':>5}{'noise':>7}{'caught':>8}{'recall':>8}"
          f"{'content':>9}{'harmed':>8}")
    for lang in sorted(stats):
        noise, caught, content, harmed, docs = stats[lang]
        rec = f"{caught / noise:.3f}" if noise else "-"
        print(f"{lang:<9}{docs:>5}{noise:>7}{caught:>8}{rec:>8}{content:>9}{harmed:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
