#!/usr/bin/env bash
# Load check for `cables serve`: N concurrent SSH sessions, each scrolling and searching,
# and the server's resident memory before and with them (not a timed test).
# Usage: scripts/serve_load.sh [N] [ARCHIVE]   (default: 20 sessions, the demo archive)
# Needs ssh, ssh-keygen and script (util-linux). Builds nothing: uses target/release/cables
# if present, else target/debug/cables.
set -euo pipefail
N=${1:-20}
ARCHIVE=${2:-}
cd "$(dirname "$0")/.."
BIN=target/release/cables
[ -x "$BIN" ] || BIN=target/debug/cables
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
ssh-keygen -q -t ed25519 -N "" -C load -f "$WORK/key"
echo "$(cut -d' ' -f1,2 "$WORK/key.pub") load" > "$WORK/authorized_keys"
ARGS=(serve --listen 127.0.0.1:0 --data-dir "$WORK/data" --authorized-keys "$WORK/authorized_keys"
      --max-sessions "$N" --max-sessions-per-user "$N" --max-startups "$N")
[ -n "$ARCHIVE" ] && ARGS=(--archive "$ARCHIVE" "${ARGS[@]}")
CABLES_DATA_DIR="$WORK/d" "$BIN" "${ARGS[@]}" 2> "$WORK/log" &
SERVER=$!
until grep -q "listening on" "$WORK/log"; do sleep 0.2; done
PORT=$(grep -o "listening on .*" "$WORK/log" | sed 's/.*://')
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
BEFORE=$(rss)
SSH="ssh -F /dev/null -p $PORT -i $WORK/key -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -tt load@127.0.0.1"
for i in $(seq "$N"); do
  # Scroll the list, open a cable, page through it, search with the palette, quit.
  ( sleep 3; for _ in $(seq 20); do printf 'j'; sleep 0.05; done; printf '\r'; sleep 0.5
    for _ in $(seq 20); do printf ' '; sleep 0.05; done
    printf 'q:'; sleep 0.3; printf 'embassy'; sleep 1; printf '\x1b'; sleep 2; printf 'Q' ) |
    script -qfec "stty cols 120 rows 40; $SSH" /dev/null > /dev/null 2>&1 &
done
sleep 6
DURING=$(rss)
wait $(jobs -p | grep -v "^$SERVER$") 2>/dev/null || true
echo "sessions: $N"
echo "server RSS before: ${BEFORE} kB; with $N sessions: ${DURING} kB"
echo "per extra session: $(( (DURING - BEFORE) / N )) kB"
grep -c "end=closed" "$WORK/log" | sed 's/^/sessions closed normally: /'
