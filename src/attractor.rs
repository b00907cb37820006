//! What the explorers return: `Attractor`s with their kind, states, pattern, per-variable
//! activity and basin, gathered in an `Exploration` with the context needed to read them
//! (update scheme, fixed variables, size of the explored space).
//!
//! Definitions (see docs/semantics.md):
//! * synchronous: an attractor is a cycle of `F(x) = (f_0(x), …, f_{n-1}(x))`; its basin is the
//!   set of states whose trajectory ends in it (basins partition the space);
//! * asynchronous: an attractor is a terminal strongly connected component of the graph with
//!   edges `x → flip_i(x)` for every `i` with `f_i(x) ≠ x_i`; the weak basin is the states that
//!   can reach it, the strong basin the states that can reach only it, and the reach probability
//!   the chance of ending in it from a uniformly random state when each step updates one
//!   uniformly chosen variable.

use crate::count::Count;
use crate::network::VarId;
use crate::state::State;
use rayon::prelude::*;
use std::fmt;

/// Update scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UpdateScheme {
    /// Every variable updated at once.
    Synchronous,
    /// Fully asynchronous: one variable at a time, any of those that can change.
    Asynchronous,
    /// Most permissive (Paulevé et al. 2020): attractors are the minimal trap spaces
    /// ([`crate::trapspace`]; `docs/semantics.md`).
    MostPermissive,
    /// General asynchronous (PyBoolNet's "mixed"): any non-empty subset of the variables that
    /// can change, in one step ([`crate::general`]; explicit state graph only).
    General,
}

impl UpdateScheme {
    /// `"synchronous"`, `"asynchronous"`, `"most-permissive"` or `"general"`.
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateScheme::Synchronous => "synchronous",
            UpdateScheme::Asynchronous => "asynchronous",
            UpdateScheme::MostPermissive => "most-permissive",
            UpdateScheme::General => "general",
        }
    }
}

/// `sync` or `synchronous`, `async` or `asynchronous`, `mp` or `most-permissive`.
impl std::str::FromStr for UpdateScheme {
    type Err = crate::error::Error;

    fn from_str(text: &str) -> Result<UpdateScheme, Self::Err> {
        match text {
            "sync" | "synchronous" => Ok(UpdateScheme::Synchronous),
            "async" | "asynchronous" => Ok(UpdateScheme::Asynchronous),
            "mp" | "most-permissive" => Ok(UpdateScheme::MostPermissive),
            "general" => Ok(UpdateScheme::General),
            _ => Err(crate::error::Error::invalid_value(
                "update scheme",
                text,
                "sync, synchronous, async, asynchronous, mp, most-permissive or general",
            )),
        }
    }
}

impl fmt::Display for UpdateScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The shape of an attractor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttractorKind {
    /// A single state that is its own successor.
    FixedPoint,
    /// A synchronous cycle of more than one state.
    Cycle,
    /// An asynchronous terminal SCC of more than one state.
    Complex,
}

impl AttractorKind {
    /// `"fixed_point"`, `"cycle"` or `"complex"` (the JSON names).
    pub fn as_str(self) -> &'static str {
        match self {
            AttractorKind::FixedPoint => "fixed_point",
            AttractorKind::Cycle => "cycle",
            AttractorKind::Complex => "complex",
        }
    }
}

/// A set of states summarised per variable: fixed at 0, fixed at 1, or varying (`*`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pattern(pub Vec<Option<bool>>);

impl Pattern {
    /// The pattern of a non-empty set of states.
    ///
    /// # Panics
    /// If `states` is empty.
    pub fn of<'a>(states: impl IntoIterator<Item = &'a State>) -> Pattern {
        let mut it = states.into_iter();
        let first = it.next().expect("a pattern needs at least one state");
        let mut p: Vec<Option<bool>> = first.to_bools().into_iter().map(Some).collect();
        for s in it {
            for (i, slot) in p.iter_mut().enumerate() {
                if *slot == Some(!s.get(VarId::new(i))) {
                    *slot = None;
                }
            }
        }
        Pattern(p)
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for v in &self.0 {
            f.write_str(match v {
                Some(true) => "1",
                Some(false) => "0",
                None => "*",
            })?;
        }
        Ok(())
    }
}

