#!/usr/bin/env bash
# N processes adding M bookmarks each, all at once, with `cables bookmarks add` (the demo
# archive), into a bookmark file that already holds BASE bookmarks. Prints how many are kept.
# Usage: scripts/bookmark_concurrency.sh [path/to/cables] [N=10] [M=20] [BASE=3000]
set -euo pipefail
bin=${1:-target/debug/cables}
procs=${2:-10}
each=${3:-20}
base=${4:-3000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" CABLES_DATA_DIR="$work/data" CABLES_CONFIG_DIR="$work/config" \
  CABLES_CACHE_DIR="$work/cache"
unset CABLES_ARCHIVE
file=$("$bin" bookmarks path)
id=$("$bin" list --json | head -1 | sed 's/.*"id":"\([^"]*\)".*/\1/')
# One real bookmark, copied BASE times with other ids, makes the starting store.
"$bin" bookmarks add "$id" '#1' --note seed >/dev/null
python3 - "$file" "$base" <<'PY'
import json, sys
path, base = sys.argv[1], int(sys.argv[2])
doc = json.load(open(path))
seed = doc["bookmarks"][0]
doc["bookmarks"] = [dict(seed, id=f"{i:011x}-base", note=f"base {i}") for i in range(base)]
json.dump(doc, open(path, "w"))
PY
start=$(date +%s.%N)
for p in $(seq 1 "$procs"); do
  (
    for n in $(seq 1 "$each"); do
      "$bin" bookmarks add "$id" '#1' --note "p$p-$n" >/dev/null 2>>"$work/err-$p" || echo "FAILED p$p-$n"
    done
  ) &
done
wait
end=$(date +%s.%N)
kept=$("$bin" bookmarks list --json | grep -c '"note":"p[0-9]*-[0-9]*"' || true)
total=$("$bin" bookmarks list --json | wc -l)
retries=$(cat "$work"/err-* | grep -c 'trying again' || true)
echo "added $((procs * each)) from $procs processes at once: $kept kept; $total in the store (base $base); lock retries: $retries; $(echo "$end - $start" | bc) s"
