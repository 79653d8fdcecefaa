#!/usr/bin/env bash
# The benchmark behind `make bench` (see README.md here). Every figure comes
# from this one invocation, so ratios compare tools under the same load.
#
#   tests/bench/run.sh BUILD_DIR SHARED_CORPUS [--table]
#
# Environment: BENCH_MB (corpus size, 200), BENCH_RUNS (warm runs, 3),
# BENCH_SET_RUNS (warm runs of the bare Set over the whole corpus, BENCH_RUNS),
# BENCH_FOLDER_RUNS (warm runs over the folder, 1: writing 33,000 files is
# slow on a busy disk), BENCH_TIMEOUT (for the very slow tools, 45 s),
# BENCH_JSONL_MB (JSONL stream size, 1000; 0 skips it).
set -euo pipefail
B=$(cd "$1" && pwd)
SRC=$2
RUNS=${BENCH_RUNS:-3}
[ "${3:-}" = --table ] && RUNS=${BENCH_RUNS:-3}
FRUNS=${BENCH_FOLDER_RUNS:-1}
MB=${BENCH_MB:-200}
HERE=$(cd "$(dirname "$0")" && pwd)
DECRUFT=$B/decruft
SPLIT=$B/tests/bench/bench_split
SET=$B/tests/bench/bench_set
W=$B/bench-work
C=$B/corpus
mkdir -p "$W"
export LC_ALL=C.UTF-8
if [ "${3:-}" != --table ]; then

python3 "$HERE/make_corpus.py" "$SRC" "$C" --mb "$MB"
ONE=$C/corpus.txt
DOCS=$C/docs
BYTES=$(stat -c %s "$ONE")
LARGEST=$(find "$DOCS" -type f -printf '%s\n' | sort -n | tail -1)

# Patterns as decruft compiles them, re-exported every run (rules change).
"$DECRUFT" rules export --format=patterns > "$W/patterns.txt"
NPAT=$(wc -l < "$W/patterns.txt")
python3 "$HERE/translate.py" rg-unicode < "$W/patterns.txt" > "$W/patterns.rg"
python3 "$HERE/translate.py" rg-ascii < "$W/patterns.txt" > "$W/patterns.rg-ascii"
python3 "$HERE/translate.py" grep-ere < "$W/patterns.txt" > "$W/patterns.grep"

# Slices for the tools too slow for the whole corpus (cut at a line end).
slice() {  # slice MB -> path
  local f=$W/slice-$1.txt
  [ -f "$f" ] || head -c "$(python3 -c "print(int($1 * 1e6))")" "$ONE" | sed '$d' > "$f"
  echo "$f"
}

ROWS=()  # "name|input|bytes|cold_s|warm_s|rss_kb|note"
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }  # of numbers on stdin
# measure NAME INPUT_LABEL BYTES EVICT_PATH RUNS CMD...: one cold pass after
# dropping EVICT_PATH from the page cache, then RUNS warm passes; keeps the
# median warm time and the largest peak RSS. Output of CMD goes to $W/out.
measure() {
  local name=$1 label=$2 bytes=$3 evict=$4 runs=$5; shift 5
  local times=() rss=0 cold t0 t1 r
  for ((i = 0; i <= runs; i++)); do
    [ "$i" = 0 ] && [ -n "$evict" ] && "$SPLIT" --evict "$evict"
    t0=$(now)
    if ! /usr/bin/time -f %M -o "$W/rss" "$@" > "$W/out" 2> "$W/err"; then
      if ! grep -q . "$W/out"; then
        # A tool that cannot run these patterns (ripgrep's ASCII mode asked
        # for 157 GB at 1,542 patterns) is a row of the table, not the end
        # of the benchmark.
        local why
        why=$(grep -v '^ *$' "$W/err" | tail -1 | cut -c1-160 | tr '|' '/')
        echo "bench: $name failed: $why" >&2
        : > "$W/out"
        ROWS+=("$name|$label|0|0|0|0|failed: $why")
        return 0
      fi
    fi
    t1=$(now)
    r=$(tail -1 "$W/rss"); [ "$r" -gt "$rss" ] && rss=$r
    if [ "$i" = 0 ]; then cold=$(echo "$t1 - $t0" | bc); else times+=("$(echo "$t1 - $t0" | bc)"); fi
  done
  local warm=$cold
  if [ "$runs" -gt 0 ]; then
    warm=$(printf '%s\n' "${times[@]}" | median)
  fi
  local note
  note=$(tail -c 200 "$W/out" | tr '\n' ' ' | sed 's/ *$//')
  ROWS+=("$name|$label|$bytes|$cold|$warm|$rss|${NOTE-$note}")
  printf '  %-34s %8.2f s warm, %8.2f s cold\n' "$name" "$warm" "$cold" >&2
}

