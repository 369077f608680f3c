#!/usr/bin/env bash
# http-workers.sh - how the HTTP server scales from one loop to two: requests/s of jasyncio's HttpHelloServer with
# 1 and 2 workers beside the peers' Netty HTTP server with 1 and 2 event-loop threads, under the same wrk load.
#
# usage: [PEERS_DIR=../shared/peers] jasyncio-benchmarks/scripts/http-workers.sh
# env:   ROUNDS=3 DUR=5 WARM=2 CONNS=100 THREADS=2 (wrk threads)
#
# Nothing is pinned: the servers may use every core, and wrk runs on the same cores (on a 2-core machine the load
# generator takes a share of the CPU the second worker would use, which caps any server's scaling; hence Netty as
# the reference for what the machine allows). Needs the benchmarks jar (./mvnw -B -DskipTests -pl
# jasyncio-benchmarks -am package), the peers' JVM servers (built by the peers' run-http.sh) and wrk. Rounds are
# interleaved; each server runs alone during its measurement. Prints requests/s per server and round, and the
# 2-over-1 ratios of the medians.
set -euo pipefail
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
ROOT=$(CDPATH= cd -- "$HERE/../.." && pwd)
PEERS_DIR=${PEERS_DIR:-$(CDPATH= cd -- "$ROOT/.." && pwd)/shared/peers}
ROUNDS=${ROUNDS:-3}; DUR=${DUR:-5}; WARM=${WARM:-2}; CONNS=${CONNS:-100}; THREADS=${THREADS:-2}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAR=$ROOT/jasyncio-benchmarks/target/benchmarks.jar
PEERS_CP="$PEERS_DIR/servers/java/target/peers.jar:$(ls "$PEERS_DIR"/servers/java/target/lib/*.jar 2>/dev/null | tr '\n' ':')"
PORT=${PORT:-26400}
[[ -f $JAR ]] || { echo "build the benchmarks jar first" >&2; exit 1; }
[[ -f $PEERS_DIR/servers/java/target/peers.jar ]] || { echo "no peers.jar under $PEERS_DIR: run its run-http.sh once" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }

NAMES=(jasyncio-1 jasyncio-2 netty-1 netty-2)
command_of() {
  case $1 in
    jasyncio-*) echo "$JAVA --add-opens=java.base/java.lang=ALL-UNNAMED -cp $JAR io.jasyncio.benchmarks.HttpHelloServer $2 ${1#jasyncio-}" ;;
    netty-*) echo "$JAVA -cp $PEERS_CP peers.NettyHttp epoll $2 ${1#netty-}" ;;
  esac
}
declare -A RESULTS
SERVER=""
trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null || true' EXIT
echo "load before: $(uptime)"
for r in $(seq 1 "$ROUNDS"); do
  for k in "${!NAMES[@]}"; do
    name=${NAMES[$(((k + r - 1) % ${#NAMES[@]}))]}
    port=$((PORT + r * 10 + k))
    read -ra argv <<<"$(command_of "$name" "$port")"
    "${argv[@]}" >/dev/null 2>&1 &
    SERVER=$!
    for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
    wrk -t"$THREADS" -c"$CONNS" -d"${WARM}s" "http://127.0.0.1:$port/" >/dev/null 2>&1
    rps=$(wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" "http://127.0.0.1:$port/" | awk '/^Requests\/sec:/ {print $2}')
    kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=""
    RESULTS[$name]="${RESULTS[$name]:-} $rps"
    echo "round $r $name: $rps requests/s"
  done
done
echo "load after: $(uptime)"
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for name in "${NAMES[@]}"; do
  printf '%-11s median %12.0f  (%s )\n' "$name" "$(echo "${RESULTS[$name]}" | median)" "${RESULTS[$name]}"
done
j1=$(echo "${RESULTS[jasyncio-1]}" | median); j2=$(echo "${RESULTS[jasyncio-2]}" | median)
n1=$(echo "${RESULTS[netty-1]}" | median); n2=$(echo "${RESULTS[netty-2]}" | median)
awk -v j1="$j1" -v j2="$j2" -v n1="$n1" -v n2="$n2" \
  'BEGIN { printf "two over one: jasyncio %.2fx, netty %.2fx\n", j2 / j1, n2 / n1 }'
