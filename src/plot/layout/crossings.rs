//! Phase 4 of the layered layout: ordering the nodes of each layer so that few edges cross.
//!
//! Layer-by-layer sweeps, down then up, sort each layer by the barycentre or the weighted
//! median (Gansner et al. 1993) of its neighbours in the layer just placed; each sweep is
//! followed by *transpose* (swap neighbours while that removes crossings) and, unless the layers
//! are very wide, by *sifting* (Matuszewski, Schönfeld & Molitor 1999: each node moved to its
//! best place in its layer). Runs restart from shuffled layers (fixed seed) while a work budget
//! lasts; the best order seen is kept. Crossings between two layers are counted in O(m log n)
//! with the accumulator tree of Barth, Jünger & Mutzel (2002). Work is counted, not timed, so
//! the result is deterministic.

use super::Layered;

/// Crossings between layer `l` and `l + 1` (accumulator tree, Barth–Jünger–Mutzel).
fn crossings_between(g: &Layered, pos: &[usize], l: usize) -> usize {
    let lower = &g.order[l + 1];
    if lower.is_empty() {
        return 0;
    }
    let mut targets: Vec<usize> = Vec::new();
    for &v in &g.order[l] {
        let start = targets.len();
        targets.extend(g.down[v].iter().map(|&w| pos[w]));
        targets[start..].sort_unstable();
    }
    let mut size = 1;
    while size < lower.len() {
        size *= 2;
    }
    let mut tree = vec![0usize; 2 * size - 1];
    let mut count = 0;
    for t in targets {
        let mut i = t + size - 1;
        tree[i] += 1;
        while i > 0 {
            if i % 2 == 1 {
                count += tree[i + 1];
            }
            i = (i - 1) / 2;
            tree[i] += 1;
        }
    }
    count
}

fn positions(g: &Layered) -> Vec<usize> {
    let mut pos = vec![0; g.layer.len()];
    for row in &g.order {
        for (i, &v) in row.iter().enumerate() {
            pos[v] = i;
        }
    }
    pos
}

pub(super) fn total_crossings(g: &Layered) -> usize {
    let pos = positions(g);
    (0..g.order.len().saturating_sub(1))
        .map(|l| crossings_between(g, &pos, l))
        .sum()
}

/// Work allowed to crossing reduction per candidate layering (see [`reduce_crossings`]): about
/// a tenth of a second.
const CROSSING_WORK: usize = 3_000_000;
/// Most runs (two from the breadth-first order, the rest restarts) of crossing reduction.
const MAX_RUNS: usize = 24;
/// Sifting is skipped when the layers' squared widths sum to more than this.
const SIFT_LIMIT: usize = 200_000;

