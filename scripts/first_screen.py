#!/usr/bin/env python3
"""Time a `cables` TUI from process start until text appears on its screen.

Runs the binary in a pseudo-terminal (120x40 by default) and reads its output until every
`--until` text has been drawn (by default the list's filter bar: "Filter" and "all cables"),
then quits it (q, then SIGTERM, then SIGKILL). Prints one line per run: milliseconds, or
"timeout". The figures of BENCHMARKS.md's warm first screen and "one file added" rows.

    scripts/first_screen.py --runs 10 -- target/release/cables --cache-dir C -a DIR
    scripts/first_screen.py --until "of 100001" --timeout 10 -- cables -a DIR

`--touch PATH` writes a new file (a copy of `--touch-from`) just before each run starts and
removes it after (then `--reset`, e.g. `cables index`, brings the cache back to the folder
without it), so a run times how long an added file takes to show.

With `pyte` installed (`pip install pyte`) the output is also fed to a terminal emulator and
the text looked for on its screen: the TUI redraws only the cells that change, so a status
line written over one that shares some of its cells is not in the output in one piece.
"""

import argparse
import tempfile
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import fcntl
import time


def screen_model(rows, cols):
    """A terminal emulator fed with the output (`pyte`, when installed), or None.

    A marker drawn over text that shares some of its cells (a status line replacing
    another) is not in the output in one piece: the TUI redraws only the cells that
    changed. The emulated screen holds it whole."""
    try:
        import pyte
    except ImportError:
        return None
    screen = pyte.Screen(cols, rows)
    return screen, pyte.ByteStream(screen)


def on_screen(model, chunk, until):
    if model is None:
        return False
    screen, stream = model
    stream.feed(chunk)
    text = "\n".join(screen.display).encode()
    return all(u in text for u in until)


def run_once(argv, until, timeout, rows, cols, env):
    model = screen_model(rows, cols)
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    start = time.monotonic()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    seen = b""
    found = None
    while time.monotonic() - start < timeout:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        # Keep the tail only: enough for a marker split across reads.
        if all(u in seen for u in until) or on_screen(model, chunk, until):
            found = (time.monotonic() - start) * 1000
            break
        if len(seen) > 1 << 20:
            seen = seen[-4096:]
    try:
        os.write(fd, b"q")
    except OSError:
        pass
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        try:
            select.select([fd], [], [], 0.05)
            os.read(fd, 65536)
        except OSError:
            pass
    else:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(pid, sig)
                time.sleep(0.2)
                if os.waitpid(pid, os.WNOHANG)[0]:
                    break
            except (ChildProcessError, ProcessLookupError):
                break
    os.close(fd)
    return found


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--until", action="append", help="text to wait for (repeatable)")
    p.add_argument("--timeout", type=float, default=20.0)
    p.add_argument("--rows", type=int, default=40)
    p.add_argument("--cols", type=int, default=120)
    p.add_argument("--touch", help="a file to create before each run and remove after")
    p.add_argument("--touch-from", help="the file --touch copies")
    p.add_argument("--reset", help="a shell command run after each run (e.g. `cables index`,"
                   " so the next run starts from a cache without the touched file)")
    p.add_argument("argv", nargs="+")
    args = p.parse_args()
    until = [u.encode() for u in (args.until or ["Filter", "all cables"])]
    env = dict(os.environ, TERM="xterm-256color")
    # The runs' sessions and notices go to a scratch folder, not the user's (unless set).
    scratch = tempfile.mkdtemp(prefix="first_screen-")
    env.setdefault("CABLES_DATA_DIR", os.path.join(scratch, "data"))
    env.setdefault("CABLES_CONFIG_DIR", os.path.join(scratch, "config"))
    try:
        times = timed_runs(args, until, env)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    got = sorted(t for t in times if t is not None)
    if got:
        print(f"median {got[len(got) // 2]:.1f} ms, min {got[0]:.1f}, max {got[-1]:.1f}"
              f" ({len(got)} of {len(times)} runs)", file=sys.stderr)


def timed_runs(args, until, env):
    """Each run's milliseconds (None: the text never came), printed as they come."""
    times = []
    for _ in range(args.runs):
        if args.touch:
            shutil.copyfile(args.touch_from, args.touch)
        ms = run_once(args.argv, until, args.timeout, args.rows, args.cols, env)
        if args.touch:
            os.remove(args.touch)
        if args.reset:
            subprocess.run(args.reset, shell=True, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(ms)
        print("timeout" if ms is None else f"{ms:.1f}", flush=True)
        time.sleep(0.3)
    return times


if __name__ == "__main__":
    main()
