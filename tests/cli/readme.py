#!/usr/bin/env python3
"""Runs the examples of a Markdown file and compares their output.

In each fenced block, a line starting with `$ ` is a command; the lines after
it, up to the next command or the end of the block, are what it must print
(stdout and stderr together). A line `...` in the expected output stands
for any number of lines. A command with no lines after it must print
nothing. Comments after `  # ` on a command line are part of the shell
command, as bash reads them. Each block runs as one bash session (so `cd`
carries over) in a scratch copy of the repository's samples/, with the
binary under test first on PATH as `decruft` (and `build/python`, the
Python module built beside it). Blocks whose opening fence
is not bare (```toml, ```cpp ...) and blocks without a `$ ` line are
skipped.

Usage: readme.py BINARY REPO_ROOT FILE.md
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def blocks(text):
    out, cur, bare = [], None, False
    for n, line in enumerate(text.split("\n"), start=1):
        if line.startswith("```"):
            if cur is None:
                cur, bare = [], line.strip() == "```"
                start = n
            else:
                if bare and any(l.startswith("$ ") for l in cur):
                    out.append((start, cur))
                cur = None
            continue
        if cur is not None:
            cur.append(line)
    return out


def matches(expected, actual):
    """Expected lines with `...` wildcards against actual lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


def main():
    binary, root, md = sys.argv[1:4]
    with open(md, encoding="utf-8") as fh:
        text = fh.read()
    work = tempfile.mkdtemp(prefix="decruft-readme-")
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir)
    os.symlink(os.path.abspath(binary), os.path.join(bindir, "decruft"))
    passed = failed = 0
    try:
        for start, lines in blocks(text):
            cmds = []
            for line in lines:
                if line.startswith("$ "):
                    cmds.append([line[2:], []])
                elif cmds:
                    cmds[-1][1].append(line)
            cwd = os.path.join(work, f"block{start}")
            shutil.copytree(os.path.join(root, "samples"), os.path.join(cwd, "samples"))
            marker = "@@readme-example@@"
            script = "".join(f"echo {marker}\n{c}\n" for c, _ in cmds)
            env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"],
                       LC_ALL="C.UTF-8", COLUMNS="80")
            # "build/python" in an example is the module built beside the binary.
            os.makedirs(os.path.join(cwd, "build"), exist_ok=True)
            pymod = os.path.join(os.path.dirname(os.path.abspath(binary)), "python")
            if os.path.isdir(pymod):
                os.symlink(pymod, os.path.join(cwd, "build", "python"))
            r = subprocess.run(["bash", "-c", script], cwd=cwd, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, timeout=300)
            outs = r.stdout.decode("utf-8", "replace").split(marker + "\n")[1:]
            for i, (cmd, expected) in enumerate(cmds):
                if "build/python" in cmd and not os.path.isdir(pymod):
                    # A sanitizer build has no Python module (src/python/python.cmake).
                    print(f"SKIP {md}:{start}: $ {cmd[:60]}... (no Python module beside the binary)")
                    continue
                actual = outs[i].rstrip("\n").split("\n") if i < len(outs) and outs[i] else []
                if i < len(outs) and outs[i] == "":
                    actual = []
                if matches(expected, actual):
                    passed += 1
                else:
                    failed += 1
                    print(f"FAIL {md}:{start}: $ {cmd}")
                    print("  expected:\n    " + "\n    ".join(expected))
                    print("  got:\n    " + "\n    ".join(actual))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