/// The basin of an attractor, named by what it measures.
#[derive(Clone, Debug, PartialEq)]
pub enum Basin {
    /// A partition of the space (synchronous update: every state has one successor, so basins
    /// do not overlap): the exact number of states whose trajectory ends in the attractor.
    Partition {
        /// Number of states, out of `explored_states`.
        size: Count,
    },
    /// Reachability (asynchronous update: basins overlap): exact weak and strong basins, and
    /// the reach probability exact or estimated.
    Reachability {
        /// States that can reach the attractor (weak basin).
        weak: Count,
        /// States that can reach only this attractor (strong basin).
        strong: Count,
        /// The exact reach probability from a uniformly random state, when it was computed
        /// (absent when the engine was asked for attractors and basins only, could not afford
        /// it, or estimated it instead).
        probability: Option<f64>,
        /// The reach probability estimated by random walks, with its interval, where the exact
        /// one was not computed (the symbolic engine); never set together with `probability`.
        estimate: Option<Estimate>,
    },
    /// Estimated by sampling random initial states (synchronous: trajectories; asynchronous:
    /// random walks).
    Sampled {
        /// Samples that ended in this attractor.
        hits: u64,
        /// Samples drawn in all.
        samples: u64,
        /// 95% confidence interval of the fraction (Wilson score interval).
        ci95: (f64, f64),
    },
    /// Not computed: the most permissive semantics reports minimal trap spaces without basins.
    NotComputed,
}

impl Basin {
    /// The share of the space this basin stands for: basin size / explored states
    /// (partition), reach probability exact or estimated (reachability) or hit fraction
    /// (sampled); `None` for a reachability basin whose probability was neither computed nor
    /// estimated. [`Basin::estimate`] says whether it is an estimate.
    pub fn share(&self, explored_states: &Count) -> Option<f64> {
        match self {
            Basin::Partition { size } => Some(size.ratio(explored_states)),
            Basin::Reachability {
                probability,
                estimate,
                ..
            } => probability.or_else(|| estimate.as_ref().map(Estimate::fraction)),
            Basin::Sampled { hits, samples, .. } => Some(*hits as f64 / (*samples).max(1) as f64),
            Basin::NotComputed => None,
        }
    }

    /// The estimate behind [`Basin::share`] when it was estimated by sampling (sampled basins
    /// and estimated reach probabilities); `None` when the share is exact or absent.
    pub fn estimate(&self) -> Option<Estimate> {
        match self {
            Basin::Reachability { estimate, .. } => estimate.clone(),
            &Basin::Sampled {
                hits,
                samples,
                ci95,
            } => Some(Estimate {
                hits,
                samples,
                ci95,
            }),
            Basin::Partition { .. } | Basin::NotComputed => None,
        }
    }
}

/// A share estimated by sampling: `hits` of `samples` (random walks or random initial states)
/// ended in the attractor, with the 95 % Wilson interval of `hits / samples`. An estimate is
/// never reported as an exact value.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// Samples that ended in the attractor.
    pub hits: u64,
    /// Samples drawn in all (unresolved ones included).
    pub samples: u64,
    /// 95 % Wilson score interval of `hits / samples`.
    pub ci95: (f64, f64),
}

impl Estimate {
    /// The estimate of `hits` out of `samples`, with its Wilson interval.
    pub fn new(hits: u64, samples: u64) -> Estimate {
        Estimate {
            hits,
            samples,
            ci95: wilson_ci95(hits, samples),
        }
    }

    /// The estimated share, `hits / samples`.
    pub fn fraction(&self) -> f64 {
        self.hits as f64 / self.samples.max(1) as f64
    }
}

/// The 95% Wilson score interval of a proportion `hits / n`.
pub fn wilson_ci95(hits: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let n_f = n as f64;
    let p = hits as f64 / n_f;
    let denom = 1.0 + z * z / n_f;
    let centre = (p + z * z / (2.0 * n_f)) / denom;
    let half = z * ((p * (1.0 - p) / n_f + z * z / (4.0 * n_f * n_f)).sqrt()) / denom;
    // The clamps keep the estimate inside its interval where rounding would put it a hair out.
    (
        (centre - half).max(0.0).min(p),
        (centre + half).min(1.0).max(p),
    )
}

/// One attractor, in terms of the whole network (fixed variables and outputs filled in).
#[derive(Clone, Debug, PartialEq)]
pub struct Attractor {
    /// Fixed point, cycle or complex.
    pub kind: AttractorKind,
    /// The true number of states, exact whatever its size.
    pub num_states: Count,
    /// The states the engine listed: a cycle in update order starting from its smallest state
    /// (smallest as an integer with bit i = variable i); a complex attractor's states in
    /// increasing order. Every state when [`Attractor::is_listed`]; otherwise the first states
    /// in that order, possibly none, and `pattern` and `activity` describe the attractor.
    pub states: Vec<State>,
    /// `*` where the states differ.
    pub pattern: Pattern,
    /// For each variable, the share of the attractor's states in which it is 1.
    pub activity: Vec<f64>,
    /// The basin.
    pub basin: Basin,
}

