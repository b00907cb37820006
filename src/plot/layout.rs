//! A layered drawing of a directed graph (Sugiyama, Tagawa & Toda 1981), written here so that
//! basin draws its interaction graphs itself: no Graphviz, no subprocess, the same bytes on
//! every machine.
//!
//! Why layered: signalling networks are read top to bottom, from the inputs (receptors,
//! ligands) through the cascades to the outputs (readouts, phenotypes), and a layered drawing
//! puts that flow on the page; feedback loops become the few edges drawn upwards. The phases:
//!
//! 1. **Cycle breaking**: three candidates, the Eades–Lin–Smyth greedy order (sinks to the
//!    end, sources to the front, otherwise the node with the largest out-degree minus
//!    in-degree) and two depth-first orders (Graphviz's choice); edges that point backwards in
//!    the order are reversed for the layout and drawn upwards (back edges). Each candidate is
//!    laid out to the end of phase 4 and the one with fewest crossings is kept. Self-loops are
//!    kept out of the layering and drawn as loops.
//! 2. **Layer assignment**: longest path from the sources (inputs on the top layer), then
//!    nodes are moved down with the nodes below them while that shortens the edges in total
//!    (promotion, Nikolov & Tarassov 2006, close to Graphviz's network simplex for far less
//!    code). Sinks (outputs) end up one layer below their lowest regulator, at the bottom of
//!    their cascade; putting them all on the bottom layer is an option, off by default because
//!    it costs many crossings.
//! 3. **Dummy nodes**: an edge spanning k layers becomes a chain through k − 1 dummy nodes, so
//!    every edge joins adjacent layers.
//! 4. **Crossing reduction**: layer-by-layer sweeps, down then up, ordering each layer by the
//!    barycentre (or the median, Gansner et al. 1993) of its neighbours in the layer just
//!    placed (nodes without such neighbours keep their place), each sweep followed by the
//!    *transpose* heuristic (swap neighbours while it removes crossings) and by *sifting*
//!    (Matuszewski et al. 1999: each node moved to its best place in its layer); restarted
//!    from shuffled layers with a fixed seed (up to 20 times on small graphs, once on large
//!    ones), the best order seen is kept. Crossings between two layers are counted in
//!    O(m log n) by the accumulator method of Barth, Jünger & Mutzel (2002).
//! 5. **Coordinates**: each layer is placed as close as possible to the mean of its neighbours'
//!    positions subject to the order and the minimal spacing, solved exactly per layer as an
//!    isotonic regression (pool adjacent violators); alternating down and up passes, dummy
//!    nodes weighted so long edges run straight.
//! 6. **Routes**: each edge leaves its source's lower side and enters its target's upper side
//!    at a port spread along the side in the order of the other ends, and passes through its
//!    dummy nodes; the drawing joins the points with cubic Béziers that are vertical at every
//!    point, so the curve is smooth (C¹) through the dummies.
//!
//! Every choice breaks ties by node index, so the same graph gives the same layout.
//!
//! **Characteristics:** O((n + d) · m log n) per sweep for n nodes, d dummy nodes and m edge
//! segments, a fixed number of sweeps; 371 variables (a published model) in well under a second.

/// A node's box: its size in pixels and whether it is drawn as an ellipse (ports then sit on the
/// ellipse rather than on the box).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeBox {
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
    /// Drawn as an ellipse inscribed in the box.
    pub ellipse: bool,
}

/// Spacing and effort of [`layered`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Vertical gap between the boxes of consecutive layers, in pixels.
    pub layer_gap: f64,
    /// Horizontal gap between neighbouring boxes, in pixels.
    pub node_gap: f64,
    /// Horizontal room a dummy node takes (the gap between parallel long edges).
    pub dummy_width: f64,
    /// Extra room to the right of a node with a self-loop.
    pub loop_room: f64,
    /// Put every sink (a node with no outgoing edge) on the bottom layer. Off by default: on
    /// the showcase it adds half again as many dummy nodes and crossings; a sink already sits
    /// one layer below its lowest regulator.
    pub sinks_last: bool,
    /// Keep every source (a node with no incoming edge: the inputs) on the top layer. Off, a
    /// source moves down next to its targets (as in Graphviz): shorter edges, fewer crossings.
    pub inputs_on_top: bool,
    /// Most crossing-reduction sweeps per ordering heuristic.
    pub sweeps: usize,
    /// Margin around the drawing.
    pub margin: f64,
}

