#!/usr/bin/env bash
# README's test command (`mvn -B install`) RUNS times in a row on a fresh clone of this checkout's HEAD, to find
# tests that fail only now and then. One line per run (exit code, seconds, WARN/ERROR/stack-trace lines, whether
# the tree is still clean, load average) in target/stability/install-summary.txt; each run's output beside it.
# Usage: bench/stability/install-series.sh [RUNS=10]   (about 5 minutes a run on 2 cores)
set -uo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-10}"
OUT="$PWD/target/stability"
mkdir -p "$OUT"
: > "$OUT/install-summary.txt"
CLONE=$(mktemp -d)
trap 'rm -rf "$CLONE"' EXIT
git clone -q . "$CLONE/iobind"
cd "$CLONE/iobind"
echo "fresh clone of $(git rev-parse --short HEAD) in $CLONE/iobind" | tee -a "$OUT/install-summary.txt"
for i in $(seq 1 "$RUNS"); do
    start=$(date +%s)
    mvn -B install > "$OUT/install-$i.log" 2>&1
    rc=$?
    noisy=$(grep -cE "WARN|ERROR|^\s+at " "$OUT/install-$i.log")
    dirty=$(git status --porcelain | wc -l)
    echo "run $i: exit $rc, $(( $(date +%s) - start )) s, WARN/ERROR/stack lines $noisy, changed files after $dirty, load $(cut -d' ' -f1-3 /proc/loadavg)" \
        | tee -a "$OUT/install-summary.txt"
done
echo "$(grep -c 'exit 0' "$OUT/install-summary.txt") of $RUNS runs green" | tee -a "$OUT/install-summary.txt"
