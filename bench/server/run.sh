#!/usr/bin/env bash
# Load run of iobind-server, and of a Node socket.io 4 server with the same handlers when Node is present.
# Usage: bench/server/run.sh   (per server: 15 s warm-up, then N = 1,10,50,100 over websocket and polling+upgrade,
#                               each 3 s warm-up + 3 s measured; about 2.5 minutes in all)
# Knobs: BENCH_ROUNDS=1 (more: every scenario measured again, medians and a round-by-round tally printed)
#        BENCH_CLIENTS=1,10 BENCH_SECONDS=3 BENCH_WARMUP=3 BENCH_SERVER_WARMUP=15 BENCH_TRANSPORTS=websocket,polling+upgrade
#        BENCH_SERVER_JVM_ARGS="-XX:+UseSerialGC -Xms64m -Xmx64m" (the iobind server JVM's options; "" for stock)
#        BENCH_NODE_PEER=off (iobind-server alone)
#        BENCH_PEER_BUILD=DIR (instead of Node, the iobind-server of another checkout, e.g. a worktree of main, as the
#                              peer: two builds compared scenario by scenario; "peer" in the tables)
set -euo pipefail
cd "$(dirname "$0")/../.."

# The demo server (io.iobind.server.Main with the in-memory store) lives in iobind-server's test sources.
mvn -B -q test-compile dependency:build-classpath -pl iobind-server >&2 \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
CLASSPATH_FILE=iobind-server/target/bench-classpath.txt
CP="$PWD/iobind-server/target/classes:$PWD/iobind-server/target/test-classes:$(cat "$CLASSPATH_FILE")"

NODE_SERVER=""
PEER_CP=""
if [ -n "${BENCH_PEER_BUILD:-}" ]; then
    (cd "$BENCH_PEER_BUILD" && mvn -B -q test-compile dependency:build-classpath -pl iobind-server >&2 \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
    PEER_DIR="$(cd "$BENCH_PEER_BUILD" && pwd)/iobind-server"
    PEER_CP="$PEER_DIR/target/classes:$PEER_DIR/target/test-classes:$(cat "$PEER_DIR/target/bench-classpath.txt")"
    echo "peer: iobind-server of $BENCH_PEER_BUILD ($(git -C "$BENCH_PEER_BUILD" log -1 --format='%h %s' 2>/dev/null | cut -c1-60))" >&2
elif [ "${BENCH_NODE_PEER:-on}" = off ]; then
    echo "BENCH_NODE_PEER=off: running iobind-server alone, without the Node peer" >&2
elif command -v node >/dev/null && command -v npm >/dev/null; then
    (cd bench/server/node && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
    NODE_SERVER="$PWD/bench/server/node/server.js"
    echo "peer: Node $(node --version), socket.io $(node -p "require('./bench/server/node/node_modules/socket.io/package.json').version")" >&2
else
    echo "Node.js not found: running iobind-server alone, without the Node peer" >&2
fi

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)" >&2
echo "iobind server JVM options: ${BENCH_SERVER_JVM_ARGS--XX:+UseSerialGC -Xms64m -Xmx64m}" >&2
exec java -Dbench.classpath="$CP" -Dbench.nodeServer="$NODE_SERVER" -Dbench.peerClasspath="$PEER_CP" \
    -Dbench.clients="${BENCH_CLIENTS:-1,10,50,100}" -Dbench.seconds="${BENCH_SECONDS:-3}" \
    -Dbench.rounds="${BENCH_ROUNDS:-1}" -Dbench.warmup="${BENCH_WARMUP:-3}" -Dbench.serverWarmup="${BENCH_SERVER_WARMUP:-15}" -Dbench.transports="${BENCH_TRANSPORTS:-websocket,polling+upgrade}" \
    -Dbench.serverJvmArgs="${BENCH_SERVER_JVM_ARGS--XX:+UseSerialGC -Xms64m -Xmx64m}" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$CP" bench/server/LoadGenerator.java