echo "bench: $((BYTES / 1000000)) MB, $(find "$DOCS" -type f | wc -l) documents (largest $((LARGEST / 1000)) kB), $NPAT line patterns, $(nproc) cores, $RUNS warm runs" >&2

# Rule loading and compiling: a whole run over an empty input.
lt=()
for i in 1 2 3 4 5; do
  t0=$(now); "$DECRUFT" clean - < /dev/null > /dev/null; t1=$(now)
  lt+=("$(echo "($t1 - $t0) * 1000" | bc)")
done
LOAD_MS=$(printf '%.0f' "$(printf '%s\n' "${lt[@]}" | median)")
# The same with one real 2.4 kB article: what a first document costs on top
# (the rules its lines need compile on first use).
ARTICLE="$(cd "$(dirname "$0")/../.." && pwd)/samples/input/nytimes-paywall.txt"
lt=()
for i in 1 2 3 4 5; do
  t0=$(now); "$DECRUFT" clean "$ARTICLE" > /dev/null; t1=$(now)
  lt+=("$(echo "($t1 - $t0) * 1000" | bc)")
done
ARTICLE_MS=$(printf '%.0f' "$(printf '%s\n' "${lt[@]}" | median)")

NOTE="" measure "cat > /dev/null" "one file" "$BYTES" "$ONE" "$RUNS" cat "$ONE"
NOTE="" measure "read+memchr lines (I/O ceiling)" "one file" "$BYTES" "$ONE" "$RUNS" "$SPLIT" "$ONE"
# BENCH_SET_RUNS: warm runs of the bare Set over the whole corpus (default
# BENCH_RUNS): at 1,542 patterns one pass took 7-8 minutes.
measure "bare RE2::Set any-match per line" "one file" "$BYTES" "$ONE" "${BENCH_SET_RUNS:-$RUNS}" "$SET" "$W/patterns.txt" "$ONE"
SET_HITS=$(awk '{print $3}' "$W/out")
# decruft's outputs go to a RAM-backed folder when there is one: creating
# 33,000 files on the shared disk took from 12 to 25 s from one run to the
# next (ext4's inode search after the last run's deletions), which is not
# decruft's time.
O=$W
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  O=$(mktemp -d /dev/shm/decruft-bench.XXXXXX)
  trap 'rm -rf "$O"' EXIT
fi
rm -rf "$O/clean1" "$O/diff1" "$O/clean2" "$O/diff2"
NOTE="clean text + diff written, one document" measure "decruft clean (one file)" "one file" "$BYTES" "$ONE" "$RUNS" \
  "$DECRUFT" clean "$ONE" -o "$O/one.clean" --diff "$O/one.diff"
NOTE="clean + diff, -j 1" measure "decruft clean -j 1 (folder)" "folder" "$BYTES" "$DOCS" "$FRUNS" \
  "$DECRUFT" clean "$DOCS" -o "$O/clean1" --diff "$O/diff1" -j 1 -q
NOTE="clean + diff, -j 2" measure "decruft clean -j 2 (folder)" "folder" "$BYTES" "$DOCS" "$FRUNS" \
  "$DECRUFT" clean "$DOCS" -o "$O/clean2" --diff "$O/diff2" -j 2 -q
