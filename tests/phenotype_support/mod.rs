//! Test support for the phenotype and screen tests: a brute-force explorer for small networks
//! (synchronous and asynchronous, exhaustive), so these tests do not depend on the real
//! explorers, and random label expressions rendered to text and evaluated independently.
#![allow(dead_code)]

use basin::attractor::{Attractor, AttractorKind, Basin, Exploration, Method, UpdateScheme};
use basin::{Count, EngineInfo, Error, Network, State, VarId, VarKind};
use proptest::prelude::*;

/// Explores `network` with `fixed` variables fixed, by enumerating every state. Constants and
/// fixed variables are not explored; `explored_states = 2^free`.
///
/// Synchronous: attractors are the cycles of F, basins exact counts. Asynchronous: attractors
/// are terminal SCCs, weak/strong basins by reachability, reach probabilities by Gauss–Seidel
/// iteration of the absorption equations.
pub fn explore(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
) -> Result<Exploration, Error> {
    let net = network.with_fixed(fixed);
    let n = net.num_vars();
    assert!(n <= 16, "brute force is for small networks");
    let mut fixed_all: Vec<(VarId, bool)> = fixed.to_vec();
    for v in net.vars() {
        if let VarKind::Constant(c) = net.kind(v)
            && !fixed_all.iter().any(|(f, _)| *f == v)
        {
            fixed_all.push((v, c));
        }
    }
    let free: Vec<usize> = (0..n)
        .filter(|&i| !fixed_all.iter().any(|(f, _)| f.index() == i))
        .collect();
    let base: u64 = fixed_all
        .iter()
        .filter(|p| p.1)
        .fold(0, |acc, p| acc | 1 << p.0.index());
    let k = free.len();
    let size = 1usize << k;
    let state_of = |idx: usize| -> u64 {
        free.iter()
            .enumerate()
            .fold(base, |acc, (j, &i)| acc | (((idx >> j) & 1) as u64) << i)
    };
    let index_of = |s: u64| -> usize {
        free.iter()
            .enumerate()
            .fold(0, |acc, (j, &i)| acc | (((s >> i) & 1) as usize) << j)
    };
    let step = |s: u64| -> u64 {
        (0..n).fold(0u64, |acc, i| {
            acc | (u64::from(net.function(VarId::new(i)).eval_bits(s)) << i)
        })
    };
    let to_state = |s: u64| State::from_bits(s, n);
    let mut attractors = Vec::new();
    match update {
        UpdateScheme::Synchronous => {
            let succ: Vec<usize> = (0..size).map(|x| index_of(step(state_of(x)))).collect();
            // 0 = unvisited, 1 = on the current path, 2 = done.
            let mut mark = vec![0u8; size];
            let mut owner = vec![usize::MAX; size];
            let mut cycles: Vec<Vec<usize>> = Vec::new();
            for start in 0..size {
                if mark[start] != 0 {
                    continue;
                }
                let mut path = Vec::new();
                let mut x = start;
                while mark[x] == 0 {
                    mark[x] = 1;
                    path.push(x);
                    x = succ[x];
                }
                let id = if mark[x] == 1 {
                    let pos = path.iter().position(|&p| p == x).unwrap();
                    cycles.push(path[pos..].to_vec());
                    cycles.len() - 1
                } else {
                    owner[x]
                };
                for &p in &path {
                    mark[p] = 2;
                    owner[p] = id;
                }
            }
            let mut basin = vec![0u128; cycles.len()];
            for &o in &owner {
                basin[o] += 1;
            }
            for (c, cycle) in cycles.iter().enumerate() {
                let states: Vec<u64> = cycle.iter().map(|&i| state_of(i)).collect();
                let m = (0..states.len()).min_by_key(|&i| states[i]).unwrap();
                let ordered: Vec<State> = (0..states.len())
                    .map(|j| to_state(states[(m + j) % states.len()]))
                    .collect();
                let kind = if ordered.len() == 1 {
                    AttractorKind::FixedPoint
                } else {
                    AttractorKind::Cycle
                };
                attractors.push(Attractor::from_states(
                    kind,
                    ordered,
                    Basin::Partition {
                        size: Count::from(basin[c]),
                    },
                ));
            }
        }
        UpdateScheme::Asynchronous => {
            let succ: Vec<Vec<usize>> = (0..size)
                .map(|x| {
                    let s = state_of(x);
                    let t = step(s);
                    free.iter()
                        .filter(|&&i| (s ^ t) >> i & 1 == 1)
                        .map(|&i| index_of(s ^ (1 << i)))
                        .collect()
                })
                .collect();
            let reach: Vec<Vec<bool>> = (0..size)
                .map(|x| {
                    let mut seen = vec![false; size];
                    let mut stack = vec![x];
                    seen[x] = true;
                    while let Some(y) = stack.pop() {
                        for &z in &succ[y] {
                            if !seen[z] {
                                seen[z] = true;
                                stack.push(z);
                            }
                        }
                    }
                    seen
                })
                .collect();
            let terminal = |x: usize| (0..size).all(|y| !reach[x][y] || reach[y][x]);
            let mut comp = vec![usize::MAX; size];
            let mut comps: Vec<Vec<usize>> = Vec::new();
            for x in 0..size {
                if comp[x] == usize::MAX && terminal(x) {
                    let members: Vec<usize> = (0..size).filter(|&y| reach[x][y]).collect();
                    for &m in &members {
                        comp[m] = comps.len();
                    }
                    comps.push(members);
                }
            }
            // Absorption probabilities of the walk that updates one uniformly chosen variable per
            // step: an unchanged variable is a self-loop, which does not change where the walk
            // ends, so h(x) is the mean of h over the changing variables' successors. Solved
            // exactly by Gaussian elimination (an iterative solve can stop early on slowly mixing
            // transient regions, which once made this reference the inaccurate side).
            let absorption = absorption_probabilities(&succ, &comp, comps.len());
            for (c, members) in comps.iter().enumerate() {
                let h: Vec<f64> = (0..size)
                    .map(|x| {
                        if comp[x] == usize::MAX {
                            absorption[x][c]
                        } else {
                            f64::from(comp[x] == c)
                        }
                    })
                    .collect();
                let weak = (0..size).filter(|&x| reach[x][members[0]]).count() as u128;
                let strong = (0..size)
                    .filter(|&x| {
                        reach[x][members[0]]
                            && comps
                                .iter()
                                .enumerate()
                                .all(|(d, m)| d == c || !reach[x][m[0]])
                    })
                    .count() as u128;
                let probability = h.iter().sum::<f64>() / size as f64;
                let mut states: Vec<u64> = members.iter().map(|&i| state_of(i)).collect();
                states.sort_unstable();
                let kind = if states.len() == 1 {
                    AttractorKind::FixedPoint
                } else {
                    AttractorKind::Complex
                };
                attractors.push(Attractor::from_states(
                    kind,
                    states.into_iter().map(to_state).collect(),
                    Basin::Reachability {
                        weak: Count::from(weak),
                        strong: Count::from(strong),
                        probability: Some(probability),
                    },
                ));
            }
        }
    }
    let mut fixed_sorted = fixed_all;
    fixed_sorted.sort_unstable();
    let mut e = Exploration {
        update,
        variables: net.names().to_vec(),
        fixed: fixed_sorted,
        explored_states: Count::from(size as u128),
        attractors,
        method: Method::Exhaustive,
        engine: EngineInfo {
            name: "reference",
            core_size: k,
        },
    };
    e.sort();
    Ok(e)
}

