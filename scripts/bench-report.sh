#!/usr/bin/env bash
# `make bench-report`: the benchmarks of issue 18's table, and the cached
# paths of issue 14, in a fixed order, into one markdown table
# (docs/BENCHMARKS.md, "make bench-report"). Every benchmark measures its
# baseline in the same run, warms both sides up and collects garbage
# before timing, and prints one BENCHREPORT line (internal/benchreport)
# with its ratio and the load average; this script builds the test
# binaries once, runs each benchmark pinned with taskset (its servers on
# SERVER_CPU, the benchmark process on CLIENT_CPU), each in a process of
# its own on a fresh database, and writes the lines as a table.
#
#   scripts/bench-report.sh [OUT.md]   table to OUT.md (and the raw output to
#                                      OUT.log), or to stdout
#
# Needs the local stack (.stack/env: PostgreSQL, Redis, versitygw, dev
# chain; `make bench-report` runs `scripts/stack.sh test` first), nginx and
# taskset. Environment: CLIENT_CPU (1), SERVER_CPU (0), QUICK=1 (shorter
# runs, for trying the script; not for figures). The benchmarks take about
# 6 minutes on the project's 2-core machine at load 45, less when quiet.
# Exits non-zero when a benchmark failed or
# printed no figure; a missed target is reported in the table, not as a
# failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${1:-}
[ -f .stack/env ] || { echo "bench-report: no .stack/env: bring the stack up (scripts/stack.sh test, or make bench-report)" >&2; exit 1; }
# shellcheck disable=SC1091
source .stack/env
for tool in taskset nginx ffprobe; do
  command -v "$tool" >/dev/null || { echo "bench-report: $tool is missing (scripts/stack.sh test installs it)" >&2; exit 1; }
done
client_cpu=${CLIENT_CPU:-1}
export PLAYBACK_BENCH_SERVER_CPU=${SERVER_CPU:-0} UPLOAD_BENCH_SERVER_CPU=${SERVER_CPU:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
start_load=$(load)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "bench-report: building the test binaries" >&2
for pkg in auth gate playback upload; do
  go test -c -o "$tmp/$pkg.test" "./server/$pkg/"
done

# The benchmark lengths: long enough for steady figures, short enough that
# the whole report stays within a few minutes.
if [ "${QUICK:-}" = 1 ]; then
  signin=500x uncached=300x cached=2000x play=200ms upload=1x
else
  signin=4000x uncached=6000x cached=20000x play=1s upload=5x
fi

status=0 seq=0
: >"$tmp/lines"
run() { # package benchmark benchtime
  local pkg=$1 bench=$2 time=$3 before log
  seq=$((seq + 1))
  log="$tmp/run-$seq.log"
  before=$(grep -c . "$tmp/lines" || true)
  echo "bench-report: $pkg $bench ($time; load $(load))" >&2
  if ! (cd "server/$pkg" && taskset -c "$client_cpu" "$tmp/$pkg.test" -test.run '^$' \
      -test.bench "$bench" -test.benchtime "$time" -test.count 1 -test.timeout 15m) \
      >"$log" 2>&1; then
    echo "bench-report: $pkg $bench failed:" >&2
    tail -n 30 "$log" >&2
    status=1
  fi
  grep -ao "BENCHREPORT.*" "$log" >>"$tmp/lines" || true
  if [ "$(grep -c . "$tmp/lines" || true)" = "$before" ]; then
    echo "bench-report: $pkg $bench printed no figure" >&2
    status=1
  fi
  cat "$log" >>"$tmp/raw.log"
}

# Issue 18's table, then issue 14's cached paths.
run auth 'BenchmarkSignIn/parallel$' "$signin"
run gate '^BenchmarkUncachedCheck$' "$uncached"
run playback '^BenchmarkAuthorize$' "$play"
run playback '^BenchmarkPlaylistGET$' "$play"
run upload '^BenchmarkUpload$' "$upload"
run gate '^BenchmarkCachedCheck$' "$cached"
run playback '^BenchmarkSegmentGET$' "$play"

{
  echo "make bench-report, $started to $(date -u +%H:%M:%SZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (modified)'), $(nproc) cores, load average $start_load at the start, $(load) at the end; benchmark process on CPU $client_cpu, servers on CPU $PLAYBACK_BENCH_SERVER_CPU${QUICK:+ (QUICK: not for figures)}"
  echo
  echo "| # | path | baseline | StreamGate | ratio | target | met | load (1, 5, 15 min) |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  awk -F'\t' '{ printf "| %d | %s | %s | %s | **%s** | %s | %s | %s |\n", NR, $2, $3, $4, $5, $6, $7, $8 }' "$tmp/lines"
} >"$tmp/table.md"

if [ -n "$out" ]; then
  cp "$tmp/table.md" "$out"
  cp "$tmp/raw.log" "${out%.md}.log"
  echo "bench-report: wrote $out (raw output: ${out%.md}.log)" >&2
else
  cat "$tmp/table.md"
fi
exit "$status"
