#!/usr/bin/env bash
# tls-echo-cpu.sh - server CPU time per echo request over TLS (and plain TCP), with a JDK load client.
#
# usage: jasyncio-benchmarks/scripts/tls-echo-cpu.sh NAME='tls|plain CMD {PORT}' ...
# env:   SIZE=1024 CONC=10 DUR=3 ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1 JAVA=java
#
# As echo-cpu.sh, but the load client is TlsEchoLoad.java (the peer harness's echoload speaks no TLS); every server,
# TLS or not, is driven by the same client so the figures compare. Each server is pinned to SERVER_CPU and warmed
# (3 s), then ROUNDS interleaved rounds read its utime+stime from /proc around each run (cpu-rounds.sh). Prints, per
# server, the lowest and median CPU microseconds per request and the best req/s. Kills only the servers it started.
set -euo pipefail
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
JAVA=${JAVA:-java}
# shellcheck source=cpu-rounds.sh
. "$HERE/cpu-rounds.sh"
LOAD_DIR=$(mktemp -d)
trap 'stop_servers; rm -rf "$LOAD_DIR"' EXIT
"${JAVA%java}javac" -d "$LOAD_DIR" "$HERE/TlsEchoLoad.java" 2>/dev/null || javac -d "$LOAD_DIR" "$HERE/TlsEchoLoad.java"
load() { taskset -c "$CLIENT_CPU" "$JAVA" -cp "$LOAD_DIR" TlsEchoLoad "$1" "$CONC" "$SIZE" "$2" "$3"; }
modes=()
run_load() { load "${ports[$1]}" "$2" "${modes[$1]}"; }
port=26200
for spec in "$@"; do
  name=${spec%%=*}; rest=${spec#*=}; mode=${rest%% *}
  start_server "$name" "$port" "${rest#* }"
  modes+=("$mode")
  load "$port" 3 "$mode" >/dev/null
  port=$((port + 1))
done
measure_rounds