/// `h[x][c]`, the probability that the asynchronous walk from transient state `x` (`comp[x] ==
/// usize::MAX`) ends in attractor `c`, from the linear system
/// `h(x) - (1/|succ x|) Σ_{y transient} h(y) = (1/|succ x|) · #{successors in c}`, solved by
/// dense Gaussian elimination with partial pivoting (the matrix is diagonally dominant and
/// non-singular since every transient state reaches an attractor). Rows of attractor states are
/// left zero.
fn absorption_probabilities(
    succ: &[Vec<usize>],
    comp: &[usize],
    attractors: usize,
) -> Vec<Vec<f64>> {
    let transient: Vec<usize> = (0..succ.len()).filter(|&x| comp[x] == usize::MAX).collect();
    assert!(
        transient.len() <= 4096,
        "dense elimination is for small networks"
    );
    let t = transient.len();
    let mut position = vec![usize::MAX; succ.len()];
    for (i, &x) in transient.iter().enumerate() {
        position[x] = i;
    }
    let width = t + attractors;
    let mut m = vec![vec![0.0f64; width]; t];
    for (i, &x) in transient.iter().enumerate() {
        m[i][i] = 1.0;
        let w = 1.0 / succ[x].len() as f64;
        for &y in &succ[x] {
            if comp[y] == usize::MAX {
                m[i][position[y]] -= w;
            } else {
                m[i][t + comp[y]] += w;
            }
        }
    }
    for col in 0..t {
        let pivot = (col..t)
            .max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
            .unwrap();
        m.swap(col, pivot);
        let p = m[col][col];
        assert!(p.abs() > 1e-300, "singular absorption system");
        m[col].iter_mut().for_each(|a| *a /= p);
        let pivot_row = m[col].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != col && row[col] != 0.0 {
                let f = row[col];
                for (a, v) in row.iter_mut().zip(&pivot_row) {
                    *a -= f * v;
                }
            }
        }
    }
    let mut h = vec![vec![0.0f64; attractors]; succ.len()];
    for (i, &x) in transient.iter().enumerate() {
        h[x].copy_from_slice(&m[i][t..]);
    }
    h
}

