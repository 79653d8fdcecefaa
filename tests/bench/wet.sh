# WET throughput against the same text as a folder of plain files (one per
# record), and peak RSS; not a test. Usage:
#   bash tests/bench/wet.sh BINARY SHARED_DIR WORK_DIR [COPIES] [JOBS]
# The WET file holds every corpus document (noisy, news-clean, cleaneval,
# pages) COPIES times (default 4), one conversion record each, gzip per
# record as Common Crawl writes it; the folder holds the same bodies.
set -eu
BIN=$1; SHARED=$2; WORK=$3; COPIES=${4:-4}; JOBS=${5:-1}
mkdir -p "$WORK"
python3 - "$SHARED/corpus" "$WORK" "$COPIES" <<'PY'
import base64, glob, gzip, hashlib, os, sys
corpus, work, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
paths = sorted(p for d in ("noisy", "news-clean", "cleaneval", "pages")
               for p in glob.glob(os.path.join(corpus, d, "*.txt")))
os.makedirs(os.path.join(work, "folder"), exist_ok=True)
n = 0
with open(os.path.join(work, "bench.warc.wet.gz"), "wb") as wet, \
     open(os.path.join(work, "bench.warc.wet"), "wb") as plain:
    for c in range(copies):
        for p in paths:
            n += 1
            body = open(p, "rb").read()
            head = ("WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://example.org/%d\r\n"
                    "WARC-Record-ID: <urn:uuid:%032d>\r\nWARC-Block-Digest: sha1:%s\r\n"
                    "Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n"
                    % (n, n, base64.b32encode(hashlib.sha1(body).digest()).decode(), len(body)))
            rec = head.encode() + body + b"\r\n\r\n"
            wet.write(gzip.compress(rec, compresslevel=6, mtime=0))
            plain.write(rec)
            open(os.path.join(work, "folder", "%06d.txt" % n), "wb").write(body)
print(n, "records")
PY
du -sh "$WORK/folder" "$WORK/bench.warc.wet" "$WORK/bench.warc.wet.gz"
# The machine is shared: wall-clock time is mostly waiting, so CPU time
# (user + system) is what to compare; both are best of 3.
run() {  # run NAME ARGS...: best wall-clock and CPU seconds of 3, peak RSS
  local name=$1; shift; local best=999999 cpu=999999 rss=0
  for i in 1 2 3; do
    rm -rf "$WORK/out" "$WORK/out.warc.wet.gz" "$WORK/out.warc.wet"
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$BIN" "$@" 2> /dev/null
    read -r s u y m < <(tail -1 "$WORK/time")
    best=$(python3 -c "print(min($best, $s))"); cpu=$(python3 -c "print(round(min($cpu, $u + $y), 2))"); rss=$m
  done
  echo "$name: ${best} s wall, ${cpu} s CPU, peak RSS ${rss} kB"
}
run "folder of plain files -j $JOBS" clean -q -j "$JOBS" "$WORK/folder" -o "$WORK/out"
run "plain .warc.wet" clean -q -j "$JOBS" "$WORK/bench.warc.wet" -o "$WORK/out.warc.wet"
run ".warc.wet.gz, gzip per record" clean -q -j "$JOBS" "$WORK/bench.warc.wet.gz" -o "$WORK/out.warc.wet.gz"
