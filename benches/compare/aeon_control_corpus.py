"""AEON's phenotype control against `basin control` on corpus models where the questions
coincide (reference only; basin never calls AEON). For each model: every input fixed at 0 (the
condition basin uses when none is named), one asynchronous fixed point taken as the target
(the first by pattern, when there are several attractors), the phenotype "exactly this state"
(a simple phenotype `T` over the non-input nodes), share 1: every attractor must be that state.
Both tools search perturbations of up to K non-input nodes (both values); the inclusion-minimal
sets are compared and the times printed.

    python benches/compare/aeon_control_corpus.py BASIN CORPUS_DIR K MODEL...
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import time

import biodivine_aeon as ba


def rules(path):
    out = []
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("targets"):
            continue
        name, rule = (x.strip() for x in line.split(",", 1))
        out.append((name, rule))
    return out


def norm(sets):
    return sorted("+".join(sorted(s)) for s in sets)


def main():
    basin, corpus, k = sys.argv[1], pathlib.Path(sys.argv[2]), int(sys.argv[3])
    for model in sys.argv[4:]:
        path = corpus / f"{model}.bnet"
        rs = rules(path)
        inputs = [n for n, r in rs if r == n]
        nodes = [n for n, r in rs if r != n]
        fix = ["--input", f"{inputs[0]}=0"] if inputs else []
        attractors = json.loads(subprocess.run(
            [basin, "attractors", str(path), "--update", "async", "--format", "json", *fix],
            check=True, capture_output=True, text=True).stdout)
        runs = attractors if isinstance(attractors, list) else [attractors]
        found = runs[0]["attractors"]
        names = runs[0]["variables"]
        fixed = [a for a in found if a["kind"] == "fixed_point"]
        if not fixed:
            print(f"{model}: no fixed point under inputs 0; skipped")
            continue
        target = fixed[0]["pattern"]
        values = dict(zip(names, target))
        expr = " & ".join(n if values[n] == "1" else f"!{n}" for n in nodes)
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
            f.write(f'default = "other"\n[phenotypes]\nT = "{expr}"\n')
            labels = f.name
        started = time.time()
        csv = subprocess.run(
            [basin, "control", str(path), "--phenotypes", labels, "--target", "T",
             "--max-order", str(k), "--update", "async", "--format", "csv"],
            check=True, capture_output=True, text=True).stdout
        basin_seconds = time.time() - started
        rows = [l.split(",") for l in csv.splitlines()[1:]]
        wild = [r for r in rows if r[0] == "wild_type"]
        basin_sets = {r[2] for r in rows if r[0] == "solution"}
        basin_sets = norm(s.split("+") for s in basin_sets)
        if wild and float(wild[0][7]) >= 1 - 1e-9:
            # The wild type already reaches the target: the empty set is the one solution.
            basin_sets = [""]
        # AEON: inputs as constants 0, the non-input nodes perturbable.
        text = "targets, factors\n" + "".join(
            f"{n}, {'false' if n in inputs else r}\n" for n, r in rs)
        # Regulations as the functions have them (AEON checks declared ones).
        bn = ba.BooleanNetwork.from_bnet(text).infer_valid_graph()
        started = time.time()
        graph = ba.AsynchronousPerturbationGraph(bn, nodes)
        ctx = graph.symbolic_context()
        phenotype = ba.VertexSet(ctx, ctx.bdd_variable_set().eval_expression(expr))
        result = ba.Control.phenotype_permanent(graph, phenotype, size_limit=k)
        aeon_seconds = time.time() - started
        sets = {frozenset(f"{n}={int(v)}" for n, v in m.perturbed_named_dict().items())
                for m in result.perturbations().items()}
        minimal = norm(s for s in sets if not any(o < s for o in sets))
        same = "same" if minimal == basin_sets else "DIFFERENT"
        print(f"{model}: {len(nodes)} nodes, {len(inputs)} inputs, {len(found)} attractors, "
              f"target {target}, wild-type share {wild[0][7] if wild else '?'}; "
              f"basin {len(basin_sets)} minimal sets in {basin_seconds:.2f} s, "
              f"AEON {len(minimal)} in {aeon_seconds:.2f} s: {same}")
        if minimal != basin_sets:
            print("  only basin:", sorted(set(basin_sets) - set(minimal))[:10])
            print("  only AEON:", sorted(set(minimal) - set(basin_sets))[:10])


if __name__ == "__main__":
    main()
