//! Exact reach probabilities of the states that can reach several attractors.
//!
//! The walk picks one of the variables that can change uniformly at each step (choosing among
//! all variables only adds self-loops, which change no absorption probability). For a state `x`
//! with changeable variables `D(x)`,
//! `p(x) = (1 / |D(x)|) · Σ_{i ∈ D(x)} p(flip_i(x))`, a vector over the chunk's attractors.
//! States that reach one attractor only (`U`) are known (one-hot); the unknowns are the states of
//! `C2` (those reaching at least two), a set closed under predecessors.
//!
//! The subgraph on `C2` is condensed with an iterative Tarjan, which emits strongly connected
//! components sinks first, so every component is solved after all components it can reach:
//! a single state directly, a larger component by Gauss–Seidel sweeps starting from 0, which
//! increase monotonically towards the solution, until every state's vector sums to 1 within
//! [`TOLERANCE`] (the missing mass bounds the error of each entry). Each state's vector is then
//! renormalised to sum to 1.
//!
//! **Cost.** `|C2| · (8 · attractors + 21)` bytes (see [`bytes`]); time `O(|C2| · k · attractors)`
//! per sweep of a component.

use super::space::{self, Space};
use crate::cancel::Cancel;
use crate::error::{Error, Remedy};

/// Stop iterating a component when no state's probabilities miss more than this mass.
pub(crate) const TOLERANCE: f64 = 1e-12;
/// Most Gauss–Seidel sweeps of one component.
const MAX_SWEEPS: usize = 1_000_000;

/// Solves one strongly connected component of more than one state, every component it can reach
/// being solved already: `p(u) = b(u) + Σ_{t ∈ comp} p(t) / |D(u)|`, where `b(u)` collects the
/// successors outside the component (constant here), by Gauss–Seidel sweeps in state order (for
/// locality). Stops when every state's entries sum to 1 within [`TOLERANCE`]: the values rise
/// monotonically from 0, so the missing mass bounds every entry's error.
fn solve_component(
    comp: &mut [u32],
    states: &[u64],
    targets: &impl Fn(u64, &mut Vec<Target>),
    vals: &mut [f64],
    n: usize,
    cancel: &Cancel,
) -> Result<(), Error> {
    comp.sort_unstable();
    let m = comp.len();
    let mut b = vec![0.0f64; m * n];
    let mut offsets = Vec::with_capacity(m + 1);
    let mut edges: Vec<u32> = Vec::new();
    let mut weights = Vec::with_capacity(m);
    let mut succ = Vec::new();
    for (ci, &u) in comp.iter().enumerate() {
        offsets.push(edges.len());
        targets(states[u as usize], &mut succ);
        let w = 1.0 / succ.len() as f64;
        weights.push(w);
        let row = &mut b[ci * n..ci * n + n];
        for t in &succ {
            match *t {
                Target::State(j) => match comp.binary_search(&j) {
                    Ok(_) => edges.push(j),
                    Err(_) => {
                        let other = &vals[j as usize * n..j as usize * n + n];
                        for (a, v) in row.iter_mut().zip(other) {
                            *a += w * v;
                        }
                    }
                },
                Target::Label(l) => row[l as usize] += w,
            }
        }
    }
    offsets.push(edges.len());
    let mut tmp = vec![0.0f64; n];
    for _ in 0..MAX_SWEEPS {
        cancel.check()?;
        let mut deficit = 0.0f64;
        for (ci, &u) in comp.iter().enumerate() {
            tmp.copy_from_slice(&b[ci * n..ci * n + n]);
            let w = weights[ci];
            for &t in &edges[offsets[ci]..offsets[ci + 1]] {
                let other = &vals[t as usize * n..t as usize * n + n];
                for (a, v) in tmp.iter_mut().zip(other) {
                    *a += w * v;
                }
            }
            let u = u as usize;
            vals[u * n..u * n + n].copy_from_slice(&tmp);
            deficit = deficit.max(1.0 - tmp.iter().sum::<f64>());
        }
        // Sweeps from 0 only increase values towards the solution, and the solution's entries
        // sum to 1 for every state (each reaches some attractor with certainty): so the mass
        // still missing from a state bounds the error of each of its entries. (A rule on how
        // little the last sweep moved is not a bound: slowly mixing components move by 1e-15
        // per sweep while 1e-8 is still missing.)
        if deficit <= TOLERANCE {
            return Ok(());
        }
    }
    Err(Error::Limit {
        what: format!(
            "reach probabilities did not converge within {MAX_SWEEPS} sweeps of a component of \
             {m} states"
        ),
        remedies: vec![Remedy::UseSampling, Remedy::SkipProbabilities],
    })
}

/// Bytes [`absorb`] allocates for `states` unknown states and `attractors` attractors.
pub(crate) fn bytes(states: u64, attractors: usize) -> u128 {
    // Values, the state list, Tarjan's index/low/stack and flags, plus successor lists of the
    // largest component (at most one per variable, 8 bytes each; bounded by 64 variables).
    states as u128 * (8 * attractors as u128 + 8 + 4 + 4 + 4 + 1 + 8 * 8)
}

#[derive(Clone, Copy)]
enum Target {
    /// A state of `C2` (its index).
    State(u32),
    /// A state of `U` in the strong basin of this attractor.
    Label(u32),
}

