#!/usr/bin/env bash
# JS specs: GraalJS (iobind:test) vs Node (mocha). Runs the same js-src/test/**/*.spec.js both ways, RUNS times
# each, and prints the wall times (median) with the test counts, as a Markdown table for bench/README.md.
#
#   bash bench/jstest/run.sh            # from the repository root, after `mvn install` (plugin in ~/.m2, dist/ built)
#   RUNS=5 MVN_ARGS="-o" bash bench/jstest/run.sh
#
# Node's side needs node + npm: the script installs the locked packages with `npm ci` into a temporary folder,
# links it as js-src/node_modules for the run, and removes both afterwards.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
RUNS=${RUNS:-3}
MVN=${MVN:-mvn}
MVN_ARGS=${MVN_ARGS:-}
JS_SRC="$ROOT/js-src"
VERSION=$(sed -n 's:.*<artifactId>iobind-parent</artifactId>.*::;/<version>/{s:.*<version>\(.*\)</version>.*:\1:p;q}' "$ROOT/pom.xml")

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
now() { date +%s.%N; }

graal_times=()
graal_count=""
for i in $(seq "$RUNS"); do
  log=$(mktemp)
  start=$(now)
  # shellcheck disable=SC2086
  "$MVN" -B $MVN_ARGS -f "$JS_SRC/pom.xml" "io.iobind:iobind-maven-plugin:$VERSION:test" >"$log" 2>&1 || { cat "$log"; exit 1; }
  end=$(now)
  graal_times+=("$(echo "$end - $start" | bc)")
  graal_count=$(grep -E '^\[(INFO|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" | tail -1 | sed 's/^\[[A-Z]*\] //')
  graal_in_goal=$(grep -oE 'Time elapsed: [0-9.]+ s - in' "$log" | awk '{s+=$3} END {printf "%.1f", s}')
  rm -f "$log"
done

node_line="Node not found: skipped"
node_times=()
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
  for i in $(seq "$RUNS"); do
    start=$(now)
    out=$(cd "$JS_SRC" && ./node_modules/.bin/mocha --reporter dot 'test/**/*.spec.js' 2>&1) || { echo "$out"; exit 1; }
    end=$(now)
    node_times+=("$(echo "$end - $start" | bc)")
    node_line=$(echo "$out" | grep -E '[0-9]+ passing' | sed 's/^ *//')
  done
fi

echo "| runner | command | wall time (median of $RUNS) | result |"
echo "|---|---|---:|---|"
printf '| GraalJS (iobind:test, JDK %s, %s s inside the goal) | `mvn -f js-src/pom.xml io.iobind:iobind-maven-plugin:%s:test` | %.1f s | %s |\n' \
  "$(java -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/')" "$graal_in_goal" "$VERSION" \
  "$(printf '%s\n' "${graal_times[@]}" | median)" "$graal_count"
if [ ${#node_times[@]} -gt 0 ]; then
  printf '| Node %s + mocha | `mocha '"'"'test/**/*.spec.js'"'"'` in js-src | %.1f s | %s |\n' \
    "$(node --version)" "$(printf '%s\n' "${node_times[@]}" | median)" "$node_line"
else
  echo "| Node + mocha | - | - | $node_line |"
fi
