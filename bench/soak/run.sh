#!/usr/bin/env bash
# Fault soak of iobind-server: healthy clients doing acked CRUD while misbehaving clients come and go; checks the
# store, the pushes, the acks, the server's RSS/threads and its idle CPU at the end. Exit status 1 if a check fails.
# Usage: bench/soak/run.sh            (from anywhere; SOAK_SECONDS=300 plus about 1.5 minutes of warm-up and checks)
# Knobs: SOAK_SECONDS=300 SOAK_HEALTHY=20 SOAK_WARMUP=20 SOAK_SETTLE=65 SOAK_THINK_MS=50 SOAK_ACK_TIMEOUT_MS=10000
#        SOAK_STORM_CLIENTS=50 SOAK_BIG_PERCENT=10 (share of creates and updates with a 32-64 KB title)
#        SOAK_SERVER_JVM_ARGS="-XX:+UseSerialGC -Xms64m -Xmx64m -XX:+AlwaysPreTouch" (the server JVM's options)
#        MVN_ARGS="-o -Dmaven.repo.local=..." (extra Maven options for building the server's test classpath)
set -euo pipefail
cd "$(dirname "$0")/../.."

# The demo server (io.iobind.server.Main with the in-memory store) lives in iobind-server's test sources.
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} test-compile dependency:build-classpath -pl iobind-server >&2 \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
CP="$PWD/iobind-server/target/classes:$PWD/iobind-server/target/test-classes:$(cat iobind-server/target/bench-classpath.txt)"

SERVER_JVM_ARGS="${SOAK_SERVER_JVM_ARGS--XX:+UseSerialGC -Xms64m -Xmx64m -XX:+AlwaysPreTouch}"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)" >&2
echo "server JVM options: $SERVER_JVM_ARGS; commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')" >&2
exec java -Dsoak.classpath="$CP" -Dsoak.serverJvmArgs="$SERVER_JVM_ARGS" \
    -Dsoak.seconds="${SOAK_SECONDS:-300}" -Dsoak.healthy="${SOAK_HEALTHY:-20}" -Dsoak.warmup="${SOAK_WARMUP:-20}" \
    -Dsoak.settle="${SOAK_SETTLE:-65}" -Dsoak.thinkMs="${SOAK_THINK_MS:-50}" \
    -Dsoak.ackTimeoutMs="${SOAK_ACK_TIMEOUT_MS:-10000}" -Dsoak.stormClients="${SOAK_STORM_CLIENTS:-50}" -Dsoak.bigPercent="${SOAK_BIG_PERCENT:-10}" \
    -Dsoak.serverLog="$PWD/iobind-server/target/soak-server.log" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$CP" bench/soak/FaultSoak.java