cmp -s <(cat "$O"/clean1/*/* ) <(cat "$O"/clean2/*/*) || echo "bench: -j 1 and -j 2 outputs differ!" >&2
# What two workers that share nothing get from this machine (see
# two_halves.sh): the ceiling the -j 2 row is held against.
NOTE="two -j 1 processes at once, every other file each" measure "2 processes -j 1 (folder halves)" "folder" "$BYTES" "$DOCS" "$FRUNS" \
  bash "$HERE/two_halves.sh" "$DECRUFT" "$DOCS" "$O"
# The same three runs again in rounds, each round -j 1, -j 2 and the two
# processes back to back, and a ratio per round: this machine's speed drifts
# over a minute by more than the -j 2 row's distance to its target, and the
# rows above time each command's runs together.
ROUNDS=${BENCH_ROUNDS:-3}
R_J2=() R_PROC=()
for ((k = 0; k < ROUNDS; k++)); do
  t0=$(now); "$DECRUFT" clean "$DOCS" -o "$O/clean1" --diff "$O/diff1" -j 1 -q
  t1=$(now); "$DECRUFT" clean "$DOCS" -o "$O/clean2" --diff "$O/diff2" -j 2 -q
  t2=$(now); bash "$HERE/two_halves.sh" "$DECRUFT" "$DOCS" "$O"
  t3=$(now)
  R_J2+=("$(echo "($t1 - $t0) / ($t2 - $t1)" | bc -l)")
  R_PROC+=("$(echo "($t1 - $t0) / ($t3 - $t2)" | bc -l)")
done
ROUND_J2=$(printf '%.2f' "$(printf '%s\n' "${R_J2[@]}" | median)")
ROUND_PROC=$(printf '%.2f' "$(printf '%s\n' "${R_PROC[@]}" | median)")
ROUND_J2_ALL=$(printf '%.2f ' "${R_J2[@]}")
ROUND_PROC_ALL=$(printf '%.2f ' "${R_PROC[@]}")
printf '  rounds of -j 1, -j 2, 2 processes   -j 2 %sx, processes %sx (medians of %s)\n' \
  "$ROUND_J2" "$ROUND_PROC" "$ROUNDS" >&2
rm -rf "$O/clean1" "$O/diff1" "$O/clean2" "$O/diff2" "$O/one.clean" "$O/one.diff"

S_RG=$(slice 20); S_GREP=$(slice 1); S_TINY=$(slice 0.1)
TIMEOUT=${BENCH_TIMEOUT:-45}
# slow NAME LABEL FILE CMD...: one run under a timeout; a run cut short is
# reported as an upper bound on its speed.
slow() {
  local name=$1 label=$2 file=$3; shift 3
  local t0 t1 el
  t0=$(now)
  if timeout "$TIMEOUT" "$@" > "$W/out" 2> "$W/err"; then
    t1=$(now); el=$(echo "$t1 - $t0" | bc)
    ROWS+=("$name|$label|$(bytes_of "$file")|$el|$el|0|1 run: $(tail -1 "$W/out") matching lines")
  else
    ROWS+=("$name|$label|0|0|0|0|timed out after $TIMEOUT s: < $(echo "scale=4; $(bytes_of "$file") / 1000000 / $TIMEOUT" | bc) MB/s")
  fi
  printf '  %-34s done\n' "$name" >&2
}
bytes_of() { stat -c %s "$1"; }
measure "ripgrep -c --no-unicode (ASCII)" "20 MB slice" "$(bytes_of "$S_RG")" "" "$RUNS" \
  rg -c --no-unicode -f "$W/patterns.rg-ascii" "$S_RG"
RG_HITS=$(cat "$W/out")
measure "bare RE2::Set, same 20 MB slice" "20 MB slice" "$(bytes_of "$S_RG")" "" "$RUNS" "$SET" "$W/patterns.txt" "$S_RG"
SET_RG_HITS=$(awk '{print $3}' "$W/out")
measure "GNU grep -c -E -i, LC_ALL=C" "1 MB slice" "$(bytes_of "$S_GREP")" "" 1 \
  env LC_ALL=C grep -c -E -i -f "$W/patterns.grep" "$S_GREP"