/// Phase 4: sweeps with barycentres, then with medians, keeping the best order found.
pub(super) fn reduce_crossings(g: &mut Layered, sweeps: usize) {
    let mut best = g.order.clone();
    let mut best_count = total_crossings(g);
    let first = g.order.clone();
    // Work per sweep, in units of about one pair comparison: counting and transposing are near
    // linear in the segments; sifting is quadratic in the width of each layer, so it is left
    // out on very wide layered graphs.
    let segments: usize = g.down.iter().map(Vec::len).sum();
    let sift_work: usize = g.order.iter().map(|row| row.len() * row.len()).sum();
    let sifting = sift_work <= SIFT_LIMIT;
    let sweep_work = 4 * (segments + g.layer.len()) + if sifting { 4 * sift_work } else { 0 };
    // The first two runs (barycentres, medians from the breadth-first order) always run; then
    // restarts from shuffled layers (a fixed seed: the result stays deterministic) while the
    // work budget lasts. Work counts, not the clock: the same graph gives the same layout.
    let mut budget = CROSSING_WORK as isize;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for run in 0..MAX_RUNS {
        if run >= 2 && budget <= 0 {
            break;
        }
        let use_median = run % 2 == 1;
        g.order = first.clone();
        if run >= 2 {
            for row in &mut g.order {
                // Fisher–Yates with a linear congruential generator.
                for i in (1..row.len()).rev() {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    let j = ((seed >> 33) as usize) % (i + 1);
                    row.swap(i, j);
                }
            }
        }
        let mut stale = 0;
        for sweep in 0..sweeps {
            // Out of budget: the first runs still get a few sweeps each.
            if best_count == 0 || (budget <= 0 && sweep >= 4) {
                break;
            }
            let downwards = sweep % 2 == 0;
            let mut pos = positions(g);
            let layers: Vec<usize> = if downwards {
                (1..g.order.len()).collect()
            } else {
                (0..g.order.len().saturating_sub(1)).rev().collect()
            };
            for l in layers {
                // Nodes without neighbours on that side keep their place; the others are
                // sorted by their key into the remaining places (as Graphviz does).
                let mut keyed: Vec<(f64, usize, usize)> = Vec::new();
                let mut free_slots = Vec::new();
                for (i, &v) in g.order[l].iter().enumerate() {
                    let nbrs = if downwards { &g.up[v] } else { &g.down[v] };
                    if nbrs.is_empty() {
                        continue;
                    }
                    let mut p: Vec<usize> = nbrs.iter().map(|&w| pos[w]).collect();
                    let key = if use_median {
                        median(&mut p)
                    } else {
                        p.iter().sum::<usize>() as f64 / p.len() as f64
                    };
                    keyed.push((key, i, v));
                    free_slots.push(i);
                }
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                for (slot, (_, _, v)) in free_slots.into_iter().zip(keyed) {
                    g.order[l][slot] = v;
                }
                for (i, &v) in g.order[l].iter().enumerate() {
                    pos[v] = i;
                }
            }
            transpose(g, false);
            if sifting {
                sift(g);
            }
            budget -= sweep_work as isize;
            let count = total_crossings(g);
            if count < best_count {
                best_count = count;
                best = g.order.clone();
                stale = 0;
            } else {
                stale += 1;
                if stale >= 4 {
                    break;
                }
            }
        }
    }
    // Graphviz's schedule from the initial order, which walks across plateaus where the runs
    // above stop; the better of the two is kept.
    g.order = first;
    let count = median_sweeps(g);
    if count < best_count {
        best_count = count;
        best = g.order.clone();
    }
    g.order = best;
    // Sifting from the best order only removes crossings.
    if sifting && best_count > 0 {
        let kept = g.order.clone();
        sift(g);
        transpose(g, false);
        if total_crossings(g) > best_count {
            g.order = kept;
        }
    }
}

/// Crossing reduction as Graphviz's `dot` schedules it (Gansner et al. 1993): weighted-median
/// sweeps alternating down and up, each followed by transpose; on every other pair of sweeps ties
/// are swapped (in the median sort and in transpose), so the order walks across plateaus; an
/// order as good as the best seen replaces it; four sweeps, then up to 24 from the best order,
/// stopping after 8 without a gain of half a percent. Leaves the best order in `g`; returns its
/// crossings.
pub(super) fn median_sweeps(g: &mut Layered) -> usize {
    let mut best_count = total_crossings(g);
    let mut best = g.order.clone();
    for (phase, iterations) in [4usize, 24].into_iter().enumerate() {
        if phase == 1 {
            g.order = best.clone();
        }
        let mut trying = 0;
        for iteration in 0..iterations {
            if trying >= 8 || best_count == 0 {
                break;
            }
            trying += 1;
            median_step(g, iteration);
            let count = total_crossings(g);
            if count <= best_count {
                if (count as f64) < 0.995 * best_count as f64 {
                    trying = 0;
                }
                best_count = count;
                best = g.order.clone();
            }
        }
    }
    g.order = best;
    best_count
}

/// One sweep of [`median_sweeps`]: down on even iterations, up on odd ones; ties swapped on
/// iterations 0 and 1 modulo 4.
fn median_step(g: &mut Layered, iteration: usize) {
    let reverse = iteration % 4 < 2;
    let downwards = iteration.is_multiple_of(2);
    let mut pos = positions(g);
    let layers: Vec<usize> = if downwards {
        (1..g.order.len()).collect()
    } else {
        (0..g.order.len().saturating_sub(1)).rev().collect()
    };
    let mut key = vec![0.0f64; g.layer.len()];
    for l in layers {
        let mut slots = Vec::new();
        let mut movable = Vec::new();
        for (i, &v) in g.order[l].iter().enumerate() {
            let nbrs = if downwards { &g.up[v] } else { &g.down[v] };
            if nbrs.is_empty() {
                continue;
            }
            let mut p: Vec<usize> = nbrs.iter().map(|&w| pos[w]).collect();
            key[v] = median(&mut p);
            slots.push(i);
            movable.push(v);
        }
        // Bubble sort, exchanging equal keys too when `reverse` (Graphviz's `reorder`).
        for _ in 0..movable.len() {
            let mut swapped = false;
            for i in 0..movable.len().saturating_sub(1) {
                let (a, b) = (key[movable[i]], key[movable[i + 1]]);
                if a > b || (a == b && reverse) {
                    movable.swap(i, i + 1);
                    swapped = true;
                }
            }
            if !swapped {
                break;
            }
        }
        for (slot, v) in slots.into_iter().zip(movable) {
            g.order[l][slot] = v;
        }
        for (i, &v) in g.order[l].iter().enumerate() {
            pos[v] = i;
        }
    }
    transpose(g, !reverse);
}

