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

With --symbolic, compares basin's symbolic engine instead, on every corpus model (no core
limit): for each model, back to back, the symbolic engine (asynchronous attractors counted, no
basins, through `target/release/examples/symbolic_corpus`, cancelled after --timeout seconds)
and AEON (same snippet, killed after --timeout seconds); prints both times, the ratio
AEON / basin and whether the attractor counts agree, then the coverage of each and the median
ratio over the models both answer. Build first: `cargo build --release --example symbolic_corpus`
(`--binary PATH` times another build of that example, e.g. a copy kept while rebuilding).

With --symbolic --cli, basin's side is the command a user runs instead of the example: the whole
process `target/release/basin attractors MODEL --engine auto --no-basins --format json --timeout
Ts` (attractors only, as AEON; every attractor listed, so a model with millions of fixed points
may be refused where the example only counts them), and with --basins also without
`--no-basins` (weak/strong basins and reach probabilities), reported in a separate column.
Build first: `cargo build --release`.
"""

import argparse
import json
import os
import subprocess
import sys
import time
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


def symbolic_time(model, timeout, binary=None):
    binary = binary or REPO / "target/release/examples/symbolic_corpus"
    out = subprocess.run([str(binary), "--seconds", str(timeout), str(model)],
                         capture_output=True, text=True, check=True).stdout
    parts = out.splitlines()[0].split("\t")
    if parts[1] == "failed":
        return None, parts[-1][:40]
    counts = dict(p.split("=", 1) for p in parts[2:4])
    return float(parts[1]), int(counts["fixed_points"]) + int(counts["others"])


def cli_time(model, timeout, basins, binary=None):
    """Whole-process wall time of `basin attractors` (auto engine) and its attractor count."""
    binary = binary or REPO / "target/release/basin"
    command = [str(binary), "attractors", str(model), "--engine", "auto", "--format", "json",
               "--timeout", f"{timeout}s"]
    if not basins:
        command.append("--no-basins")
    started = time.perf_counter()
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=timeout + 30)
    except subprocess.TimeoutExpired:
        return None, f"killed after {timeout + 30}s"
    elapsed = time.perf_counter() - started
    if out.returncode != 0:
        return None, (out.stderr.strip().splitlines() or ["error"])[-1][:60]
    return elapsed, len(json.loads(out.stdout)["attractors"])


def symbolic_main(args):
    corpus = corpus_dir(args.corpus)
    models = [Path(m).resolve() for m in args.models] or sorted(
        p for p in corpus.glob("*.bnet") if not p.name.endswith(".free-inputs.bnet"))
    print(f"{'model':<10} {'basin s':>9} {'aeon s':>9} {'aeon/basin':>10}  attractors", flush=True)
    ours_done, aeon_done, ratios, aeon_only = 0, 0, [], []
    basins_done = 0
    for m in models:
        if args.cli:
            t, count = cli_time(m, args.timeout, False, args.binary)
        else:
            t, count = symbolic_time(m, args.timeout, args.binary)
        at, acount = aeon_time(m, 1, args.timeout)
        ours_done += t is not None
        aeon_done += at is not None
        cell = lambda x: f"{x:>9.3f}" if x is not None else f"{'-':>9}"
        line = f"{m.stem:<10} {cell(t)} {cell(at)}"
        if t is not None and at is not None:
            ratios.append(at / max(t, 1e-3))
            agree = "agree" if count == acount else "DIFFER"
            line += f" {ratios[-1]:>10.2f}  {count} ({agree})"
        else:
            line += f" {'-':>10}  basin {count}, aeon {acount}"
            if at is not None:
                aeon_only.append(m.stem)
        if args.cli and args.basins:
            bt, bcount = cli_time(m, args.timeout, True, args.binary)
            basins_done += bt is not None
            line += f"  | with basins {bt:.3f} s" if bt is not None else f"  | with basins: {bcount}"
        print(line, flush=True)
    ratios.sort()
    median = ratios[len(ratios) // 2] if ratios else float("nan")
    print(f"within {args.timeout} s: basin {ours_done}/{len(models)}, aeon {aeon_done}/{len(models)}; "
          f"median aeon/basin over {len(ratios)} answered by both: {median:.2f}; "
          f"aeon only: {' '.join(aeon_only) or 'none'}"
          + (f"; basin with basins {basins_done}/{len(models)}" if args.cli and args.basins else ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus")
    ap.add_argument("--max-core", type=int, default=24)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--symbolic", action="store_true")
    ap.add_argument("--binary", help="the symbolic_corpus example (or with --cli the basin "
                    "binary) to time (--symbolic)")
    ap.add_argument("--cli", action="store_true",
                    help="--symbolic: time `basin attractors --engine auto --no-basins`")
    ap.add_argument("--basins", action="store_true",
                    help="--symbolic --cli: also time it with basins, in its own column")
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    if args.symbolic:
        return symbolic_main(args)
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
