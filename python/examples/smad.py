"""The showcase's question in a notebook's ten lines: how do Smad7 and Smad3 knockouts and
overexpression shift macrophages between M1 and M2 in the MRONJ network, under the review's
conditions, under both update schemes? (README: "Smad7 and Smad3 in MRONJ"; needs pandas.)"""
import pathlib, sys
import basin

networks = pathlib.Path(__file__).resolve().parents[2] / "networks"
model = basin.load(networks / "mronj_macrophage.bnet")
labels = basin.Phenotypes.load(networks / "mronj_macrophage.toml")
svg = sys.argv[1] if len(sys.argv) > 1 else "smad-shift.svg"  # the shift heatmap, drawn by basin
table = model.screen(labels, nodes=["SMAD7", "SMAD3"], update="both", plot=svg, rank_by="part:M2")
# Labels with an M2 part: M2, M2+FIB, and oscillations visiting M2 states, OSC(M1|M2|...).
with_m2 = table.label.str.contains(r"(?:^|[(|])M2(?:$|[+|)])")
m2 = table[with_m2].groupby(["perturbation", "condition", "update"])["shift"].sum()
print("largest shifts of the share of labels with an M2 part (M2+FIB, OSC(...|M2|...) included):")
# The three largest per perturbation, so that no perturbation hides behind another's ties.
top = m2[m2 != 0].groupby(level="perturbation", group_keys=False).apply(
    lambda s: s.sort_values(key=abs, ascending=False).head(3))
print(top.to_string(float_format="{:+.2%}".format))
print(f"shift heatmap: {svg}")
