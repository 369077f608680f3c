#!/usr/bin/env bash
# http-client-cpu.sh - HTTP client CPU time per request: jasyncio's ClientSession, the JDK's HttpClient (HTTP/1.1)
# and aiohttp's ClientSession, side by side against the peer harness's C epoll HTTP server.
#
# usage: [PEERS_DIR=../shared/peers] jasyncio-benchmarks/scripts/http-client-cpu.sh
# env:   CONC=64 DUR=5 ROUNDS=2 SERVER_CPU=0 CLIENT_CPU=1 PY=/usr/bin/python3
#
# Needs the benchmarks jar (./mvnw -B -DskipTests -pl jasyncio-benchmarks -am package) and the peers' C server
# (built by the peers' run-http.sh, or: gcc -O2 -o .build/epoll_server ceiling/epoll_server.c). The server is
# pinned to SERVER_CPU, each client in turn to CLIENT_CPU; ROUNDS interleaved rounds. Each client measures its own
# process CPU time (all threads) over DUR seconds after a 3 s warm-up. Kills only the server it started.
set -euo pipefail
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
ROOT=$(CDPATH= cd -- "$HERE/../.." && pwd)
PEERS_DIR=${PEERS_DIR:-$(CDPATH= cd -- "$ROOT/.." && pwd)/shared/peers}
CONC=${CONC:-64}; DUR=${DUR:-5}; ROUNDS=${ROUNDS:-2}; SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
PY=${PY:-/usr/bin/python3}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAR=$ROOT/jasyncio-benchmarks/target/benchmarks.jar
PORT=${PORT:-26300}
[[ -f $JAR ]] || { echo "build the benchmarks jar first" >&2; exit 1; }
[[ -x $PEERS_DIR/.build/epoll_server ]] || { echo "no $PEERS_DIR/.build/epoll_server: set PEERS_DIR" >&2; exit 1; }
taskset -c "$SERVER_CPU" "$PEERS_DIR/.build/epoll_server" http "$PORT" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.05; done
URL=http://127.0.0.1:$PORT/
echo "load before: $(uptime)"
for r in $(seq 1 "$ROUNDS"); do
  taskset -c "$CLIENT_CPU" "$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED -cp "$JAR" \
    io.jasyncio.benchmarks.HttpClientCpu jasyncio "$URL" "$DUR" "$CONC"
  taskset -c "$CLIENT_CPU" "$JAVA" -cp "$JAR" io.jasyncio.benchmarks.HttpClientCpu jdk "$URL" "$DUR" "$CONC"
  taskset -c "$CLIENT_CPU" "$PY" "$HERE/http_client_aiohttp.py" "$URL" "$DUR" "$CONC"
done
echo "load after: $(uptime)"
