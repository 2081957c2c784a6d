#!/usr/bin/env bash
# The server's test suite RUNS times in a row while BUSY busy loops (`yes > /dev/null`) compete for the cores, to
# find tests that fail only on a busy machine. One line per run (exit code, seconds, test counts, WARN/ERROR/stack
# lines, load average) in target/stability/summary.txt; each run's Maven output beside it.
# Usage: bench/stability/server-suite.sh [RUNS=30] [BUSY=2]   (after one `mvn install`; runs offline)
set -uo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-30}"
BUSY="${2:-2}"
OUT=target/stability
mkdir -p "$OUT"
: > "$OUT/summary.txt"
pids=()
for _ in $(seq 1 "$BUSY"); do
    yes > /dev/null &
    pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
for i in $(seq 1 "$RUNS"); do
    start=$(date +%s)
    mvn -B -o test -pl iobind-server > "$OUT/run-$i.log" 2>&1
    rc=$?
    tests=$(grep -E "^\[(INFO|ERROR|WARNING)\] Tests run:" "$OUT/run-$i.log" | tail -1 | sed 's/^\[[A-Z]*\] //')
    noisy=$(grep -cE "WARN|ERROR|^\s+at " "$OUT/run-$i.log")
    echo "run $i: exit $rc, $(( $(date +%s) - start )) s, $tests, WARN/ERROR/stack lines $noisy, load $(cut -d' ' -f1-3 /proc/loadavg)" \
        | tee -a "$OUT/summary.txt"
done
echo "$(grep -c 'exit 0' "$OUT/summary.txt") of $RUNS runs green" | tee -a "$OUT/summary.txt"
