#!/usr/bin/env bash
# iobind:serve's edit loop: start time, and from a lib/ edit to the new bundle served and to an open page reloaded
# (headless Chromium via chromedriver; Debian's chromium + chromium-driver).
# Usage: bench/serve/run.sh   (after `mvn install`; about 1 minute)
# Knobs: BENCH_STARTS=5 BENCH_EDITS=10 BENCH_CHROMIUM=/usr/bin/chromium MVN="mvn -B" (add -Dmaven.repo.local=... if you use one)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The invoker IT's sample project: a page, lib/ (the library's layout, shared by the ITs), one vendor file.
cp -r iobind-maven-plugin-its/src/it/serve "$WORK/project"
cp -r iobind-maven-plugin-its/src/it-shared/lib "$WORK/project/lib"
sed -i "s/@project.version@/$VERSION/" "$WORK/project/pom.xml"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'), $(chromium --version 2>/dev/null)" >&2
exec java -Dbench.starts="${BENCH_STARTS:-5}" -Dbench.edits="${BENCH_EDITS:-10}" -Dbench.chromium="${BENCH_CHROMIUM:-/usr/bin/chromium}" \
    "$ROOT/bench/serve/ServeLatency.java" "$WORK/project" "${MVN:-mvn -B} io.iobind:iobind-maven-plugin:$VERSION:serve"
