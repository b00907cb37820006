//! The JSON document of a knockout (`basin knockout`, the Python package's `Model.knockout`):
//! per condition and update scheme, the verdict, the shift per label, the attractors that
//! appeared or vanished, and both labelled attractor lists. One definition, so that every front
//! end writes the same contract.

use crate::attractor::Exploration;
use crate::network::Network;
use crate::phenotype::Classification;
use crate::report::{AttractorsReport, JSON_VERSION, ReportOptions};
use crate::screen::Comparison;
use serde::Serialize;

/// The JSON document of one perturbation against the wild type.
#[derive(Serialize)]
pub struct KnockoutReport {
    /// [`JSON_VERSION`].
    pub basin_json_version: u32,
    /// The model's path as given.
    pub model: String,
    /// The perturbation's name (`SMAD7=0`, `A=0,B=1`).
    pub perturbation: String,
    /// Where the cell started, when not from a uniformly random state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// One comparison per condition and update scheme.
    pub comparisons: Vec<ComparisonReport>,
}

/// The perturbation against the wild type under one condition and update scheme.
#[derive(Serialize)]
pub struct ComparisonReport {
    /// The condition's name.
    pub condition: String,
    /// `synchronous` or `asynchronous`.
    pub update: String,
    /// One line: what changed ([`Comparison::verdict`]).
    pub verdict: String,
    /// The shift of each label's share.
    pub shift: Vec<ShiftReport>,
    /// Attractors of the perturbed network that the wild type does not have.
    pub appeared: Vec<AttractorRef>,
    /// Attractors of the wild type that the perturbed network does not have.
    pub vanished: Vec<AttractorRef>,
    /// The wild type's labelled attractors.
    pub wild_type: AttractorsReport,
    /// The perturbed network's labelled attractors.
    pub perturbed: AttractorsReport,
}

/// One label's share in the wild type and under the perturbation.
#[derive(Serialize)]
pub struct ShiftReport {
    /// The label.
    pub label: String,
    /// Its share in the wild type.
    pub wild_type: f64,
    /// Its share under the perturbation.
    pub perturbed: f64,
    /// `perturbed - wild_type`.
    pub shift: f64,
    /// Wild-type attractors with this label.
    pub wild_type_attractors: usize,
    /// Perturbed attractors with this label.
    pub attractors: usize,
    /// Present when a share was estimated (sampling, random walks): the intervals.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<ShiftEstimate>,
}

/// The 95% intervals of an estimated shift (absent when both shares are exact).
#[derive(Clone, Debug, Serialize)]
pub struct ShiftEstimate {
    /// Always `true` (the field marks the row as estimated).
    pub estimated: bool,
    /// Wild-type share's interval (`[share, share]` when exact).
    pub wild_type_ci95: [f64; 2],
    /// Perturbed share's interval.
    pub perturbed_ci95: [f64; 2],
    /// The shift's interval (Newcombe's hybrid score interval).
    pub shift_ci95: [f64; 2],
    /// Whether the shift's interval excludes 0.
    pub significant: bool,
    /// The perturbed share's walks ending in the label's attractors (absent when exact).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hits: Option<u64>,
    /// The walks drawn for the perturbed share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<u64>,
    /// The wild type's walks ending in the label's attractors (absent when exact).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wild_type_hits: Option<u64>,
    /// The walks drawn for the wild type's share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wild_type_samples: Option<u64>,
}

impl ShiftEstimate {
    /// The intervals of `s`, or `None` when both its shares are exact.
    pub fn of(s: &crate::phenotype::LabelShift) -> Option<ShiftEstimate> {
        if !s.is_estimated() {
            return None;
        }
        let side = |share: f64, estimate: Option<(u64, u64)>| -> [f64; 2] {
            let (lo, hi) = crate::phenotype::LabelShare {
                share,
                attractors: 0,
                estimate,
            }
            .ci95();
            [lo, hi]
        };
        let (lo, hi) = s.ci95();
        Some(ShiftEstimate {
            estimated: true,
            wild_type_ci95: side(s.wild_type, s.wild_type_estimate),
            perturbed_ci95: side(s.perturbed, s.estimate),
            shift_ci95: [lo, hi],
            significant: s.is_change(),
            hits: s.estimate.map(|e| e.0),
            samples: s.estimate.map(|e| e.1),
            wild_type_hits: s.wild_type_estimate.map(|e| e.0),
            wild_type_samples: s.wild_type_estimate.map(|e| e.1),
        })
    }
}

/// An attractor named by its place in a list.
#[derive(Serialize)]
pub struct AttractorRef {
    /// 1-based index in the attractor list it belongs to.
    pub index: usize,
    /// `fixed_point`, `cycle` or `complex`.
    pub kind: String,
    /// Its phenotype label.
    pub label: String,
    /// Its pattern (`1*0…`).
    pub pattern: String,
}

fn attractor_ref(e: &Exploration, labels: &[Classification], i: usize) -> AttractorRef {
    AttractorRef {
        index: i + 1,
        kind: e.attractors[i].kind.as_str().to_string(),
        label: labels[i].label.clone(),
        pattern: e.attractors[i].pattern.to_string(),
    }
}

fn labelled_report(
    net: &Network,
    e: &Exploration,
    labels: &[Classification],
    c: &Comparison,
    wt: bool,
    options: &ReportOptions,
) -> AttractorsReport {
    let mut r = AttractorsReport::new(net, e, options);
    r.condition = Some(c.condition.name.clone());
    let d = if wt {
        &c.wild_type_distribution
    } else {
        &c.perturbed_distribution
    };
    r.add_phenotypes(labels, d);
    r
}

impl KnockoutReport {
    /// The document for the perturbation called `name` and its comparisons.
    pub fn new(
        net: &Network,
        name: &str,
        comparisons: &[Comparison],
        options: &ReportOptions,
    ) -> KnockoutReport {
        KnockoutReport {
            basin_json_version: JSON_VERSION,
            model: options.model.clone(),
            perturbation: name.to_string(),
            start: None,
            comparisons: comparisons
                .iter()
                .map(|c| ComparisonReport {
                    condition: c.condition.name.clone(),
                    update: c.update.as_str().to_string(),
                    verdict: c.verdict(),
                    shift: c
                        .shift
                        .iter()
                        .map(|(label, s)| ShiftReport {
                            label: label.to_string(),
                            wild_type: s.wild_type,
                            perturbed: s.perturbed,
                            shift: s.shift,
                            wild_type_attractors: s.wild_type_attractors,
                            attractors: s.attractors,
                            estimate: ShiftEstimate::of(&s),
                        })
                        .collect(),
                    appeared: c
                        .changes
                        .appeared
                        .iter()
                        .map(|&i| attractor_ref(&c.perturbed, &c.perturbed_labels, i))
                        .collect(),
                    vanished: c
                        .changes
                        .vanished
                        .iter()
                        .map(|&i| attractor_ref(&c.wild_type, &c.wild_type_labels, i))
                        .collect(),
                    wild_type: labelled_report(
                        net,
                        &c.wild_type,
                        &c.wild_type_labels,
                        c,
                        true,
                        options,
                    ),
                    perturbed: labelled_report(
                        net,
                        &c.perturbed,
                        &c.perturbed_labels,
                        c,
                        false,
                        options,
                    ),
                })
                .collect(),
        }
    }
}
