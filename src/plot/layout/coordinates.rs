//! Phases 5 and 6 of the layered layout: x coordinates and edge routes.
//!
//! Each layer is placed as close as possible to the (weighted) mean of its neighbours' positions,
//! subject to the order and the minimal spacing; per layer this is an isotonic regression,
//! solved exactly by pooling adjacent violators. Passes alternate down, up and both ways; dummy
//! nodes between dummy nodes pull hardest, so long edges run straight. Edges leave their
//! source's lower side and enter their target's upper side at ports spread along the side in
//! the order of the other ends.

use super::{Layered, LayoutOptions, NodeBox, Route};

/// Phase 5: x coordinates. `half(v)` gives the room left and right of a node's centre.
pub(super) fn assign_x(
    g: &Layered,
    n: usize,
    half: &dyn Fn(usize) -> (f64, f64),
    options: &LayoutOptions,
) -> Vec<f64> {
    let total = g.layer.len();
    let gap = |a: usize, b: usize| {
        let real = a < n || b < n;
        half(a).1 + half(b).0 + if real { options.node_gap } else { 2.0 }
    };
    // Start packed left to right, every layer centred on 0.
    let mut x = vec![0.0; total];
    for row in &g.order {
        let mut at = 0.0;
        for (i, &v) in row.iter().enumerate() {
            if i > 0 {
                at += gap(row[i - 1], v);
            }
            x[v] = at;
        }
        let mid = at / 2.0;
        for &v in row {
            x[v] -= mid;
        }
    }
    // A dummy between dummies is pulled hardest: long edges should run straight.
    let weight = |v: usize, w: usize| match (v < n, w < n) {
        (false, false) => 8.0,
        (true, true) => 1.0,
        _ => 2.0,
    };
    let layers = g.order.len();
    for pass in 0..8 {
        let order: Vec<usize> = match pass % 3 {
            0 => (1..layers).collect(),
            1 => (0..layers.saturating_sub(1)).rev().collect(),
            _ => (0..layers).collect(),
        };
        for l in order {
            let row = &g.order[l];
            let mut targets = Vec::with_capacity(row.len());
            let mut weights = Vec::with_capacity(row.len());
            for &v in row {
                let nbrs: Vec<usize> = match pass % 3 {
                    0 => g.up[v].clone(),
                    1 => g.down[v].clone(),
                    _ => g.up[v].iter().chain(&g.down[v]).copied().collect(),
                };
                if nbrs.is_empty() {
                    targets.push(x[v]);
                    weights.push(0.5);
                } else {
                    let wsum: f64 = nbrs.iter().map(|&w| weight(v, w)).sum();
                    let mean = nbrs.iter().map(|&w| weight(v, w) * x[w]).sum::<f64>() / wsum;
                    targets.push(mean);
                    weights.push(wsum);
                }
            }
            let gaps: Vec<f64> = row.windows(2).map(|p| gap(p[0], p[1])).collect();
            let placed = place_row(&targets, &weights, &gaps);
            for (&v, p) in row.iter().zip(placed) {
                x[v] = p;
            }
        }
    }
    x
}

/// Positions `x` minimising Σ wᵢ (xᵢ − tᵢ)² subject to xᵢ₊₁ − xᵢ ≥ gapᵢ: with
/// yᵢ = xᵢ − (gap₀ + … + gapᵢ₋₁) this is isotonic regression, solved by pooling adjacent
/// violators in O(len).
pub(super) fn place_row(targets: &[f64], weights: &[f64], gaps: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(targets.len());
    let mut acc = 0.0;
    for i in 0..targets.len() {
        if i > 0 {
            acc += gaps[i - 1];
        }
        offset.push(acc);
    }
    // Blocks: (weighted mean, total weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for i in 0..targets.len() {
        let mut block = (targets[i] - offset[i], weights[i], 1);
        while let Some(&(m, w, c)) = blocks.last() {
            if m <= block.0 {
                break;
            }
            blocks.pop();
            let tw = w + block.1;
            block = ((m * w + block.0 * block.1) / tw, tw, c + block.2);
        }
        blocks.push(block);
    }
    let mut out = Vec::with_capacity(targets.len());
    for (m, _, c) in blocks {
        for _ in 0..c {
            let i = out.len();
            out.push(m + offset[i]);
        }
    }
    out
}

/// Phase 6: the points of each edge. `at(v)` is the centre of any layered node.
pub(super) fn route(
    g: &Layered,
    boxes: &[NodeBox],
    centres: &[(f64, f64)],
    at: &dyn Fn(usize) -> (f64, f64),
) -> Vec<Route> {
    let n = boxes.len();
    // Ports: the segments leaving each real node downwards and arriving from above, each side
    // ordered by the x of the other end.
    let mut bottom: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    let mut top: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    for (k, chain) in g.chains.iter().enumerate() {
        if chain.len() < 2 {
            continue;
        }
        bottom[chain[0]].push((at(chain[1]).0, k));
        top[chain[chain.len() - 1]].push((at(chain[chain.len() - 2]).0, k));
    }
    let port = |v: usize, side: &[(f64, usize)], k: usize, lower: bool| -> (f64, f64) {
        let mut sorted = side.to_vec();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let i = sorted.iter().position(|&(_, e)| e == k).expect("port");
        let b = boxes[v];
        let span = b.width * if b.ellipse { 0.5 } else { 0.7 };
        let dx = if sorted.len() == 1 {
            0.0
        } else {
            -span / 2.0 + span * i as f64 / (sorted.len() - 1) as f64
        };
        let dy = if b.ellipse {
            let r = (dx / (b.width / 2.0)).clamp(-1.0, 1.0);
            b.height / 2.0 * (1.0 - r * r).sqrt()
        } else {
            b.height / 2.0
        };
        let (cx, cy) = centres[v];
        (cx + dx, if lower { cy + dy } else { cy - dy })
    };
    g.chains
        .iter()
        .enumerate()
        .map(|(k, chain)| {
            if chain.is_empty() {
                return Route {
                    points: Vec::new(),
                    back: false,
                };
            }
            let first = chain[0];
            let last = chain[chain.len() - 1];
            let mut points = vec![port(first, &bottom[first], k, true)];
            points.extend(chain[1..chain.len() - 1].iter().map(|&d| at(d)));
            points.push(port(last, &top[last], k, false));
            if g.reversed[k] {
                points.reverse();
            }
            Route {
                points,
                back: g.reversed[k],
            }
        })
        .collect()
}
