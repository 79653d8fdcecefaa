#!/usr/bin/env bash
# Throughput and peak memory of the two drivers (a benchmark, not a test):
# a folder of 10,000 files and a 1 GB JSONL stream, both made from the shared
# corpus, each beside `cat` over the same bytes in the same run.
#   Usage: tests/bench/drivers.sh BINARY SHARED_DIR [WORK_DIR]
set -euo pipefail
bin=$(realpath "$1"); shared=$2; work=${3:-$(mktemp -d)}
mkdir -p "$work"
docs=("$shared"/corpus/*/*.txt)

# 10,000 files in 100 folders, cycling through the corpus.
if [ ! -d "$work/folder" ]; then
  for i in $(seq 0 9999); do
    d="$work/folder/$((i / 100))"; [ -d "$d" ] || mkdir -p "$d"
    cp "${docs[$((i % ${#docs[@]}))]}" "$d/$i.txt"
  done
fi
# About 1 GB of JSONL records, one per corpus document, repeated.
if [ ! -s "$work/stream.jsonl" ]; then
  python3 - "$work/stream.jsonl" "${docs[@]}" <<'PY'
import json, sys
recs = [json.dumps({"id": i, "url": "https://example.com/" + str(i),
                    "text": open(p, "rb").read().decode("utf-8", "replace")}) + "\n"
        for i, p in enumerate(sys.argv[2:])]
with open(sys.argv[1], "w") as out:
    size = 0
    while size < 1_000_000_000:
        for r in recs:
            out.write(r); size += len(r)
PY
fi

folder_mb=$(du -sb "$work/folder" | awk '{print $1 / 1e6}')
stream_mb=$(stat -c %s "$work/stream.jsonl" | awk '{print $1 / 1e6}')
measure() {  # measure NAME MB COMMAND...: wall seconds and peak RSS
  local name=$1 mb=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1 || true
  read -r secs kb < "$work/time"
  awk -v n="$name" -v mb="$mb" -v s="$secs" -v kb="$kb" \
    'BEGIN { printf "%-34s %8.1f MB %7.2f s %8.1f MB/s %7.1f MB peak RSS\n", n, mb, s, mb / s, kb / 1024 }'
}
echo "folder: 10,000 files, ${folder_mb} MB; stream: ${stream_mb} MB of JSONL; $(nproc) cores"
find "$work/folder" -type f -exec cat {} + > /dev/null   # warm the page cache
measure "cat (folder)" "$folder_mb" sh -c "find '$work/folder' -type f -exec cat {} + "
for j in 1 2; do
  rm -rf "$work/out"
  measure "decruft clean folder -j $j" "$folder_mb" "$bin" clean -q -j $j "$work/folder" -o "$work/out"
done
cat "$work/stream.jsonl" > /dev/null
measure "cat (stream)" "$stream_mb" cat "$work/stream.jsonl"
for j in 1 2; do
  measure "decruft jsonl -j $j" "$stream_mb" sh -c "'$bin' jsonl -j $j < '$work/stream.jsonl'"
done