GREP_HITS=$(cat "$W/out")
measure "bare RE2::Set, same 1 MB slice" "1 MB slice" "$(bytes_of "$S_GREP")" "" "$RUNS" "$SET" "$W/patterns.txt" "$S_GREP"
SET_GREP_HITS=$(awk '{print $3}' "$W/out")
slow "ripgrep -c (Unicode)" "0.1 MB slice" "$S_TINY" rg -c -f "$W/patterns.rg" "$S_TINY"
slow "GNU grep -c -E -i, LC_ALL=C.UTF-8" "0.1 MB slice" "$S_TINY" \
  env LC_ALL=C.UTF-8 grep -c -E -i -f "$W/patterns.grep" "$S_TINY"
SET_TINY_HITS=$("$SET" "$W/patterns.txt" "$S_TINY" | awk '{print $3}')

# JSONL stream (decruft jsonl): skipped when the driver fails on one record.
JMB=${BENCH_JSONL_MB:-1000}
if [ "$JMB" -gt 0 ] && printf '{"text":"Subscribe now\\nhello\\n"}\n' | "$DECRUFT" jsonl > /dev/null 2>&1; then
  J=$W/stream.jsonl
  if [ ! -f "$J" ] || [ "$(stat -c %s "$J")" -lt "$((JMB * 1000000))" ]; then
    python3 - "$DOCS" "$J" "$JMB" <<'PY'
import json, os, sys
docs, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(docs) for f in fs)
total, n = 0, 0
with open(out, "w", encoding="utf-8") as o:
    while total < mb * 1_000_000:
        for p in files:
            t = open(p, "rb").read().decode("utf-8", "replace")
            line = json.dumps({"id": n, "url": "https://example.com/%d" % n, "text": t}, ensure_ascii=False) + "\n"
            o.write(line); total += len(line.encode("utf-8")); n += 1
            if total >= mb * 1_000_000: break
PY
  fi
  NOTE="JSONL stdin -> stdout, default threads, 1 run" measure "decruft jsonl" "$JMB MB JSONL" "$(bytes_of "$J")" "$J" 0 \
    sh -c "'$DECRUFT' jsonl < '$J' > '$W/stream.out'"
else
  ROWS+=("decruft jsonl|skipped|0|0|0|0|the jsonl driver did not clean a test record")
fi

# The table (rows kept in rows.txt: `run.sh BUILD SHARED --table` reprints it).
printf '%s\n' "${ROWS[@]}" > "$W/rows.txt"
declare -p ROUND_J2 ROUND_PROC ROUND_J2_ALL ROUND_PROC_ALL ROUNDS LOAD_MS ARTICLE_MS SET_HITS RG_HITS SET_RG_HITS GREP_HITS SET_GREP_HITS SET_TINY_HITS LARGEST > "$W/vars.sh"
fi  # measurements
mapfile -t ROWS < "$W/rows.txt"
source "$W/vars.sh"
TIMEOUT=${BENCH_TIMEOUT:-45}
# The bare Set's speed on each input, for the "vs bare Set" column.
declare -A SETRATE
for row in "${ROWS[@]}"; do
  IFS='|' read -r name label bytes cold warm rss note <<< "$row"
  case "$name" in "bare RE2::Set"*) SETRATE[$label]=$(echo "scale=4; $bytes / 1000000 / $warm" | bc) ;; esac
