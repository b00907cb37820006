//! Attractor counts as reported: what `basin attractors --count-only` and the Python package's
//! `Model.count_attractors` print, built from [`crate::symbolic::AttractorCounts`] so the two
//! front ends write the same JSON (docs/json.md, "Counts").

use crate::attractor::UpdateScheme;
use crate::count::Count;
use crate::symbolic::AttractorCounts;
use serde::Serialize;
use std::fmt::Write as _;

/// The counted attractors of one run (one condition, or the free inputs).
#[derive(Clone, Debug, Serialize)]
pub struct CountsReport {
    /// The model as the user named it.
    pub model: String,
    /// `"synchronous"` or `"asynchronous"`.
    pub update: String,
    /// The condition's name, when the run had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Every attractor: the fixed points and the others.
    pub attractors: Count,
    /// The number of fixed points.
    pub fixed_points: Count,
    /// Sizes of the complex attractors (asynchronous), ascending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complex_attractors: Option<Vec<Count>>,
    /// Lengths of the cycles of two or more states (synchronous), ascending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycles: Option<Vec<Count>>,
}

impl CountsReport {
    /// The report of `counts`, found for `model` under `update` (and `condition`).
    pub fn new(
        model: impl Into<String>,
        update: UpdateScheme,
        condition: Option<String>,
        counts: &AttractorCounts,
    ) -> CountsReport {
        let total = counts.fixed_points.clone() + num_bigint::BigUint::from(counts.others.len());
        let others: Vec<Count> = counts.others.iter().cloned().map(Count::from).collect();
        let synchronous = update == UpdateScheme::Synchronous;
        CountsReport {
            model: model.into(),
            update: update.to_string(),
            condition,
            attractors: Count::from(total),
            fixed_points: Count::from(counts.fixed_points.clone()),
            complex_attractors: (!synchronous).then(|| others.clone()),
            cycles: synchronous.then_some(others),
        }
    }

    /// The word for the attractors other than fixed points: `cycles` or `complex_attractors`.
    pub fn others_word(&self) -> &'static str {
        if self.cycles.is_some() {
            "cycles"
        } else {
            "complex_attractors"
        }
    }

    /// The sizes of the attractors other than fixed points.
    pub fn others(&self) -> &[Count] {
        self.cycles
            .as_deref()
            .or(self.complex_attractors.as_deref())
            .unwrap_or(&[])
    }
}

/// JSON: one object for one run, a list for several.
pub fn json(reports: &[CountsReport]) -> String {
    let text = match reports {
        [one] => serde_json::to_string_pretty(one),
        _ => serde_json::to_string_pretty(reports),
    };
    text.expect("counts always serialise") + "\n"
}

/// CSV: one row per run; the sizes separated by spaces.
pub fn csv(reports: &[CountsReport]) -> String {
    let word = reports
        .first()
        .map_or("complex_attractors", |r| r.others_word());
    let mut out = format!("condition,update,attractors,fixed_points,{word}\n");
    for r in reports {
        let sizes: Vec<String> = r.others().iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            r.condition.as_deref().unwrap_or(""),
            r.update,
            r.attractors,
            r.fixed_points,
            sizes.join(" ")
        );
    }
    out
}

/// Plain text: a block per run.
pub fn text(reports: &[CountsReport]) -> String {
    let mut out = String::new();
    for r in reports {
        let _ = writeln!(out, "model: {}", r.model);
        let _ = writeln!(out, "update: {}", r.update);
        if let Some(n) = &r.condition {
            let _ = writeln!(out, "condition: {n}");
        }
        let _ = writeln!(out, "attractors: {} (counted, not listed)", r.attractors);
        let _ = writeln!(out, "fixed points: {}", r.fixed_points);
        let sizes: Vec<String> = r.others().iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "{}: {}{}",
            r.others_word().replace('_', " "),
            sizes.len(),
            if sizes.is_empty() {
                String::new()
            } else {
                format!(" (states: {})", sizes.join(", "))
            }
        );
        out.push('\n');
    }
    out.pop();
    out
}
