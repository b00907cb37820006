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
//! **Representation.** A sparse vector over the whole network's free variables (outputs
//! included, since labels are often read on outputs): only states the start can reach within
//! `t` steps carry weight, so a single start state in a large space stays cheap. The support is
//! checked against the memory budget before it grows past it ([`Error::TooLarge`]).
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

/// Bytes one state of the support costs (two maps of weights and the per-state cache).
const BYTES_PER_STATE: u128 = 96;
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
    /// The most states that carried weight at once.
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
    // Per state: the free variables that can change (bit j = free[j]) and the label index.
    let mut labels: Vec<String> = Vec::new();
    let mut label_index: HashMap<String, usize> = HashMap::new();
    let mut info: HashMap<u64, (u64, usize)> = HashMap::new();
    let mut scratch = Vec::new();
    let mut describe = |x: u64, info: &mut HashMap<u64, (u64, usize)>| -> (u64, usize) {
        *info.entry(x).or_insert_with(|| {
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
                    let next = label_index.len();
                    *label_index.entry(l.clone()).or_insert_with(|| {
                        labels.push(l);
                        next
                    })
                }
                None => 0,
            };
            (movers, label)
        })
    };
    let index = |s: &State| -> u64 {
        free.iter()
            .enumerate()
            .filter(|(_, v)| s.get(**v))
            .fold(0u64, |acc, (j, _)| acc | (1 << j))
    };
    let mut current: HashMap<u64, f64> = HashMap::new();
    for (s, w) in super::start_states(network, fixed, start)? {
        *current.entry(index(&s)).or_default() += w;
    }
    let n = free.len().max(1) as f64;
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
    // Snapshot per time: (label weights by label index, activity per variable).
    let mut label_acc: Vec<Vec<f64>> = vec![Vec::new(); times.len()];
    let mut activity: Vec<Vec<f64>> = vec![vec![0.0; network.num_vars()]; times.len()];
    let mut max_support = 0usize;
    let mut next: HashMap<u64, f64> = HashMap::new();
    let mut ln_fact = 0.0f64;
    for k in 0..=step_count {
        if k > 1 {
            ln_fact += (k as f64).ln();
        }
        if k % 16 == 0 {
            options.cancel.check()?;
        }
        max_support = max_support.max(current.len());
        if current.len() as u128 * BYTES_PER_STATE > budget {
            return Err(Error::TooLarge {
                what: format!(
                    "an exact time course over {} states carrying weight at step {k}",
                    current.len()
                ),
                needed_bytes: current.len() as u128 * BYTES_PER_STATE,
                allowed_bytes: budget,
                remedies: vec![
                    Remedy::FixInputs { inputs: Vec::new() },
                    Remedy::PerturbNodes,
                    Remedy::RaiseMemoryLimit,
                ],
            });
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
            for (&x, &p) in &current {
                let (_, l) = describe(x, &mut info);
                let acc = &mut label_acc[t];
                if acc.len() <= l {
                    acc.resize(l + 1, 0.0);
                }
                acc[l] += w * p;
                for (j, v) in free.iter().enumerate() {
                    if (x >> j) & 1 == 1 {
                        activity[t][v.index()] += w * p;
                    }
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
        next.clear();
        for (&x, &p) in &current {
            let (movers, _) = describe(x, &mut info);
            let moves = movers.count_ones() as f64;
            if moves < n {
                *next.entry(x).or_default() += p * (n - moves) / n;
            }
            let mut m = movers;
            while m != 0 {
                let j = m.trailing_zeros();
                m &= m - 1;
                *next.entry(x ^ (1 << j)).or_default() += p / n;
            }
        }
        std::mem::swap(&mut current, &mut next);
    }
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