/// A random Boolean expression over `num_leaves` named leaves, rendered to bnet text and
/// evaluated structurally (independently of the crate's parser).
#[derive(Clone, Debug)]
pub enum Tree {
    /// A constant.
    Const(bool),
    /// Leaf `i`.
    Leaf(usize),
    /// Negation.
    Not(Box<Tree>),
    /// Conjunction.
    And(Box<Tree>, Box<Tree>),
    /// Disjunction.
    Or(Box<Tree>, Box<Tree>),
}

impl Tree {
    /// Bnet text with fully parenthesised operators.
    pub fn render(&self, names: &[String]) -> String {
        match self {
            Tree::Const(c) => u8::from(*c).to_string(),
            Tree::Leaf(i) => names[*i].clone(),
            Tree::Not(a) => format!("!({})", a.render(names)),
            Tree::And(a, b) => format!("({} & {})", a.render(names), b.render(names)),
            Tree::Or(a, b) => format!("({} | {})", a.render(names), b.render(names)),
        }
    }

    /// The value with leaf `i` set to `leaf(i)`.
    pub fn eval(&self, leaf: &dyn Fn(usize) -> bool) -> bool {
        match self {
            Tree::Const(c) => *c,
            Tree::Leaf(i) => leaf(*i),
            Tree::Not(a) => !a.eval(leaf),
            Tree::And(a, b) => a.eval(leaf) && b.eval(leaf),
            Tree::Or(a, b) => a.eval(leaf) || b.eval(leaf),
        }
    }
}

/// Random trees of depth up to 4 over `num_leaves` leaves.
pub fn tree(num_leaves: usize) -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        1 => any::<bool>().prop_map(Tree::Const),
        6 => (0..num_leaves.max(1)).prop_map(Tree::Leaf),
    ];
    leaf.prop_recursive(4, 16, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| Tree::Not(Box::new(t))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| Tree::Or(Box::new(a), Box::new(b))),
        ]
    })
}
