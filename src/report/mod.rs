//! Reports: what the command line prints, built *from* core results. The DTOs here are the only
//! serde types of the crate, so the result types can change without changing the JSON contract
//! (docs/json.md, `basin_json_version` 1).
//!
//! [`AttractorsReport::new`](crate::report::AttractorsReport::new) turns an
//! [`Exploration`] (synchronous or asynchronous, exhaustive or
//! sampled) into a report; [`json`], [`text`] and
//! [`csv`] render it.

pub mod check;
pub mod control;
pub mod counts;
pub mod csv;
pub mod json;
pub mod knockout;
pub mod test;
pub mod text;

pub use text::percent;

use crate::attractor::{AttractorKind, Basin, Exploration, Method, UpdateScheme};
use crate::count::Count;
use crate::network::Network;
use crate::phenotype::{Classification, Distribution};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// The version of the JSON contract written in `basin_json_version`.
pub const JSON_VERSION: u32 = 1;
/// How many states of a complex attractor a report lists by default (`--max-states`).
pub const DEFAULT_MAX_STATES: usize = 64;

/// How to build a report.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// The model as the user named it (a path), echoed in the report.
    pub model: String,
    /// The most states listed for a complex (asynchronous) attractor; `num_states` is always the
    /// true count. Fixed points and cycles always list every state.
    pub max_states: usize,
}

impl ReportOptions {
    /// Options for the model named `model`, listing [`DEFAULT_MAX_STATES`] complex states.
    pub fn new(model: impl Into<String>) -> ReportOptions {
        ReportOptions {
            model: model.into(),
            max_states: DEFAULT_MAX_STATES,
        }
    }
}

/// Variable assignments in variable order, written as a JSON object `{"NAME": 0|1}` that keeps
/// the order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assignments(pub Vec<(String, u8)>);

