//! The reference the fast explorer is tested against: the explicit asynchronous state graph of
//! the whole network (every variable except the fixed ones, outputs included, no kernel, no
//! reduction), iterative Tarjan for the terminal SCCs, weak and strong basins by explicit
//! reachability, and reach probabilities by solving the absorbing chain: Gaussian elimination on
//! the states that can reach several attractors when they are few, Gauss–Seidel otherwise.

use crate::attractor::{
    Attractor, AttractorKind, Basin, EngineInfo, Exploration, Method, UpdateScheme,
};
use crate::count::Count;
use crate::error::{Error, Remedy};
use crate::network::{Network, VarId, VarKind};
use crate::state::State;

/// The most free variables the reference explores (its graph is explicit).
pub const NAIVE_MAX_FREE: usize = 20;

/// The asynchronous attractors of `network` with `fixed` (and its constants) held, computed one
/// state at a time. Every state of every attractor is listed (no `max_states`), sorted by
/// [`cmp_states`](super::cmp_states).
///
/// # Errors
/// [`Error::Invalid`] if a variable is fixed twice or more than [`NAIVE_MAX_FREE`] variables are
/// free.
pub fn naive_attractors(network: &Network, fixed: &[(VarId, bool)]) -> Result<Exploration, Error> {
    naive_graph_attractors(
        network,
        fixed,
        UpdateScheme::Asynchronous,
        &|updatable: &[VarId]| updatable.iter().map(|&v| vec![v]).collect(),
        None,
    )
}

/// A memory budget for [`naive_graph_attractors`] on schemes whose successors can be many: the
/// graph's edges are counted first and the work refused before it allocates beyond the budget.
pub(crate) struct GraphBudget<'a> {
    /// The number of successors of a state with these updatable variables.
    pub(crate) successors: &'a dyn Fn(&[VarId]) -> u128,
    /// Bytes allowed.
    pub(crate) allowed_bytes: u128,
    /// The work, in words, for the refusal.
    pub(crate) what: &'a str,
}

/// Bytes [`naive_graph_attractors`] holds for `states` states and `edges` edges, about: the
/// successor and predecessor lists (a 24-byte vector header per state, 4 bytes per edge each),
/// and per state the component, the attractors reached and the reach probabilities (a few
/// attractors).
pub(crate) fn graph_bytes(states: u128, edges: u128) -> u128 {
    states * 160 + edges * 8
}

