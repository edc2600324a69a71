#!/usr/bin/env bash
# ROUNDS rounds of the TUI (in tmux) opening a cable, scrolling and quitting, killed with
# SIGKILL 0-8 ms after its keys are sent, so some rounds die before, during or after the
# save of the reading positions and some quit on their own. After each round the session file
# must be valid JSON; after a round that quit on its own (acknowledged), the session must
# name the cable that round opened; at the end, the next start must not set anything aside.
# Usage: scripts/session_kill_loop.sh [path/to/cables] [ROUNDS=200]
set -uo pipefail
bin=$(realpath "${1:-target/debug/cables}")
rounds=${2:-200}
work=$(mktemp -d)
sock="kill-loop-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export HOME="$work/home" CABLES_DATA_DIR="$work/data" CABLES_CONFIG_DIR="$work/config" \
  CABLES_CACHE_DIR="$work/cache"
unset CABLES_ARCHIVE
mapfile -t ids < <("$bin" list --json | sed 's/.*"id":"\([^"]*\)".*/\1/')
acked=0 killed=0 invalid=0 wrong=0
for r in $(seq 1 "$rounds"); do
  n=$((r % ${#ids[@]}))
  rm -f "$work/rc"
  tmux -L "$sock" new -d -s r -x 100 -y 30 "env HOME=$HOME CABLES_DATA_DIR=$CABLES_DATA_DIR CABLES_CONFIG_DIR=$CABLES_CONFIG_DIR CABLES_CACHE_DIR=$CABLES_CACHE_DIR $bin; echo \$? > $work/rc"
  # Keys typed before the TUI reads them would be lost: wait for its first screen. A round
  # killed in the reader reopens that cable (the session says so): back to the list first.
  back=0
  for _ in $(seq 1 200); do
    screen=$(tmux -L "$sock" capture-pane -p -t r 2>/dev/null)
    grep -q '^ Filter' <<<"$screen" && break
    if [ $back = 0 ] && grep -q 'help' <<<"$screen"; then
      tmux -L "$sock" send-keys -t r q
      back=1
    fi
    sleep 0.01
  done
  # Home, then down n rows, open, scroll, back to the list, quit.
  keys=(g)
  for _ in $(seq 1 "$n"); do keys+=(j); done
  tmux -L "$sock" send-keys -t r "${keys[@]}" Enter '}' '}' q q
  sleep "0.$(printf '%03d' $((RANDOM % 8)))"
  pid=$(tmux -L "$sock" list-panes -t r -F '#{pane_pid}' 2>/dev/null)
  [ -n "$pid" ] && pkill -9 -P "$pid" -x cables 2>/dev/null
  for _ in $(seq 1 50); do [ -e "$work/rc" ] && break; sleep 0.02; done
  tmux -L "$sock" kill-server 2>/dev/null
  file=$(ls "$CABLES_DATA_DIR"/session-*.json 2>/dev/null | head -1)
  if [ "$(cat "$work/rc" 2>/dev/null)" = 0 ]; then
    acked=$((acked + 1))
    last=$(python3 -c 'import json,sys; print((json.load(open(sys.argv[1])).get("last") or {}).get("cable",""))' "$file" 2>/dev/null)
    # The list is sorted by date; the id this round opened is the one at row n of that order.
    want=$("$bin" list --sort date --json | sed -n "$((n + 1))p" | sed 's/.*"id":"\([^"]*\)".*/\1/')
    [ "$last" = "$want" ] || { wrong=$((wrong + 1)); echo "round $r: session names '$last', opened '$want'"; }
  else
    killed=$((killed + 1))
  fi
  if [ -n "$file" ] && ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$file" 2>/dev/null; then
    invalid=$((invalid + 1))
  fi
done
aside=$(ls "$CABLES_DATA_DIR" | grep -c corrupt || true)
echo "rounds $rounds: quit on their own $acked, killed $killed; session file invalid after a round: $invalid; acknowledged position wrong: $wrong; files set aside: $aside"
