#!/usr/bin/env bash
# "Many idle viewers, one writer": N idle socket.io-client 4.8.1 viewers (websocket) per server, one writer creating
# a todo 20 times; fan-out time to all N viewers, server RSS per connection, server CPU for the 20 fan-outs; for
# iobind-server's demo (io.iobind.server.Main) and the Node socket.io 4.8.1 peer (node/server.js) side by side.
# Usage: bench/server/idle-viewers.sh   (from anywhere; Node and npm required)
# Knobs: BENCH_VIEWERS=1000,5000,10000 BENCH_SERVERS=iobind,node BENCH_CREATES=20 BENCH_WARMUP_CREATES=0 BENCH_WARMUP_VIEWERS=0
#        BENCH_PAUSE_MS=200 BENCH_SETTLE_SECONDS=5 BENCH_VIEWERS_PER_GENERATOR=2500 BENCH_CONNECT_CONCURRENCY=64
#        BENCH_FANOUT_TIMEOUT_SECONDS=60 BENCH_EST_KB_PER_VIEWER=300 (memory check before each N)
#        BENCH_CLIENT_DEFLATE=on (off: the clients do not offer permessage-deflate, which browsers do offer)
#        BENCH_SERVER_JVM_ARGS="-XX:+UseSerialGC -Xmx256m -Xmn16m" (the iobind server JVM's options; "" for stock)
#        MVN_ARGS="" (extra Maven arguments, e.g. "-o -Dmaven.repo.local=...")
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v node >/dev/null && command -v npm >/dev/null || { echo "idle-viewers needs Node.js and npm" >&2; exit 1; }

# One file descriptor per connection on the server side, and per viewer in a generator: raise the soft limit to the
# hard one where allowed (the limit is checked for each N, and an N that does not fit is skipped with a line).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || echo "could not raise ulimit -n (soft $(ulimit -n), hard $(ulimit -Hn))" >&2

SERVERS="${BENCH_SERVERS:-iobind,node}"
CP=""
if [[ ",$SERVERS," == *,iobind,* ]]; then
    # The demo server (io.iobind.server.Main with the in-memory store) lives in iobind-server's test sources.
    # shellcheck disable=SC2086
    mvn -B -q ${MVN_ARGS:-} test-compile dependency:build-classpath -pl iobind-server >&2 \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
    CP="$PWD/iobind-server/target/classes:$PWD/iobind-server/target/test-classes:$(cat iobind-server/target/bench-classpath.txt)"
fi
(cd bench/server/node && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d MB", $2/1024}' /proc/meminfo), ulimit -n $(ulimit -n)," \
     "ephemeral ports $(tr '\t' '-' < /proc/sys/net/ipv4/ip_local_port_range); $(java -version 2>&1 | head -1);" \
     "Node $(node --version); socket.io $(node -p "require('./bench/server/node/node_modules/socket.io/package.json').version")," \
     "socket.io-client $(node -p "require('./bench/server/node/node_modules/socket.io-client/package.json').version")" >&2

export BENCH_CLASSPATH="$CP" BENCH_FD_LIMIT="$(ulimit -n)" BENCH_CLK_TCK="$(getconf CLK_TCK)"
export BENCH_SERVER_JVM_ARGS="${BENCH_SERVER_JVM_ARGS--XX:+UseSerialGC -Xmx256m -Xmn16m}"
exec node bench/server/node/idle-viewers.js
