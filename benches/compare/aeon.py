#!/usr/bin/env python3
"""Compare basin's asynchronous explorer with AEON (biodivine-aeon) on the same models.

For every corpus model with an asynchronous reference whose reduced core has at most
--max-core variables (default 24), times basin (attractors with weak and strong basins, best of
--repeat runs, through `cargo bench --bench async` in timing mode) and AEON
(`Attractors.attractors(AsynchronousGraph(bn))`, attractors only, best of --repeat runs, each
model in a subprocess with a timeout), and prints both times, the ratio AEON / basin (> 1 means
basin is faster) and whether the attractor counts agree.

Usage: python3 benches/compare/aeon.py [--corpus DIR] [--max-core N] [--repeat N] [MODEL.bnet ...]
Needs `pip install biodivine-aeon`; without it, prints basin's times only.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

AEON_SNIPPET = r"""
import sys, time
from biodivine_aeon import BooleanNetwork, AsynchronousGraph, Attractors
bn = BooleanNetwork.from_file(sys.argv[1])
# Regulations are inferred from the functions (a .bnet file declares none).
bn = bn.infer_valid_graph()
best, count = float("inf"), None
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    graph = AsynchronousGraph(bn)
    result = Attractors.attractors(graph)
    best = min(best, time.perf_counter() - t)
    count = len(result)
print(best, count)
"""


def corpus_dir(given):
    for d in [given, os.environ.get("BASIN_CORPUS"), REPO / "../shared/corpus", "/work/shared/corpus"]:
        if d and Path(d).is_dir():
            return Path(d)
    sys.exit("corpus not found: pass --corpus DIR or set BASIN_CORPUS")


def basin_times(models, repeat, max_core):
    env = dict(os.environ, BASIN_ASYNC_TIME=" ".join(str(m) for m in models),
               BASIN_ASYNC_REPEAT=str(repeat), BASIN_ASYNC_MAX_CORE=str(max_core))
    out = subprocess.run(["cargo", "bench", "--quiet", "--bench", "async"], cwd=REPO, env=env,
                         capture_output=True, text=True, check=True).stdout
    times = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 4:
            times[parts[0]] = (parts[1], parts[2], parts[3])
    return times


def aeon_time(model, repeat, timeout):
    try:
        out = subprocess.run([sys.executable, "-c", AEON_SNIPPET, str(model), str(repeat)],
                             capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timeout {timeout}s"
    if out.returncode != 0:
        return None, (out.stderr.strip().splitlines() or ["error"])[-1][:60]
    t, count = out.stdout.split()
    return float(t), int(count)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus")
    ap.add_argument("--max-core", type=int, default=24)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    try:
        import biodivine_aeon  # noqa: F401
        have_aeon = True
    except ImportError:
        have_aeon = False
        print("biodivine-aeon is not installed: basin times only", file=sys.stderr)
    if args.models:
        models = [Path(m).resolve() for m in args.models]
    else:
        corpus = corpus_dir(args.corpus)
        models = []
        for ref in sorted(corpus.glob("*.json")):
            if json.loads(ref.read_text()).get("asynchronous", {}).get("status") == "ok":
                models.append(ref.with_suffix(".bnet"))
    times = basin_times(models, args.repeat, args.max_core)
    print(f"{'model':<10} {'core':>4} {'basin s':>9} {'aeon s':>9} {'aeon/basin':>10}  attractors")
    for m in models:
        core, t, count = times.get(str(m), ("-", "-", "-"))
        if core == "-" or int(core) > args.max_core or t == "-":
            continue
        line = f"{m.stem:<10} {core:>4} {float(t):>9.4f}"
        if have_aeon:
            at, acount = aeon_time(m, args.repeat, args.timeout)
            if at is None:
                line += f" {'-':>9} {'-':>10}  basin {count}, aeon {acount}"
            else:
                agree = "agree" if str(acount) == count else "DIFFER"
                line += f" {at:>9.4f} {at / float(t):>10.2f}  {count} ({agree})"
        else:
            line += f"  {count}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
