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
//!    laid out to the end of phase 4 (with its layering from phase 2, and, on small graphs,
//!    the layering improved by crossings) and the one with the fewest crossings, counting each
//!    back edge as three, is kept. Self-loops are
//!    kept out of the layering and drawn as loops.
//! 2. **Layer assignment**: longest path from the sources, then nodes are moved down with the
//!    nodes below them while that shortens the edges in total (promotion, Nikolov & Tarassov
//!    2006, close to Graphviz's network simplex for far less code); sources (inputs) move down
//!    next to their targets too, as in Graphviz (keeping them on the top layer is an option,
//!    off by default: on the showcase it costs half again as many crossings). On graphs of up
//!    to 64 nodes single nodes are then moved a layer up or down while that lowers the
//!    crossings Graphviz's median sweeps leave, so the layering is chosen by its crossings too.
//!    Sinks (outputs) end up one layer below their lowest regulator; putting them all on the
//!    bottom layer is an option, off by default because it costs many crossings.
//! 3. **Dummy nodes**: an edge spanning k layers becomes a chain through k − 1 dummy nodes, so
//!    every edge joins adjacent layers.
//! 4. **Crossing reduction**: layer-by-layer sweeps, down then up, ordering each layer by the
//!    barycentre (or the median, Gansner et al. 1993) of its neighbours in the layer just
//!    placed (nodes without such neighbours keep their place), each sweep followed by the
//!    *transpose* heuristic (swap neighbours while it removes crossings) and by *sifting*
//!    (Matuszewski et al. 1999: each node moved to its best place in its layer); restarted
//!    from shuffled layers with a fixed seed (up to 20 times on small graphs, once on large
//!    ones); then Graphviz's own schedule (median sweeps that also swap ties, to walk across
//!    plateaus) from the first order; the best order seen is kept and sifted once more.
//!    Crossings between two layers are counted in O(m log n) by the accumulator method of
//!    Barth, Jünger & Mutzel (2002).
//! 5. **Coordinates**: each layer is placed as close as possible to the mean of its neighbours'
//!    positions subject to the order and the minimal spacing, solved exactly per layer as an
//!    isotonic regression (pool adjacent violators); alternating down and up passes, dummy
//!    nodes weighted so long edges run straight.
//! 6. **Routes**: each edge leaves its source's lower side and enters its target's upper side
//!    at a port spread along the side in the order of the other ends, and passes through its
//!    dummy nodes; the drawing joins the points with cubic Béziers that are vertical at every
//!    point, so the curve is smooth (C¹) through the dummies.
//!
//! Phases 1–3 are here; phase 4 is in `crossings`, phases 5–6 in `coordinates`. Every choice
//! breaks ties by node index and restarts use a fixed seed, so the same graph gives the same
//! layout.
//!
//! **Characteristics:** per sweep O(m log n) to count crossings for m edge segments, plus
//! O(Σ width²) for sifting; sweeps are bounded by a work budget, so a published model of 371
//! variables is drawn in about 0.5 s of CPU, the whole command included (benches/README-graph.md).

mod coordinates;
mod crossings;

use coordinates::{assign_x, route};
use crossings::{median_sweeps, reduce_crossings, total_crossings};

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
    /// Keep every source (a node with no incoming edge: the inputs) on the top layer. Off (the
    /// default), a source moves down next to its targets (as in Graphviz): shorter edges, fewer
    /// crossings (benches/README-graph.md).
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
            inputs_on_top: false,
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
    // in reverse index order): the one with the fewest crossings plus BACK_EDGE_COST per edge
    // drawn upwards wins; ties go to the greedy order, which reverses fewest edges.
    let mut best: Option<(usize, usize, Layered)> = None;
    for dfs in 0u8..3 {
        let (layer, reversed) = assign_layers(n, edges, options, dfs);
        let mut candidates = vec![layer.clone()];
        if n <= LOCAL_LAYERS_LIMIT && !options.sinks_last {
            let better = improve_layers(n, edges, &reversed, layer, options);
            if better != candidates[0] {
                candidates.push(better);
            }
        }
        for layer in candidates {
            let mut g = materialize(n, edges, layer, reversed.clone());
            reduce_crossings(&mut g, options.sweeps);
            let c = total_crossings(&g);
            let back = g.reversed.iter().filter(|&&r| r).count();
            let score = c + BACK_EDGE_COST * back;
            if best.as_ref().is_none_or(|(b, _, _)| score < *b) {
                best = Some((score, c, g));
            }
        }
    }
    let (_, crossings, g) = best.expect("three candidates");
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

/// Phases 1 and 2: cycle breaking (`dfs` picks the order, see [`layered`]) and layers. Returns
/// each node's layer and, per edge, whether it is reversed.
fn assign_layers(
    n: usize,
    edges: &[(usize, usize)],
    options: &LayoutOptions,
    dfs: u8,
) -> (Vec<usize>, Vec<bool>) {
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
    (layer, reversed)
}

/// Phase 3 and an initial order: dummy nodes on long edges, then each layer ordered breadth
/// first from the top layer, so connected nodes start near each other.
fn materialize(
    n: usize,
    edges: &[(usize, usize)],
    layer: Vec<usize>,
    reversed: Vec<bool>,
) -> Layered {
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

/// Graphs of at most this many nodes get their layers improved by [`improve_layers`].
const LOCAL_LAYERS_LIMIT: usize = 64;

/// Moves single nodes one layer up or down (keeping every edge pointing down) while that lowers
/// the crossings that Graphviz's median sweeps leave (`crossings::median_sweeps`): a layering
/// chosen by its crossings, not only by its edge lengths. Three passes over the nodes at most.
fn improve_layers(
    n: usize,
    edges: &[(usize, usize)],
    reversed: &[bool],
    mut layer: Vec<usize>,
    options: &LayoutOptions,
) -> Vec<usize> {
    let dag: Vec<(usize, usize)> = edges
        .iter()
        .zip(reversed)
        .filter(|((a, b), _)| a != b)
        .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
        .collect();
    let mut source = vec![true; n];
    for &(_, b) in &dag {
        source[b] = false;
    }
    let crossings_of = |layer: &[usize]| -> usize {
        let mut g = materialize(n, edges, layer.to_vec(), reversed.to_vec());
        median_sweeps(&mut g)
    };
    let mut best = crossings_of(&layer);
    for _ in 0..3 {
        if best == 0 {
            break;
        }
        let mut improved = false;
        for v in 0..n {
            if source[v] && options.inputs_on_top {
                continue;
            }
            for up in [true, false] {
                let mut new = layer.clone();
                if up {
                    if new[v] == 0 {
                        continue;
                    }
                    new[v] -= 1;
                } else {
                    new[v] += 1;
                }
                if dag.iter().any(|&(a, b)| new[a] >= new[b]) {
                    continue;
                }
                let low = new.iter().copied().min().unwrap_or(0);
                for l in &mut new {
                    *l -= low;
                }
                let c = crossings_of(&new);
                if c < best {
                    best = c;
                    layer = new;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
    layer
}

/// What a back edge costs when candidate layouts are compared, in crossings: an edge drawn
/// upwards against the flow is read about as badly as a few crossings.
const BACK_EDGE_COST: usize = 3;

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
    use super::coordinates::place_row;
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
