#!/usr/bin/env bash
# echo-cpu.sh - server CPU time per echo request, for machines without hardware performance counters.
#
# usage: [PEERS_DIR=../shared/peers] jasyncio-benchmarks/scripts/echo-cpu.sh NAME='CMD {PORT}' ...
# env:   SIZE=1024 CONC=10 DUR=3 ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1
#
# Starts every server pinned to SERVER_CPU, warms it (2 s), then runs ROUNDS interleaved rounds of the peer
# harness's closed-loop load client (echoload, pinned to CLIENT_CPU) and reads the server's utime+stime from
# /proc around each round (cpu-rounds.sh). Prints, per server, the lowest and median CPU microseconds per request
# and the best req/s. Kills only the servers it started.
set -euo pipefail
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
PEERS_DIR=${PEERS_DIR:-$(CDPATH= cd -- "$HERE/../../.." && pwd)/shared/peers}
LOAD=$PEERS_DIR/.build/echoload
# shellcheck source=cpu-rounds.sh
. "$HERE/cpu-rounds.sh"
run_load() {
  taskset -c "$CLIENT_CPU" "$LOAD" -p "${ports[$1]}" -c "$CONC" -s "$SIZE" -d "$2" -w 0 -l "${names[$1]}"
}
trap stop_servers EXIT
port=26100
for spec in "$@"; do
  start_server "${spec%%=*}" "$port" "${spec#*=}"
  taskset -c "$CLIENT_CPU" "$LOAD" -p "$port" -c "$CONC" -s "$SIZE" -d 2 -w 0 -l warm >/dev/null
  port=$((port + 1))
done
measure_rounds