impl Default for LayoutOptions {
    fn default() -> LayoutOptions {
        LayoutOptions {
            layer_gap: 44.0,
            node_gap: 14.0,
            dummy_width: 6.0,
            loop_room: 16.0,
            sinks_last: false,
            inputs_on_top: true,
            sweeps: 24,
            margin: 12.0,
        }
    }
}

/// The route of one edge, from its source to its target.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// Points from the source's side through the dummy nodes to the target's side; empty for a
    /// self-loop.
    pub points: Vec<(f64, f64)>,
    /// The edge points upwards (it was reversed to break a cycle): a back edge.
    pub back: bool,
}

/// A finished layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Centre of each node.
    pub centres: Vec<(f64, f64)>,
    /// Layer of each node (0 at the top).
    pub layers: Vec<usize>,
    /// One route per edge, in the order the edges were given.
    pub routes: Vec<Route>,
    /// Width of the drawing, margins included.
    pub width: f64,
    /// Height of the drawing, margins included.
    pub height: f64,
    /// Edge crossings of the final order, counted between adjacent layers (dummy nodes
    /// included, so each crossing of two drawn curves counts once).
    pub crossings: usize,
}

/// The layered graph: real nodes `0..n`, then dummy nodes.
struct Layered {
    layer: Vec<usize>,
    /// Neighbours one layer up / down, with the index of the segment.
    up: Vec<Vec<usize>>,
    down: Vec<Vec<usize>>,
    /// Per original edge: the chain of layered nodes from top to bottom (empty for a self-loop).
    chains: Vec<Vec<usize>>,
    /// Per original edge: reversed for the layering.
    reversed: Vec<bool>,
    /// Nodes of each layer, in order.
    order: Vec<Vec<usize>>,
}

/// Lays out `n` nodes of the given boxes and the directed `edges` (pairs of node indices, self
/// loops allowed, parallel edges allowed) in layers.
///
/// # Panics
/// If an edge names a node `>= boxes.len()`.
pub fn layered(boxes: &[NodeBox], edges: &[(usize, usize)], options: &LayoutOptions) -> Layout {
    let n = boxes.len();
    // Three ways of breaking cycles (greedy; depth first from the sources in index order, and
    // in reverse index order): the one with fewest crossings wins; ties go to the greedy order,
    // which reverses fewer edges.
    let mut best: Option<(usize, Layered)> = None;
    for dfs in [0u8, 1, 2] {
        let mut g = build_layers(n, edges, options, dfs);
        reduce_crossings(&mut g, options.sweeps);
        let c = total_crossings(&g);
        if best.as_ref().is_none_or(|(b, _)| c < *b) {
            best = Some((c, g));
        }
    }
    let (crossings, g) = best.expect("two candidates");
    let has_loop = {
        let mut l = vec![false; n];
        for &(a, b) in edges {
            if a == b {
                l[a] = true;
            }
        }
        l
    };
    let total = g.layer.len();
    let half = |v: usize| -> (f64, f64) {
        if v < n {
            let w = boxes[v].width / 2.0;
            (w, w + if has_loop[v] { options.loop_room } else { 0.0 })
        } else {
            (options.dummy_width / 2.0, options.dummy_width / 2.0)
        }
    };
    let xs = assign_x(&g, n, &half, options);
    // Rows: each layer as tall as its tallest box.
    let layers = g.order.len();
    let mut row_height = vec![0.0f64; layers];
    for v in 0..n {
        row_height[g.layer[v]] = row_height[g.layer[v]].max(boxes[v].height);
    }
    let mut row_y = vec![0.0; layers];
    let mut y = options.margin;
    for l in 0..layers {
        row_y[l] = y + row_height[l] / 2.0;
        y += row_height[l] + options.layer_gap;
    }
    let height = if layers == 0 {
        2.0 * options.margin
    } else {
        y - options.layer_gap + options.margin
    };
    let mut min_x = f64::INFINITY;
    let mut max_x = f64::NEG_INFINITY;
    for v in 0..total {
        let (l, r) = half(v);
        min_x = min_x.min(xs[v] - l);
        max_x = max_x.max(xs[v] + r);
    }
    if total == 0 {
        min_x = 0.0;
        max_x = 0.0;
    }
    let shift = options.margin - min_x;
    let x = |v: usize| xs[v] + shift;
    let centres: Vec<(f64, f64)> = (0..n).map(|v| (x(v), row_y[g.layer[v]])).collect();
    let routes = route(&g, boxes, &centres, &|v| (x(v), row_y[g.layer[v]]));
    Layout {
        centres,
        layers: g.layer[..n].to_vec(),
        routes,
        width: max_x - min_x + 2.0 * options.margin,
        height,
        crossings,
    }
}

