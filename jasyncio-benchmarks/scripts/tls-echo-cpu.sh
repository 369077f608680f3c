#!/usr/bin/env bash
# tls-echo-cpu.sh - server CPU time per echo request over TLS (and plain TCP), with a JDK load client.
#
# usage: jasyncio-benchmarks/scripts/tls-echo-cpu.sh NAME='tls|plain CMD {PORT}' ...
# env:   SIZE=1024 CONC=10 DUR=3 ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1 JAVA=java
#
# As echo-cpu.sh, but the load client is TlsEchoLoad.java (the peer harness's echoload speaks no TLS); every server,
# TLS or not, is driven by the same client so the figures compare. Each server is pinned to SERVER_CPU and warmed
# (3 s), then ROUNDS interleaved rounds read its utime+stime from /proc around each run. Prints, per server, the
# lowest and median CPU microseconds per request and the best req/s. Kills only the servers it started.
set -euo pipefail
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
JAVA=${JAVA:-java}
SIZE=${SIZE:-1024}; CONC=${CONC:-10}; DUR=${DUR:-3}; ROUNDS=${ROUNDS:-3}
SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
TICK=$(getconf CLK_TCK)
LOAD_DIR=$(mktemp -d)
"${JAVA%java}javac" -d "$LOAD_DIR" "$HERE/TlsEchoLoad.java" 2>/dev/null || javac -d "$LOAD_DIR" "$HERE/TlsEchoLoad.java"
load() { taskset -c "$CLIENT_CPU" "$JAVA" -cp "$LOAD_DIR" TlsEchoLoad "$1" "$CONC" "$SIZE" "$2" "$3"; }
names=(); pids=(); ports=(); modes=(); port=26200
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$LOAD_DIR"; }
trap cleanup EXIT
for spec in "$@"; do
  name=${spec%%=*}; rest=${spec#*=}; mode=${rest%% *}; cmd=${rest#* }; cmd=${cmd//\{PORT\}/$port}
  read -ra argv <<<"$cmd"
  taskset -c "$SERVER_CPU" "${argv[@]}" >/dev/null 2>&1 &
  pids+=($!); names+=("$name"); ports+=("$port"); modes+=("$mode")
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  load "$port" 3 "$mode" >/dev/null
  port=$((port + 1))
done
cpu() { awk -v t="$TICK" '{print ($14 + $15) / t}' "/proc/$1/stat"; }
declare -A samples best
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!names[@]}"; do
    before=$(cpu "${pids[$i]}")
    out=$(load "${ports[$i]}" "$DUR" "${modes[$i]}")
    after=$(cpu "${pids[$i]}")
    rps=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<<"$out")
    us=$(awk -v b="$before" -v a="$after" -v r="$rps" -v d="$DUR" 'BEGIN{printf "%.2f", (a-b)*1e6/(r*d)}')
    samples[${names[$i]}]+="$us "
    if [[ -z "${best[${names[$i]}]:-}" ]] || awk -v x="$rps" -v y="${best[${names[$i]}]}" 'BEGIN{exit !(x>y)}'; then
      best[${names[$i]}]=$rps
    fi
  done
done
echo "| server | CPU µs/request, lowest (median) | best req/s |"
echo "|---|---|---|"
for n in "${names[@]}"; do
  read -ra xs <<<"${samples[$n]}"
  sorted=$(printf '%s\n' "${xs[@]}" | sort -g)
  low=$(head -n1 <<<"$sorted"); med=$(sed -n "$(( (${#xs[@]} + 1) / 2 ))p" <<<"$sorted")
  printf '| %s | %s (%s) | %.0f |\n' "$n" "$low" "$med" "${best[$n]}"
done
