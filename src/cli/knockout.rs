//! `basin knockout`: a perturbation against the wild type, per condition and update scheme:
//! both attractor lists with labels, the phenotype distributions, the shift per label, the
//! attractors that appeared or vanished, and a one-line verdict.

use super::args::{EngineArgs, KnockoutArgs, OutputFormat};
use super::engine;
use super::screen::{CSV_HEADER, TableFormat};
use super::{load_model, write_output};
use basin::Error;
use basin::attractor::Exploration;
use basin::condition::DefaultConditions;
use basin::engine::{EngineOptions, per_exploration_memory};
use basin::network::Network;
use basin::perturb::{parse_inputs, parse_perturbations};
use basin::phenotype::Classification;
use basin::plot::shifts::ShiftGrid;
use basin::report::knockout::KnockoutReport;
use basin::report::{ReportOptions, percent};
use basin::screen::{Comparison, ScreenRow, compare, perturbation_name};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::process::ExitCode;

impl EngineArgs {
    pub(crate) fn options(&self) -> EngineOptions {
        engine::engine_options(
            self.engine,
            self.method,
            self.samples,
            self.seed,
            self.max_memory,
            self.timeout,
        )
    }
}

pub(crate) fn run(args: &KnockoutArgs) -> Result<ExitCode, Error> {
    super::timed_out_as_error(args.engine.timeout, || knockout(args))
}

