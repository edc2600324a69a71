#!/usr/bin/env python3
"""Load check for `cables serve` (issue 17): N concurrent OpenSSH sessions, each scrolling the
list, reading a cable, paging, and typing a palette query (fuzzy in even sessions, a keyword
search in odd ones). Not a timed test: it prints figures for BENCHMARKS.md.

Measured, per key: the time from writing the key to the client's pty until the end of the
frame it caused (the `ESC [ ? 2026 l` that closes the synchronized update) comes back through
ssh: key-to-screen latency as the user sees it. Also the server's resident memory before the
sessions and at its peak with them (sampled every 100 ms), and its CPU use over the run.

Usage: scripts/serve_load.py [--sessions 20] [--archive PATH] [--bin target/release/cables]
       [--think 0.1]   (seconds between a frame arriving and the next key)
       [--mode mixed|fuzzy|keyword]
The archive's cache is the one of CABLES_CACHE_DIR (build it first with `cables index`, or the
server builds it before it listens). Needs ssh, ssh-keygen.
"""

import argparse
import fcntl
import os
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

FRAME_END = b"\x1b[?2026l"


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1)))))
    return ordered[k]


def proc_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


class Session(threading.Thread):
    """One ssh client on its own pty, driven key by key."""

    def __init__(self, number, ssh_argv, think, keyword):
        super().__init__(daemon=True)
        self.number = number
        self.ssh_argv = ssh_argv
        self.think = think
        self.keyword = keyword
        self.latencies = []
        self.missed = 0
        self.error = None

    def keys(self):
        scroll = [b"j"] * 15 + [b"k"] * 5
        read = [b"\r"] + [b" "] * 8 + [b"b"] * 4 + [b"q"]
        query = "/trafficking shelter" if self.keyword else "dushanbe tip"
        palette = [b":"] + [c.encode() for c in query] + [b"\x1b"]
        return scroll + read + palette + scroll

    def read_until_frame(self, fd, deadline):
        buf = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            buf += chunk
            if FRAME_END in buf:
                return True
        return False

    def drain(self, fd, quiet):
        """Read until nothing arrives for `quiet` seconds (late frames: palette results)."""
        while True:
            ready, _, _ = select.select([fd], [], [], quiet)
            if not ready:
                return
            try:
                if not os.read(fd, 65536):
                    return
            except OSError:
                return

    def run(self):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        proc = subprocess.Popen(
            self.ssh_argv, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
        )
        os.close(slave)
        try:
            if not self.read_until_frame(master, time.monotonic() + 30):
                self.error = "no first frame within 30 s"
                return
            self.drain(master, 0.3)
            for key in self.keys():
                sent = time.monotonic()
                os.write(master, key)
                if self.read_until_frame(master, sent + 5):
                    self.latencies.append((time.monotonic() - sent) * 1000)
                else:
                    self.missed += 1
                self.drain(master, self.think)
            os.write(master, b"Q")
            proc.wait(timeout=10)
        except Exception as e:  # a script, reporting what broke
            self.error = repr(e)
        finally:
            if proc.poll() is None:
                proc.kill()
            os.close(master)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--archive")
    ap.add_argument("--bin", default="target/release/cables")
    ap.add_argument("--think", type=float, default=0.1)
    ap.add_argument("--mode", choices=["mixed", "fuzzy", "keyword"], default="mixed",
                    help="the palette query: fuzzy, a keyword search, or both (alternating)")
    args = ap.parse_args()
    for tool in ("ssh", "ssh-keygen"):
        if not shutil.which(tool):
            sys.exit(f"serve_load: {tool} is missing")
    work = tempfile.mkdtemp(prefix="serve-load-")
    key = os.path.join(work, "key")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "load", "-f", key],
                   check=True)
    with open(key + ".pub") as f:
        kind, blob = f.read().split()[:2]
    keys_file = os.path.join(work, "authorized_keys")
    with open(keys_file, "w") as f:
        f.write(f"{kind} {blob} load\n")
    n = args.sessions
    argv = [args.bin]
    if args.archive:
        argv += ["--archive", args.archive]
    argv += ["serve", "--listen", "127.0.0.1:0", "--data-dir", os.path.join(work, "data"),
             "--authorized-keys", keys_file, "--max-sessions", str(n),
             "--max-sessions-per-user", str(n), "--max-startups", str(n)]
    env = dict(os.environ)
    env.setdefault("CABLES_DATA_DIR", os.path.join(work, "d"))
    env.setdefault("CABLES_CONFIG_DIR", os.path.join(work, "c"))
    log_path = os.path.join(work, "log")
    log = open(log_path, "wb")
    started = time.monotonic()
    server = subprocess.Popen(argv, stderr=log, stdout=subprocess.DEVNULL, env=env)
    port = None
    while port is None:
        if server.poll() is not None:
            sys.exit(f"serve_load: the server exited: {open(log_path).read()}")
        for line in open(log_path, errors="replace"):
            if "listening on" in line:
                port = line.strip().rsplit(":", 1)[1]
        time.sleep(0.1)
    ready = time.monotonic() - started
    time.sleep(1)
    rss_before = proc_rss_kb(server.pid)
    ssh = ["ssh", "-F", "/dev/null", "-p", port, "-i", key, "-o", "IdentitiesOnly=yes",
           "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
           "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-tt",
           "load@127.0.0.1"]
    keyword = {"mixed": lambda i: i % 2 == 1, "fuzzy": lambda i: False, "keyword": lambda i: True}
    sessions = [Session(i, ssh, args.think, keyword[args.mode](i)) for i in range(n)]
    peak = [rss_before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            try:
                peak[0] = max(peak[0], proc_rss_kb(server.pid))
            except OSError:
                return
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cpu_before = proc_cpu_seconds(server.pid)
    t0 = time.monotonic()
    for s in sessions:
        s.start()
        time.sleep(0.1)
    for s in sessions:
        s.join(timeout=300)
    wall = time.monotonic() - t0
    cpu = proc_cpu_seconds(server.pid) - cpu_before
    done.set()
    rss_after = proc_rss_kb(server.pid)
    server.terminate()
    server.wait(timeout=20)
    log.close()
    closed = sum(1 for line in open(log_path, errors="replace") if "end=closed" in line)

    all_latencies = [x for s in sessions for x in s.latencies]
    print(f"sessions: {n}, server ready after {ready:.1f} s, run {wall:.1f} s, "
          f"think time {args.think * 1000:.0f} ms")
    print(f"{'session':>7} {'mode':>8} {'keys':>5} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} "
          f"{'no frame':>8}")
    for s in sessions:
        mode = "keyword" if s.keyword else "fuzzy"
        if s.error:
            print(f"{s.number:>7} {mode:>8}  error: {s.error}")
            continue
        print(f"{s.number:>7} {mode:>8} {len(s.latencies):>5} "
              f"{percentile(s.latencies, 50):>7.1f} {percentile(s.latencies, 99):>7.1f} "
              f"{max(s.latencies, default=float('nan')):>7.1f} {s.missed:>8}")
    per_p99 = [percentile(s.latencies, 99) for s in sessions if s.latencies]
    print(f"all keys: {len(all_latencies)}, p50 {percentile(all_latencies, 50):.1f} ms, "
          f"p99 {percentile(all_latencies, 99):.1f} ms, max {max(all_latencies, default=0):.1f} ms; "
          f"worst session p99 {max(per_p99, default=float('nan')):.1f} ms; "
          f"mean {statistics.mean(all_latencies) if all_latencies else float('nan'):.1f} ms")
    print(f"server RSS: before {rss_before / 1024:.0f} MB, peak with {n} sessions "
          f"{peak[0] / 1024:.0f} MB, after they closed {rss_after / 1024:.0f} MB; "
          f"per extra session {(peak[0] - rss_before) / 1024 / n:.1f} MB")
    print(f"server CPU: {cpu:.1f} s over {wall:.1f} s = {100 * cpu / wall:.0f}% of one core")
    print(f"sessions closed normally (log): {closed} of {n}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