impl Serialize for Assignments {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl Assignments {
    /// `NAME=0 NAME=1 …`, or `none`.
    pub fn to_words(&self) -> String {
        if self.0.is_empty() {
            return "none".to_string();
        }
        self.0
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The report of `basin attractors` (JSON contract version 1, plus `core_size`, `method`,
/// `samples`, `seed`, `complete` and each attractor's free `inputs`).
#[derive(Clone, Debug, Serialize)]
pub struct AttractorsReport {
    /// Always [`JSON_VERSION`].
    pub basin_json_version: u32,
    /// The model as the user named it.
    pub model: String,
    /// Variable names in file order; patterns and states follow this order.
    pub variables: Vec<String>,
    /// `"synchronous"`, `"asynchronous"`, `"most-permissive"` or `"general"`.
    pub update: String,
    /// Variables not explored (constants, fixed inputs, perturbed nodes) and their values.
    pub fixed: Assignments,
    /// `2^k` for the `k` free variables (an exact integer of any size, see [`Count`]).
    pub explored_states: Count,
    /// Free variables that were explored after output cascades were removed.
    pub core_size: usize,
    /// The engine that answered: `explicit`, `sample` (or `naive` in tests).
    pub engine: String,
    /// `"exhaustive"` or `"sampled"`.
    pub method: String,
    /// Samples drawn (sampled runs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<u64>,
    /// Seed of the generator (sampled runs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Whether the list of attractors is complete (false when sampled).
    pub complete: bool,
    /// Names of the inputs (`X, X`) left free, whose values group the attractors.
    pub free_inputs: Vec<String>,
    /// The named condition this run is under, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Where the cell started, in words, when not from a uniformly random state: shares and
    /// probabilities are then from this start ([`crate::trajectory`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The priority classes explored under, in words, fastest first
    /// ([`crate::priority::Priorities::describe`]), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priorities: Option<String>,
    /// The phenotype distribution, label by label (with `--phenotypes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phenotype_distribution: Option<Vec<LabelShareReport>>,
    /// The attractors, in the exploration's deterministic order.
    pub attractors: Vec<AttractorReport>,
}

/// One attractor of a report.
#[derive(Clone, Debug, Serialize)]
pub struct AttractorReport {
    /// `fixed_point`, `cycle` or `complex`.
    pub kind: String,
    /// One character per variable: `0`, `1`, or `*` where the states differ.
    pub pattern: String,
    /// The true number of states.
    pub num_states: Count,
    /// The states (a cycle in update order from its smallest state; a complex attractor's first
    /// `max_states`).
    pub states: Vec<String>,
    /// The basin.
    pub basin: BasinReport,
    /// Values of the free inputs in this attractor (inputs never change, so they are constant).
    pub inputs: Assignments,
    /// The phenotype label (with `--phenotypes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The label rules and simple phenotypes that hold (with `--phenotypes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phenotypes: Option<Vec<String>>,
    /// The modifier flags that hold, e.g. `FIB` (with `--phenotypes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<Vec<String>>,
    /// Marker variables whose activity is strictly between 0 and 1 (with `--phenotypes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oscillating: Option<Vec<String>>,
}

/// The share of one phenotype label: basin fraction (synchronous) or reach probability
/// (asynchronous), and the number of attractors carrying it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelShareReport {
    /// The label.
    pub label: String,
    /// Its share of the explored space; absent (`null`) when its attractors' shares were not
    /// computed.
    pub share: Option<f64>,
    /// When `share` is an estimate (sampling, random walks): its 95% Wilson interval; absent
    /// when exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci95: Option<[f64; 2]>,
    /// Attractors with this label.
    pub attractors: usize,
}

/// The basin of one attractor, in the fields docs/json.md names for each update and method.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum BasinReport {
    /// Synchronous, exact.
    Exact {
        /// States whose trajectory ends here.
        size: Count,
        /// `size / explored_states`.
        fraction: f64,
    },
    /// Asynchronous: exact weak and strong basins; the reach probability exact, or estimated
    /// by random walks (then `estimated`, `hits`, `samples` and `ci95` follow it).
    Asynchronous {
        /// States that can reach the attractor.
        weak: Count,
        /// States that can reach only this attractor.
        strong: Count,
        /// Reach probability from a uniformly random state (exact, or the estimate
        /// `hits / samples` when `estimate` is present); absent when not computed.
        #[serde(skip_serializing_if = "Option::is_none")]
        probability: Option<f64>,
        /// Where `probability` is an estimate: how it was estimated.
        #[serde(flatten, skip_serializing_if = "Option::is_none")]
        estimate: Option<EstimateReport>,
    },
    /// Synchronous, sampled: the share of random initial states whose trajectory ends here.
    SampledSynchronous {
        /// Samples that ended here.
        hits: u64,
        /// Samples drawn in all.
        samples: u64,
        /// `hits / samples`, the estimated basin fraction.
        fraction: f64,
        /// Wilson 95% interval of the fraction.
        ci95: [f64; 2],
    },
    /// Not computed (most permissive update): written as `null`.
    NotComputed,
    /// Asynchronous, sampled random walks.
    SampledAsynchronous {
        /// Walks that ended here.
        hits: u64,
        /// Walks in all.
        samples: u64,
        /// `hits / samples`, the estimated reach probability.
        probability: f64,
        /// Wilson 95% interval of the probability.
        ci95: [f64; 2],
    },
}

/// How an estimated reach probability was estimated (written next to `probability`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EstimateReport {
    /// Always `true`: the probability is an estimate, not the exact value.
    pub estimated: bool,
    /// Random walks that ended in the attractor.
    pub hits: u64,
    /// Random walks in all.
    pub samples: u64,
    /// Wilson 95% interval of the probability.
    pub ci95: [f64; 2],
}

impl BasinReport {
    fn new(basin: &Basin, update: UpdateScheme, explored_states: &Count) -> BasinReport {
        match basin {
            Basin::NotComputed => BasinReport::NotComputed,
            Basin::Partition { size } => BasinReport::Exact {
                size: size.clone(),
                fraction: size.ratio(explored_states),
            },
            Basin::Reachability {
                weak,
                strong,
                probability,
                estimate,
            } => BasinReport::Asynchronous {
                weak: weak.clone(),
                strong: strong.clone(),
                probability: probability.or_else(|| estimate.as_ref().map(|e| e.fraction())),
                estimate: estimate.as_ref().map(|e| EstimateReport {
                    estimated: true,
                    hits: e.hits,
                    samples: e.samples,
                    ci95: [e.ci95.0, e.ci95.1],
                }),
            },
            &Basin::Sampled {
                hits,
                samples,
                ci95,
            } => {
                let share = hits as f64 / samples.max(1) as f64;
                match update {
                    UpdateScheme::Synchronous => BasinReport::SampledSynchronous {
                        hits,
                        samples,
                        fraction: share,
                        ci95: [ci95.0, ci95.1],
                    },
                    // Most permissive and general attractors are never sampled.
                    UpdateScheme::Asynchronous
                    | UpdateScheme::MostPermissive
                    | UpdateScheme::General => BasinReport::SampledAsynchronous {
                        hits,
                        samples,
                        probability: share,
                        ci95: [ci95.0, ci95.1],
                    },
                }
            }
        }
    }

