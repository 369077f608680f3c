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
# interleaved; each server runs alone during its measurement. Prints requests/s and the server's CPU time per
# request (from /proc/PID/task/*/schedstat over the measured run) per server and round, then the 2-over-1 ratios of
# the medians: of requests/s (what this machine gave) and of requests per CPU-second (whether a second loop costs
# anything per request: 1.0 means two free cores would give twice the requests).
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
declare -A RESULTS CPU
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f\n", s }'; }
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
    before=$(cpu_ns $SERVER)
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" "http://127.0.0.1:$port/")
    after=$(cpu_ns $SERVER)
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    reqs=$(awk '/requests in/ {print $1}' <<<"$out")
    us=$(awk -v a="$before" -v b="$after" -v n="$reqs" 'BEGIN { printf "%.2f", (b - a) / n / 1000 }')
    kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=""
    RESULTS[$name]="${RESULTS[$name]:-} $rps"
    CPU[$name]="${CPU[$name]:-} $us"
    echo "round $r $name: $rps requests/s, $us us server CPU per request"
  done
done
echo "load after: $(uptime)"
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for name in "${NAMES[@]}"; do
  printf '%-11s median %9.0f requests/s, %5.2f us CPU per request  (%s ; %s )\n' "$name" \
    "$(echo "${RESULTS[$name]}" | median)" "$(echo "${CPU[$name]}" | median)" "${RESULTS[$name]}" "${CPU[$name]}"
done
ratio() { # ratio NAME2 NAME1 -> requests/s ratio and per-CPU-second ratio of the medians
  awk -v r2="$(echo "${RESULTS[$1]}" | median)" -v r1="$(echo "${RESULTS[$2]}" | median)" \
      -v c2="$(echo "${CPU[$1]}" | median)" -v c1="$(echo "${CPU[$2]}" | median)" \
      'BEGIN { printf "%.2fx requests/s, %.2fx requests per CPU-second", r2 / r1, c1 / c2 }'
}
echo "two over one: jasyncio $(ratio jasyncio-2 jasyncio-1); netty $(ratio netty-2 netty-1)"