/// Phases 1 to 3: cycle breaking, layers, dummy nodes, an initial order.
fn build_layers(n: usize, edges: &[(usize, usize)], options: &LayoutOptions, dfs: u8) -> Layered {
    let LayoutOptions {
        sinks_last,
        inputs_on_top,
        ..
    } = *options;
    let proper: Vec<(usize, usize)> = edges.iter().copied().filter(|(a, b)| a != b).collect();
    let pos = match dfs {
        0 => greedy_order(n, &proper),
        1 => dfs_order(n, &proper, false),
        _ => dfs_order(n, &proper, true),
    };
    let reversed: Vec<bool> = edges
        .iter()
        .map(|&(a, b)| a != b && pos[a] > pos[b])
        .collect();
    // The DAG's edges, top to bottom.
    let dag: Vec<(usize, usize)> = edges
        .iter()
        .zip(&reversed)
        .filter(|((a, b), _)| a != b)
        .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
        .collect();
    let mut succ = vec![Vec::new(); n];
    let mut pred = vec![Vec::new(); n];
    for &(a, b) in &dag {
        succ[a].push(b);
        pred[b].push(a);
    }
    let mut topo: Vec<usize> = (0..n).collect();
    topo.sort_by_key(|&v| pos[v]);
    let mut layer = vec![0usize; n];
    for &v in &topo {
        for &w in &succ[v] {
            layer[w] = layer[w].max(layer[v] + 1);
        }
    }
    // Shorten edges by demotion (Nikolov & Tarassov 2006, "Graph layering by promotion of
    // nodes", turned upside down): move a node one layer down together with every node that
    // would otherwise touch it, and keep the move when the total edge span (the number of dummy
    // nodes) drops. Sources move only when the inputs need not stay on top.
    let mut tight = Vec::new();
    let mut in_set = vec![false; n];
    for _ in 0..64 {
        let mut improved = false;
        for &v in &topo {
            if (pred[v].is_empty() && inputs_on_top) || succ[v].is_empty() {
                continue;
            }
            tight.clear();
            tight.push(v);
            in_set[v] = true;
            let mut i = 0;
            let mut diff = 0isize;
            while i < tight.len() {
                let u = tight[i];
                i += 1;
                diff += pred[u].len() as isize - succ[u].len() as isize;
                for &w in &succ[u] {
                    if !in_set[w] && layer[w] == layer[u] + 1 {
                        in_set[w] = true;
                        tight.push(w);
                    }
                }
            }
            for &u in &tight {
                in_set[u] = false;
                if diff < 0 {
                    layer[u] += 1;
                }
            }
            improved |= diff < 0;
        }
        if !improved {
            break;
        }
    }
    if sinks_last {
        let bottom = layer.iter().copied().max().unwrap_or(0);
        for v in 0..n {
            if succ[v].is_empty() && !pred[v].is_empty() {
                layer[v] = bottom;
            }
        }
    }
    let layers = layer.iter().copied().max().map_or(0, |m| m + 1);
    let mut g = Layered {
        layer,
        up: vec![Vec::new(); n],
        down: vec![Vec::new(); n],
        chains: Vec::with_capacity(edges.len()),
        reversed,
        order: vec![Vec::new(); layers],
    };
    for (k, &(a, b)) in edges.iter().enumerate() {
        if a == b {
            g.chains.push(Vec::new());
            continue;
        }
        let (top, bottom) = if g.reversed[k] { (b, a) } else { (a, b) };
        let mut chain = vec![top];
        let mut prev = top;
        for l in g.layer[top] + 1..g.layer[bottom] {
            let d = g.layer.len();
            g.layer.push(l);
            g.up.push(Vec::new());
            g.down.push(Vec::new());
            g.down[prev].push(d);
            g.up[d].push(prev);
            chain.push(d);
            prev = d;
        }
        g.down[prev].push(bottom);
        g.up[bottom].push(prev);
        chain.push(bottom);
        g.chains.push(chain);
    }
    // Initial order: breadth first from the top layer, so connected nodes start near each other.
    let mut seen = vec![false; g.layer.len()];
    let mut queue: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    let mut starts: Vec<usize> = (0..n).collect();
    starts.sort_by_key(|&v| (g.layer[v], v));
    for s in starts {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            g.order[g.layer[v]].push(v);
            for &w in &g.down[v] {
                if !seen[w] {
                    seen[w] = true;
                    queue.push_back(w);
                }
            }
        }
    }
    // Dummies are reached from their chain's top; any left (none in practice) go last.
    for v in 0..g.layer.len() {
        if !seen[v] {
            g.order[g.layer[v]].push(v);
        }
    }
    g
}

