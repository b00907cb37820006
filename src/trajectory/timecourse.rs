//! Time courses: the probability of each phenotype label, and of each variable being on, after
//! `t` asynchronous steps from a start, exact, by propagating the distribution over the states
//! the start reaches.
//!
//! **The chain.** One step picks one of the `n` free variables uniformly (outputs included)
//! and updates it: the state flips when its function disagrees and stays otherwise. Its jump
//! chain is the one the reach probabilities use (uniform among the variables that can change),
//! so the walk ends in the same attractors with the same probabilities; the self-loops give
//! time its meaning. The same chain is the uniformization of the continuous-time process in
//! which every variable that can change does so at rate 1 (MaBoSS's convention with all rates
//! 1): with `P` the step matrix, the distribution at time `τ` is
//! `Σ_k Poisson(k; n·τ) · P^k · p_0`, summed until the Poisson tail is below `1e-12`.
//!
//! **Representation.** The states the start reaches within `t` steps, over the whole network's
//! free variables (outputs included, since labels are often read on outputs), indexed in
//! discovery order with their successor lists, and dense probability vectors over them: a
//! single start state in a large space stays cheap. The reached set is checked against the
//! memory budget before each expansion ([`Error::TooLarge`]).
//!
//! **Labels of states.** A state's label is the one the phenotype file gives a single-state
//! attractor with its values (markers on or off); the label probabilities at `t` are the
//! weights of states by label.

use super::Start;
use crate::attractor::{Attractor, AttractorKind, Basin};
use crate::count::Count;
use crate::engine::{EngineOptions, default_max_memory};
use crate::error::{Error, Remedy};
use crate::network::{Network, VarId};
use crate::phenotype::Phenotypes;
use crate::reduce::Reduction;
use crate::state::State;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// The Poisson tail left out of a continuous-time point.
const POISSON_TAIL: f64 = 1e-12;

/// Which clock a time course runs on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clock {
    /// Steps `0, 1, …, n` of the discrete chain.
    Steps(usize),
    /// Continuous time with unit rates: `points + 1` equally spaced times from 0 to `until`.
    Continuous {
        /// The last time.
        until: f64,
        /// Intervals between 0 and `until`.
        points: usize,
    },
}

/// The probabilities over time.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeCourse {
    /// The clock asked for.
    pub clock: Clock,
    /// Where the walk started, in words.
    pub start: String,
    /// The times (steps or continuous time), in order.
    pub times: Vec<f64>,
    /// Labels that carry weight at some time, sorted (empty without phenotypes).
    pub labels: Vec<String>,
    /// `label_probabilities[t][l]`: the probability of `labels[l]` at `times[t]`.
    pub label_probabilities: Vec<Vec<f64>>,
    /// Variable names, in network order.
    pub variables: Vec<String>,
    /// `activity[t][v]`: the probability that variable `v` is on at `times[t]`.
    pub activity: Vec<Vec<f64>>,
    /// The states reached (and stored) over the course.
    pub max_support: usize,
}

