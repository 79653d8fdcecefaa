#!/usr/bin/env python3
"""The phrase bank: check it, build test sets from it, score decruft on them.

The bank is every tests/eval/bank/*.tsv file (columns id, category,
language, text, source; see tests/eval/bank/README.md). This script

  check      validates the bank (columns, unique ids, categories, languages,
             one KEY per source) and prints its size by category and language;
  eval       builds test documents with ../shared/eval/inject.py (each entry
             alone, and --grouped: a source's strings as one banner), cleans
             them with decruft in one batch run, and prints recall, precision
             and harmed article lines by category and by language, for the
             whole bank and for the held-out part: the entries whose source
             KEY no rule names in a `Written from:` description. The held-out
             figure is the one that predicts what users see;
  masscheck  lists, for every rule, its hits on the bank (by source) and on
             content (news-clean, cleaneval, the article lines of pages/, the
             Debian prose corpus when --prose is given) and flags the rules
             with a content hit, with no bank or corpus support, or that fire
             on one document only (after SpamAssassin's mass-check).

Lines are counted with ../shared/eval/score.py's own alignment: a noise line
is caught when 80% of its characters are gone, an article line harmed when
20% are.

Usage:
  bank.py check     [--bank DIR]
  bank.py eval      --bin build/decruft [--shared ../shared] [--work DIR]
  bank.py masscheck --bin build/decruft [--shared ../shared] [--prose DIR]
"""
import argparse
import collections
import csv
import glob
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CATEGORIES = {"donation", "js-required", "paywall", "subscription", "login", "cookie",
              "newsletter", "adblock", "ad", "social", "related"}
COLUMNS = ["id", "category", "language", "text", "source"]
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)?$")
WRITTEN_RE = re.compile(r"Written from:\s*([^.\"'\n]*)", re.I)


