# cpu-rounds.sh - the measuring loop of echo-cpu.sh and tls-echo-cpu.sh; sourced by them, not run on its own.
#
# env:   SIZE=1024 CONC=10 DUR=3 ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1
#
# The sourcing script defines run_load INDEX SECONDS (runs its load client against server INDEX for SECONDS and
# prints a line holding rps=N), starts each server with start_server, warms it, then calls measure_rounds: ROUNDS
# interleaved rounds read each server's utime+stime from /proc around each run, then one table gives, per server,
# the lowest and median CPU microseconds per request and the best req/s. stop_servers kills only the servers
# start_server started.
SIZE=${SIZE:-1024}; CONC=${CONC:-10}; DUR=${DUR:-3}; ROUNDS=${ROUNDS:-3}
SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
TICK=$(getconf CLK_TCK)
names=(); pids=(); ports=()

# start_server NAME PORT CMD: starts CMD (split on spaces, {PORT} replaced by PORT) pinned to SERVER_CPU;
# returns once PORT accepts connections.
start_server() {
  local -a argv
  read -ra argv <<<"${3//\{PORT\}/$2}"
  taskset -c "$SERVER_CPU" "${argv[@]}" >/dev/null 2>&1 &
  pids+=($!); names+=("$1"); ports+=("$2")
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && break; sleep 0.1; done
}

stop_servers() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }

cpu() { awk -v t="$TICK" '{print ($14 + $15) / t}' "/proc/$1/stat"; }

measure_rounds() {
  local -A samples best
  local r i before after out rps us n sorted low med
  local -a xs
  for r in $(seq 1 "$ROUNDS"); do
    for i in "${!names[@]}"; do
      before=$(cpu "${pids[$i]}")
      out=$(run_load "$i" "$DUR")
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
}
