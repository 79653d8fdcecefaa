#!/usr/bin/env python3
"""Rewrites decruft's exported line patterns (RE2 syntax, one per line, from
`decruft rules export --format=patterns`) for the other tools of the bench.

    translate.py rg-unicode|rg-ascii|grep-ere < patterns > translated

rg-unicode  ripgrep's default Unicode mode: only \\p{Sc} is spelled out
            (ripgrep 13 does not know the short name).
rg-ascii    ripgrep --no-unicode: every non-ASCII character becomes its UTF-8
            bytes; a character class holding non-ASCII members or Unicode
            classes (\\p{Z}, \\p{L}, ...) gets their bytes (or \\x80-\\xFF)
            instead: an approximation that may match more lines.
grep-ere    GNU grep -E -i: (?i) dropped, (?:...) -> (...), lazy quantifiers
            made greedy, \\d and classes spelled in POSIX bracket syntax, \\x{..}
            written as the character; in the C locale multibyte members of a
            bracket become single bytes (again an approximation).
Patterns are never dropped: the exit status is 0, and counts that differ from
decruft's own are printed by the bench beside the speed."""
import sys

UNI = {  # Unicode classes used by the rules, as member strings per target
    "Z": ("\u00a0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200b)) + "\u2028\u2029\u202f\u205f\u3000", ""),
    "Pd": ("\u2010\u2011\u2012\u2013\u2014\u2015\u2e3a\u2e3b\u301c\u30a0\ufe58\ufe63\uff0d-", "\\-"),
    "L": ("[:alpha:]", "a-zA-Z\\x80-\\xFF"),
    "Lu": ("[:upper:]", "A-Z"),
    "N": ("[:digit:]", "0-9"),
    "Sc": ("$\u00a2\u00a3\u00a4\u00a5\u20ac", "$\\x80-\\xFF"),
}


def bytes_esc(ch):
    return "".join(f"\\x{b:02X}" for b in ch.encode("utf-8"))


def parse_class(p, i):
    """p[i] == '['; returns (negated, members, end) with members a list of
    ('char', c) | ('range', a, b) | ('esc', letter) | ('prop', name) | ('posix', text)."""
    i += 1
    neg = False
    if i < len(p) and p[i] == "^":
        neg, i = True, i + 1
    members, first = [], True

    def one(i):
        c = p[i]
        if c == "\\":
            n = p[i + 1]
            if n in "pP":
                if p[i + 2] == "{":
                    j = p.index("}", i)
                    return ("prop", p[i + 3:j]), j + 1
                return ("prop", p[i + 2]), i + 3
            if n == "x":
                if p[i + 2] == "{":
                    j = p.index("}", i)
                    return ("char", chr(int(p[i + 3:j], 16))), j + 1
                return ("char", chr(int(p[i + 2:i + 4], 16))), i + 4
            if n in "sdwSDW":
                return ("esc", n), i + 2
            if n == "n":
                return ("char", "\n"), i + 2
            if n == "t":
                return ("char", "\t"), i + 2
            return ("char", n), i + 2
        if c == "[" and p[i + 1] == ":":
            j = p.index(":]", i)
            return ("posix", p[i:j + 2]), j + 2
        return ("char", c), i + 1

    while i < len(p) and (p[i] != "]" or first):
        first = False
        m, i = one(i)
        if m[0] == "char" and i + 1 < len(p) and p[i] == "-" and p[i + 1] != "]":
            m2, i = one(i + 1)
            members.append(("range", m[1], m2[1]))
        else:
            members.append(m)
    return neg, members, i + 1


def emit_class_grep(neg, members):
    chars, posix, dash, close, caret = [], [], False, False, False
    for m in members:
        if m[0] == "char":
            if m[1] == "-": dash = True
            elif m[1] == "]": close = True
            elif m[1] == "^": caret = True
            else: chars.append(m[1])
        elif m[0] == "range":
            a, b = ord(m[1]), ord(m[2])
            if b < 128:
                chars.append(f"{m[1]}-{m[2]}")
            elif b - a < 64:  # glibc refuses multibyte ranges: spell them out
                chars.extend(chr(c) for c in range(a, b + 1))
            else:  # "every non-ASCII character": letters are what matter here
                if a < 128:
                    chars.append(f"{m[1]}-\x7f")
                posix.append("[:alpha:]")
        elif m[0] == "esc":
            posix.append({"s": "[:space:]", "d": "0-9", "w": "[:alnum:]_"}.get(m[1].lower(), ""))
        elif m[0] == "prop":
            s = UNI.get(m[1], ("", ""))[0]
            if s.endswith("-"):
                dash, s = True, s[:-1]
            posix.append(s)
        elif m[0] == "posix":
            posix.append(m[1])
    body = ("]" if close else "") + "".join(chars) + "".join(posix) + ("^" if caret else "") + ("-" if dash else "")
    if not body:
        body = "\u0000" if not neg else "\u0000"
    return "[" + ("^" if neg else "") + body + "]"


def emit_class_ascii(neg, members):
    out, hi = [], False
    for m in members:
        if m[0] == "char":
            c = m[1]
            if ord(c) < 128:
                out.append("\\" + c if c in "]\\^-[" else c)
            else:
                hi = True
        elif m[0] == "range":
            a, b = m[1], m[2]
            if ord(b) < 128:
                out.append(("\\" + a if a in "]\\^-[" else a) + "-" + ("\\" + b if b in "]\\^-[" else b))
            else:
                hi = True
                if ord(a) < 128:
                    out.append(("\\" + a if a in "]\\^-[" else a) + "-\\x7F")
        elif m[0] == "esc":
            out.append("\\" + m[1])
        elif m[0] == "prop":
            s = UNI.get(m[1], ("", ""))[1]
            if "\\x80" in s:
                hi = True
                s = s.replace("\\x80-\\xFF", "")
            out.append(s)
        elif m[0] == "posix":
            out.append(m[1])
    if hi:
        out.append("\\x80-\\xFF")
    body = "".join(out) or "\\x00"
    return "[" + ("^" if neg else "") + body + "]"


def translate(p, target):
    if target == "rg-unicode":
        return p.replace("\\p{Sc}", "\\p{Currency_Symbol}")
    out, i = [], 0
    if target == "grep-ere" and p.startswith("(?i)"):
        i = 4
    while i < len(p):
        c = p[i]
        if c == "[":
            neg, members, i = parse_class(p, i)
            out.append(emit_class_grep(neg, members) if target == "grep-ere" else emit_class_ascii(neg, members))
            continue
        if c == "\\":
            n = p[i + 1]
            if n in "pP":
                if p[i + 2] == "{":
                    j = p.index("}", i)
                    name, i = p[i + 3:j], j + 1
                else:
                    name, i = p[i + 2], i + 3
                members = [("prop", name)]
                out.append(emit_class_grep(n == "P", members) if target == "grep-ere" else emit_class_ascii(n == "P", members))
                continue
            if n == "x":
                if p[i + 2] == "{":
                    j = p.index("}", i)
                    ch, i = chr(int(p[i + 3:j], 16)), j + 1
                else:
                    ch, i = chr(int(p[i + 2:i + 4], 16)), i + 4
                if target == "grep-ere":
                    out.append("\\" + ch if ch in ".[]()*+?{}|^$\\" else ch)
                else:
                    out.append(bytes_esc(ch) if ord(ch) >= 128 else ("\\" + ch if ch in ".[]()*+?{}|^$\\" else ch))
                continue
            if target == "grep-ere" and n == "d":
                out.append("[0-9]"); i += 2; continue
            if target == "grep-ere" and n == "D":
                out.append("[^0-9]"); i += 2; continue
            out.append(p[i:i + 2]); i += 2
            continue
        if c == "(" and p.startswith("(?", i) and target == "grep-ere":
            j = p.index(":", i)  # (?:...), (?-i:...): a plain group (case is grep's -i)
            out.append("("); i = j + 1; continue
        if c == "?" and target == "grep-ere" and out and out[-1] in ("*", "+", "?") or (
                c == "?" and target == "grep-ere" and out and out[-1].endswith("}") and not out[-1].startswith("\\")):
            i += 1  # lazy quantifier: greedy is the same for "does the line match?"
            continue
        if ord(c) >= 128 and target == "rg-ascii":
            out.append(bytes_esc(c)); i += 1; continue
        out.append(c); i += 1
    return "".join(out)


def main():
    target = sys.argv[1]
    for line in sys.stdin.read().splitlines():
        if line:
            sys.stdout.write(translate(line, target) + "\n")


if __name__ == "__main__":
    main()