def load_score(shared):
    spec = importlib.util.spec_from_file_location(
        "score", os.path.join(shared, "eval", "score.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def source_key(source):
    return source.split(None, 1)[0] if source.strip() else ""


def read_bank(bank_dir):
    """Every row of every bank file, and the errors found (path:line: why)."""
    rows, errors, ids = [], [], {}
    files = sorted(glob.glob(os.path.join(bank_dir, "*.tsv")))
    if not files:
        errors.append(f"{bank_dir}: no *.tsv bank files")
    for path in files:
        rel = os.path.relpath(path, ROOT)
        with open(path, encoding="utf-8", newline="") as fh:
            lines = fh.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if not lines or lines[0].split("\t")[:5] != COLUMNS:
            errors.append(f"{rel}:1: the header must be: {' '.join(COLUMNS)}")
            continue
        for n, line in enumerate(lines[1:], start=2):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 5:
                errors.append(f"{rel}:{n}: {len(parts)} columns, 5 needed")
                continue
            r = dict(zip(COLUMNS, parts[:5]))
            r["where"] = f"{rel}:{n}"
            if r["id"] in ids:
                errors.append(f"{rel}:{n}: id {r['id']!r} already at {ids[r['id']]}")
            ids[r["id"]] = r["where"]
            if r["category"] not in CATEGORIES:
                errors.append(f"{rel}:{n}: unknown category {r['category']!r}")
            if not LANG_RE.match(r["language"]):
                errors.append(f"{rel}:{n}: language {r['language']!r} is not a code")
            if not r["text"].strip():
                errors.append(f"{rel}:{n}: empty text")
            key = source_key(r["source"])
            if not KEY_RE.match(key) or len(r["source"].split(None, 1)) < 2:
                errors.append(f"{rel}:{n}: source must be 'KEY where-from', got {r['source']!r}")
            r["key"] = key
            rows.append(r)
    return rows, errors


def written_from(rules_dir):
    """The source KEYs that rules say they were written from."""
    keys = set()
    for path in glob.glob(os.path.join(rules_dir, "**", "*.toml"), recursive=True):
        with open(path, encoding="utf-8") as fh:
            for m in WRITTEN_RE.finditer(fh.read()):
                for k in re.split(r"[,\s]+", m.group(1)):
                    if k:
                        keys.add(k.strip().lower())
    return keys


def write_bank(rows, path):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            fh.write("\t".join(r[c] for c in COLUMNS) + "\n")


def inject(shared, bank_path, out, docs, grouped, seed=1):
    cmd = [sys.executable, os.path.join(shared, "eval", "inject.py"), bank_path, out,
           "--docs", str(docs), "--seed", str(seed)]
    if grouped:
        cmd.append("--grouped")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def run_batch(binary, src, out, report=None, extra=()):
    """Cleans a folder in one run; returns nothing, the clean tree is in out."""
    cmd = [binary, "clean", src, "-o", out, "-q", "-j", str(os.cpu_count() or 2)]
    if report:
        cmd += ["--report", report]
    cmd += list(extra)
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode not in (0, 3):
        sys.exit(f"bank.py: {' '.join(cmd)}: exit {r.returncode}: "
                 f"{r.stderr.decode('utf-8', 'replace')[:400]}")


def score_folder(score, src, out):
    """Per-document line verdicts: {name: [(line_no, label or None, frac)]}."""
    labels, _ = score.load_labels(src)
    result = {}
    for name in sorted(os.listdir(src)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(src, name), "rb") as fh:
            orig = fh.read().decode("utf-8", "replace").splitlines()
        cpath = os.path.join(out, name)
        clean = []
        if os.path.exists(cpath):
            with open(cpath, "rb") as fh:
                clean = fh.read().decode("utf-8", "replace").splitlines()
        else:
            clean = orig
        frac = score.removed_fraction(orig, clean)
        doc = labels.get(name, {})
        result[name] = [(n, doc.get(n), frac[n - 1], line)
                        for n, line in enumerate(orig, start=1) if line.strip()]
    return result


def rules_by_line(report):
    """{(document, line): rule} from a --report file: who removed each line."""
    out = {}
    with open(report, "rb") as fh:
        for raw in fh:
            rec = json.loads(raw)
            path = rec.get("path") if isinstance(rec.get("path"), str) else ""
            for rm in rec.get("removals", []):
                for ln in range(rm["first_line"], rm["last_line"] + 1):
                    out[(path, ln)] = rm["rule"]
    return out


class Tally:
    def __init__(self):
        self.caught = collections.Counter()
        self.total = collections.Counter()
        self.harmed = 0
        self.content = 0
        self.harms = []
        self.harm_rules = collections.Counter()

    def add(self, verdicts, where="", who=None):
        for name, lines in verdicts.items():
            for n, cat, frac, text in lines:
                if cat == "unsure":
                    continue
                if cat is None:
                    self.content += 1
                    if frac >= 0.2:
                        self.harmed += 1
                        rule = (who or {}).get((name, n), "?")
                        self.harm_rules[rule] += 1
                        self.harms.append(f"{where}{name}:{n} [{rule}]: {text[:80]}")
                    continue
                self.total[cat] += 1
                self.caught[cat] += frac >= 0.8

    def recall(self, cat=None):
        t = sum(self.total.values()) if cat is None else self.total[cat]
        c = sum(self.caught.values()) if cat is None else self.caught[cat]
        return c, t

    def precision(self):
        c, _ = self.recall()
        return c / (c + self.harmed) if c + self.harmed else 1.0


def fmt(c, t):
    return f"{c / t:.2f} ({c}/{t})" if t else "-"


def cmd_check(args):
    rows, errors = read_bank(args.bank)
    for e in errors:
        print(f"bank.py: {e}", file=sys.stderr)
    by = collections.Counter((r["language"], r["category"]) for r in rows)
    langs = sorted({r["language"] for r in rows})
    cats = sorted(CATEGORIES)
    print(f"{len(rows)} entries, {len({r['key'] for r in rows})} sources, "
          f"{len(langs)} languages")
    print("lang  " + " ".join(f"{c[:6]:>6}" for c in cats) + "   all")
    for lang in langs:
        print(f"{lang:<5} " + " ".join(f"{by[(lang, c)]:>6}" for c in cats)
              + f" {sum(by[(lang, c)] for c in cats):>5}")
    return 1 if errors else 0


def evaluate(args, score, rows, label, work):
    """Single and grouped placement of rows: a Tally per set and per language."""
    out = {}
    for grouped in (False, True):
        name = f"{label}-{'grouped' if grouped else 'single'}"
        by_lang = {}
        total = Tally()
        for lang in sorted({r["language"] for r in rows}):
            part = [r for r in rows if r["language"] == lang]
            d = os.path.join(work, name, lang)
            bank_path = d + ".tsv"
            os.makedirs(os.path.dirname(bank_path), exist_ok=True)
            write_bank(part, bank_path)
            n_units = len({(r["key"]) for r in part}) if grouped else len(part)
            docs = max(2, -(-n_units * 2 // 5))
            inject(args.shared, bank_path, d + ".in", docs, grouped)
            run_batch(args.bin, d + ".in", d + ".out", d + ".report.jsonl")
            who = rules_by_line(d + ".report.jsonl")
            t = Tally()
            v = score_folder(score, d + ".in", d + ".out")
            t.add(v, f"{name}/{lang}/", who)
            total.add(v, f"{name}/{lang}/", who)
            by_lang[lang] = t
        out[name] = (total, by_lang)
    return out


def print_results(results):
    cats = sorted(CATEGORIES)
    for name, (total, by_lang) in results.items():
        c, t = total.recall()
        print(f"\n== {name}: recall {fmt(c, t)}, precision {total.precision():.4f}, "
              f"article lines harmed {total.harmed} of {total.content}")
        print("  by category: " + ", ".join(
            f"{cat} {fmt(*total.recall(cat))}" for cat in cats if total.total[cat]))
        print("  by language: " + ", ".join(
            f"{lang} {fmt(*tl.recall())}" for lang, tl in by_lang.items()))
        if total.harm_rules:
            print("  harmed by: " + ", ".join(f"{r} {n}" for r, n in total.harm_rules.most_common(8)))
        for h in total.harms[:6]:
            print("  HARM " + h)


def cmd_eval(args):
    score = load_score(args.shared)
    rows, errors = read_bank(args.bank)
    if errors:
        for e in errors:
            print(f"bank.py: {e}", file=sys.stderr)
        return 2
    used = written_from(args.rules)
    held = [r for r in rows if r["key"] not in used]
    work = args.work or tempfile.mkdtemp(prefix="decruft-bank-")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    print(f"bank: {len(rows)} entries from {len({r['key'] for r in rows})} sources; "
          f"held out (no rule written from them): {len(held)} entries from "
          f"{len({r['key'] for r in held})} sources")
    results = evaluate(args, score, rows, "all", work)
    if held:
        results.update(evaluate(args, score, held, "held-out", work))
    print_results(results)
    print(f"\n(test sets in {work})")
    return 0


def cmd_masscheck(args):
    score = load_score(args.shared)
    rows, errors = read_bank(args.bank)
    if errors:
        for e in errors:
            print(f"bank.py: {e}", file=sys.stderr)
        return 2
    work = args.work or tempfile.mkdtemp(prefix="decruft-mass-")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    # bank lines -> their sources, to credit a removal to the sources it came from
    line_sources = collections.defaultdict(set)
    for r in rows:
        for line in r["text"].split("\\n"):
            if line.strip():
                line_sources[line.strip()].add(r["key"])
    bank_path = os.path.join(work, "bank.tsv")
    write_bank(rows, bank_path)
    inject(args.shared, bank_path, os.path.join(work, "bank.in"), max(4, len(rows) // 2), False)
    sets = [("bank", os.path.join(work, "bank.in"))]
    corpus = os.path.join(args.shared, "corpus")
    for name in ("noisy", "news-clean", "cleaneval", "pages"):
        sets.append((name, os.path.join(corpus, name)))
    if args.prose:
        sets.append(("prose", args.prose))
    bank_hits = collections.defaultdict(collections.Counter)   # rule -> source -> n
    support = collections.defaultdict(set)                     # rule -> docs with a noise hit
    content = collections.defaultdict(list)                    # rule -> content hits
    for name, src in sets:
        out = os.path.join(work, name + ".out")
        report = os.path.join(work, name + ".report.jsonl")
        run_batch(args.bin, src, out, report)
        labels, labelled = score.load_labels(src) if name != "prose" else ({}, False)
        with open(report, "rb") as fh:
            for raw in fh:
                rec = json.loads(raw)
                path = rec.get("path") if isinstance(rec.get("path"), str) else ""
                base = os.path.relpath(path, src) if os.path.isabs(path) else path
                doc_labels = labels.get(base, {})
                for rm in rec.get("removals", []):
                    rule = rm["rule"]
                    text = rm.get("removed", {}).get("text", "")
                    lines = range(rm["first_line"], rm["last_line"] + 1)
                    body = [ln for ln, t in zip(lines, text.split("\n")) if t.strip()]
                    if not body:
                        continue
                    if labelled:
                        is_noise = [doc_labels.get(ln) is not None for ln in body]
                    else:
                        is_noise = [False] * len(body)
                    if all(is_noise):
                        support[rule].add(f"{name}/{base}")
                        if name == "bank":
                            for t in text.split("\n"):
                                for k in line_sources.get(t.strip(), ()):
                                    bank_hits[rule][k] += 1
                    else:
                        content[rule].append(f"{name}/{base}:{rm['first_line']}: "
                                             f"{text.strip()[:80]!r}")
    listed = subprocess.run([args.bin, "rules", "list"], capture_output=True, text=True)
    all_rules = []
    for line in listed.stdout.splitlines():
        tok = line.split()
        if tok and tok[0].count("/") == 2:
            all_rules.append(tok[0])
    flagged = collections.Counter()
    for rule in sorted(set(all_rules) | set(support) | set(content)):
        flags = []
        if content[rule]:
            flags.append(f"CONTENT-HIT x{len(content[rule])}")
        if not support[rule]:
            flags.append("NO-SUPPORT")
        elif len(support[rule]) == 1:
            flags.append("ONE-DOC")
        for f in flags:
            flagged[f.split()[0]] += 1
        srcs = ", ".join(f"{k} {n}" for k, n in bank_hits[rule].most_common(6))
        print(f"{rule}  docs {len(support[rule])}  bank [{srcs}]  {' '.join(flags)}")
        for c in content[rule][:3]:
            print(f"    content: {c}")
    print(f"\n{len(all_rules)} rules: " + ", ".join(f"{k} {v}" for k, v in sorted(flagged.items())))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["check", "eval", "masscheck"])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "decruft"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--bank", default=os.path.join(HERE, "bank"))
    ap.add_argument("--rules", default=os.path.join(ROOT, "rules"))
    ap.add_argument("--work", help="folder for the test sets (default: a new temporary one)")
    ap.add_argument("--prose", help="masscheck: the Debian prose corpus (eval/prose/build)")
    args = ap.parse_args()
    return {"check": cmd_check, "eval": cmd_eval, "masscheck": cmd_masscheck}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