/// Adds to `mass[a]`, for every state `x` of `c2`, the probability of ending in attractor `a`
/// from `x`, times `weight(x)` when a weight is given (a start distribution). `boundary` (sorted) and `labels` give the attractor of every state of `U` that a
/// state of `c2` can step to.
///
/// # Errors
/// [`Error::Invalid`] if a component does not converge within the sweep limit;
/// [`Error::Cancelled`] when the space's flag is raised.
pub(crate) fn absorb(
    sp: &Space,
    c2: &[u64],
    overlap: u64,
    boundary: &[u64],
    labels: &[u32],
    mass: &mut [f64],
    weight: Option<&dyn Fn(u64) -> f64>,
) -> Result<(), Error> {
    let n = mass.len();
    let m = overlap as usize;
    let mut rank = Vec::with_capacity(c2.len());
    let mut acc = 0u32;
    for &w in c2 {
        rank.push(acc);
        acc += w.count_ones();
    }
    let index_of = |x: u64| -> u32 {
        let w = (x >> 6) as usize;
        let below = c2[w] & ((1u64 << (x & 63)) - 1);
        rank[w] + below.count_ones()
    };
    let states: Vec<u64> = space::iter_ones(c2).collect();
    let targets = |x: u64, out: &mut Vec<Target>| {
        out.clear();
        for f in &sp.flips {
            if !f.can_flip(x) {
                continue;
            }
            let y = x ^ (1 << f.var);
            if space::contains(c2, y) {
                out.push(Target::State(index_of(y)));
            } else {
                let at = boundary
                    .binary_search(&y)
                    .expect("a successor outside C2 is on the boundary");
                debug_assert!(labels[at] != u32::MAX, "boundary state without attractor");
                out.push(Target::Label(labels[at]));
            }
        }
    };
    let mut vals = vec![0.0f64; m * n];
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; m];
    let mut low = vec![0u32; m];
    let mut on_stack = vec![false; m];
    let mut stack: Vec<u32> = Vec::new();
    let mut call: Vec<(u32, usize)> = Vec::new();
    let mut counter = 0u32;
    let mut tmp = vec![0.0f64; n];
    let mut succ: Vec<Target> = Vec::new();
    for root in 0..m as u32 {
        if root % 4096 == 0 {
            sp.cancel.check()?;
        }
        if index[root as usize] != UNSEEN {
            continue;
        }
        index[root as usize] = counter;
        low[root as usize] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        call.push((root, 0));
        while let Some(&(v, next)) = call.last() {
            let x = states[v as usize];
            let mut pos = next;
            let mut child = None;
            while pos < sp.flips.len() {
                let f = &sp.flips[pos];
                pos += 1;
                if !f.can_flip(x) {
                    continue;
                }
                let y = x ^ (1 << f.var);
                if !space::contains(c2, y) {
                    continue;
                }
                let wi = index_of(y);
                if index[wi as usize] == UNSEEN {
                    child = Some(wi);
                    break;
                } else if on_stack[wi as usize] {
                    low[v as usize] = low[v as usize].min(index[wi as usize]);
                }
            }
            call.last_mut().expect("frame").1 = pos;
            if let Some(wi) = child {
                index[wi as usize] = counter;
                low[wi as usize] = counter;
                counter += 1;
                stack.push(wi);
                on_stack[wi as usize] = true;
                call.push((wi, 0));
                continue;
            }
            call.pop();
            if let Some(&(p, _)) = call.last() {
                low[p as usize] = low[p as usize].min(low[v as usize]);
            }
            if low[v as usize] != index[v as usize] {
                continue;
            }
            // v is the root of a component: pop it and solve it.
            let start = stack
                .iter()
                .rposition(|&w| w == v)
                .expect("root on the stack");
            let mut comp: Vec<u32> = stack.drain(start..).collect();
            for &w in &comp {
                on_stack[w as usize] = false;
            }
            let average = |succ: &[Target], vals: &[f64], tmp: &mut [f64]| {
                tmp.fill(0.0);
                for t in succ {
                    match *t {
                        Target::State(j) => {
                            let row = &vals[j as usize * n..j as usize * n + n];
                            for (a, b) in tmp.iter_mut().zip(row) {
                                *a += b;
                            }
                        }
                        Target::Label(l) => tmp[l as usize] += 1.0,
                    }
                }
                let inv = 1.0 / succ.len() as f64;
                tmp.iter_mut().for_each(|a| *a *= inv);
            };
            if comp.len() == 1 {
                let u = comp[0] as usize;
                targets(states[u], &mut succ);
                average(&succ, &vals, &mut tmp);
                vals[u * n..u * n + n].copy_from_slice(&tmp);
            } else {
                solve_component(&mut comp, &states, &targets, &mut vals, n, &sp.cancel)?;
            }
            for &u in &comp {
                let row = &mut vals[u as usize * n..u as usize * n + n];
                let total: f64 = row.iter().sum();
                if total > 0.0 {
                    row.iter_mut().for_each(|a| *a /= total);
                }
                let w = weight.map_or(1.0, |f| f(states[u as usize]));
                for (acc, v) in mass.iter_mut().zip(row.iter()) {
                    *acc += w * v;
                }
            }
        }
    }
    Ok(())
}
