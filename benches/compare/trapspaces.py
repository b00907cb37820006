#!/usr/bin/env python3
"""Minimal trap spaces of the corpus: stored mpbn references, and basin side by side with mpbn
and trappist.

Peers are for reference only (basin never calls them). Install them in a virtual environment:

    python3 -m venv /tmp/venv-trap
    /tmp/venv-trap/bin/pip install mpbn trappist      # clingo comes from PyPI with mpbn
    # trappist runs a `clingo` executable; the PyPI package has `python -m clingo`:
    printf '#!/bin/sh\\nexec /tmp/venv-trap/bin/python -m clingo "$@"\\n' > /tmp/venv-trap/bin/clingo
    chmod +x /tmp/venv-trap/bin/clingo

Then, from the repository root:

    # The references tests/trapspace_corpus.rs reads (run once; the file is committed):
    /tmp/venv-trap/bin/python benches/compare/trapspaces.py references \\
        --corpus ../shared/corpus --out tests/expected/trapspaces_mpbn.json
    # The benchmark table of benches/README-trapspaces.md:
    cargo build --release
    PATH=/tmp/venv-trap/bin:$PATH /tmp/venv-trap/bin/python benches/compare/trapspaces.py \\
        bench --corpus ../shared/corpus --basin target/release/basin --timeout 60

Every peer run is its own process with a timeout; times are wall-clock seconds. basin's time is
its whole process (parse, search, output written to /dev/null); the peers' is measured inside
their process from loading the model to the last trap space (the Python start-up and imports
are left out, which favours the peers).
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import time

# Patterns are stored for models with at most this many minimal trap spaces (the count for up to
# COUNT_LIMIT).
PATTERN_LIMIT = 2000
COUNT_LIMIT = 20000

WORKER = r"""
import json, sys, time
tool, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
if tool == "mpbn":
    import mpbn
    bn = mpbn.MPBooleanNetwork(path)
    names = list(bn.keys())
    spaces = []
    for a in bn.attractors(limit=limit):
        spaces.append("".join(str(a[n]) for n in names))
    elapsed = time.perf_counter() - start
elif tool == "trappist":
    import trappist
    names = None
    spaces = []
    for sol in trappist.compute_trap_spaces(path, max_output=limit, computation="min"):
        spaces.append("".join(str(v) for v in sol))
    elapsed = time.perf_counter() - start
    # trappist reports its places in its own order; take them from a display run's header.
    import io, contextlib
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        for _ in trappist.compute_trap_spaces(path, display=True, max_output=1, computation="min"):
            pass
    names = buf.getvalue().splitlines()[0].split()
else:
    raise SystemExit("unknown tool " + tool)
