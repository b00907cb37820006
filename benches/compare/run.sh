#!/usr/bin/env bash
# Whole-process times of `basin attractors` and BoolNet's getAttractors(type="synchronous") on
# the same fixed-seed random networks (benches/common/mod.rs), and their ratio.
#
# Usage: benches/compare/run.sh [N ...]        (default: 20 22 24 26 28 30)
# Needs R with BoolNet for the comparison (`apt-get install -y r-cran-boolnet`); without it only
# basin is timed. BoolNet runs are cut after BOOLNET_TIMEOUT seconds (default 900).
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=${*:-20 22 24 26 28 30}
out=target/compare
timeout_s=${BOOLNET_TIMEOUT:-900}
cargo build --release --quiet
BASIN_COMPARE_OUT=$out BASIN_COMPARE_SIZES="$sizes" cargo bench --quiet --bench compare_networks
have_boolnet=0
if command -v Rscript >/dev/null && Rscript -e 'suppressMessages(library(BoolNet))' 2>/dev/null; then
    have_boolnet=1
else
    echo "BoolNet not found: timing basin only (apt-get install -y r-cran-boolnet)" >&2
fi

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.3f}')"; }

printf '%-4s %12s %12s %10s  %s\n' n basin_s boolnet_s ratio agree
for n in $sizes; do
    net=$out/random_n$n.bnet
    t0=$(now)
    target/release/basin attractors "$net" --format json -o "$out/basin_n$n.json"
    t1=$(now)
    basin_s=$(secs "$t0" "$t1")
    ours=$(python3 -c "
import json; d = json.load(open('$out/basin_n$n.json'))
a = d['attractors']
print(len(a), sorted(x['num_states'] for x in a), sorted(x['basin']['size'] for x in a))")
    if [ $have_boolnet = 1 ]; then
        t0=$(now)
        if timeout "$timeout_s" Rscript benches/compare/boolnet.R "$net" >"$out/boolnet_n$n.txt" 2>"$out/boolnet_n$n.err"; then
            t1=$(now)
            boolnet_s=$(secs "$t0" "$t1")
            ratio=$(python3 -c "print(f'{$boolnet_s / $basin_s:.1f}x')")
            theirs=$(python3 -c "
lines = dict(l.split(' ', 1) for l in open('$out/boolnet_n$n.txt').read().splitlines())
print(int(lines['attractors']), sorted(map(int, lines['lengths'].split())), sorted(int(float(x)) for x in lines['basins'].split()))")
            agree=$([ "$ours" = "$theirs" ] && echo yes || echo "NO: basin $ours / BoolNet $theirs")
        else
            boolnet_s="fail/timeout"; ratio="-"; agree="-"
        fi
    else
        boolnet_s="-"; ratio="-"; agree="-"
    fi
    printf '%-4s %12s %12s %10s  %s\n' "$n" "$basin_s" "$boolnet_s" "$ratio" "$agree"
done
