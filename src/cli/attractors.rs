//! `basin attractors`: every attractor of a model under one or more conditions (fixed inputs) and
//! a set of perturbations, with basins, optional phenotype labels and their distribution, as text,
//! JSON or CSV.
//!
//! The update scheme picks the engine (`engine::explore`); reports do not depend on it. Several
//! conditions give several reports: text sections, a JSON array, CSV rows under one header.

use super::args::{AttractorsArgs, OutputFormat};
use super::engine;
use super::{load_model, write_output};
use basin::Error;
use basin::attractor::UpdateScheme;
use basin::condition::DefaultConditions;
use basin::network::VarId;
use basin::perturb::{parse_inputs, parse_perturbations};
use basin::report::{AttractorsReport, ReportOptions, csv, json, text};
use std::process::ExitCode;

/// One run: the condition's name (if any) and the values it fixes.
type Run = (Option<String>, Vec<(VarId, bool)>);

pub(crate) fn run(args: &AttractorsArgs) -> Result<ExitCode, Error> {
    super::timed_out_as_error(args.engine.timeout, || attractors(args))
}

fn attractors(args: &AttractorsArgs) -> Result<ExitCode, Error> {
    let model = load_model(&args.model)?;
    let net = &model.network;
    let inputs = parse_inputs(net, &args.inputs).map_err(|e| e.in_context("--input"))?;
    let perturbations: Vec<(VarId, bool)> = parse_perturbations(net, &args.perturb)
        .map_err(|e| e.in_context("--perturb"))?
        .into_iter()
        .map(|p| (p.var, p.value))
        .collect();
    if let Some(path) = &args.plot {
        super::plot::check_svg_path(path)?;
    }
    let phenotypes = engine::phenotypes(&args.phenotype, net)?;
    let conditions =
        engine::select_conditions(&args.phenotype, net, &inputs, DefaultConditions::FreeInputs)?;
    let mut engine_options = args.engine.options();
    engine_options.basins = !args.no_basins;
    engine_options.priorities = engine::priorities(&args.engine, net)?;
    if phenotypes.is_none() {
        engine_options.max_states = args.max_states;
    }
    let update = UpdateScheme::from(args.update);
    engine_options.start = super::start::resolve(
        args.engine.start.as_deref(),
        net,
        &args.phenotype,
        update,
        &engine_options,
    )?;
    let start_words = engine_options.start.as_ref().map(ToString::to_string);
    // (condition name, fixed values) per run.
    let runs: Vec<Run> = match &conditions {
        None => vec![(None, inputs.clone())],
        Some(list) => list
            .iter()
            .map(|c| (Some(c.name.clone()), c.fixed().to_vec()))
            .collect(),
    };
    if args.count_only {
        return count_only(args, net, &runs, &perturbations, update, &engine_options);
    }
    let mut report_options = ReportOptions::new(args.model.model.display().to_string());
    report_options.max_states = args.max_states;
    let mut figures = Vec::new();
    let reports = engine::with_jobs(args.engine.jobs, || {
        runs.iter()
            .map(|(name, fixed)| {
                let mut fixed = fixed.clone();
                for &(v, b) in &perturbations {
                    fixed.retain(|(x, _)| *x != v);
                    fixed.push((v, b));
                }
                let what = match name {
                    Some(n) => format!("exploring {update} under {n}"),
                    None => format!("exploring {update}"),
                };
                let exploration = super::with_spinner(&what, || {
                    basin::explore(net, &fixed, update, &engine_options)
                })?;
                engine_options.cancel.check()?;
                let mut report = AttractorsReport::new(net, &exploration, &report_options);
                report.condition = name.clone();
                report.start = start_words.clone();
                report.priorities = engine_options.priorities.as_ref().map(|p| p.describe(net));
                if let Some(p) = &phenotypes {
                    let classes = p.classify_all(&exploration);
                    report.add_phenotypes(&classes, &p.distribution(&exploration));
                }
                if args.plot.is_some() {
                    let title = super::plot::model_name(&args.model.model)
                        + &name.as_ref().map(|n| format!(" — {n}")).unwrap_or_default()
                        + &super::plot::perturbed_suffix(&args.perturb);
                    figures.push(super::plot::attractor_figure(
                        net,
                        &exploration,
                        title,
                        phenotypes.as_ref(),
                        16,
                    ));
                }
                Ok(report)
            })
            .collect::<Result<Vec<_>, Error>>()
    })?;
    // The deadline holds through the output too (a listing of millions of fixed points takes
    // longer to write than to find): checked between the phases, so a run past its
    // `--timeout` writes nothing, as documented.
    engine_options.cancel.check()?;
    let rendered = match args.format {
        OutputFormat::Text => reports
            .iter()
            .map(text::render)
            .collect::<Vec<_>>()
            .join("\n"),
        OutputFormat::Json if reports.len() == 1 => json::render(&reports[0]),
        OutputFormat::Json => {
            serde_json::to_string_pretty(&reports).expect("reports always serialise") + "\n"
        }
        OutputFormat::Csv => {
            let mut out = csv::render(&reports[0]);
            for r in &reports[1..] {
                csv::render_rows(r, &mut out);
            }
            out
        }
    };
    engine_options.cancel.check()?;
    write_output(args.output.as_deref(), &rendered)?;
    if let Some(path) = &args.plot {
        let title = super::plot::model_name(&args.model.model);
        super::plot::write_figures(path, &figures, &title)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--count-only`: the attractors of each run counted, not listed
/// ([`basin::engine::count_attractors`]).
fn count_only(
    args: &AttractorsArgs,
    net: &basin::Network,
    runs: &[Run],
    perturbations: &[(VarId, bool)],
    update: UpdateScheme,
    options: &basin::EngineOptions,
) -> Result<ExitCode, Error> {
    use basin::report::counts::{self, CountsReport};
    let model = args.model.model.display().to_string();
    let mut rows = Vec::new();
    for (name, fixed) in runs {
        let mut fixed = fixed.clone();
        for &(v, b) in perturbations {
            fixed.retain(|(x, _)| *x != v);
            fixed.push((v, b));
        }
        let what = match name {
            Some(n) => format!("counting {update} attractors under {n}"),
            None => format!("counting {update} attractors"),
        };
        let found = engine::with_jobs(args.engine.jobs, || {
            super::with_spinner(&what, || {
                basin::engine::count_attractors(net, &fixed, update, options)
            })
        })?;
        rows.push(CountsReport::new(
            model.clone(),
            update,
            name.clone(),
            &found,
        ));
    }
    let rendered = match args.format {
        OutputFormat::Json => counts::json(&rows),
        OutputFormat::Csv => counts::csv(&rows),
        OutputFormat::Text => counts::text(&rows),
    };
    write_output(args.output.as_deref(), &rendered)?;
    Ok(ExitCode::SUCCESS)
}
