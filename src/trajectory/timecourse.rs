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
//! **Representation.** Two, chosen as the course goes ([`Representation::Auto`]):
//! * *sparse*: the states the start reaches within `t` steps, over the whole network's free
//!   variables (outputs included, since labels are often read on outputs), indexed in discovery
//!   order with their successor lists, and probability vectors over them: a single start state
//!   in a large space stays cheap. The reached set is checked against the memory budget before
//!   each expansion ([`Error::TooLarge`]).
//! * *dense* (`dense`): one `f64` per state of each invariant subspace the start touches,
//!   indexed by the state's bits, with the "can flip" sets computed once by the bit-sliced
//!   kernel; one step is a streaming, vectorised, parallel pass per variable. Taken from the
//!   first step when the start itself is large (a pattern), and otherwise as soon as the sparse
//!   set reaches `1/SWITCH_FRACTION` (1/8) of the states the dense vectors would cover, provided they
//!   fit the memory budget (checked before allocating); the sparse set is then poured into the
//!   vectors. Both give the same probabilities up to rounding (about `1e-15`).
//!
//! Labels and activities are summed at the steps whose weight at some requested time is not
//! zero (every step for [`Clock::Steps`]; the Poisson terms above `1e-18` for
//! [`Clock::Continuous`]), from the vector the step reads anyway.
//!
//! **Labels of states.** A state's label is the one the phenotype file gives a single-state
//! attractor with its values (markers on or off); the label probabilities at `t` are the
//! weights of states by label. Only the variables a label can depend on are read, so each
//! distinct pattern of them is classified once.

use super::Start;
use super::dense::{self, Chunk, Layout};
use crate::asynchronous::core::{Core, CoreStart};
use crate::attractor::{Attractor, AttractorKind, Basin};
use crate::count::Count;
use crate::engine::{EngineOptions, default_max_memory};
use crate::error::{Error, Remedy};
use crate::network::{Network, VarId};
use crate::phenotype::Phenotypes;
use crate::reduce::Reduction;
use crate::state::State;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// The Poisson tail left out of a continuous-time point.
const POISSON_TAIL: f64 = 1e-12;

/// [`Representation::Auto`] turns dense once the sparse set holds this fraction (one in
/// `SWITCH_FRACTION`) of the states the dense vectors would cover. Measured
/// (`benches/README-trajectory.md`): a dense step costs about a sparse step over 1/10 as many
/// states (streaming and vectorised against hashing and chasing successor lists); at 1/32 a
/// 20-variable course whose reached set stops at 6 % of the space turned dense too early and
/// took twice the sparse time.
pub const SWITCH_FRACTION: u128 = 8;

/// The most variables a label may read inside one subspace for the dense representation (its
/// labels are tabulated by their values).
const DENSE_MAX_LABEL_BITS: usize = 16;

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

/// How the distribution is stored (see the module documentation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Representation {
    /// Sparse while the states reached are few, dense once they are a large part of the space
    /// and the dense vectors fit the memory budget.
    #[default]
    Auto,
    /// The states reached only, throughout.
    Sparse,
    /// One probability per state of every subspace the start touches, from the start.
    Dense,
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
    /// The states reached over the course (carrying weight at some step).
    pub max_support: usize,
    /// The step from which the distribution was propagated densely (`None`: sparse
    /// throughout).
    pub dense_from: Option<usize>,
}

/// The time course of `network` with `fixed` held from `start` (see the module
/// documentation), [`Representation::Auto`].
///
/// # Errors
/// [`Error::TooLarge`] when the states carrying weight would not fit the memory budget
/// (`options.max_memory`); [`Error::Limit`] for more than 64 free variables or a start of more
/// than [`super::MAX_SYNC_START_STATES`] states that cannot be propagated densely;
/// [`Error::Cancelled`]; [`Error::Invalid`] for a negative or non-finite time.
pub fn time_course(
    network: &Network,
    fixed: &[(VarId, bool)],
    start: &Start,
    phenotypes: Option<&Phenotypes>,
    clock: Clock,
    options: &EngineOptions,
) -> Result<TimeCourse, Error> {
    time_course_with(
        network,
        fixed,
        start,
        phenotypes,
        clock,
        options,
        Representation::Auto,
    )
}

