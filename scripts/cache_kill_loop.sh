#!/usr/bin/env bash
# ROUNDS rounds of `cables index` on ARCHIVE killed with SIGKILL at a random point of the
# build (0-MAXMS ms); after each, `cables list` must succeed without a panic and list every
# cable (the cache valid, or set aside and rebuilt).
# Usage: scripts/cache_kill_loop.sh path/to/cables ARCHIVE [ROUNDS=30] [MAXMS=4000]
set -uo pipefail
bin=$1
archive=$2
rounds=${3:-30}
maxms=${4:-4000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" CABLES_DATA_DIR="$work/data" CABLES_CONFIG_DIR="$work/config"
export CABLES_CACHE_DIR="$work/reference"
want=$("$bin" -a "$archive" list 2>/dev/null | wc -l)
export CABLES_CACHE_DIR="$work/cache"
killed=0 bad=0 panics=0
for r in $(seq 1 "$rounds"); do
  # Half the rounds start from nothing, half update an existing (maybe damaged) cache.
  [ $((r % 2)) -eq 0 ] && rm -rf "$work/cache"
  "$bin" -a "$archive" index >/dev/null 2>&1 &
  pid=$!
  ms=$((RANDOM % maxms))
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
  wait "$pid" 2>/dev/null
  got=$("$bin" -a "$archive" list 2>"$work/err" | wc -l)
  grep -q panicked "$work/err" && panics=$((panics + 1))
  [ "$got" -eq "$want" ] || bad=$((bad + 1))
done
echo "rounds $rounds ($killed killed mid-build): list incomplete after $bad, panics $panics (expected $want cables each time)"
