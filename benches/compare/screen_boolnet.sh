#!/usr/bin/env bash
# Whole-process times of a synchronous knockout/overexpression screen: `basin screen MODEL
# --phenotypes TOML --order O --update sync --format csv` against a BoolNet fixGenes loop doing
# the same cases (benches/compare/screen_boolnet.R: every perturbation set × every named
# condition of TOML, getAttractors(type = "synchronous", method = "exhaustive")), the time per
# perturbed case and the ratio; then checks that both find the same number of attractors in
# every case (basin: the `attractors` column summed over the labels of a case).
#
# Synchronous only: BoolNet's asynchronous search is a random walk ("loose" attractors), not an
# exhaustive search, so there is nothing equivalent to compare basin's asynchronous screen with.
#
# Usage: benches/compare/screen_boolnet.sh [ORDER ...]    (default: 1)
# Environment: MODEL (default networks/mronj_macrophage.bnet), PHENOTYPES (default the model's
# .toml), BOOLNET_TIMEOUT seconds per BoolNet run (default 3600).
# Needs R with BoolNet (`apt-get install -y r-cran-boolnet`); without it only basin is timed.
set -euo pipefail
cd "$(dirname "$0")/../.."
orders=${*:-1}
model=${MODEL:-networks/mronj_macrophage.bnet}
phenotypes=${PHENOTYPES:-${model%.bnet}.toml}
out=target/compare
timeout_s=${BOOLNET_TIMEOUT:-3600}
mkdir -p "$out"
cargo build --release --quiet
have_boolnet=0
if command -v Rscript >/dev/null && Rscript -e 'suppressMessages(library(BoolNet))' 2>/dev/null; then
    have_boolnet=1
else
    echo "BoolNet not found: timing basin only (apt-get install -y r-cran-boolnet)" >&2
fi

# The named conditions as `name<TAB>INPUT=v,...` for the R script.
python3 - "$phenotypes" >"$out/screen_conditions.tsv" <<'EOF'
import sys, tomllib
conditions = tomllib.load(open(sys.argv[1], "rb")).get("conditions", {})
for name, assignment in conditions.items():
    print(name + "\t" + ",".join(f"{k}={int(v)}" for k, v in assignment.items()))
EOF
num_conditions=$(wc -l <"$out/screen_conditions.tsv")

now() { date +%s.%N; }
echo "model $model, $num_conditions named conditions, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %8s %10s %12s %12s %14s %14s %9s  %s\n' order sets cases basin_s boolnet_s \
    basin_ms/case boolnet_ms/case ratio agree
for order in $orders; do
    csv=$out/screen_basin_o$order.csv
    txt=$out/screen_boolnet_o$order.txt
    t0=$(now)
    target/release/basin screen "$model" --phenotypes "$phenotypes" --order "$order" \
        --update sync --format csv -o "$csv"
    t1=$(now)
    basin_s=$(python3 -c "print(f'{$t1 - $t0:.3f}')")
    boolnet_s=-
    status=ok
    if [ $have_boolnet = 1 ]; then
        t0=$(now)
        if timeout "$timeout_s" Rscript benches/compare/screen_boolnet.R "$model" \
            "$out/screen_conditions.tsv" "$order" >"$txt" 2>"$txt.err"; then
            t1=$(now)
            boolnet_s=$(python3 -c "print(f'{$t1 - $t0:.3f}')")
        else
            status=fail
        fi
    fi
    python3 - "$csv" "$txt" "$order" "$basin_s" "$boolnet_s" "$status" "$num_conditions" <<'EOF'
import csv, sys
path_csv, path_txt, order, basin_s, boolnet_s, status, num_conditions = sys.argv[1:]
ours = {}
for row in csv.DictReader(open(path_csv)):
    if row["update"] != "synchronous":
        continue
    key = (row["perturbation"], row["condition"])
    ours[key] = ours.get(key, 0) + int(row["attractors"])
cases = len(ours)
sets = cases // int(num_conditions)
basin_ms = float(basin_s) * 1000 / cases
line = f"{order:<6} {sets:>8} {cases:>10} {basin_s:>12} "
if boolnet_s == "-" or status != "ok":
    print(line + f"{'fail/timeout' if status != 'ok' else '-':>12} {basin_ms:>14.3f} {'-':>14} {'-':>9}  -")
    sys.exit(0)
theirs, loop_s = {}, None
for l in open(path_txt):
    parts = l.rstrip("\n").split("\t")
    if parts[0] == "# loop_seconds":
        loop_s = float(parts[1])
    else:
        theirs[(parts[0], parts[1])] = int(parts[2])
boolnet_ms = float(boolnet_s) * 1000 / cases
ratio = float(boolnet_s) / float(basin_s)
missing = set(ours) ^ set(theirs)
differ = sorted(k for k in set(ours) & set(theirs) if ours[k] != theirs[k])
if missing or differ:
    agree = f"NO: {len(differ)} case(s) differ, {len(missing)} not in both"
else:
    agree = f"yes ({cases} cases)"
print(line + f"{boolnet_s:>12} {basin_ms:>14.3f} {boolnet_ms:>14.3f} {ratio:>8.1f}x  {agree}")
print(f"       BoolNet loop alone (no R start, no loadNetwork): {loop_s:.3f} s, "
      f"{loop_s * 1000 / cases:.3f} ms/case")
for k in differ[:20]:
    print(f"       differs: {k[0]} under {k[1]}: basin {ours[k]}, BoolNet {theirs[k]}")
for k in sorted(missing)[:20]:
    print(f"       only in {'basin' if k in ours else 'BoolNet'}: {k[0]} under {k[1]}")
EOF
done
