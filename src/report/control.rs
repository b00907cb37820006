//! The JSON document of a control search (`basin control --format json`, the Python package's
//! `Model.control`): the question asked, the inclusion-minimal solutions, the best sets per
//! order and the search's counts (docs/json.md). One definition, so that every front end
//! writes the same contract.

use crate::control::{Aggregate, Candidate, ControlResult};
use crate::network::{Network, VarId};
use crate::perturb::count_perturbations;
use crate::phenotype::LabelQuery;
use crate::report::JSON_VERSION;
use serde::Serialize;

/// The question a control search answered, as its front end resolved it (the parts of the
/// document that [`ControlResult`] does not carry).
#[derive(Clone, Copy, Debug)]
pub struct ControlQuestion<'a> {
    /// The label query to make the outcome.
    pub target: &'a LabelQuery,
    /// The share it must reach.
    pub min_share: f64,
    /// How the shares of the conditions × updates combine.
    pub aggregate: Aggregate,
    /// The largest order searched for.
    pub max_order: usize,
    /// The candidate nodes.
    pub nodes: &'a [VarId],
    /// The values they are fixed at (deduplicated).
    pub values: &'a [bool],
}

/// The JSON document of a control search.
#[derive(Clone, Debug, Serialize)]
pub struct ControlReport {
    /// [`JSON_VERSION`].
    pub basin_json_version: u32,
    /// The model's path as given.
    pub model: String,
    /// The target query, as written back by [`LabelQuery`]'s `Display`.
    pub target: String,
    /// The share the target must reach.
    pub min_share: f64,
    /// `every` or `mean`.
    pub aggregate: &'static str,
    /// The largest order searched for.
    pub max_order: usize,
    /// The candidate nodes' names.
    pub nodes: Vec<String>,
    /// The values (0, 1).
    pub values: Vec<u8>,
    /// The conditions' names.
    pub conditions: Vec<String>,
    /// The update schemes.
    pub updates: Vec<&'static str>,
    /// The engines that answered the explorations.
    pub engine: Vec<String>,
    /// Whether every order up to `max_order` was searched.
    pub complete: bool,
    /// The highest order searched completely.
    pub completed_order: usize,
    /// The wild type's shares.
    pub wild_type: SetReport,
    /// The inclusion-minimal solutions.
    pub solutions: Vec<SetReport>,
    /// Per order, the best sets (listed whatever the outcome).
    pub best: Vec<Vec<SetReport>>,
    /// The search's counts.
    pub stats: StatsReport,
    /// Wall-clock seconds of the search.
    pub seconds: f64,
}

/// One perturbation set and its shares.
#[derive(Clone, Debug, Serialize)]
pub struct SetReport {
    /// Its name (`A=0,B=1`; `none` for the wild type).
    pub perturbation: String,
    /// Its number of perturbed nodes.
    pub order: usize,
    /// Its shares combined ([`Aggregate`]).
    pub score: f64,
    /// One per condition × update.
    pub shares: Vec<ShareReport>,
}

/// The target's share under one condition and update scheme.
#[derive(Clone, Debug, Serialize)]
pub struct ShareReport {
    /// The condition's name.
    pub condition: String,
    /// The update scheme.
    pub update: &'static str,
    /// The share.
    pub share: f64,
    /// How it was found: `explored`, `attractors`, `percolation` or `lower_order`.
    pub source: &'static str,
}

/// The search's counts.
#[derive(Clone, Debug, Serialize)]
pub struct StatsReport {
    /// Sets up to `max_order`.
    pub sets: u128,
    /// Explorer calls.
    pub explorations: usize,
    /// What the full screen would run.
    pub screen_explorations: u128,
    /// Sets evaluated.
    pub evaluated: usize,
    /// Sets skipped as supersets of solutions.
    pub skipped_supersets: usize,
    /// Shares decided by percolation.
    pub decided_by_percolation: usize,
    /// Shares taken from the order below.
    pub decided_by_lower_order: usize,
    /// Shares decided from the attractors alone.
    pub decided_by_attractors: usize,
    /// Per order (0 is the wild type).
    pub per_order: Vec<OrderReport>,
}

/// The counts of one order.
#[derive(Clone, Debug, Serialize)]
pub struct OrderReport {
    /// The order.
    pub order: usize,
    /// Sets of this order.
    pub sets: usize,
    /// Skipped as supersets of solutions.
    pub skipped_supersets: usize,
    /// Evaluated.
    pub evaluated: usize,
    /// Explorer calls.
    pub explored: usize,
    /// Shares from reach probabilities or basins.
    pub decided_by_shares: usize,
    /// Shares from the attractors alone.
    pub decided_by_attractors: usize,
    /// Shares by percolation.
    pub decided_by_percolation: usize,
    /// Shares from the order below.
    pub decided_by_lower_order: usize,
    /// Solutions found.
    pub solutions: usize,
}

impl ControlReport {
    /// The document of `result`, the answer to `question` on `net` (read from `model`), which
    /// took `seconds`.
    pub fn new(
        model: &str,
        net: &Network,
        question: &ControlQuestion<'_>,
        result: &ControlResult,
        seconds: f64,
    ) -> ControlReport {
        let set = |c: &Candidate| SetReport {
            perturbation: c.name.clone(),
            order: c.order(),
            score: c.score,
            shares: c
                .shares
                .iter()
                .map(|s| ShareReport {
                    condition: result.conditions[s.condition].name.clone(),
                    update: s.update.as_str(),
                    share: s.share,
                    source: s.source.as_str(),
                })
                .collect(),
        };
        let s = &result.stats;
        let sets = count_perturbations(
            question.nodes.len(),
            question.values.len(),
            question.max_order,
        );
        let units = result.conditions.len() * result.updates.len();
        ControlReport {
            basin_json_version: JSON_VERSION,
            model: model.to_string(),
            target: question.target.to_string(),
            min_share: question.min_share,
            aggregate: question.aggregate.as_str(),
            max_order: question.max_order,
            nodes: question
                .nodes
                .iter()
                .map(|&v| net.name(v).to_string())
                .collect(),
            values: question.values.iter().map(|&b| u8::from(b)).collect(),
            conditions: result.conditions.iter().map(|c| c.name.clone()).collect(),
            updates: result.updates.iter().map(|u| u.as_str()).collect(),
            engine: result.engines.clone(),
            complete: !result.cancelled,
            completed_order: result.completed_order,
            wild_type: set(&result.wild_type),
            solutions: result.solutions.iter().map(set).collect(),
            best: result
                .best
                .iter()
                .map(|b| b.iter().map(set).collect())
                .collect(),
            stats: StatsReport {
                sets,
                explorations: s.explorations(),
                screen_explorations: (sets + 1) * units as u128,
                evaluated: s.evaluated(),
                skipped_supersets: s.skipped_supersets(),
                decided_by_percolation: s.by_percolation(),
                decided_by_lower_order: s.by_lower_order(),
                decided_by_attractors: s.by_attractors(),
                per_order: s
                    .per_order
                    .iter()
                    .map(|o| OrderReport {
                        order: o.order,
                        sets: o.sets,
                        skipped_supersets: o.skipped_supersets,
                        evaluated: o.evaluated,
                        explored: o.explored,
                        decided_by_shares: o.by_shares,
                        decided_by_attractors: o.by_attractors,
                        decided_by_percolation: o.by_percolation,
                        decided_by_lower_order: o.by_lower_order,
                        solutions: o.solutions,
                    })
                    .collect(),
            },
            seconds,
        }
    }
}
