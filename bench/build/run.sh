#!/usr/bin/env bash
# Build benchmark: sizes of our dist/*.min.js next to terser and esbuild run on the same dist/*.js,
# and the wall time of `mvn iobind:build-all` (cold and up to date) in js-src.
#
# Needs: a built dist/ and the plugin installed (`mvn install` at the root), Node + npm for the size part.
# Env: MVN_ARGS   extra Maven arguments, e.g. "-o" or "-Dmaven.repo.local=/path/to/repo"
#      RUNS       timed runs per case (default 5)
#      TERSER / ESBUILD  versions to compare with (defaults below)
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dist="$root/dist"
terser_version="${TERSER:-5.51.2}"
esbuild_version="${ESBUILD:-0.28.2}"
runs="${RUNS:-5}"
bundles=(backbone.iosync backbone.iobind)

gz() { gzip -9nc "$1" | wc -c | tr -d ' '; }
raw() { wc -c <"$1" | tr -d ' '; }

mvn_cmd=(mvn -B -q ${MVN_ARGS:-} iobind:build-all)
run_build() {
  local log
  log="$(mktemp)"
  if ! (cd "$root/js-src" && "${mvn_cmd[@]}") >"$log" 2>&1; then
    cat "$log"; rm -f "$log"; echo "mvn iobind:build-all failed (is the plugin installed? mvn install at the root)"; exit 1
  fi
  rm -f "$log"
}
run_build # dist/ as the current sources and plugin make it

echo "== Size (bytes; gzip -9n) =="
for bundle in "${bundles[@]}"; do
  [[ -f "$dist/$bundle.js" ]] || { echo "missing $dist/$bundle.js: run the build first (mvn install)"; exit 1; }
done
if command -v node >/dev/null && command -v npm >/dev/null; then
  tools="$(mktemp -d)"
  trap 'rm -rf "$tools"' EXIT
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$tools" \
    "terser@$terser_version" "esbuild@$esbuild_version" >/dev/null
  printf '%-16s %-22s %8s %8s\n' bundle minifier raw gzip
  for bundle in "${bundles[@]}"; do
    # Same inputs and the same kind of output for all: banner kept (/*! comment), ES5, with a source map.
    "$tools/node_modules/.bin/terser" "$dist/$bundle.js" --compress --mangle \
      --source-map "url='$bundle.terser.min.js.map'" -o "$tools/$bundle.terser.min.js"
    "$tools/node_modules/.bin/esbuild" "$dist/$bundle.js" --minify --target=es5 --sourcemap \
      --log-level=warning --outfile="$tools/$bundle.esbuild.min.js"
    ours_gz=$(gz "$dist/$bundle.min.js")
    best_gz=999999999
    printf '%-16s %-22s %8s %8s\n' "$bundle" "closure (iobind)" "$(raw "$dist/$bundle.min.js")" "$ours_gz"
    for tool in terser esbuild; do
      file="$tools/$bundle.$tool.min.js"
      g=$(gz "$file")
      (( g < best_gz )) && best_gz=$g
      printf '%-16s %-22s %8s %8s\n' "$bundle" "$tool $( [[ $tool == terser ]] && echo "$terser_version" || echo "$esbuild_version")" "$(raw "$file")" "$g"
    done
    verdict=$([[ $ours_gz -le $best_gz ]] && echo "target met" || echo "target MISSED")
    printf '%-16s ours/best gzip = %s/%s (%s)\n' "$bundle" "$ours_gz" "$best_gz" "$verdict"
  done
else
  echo "Node/npm not found: size comparison skipped."
fi

echo
echo "== Time of mvn iobind:build-all in js-src (seconds, $runs runs each) =="
cd "$root/js-src"
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }
timed() { # label, prepare command; prints wall and CPU (user+sys, less disturbed by other load) seconds
  local label="$1" prepare="$2" walls=() cpus=() measured
  for ((i = 0; i < runs; i++)); do
    eval "$prepare"
    measured=$( { TIMEFORMAT='%R %U %S'; time run_build; } 2>&1 | tail -1)
    read -r wall user sys <<<"$measured"
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
  done
  printf '%-34s wall %s (median %s); cpu %s (median %s)\n' "$label" "${walls[*]}" \
    "$(printf '%s\n' "${walls[@]}" | median)" "${cpus[*]}" "$(printf '%s\n' "${cpus[@]}" | median)"
}
timed "cold (no build state, compiles)" "rm -rf '$root/js-src/target/iobind-build'"
timed "up to date (nothing changed)" ":"
mvn_cmd=(mvn -B -q ${MVN_ARGS:-} validate)
timed "mvn validate (Maven start-up floor)" ":"
