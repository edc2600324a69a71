#!/usr/bin/env bash
# Disk full: mounts a 512 KB tmpfs (needs root), fills it, and checks that `cables` says so,
# keeps what it had, and still opens an archive whose cache cannot be written.
#   scripts/disk_full.sh BIN ARCHIVE_DIR
# Prints one line per check; exits 1 at the first that fails.
set -euo pipefail
bin=$(realpath "$1")
archive=$(realpath "$2")
mnt=$(mktemp -d)
mount -t tmpfs -o size=512k tmpfs "$mnt"
trap 'umount "$mnt"; rmdir "$mnt"' EXIT
export XDG_DATA_HOME=$mnt/data XDG_CACHE_HOME=$mnt/cache XDG_CONFIG_HOME=$mnt/config
unset CABLES_DATA_DIR CABLES_CACHE_DIR CABLES_CONFIG_DIR
fail() { echo "FAIL: $*"; exit 1; }

"$bin" bookmarks add 09DUSHANBE1319 1 --note kept >/dev/null
store=$(ls "$mnt"/data/cables/bookmarks-*.json)
before=$(sha256sum "$store")
head -c 10M /dev/zero >"$mnt/fill" 2>/dev/null || true
[ "$(df --output=avail "$mnt" | tail -1 | tr -d ' ')" = 0 ] || fail "the tmpfs is not full"

set +e
err=$("$bin" bookmarks add 09DUSHANBE1319 2 --note lost 2>&1 >/dev/null); rc=$?
set -e
[ $rc = 3 ] || fail "bookmarks add on a full disk exited $rc"
grep -q "No space left on device" <<<"$err" || fail "no reason given: $err"
grep -q "$(basename "$store")" <<<"$err" || fail "the file is not named: $err"
[ "$(sha256sum "$store")" = "$before" ] || fail "the store changed"
[ -z "$(ls -A "$mnt"/data/cables | grep -v -e '\.json$' -e '\.lock$')" ] || fail "a temporary file was left"
echo "bookmarks add: exit 3, the file named, the store unchanged, no temporary file left"

set +e
err=$("$bin" -a "$archive" search the --limit 1 2>&1 >/dev/null); rc=$?
set -e
[ $rc = 0 ] || fail "search with a full cache folder exited $rc: $err"
grep -q "the disk is full" <<<"$err" || fail "the full disk is not said: $err"
grep -q "indexed in memory" <<<"$err" || fail "the fallback is not said: $err"
[ -z "$(ls -A "$mnt"/cache/cables 2>/dev/null)" ] || fail "a partial cache was left"
echo "search: answered from an index in memory, the full disk said, no partial cache left"

set +e
"$bin" -a "$archive" index >/dev/null 2>&1; rc=$?
set -e
[ $rc = 3 ] || fail "index with a full cache folder exited $rc"
echo "index: exit 3 (nothing was cached)"

# The same folders read-only (a real read-only mount, not permissions root would ignore).
rm -f "$mnt/fill"
mount -o remount,ro "$mnt"
set +e
err=$("$bin" bookmarks add 09DUSHANBE1319 3 --note ro 2>&1 >/dev/null); rc=$?
set -e
[ $rc = 3 ] || fail "bookmarks add on a read-only folder exited $rc"
grep -q "Read-only file system" <<<"$err" || fail "no reason given: $err"
[ "$(sha256sum "$store")" = "$before" ] || fail "the store changed"
"$bin" bookmarks list | grep -q kept || fail "the bookmarks cannot be listed read-only"
echo "read-only data folder: add refused (exit 3, the reason named), list still works"
set +e
err=$("$bin" -a "$archive" search the --limit 1 2>&1 >/dev/null); rc=$?
set -e
[ $rc = 0 ] || fail "search with a read-only cache folder exited $rc: $err"
grep -q "indexed in memory" <<<"$err" || fail "the fallback is not said: $err"
echo "read-only cache folder: answered from an index in memory, and said"