/// The Eades–Lin–Smyth order: position of each node. Edges from a later to an earlier node are
/// the ones reversed (a small feedback arc set).
fn greedy_order(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    use std::collections::BTreeSet;
    let mut succ = vec![Vec::new(); n];
    let mut pred = vec![Vec::new(); n];
    for &(a, b) in edges {
        succ[a].push(b);
        pred[b].push(a);
    }
    let mut outdeg: Vec<usize> = succ.iter().map(Vec::len).collect();
    let mut indeg: Vec<usize> = pred.iter().map(Vec::len).collect();
    let mut removed = vec![false; n];
    // 0: sinks (edges in, none out), 1: sources and isolated nodes, which go to the front so
    // that they stay on the top layer with the inputs.
    let mut sets: [BTreeSet<usize>; 2] = [BTreeSet::new(), BTreeSet::new()];
    let class = |v: usize, indeg: &[usize], outdeg: &[usize]| -> Option<usize> {
        if outdeg[v] == 0 && indeg[v] > 0 {
            Some(0)
        } else if indeg[v] == 0 {
            Some(1)
        } else {
            None
        }
    };
    for v in 0..n {
        if let Some(c) = class(v, &indeg, &outdeg) {
            sets[c].insert(v);
        }
    }
    let mut front = Vec::with_capacity(n);
    let mut back = Vec::new();
    for _ in 0..n {
        let (v, to_back) = if let Some(v) = sets[0].pop_first() {
            (v, true)
        } else if let Some(v) = sets[1].pop_first() {
            (v, false)
        } else {
            let v = (0..n)
                .filter(|&v| !removed[v])
                .max_by_key(|&v| (outdeg[v] as isize - indeg[v] as isize, std::cmp::Reverse(v)))
                .expect("nodes left");
            (v, false)
        };
        removed[v] = true;
        if to_back {
            back.push(v);
        } else {
            front.push(v);
        }
        for &p in &pred[v] {
            if !removed[p] {
                let before = class(p, &indeg, &outdeg);
                outdeg[p] -= 1;
                let after = class(p, &indeg, &outdeg);
                if before != after {
                    if let Some(c) = before {
                        sets[c].remove(&p);
                    }
                    if let Some(c) = after {
                        sets[c].insert(p);
                    }
                }
            }
        }
        for &s in &succ[v] {
            if !removed[s] {
                let before = class(s, &indeg, &outdeg);
                indeg[s] -= 1;
                let after = class(s, &indeg, &outdeg);
                if before != after {
                    if let Some(c) = before {
                        sets[c].remove(&s);
                    }
                    if let Some(c) = after {
                        sets[c].insert(s);
                    }
                }
            }
        }
    }
    let mut pos = vec![0; n];
    for (i, &v) in front.iter().chain(back.iter().rev()).enumerate() {
        pos[v] = i;
    }
    pos
}

/// A depth-first order: position of each node in the reverse postorder of a depth-first search
/// from the sources (then from the remaining nodes), each in index order. Edges into a node
/// still on the search stack are the reversed ones (Graphviz's choice).
fn dfs_order(n: usize, edges: &[(usize, usize)], backwards: bool) -> Vec<usize> {
    let mut succ = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for &(a, b) in edges {
        succ[a].push(b);
        indeg[b] += 1;
    }
    let mut seen = vec![false; n];
    let mut post = Vec::with_capacity(n);
    let by_index: Vec<usize> = if backwards {
        (0..n).rev().collect()
    } else {
        (0..n).collect()
    };
    let starts = by_index
        .iter()
        .copied()
        .filter(|&v| indeg[v] == 0)
        .chain(by_index.iter().copied());
    for s in starts {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut stack = vec![(s, 0usize)];
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if *i < succ[v].len() {
                let w = succ[v][*i];
                *i += 1;
                if !seen[w] {
                    seen[w] = true;
                    stack.push((w, 0));
                }
            } else {
                post.push(v);
                stack.pop();
            }
        }
    }
    let mut pos = vec![0; n];
    for (i, &v) in post.iter().rev().enumerate() {
        pos[v] = i;
    }
    pos
}

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