/// The most states an `Attractor` keeps explicitly (the library's and the command line's
/// default for [`crate::engine::EngineOptions::max_states`]).
pub const MAX_STORED_STATES: u64 = 1 << 20;

impl Attractor {
    /// Whether `states` holds every state of the attractor.
    pub fn is_listed(&self) -> bool {
        self.num_states == self.states.len() as u128
    }

    /// Builds an attractor from all its states (pattern and activity computed here).
    ///
    /// # Panics
    /// If `states` is empty.
    pub fn from_states(kind: AttractorKind, states: Vec<State>, basin: Basin) -> Attractor {
        let pattern = Pattern::of(&states);
        let n = states[0].len();
        let mut ones = vec![0u64; n];
        for s in &states {
            for (i, c) in ones.iter_mut().enumerate() {
                *c += u64::from(s.get(VarId::new(i)));
            }
        }
        let total = states.len() as f64;
        let activity = ones.into_iter().map(|c| c as f64 / total).collect();
        Attractor {
            kind,
            num_states: Count::from(states.len()),
            states,
            pattern,
            activity,
            basin,
        }
    }
}

/// How the attractors were found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Every state explored: the list is complete and basins are exact.
    Exhaustive,
    /// Random initial states: the list may be incomplete.
    Sampled {
        /// Number of samples.
        samples: u64,
        /// Seed of the random generator.
        seed: u64,
    },
}

/// The result of exploring one network under one update scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct Exploration {
    /// Update scheme.
    pub update: UpdateScheme,
    /// Variable names, in order.
    pub variables: Vec<String>,
    /// Variables not explored (constants, fixed inputs, perturbed nodes) and their values.
    pub fixed: Vec<(VarId, bool)>,
    /// `2^k` for the k free variables of the whole network (core plus outputs).
    pub explored_states: Count,
    /// Attractors in a deterministic order (by pattern, then by first state).
    pub attractors: Vec<Attractor>,
    /// Exhaustive or sampled.
    pub method: Method,
    /// Which engine answered, and its own figures.
    pub engine: EngineInfo,
}

/// Which engine answered, with figures that belong to it rather than to the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineInfo {
    /// The engine (`explicit`, `sample`, …), as [`crate::engine::Engine::as_str`] names it.
    pub name: &'static str,
    /// Number of variables in the explored core (free variables left after output cascades
    /// were removed).
    pub core_size: usize,
}

impl Exploration {
    /// Sorts the attractors into the documented deterministic order.
    ///
    /// Each pattern is rendered once (not twice per comparison: with hundreds of thousands of
    /// fixed points the comparisons' allocations dominated), indices are sorted in parallel, then
    /// the attractors are moved into their places.
    pub fn sort(&mut self) {
        let keys: Vec<String> = self
            .attractors
            .par_iter()
            .map(|a| a.pattern.to_string())
            .collect();
        let mut order: Vec<usize> = (0..self.attractors.len()).collect();
        order.par_sort_by(|&i, &j| {
            keys[i]
                .cmp(&keys[j])
                .then_with(|| self.attractors[i].states.cmp(&self.attractors[j].states))
        });
        let mut slots: Vec<Option<Attractor>> = std::mem::take(&mut self.attractors)
            .into_iter()
            .map(Some)
            .collect();
        self.attractors = order
            .into_iter()
            .map(|i| slots[i].take().expect("each index once"))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_and_activity_summarise_states() {
        let states = vec![
            State::from_bools(&[true, false, true]),
            State::from_bools(&[true, true, true]),
        ];
        let a = Attractor::from_states(
            AttractorKind::Cycle,
            states,
            Basin::Partition {
                size: Count::from(4u64),
            },
        );
        assert_eq!(a.pattern.to_string(), "1*1");
        assert_eq!(a.activity, vec![1.0, 0.5, 1.0]);
        assert_eq!(a.basin.share(&Count::from(8u64)), Some(0.5));
        assert!(a.is_listed());
    }

    #[test]
    fn wilson_interval_contains_the_estimate() {
        let (lo, hi) = wilson_ci95(30, 100);
        assert!(lo < 0.3 && 0.3 < hi);
        assert!((lo - 0.219).abs() < 0.01 && (hi - 0.396).abs() < 0.01);
    }
}
