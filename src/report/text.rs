//! Human-readable rendering of reports: a header (model, update, method, fixed variables,
//! explored space), then the attractors grouped by the values of the free inputs they carry,
//! one table per group, each attractor followed by the variables that are on (and, for cycles
//! and complex attractors, those that oscillate).

use super::{AttractorReport, AttractorsReport, BasinReport};
use std::fmt::Write as _;

/// Formats a share as a percentage with enough digits to be non-zero when the share is.
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p == 0.0 || p >= 0.01 {
        format!("{p:.2}%")
    } else {
        format!("{p:.2e}%")
    }
}

/// Groups an integer's digits by three (`268 435 456`).
pub fn grouped(n: impl std::fmt::Display) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Right-aligns every column but the last two (pattern, left-aligned) of a table.
fn table(rows: &[Vec<String>], out: &mut String, indent: &str, notes: &[Vec<String>]) {
    let cols = rows[0].len();
    let width: Vec<usize> = (0..cols)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::from(indent);
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            if c == 1 || c + 1 == cols || rows[0][c] == "label" {
                let _ = write!(line, "{cell:<w$}", w = width[c]);
            } else {
                let _ = write!(line, "{cell:>w$}", w = width[c]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i > 0 {
            for note in &notes[i - 1] {
                let _ = writeln!(out, "{indent}{:w$}  {note}", "", w = width[0]);
            }
        }
    }
}

fn names_where(report: &AttractorsReport, a: &AttractorReport, c: char) -> Vec<String> {
    let fixed: Vec<&str> = report.fixed.0.iter().map(|(n, _)| n.as_str()).collect();
    let inputs: Vec<&str> = a.inputs.0.iter().map(|(n, _)| n.as_str()).collect();
    a.pattern
        .chars()
        .zip(&report.variables)
        .filter(|(p, n)| *p == c && !fixed.contains(&n.as_str()) && !inputs.contains(&n.as_str()))
        .map(|(_, n)| n.clone())
        .collect()
}

fn wrap_names(label: &str, names: &[String]) -> Vec<String> {
    if names.is_empty() {
        return vec![format!("{label} none")];
    }
    let mut lines = Vec::new();
    let mut line = label.to_string();
    for n in names {
        if line.len() + n.len() + 1 > 96 && line.len() > label.len() {
            lines.push(line);
            line = " ".repeat(label.len());
        }
        line.push(' ');
        line.push_str(n);
    }
    lines.push(line);
    lines
}

/// The report as text.
pub fn render(report: &AttractorsReport) -> String {
    let mut out = String::new();
    let sampled = report.method == "sampled";
    // Walks behind estimated reach probabilities (the symbolic engine), if any.
    let estimated: Option<u64> = report
        .attractors
        .iter()
        .find_map(|a| a.basin.estimate().map(|e| e.samples));
    // From a start, basins are reported as reachability (weak, strong, probability) under
    // both update schemes.
    let asynchronous =
        matches!(report.update.as_str(), "asynchronous" | "general") || report.start.is_some();
    let _ = writeln!(out, "model       {}", report.model);
    let _ = writeln!(out, "update      {}", report.update);
    if sampled {
        let _ = writeln!(
            out,
            "method      sampled: {} random initial states, seed {}; THE LIST MAY BE INCOMPLETE \
             (attractors with small basins can be missed) and basin fractions are estimates",
            report.samples.unwrap_or(0),
            report.seed.unwrap_or(0)
        );
    } else if let Some(walks) = estimated {
        let _ = writeln!(
            out,
            "method      exhaustive: the list is complete and weak/strong basins exact; reach \
             probabilities are ESTIMATED by {} random walks (~ marks an estimate; 95% Wilson \
             intervals)",
            grouped(walks)
        );
    } else if report
        .attractors
        .iter()
        .any(|a| a.basin == BasinReport::NotComputed)
    {
        let what = if report.update == "most-permissive" {
            "minimal trap spaces"
        } else {
            "exhaustive, attractors only"
        };
        let _ = writeln!(
            out,
            "method      {what}: the list is complete; basins are not computed"
        );
    } else {
        let _ = writeln!(
            out,
            "method      exhaustive: every state explored, the list is complete and basins exact"
        );
    }
    let _ = writeln!(
        out,
        "variables   {} (pattern columns in this order: {})",
        report.variables.len(),
        report.variables.join(" ")
    );
    if let Some(condition) = &report.condition {
        let _ = writeln!(out, "condition   {condition}");
    }
    if let Some(start) = &report.start {
        let _ = writeln!(
            out,
            "start       {start} (shares are probabilities from it)"
        );
    }
    if let Some(priorities) = &report.priorities {
        let _ = writeln!(
            out,
            "priorities  {priorities} (only the fastest class with an updatable node moves)"
        );
    }
    let _ = writeln!(out, "fixed       {}", report.fixed.to_words());
    let free = report.num_free() as usize;
    let _ = writeln!(
        out,
        "explored    2^{free} = {} states ({} free variables: {} explored in the core, {} in \
         output cascades filled in afterwards)",
        grouped(&report.explored_states),
        free,
        report.core_size,
        free.saturating_sub(report.core_size)
    );
    // Groups of attractors by free input values, in order of first appearance (the attractors
    // are sorted by pattern, so groups come out in input order too).
    // Indexed by key: a model with many free inputs has as many groups as attractors, and a
    // linear search per attractor made 655 360 attractors take minutes.
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut group_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, a) in report.attractors.iter().enumerate() {
        let key = a.inputs.to_words();
        match group_of.get(&key) {
            Some(&g) => groups[g].1.push(i),
            None => {
                group_of.insert(key.clone(), groups.len());
                groups.push((key, vec![i]));
            }
        }
    }
    let _ = writeln!(
        out,
        "attractors  {}{}",
        report.attractors.len(),
        if report.free_inputs.is_empty() {
            String::new()
        } else {
            format!(
                " in {} conditions of the free inputs ({})",
                groups.len(),
                report.free_inputs.join(" ")
            )
        }
    );
    let header: Vec<String> = if sampled {
        let share = if asynchronous {
            "probability"
        } else {
            "fraction"
        };
        ["#", "kind", "states", "hits", share, "95% CI", "pattern"]
            .map(String::from)
            .to_vec()
    } else if asynchronous && estimated.is_some() {
        [
            "#",
            "kind",
            "states",
            "weak basin",
            "strong basin",
            "probability",
            "95% CI",
            "pattern",
        ]
        .map(String::from)
        .to_vec()
    } else if asynchronous {
        [
            "#",
            "kind",
            "states",
            "weak basin",
            "strong basin",
            "probability",
            "pattern",
        ]
        .map(String::from)
        .to_vec()
    } else {
        ["#", "kind", "states", "basin size", "fraction", "pattern"]
            .map(String::from)
            .to_vec()
    };
    let labelled = report.attractors.iter().any(|a| a.label.is_some());
    let mut header = header;
    if labelled {
        header.insert(header.len() - 1, "label".to_string());
    }
    for (key, members) in &groups {
        // `None` when some basin's share (a reach probability) was not computed.
        let share: Option<f64> = members
            .iter()
            .map(|&i| report.attractors[i].basin.share())
            .sum();
        out.push('\n');
        if !report.free_inputs.is_empty() {
            let _ = writeln!(
                out,
                "inputs {key}: {} attractor{}, {}",
                members.len(),
                if members.len() == 1 { "" } else { "s" },
                share.map_or_else(
                    || "reach probabilities not computed".to_string(),
                    |s| format!(
                        "{}{} of the space",
                        if estimated.is_some() { "~" } else { "" },
                        percent(s)
                    )
                )
            );
        }
        let mut rows = vec![header.clone()];
        let mut notes = Vec::new();
        for &i in members {
            let a = &report.attractors[i];
            let mut row = vec![
                (i + 1).to_string(),
                a.kind.replace('_', " "),
                grouped(&a.num_states),
            ];
            match &a.basin {
                BasinReport::Exact { size, fraction } => {
                    row.push(grouped(size));
                    row.push(percent(*fraction));
                }
                BasinReport::NotComputed => {
                    // A dash under every basin column (the header's but the first three, the
                    // label and the pattern).
                    let columns = header.len() - 4 - usize::from(labelled);
                    row.extend(std::iter::repeat_n("–".to_string(), columns));
                }
                BasinReport::Asynchronous {
                    weak,
                    strong,
                    probability,
                    estimate,
                } => {
                    row.push(grouped(weak));
                    row.push(grouped(strong));
                    match estimate {
                        Some(e) => {
                            row.push(format!("~{}", percent(probability.unwrap_or(0.0))));
                            row.push(format!("{}–{}", percent(e.ci95[0]), percent(e.ci95[1])));
                        }
                        None => {
                            row.push(probability.map_or_else(|| "–".to_string(), percent));
                            if estimated.is_some() {
                                row.push("–".to_string());
                            }
                        }
                    }
                }
                BasinReport::SampledSynchronous {
                    hits,
                    fraction: share,
                    ci95,
                    ..
                }
                | BasinReport::SampledAsynchronous {
                    hits,
                    probability: share,
                    ci95,
                    ..
                } => {
                    row.push(grouped(hits));
                    row.push(percent(*share));
                    row.push(format!("{}–{}", percent(ci95[0]), percent(ci95[1])));
                }
            }
            if labelled {
                row.push(a.label.clone().unwrap_or_default());
            }
            row.push(a.pattern.clone());
            rows.push(row);
            let mut note = wrap_names("on:", &names_where(report, a, '1'));
            let varying = names_where(report, a, '*');
            if !varying.is_empty() {
                note.extend(wrap_names("oscillating:", &varying));
            }
            notes.push(note);
        }
        table(&rows, &mut out, "  ", &notes);
    }
    if let Some(distribution) = &report.phenotype_distribution {
        let what = if asynchronous {
            "reach probability"
        } else {
            "basin fraction"
        };
        let _ = writeln!(out, "\nphenotypes ({what} per label)");
        let width = distribution
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(0);
        for l in distribution {
            let share = match (l.share, l.ci95) {
                (Some(s), Some(ci)) => {
                    format!("~{} ({}–{})", percent(s), percent(ci[0]), percent(ci[1]))
                }
                (Some(s), None) => percent(s),
                (None, _) => "–".to_string(),
            };
            let _ = writeln!(
                out,
                "  {:<width$}  {:>8}  {} attractor{}",
                l.label,
                share,
                l.attractors,
                if l.attractors == 1 { "" } else { "s" }
            );
        }
    }
    if sampled {
        let _ = writeln!(
            out,
            "\nsampled: the list may be incomplete; the 95% intervals are Wilson score intervals"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_by_three() {
        assert_eq!(grouped(1234567), "1 234 567");
        assert_eq!(grouped(12), "12");
        assert_eq!(grouped(123456), "123 456");
    }

    #[test]
    fn tiny_shares_keep_a_digit() {
        assert_eq!(percent(0.5), "50.00%");
        assert_eq!(percent(1e-6), "1.00e-4%");
        assert_eq!(percent(0.0), "0.00%");
    }
}