done
SETRATE[folder]=${SETRATE["one file"]}
{
  echo "| measurement | input | warm MB/s | cold MB/s | vs bare Set, same input | peak RSS | notes |"
  echo "|---|---|---:|---:|---:|---:|---|"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name label bytes cold warm rss note <<< "$row"
    [ "$bytes" = 0 ] && { echo "| $name | $label | - | - | - | - | $note |"; continue; }
    rss_mb=$(printf '%.0f MB' "$(echo "$rss / 1024" | bc -l)"); [ "$rss" = 0 ] && rss_mb="-"
    wr=$(echo "scale=3; $bytes / 1000000 / $warm" | bc)
    cr=$(echo "scale=3; $bytes / 1000000 / $cold" | bc)
    ratio="-"
    set_rate=${SETRATE[$label]:-}
    [ -n "$set_rate" ] && ratio=$(printf '%.2fx' "$(echo "scale=4; $wr / $set_rate" | bc)")
    printf '| %s | %s | %.2f | %.2f | %s | %s | %s |\n' "$name" "$label" "$wr" "$cr" "$ratio" \
      "$rss_mb" "$note"
  done
} > "$W/table.md"

rate() { # rate NAME -> warm MB/s
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name label bytes cold warm rss note <<< "$row"
    [ "$name" = "$1" ] && [ "$bytes" != 0 ] && { echo "scale=4; $bytes / 1000000 / $warm" | bc; return 0; }
  done
  return 0
}
x() {  # x A B -> "A/B x"; B unknown (the tool timed out on the 0.1 MB slice): a lower bound
  if [ -z "$2" ]; then printf '> %.0fx (it timed out)' "$(echo "scale=4; $1 * $TIMEOUT / 0.0998" | bc)"; return; fi
  printf '%.2fx' "$(echo "scale=4; $1 / $2" | bc)"
}
D1=$(rate "decruft clean (one file)")
F1=$(rate "decruft clean -j 1 (folder)"); F2=$(rate "decruft clean -j 2 (folder)")
FP=$(rate "2 processes -j 1 (folder halves)")
SETR=$(rate "bare RE2::Set any-match per line")
RG=$(rate "ripgrep -c --no-unicode (ASCII)"); RGU=$(rate "ripgrep -c (Unicode)")
GR=$(rate "GNU grep -c -E -i, LC_ALL=C"); GRU=$(rate "GNU grep -c -E -i, LC_ALL=C.UTF-8")
{
  echo
  echo "Ratios (warm, decruft on the one-file corpus, one thread, clean text and diff written): vs bare RE2::Set $(x "$D1" "$SETR") (target >= 0.75x, then > 1x);" \
       "vs ripgrep ASCII $(if [ -n "$RG" ]; then x "$D1" "$RG"; else echo "n/a (it failed: see its row)"; fi), vs ripgrep Unicode $(x "$D1" "$RGU") (target >= 1x);" \
       "vs GNU grep C $(x "$D1" "$GR"), vs GNU grep UTF-8 $(x "$D1" "$GRU") (target >= 2x);" \
       "Folder: -j 2 vs -j 1 $(x "$F2" "$F1") (target >= 1.8x); two separate -j 1 processes on half the files each vs -j 1: $(x "$FP" "$F1") (what this machine gives two workers that share nothing)."
  echo "In $ROUNDS rounds of -j 1, -j 2 and the two processes back to back, the median ratio per round: -j 2 vs -j 1 ${ROUND_J2}x (rounds: ${ROUND_J2_ALL% }), two processes vs -j 1 ${ROUND_PROC}x (rounds: ${ROUND_PROC_ALL% })."
  echo "Rule loading and compiling (a whole \`decruft clean - < /dev/null\`, median of 5): $LOAD_MS ms (target < 50 ms); with one 2.4 kB article (samples/input/nytimes-paywall.txt): ${ARTICLE_MS:-?} ms."
  echo "Matching lines: bare Set $SET_HITS of the corpus; on the 20 MB slice Set $SET_RG_HITS vs ripgrep ASCII $RG_HITS;" \
       "on the 1 MB slice Set $SET_GREP_HITS vs grep C $GREP_HITS; on the 0.1 MB slice Set $SET_TINY_HITS" \
       "(the ASCII translations approximate Unicode classes by bytes, so their counts differ)."
  echo "Largest document in the folder: $((LARGEST / 1000)) kB; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
} >> "$W/table.md"
cat "$W/table.md"