/// [`time_course`] with the representation chosen by the caller (benchmarks and tests compare
/// them; the results agree up to rounding).
///
/// # Errors
/// Those of [`time_course`]; with [`Representation::Dense`], [`Error::TooLarge`] when the dense
/// vectors do not fit the memory budget and [`Error::Limit`] when a label reads more than 16
/// variables of a subspace; with [`Representation::Sparse`], [`Error::TooLarge`] when the
/// reached states do not fit.
pub fn time_course_with(
    network: &Network,
    fixed: &[(VarId, bool)],
    start: &Start,
    phenotypes: Option<&Phenotypes>,
    clock: Clock,
    options: &EngineOptions,
    representation: Representation,
) -> Result<TimeCourse, Error> {
    run(
        network,
        fixed,
        start,
        phenotypes,
        clock,
        options,
        representation,
        None,
    )
}

/// Labels of core states, each distinct pattern of the label variables classified once.
struct Labeler<'a> {
    phenotypes: &'a Phenotypes,
    /// Core bits of the free variables a label can read.
    bits: Vec<usize>,
    /// A full state with the fixed values set.
    base: Vec<bool>,
    to_full: &'a [VarId],
    cache: HashMap<u64, u32>,
    labels: Vec<String>,
    index: HashMap<String, u32>,
}

impl Labeler<'_> {
    fn pattern(&self, x: u64) -> u64 {
        self.bits
            .iter()
            .enumerate()
            .fold(0, |acc, (j, &b)| acc | (((x >> b) & 1) << j))
    }

    fn of_pattern(&mut self, pattern: u64) -> u32 {
        if let Some(&l) = self.cache.get(&pattern) {
            return l;
        }
        let mut values = self.base.clone();
        for (j, &b) in self.bits.iter().enumerate() {
            values[self.to_full[b].index()] = (pattern >> j) & 1 == 1;
        }
        let a = Attractor::from_states(
            AttractorKind::FixedPoint,
            vec![State::from_bools(&values)],
            Basin::Partition {
                size: Count::from(1u64),
            },
        );
        let label = self.phenotypes.classify(&a).label;
        let next = self.labels.len() as u32;
        let id = *self.index.entry(label.clone()).or_insert_with(|| {
            self.labels.push(label);
            next
        });
        self.cache.insert(pattern, id);
        id
    }

    fn label(&mut self, x: u64) -> u32 {
        self.of_pattern(self.pattern(x))
    }

    /// The label ids of chunk `chunk`'s local states (`c` bits), tabulated by the values of
    /// the label's local variables: `(table, local bits)`.
    fn chunk_table(&mut self, c: usize, chunk: u64) -> Result<(Vec<u16>, Vec<usize>), Error> {
        let local: Vec<usize> = self.bits.iter().copied().filter(|&b| b < c).collect();
        let high = if c >= 64 { 0 } else { chunk << c };
        let mut table = Vec::with_capacity(1 << local.len());
        for lp in 0..1u64 << local.len() {
            let x = local
                .iter()
                .enumerate()
                .fold(high, |acc, (j, &b)| acc | (((lp >> j) & 1) << b));
            let id = self.label(x);
            table.push(u16::try_from(id).map_err(|_| Error::Limit {
                what: "a dense time course tells at most 65536 labels apart".into(),
                remedies: Vec::new(),
            })?);
        }
        Ok((table, local))
    }
}

/// The sums of one distribution at one step, by core bit and label id.
struct Snapshot {
    total: f64,
    on: Vec<f64>,
    labels: Vec<f64>,
}