/// [`naive_attractors`] for any update scheme that moves from a state by flipping sets of its
/// updatable variables: `moves(updatable)` gives, for the free variables with `f_i(x) ≠ x_i`
/// (in variable order), the variables each successor flips (one non-empty set per successor;
/// the fully asynchronous scheme is one singleton per variable). Each step picks one successor
/// uniformly.
pub(crate) fn naive_graph_attractors(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
    moves: &dyn Fn(&[VarId]) -> Vec<Vec<VarId>>,
    budget: Option<GraphBudget<'_>>,
) -> Result<Exploration, Error> {
    let n = network.num_vars();
    let mut value: Vec<Option<bool>> = vec![None; n];
    for &(v, b) in fixed {
        if value[v.index()].is_some_and(|old| old != b) {
            return Err(Error::ConflictingAssignment {
                name: network.name(v).to_string(),
            });
        }
        value[v.index()] = Some(b);
    }
    for v in network.vars() {
        if let VarKind::Constant(c) = network.kind(v) {
            value[v.index()].get_or_insert(c);
        }
    }
    let free: Vec<VarId> = network
        .vars()
        .filter(|v| value[v.index()].is_none())
        .collect();
    if free.len() > NAIVE_MAX_FREE {
        return Err(Error::Limit {
            what: format!(
                "the naive explorer handles at most {NAIVE_MAX_FREE} free variables, not {}",
                free.len()
            ),
            remedies: Vec::new(),
        });
    }
    let f = free.len();
    let total = 1usize << f;
    let full = |s: usize| -> Vec<bool> {
        let mut b: Vec<bool> = value.iter().map(|x| x.unwrap_or(false)).collect();
        for (j, v) in free.iter().enumerate() {
            b[v.index()] = (s >> j) & 1 == 1;
        }
        b
    };
    // The explicit graph.
    let mut bit = vec![0usize; n];
    for (j, v) in free.iter().enumerate() {
        bit[v.index()] = 1 << j;
    }
    let updatable = |s: usize| -> Vec<VarId> {
        let b = full(s);
        free.iter()
            .copied()
            .filter(|v| network.function(*v).eval(|x| b[x.index()]) != b[v.index()])
            .collect()
    };
    if let Some(budget) = budget {
        let edges: u128 = (0..total).map(|s| (budget.successors)(&updatable(s))).sum();
        let needed = graph_bytes(total as u128, edges);
        if needed > budget.allowed_bytes {
            return Err(Error::TooLarge {
                what: format!(
                    "{} over {f} free variables ({edges} transitions)",
                    budget.what
                ),
                needed_bytes: needed,
                allowed_bytes: budget.allowed_bytes,
                remedies: vec![
                    Remedy::FixInputs { inputs: Vec::new() },
                    Remedy::PerturbNodes,
                    Remedy::RaiseMemoryLimit,
                ],
            });
        }
    }
    let succ: Vec<Vec<u32>> = (0..total)
        .map(|s| {
            moves(&updatable(s))
                .iter()
                .map(|m| (s ^ m.iter().fold(0, |acc, v| acc | bit[v.index()])) as u32)
                .collect()
        })
        .collect();
    let comp = tarjan(&succ);
    let ncomp = comp.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut terminal = vec![true; ncomp];
    for (s, out) in succ.iter().enumerate() {
        for &t in out {
            if comp[t as usize] != comp[s] {
                terminal[comp[s] as usize] = false;
            }
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ncomp];
    for (s, &c) in comp.iter().enumerate() {
        members[c as usize].push(s);
    }
    let atts: Vec<Vec<usize>> = (0..ncomp)
        .filter(|&c| terminal[c])
        .map(|c| std::mem::take(&mut members[c]))
        .collect();
    // Predecessors, weak basins.
    let mut pred: Vec<Vec<u32>> = vec![Vec::new(); total];
    for (s, out) in succ.iter().enumerate() {
        for &t in out {
            pred[t as usize].push(s as u32);
        }
    }
    let mut reaches: Vec<Vec<usize>> = vec![Vec::new(); total];
    for (ai, a) in atts.iter().enumerate() {
        let mut seen = vec![false; total];
        let mut stack: Vec<usize> = a.clone();
        for &s in a {
            seen[s] = true;
        }
        while let Some(s) = stack.pop() {
            for &p in &pred[s] {
                if !seen[p as usize] {
                    seen[p as usize] = true;
                    stack.push(p as usize);
                }
            }
        }
        for (s, &yes) in seen.iter().enumerate() {
            if yes {
                reaches[s].push(ai);
            }
        }
    }
    let probs = absorption(&succ, &comp, &reaches, atts.len());
    let mut result = Vec::new();
    for (ai, a) in atts.iter().enumerate() {
        let weak = reaches.iter().filter(|r| r.contains(&ai)).count() as u128;
        let strong = reaches.iter().filter(|r| r.as_slice() == [ai]).count() as u128;
        let probability = probs.iter().map(|p| p[ai]).sum::<f64>() / total as f64;
        let mut states: Vec<State> = a.iter().map(|&s| State::from_bools(&full(s))).collect();
        states.sort_by(State::cmp_as_number);
        let kind = if states.len() == 1 {
            AttractorKind::FixedPoint
        } else {
            AttractorKind::Complex
        };
        result.push(Attractor::from_states(
            kind,
            states,
            Basin::Reachability {
                weak: Count::from(weak),
                strong: Count::from(strong),
                probability: Some(probability),
                estimate: None,
            },
        ));
    }
    let mut exploration = Exploration {
        update,
        variables: network.names().to_vec(),
        fixed: network
            .vars()
            .filter_map(|v| value[v.index()].map(|b| (v, b)))
            .collect(),
        explored_states: Count::from(total as u128),
        engine: EngineInfo {
            name: "naive",
            core_size: f,
        },
        attractors: result,
        method: Method::Exhaustive,
    };
    exploration.sort();
    Ok(exploration)
}

/// Iterative Tarjan: the component number of every vertex.
fn tarjan(succ: &[Vec<u32>]) -> Vec<u32> {
    let n = succ.len();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut call: Vec<(usize, usize)> = Vec::new();
    let (mut counter, mut ncomp) = (0u32, 0u32);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        call.push((root, 0));
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut next)) = call.last_mut() {
            if *next < succ[v].len() {
                let w = succ[v][*next] as usize;
                *next += 1;
                if index[w] == UNSEEN {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(p, _)) = call.last() {
                low[p] = low[p].min(low[v]);
            }
            if low[v] == index[v] {
                loop {
                    let w = stack.pop().expect("component on the stack");
                    on_stack[w] = false;
                    comp[w] = ncomp;
                    if w == v {
                        break;
                    }
                }
                ncomp += 1;
            }
        }
    }
    comp
}

