//! References the start and time-course computations are tested against: the explicit
//! asynchronous chain of the whole network (every free variable, outputs included, no kernel,
//! no reduction), absorption probabilities by dense Gaussian elimination.

use super::Start;
use crate::attractor::Exploration;
use crate::error::Error;
use crate::network::{Network, VarId};
use crate::state::State;

/// The most free variables the dense references take (their matrices are `2^n × 2^n`).
pub const NAIVE_MAX_DENSE: usize = 10;

/// The free variables of `network` with `fixed` and its constants held, and the full state of
/// free-space index `i` (bit `j` = `free[j]`).
pub(crate) struct Space {
    pub(crate) free: Vec<VarId>,
    base: Vec<bool>,
}

impl Space {
    pub(crate) fn new(network: &Network, fixed: &[(VarId, bool)]) -> Result<Space, Error> {
        let reduction = crate::reduce::Reduction::new(network, fixed)?;
        let mut base = vec![false; network.num_vars()];
        for &(v, b) in reduction.fixed() {
            base[v.index()] = b;
        }
        let free: Vec<VarId> = network
            .vars()
            .filter(|v| !reduction.fixed().iter().any(|(x, _)| x == v))
            .collect();
        if free.len() > NAIVE_MAX_DENSE {
            return Err(Error::Invalid(format!(
                "the dense reference handles at most {NAIVE_MAX_DENSE} free variables, not {}",
                free.len()
            )));
        }
        Ok(Space { free, base })
    }

    pub(crate) fn len(&self) -> usize {
        1 << self.free.len()
    }

    pub(crate) fn full(&self, i: usize) -> Vec<bool> {
        let mut b = self.base.clone();
        for (j, v) in self.free.iter().enumerate() {
            b[v.index()] = (i >> j) & 1 == 1;
        }
        b
    }

    pub(crate) fn index(&self, s: &State) -> usize {
        self.free
            .iter()
            .enumerate()
            .filter(|(_, v)| s.get(**v))
            .fold(0, |acc, (j, _)| acc | (1 << j))
    }

    /// The start as a probability vector over the free space (fixed values applied).
    pub(crate) fn distribution(&self, start: &Start) -> Vec<f64> {
        let mut p = vec![0.0; self.len()];
        match start {
            Start::Pattern(pat) => {
                let matching: Vec<usize> = (0..self.len())
                    .filter(|&i| {
                        self.free
                            .iter()
                            .enumerate()
                            .all(|(j, v)| pat.0[v.index()].is_none_or(|b| b == ((i >> j) & 1 == 1)))
                    })
                    .collect();
                for &i in &matching {
                    p[i] = 1.0 / matching.len() as f64;
                }
            }
            other => {
                for (s, w) in other.weighted_states() {
                    p[self.index(s)] += w;
                }
                let total: f64 = p.iter().sum();
                p.iter_mut().for_each(|x| *x /= total);
            }
        }
        p
    }

    /// The variables that can change in free-space state `i` (as free indices).
    pub(crate) fn movers(&self, network: &Network, i: usize) -> Vec<usize> {
        let b = self.full(i);
        self.free
            .iter()
            .enumerate()
            .filter(|(_, v)| network.function(**v).eval(|x| b[x.index()]) != b[v.index()])
            .map(|(j, _)| j)
            .collect()
    }
}

