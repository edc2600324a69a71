#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 600), niced, one after another,
# on seeds from scripts/fuzz_seeds.py; prints one line per target (runs, corpus, findings).
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). A finding is left
# in fuzz/artifacts/<target>/ and makes the script exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
python3 scripts/fuzz_seeds.py >/dev/null
status=0
for target in parse_text csv_row json_line jsonp site_page source_file; do
    mkdir -p "fuzz/corpus/$target" "fuzz/logs"
    log="fuzz/logs/$target.log"
    if nice -n 15 cargo +nightly fuzz run --sanitizer none "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -timeout=20 >"$log" 2>&1; then
        result=ok
    else
        result=FINDING
        status=1
    fi
    runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' || echo "?")
    echo "$target: $result, $runs runs in ${seconds}s, corpus $(ls "fuzz/corpus/$target" | wc -l) inputs"
done
exit $status