/// For every state, the probability of ending in each attractor: states reaching one attractor
/// are one-hot; the others are solved one strongly connected component at a time, sinks first
/// (Tarjan numbers components in that order), by dense Gaussian elimination, or Gauss–Seidel for
/// components of more than 400 states.
fn absorption(
    succ: &[Vec<u32>],
    comp: &[u32],
    reaches: &[Vec<usize>],
    natt: usize,
) -> Vec<Vec<f64>> {
    let total = succ.len();
    let mut p = vec![vec![0.0; natt]; total];
    let ncomp = comp.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); ncomp];
    for s in 0..total {
        match reaches[s].as_slice() {
            [a] => p[s][*a] = 1.0,
            _ => groups[comp[s] as usize].push(s),
        }
    }
    let mut pos = vec![usize::MAX; total];
    for group in groups.iter().filter(|g| !g.is_empty()) {
        let m = group.len();
        for (r, &s) in group.iter().enumerate() {
            pos[s] = r;
        }
        if m <= 400 {
            // (I - Q) X = R over the component, one right-hand column per attractor.
            let mut a = vec![vec![0.0f64; m + natt]; m];
            for (r, &s) in group.iter().enumerate() {
                let d = succ[s].len() as f64;
                a[r][r] = 1.0;
                for &t in &succ[s] {
                    let t = t as usize;
                    if comp[t] == comp[s] {
                        a[r][pos[t]] -= 1.0 / d;
                    } else {
                        for k in 0..natt {
                            a[r][m + k] += p[t][k] / d;
                        }
                    }
                }
            }
            for col in 0..m {
                let pivot = (col..m)
                    .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
                    .expect("rows");
                a.swap(col, pivot);
                let div = a[col][col];
                for x in a[col].iter_mut() {
                    *x /= div;
                }
                let pivot_row = a[col].clone();
                for (r, row) in a.iter_mut().enumerate() {
                    if r != col && row[col] != 0.0 {
                        let factor = row[col];
                        for (x, y) in row.iter_mut().zip(&pivot_row) {
                            *x -= factor * y;
                        }
                    }
                }
            }
            for (r, &s) in group.iter().enumerate() {
                p[s] = a[r][m..].to_vec();
            }
        } else {
            let mut v = vec![0.0; natt];
            for _ in 0..1_000_000 {
                let mut delta = 0.0f64;
                for &s in group {
                    let d = succ[s].len() as f64;
                    v.fill(0.0);
                    for &t in &succ[s] {
                        for k in 0..natt {
                            v[k] += p[t as usize][k] / d;
                        }
                    }
                    for k in 0..natt {
                        delta = delta.max((v[k] - p[s][k]).abs());
                        p[s][k] = v[k];
                    }
                }
                if delta < 1e-15 {
                    break;
                }
            }
        }
    }
    p
}
