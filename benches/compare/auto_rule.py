#!/usr/bin/env python3
"""Times the explicit and the symbolic engine on the same models, back to back, to set the
`auto` rule (`src/engine/mod.rs`, `auto_engine`).

For each model: `basin attractors MODEL --engine explicit|symbolic --update U --format json
--max-states 0` as whole processes (the same invocation but for the engine; asynchronous:
the explicit engine computes exact reach probabilities, the symbolic one estimates them by
the default number of random walks), each killed after --timeout seconds. Prints the core size
(from the explicit run's JSON, else from --cores), both times, the ratio explicit / symbolic
(> 1: symbolic faster), and the 1-minute load average at the start of each model.

Usage: python3 benches/compare/auto_rule.py [--binary target/release/basin] [--update async]
       [--timeout 10] [--cores cores.tsv] MODEL.bnet ...
`--cores` reads `path<TAB>variables<TAB>core` lines (core sizes with every input free).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(binary, model, engine, update, timeout):
    cmd = [str(binary), "attractors", str(model), "--engine", engine, "--update", update,
           "--format", "json", "--max-states", "0"]
    start = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"> {timeout:g} s", None
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["error"])[0]
        return None, "refused" if "refus" in last or "memory" in last else last[:40], None
    doc = json.loads(out.stdout)
    return elapsed, f"{elapsed:.2f} s", doc


def main():
    p = argparse.ArgumentParser()
    p.add_argument("models", nargs="+")
    p.add_argument("--binary", default=REPO / "target/release/basin")
    p.add_argument("--update", default="async")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--cores")
    a = p.parse_args()
    cores = {}
    if a.cores:
        for line in Path(a.cores).read_text().splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                cores[Path(parts[0]).name] = parts[2]
    print("model\tcore\texplicit\tsymbolic\tratio\tattractors\tload")
    for model in a.models:
        load = os.getloadavg()[0]
        te, se, de = run(a.binary, model, "explicit", a.update, a.timeout)
        ts, ss, ds = run(a.binary, model, "symbolic", a.update, a.timeout)
        core = de["core_size"] if de else cores.get(Path(model).name, "?")
        ratio = f"{te / ts:.2f}" if te and ts else "-"
        n = len((de or ds or {}).get("attractors", [])) if (de or ds) else "-"
        print(f"{Path(model).stem}\t{core}\t{se}\t{ss}\t{ratio}\t{n}\t{load:.1f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