/// The time course with the block layout of the dense passes given (tests shrink it; `None`:
/// [`Layout::for_bits`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    network: &Network,
    fixed: &[(VarId, bool)],
    start: &Start,
    phenotypes: Option<&Phenotypes>,
    clock: Clock,
    options: &EngineOptions,
    representation: Representation,
    layout: Option<Layout>,
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
    // Every free variable stays (outputs included): labels are often read on outputs.
    let reduction = Reduction::keeping_outputs(network, fixed)?;
    if reduction.num_free() > 64 {
        return Err(Error::Limit {
            what: format!(
                "a time course over {} free variables: states are indexed by 64 bits",
                reduction.num_free()
            ),
            remedies: vec![
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
            ],
        });
    }
    // Core bit j is variable `to_full[j]`: the non-inputs first, then the free inputs.
    let core = Core::new(reduction)?;
    let (k, q) = (core.k, core.q);
    let to_full = core.to_full.clone();
    let reduction = &core.reduction;
    let budget = u128::from(options.max_memory.unwrap_or_else(default_max_memory));
    let held = reduction.full_network().clone();
    let mut base = vec![false; network.num_vars()];
    for &(v, b) in reduction.fixed() {
        base[v.index()] = b;
    }
    let mut labeler = phenotypes.map(|p| Labeler {
        phenotypes: p,
        bits: p
            .label_variables()
            .iter()
            .filter_map(|v| to_full.iter().position(|x| x == v))
            .collect(),
        base: base.clone(),
        to_full: &to_full,
        cache: HashMap::new(),
        labels: Vec::new(),
        index: HashMap::new(),
    });
    let full = |x: u64| -> Vec<bool> {
        let mut b = base.clone();
        for (j, v) in to_full.iter().enumerate() {
            b[v.index()] = (x >> j) & 1 == 1;
        }
        b
    };
    // Per state: the core variables that can change (bit j = core bit j) and the label id.
    let mut scratch = Vec::new();
    let mut describe = |x: u64, labeler: &mut Option<Labeler>| -> (u64, u32) {
        let values = full(x);
        let movers = to_full.iter().enumerate().fold(0u64, |acc, (j, v)| {
            let f = held.function(*v);
            if f.eval_with(&mut scratch, |u| values[u.index()]) != values[v.index()] {
                acc | (1 << j)
            } else {
                acc
            }
        });
        (movers, labeler.as_mut().map_or(0, |l| l.label(x)))
    };
    let n = k.max(1) as f64;
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
    let mut ln_fact = vec![0.0f64; step_count + 1];
    for s in 2..=step_count {
        ln_fact[s] = ln_fact[s - 1] + (s as f64).ln();
    }
    // Weight of step `s` at each time point.
    let weights = |s: usize| -> Vec<f64> {
        match clock {
            Clock::Steps(_) => (0..times.len())
                .map(|t| if t == s { 1.0 } else { 0.0 })
                .collect(),
            Clock::Continuous { .. } => times
                .iter()
                .map(|&tau| poisson(s, ln_fact[s], n * tau))
                .collect(),
        }
    };
    // Sums per time: label weights by label id, activity per variable.
    let mut label_acc: Vec<Vec<f64>> = vec![Vec::new(); times.len()];
    let mut activity: Vec<Vec<f64>> = vec![vec![0.0; network.num_vars()]; times.len()];
    let mut record = |s: usize, snap: &Snapshot| {
        for (t, &w) in weights(s).iter().enumerate() {
            if w == 0.0 {
                continue;
            }
            let acc = &mut label_acc[t];
            if acc.len() < snap.labels.len() {
                acc.resize(snap.labels.len(), 0.0);
            }
            for (a, &p) in acc.iter_mut().zip(&snap.labels) {
                *a += w * p;
            }
            for (j, &p) in snap.on.iter().enumerate() {
                activity[t][to_full[j].index()] += w * p;
            }
            for &(v, b) in reduction.fixed() {
                if b {
                    activity[t][v.index()] += w * snap.total;
                }
            }
        }
    };
    let wanted = |s: usize| weights(s).iter().any(|&w| w != 0.0);

    // What the dense vectors would cover, and whether they fit.
    let c = q.max(k.min(6));
    let all = if k >= 64 { u64::MAX } else { (1u64 << k) - 1 };
    let core_start = core.start(start);
    let (start_size, populated_chunks): (u128, u128) = match &core_start {
        CoreStart::Cube { mask, .. } => {
            let free = k as u32 - (mask & all).count_ones();
            let high_free = (k - c) as u32 - (mask >> c.min(63) & all).count_ones();
            let high_free = if c >= k { 0 } else { high_free };
            (1u128 << free, 1u128 << high_free)
        }
        CoreStart::States(list) => {
            let chunks: BTreeSet<u64> = list
                .iter()
                .map(|&(x, _)| if c >= 64 { 0 } else { x >> c })
                .collect();
            (list.len() as u128, chunks.len() as u128)
        }
    };
    let covered = populated_chunks << c;
    let dense_bytes = dense::chunk_bytes(c, &core.supports, phenotypes.is_some());
    let dense_refusal: Option<Error> = if dense_bytes > budget {
        Some(Error::TooLarge {
            what: format!(
                "a dense time course over 2^{c} states{}",
                if populated_chunks > 1 {
                    format!(" in each of {populated_chunks} input subspaces")
                } else {
                    String::new()
                }
            ),
            needed_bytes: dense_bytes,
            allowed_bytes: budget,
            remedies: vec![
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
                Remedy::RaiseMemoryLimit,
            ],
        })
    } else if covered > 1u128 << 40 {
        Some(Error::Limit {
            what: format!("a dense time course over {covered} states"),
            remedies: vec![
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
            ],
        })
    } else if labeler
        .as_ref()
        .is_some_and(|l| l.bits.iter().filter(|&&b| b < c).count() > DENSE_MAX_LABEL_BITS)
    {
        Some(Error::Limit {
            what: format!(
                "a dense time course whose labels read more than {DENSE_MAX_LABEL_BITS} \
                 variables of a subspace"
            ),
            remedies: Vec::new(),
        })
    } else {
        None
    };
    let go_dense = |reached: u128| match representation {
        Representation::Dense => true,
        Representation::Sparse => false,
        Representation::Auto => dense_refusal.is_none() && reached * SWITCH_FRACTION >= covered,
    };

    // Sparse phase, from step 0 until dense takes over (if it does).
    let mut reached = Reached::default();
    let mut current: Vec<f64> = Vec::new();
    let mut dense_from = None;
    if go_dense(start_size) {
        dense_from = Some(0);
    } else {
        let list: Vec<(u64, f64)> = match &core_start {
            CoreStart::Cube { mask, value } => {
                let free: Vec<usize> = (0..k).filter(|&j| (mask >> j) & 1 == 0).collect();
                if free.len() >= 64 || 1u64 << free.len() > super::MAX_SYNC_START_STATES {
                    return Err(Error::Limit {
                        what: format!(
                            "a start of 2^{} states: the sparse time course follows at most \
                             {} start states",
                            free.len(),
                            super::MAX_SYNC_START_STATES
                        ),
                        remedies: vec![
                            Remedy::FixInputs { inputs: Vec::new() },
                            Remedy::PerturbNodes,
                        ],
                    });
                }
                let w = 0.5f64.powi(free.len() as i32);
                (0..1u64 << free.len())
                    .map(|bits| {
                        let x = free
                            .iter()
                            .enumerate()
                            .fold(value & mask & all, |acc, (i, &j)| {
                                acc | (((bits >> i) & 1) << j)
                            });
                        (x, w)
                    })
                    .collect()
            }
            CoreStart::States(list) => list.clone(),
        };
        for (x, w) in list {
            let i = reached.find_or_add(x, &mut |x| describe(x, &mut labeler));
            current.resize(reached.len(), 0.0);
            current[i as usize] += w;
        }
        let bytes_per_state = 64 + 4 * k as u128;
        for s in 0..=step_count {
            if s % 16 == 0 {
                options.cancel.check()?;
            }
            let needed = reached.len() as u128 * bytes_per_state;
            let over = s < step_count && needed > budget;
            if s > 0 && go_dense(reached.len() as u128)
                || over && representation == Representation::Auto && dense_refusal.is_none()
            {
                dense_from = Some(s);
                break;
            }
            if wanted(s) {
                let mut snap = Snapshot {
                    total: 0.0,
                    on: vec![0.0; k],
                    labels: vec![0.0; labeler.as_ref().map_or(1, |l| l.labels.len())],
                };
                for (i, &p) in current.iter().enumerate() {
                    if p == 0.0 {
                        continue;
                    }
                    snap.total += p;
                    snap.labels[reached.labels[i] as usize] += p;
                    let mut x = reached.keys[i];
                    while x != 0 {
                        let j = x.trailing_zeros() as usize;
                        x &= x - 1;
                        snap.on[j] += p;
                    }
                }
                record(s, &snap);
            }
            if s == step_count {
                break;
            }
            // Expand the states discovered last step (their successors may be new states),
            // after checking that the states reached so far fit the budget.
            if over {
                return Err(Error::TooLarge {
                    what: format!(
                        "an exact time course over the {} states reached within {s} steps",
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
            reached.expand(&mut |x| describe(x, &mut labeler));
            let mut next = vec![0.0; reached.len()];
            for (i, &p) in current.iter().enumerate() {
                if p == 0.0 {
                    continue;
                }
                let succ = reached.successors(i);
                let moves = succ.len() as f64;
                if moves < n {
                    next[i] += p * (n - moves) / n;
                }
                for &t in succ {
                    next[t as usize] += p / n;
                }
            }
            current = next;
        }
    }
    let mut max_support = reached.len();

    // Dense phase: each subspace the start touches in turn, from `dense_from` on.
    if let Some(first) = dense_from {
        if let Some(e) = dense_refusal {
            return Err(e);
        }
        let local = if c >= 64 { u64::MAX } else { (1u64 << c) - 1 };
        let chunk_of = |x: u64| if c >= 64 { 0 } else { x >> c };
        // Per chunk: the sparse states (mass, possibly zero) to pour in.
        let mut poured: BTreeMap<u64, Vec<(u64, f64)>> = BTreeMap::new();
        let chunks: Vec<u64> = if first == 0 {
            match &core_start {
                CoreStart::Cube { mask, value } => {
                    let (hm, hv) = if c >= 64 {
                        (0, 0)
                    } else {
                        (mask >> c, value >> c)
                    };
                    let high = k.saturating_sub(c);
                    (0..1u64 << high).filter(|ch| (ch ^ hv) & hm == 0).collect()
                }
                CoreStart::States(list) => {
                    for &(x, w) in list {
                        poured.entry(chunk_of(x)).or_default().push((x & local, w));
                    }
                    poured.keys().copied().collect()
                }
            }
        } else {
            for (i, &x) in reached.keys.iter().enumerate() {
                let p = current.get(i).copied().unwrap_or(0.0);
                poured.entry(chunk_of(x)).or_default().push((x & local, p));
            }
            poured.keys().copied().collect()
        };
        drop(current);
        drop(reached);
        max_support = 0;
        for ch in chunks {
            let table = match labeler.as_mut() {
                Some(l) => Some(l.chunk_table(c, ch)?),
                None => None,
            };
            let nlabels = labeler.as_ref().map_or(0, |l| l.labels.len());
            let label_of = table.as_ref().map(|(table, bits)| {
                move |x: u64| -> u16 {
                    let p = bits.iter().enumerate().fold(0usize, |acc, (j, &b)| {
                        acc | ((((x >> b) & 1) as usize) << j)
                    });
                    table[p]
                }
            });
            let mut chunk = Chunk::new(
                &core.kernel,
                &core.supports,
                c,
                ch,
                k,
                label_of
                    .as_ref()
                    .map(|f| (f as &(dyn Fn(u64) -> u16 + Sync), nlabels)),
                layout,
                &options.cancel,
            )?;
            match (&core_start, poured.get(&ch)) {
                (_, Some(list)) => {
                    for &(x, p) in list {
                        chunk.set(x, p);
                    }
                }
                (CoreStart::Cube { mask, value }, None) => {
                    let free = k as u32 - (mask & all).count_ones();
                    chunk.set_cube(mask & local, value & mask & local, 0.5f64.powi(free as i32));
                }
                (CoreStart::States(_), None) => {}
            }
            for s in first..=step_count {
                options.cancel.check()?;
                let want = wanted(s);
                let sums = if s == step_count {
                    want.then(|| chunk.sums())
                } else {
                    chunk.step(want)
                };
                if let Some(sums) = sums {
                    let mut on = sums.on;
                    on.extend((c..k).map(|j| {
                        if (ch >> (j - c)) & 1 == 1 {
                            sums.total
                        } else {
                            0.0
                        }
                    }));
                    on.truncate(k);
                    record(
                        s,
                        &Snapshot {
                            total: sums.total,
                            on,
                            labels: sums.labels,
                        },
                    );
                }
            }
            max_support += chunk.reached() as usize;
        }
    }

    // Sort labels by name and keep those that carry weight.
    let labels = labeler.map(|l| l.labels).unwrap_or_default();
    let mut order: Vec<usize> = (0..labels.len())
        .filter(|&l| {
            label_acc
                .iter()
                .any(|acc| acc.get(l).is_some_and(|&p| p > 0.0))
        })
        .collect();
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
        dense_from,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attractor::Pattern;
    use crate::phenotype::PhenotypeSpec;
    use proptest::prelude::*;

    fn start(n: usize) -> impl Strategy<Value = Start> {
        prop_oneof![
            proptest::collection::vec(any::<bool>(), n)
                .prop_map(|b| Start::State(State::from_bools(&b))),
            proptest::collection::vec(proptest::option::of(any::<bool>()), n)
                .prop_map(|p| Start::Pattern(Pattern(p))),
        ]
    }

    /// Labels on the first two variables (a state carries one of three labels).
    fn phenotypes(net: &Network) -> Option<Phenotypes> {
        if net.num_vars() < 2 {
            return None;
        }
        let (a, b) = (net.name(VarId::new(0)), net.name(VarId::new(1)));
        let spec = PhenotypeSpec::from_toml_str(&format!(
            "[labels]\nHI = \"{a}\"\nMID = \"!{a} & {b}\"\n"
        ))
        .unwrap();
        Some(spec.bind(net).unwrap())
    }

    fn close(a: &[Vec<f64>], b: &[Vec<f64>]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| (p - q).abs() < 1e-12)
            })
    }

    fn agree(a: &TimeCourse, b: &TimeCourse) -> Result<(), TestCaseError> {
        prop_assert_eq!(&a.labels, &b.labels);
        prop_assert!(
            close(&a.label_probabilities, &b.label_probabilities),
            "{:?}\nvs {:?}",
            a.label_probabilities,
            b.label_probabilities
        );
        prop_assert!(
            close(&a.activity, &b.activity),
            "{:?}\nvs {:?}",
            a.activity,
            b.activity
        );
        prop_assert_eq!(a.max_support, b.max_support);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        /// Blocks of 64 and 128 states, so that networks of 7 to 10 variables take the tile
        /// pass (variables above the block) as well as the in-block one, and Auto switching
        /// part-way.
        #[test]
        fn small_dense_blocks_agree_with_sparse(
            ((net, fixed), start) in crate::testing::network_with_perturbations(10)
                .prop_flat_map(|c| { let n = c.0.num_vars(); (Just(c), start(n)) }),
            steps in 0usize..14,
            block_bits in 6usize..8,
            labelled in any::<bool>(),
        ) {
            let phen = if labelled { phenotypes(&net) } else { None };
            let o = EngineOptions::default();
            let layout = Some(Layout { block_bits, run_bits: 6 });
            let clock = Clock::Steps(steps);
            let sparse = run(&net, &fixed, &start, phen.as_ref(), clock, &o, Representation::Sparse, layout).unwrap();
            let dense = run(&net, &fixed, &start, phen.as_ref(), clock, &o, Representation::Dense, layout).unwrap();
            prop_assert_eq!(sparse.dense_from, None);
            prop_assert_eq!(dense.dense_from, Some(0));
            agree(&sparse, &dense)?;
            let auto = run(&net, &fixed, &start, phen.as_ref(), clock, &o, Representation::Auto, layout).unwrap();
            agree(&sparse, &auto)?;
        }
    }

    #[test]
    fn one_state_in_a_larger_space_turns_dense_part_way() {
        // A ring of 12 variables, each copying its predecessor or'ed with the one before: from
        // one state the reached set grows until dense takes over.
        let text: String = (0..12)
            .map(|i| format!("x{i}, x{} | !x{}\n", (i + 11) % 12, (i + 10) % 12))
            .collect();
        let net = crate::parse::parse_str(
            &text,
            &crate::parse::ParseOptions::new(crate::parse::Format::Bnet),
        )
        .unwrap()
        .network;
        let start = Start::parse(&net, "100000000000").unwrap();
        let o = EngineOptions::default();
        let layout = Some(Layout {
            block_bits: 8,
            run_bits: 6,
        });
        let clock = Clock::Steps(30);
        let sparse = run(
            &net,
            &[],
            &start,
            None,
            clock,
            &o,
            Representation::Sparse,
            layout,
        )
        .unwrap();
        let auto = run(
            &net,
            &[],
            &start,
            None,
            clock,
            &o,
            Representation::Auto,
            layout,
        )
        .unwrap();
        let s = auto.dense_from.expect("dense part-way");
        assert!(s > 0 && s < 30, "switched at {s}");
        assert!(close(&sparse.activity, &auto.activity));
        assert_eq!(sparse.max_support, auto.max_support);
    }
}
