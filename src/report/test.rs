//! The JSON document of an expectations check (`basin test`, the Python package's
//! `basin.test`): per statement its kind, whether it holds, the cases checked, the time, and the
//! counterexamples kept. One definition, so that every front end writes the same contract.

use crate::expect::StatementKind;
use crate::expect::check::Outcome;
use crate::report::JSON_VERSION;
use serde::Serialize;

/// The JSON document of a checked expectations file.
#[derive(Serialize)]
pub struct TestReport {
    /// [`JSON_VERSION`].
    pub basin_json_version: u32,
    /// Statements that hold.
    pub passed: usize,
    /// Statements that fail.
    pub failed: usize,
    /// One entry per statement, in file order.
    pub statements: Vec<StatementReport>,
}

/// One statement's outcome.
#[derive(Serialize)]
pub struct StatementReport {
    /// The statement's name.
    pub name: String,
    /// What it is evidence of: `constraint`, `prediction`, `regression` or `unspecified`
    /// ([`StatementKind::as_str`]).
    pub kind: &'static str,
    /// Whether it holds.
    pub passed: bool,
    /// Cases checked (condition × update × perturbation).
    pub cases: usize,
    /// Time taken, in seconds.
    pub seconds: f64,
    /// Counterexamples found (more than are listed when the list was cut).
    pub num_counterexamples: usize,
    /// The counterexamples kept.
    pub counterexamples: Vec<CounterexampleReport>,
}

/// A case in which a statement fails.
#[derive(Serialize)]
pub struct CounterexampleReport {
    /// The condition's name.
    pub condition: String,
    /// `synchronous` or `asynchronous`.
    pub update: String,
    /// The perturbation's name (`none` for the wild type).
    pub perturbation: String,
    /// What was found instead.
    pub detail: String,
}

impl TestReport {
    /// The document for `outcomes`, with each statement's kind from `kinds` (same order).
    pub fn new(outcomes: &[Outcome], kinds: &[StatementKind]) -> TestReport {
        let failed = outcomes.iter().filter(|o| !o.passed).count();
        TestReport {
            basin_json_version: JSON_VERSION,
            passed: outcomes.len() - failed,
            failed,
            statements: outcomes
                .iter()
                .zip(kinds)
                .map(|(o, k)| StatementReport {
                    name: o.name.clone(),
                    kind: k.as_str(),
                    passed: o.passed,
                    cases: o.cases,
                    seconds: o.seconds,
                    num_counterexamples: o.num_counterexamples,
                    counterexamples: o
                        .counterexamples
                        .iter()
                        .map(|c| CounterexampleReport {
                            condition: c.condition.clone(),
                            update: c.update.as_str().to_string(),
                            perturbation: c.perturbation.clone(),
                            detail: c.detail.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
