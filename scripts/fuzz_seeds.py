#!/usr/bin/env python3
"""Seed corpora for the fuzz targets (fuzz/corpus/<target>/, not committed), from the
repository's demo cables and, when it is beside the repository, ../shared/corpus (read by
path, never copied into the repository): whole texts for parse_text, single rows for
csv_row, single lines for json_line, pages for site_page, the JSONP file, and small files of
every format for source_file."""
import hashlib, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "corpus")
OUT = os.path.join(ROOT, "fuzz", "corpus")
MAX_SEED = 64 * 1024


def put(target, data):
    if not data or len(data) > MAX_SEED:
        return
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def files(folder):
    for base, _, names in os.walk(folder):
        for n in sorted(names):
            yield os.path.join(base, n)


def read(path):
    with open(path, "rb") as f:
        return f.read()


ROW = re.compile(rb'^"\d+","\d', re.M)

for path in files(os.path.join(ROOT, "demo_data")):
    put("parse_text", read(path))
    put("source_file", read(path))

if not os.path.isdir(SHARED):
    print("no ../shared/corpus: seeds from demo_data only", file=sys.stderr)
    sys.exit(0)

for path in files(SHARED):
    data = read(path)
    rel = os.path.relpath(path, SHARED)
    if rel.startswith("cable-txt-converted"):
        put("parse_text", data)
        put("source_file", data)
    elif rel.startswith("cablegate-html") and path.endswith(".html"):
        put("site_page", data)
        put("source_file", data)
    elif rel.startswith("cables-csv"):
        starts = [m.start() for m in ROW.finditer(data)] + [len(data)]
        for a, b in list(zip(starts, starts[1:]))[:40]:
            put("csv_row", data[a:b])
        put("source_file", data[: starts[min(3, len(starts) - 1)]])
    elif rel.startswith("cablegate-json"):
        lines = data.split(b"\n")
        for line in lines[:200]:
            put("json_line", line)
        put("source_file", b"\n".join(lines[:3]) + b"\n")
    elif rel.startswith("cable-api-jsonp"):
        put("jsonp", data)
        put("source_file", data)

for target in sorted(os.listdir(OUT)):
    print(target, len(os.listdir(os.path.join(OUT, target))))
