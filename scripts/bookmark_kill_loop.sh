#!/usr/bin/env bash
# ROUNDS rounds of `cables bookmarks add` killed with SIGKILL after a random delay (0-60 ms).
# After each round the bookmark file must be valid JSON; at the end it must hold every
# bookmark whose command finished (exit 0, so it was acknowledged).
# Usage: scripts/bookmark_kill_loop.sh [path/to/cables] [ROUNDS=200]
set -uo pipefail
bin=${1:-target/debug/cables}
rounds=${2:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" CABLES_DATA_DIR="$work/data" CABLES_CONFIG_DIR="$work/config" \
  CABLES_CACHE_DIR="$work/cache"
unset CABLES_ARCHIVE
file=$("$bin" bookmarks path)
id=$("$bin" list --json | head -1 | sed 's/.*"id":"\([^"]*\)".*/\1/')
acked=0 killed=0 invalid=0
: > "$work/acked"
for r in $(seq 1 "$rounds"); do
  "$bin" bookmarks add "$id" '#1' --note "round-$r" >/dev/null 2>&1 &
  pid=$!
  sleep "0.0$(printf '%02d' $((RANDOM % 60)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid"
  if [ $? -eq 0 ]; then acked=$((acked + 1)); echo "round-$r" >> "$work/acked"; else killed=$((killed + 1)); fi
  if [ -e "$file" ] && ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$file" 2>/dev/null; then
    invalid=$((invalid + 1))
  fi
done
present=$("$bin" bookmarks list --json 2>/dev/null)
lost=0
while read -r note; do
  grep -q "\"note\":\"$note\"" <<<"$present" || lost=$((lost + 1))
done < "$work/acked"
aside=$(ls "$(dirname "$file")" | grep -c corrupt || true)
echo "rounds $rounds: finished $acked, killed $killed; file invalid after a round: $invalid; acknowledged but lost: $lost; files set aside: $aside"
