#!/usr/bin/env bash
# echo-cpu.sh - server CPU time per echo request, for machines without hardware performance counters.
#
# usage: [PEERS_DIR=../shared/peers] jasyncio-benchmarks/scripts/echo-cpu.sh NAME='CMD {PORT}' ...
# env:   SIZE=1024 CONC=10 DUR=3 ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1
#
# Starts every server pinned to SERVER_CPU, warms it (2 s), then runs ROUNDS interleaved rounds of the peer
# harness's closed-loop load client (echoload, pinned to CLIENT_CPU) and reads the server's utime+stime from
# /proc around each round. Prints, per server, the lowest and median CPU microseconds per request and the
# best req/s. Kills only the servers it started.
set -euo pipefail
PEERS_DIR=${PEERS_DIR:-$(CDPATH= cd -- "$(dirname -- "$0")/../../.." && pwd)/shared/peers}
LOAD=$PEERS_DIR/.build/echoload
SIZE=${SIZE:-1024}; CONC=${CONC:-10}; DUR=${DUR:-3}; ROUNDS=${ROUNDS:-3}
SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
TICK=$(getconf CLK_TCK)
names=(); pids=(); ports=(); port=26100
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
for spec in "$@"; do
  name=${spec%%=*}; cmd=${spec#*=}; cmd=${cmd//\{PORT\}/$port}
  read -ra argv <<<"$cmd"
  taskset -c "$SERVER_CPU" "${argv[@]}" >/dev/null 2>&1 &
  pids+=($!); names+=("$name"); ports+=("$port")
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  taskset -c "$CLIENT_CPU" "$LOAD" -p "$port" -c "$CONC" -s "$SIZE" -d 2 -w 0 -l warm >/dev/null
  port=$((port + 1))
done
cpu() { awk -v t="$TICK" '{print ($14 + $15) / t}' "/proc/$1/stat"; }
declare -A samples best
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!names[@]}"; do
    before=$(cpu "${pids[$i]}")
    out=$(taskset -c "$CLIENT_CPU" "$LOAD" -p "${ports[$i]}" -c "$CONC" -s "$SIZE" -d "$DUR" -w 0 -l "${names[$i]}")
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
