#!/usr/bin/env bash
# Peak memory of `cables index` on archives with one huge record: a 256 MB JSON line and a
# cables.csv whose second row never closes its quote (256 MB to the end of the file).
# Usage: scripts/record_cap.sh [path/to/cables] [MB]   (default: target/debug/cables, 256)
# Prints, per archive: the cables read, the warning, and the peak resident memory.
set -euo pipefail
bin=${1:-target/debug/cables}
mb=${2:-256}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/json" "$work/csv"
{
  printf '{"_id": "04ANKARA1", "header": "H", "body": "before"}\n'
  printf '{"_id": "04ANKARA2", "body": "'
  head -c $((mb << 20)) /dev/zero | tr '\0' 'x'
  printf '"}\n{"_id": "04ANKARA3", "header": "H", "body": "after"}\n'
} > "$work/json/cables.json"
{
  printf '"1","1/2/1967 10:00","67BONN1","Embassy Bonn","SECRET","","H","one"\n'
  printf '"2","1/2/1967 10:00","67BONN2","Embassy Bonn","SECRET","","H","never closed '
  head -c $((mb << 20)) /dev/zero | tr '\0' 'y'
  printf '\n"3","1/2/1967 10:00","67BONN3","Embassy Bonn","SECRET","","H","three"\n'
} > "$work/csv/cables.csv"
for kind in json csv; do
  echo "== $kind ($mb MB record)"
  env HOME="$work/home" CABLES_DATA_DIR="$work/data" CABLES_CONFIG_DIR="$work/config" \
    CABLES_CACHE_DIR="$work/cache-$kind" /usr/bin/time -f 'peak resident: %M KB, %e s' \
    "$bin" -a "$work/$kind" index 2>&1 | grep -v '^\s*$' | cut -c1-200
done