fn total_crossings(g: &Layered) -> usize {
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
const SIFT_LIMIT: usize = 400_000;

/// Phase 4: sweeps with barycentres, then with medians, keeping the best order found.
fn reduce_crossings(g: &mut Layered, sweeps: usize) {
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
            if best_count == 0 {
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
            transpose(g);
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
    g.order = best;
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

/// Swaps neighbours in a layer while that removes crossings (a few passes at most).
fn transpose(g: &mut Layered) {
    let mut pos = positions(g);
    for _ in 0..4 {
        let mut improved = false;
        for l in 0..g.order.len() {
            for i in 0..g.order[l].len().saturating_sub(1) {
                let (u, w) = (g.order[l][i], g.order[l][i + 1]);
                let before =
                    pair_crossings(&g.up, &pos, u, w) + pair_crossings(&g.down, &pos, u, w);
                let after = pair_crossings(&g.up, &pos, w, u) + pair_crossings(&g.down, &pos, w, u);
                if after < before {
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

/// Phase 5: x coordinates. `half(v)` gives the room left and right of a node's centre.
fn assign_x(
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
fn place_row(targets: &[f64], weights: &[f64], gaps: &[f64]) -> Vec<f64> {
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
fn route(
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

/// SVG path data through `points`: cubic Béziers with vertical tangents at every point.
pub fn smooth_path(points: &[(f64, f64)]) -> String {
    use super::svg::num;
    let mut d = String::new();
    if let Some(&(x, y)) = points.first() {
        d.push_str(&format!("M{},{}", num(x), num(y)));
    }
    for w in points.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        let my = (y1 + y2) / 2.0;
        d.push_str(&format!(
            " C{},{} {},{} {},{}",
            num(x1),
            num(my),
            num(x2),
            num(my),
            num(x2),
            num(y2)
        ));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(n: usize) -> Vec<NodeBox> {
        vec![
            NodeBox {
                width: 40.0,
                height: 20.0,
                ellipse: false,
            };
            n
        ]
    }

    #[test]
    fn chain_is_one_node_per_layer_in_a_column() {
        let l = layered(&boxes(3), &[(0, 1), (1, 2)], &LayoutOptions::default());
        assert_eq!(l.layers, [0, 1, 2]);
        assert_eq!(l.crossings, 0);
        assert!((l.centres[0].0 - l.centres[2].0).abs() < 1e-9);
        assert!(l.routes.iter().all(|r| !r.back && r.points.len() == 2));
    }

    #[test]
    fn a_cycle_has_exactly_one_back_edge_and_self_loops_have_no_points() {
        let edges = [(0, 1), (1, 2), (2, 0), (1, 1)];
        let l = layered(&boxes(3), &edges, &LayoutOptions::default());
        assert_eq!(l.routes.iter().filter(|r| r.back).count(), 1);
        assert!(l.routes[3].points.is_empty());
        // Back edges run upwards: their first point is below their last.
        for r in l.routes.iter().filter(|r| r.back) {
            assert!(r.points[0].1 > r.points[r.points.len() - 1].1);
        }
    }

    #[test]
    fn long_edges_pass_through_dummies_and_sources_are_on_top() {
        // 0 → 1 → 2 → 3 and 0 → 3: the long edge has two dummy points.
        let l = layered(
            &boxes(4),
            &[(0, 1), (1, 2), (2, 3), (0, 3)],
            &LayoutOptions::default(),
        );
        assert_eq!(l.layers[0], 0);
        assert_eq!(l.routes[3].points.len(), 4);
    }

    #[test]
    fn crossing_reduction_untangles_a_twisted_bipartite_graph() {
        // Two parallel pairs given in crossed order: 0→3, 1→2 drawn without crossing.
        let l = layered(&boxes(4), &[(0, 3), (1, 2)], &LayoutOptions::default());
        assert_eq!(l.crossings, 0);
    }

    #[test]
    fn rows_keep_their_spacing() {
        let p = place_row(&[0.0, 0.0, 0.0], &[1.0, 1.0, 1.0], &[10.0, 10.0]);
        assert_eq!(p, vec![-10.0, 0.0, 10.0]);
        let p = place_row(&[0.0, 50.0], &[1.0, 1.0], &[10.0]);
        assert_eq!(p, vec![0.0, 50.0]);
    }

    #[test]
    fn layout_is_deterministic() {
        let edges: Vec<(usize, usize)> = (0..30).map(|i| (i * 7 % 13, i * 5 % 13)).collect();
        let a = layered(&boxes(13), &edges, &LayoutOptions::default());
        let b = layered(&boxes(13), &edges, &LayoutOptions::default());
        assert_eq!(a, b);
    }
}
