//! CSV rendering of reports: one row per attractor state, one 0/1 column per variable.
//!
//! Columns: `attractor` (1-based, in report order), `kind`, `num_states`, `step` (position in
//! the cycle, from 0), the basin columns of the run (`basin_size,fraction` exact synchronous;
//! `weak,strong,probability` exact asynchronous; `weak,strong,estimated_probability,hits,
//! samples,ci95_low,ci95_high` exact basins with reach probabilities estimated by random walks
//! (the symbolic engine); `hits,samples,fraction|probability,ci95_low,ci95_high` sampled), `label` when phenotypes were given, then the variables in file order.
//! Runs under a named condition start each row with a `condition` column.

use super::{AttractorsReport, BasinReport};
use std::fmt::Write as _;

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn basin_header(report: &AttractorsReport) -> &'static str {
    match (report.method.as_str(), report.update.as_str()) {
        ("sampled", "asynchronous") => "hits,samples,probability,ci95_low,ci95_high",
        ("sampled", _) => "hits,samples,fraction,ci95_low,ci95_high",
        (_, "asynchronous" | "general")
            if report
                .attractors
                .iter()
                .any(|a| a.basin.estimate().is_some()) =>
        {
            "weak,strong,estimated_probability,hits,samples,ci95_low,ci95_high"
        }
        (_, "asynchronous" | "general") => "weak,strong,probability",
        _ => "basin_size,fraction",
    }
}

fn basin_fields(basin: &BasinReport, header: &str) -> String {
    match basin {
        BasinReport::Exact { size, fraction } => format!("{size},{fraction}"),
        // Every column of the header empty.
        BasinReport::NotComputed => ",".repeat(header.matches(',').count()),
        BasinReport::Asynchronous {
            weak,
            strong,
            probability,
            estimate: Some(e),
        } => format!(
            "{weak},{strong},{},{},{},{},{}",
            probability.unwrap_or(0.0),
            e.hits,
            e.samples,
            e.ci95[0],
            e.ci95[1]
        ),
        BasinReport::Asynchronous {
            weak,
            strong,
            probability,
            estimate: None,
        } => match probability {
            Some(p) => format!("{weak},{strong},{p}"),
            None => format!("{weak},{strong},"),
        },
        BasinReport::SampledSynchronous {
            hits,
            samples,
            fraction: share,
            ci95,
        }
        | BasinReport::SampledAsynchronous {
            hits,
            samples,
            probability: share,
            ci95,
        } => format!("{hits},{samples},{share},{},{}", ci95[0], ci95[1]),
    }
}

/// The report as CSV with a header line.
pub fn render(report: &AttractorsReport) -> String {
    let mut out = String::new();
    let names: Vec<String> = report.variables.iter().map(|n| quote(n)).collect();
    let labelled = report.attractors.iter().any(|a| a.label.is_some());
    let _ = writeln!(
        out,
        "{}attractor,kind,num_states,step,{},{}{}",
        if report.condition.is_some() {
            "condition,"
        } else {
            ""
        },
        basin_header(report),
        if labelled { "label," } else { "" },
        names.join(",")
    );
    render_rows(report, &mut out);
    out
}

/// The rows of `report` without the header (for several reports under one header).
pub fn render_rows(report: &AttractorsReport, out: &mut String) {
    let labelled = report.attractors.iter().any(|a| a.label.is_some());
    let condition = match &report.condition {
        Some(c) => format!("{},", quote(c)),
        None => String::new(),
    };
    for (i, a) in report.attractors.iter().enumerate() {
        let basin = basin_fields(&a.basin, basin_header(report));
        for (step, state) in a.states.iter().enumerate() {
            let bits: Vec<&str> = state
                .as_bytes()
                .iter()
                .map(|&b| if b == b'1' { "1" } else { "0" })
                .collect();
            let label = match (&a.label, labelled) {
                (Some(l), _) => format!("{},", quote(l)),
                (None, true) => ",".to_string(),
                (None, false) => String::new(),
            };
            let _ = writeln!(
                out,
                "{condition}{},{},{},{step},{basin},{label}{}",
                i + 1,
                a.kind,
                a.num_states,
                bits.join(",")
            );
        }
    }
}