fn knockout(args: &KnockoutArgs) -> Result<ExitCode, Error> {
    if let Some(path) = &args.plot {
        super::plot::check_svg_path(path)?;
    }
    let model = load_model(&args.model)?;
    let net = &model.network;
    let perturbation =
        parse_perturbations(net, &args.perturb).map_err(|e| e.in_context("--perturb"))?;
    let inputs = parse_inputs(net, &args.inputs).map_err(|e| e.in_context("--input"))?;
    let Some(phenotypes) = engine::phenotypes(&args.phenotype, net)? else {
        return Err(Error::Invalid(
            "basin knockout needs --phenotypes FILE (the labels to compare)".into(),
        ));
    };
    let conditions =
        engine::select_conditions(&args.phenotype, net, &inputs, DefaultConditions::Named)?
            .expect("knockouts always run under conditions");
    let mut options = args.engine.options();
    options.priorities = engine::priorities(&args.engine, net)?;
    let updates = engine::updates(args.update);
    options.start = super::start::resolve(
        args.engine.start.as_deref(),
        net,
        &args.phenotype,
        *updates.last().expect("at least one update scheme"),
        &options,
    )?;
    let start_words = options.start.as_ref().map(ToString::to_string);
    let jobs: Vec<_> = conditions
        .iter()
        .flat_map(|c| updates.iter().map(move |&u| (c, u)))
        .collect();
    options.max_memory = Some(per_exploration_memory(
        args.engine.max_memory,
        args.engine.jobs.map(usize::from),
        jobs.len(),
    ));
    let comparisons = super::with_spinner("comparing with the wild type", || {
        engine::with_jobs(args.engine.jobs, || {
            jobs.par_iter()
                .map(|&(c, u)| compare(net, &phenotypes, c, &perturbation, u, &options))
                .collect::<Result<Vec<_>, Error>>()
        })
    })?;
    let name = perturbation_name(net, &perturbation);
    let mut report_options = ReportOptions::new(args.model.model.display().to_string());
    report_options.max_states = args.max_states;
    let rendered = match args.format {
        OutputFormat::Text => {
            let start = start_words
                .as_ref()
                .map(|s| format!("start {s} (shares are probabilities from it)\n"))
                .unwrap_or_default();
            start + &render_text(net, &name, &comparisons)
        }
        OutputFormat::Json => {
            let mut doc = KnockoutReport::new(net, &name, &comparisons, &report_options);
            doc.start = start_words.clone();
            serde_json::to_string_pretty(&doc).expect("reports always serialise") + "\n"
        }
        OutputFormat::Csv => render_csv(&name, &comparisons),
    };
    write_output(args.output.as_deref(), &rendered)?;
    if let Some(path) = &args.plot {
        let queries = super::plot::label_queries(&args.phenotype)?;
        let title = format!("{} · {name}", super::plot::model_name(&args.model.model));
        super::plot::write_shift_plot(path, &queries, &title, |q| {
            ShiftGrid::from_comparisons(net, &comparisons, q)
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One line per attractor: index, kind, label, share, pattern.
fn attractor_lines(out: &mut String, e: &Exploration, labels: &[Classification]) {
    let width = labels
        .iter()
        .map(|l| l.label.chars().count())
        .max()
        .unwrap_or(0);
    for (i, (a, l)) in e.attractors.iter().zip(labels).enumerate() {
        let kind = if a.num_states == 1u128 {
            "fixed point".to_string()
        } else {
            format!("{} of {}", a.kind.as_str(), a.num_states)
        };
        let _ = writeln!(
            out,
            "    {:>2}  {:<w$}  {:>8}  {:<16}  {}",
            i + 1,
            l.label,
            match (a.basin.share(&e.explored_states), a.basin.estimate()) {
                (Some(s), Some(_)) => format!("~{}", percent(s)),
                (Some(s), None) => percent(s),
                (None, _) => "–".to_string(),
            },
            kind,
            a.pattern,
            w = width
        );
    }
}

fn render_text(net: &Network, name: &str, comparisons: &[Comparison]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "perturbation {name}");
    let _ = writeln!(out, "pattern columns: {}", net.names().join(" "));
    for c in comparisons {
        let share = if c.update == basin::attractor::UpdateScheme::Synchronous {
            "basin fraction"
        } else {
            "reach probability"
        };
        let _ = writeln!(
            out,
            "\ncondition {} ({}), {} update",
            c.condition.name,
            c.condition.describe(net),
            c.update
        );
        let _ = writeln!(
            out,
            "  wild type: {} attractor(s)",
            c.wild_type.attractors.len()
        );
        attractor_lines(&mut out, &c.wild_type, &c.wild_type_labels);
        let _ = writeln!(
            out,
            "  {name}: {} attractor(s)",
            c.perturbed.attractors.len()
        );
        attractor_lines(&mut out, &c.perturbed, &c.perturbed_labels);
        let width = c
            .shift
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let _ = writeln!(
            out,
            "  {:<width$}  {:>9}  {:>9}  {:>9}   ({share})",
            "label", "wild type", "perturbed", "shift"
        );
        for (label, s) in c.shift.iter() {
            if s.is_estimated() {
                // Estimated shares: `~` and the shift's 95% interval.
                let mark = |estimated: bool, x: f64| {
                    format!("{}{}", if estimated { "~" } else { "" }, percent(x))
                };
                let (lo, hi) = s.ci95();
                let _ = writeln!(
                    out,
                    "  {label:<width$}  {:>9}  {:>9}  {:>9}   95% CI {} to {}{}",
                    mark(s.wild_type_estimate.is_some(), s.wild_type),
                    mark(s.estimate.is_some(), s.perturbed),
                    signed_percent(s.shift),
                    signed_percent(lo),
                    signed_percent(hi),
                    if s.is_change() { "" } else { " (includes 0)" }
                );
                continue;
            }
            let _ = writeln!(
                out,
                "  {label:<width$}  {:>9}  {:>9}  {:>9}",
                percent(s.wild_type),
                percent(s.perturbed),
                signed_percent(s.shift)
            );
        }
        for &i in &c.changes.appeared {
            let _ = writeln!(
                out,
                "  appeared: #{} {} {}",
                i + 1,
                c.perturbed_labels[i].label,
                c.perturbed.attractors[i].pattern
            );
        }
        for &i in &c.changes.vanished {
            let _ = writeln!(
                out,
                "  vanished: wild-type #{} {} {}",
                i + 1,
                c.wild_type_labels[i].label,
                c.wild_type.attractors[i].pattern
            );
        }
        let _ = writeln!(out, "  verdict: {}", c.verdict());
    }
    out
}

/// A share difference as a signed percentage.
pub(crate) fn signed_percent(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", percent(x))
    } else if x < 0.0 {
        format!("-{}", percent(-x))
    } else {
        percent(0.0)
    }
}

fn render_csv(name: &str, comparisons: &[Comparison]) -> String {
    // Estimated shares add the shift's interval (and whether it excludes 0).
    let estimated = comparisons
        .iter()
        .any(|c| c.shift.iter().any(|(_, s)| s.is_estimated()));
    // The screen table's columns (walk counts empty for exact shares), then the intervals.
    let mut out = String::from(CSV_HEADER.trim_end());
    if estimated {
        out.push_str(",estimated,shift_ci95_low,shift_ci95_high,significant");
    }
    out.push('\n');
    for c in comparisons {
        for (label, s) in c.shift.iter() {
            let row = ScreenRow::of_shift(name, &c.condition.name, c.update, label, &s);
            let mut line = String::new();
            TableFormat::Csv.push_rows(&mut line, std::slice::from_ref(&row));
            out.push_str(line.trim_end_matches('\n'));
            if estimated {
                let (lo, hi) = s.ci95();
                let _ = write!(out, ",{},{lo},{hi},{}", s.is_estimated(), s.is_change());
            }
            out.push('\n');
        }
    }
    out
}
