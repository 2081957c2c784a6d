#!/usr/bin/env bash
# Several nodes through Redis: one node vs two (clients spread over them, every push shared through one
# redis-server), for iobind-server (RedisRelay) and, when Node is present, Node's socket.io with the official
# @socket.io/redis-adapter, in the same run. Reports acked ops/s, the push delay to a client on the writer's node and
# on the other node, and the CPU of the nodes and of redis-server per 1000 acked ops.
# Usage: bench/cluster/run.sh   (needs redis-server; about 5 minutes)
# Knobs: BENCH_CLIENTS=10,50 BENCH_SECONDS=5 BENCH_WARMUP=3 BENCH_SERVER_WARMUP=30 BENCH_TRANSPORTS=websocket
#        BENCH_SERVER_JVM_ARGS="-XX:+UseSerialGC -Xms64m -Xmx64m" BENCH_NODE_PEER=off
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v redis-server >/dev/null || { echo "bench/cluster needs redis-server (Debian's redis-server package)" >&2; exit 1; }

mvn -B -q test-compile dependency:build-classpath -pl iobind-server >&2 \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
CP="$PWD/iobind-server/target/classes:$PWD/iobind-server/target/test-classes:$(cat iobind-server/target/bench-classpath.txt)"

NODE_SERVER=""
if [ "${BENCH_NODE_PEER:-on}" = off ]; then
    echo "BENCH_NODE_PEER=off: iobind-server alone" >&2
elif command -v node >/dev/null && command -v npm >/dev/null; then
    (cd bench/server/node && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
    NODE_SERVER="$PWD/bench/server/node/server.js"
    echo "peer: Node $(node --version), socket.io $(node -p "require('./bench/server/node/node_modules/socket.io/package.json').version")," \
         "@socket.io/redis-adapter $(node -p "require('./bench/server/node/node_modules/@socket.io/redis-adapter/package.json').version")" >&2
else
    echo "Node.js not found: iobind-server alone" >&2
fi

# One throwaway redis-server on a free port, gone at the end.
REDIS_DIR=$(mktemp -d)
REDIS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$REDIS_DIR" \
    --logfile "$REDIS_DIR/redis.log" --daemonize no &
REDIS_PID=$!
trap 'kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null; rm -rf "$REDIS_DIR"' EXIT
for _ in $(seq 1 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
done

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(redis-server --version | cut -d' ' -f1-3)" >&2
java -Dbench.classpath="$CP" -Dbench.nodeServer="$NODE_SERVER" \
    -Dbench.nodes=1,2 -Dbench.redis="redis://127.0.0.1:$REDIS_PORT" -Dbench.redisPid="$REDIS_PID" \
    -Dbench.clients="${BENCH_CLIENTS:-10,50}" -Dbench.seconds="${BENCH_SECONDS:-5}" \
    -Dbench.warmup="${BENCH_WARMUP:-3}" -Dbench.serverWarmup="${BENCH_SERVER_WARMUP:-30}" \
    -Dbench.transports="${BENCH_TRANSPORTS:-websocket}" \
    -Dbench.serverJvmArgs="${BENCH_SERVER_JVM_ARGS--XX:+UseSerialGC -Xms64m -Xmx64m}" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$CP" bench/server/LoadGenerator.java