/// The time course of `network` with `fixed` held from `start` (see the module
/// documentation).
///
/// # Errors
/// [`Error::TooLarge`] when the states carrying weight would not fit the memory budget
/// (`options.max_memory`); [`Error::Limit`] for more than 64 free variables or a start of more
/// than [`super::MAX_SYNC_START_STATES`] states; [`Error::Cancelled`]; [`Error::Invalid`] for a
/// negative or non-finite time.
pub fn time_course(
    network: &Network,
    fixed: &[(VarId, bool)],
    start: &Start,
    phenotypes: Option<&Phenotypes>,
    clock: Clock,
    options: &EngineOptions,
) -> Result<TimeCourse, Error> {
    start.check(network)?;
    if let Clock::Continuous { until, .. } = clock
        && !(until.is_finite() && until >= 0.0)
    {
        return Err(Error::invalid_value(
            "time",
            until.to_string(),
            "a finite time of at least 0",
        ));
    }
    let reduction = Reduction::new(network, fixed)?;
    let free: Vec<VarId> = network
        .vars()
        .filter(|v| !reduction.fixed().iter().any(|(x, _)| x == v))
        .collect();
    if free.len() > 64 {
        return Err(Error::Limit {
            what: format!(
                "a time course over {} free variables: states are indexed by 64 bits",
                free.len()
            ),
            remedies: vec![
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
            ],
        });
    }
    let budget = u128::from(options.max_memory.unwrap_or_else(default_max_memory));
    let held = reduction.full_network().clone();
    let mut base = vec![false; network.num_vars()];
    for &(v, b) in reduction.fixed() {
        base[v.index()] = b;
    }
    let full = |x: u64| -> Vec<bool> {
        let mut b = base.clone();
        for (j, v) in free.iter().enumerate() {
            b[v.index()] = (x >> j) & 1 == 1;
        }
        b
    };
    // The states reached so far, indexed in discovery order, with per state the free variables
    // that can change (bit j = free[j]), the label index and, once expanded, the successors.
    let mut labels: Vec<String> = Vec::new();
    let mut label_index: HashMap<String, u32> = HashMap::new();
    let mut scratch = Vec::new();
    let mut describe = |x: u64| -> (u64, u32) {
        let values = full(x);
        let movers = free.iter().enumerate().fold(0u64, |acc, (j, v)| {
            let f = held.function(*v);
            if f.eval_with(&mut scratch, |u| values[u.index()]) != values[v.index()] {
                acc | (1 << j)
            } else {
                acc
            }
        });
        let label = match phenotypes {
            Some(p) => {
                let a = Attractor::from_states(
                    AttractorKind::FixedPoint,
                    vec![State::from_bools(&values)],
                    Basin::Partition {
                        size: Count::from(1u64),
                    },
                );
                let l = p.classify(&a).label;
                let next = label_index.len() as u32;
                *label_index.entry(l.clone()).or_insert_with(|| {
                    labels.push(l);
                    next
                })
            }
            None => 0,
        };
        (movers, label)
    };
    let index_of = |s: &State| -> u64 {
        free.iter()
            .enumerate()
            .filter(|(_, v)| s.get(**v))
            .fold(0u64, |acc, (j, _)| acc | (1 << j))
    };
    let mut reached = Reached::default();
    let mut current: Vec<f64> = Vec::new();
    for (s, w) in super::start_states(network, fixed, start)? {
        let i = reached.find_or_add(index_of(&s), &mut describe);
        current.resize(reached.len(), 0.0);
        current[i as usize] += w;
    }
    let n = free.len().max(1) as f64;
    let bytes_per_state = 64 + 4 * free.len() as u128;
    let (times, step_count): (Vec<f64>, usize) = match clock {
        Clock::Steps(t) => ((0..=t).map(|k| k as f64).collect(), t),
        Clock::Continuous { until, points } => {
            let points = points.max(1);
            let lambda = n * until;
            // Enough steps that the Poisson tail beyond them is negligible at the last time.
            let k = (lambda + 12.0 * lambda.sqrt() + 30.0).ceil() as usize;
            (
                (0..=points)
                    .map(|i| until * i as f64 / points as f64)
                    .collect(),
                k,
            )
        }
    };
    // Snapshot per time: label weights by label index, activity per variable.
    let mut label_acc: Vec<Vec<f64>> = vec![Vec::new(); times.len()];
    let mut activity: Vec<Vec<f64>> = vec![vec![0.0; network.num_vars()]; times.len()];
    let mut next: Vec<f64> = Vec::new();
    let mut ln_fact = 0.0f64;
    for k in 0..=step_count {
        if k > 1 {
            ln_fact += (k as f64).ln();
        }
        if k % 16 == 0 {
            options.cancel.check()?;
        }
        // Weight of this step at each time point.
        let weights: Vec<f64> = match clock {
            Clock::Steps(_) => (0..times.len())
                .map(|t| if t == k { 1.0 } else { 0.0 })
                .collect(),
            Clock::Continuous { .. } => times
                .iter()
                .map(|&tau| poisson(k, ln_fact, n * tau))
                .collect(),
        };
        for (t, &w) in weights.iter().enumerate() {
            if w == 0.0 {
                continue;
            }
            let acc = &mut label_acc[t];
            for (i, &p) in current.iter().enumerate() {
                if p == 0.0 {
                    continue;
                }
                let l = reached.labels[i] as usize;
                if acc.len() <= l {
                    acc.resize(l + 1, 0.0);
                }
                acc[l] += w * p;
                let mut x = reached.keys[i];
                while x != 0 {
                    let j = x.trailing_zeros() as usize;
                    x &= x - 1;
                    activity[t][free[j].index()] += w * p;
                }
            }
            for &(v, b) in reduction.fixed() {
                if b {
                    activity[t][v.index()] += w;
                }
            }
        }
        if k == step_count {
            break;
        }
        // Expand the states discovered last step (their successors may be new states), after
        // checking that the states reached so far fit the budget.
        let needed = reached.len() as u128 * bytes_per_state;
        if needed > budget {
            return Err(Error::TooLarge {
                what: format!(
                    "an exact time course over the {} states reached within {k} steps",
                    reached.len()
                ),
                needed_bytes: needed,
                allowed_bytes: budget,
                remedies: vec![
                    Remedy::FixInputs { inputs: Vec::new() },
                    Remedy::PerturbNodes,
                    Remedy::RaiseMemoryLimit,
                ],
            });
        }
        reached.expand(&mut describe);
        next.clear();
        next.resize(reached.len(), 0.0);
        for (i, &p) in current.iter().enumerate() {
            if p == 0.0 {
                continue;
            }
            let succ = reached.successors(i);
            let moves = succ.len() as f64;
            if moves < n {
                next[i] += p * (n - moves) / n;
            }
            for &s in succ {
                next[s as usize] += p / n;
            }
        }
        std::mem::swap(&mut current, &mut next);
    }
    let max_support = reached.len();
    // Sort labels by name and keep those that carry weight.
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|&a, &b| labels[a].cmp(&labels[b]));
    let label_probabilities = label_acc
        .iter()
        .map(|acc| {
            order
                .iter()
                .map(|&l| acc.get(l).copied().unwrap_or(0.0))
                .collect()
        })
        .collect();
    Ok(TimeCourse {
        clock,
        start: start.to_string(),
        times,
        labels: order.iter().map(|&l| labels[l].clone()).collect(),
        label_probabilities,
        variables: network.names().to_vec(),
        activity,
        max_support,
    })
}