    /// The share of the space this basin stands for (fraction or probability, exact or
    /// estimated); `None` when the probability was not computed.
    pub fn share(&self) -> Option<f64> {
        match *self {
            BasinReport::Exact { fraction, .. } => Some(fraction),
            BasinReport::NotComputed => None,
            BasinReport::Asynchronous { probability, .. } => probability,
            BasinReport::SampledSynchronous { fraction, .. } => Some(fraction),
            BasinReport::SampledAsynchronous { probability, .. } => Some(probability),
        }
    }

    /// The estimate behind an asynchronous exhaustive basin's probability, when it was
    /// estimated by random walks (the symbolic engine).
    pub fn estimate(&self) -> Option<&EstimateReport> {
        match self {
            BasinReport::Asynchronous { estimate, .. } => estimate.as_ref(),
            _ => None,
        }
    }
}

impl AttractorsReport {
    /// The report of `exploration`, which was computed on `network`.
    pub fn new(
        network: &Network,
        exploration: &Exploration,
        options: &ReportOptions,
    ) -> AttractorsReport {
        let names = &exploration.variables;
        let is_fixed = |i: usize| exploration.fixed.iter().any(|(v, _)| v.index() == i);
        let free_inputs: Vec<usize> = network
            .inputs()
            .into_iter()
            .map(|v| v.index())
            .filter(|&i| !is_fixed(i))
            .collect();
        let attractors = exploration
            .attractors
            .iter()
            .map(|a| {
                let listed = match a.kind {
                    AttractorKind::Complex => a.states.len().min(options.max_states),
                    _ => a.states.len(),
                };
                let inputs = Assignments(
                    free_inputs
                        .iter()
                        .filter_map(|&i| a.pattern.0[i].map(|b| (names[i].clone(), u8::from(b))))
                        .collect(),
                );
                AttractorReport {
                    kind: a.kind.as_str().to_string(),
                    pattern: a.pattern.to_string(),
                    num_states: a.num_states.clone(),
                    states: a.states[..listed].iter().map(|s| s.to_string()).collect(),
                    basin: BasinReport::new(
                        &a.basin,
                        exploration.update,
                        &exploration.explored_states,
                    ),
                    inputs,
                    label: None,
                    phenotypes: None,
                    flags: None,
                    oscillating: None,
                }
            })
            .collect();
        let (method, samples, seed) = match exploration.method {
            Method::Exhaustive => ("exhaustive", None, None),
            Method::Sampled { samples, seed } => ("sampled", Some(samples), Some(seed)),
        };
        AttractorsReport {
            basin_json_version: JSON_VERSION,
            model: options.model.clone(),
            variables: names.clone(),
            update: exploration.update.as_str().to_string(),
            fixed: Assignments(
                exploration
                    .fixed
                    .iter()
                    .map(|&(v, b)| (names[v.index()].clone(), u8::from(b)))
                    .collect(),
            ),
            explored_states: exploration.explored_states.clone(),
            core_size: exploration.engine.core_size,
            engine: exploration.engine.name.to_string(),
            method: method.to_string(),
            samples,
            seed,
            complete: exploration.method == Method::Exhaustive,
            free_inputs: free_inputs.iter().map(|&i| names[i].clone()).collect(),
            condition: None,
            start: None,
            priorities: None,
            phenotype_distribution: None,
            attractors,
        }
    }

    /// Adds phenotype labels (one classification per attractor, in report order) and the
    /// phenotype distribution.
    ///
    /// # Panics
    /// If `classes` does not have one entry per attractor.
    pub fn add_phenotypes(&mut self, classes: &[Classification], distribution: &Distribution) {
        assert_eq!(
            classes.len(),
            self.attractors.len(),
            "one classification per attractor"
        );
        for (a, c) in self.attractors.iter_mut().zip(classes) {
            a.label = Some(c.label.clone());
            a.phenotypes = Some(c.rules.iter().chain(&c.phenotypes).cloned().collect());
            a.flags = Some(c.flags.clone());
            a.oscillating = Some(c.oscillating.clone());
        }
        self.phenotype_distribution = Some(
            distribution
                .iter()
                .map(|(label, s)| LabelShareReport {
                    label: label.to_string(),
                    share: s.share.is_finite().then_some(s.share),
                    ci95: s.estimate.map(|_| {
                        let (lo, hi) = s.ci95();
                        [lo, hi]
                    }),
                    attractors: s.attractors,
                })
                .collect(),
        );
    }

    /// Number of free variables (`log2(explored_states)`).
    pub fn num_free(&self) -> u64 {
        self.explored_states.ilog2().unwrap_or(0)
    }
}
