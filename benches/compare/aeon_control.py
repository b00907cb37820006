"""AEON's phenotype control (biodivine-aeon from PyPI; reference only, basin never calls it) on
the showcase under infection, to compare with `basin control` where the questions coincide:
asynchronous update, share 1 of the label M2 (every attractor lies in the states with an M2
marker on, no M1 marker on and no fibrosis), perturbations of up to K of the 28 non-input nodes.

    python benches/compare/aeon_control.py [K] > aeon.txt

prints the inclusion-minimal perturbations (AEON returns every perturbation that works, supersets
included; minimal ones are kept here), one per line with its nodes sorted, and on stderr the
count and AEON's time (graph construction and control, not the file reading)."""
import pathlib
import sys
import time

import biodivine_aeon as ba

ROOT = pathlib.Path(__file__).resolve().parents[2]
INPUTS = {"BP": 0, "LPS": 1, "IFNG": 0, "IL4": 0, "IL13": 0, "IL10_EX": 0, "TGFB_EX": 0, "WDR74": 0}
M2 = "(ARG1 | IL10) & !(NOS2 | IL1B | TNFA | IL6 | MMP13) & !FIBROSIS"


def infection_bnet() -> str:
    """The showcase with the inputs of the condition `infection` as constants."""
    lines = ["targets, factors"]
    for line in (ROOT / "networks" / "mronj_macrophage.bnet").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("targets"):
            continue
        name, rule = (x.strip() for x in line.split(",", 1))
        if name in INPUTS:
            rule = "true" if INPUTS[name] else "false"
        lines.append(f"{name}, {rule}")
    return "\n".join(lines) + "\n"


def main() -> None:
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    bn = ba.BooleanNetwork.from_bnet(infection_bnet())
    names = [bn.get_variable_name(v) for v in bn.variables()]
    started = time.time()
    graph = ba.AsynchronousPerturbationGraph(bn, [n for n in names if n not in INPUTS])
    ctx = graph.symbolic_context()
    phenotype = ba.VertexSet(ctx, ctx.bdd_variable_set().eval_expression(M2))
    result = ba.Control.phenotype_permanent(graph, phenotype, size_limit=k)
    seconds = time.time() - started
    sets = {
        frozenset((n, int(v)) for n, v in model.perturbed_named_dict().items())
        for model in result.perturbations().items()
    }
    minimal = [s for s in sets if not any(o < s for o in sets)]
    for s in sorted(minimal, key=lambda s: (len(s), sorted(s))):
        print("+".join(f"{n}={v}" for n, v in sorted(s)))
    print(f"# {len(sets)} perturbations, {len(minimal)} minimal, {seconds:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
