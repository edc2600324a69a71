#!/usr/bin/env python3
"""Field-by-field diff of two `parse_digest --json` runs (issue 13: every parser rule is
checked on the whole corpus before it is kept).

    cargo run --example parse_digest -- ../shared --json > before.jsonl
    ... change a rule ...
    cargo run --example parse_digest -- ../shared --json > after.jsonl
    scripts/digest_diff.py before.jsonl after.jsonl [--fields] [--show FIELD]

Prints the number of changed texts per field, then (with --show FIELD) every change of that
field: source, before, after. `paragraphs` changes are shown as the paragraphs that left and
came (text cut to 160 characters).
"""
import json
import sys
from collections import Counter


def load(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            src, _, js = line.rstrip("\n").rpartition("\t")
            try:
                out[src] = json.loads(js)
            except json.JSONDecodeError:
                out[src] = {"unparsed": js}
    return out


def para_key(p):
    if not isinstance(p, dict):
        return str(p)
    return f"[{p.get('label')}|{p.get('marking')}|{p.get('kind')}] {p.get('text', '')}"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = None
    if "--show" in sys.argv:
        show = sys.argv[sys.argv.index("--show") + 1]
        args = [a for a in args if a != show]
    a, b = load(args[0]), load(args[1])
    counts = Counter()
    changed = []
    for src in sorted(set(a) | set(b)):
        x, y = a.get(src), b.get(src)
        if x == y:
            continue
        if not isinstance(x, dict) or not isinstance(y, dict):
            counts["(whole value)"] += 1
            changed.append((src, "(whole value)", x, y))
            continue
        for k in sorted(set(x) | set(y)):
            if x.get(k) != y.get(k):
                counts[k] += 1
                changed.append((src, k, x.get(k), y.get(k)))
    print(f"texts: {len(a)} before, {len(b)} after; changed fields:")
    for k, n in counts.most_common():
        print(f"  {k:<20} {n}")
    if show:
        for src, k, x, y in changed:
            if k != show:
                continue
            print(f"\n== {src}")
            if k == "paragraphs" and isinstance(x, list) and isinstance(y, list):
                xs, ys = [para_key(p) for p in x], [para_key(p) for p in y]
                for p in xs:
                    if p not in ys:
                        print(f"  - {p[:160]}")
                for p in ys:
                    if p not in xs:
                        print(f"  + {p[:160]}")
            else:
                print(f"  - {json.dumps(x)[:300]}\n  + {json.dumps(y)[:300]}")


if __name__ == "__main__":
    main()
