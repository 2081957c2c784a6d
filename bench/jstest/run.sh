#!/usr/bin/env bash
# JS specs: GraalJS (iobind:test) vs Node (mocha). Runs the same js-src/test/**/*.spec.js both ways, RUNS times
# each, and prints the wall times (median) with the test counts, as a Markdown table for bench/README.md.
# iobind:test runs on each JDK of JDKS (side by side in the same run) in each of MODES: "fork" (the default: a forked
# spec JVM, spec files side by side), "fork-1-thread" (-Diobind.test.threads=1) and "in-maven" (-Diobind.test.fork=false).
#
#   bash bench/jstest/run.sh            # from the repository root, after `mvn install` (plugin in ~/.m2, dist/ built)
#   RUNS=5 MVN_ARGS="-o" bash bench/jstest/run.sh
#   JDKS="/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64" MODES="fork" bash bench/jstest/run.sh
#
# "goal" is the goal's own time: from Maven's "--- iobind-maven-plugin:...:test" line to the totals line, read from
# the log's timestamps (Maven's start and the project's model building excluded). "whole run" is the whole Maven
# run; "CPU" is its user + system CPU time (Maven and the forked JVM), the figure that depends least on the load.
# Node's side needs node + npm: the script installs the locked packages with `npm ci` into a temporary folder,
# links it as js-src/node_modules for the run, and removes both afterwards.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
RUNS=${RUNS:-3}
MVN=${MVN:-mvn}
MVN_ARGS=${MVN_ARGS:-}
MODES=${MODES:-"fork fork-1-thread in-maven"}
default_jdks="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && default_jdks="$default_jdks /usr/lib/jvm/temurin-25-jdk-amd64"
JDKS=${JDKS:-$default_jdks}
JS_SRC="$ROOT/js-src"
VERSION=$(sed -n 's:.*<artifactId>iobind-parent</artifactId>.*::;/<version>/{s:.*<version>\(.*\)</version>.*:\1:p;q}' "$ROOT/pom.xml")

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
now() { date +%s.%N; }
# seconds between the goal's start line and the totals line, from "HH:mm:ss.SSS [LEVEL] ..." log lines
goal_seconds() {
  awk '
    function secs(t) { split(t, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
    /--- iobind-maven-plugin:.*:test / { start = secs($1) }
    /\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$/ { end = secs($1) }
    END { printf "%.1f", end - start }' "$1"
}

rows=()
for jdk in $JDKS; do
  jdk_version=$("$jdk/bin/java" -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/')
  for mode in $MODES; do
    case $mode in
      fork) mode_args="-Diobind.test.fork=true"; where="forked spec JVM" ;;
      fork-1-thread) mode_args="-Diobind.test.fork=true -Diobind.test.threads=1"; where="forked spec JVM, -Diobind.test.threads=1" ;;
      in-maven) mode_args="-Diobind.test.fork=false"; where="in Maven's JVM, -Diobind.test.fork=false" ;;
      *) echo "unknown mode $mode" >&2; exit 1 ;;
    esac
    mvn_times=()
    goal_times=()
    cpu_times=()
    count=""
    for i in $(seq "$RUNS"); do
      log=$(mktemp)
      cpu=$(mktemp)
      start=$(now)
      # shellcheck disable=SC2086
      JAVA_HOME="$jdk" /usr/bin/time -o "$cpu" -f '%U %S' "$MVN" -B $MVN_ARGS -Dorg.slf4j.simpleLogger.showDateTime=true \
        -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS $mode_args \
        -f "$JS_SRC/pom.xml" "io.iobind:iobind-maven-plugin:$VERSION:test" >"$log" 2>&1 || { cat "$log"; exit 1; }
      end=$(now)
      mvn_times+=("$(echo "$end - $start" | bc)")
      goal_times+=("$(goal_seconds "$log")")
      cpu_times+=("$(awk '{print $1 + $2}' "$cpu")")
      rm -f "$cpu"
      count=$(grep -E '\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" | tail -1 | sed 's/^.*\] //')
      rm -f "$log"
    done
    rows+=("$(printf '| GraalJS, iobind:test, JDK %s, %s | %.1f s | %.1f s | %.1f s | %s |' "$jdk_version" "$where" \
      "$(printf '%s\n' "${goal_times[@]}" | median)" "$(printf '%s\n' "${mvn_times[@]}" | median)" \
      "$(printf '%s\n' "${cpu_times[@]}" | median)" "$count")")
  done
done

node_row="| Node + mocha | - | - | - | Node not found: skipped |"
if command -v node >/dev/null && command -v npm >/dev/null; then
  if [ -e "$JS_SRC/node_modules" ]; then
    echo "js-src/node_modules exists already; move it away first" >&2
    exit 1
  fi
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp" "$JS_SRC/node_modules"' EXIT
  cp "$JS_SRC/package.json" "$JS_SRC/package-lock.json" "$tmp/"
  (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null 2>&1)
  ln -s "$tmp/node_modules" "$JS_SRC/node_modules"
  node_times=()
  node_cpu=()
  node_line=""
  for i in $(seq "$RUNS"); do
    cpu=$(mktemp)
    start=$(now)
    out=$(cd "$JS_SRC" && /usr/bin/time -o "$cpu" -f '%U %S' ./node_modules/.bin/mocha --reporter dot 'test/**/*.spec.js' 2>&1) || { echo "$out"; exit 1; }
    end=$(now)
    node_times+=("$(echo "$end - $start" | bc)")
    node_cpu+=("$(awk '{print $1 + $2}' "$cpu")")
    rm -f "$cpu"
    node_line=$(echo "$out" | grep -E '[0-9]+ passing' | sed 's/^ *//')
  done
  node_row=$(printf '| Node %s + mocha, `mocha '"'"'test/**/*.spec.js'"'"'` in js-src | - | %.1f s (whole process) | %.1f s | %s |' \
    "$(node --version)" "$(printf '%s\n' "${node_times[@]}" | median)" "$(printf '%s\n' "${node_cpu[@]}" | median)" "$node_line")
fi

echo "| runner | goal (median of $RUNS) | whole run (median of $RUNS) | CPU, user + system (median) | result |"
echo "|---|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo "$node_row"
echo
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