print(json.dumps({"names": names, "spaces": spaces, "seconds": elapsed}))
"""


def run_peer(tool, path, limit, timeout):
    """(status, names, spaces, seconds) of one peer run in its own process."""
    try:
        out = subprocess.run(
            [sys.executable, "-c", WORKER, tool, path, str(limit)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return ("timeout", None, None, None)
    if out.returncode != 0:
        return ("error: " + out.stderr.strip().splitlines()[-1][:200] if out.stderr.strip() else "error", None, None, None)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return ("ok", result["names"], result["spaces"], result["seconds"])


def models(corpus):
    return sorted(
        p for p in glob.glob(os.path.join(corpus, "bbm-*.bnet")) if not p.endswith(".free-inputs.bnet")
    )


def references(args):
    out = {}
    if args.only:
        # Re-run only these models; keep the other stored entries.
        with open(args.out) as f:
            out = json.load(f)["models"]
    for path in models(args.corpus):
        ident = os.path.basename(path)[: -len(".bnet")]
        if args.only and ident not in args.only.split(","):
            continue
        status, names, spaces, seconds = run_peer("mpbn", path, COUNT_LIMIT + 1, args.timeout)
        entry = {"status": status}
        if status == "ok" and len(spaces) > COUNT_LIMIT:
            entry["status"] = f"more than {COUNT_LIMIT}"
        elif status == "ok":
            order = sorted(range(len(names)), key=lambda i: names[i])
            entry["variables"] = [names[i] for i in order]
            entry["count"] = len(spaces)
            if len(spaces) <= PATTERN_LIMIT:
                entry["patterns"] = sorted("".join(s[i] for i in order) for s in spaces)
        out[ident] = entry
        print(ident, entry["status"], entry.get("count", ""), f"{seconds:.2f}s" if seconds else "", file=sys.stderr)
    meta = {
        "peer": "mpbn " + subprocess.run(
            [sys.executable, "-c", "import importlib.metadata as m; print(m.version('mpbn'))"],
            capture_output=True, text=True).stdout.strip(),
        "command": "python benches/compare/trapspaces.py references --corpus ../shared/corpus "
                   f"--out tests/expected/trapspaces_mpbn.json --timeout {args.timeout:g}"
                   + (f" --only {args.only}" if args.only else ""),
        "note": f"variables sorted by name; patterns (0, 1, * per variable) stored up to "
                f"{PATTERN_LIMIT} minimal trap spaces, counts up to {COUNT_LIMIT}",
    }
    with open(args.out, "w") as f:
        json.dump({"meta": meta, "models": out}, f, indent=1, sort_keys=True)
        f.write("\n")


def run_basin(basin, path, timeout, exact):
    """basin's minimal trap spaces: with `exact`, every one counted and the first COUNT_LIMIT
    listed; otherwise, as the peers are run, the first COUNT_LIMIT + 1 found (`--no-count`)."""
    start = time.perf_counter()
    how = ["--limit", str(COUNT_LIMIT)] if exact else ["--no-count", "--limit", str(COUNT_LIMIT + 1)]
    try:
        out = subprocess.run(
            [basin, "trapspaces", path, "--min", "--no-checks", *how,
             "--format", "json", "--timeout", f"{timeout}s"],
            capture_output=True, text=True, timeout=timeout + 5,
        )
    except subprocess.TimeoutExpired:
        return ("timeout", None, None)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        return ("timeout" if "timed out" in out.stderr else "error", None, elapsed)
    return ("ok", json.loads(out.stdout)["count"], elapsed)


def bench(args):
    rows = []
    print("| model | vars | minimal trap spaces | basin s | mpbn s | trappist s | mpbn/basin | trappist/basin | counts agree |")
    print("|---|---|---|---|---|---|---|---|---|")
    disagree = []
    for path in models(args.corpus):
        if args.only and not any(o in path for o in args.only.split(",")):
            continue
        ident = os.path.basename(path)[: -len(".bnet")]
        with open(path) as f:
            nvars = sum(1 for line in f if "," in line and not line.startswith(("#", "targets")))
        b_status, b_count, b_time = run_basin(args.basin, path, args.timeout, args.exact)
        m_status, _, m_spaces, m_time = run_peer("mpbn", path, COUNT_LIMIT + 1, args.timeout)
        t_status, _, t_spaces, t_time = run_peer("trappist", path, COUNT_LIMIT + 1, args.timeout)

        def cell(status, seconds):
            return f"{seconds:.2f}" if status == "ok" else status

        def ratio(status, seconds):
            if status == "ok" and b_status == "ok":
                return seconds / b_time
            return None

        rm, rt = ratio(m_status, m_time), ratio(t_status, t_time)
        # The peers list at most COUNT_LIMIT + 1: compare basin's count capped the same way.
        agree = ""
        if b_status == "ok" and m_status == "ok":
            ours = min(int(b_count), COUNT_LIMIT + 1)
            agree = "yes" if ours == len(m_spaces) else f"NO ({len(m_spaces)})"
            if ours != len(m_spaces):
                disagree.append(ident)
        count = b_count if b_status == "ok" else (len(m_spaces) if m_status == "ok" else "?")
        rows.append((ident, rm, rt, b_status, m_status, t_status))
        print(f"| {ident} | {nvars} | {count} | {cell(b_status, b_time)} | {cell(m_status, m_time)} | "
              f"{cell(t_status, t_time)} | {'' if rm is None else f'{rm:.2f}'} | "
              f"{'' if rt is None else f'{rt:.2f}'} | {agree} |", flush=True)
    ms = [r[1] for r in rows if r[1] is not None]
    ts = [r[2] for r in rows if r[2] is not None]
    print()
    print(f"models: {len(rows)}; basin finished {sum(r[3] == 'ok' for r in rows)}, "
          f"mpbn {sum(r[4] == 'ok' for r in rows)}, trappist {sum(r[5] == 'ok' for r in rows)}")
    print(f"counts differing from mpbn's: {', '.join(disagree) if disagree else 'none'}")
    if ms:
        print(f"median mpbn/basin time ratio over {len(ms)} models both finished: {statistics.median(ms):.2f}")
    if ts:
        print(f"median trappist/basin time ratio over {len(ts)} models both finished: {statistics.median(ts):.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("references")
    r.add_argument("--corpus", default="../shared/corpus")
    r.add_argument("--out", default="tests/expected/trapspaces_mpbn.json")
    r.add_argument("--timeout", type=float, default=60)
    r.add_argument("--only", default="",
                   help="comma-separated model ids to re-run; the other entries of --out are kept")
    b = sub.add_parser("bench")
    b.add_argument("--corpus", default="../shared/corpus")
    b.add_argument("--basin", default="target/release/basin")
    b.add_argument("--timeout", type=float, default=60)
    b.add_argument("--only", default="", help="comma-separated model ids")
    b.add_argument("--exact", action="store_true",
                   help="basin counts every minimal trap space (default: the first 20 001, as the peers)")
    args = parser.parse_args()
    {"references": references, "bench": bench}[args.command](args)


if __name__ == "__main__":
    main()