/// The weighted median of Gansner et al.: the middle position, or between the two middle ones
/// weighted towards the side whose positions are packed more tightly.
fn median(p: &mut [usize]) -> f64 {
    p.sort_unstable();
    let m = p.len() / 2;
    if p.len() % 2 == 1 {
        p[m] as f64
    } else if p.len() == 2 {
        (p[0] + p[1]) as f64 / 2.0
    } else {
        let left = (p[m - 1] - p[0]) as f64;
        let right = (p[p.len() - 1] - p[m]) as f64;
        if left + right == 0.0 {
            (p[m - 1] + p[m]) as f64 / 2.0
        } else {
            (p[m - 1] as f64 * right + p[m] as f64 * left) / (left + right)
        }
    }
}

/// Crossings among the edges of `u` and `w` towards `nbrs` with `u` left of `w`, and with `w`
/// left of `u`, in one pass.
fn both_crossings(nbrs: &[Vec<usize>], pos: &[usize], u: usize, w: usize) -> (usize, usize) {
    let (mut uw, mut wu) = (0, 0);
    for &a in &nbrs[u] {
        let pa = pos[a];
        for &b in &nbrs[w] {
            match pa.cmp(&pos[b]) {
                std::cmp::Ordering::Greater => uw += 1,
                std::cmp::Ordering::Less => wu += 1,
                std::cmp::Ordering::Equal => {}
            }
        }
    }
    (uw, wu)
}

/// Crossings among the edges of `u` and `w` (u left of w) towards `nbrs`.
fn pair_crossings(nbrs: &[Vec<usize>], pos: &[usize], u: usize, w: usize) -> usize {
    let mut c = 0;
    for &a in &nbrs[u] {
        for &b in &nbrs[w] {
            if pos[a] > pos[b] {
                c += 1;
            }
        }
    }
    c
}

/// Sifting (Matuszewski, Schönfeld & Molitor 1999): each node in turn is taken out of its layer
/// and put back where it makes the fewest crossings with both neighbouring layers, the others
/// keeping their order; a few passes over every layer while that removes crossings.
fn sift(g: &mut Layered) {
    let mut pos = positions(g);
    for _ in 0..4 {
        let mut improved = false;
        for l in 0..g.order.len() {
            let nodes = g.order[l].clone();
            for v in nodes {
                let row = &mut g.order[l];
                let at = pos[v];
                row.remove(at);
                // cost(k) relative to cost(0): moving v right past w changes the crossings by
                // c(w, v) − c(v, w).
                let mut cost = 0isize;
                let mut best = (0isize, 0usize);
                let mut here = 0isize;
                for (k, &w) in row.iter().enumerate() {
                    if k == at {
                        here = cost;
                    }
                    let (up_vw, up_wv) = both_crossings(&g.up, &pos, v, w);
                    let (down_vw, down_wv) = both_crossings(&g.down, &pos, v, w);
                    cost += (up_wv + down_wv) as isize - (up_vw + down_vw) as isize;
                    if cost < best.0 {
                        best = (cost, k + 1);
                    }
                }
                if at == row.len() {
                    here = cost;
                }
                let target = if best.0 < here { best.1 } else { at };
                if target != at {
                    improved = true;
                }
                row.insert(target, v);
                let lo = at.min(target);
                let hi = at.max(target);
                for i in lo..=hi {
                    pos[row[i]] = i;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Swaps neighbours in a layer while that removes crossings (a few passes at most); with
/// `equal`, also while it leaves them unchanged (but not zero), to leave a plateau.
fn transpose(g: &mut Layered, equal: bool) {
    let mut pos = positions(g);
    for _ in 0..4 {
        let mut improved = false;
        for l in 0..g.order.len() {
            for i in 0..g.order[l].len().saturating_sub(1) {
                let (u, w) = (g.order[l][i], g.order[l][i + 1]);
                let before =
                    pair_crossings(&g.up, &pos, u, w) + pair_crossings(&g.down, &pos, u, w);
                let after = pair_crossings(&g.up, &pos, w, u) + pair_crossings(&g.down, &pos, w, u);
                if after < before || (equal && after == before && after > 0) {
                    g.order[l].swap(i, i + 1);
                    pos[u] = i + 1;
                    pos[w] = i;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}