/// The probability of ending in each attractor of `attractors` (an asynchronous exploration of
/// the same network and fixed values, every state listed) from `start`, by one dense linear
/// solve of the absorbing chain that picks uniformly among the variables that can change.
///
/// # Errors
/// [`Error::Invalid`] for more than [`NAIVE_MAX_DENSE`](crate::trajectory::NAIVE_MAX_DENSE) free variables or an attractor whose
/// states are not all listed; the errors of [`crate::reduce::Reduction::new`].
pub fn naive_reach_from(
    network: &Network,
    fixed: &[(VarId, bool)],
    attractors: &Exploration,
    start: &Start,
) -> Result<Vec<f64>, Error> {
    let space = Space::new(network, fixed)?;
    let n = space.len();
    let m = attractors.attractors.len();
    let mut owner: Vec<Option<usize>> = vec![None; n];
    for (ai, a) in attractors.attractors.iter().enumerate() {
        if !a.is_listed() {
            return Err(Error::Invalid(
                "every attractor state must be listed".into(),
            ));
        }
        for s in &a.states {
            owner[space.index(s)] = Some(ai);
        }
    }
    // (I - Q) X = R over all states: absorbing states get the identity row.
    let mut a = vec![0.0f64; n * n];
    let mut rhs = vec![0.0f64; n * m];
    for i in 0..n {
        a[i * n + i] = 1.0;
        if let Some(ai) = owner[i] {
            rhs[i * m + ai] = 1.0;
            continue;
        }
        let movers = space.movers(network, i);
        let w = 1.0 / movers.len() as f64;
        for j in movers {
            a[i * n + (i ^ (1 << j))] -= w;
        }
    }
    // Gaussian elimination with partial pivoting.
    for col in 0..n {
        let piv = (col..n)
            .max_by(|&x, &y| a[x * n + col].abs().total_cmp(&a[y * n + col].abs()))
            .expect("rows left");
        if piv != col {
            for k in 0..n {
                a.swap(col * n + k, piv * n + k);
            }
            for k in 0..m {
                rhs.swap(col * m + k, piv * m + k);
            }
        }
        let d = a[col * n + col];
        for row in 0..n {
            if row == col {
                continue;
            }
            let f = a[row * n + col] / d;
            if f == 0.0 {
                continue;
            }
            for k in col..n {
                a[row * n + k] -= f * a[col * n + k];
            }
            for k in 0..m {
                rhs[row * m + k] -= f * rhs[col * m + k];
            }
        }
    }
    let p0 = space.distribution(start);
    let mut out = vec![0.0; m];
    for (i, &p) in p0.iter().enumerate() {
        if p == 0.0 {
            continue;
        }
        let d = a[i * n + i];
        for (k, o) in out.iter_mut().enumerate() {
            *o += p * rhs[i * m + k] / d;
        }
    }
    Ok(out)
}

/// The probability of each variable being on (network order) after `0..=steps` steps of the
/// chain that picks one free variable uniformly and updates it, by dense matrix-vector
/// products from `start`: the reference of [`super::time_course`].
///
/// # Errors
/// [`Error::Invalid`] for more than [`NAIVE_MAX_DENSE`](crate::trajectory::NAIVE_MAX_DENSE) free variables; the errors of
/// [`crate::reduce::Reduction::new`].
pub fn naive_activity_over_time(
    network: &Network,
    fixed: &[(VarId, bool)],
    start: &Start,
    steps: usize,
) -> Result<Vec<Vec<f64>>, Error> {
    let space = Space::new(network, fixed)?;
    let len = space.len();
    let n = space.free.len().max(1) as f64;
    // The dense step matrix, column-stochastic: m[to * len + from].
    let mut m = vec![0.0f64; len * len];
    for from in 0..len {
        let movers = space.movers(network, from);
        for j in 0..space.free.len() {
            let to = if movers.contains(&j) {
                from ^ (1 << j)
            } else {
                from
            };
            m[to * len + from] += 1.0 / n;
        }
        if space.free.is_empty() {
            m[from * len + from] = 1.0;
        }
    }
    let mut p = space.distribution(start);
    let mut out = Vec::with_capacity(steps + 1);
    for t in 0..=steps {
        let mut act = vec![0.0; network.num_vars()];
        for (i, &w) in p.iter().enumerate() {
            let b = space.full(i);
            for (v, on) in b.iter().enumerate() {
                if *on {
                    act[v] += w;
                }
            }
        }
        out.push(act);
        if t < steps {
            p = (0..len)
                .map(|to| (0..len).map(|from| m[to * len + from] * p[from]).sum())
                .collect();
        }
    }
    Ok(out)
}
