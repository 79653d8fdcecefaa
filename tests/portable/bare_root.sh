#!/usr/bin/env bash
# The portable decruft (make portable, src/portable.cmake) on a bare worker:
# a root holding only the binary, its bundled libsimdjson, the dynamic
# loader, libc, libm, libstdc++ and libgcc_s. It must clean, diff and run
# jsonl there exactly as the normal build does, and the normal build must
# fail there (so the root is really bare).
#
# usage: bare_root.sh PORTABLE_DIR NORMAL_DECRUFT SOURCE_DIR
# The root is entered with a user namespace (unshare -r chroot) when the
# kernel allows it, else with chroot as root; neither: skipped (exit 77).
set -euo pipefail
portable_dir=$1 normal=$2 src=$3
bin=$portable_dir/decruft
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "no $bin: run 'make portable' first"

# What the binary and the bundled library ask for: nothing beyond glibc
# (libc, libm, the loader), libstdc++ and libgcc_s, and libsimdjson beside it.
allowed='^(libc\.so\.6|libm\.so\.6|ld-linux-x86-64\.so\.2|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libsimdjson\.so\.[0-9]+)$'
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
sj=$(needed "$bin" | grep '^libsimdjson' || true)
for f in "$bin" ${sj:+"$portable_dir/$sj"}; do
  for lib in $(needed "$f"); do
    [[ $lib =~ $allowed ]] || fail "$f needs $lib"
  done
done
runpath=$(readelf -d "$bin" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
[ -z "$sj" ] || [ "$runpath" = '$ORIGIN' ] || fail "run path '$runpath', want \$ORIGIN alone"

# The root has a /proc, as any worker has: the loader resolves $ORIGIN by
# reading /proc/self/exe. A fresh proc of a new pid namespace, so the root
# sees none of the machine's processes.
if unshare -r -p -f -m --mount-proc=/proc true 2>/dev/null; then
  enter() { unshare -r -p -f -m --mount-proc="$root/proc" chroot "$root" "$@"; }
  how="unshare -r -p -f -m --mount-proc + chroot"
elif [ "$(id -u)" = 0 ] && unshare -p -f -m --mount-proc=/proc true 2>/dev/null; then
  enter() { unshare -p -f -m --mount-proc="$root/proc" chroot "$root" "$@"; }
  how="unshare -p -f -m --mount-proc + chroot (as root)"
else
  echo "SKIP: neither a user namespace nor root for a chroot with /proc"; exit 77
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/app" "$root/proc" "$root/lib64" "$root/lib/x86_64-linux-gnu" "$root/data"
cp "$bin" "$root/app/decruft"
[ -z "$sj" ] || cp "$portable_dir/$sj" "$root/app/"
cp "$normal" "$root/app/decruft-normal"
loader=$(readlink -f /lib64/ld-linux-x86-64.so.2)
cp "$loader" "$root/lib64/ld-linux-x86-64.so.2"
for lib in libc.so.6 libm.so.6 libstdc++.so.6 libgcc_s.so.1; do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')
  [ -n "$path" ] || fail "no $lib on this machine"
  cp "$(readlink -f "$path")" "$root/lib/x86_64-linux-gnu/$lib"
done
cp "$src"/samples/input/*.txt "$root/data/"
echo "root: $(cd "$root" && find . -type f | sort | tr '\n' ' ')/proc"

in_root() { enter "$@"; }

# The normal build cannot start there: it needs toml++, Boost and simdjson.
if in_root /app/decruft-normal --version >/dev/null 2>"$root/err"; then
  fail "the normal build ran in the bare root: the root is not bare"
fi
grep -q "error while loading shared libraries" "$root/err" || fail "normal build: $(cat "$root/err")"
echo "normal build in the root: $(head -c 120 "$root/err")"

in_root /app/decruft --version || fail "--version in the bare root"
n=0
for f in "$src"/samples/input/*.txt; do
  b=$(basename "$f")
  diff <(in_root /app/decruft clean "/data/$b") <("$normal" clean "$f") >/dev/null ||
    fail "clean $b differs from the normal build"
  diff <(in_root /app/decruft diff --color=never - < "$f") <("$normal" diff --color=never - < "$f") \
    >/dev/null || fail "diff $b differs"
  n=$((n + 1))
done
# jsonl (simdjson, from the bundled library) and several threads.
jsonl=$(/usr/bin/python3 -c 'import json, sys
for f in sys.argv[1:]:
    print(json.dumps({"id": f.rsplit("/", 1)[-1], "text": open(f, encoding="utf-8").read()}))' \
  "$src"/samples/input/*.txt)
a=$(printf '%s\n' "$jsonl" | in_root /app/decruft jsonl -j 2) || fail "jsonl in the bare root"
b=$(printf '%s\n' "$jsonl" | "$normal" jsonl -j 2)
[ "$a" = "$b" ] || fail "jsonl differs from the normal build"
printf '%s\n' "$a" | grep -q '"decruft":\[{' || fail "jsonl removed nothing: the check is empty"
tarball=$portable_dir/decruft-portable.tar.gz
if [ -n "$sj" ]; then
  [ "$(tar tzf "$tarball" | LC_ALL=C sort | tr "\n" " ")" = "decruft/ decruft/decruft decruft/$sj " ] ||
    fail "$tarball holds $(tar tzf "$tarball" | tr '\n' ' ')"
fi
echo "PASS: $n samples cleaned and diffed, $(printf '%s\n' "$a" | wc -l) jsonl records, in a root entered with $how"
