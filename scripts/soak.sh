#!/usr/bin/env bash
# Soak test of the dashboard: the release build runs in tmux on a private socket at full
# speed (`f` pressed several times) with the automatic Hessian on (the default; `H` toggles it) for DURATION seconds (default 600).
# Every 10 s it samples VmRSS from /proc/PID/status; at the end it prints the series, the min/max after
# the warm-up (the first 60 s) and the drift (max-min)/min in %, PASS if within 5%, then quits with `q`
# and checks the exit code is 0.
#
#   scripts/soak.sh [DURATION_SECONDS] [PRESET]        e.g. scripts/soak.sh 600 default
# Exit: 0 PASS, 1 FAIL (drift, crash or wrong exit code), 2 usage.
set -uo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-600}
PRESET=${2:-default}
WARMUP=${SOAK_WARMUP:-60}
INTERVAL=${SOAK_INTERVAL:-10}
LIMIT_PCT=${SOAK_LIMIT_PCT:-5}
[[ "$DURATION" =~ ^[0-9]+$ ]] && (( DURATION > WARMUP )) || {
  echo "usage: scripts/soak.sh [DURATION_SECONDS > $WARMUP] [PRESET]" >&2; exit 2; }

swift build -c release --product nnviz >&2 || { echo "soak: release build failed" >&2; exit 1; }
BIN="$(swift build -c release --show-bin-path)/nnviz"

SOCK="nnviz-soak-$$"
TMP=$(mktemp -d)
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$TMP"; }
trap cleanup EXIT

tm new-session -d -s soak -x 160 -y 48 \
  "sh -c 'echo \$\$ > \"\$0\"; exec \"\$@\"' '$TMP/pid' $(printf %q "$BIN") --preset $(printf %q "$PRESET") --save-dir $(printf %q "$TMP"); echo \$? > '$TMP/rc'; read _"
tm set-option -t soak -g default-terminal tmux-256color >/dev/null 2>&1

for _ in $(seq 100); do [ -s "$TMP/pid" ] && break; sleep 0.1; done
PID=$(cat "$TMP/pid" 2>/dev/null)
[ -n "$PID" ] && [ -r "/proc/$PID/status" ] || { echo "soak: nnviz did not start" >&2; exit 1; }
for _ in $(seq 100); do tm capture-pane -p -t soak | grep -q 'step [0-9]' && break; sleep 0.1; done

# (sh writes its pid and execs nnviz, so the pid is nnviz's and nnviz keeps the pane's terminal.)
# Full speed: running (the dashboard starts running; space only if it shows paused), steps per frame
# ×2 eight times.
tm capture-pane -p -t soak | grep -q 'paused' && tm send-keys -t soak ' '
for _ in $(seq 16); do tm send-keys -t soak f; sleep 0.1; done   # up the pace ladder to max
# The automatic Hessian is on by default (`H` toggles it): press H only if the screen says it is off.
tm capture-pane -p -t soak | grep -q 'auto off' && tm send-keys -t soak H
echo "soak: pid $PID, preset $PRESET, ${DURATION}s, sampling VmRSS every ${INTERVAL}s (warm-up ${WARMUP}s)"

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$PID/status" 2>/dev/null; }
step() { tm capture-pane -p -t soak | grep -oE 'step [0-9]+' | head -n 1 | awk '{print $2}'; }
times=(); values=()
start=$(date +%s)
for (( t = 0; t <= DURATION; t += INTERVAL )); do
  while (( $(date +%s) - start < t )); do sleep 0.2; done
  v=$(rss)
  [ -n "$v" ] || { echo "soak: FAIL — nnviz exited at ${t}s (rc $(cat "$TMP/rc" 2>/dev/null))" >&2; exit 1; }
  times+=("$t"); values+=("$v")
  printf '  t=%4ds  VmRSS %7d kB  step %s\n' "$t" "$v" "$(step)"
done
tm capture-pane -p -t soak | grep -oE 'running ×[0-9]+|paused' | head -n 1 | sed 's/^/soak: state at the end: /'

tm capture-pane -p -t soak > "$TMP/last-screen"
tm send-keys -t soak q
for _ in $(seq 100); do [ -s "$TMP/rc" ] && break; sleep 0.1; done
RC=$(cat "$TMP/rc" 2>/dev/null || echo none)

min=""; max=""
for i in "${!times[@]}"; do
  (( times[i] < WARMUP )) && continue
  v=${values[i]}
  [ -z "$min" ] || (( v < min )) && min=$v
  [ -z "$max" ] || (( v > max )) && max=$v
done
drift=$(awk -v a="$min" -v b="$max" 'BEGIN { printf "%.2f", (b - a) * 100 / a }')
verdict=$(awk -v d="$drift" -v l="$LIMIT_PCT" 'BEGIN { print (d <= l) ? "PASS" : "FAIL" }')
echo "soak: after ${WARMUP}s warm-up: min ${min} kB, max ${max} kB, drift ${drift}% (limit ${LIMIT_PCT}%): $verdict"
echo "soak: last step $(grep -oE 'step [0-9]+' "$TMP/last-screen" | head -n 1 | awk '{print $2}'), exit code after q: $RC"
if grep -q 'diverged' "$TMP/last-screen"; then echo "soak: note: the run diverged"; fi
[ "$RC" = 0 ] || { echo "soak: FAIL — exit code $RC after q (want 0)"; exit 1; }
[ "$verdict" = PASS ] || exit 1
echo "soak: PASS"