/// The states reached so far, in discovery order.
#[derive(Default)]
struct Reached {
    /// Free-space index of each state.
    keys: Vec<u64>,
    /// Free-space index → position in `keys`.
    index: HashMap<u64, u32, BuildHasherDefault<MixHasher>>,
    /// Variables that can change in each state (bit j = free variable j).
    movers: Vec<u64>,
    /// Label index of each state.
    labels: Vec<u32>,
    /// Successor lists of the expanded states (`offsets[i]..offsets[i + 1]` in `succ`).
    offsets: Vec<u32>,
    succ: Vec<u32>,
}

impl Reached {
    fn len(&self) -> usize {
        self.keys.len()
    }

    fn find_or_add(&mut self, x: u64, describe: &mut impl FnMut(u64) -> (u64, u32)) -> u32 {
        if let Some(&i) = self.index.get(&x) {
            return i;
        }
        let i = self.keys.len() as u32;
        let (movers, label) = describe(x);
        self.index.insert(x, i);
        self.keys.push(x);
        self.movers.push(movers);
        self.labels.push(label);
        i
    }

    /// Computes the successors of every state not expanded yet (new states they lead to are
    /// added, unexpanded).
    fn expand(&mut self, describe: &mut impl FnMut(u64) -> (u64, u32)) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let upto = self.keys.len();
        for i in self.offsets.len() - 1..upto {
            let (x, mut m) = (self.keys[i], self.movers[i]);
            while m != 0 {
                let j = m.trailing_zeros();
                m &= m - 1;
                let s = self.find_or_add(x ^ (1 << j), describe);
                self.succ.push(s);
            }
            self.offsets.push(self.succ.len() as u32);
        }
    }

    fn successors(&self, i: usize) -> &[u32] {
        &self.succ[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// A fast hash for `u64` keys (a multiply and a rotate; the keys are states, not adversarial).
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0 ^ x)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(26);
    }
}

/// `P(K = k)` for `K ~ Poisson(lambda)` given `ln k!`, computed in logs (no overflow for
/// large `k`); terms below `POISSON_TAIL · 1e-6` are dropped.
fn poisson(k: usize, ln_fact: f64, lambda: f64) -> f64 {
    if lambda == 0.0 {
        return if k == 0 { 1.0 } else { 0.0 };
    }
    let p = (-lambda + k as f64 * lambda.ln() - ln_fact).exp();
    if p < POISSON_TAIL * 1e-6 { 0.0 } else { p }
}

/// The label probabilities of a time course as `label → probability` at time index `t`.
pub fn labels_at(course: &TimeCourse, t: usize) -> BTreeMap<&str, f64> {
    course
        .labels
        .iter()
        .map(String::as_str)
        .zip(course.label_probabilities[t].iter().copied())
        .collect()
}
