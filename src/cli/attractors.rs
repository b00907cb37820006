//! `basin attractors`: every attractor of a model under one condition (fixed inputs) and set of
//! perturbations, with basins, as text, JSON or CSV.
//!
//! The update scheme picks the engine in one `match` (`explore`); reports do not depend on it.

use super::args::{AttractorsArgs, MethodArg, OutputFormat, UpdateArg};
use super::{load_model, print_stdout};
use basin::Error;
use basin::attractor::{Exploration, Method};
use basin::network::{Network, VarId};
use basin::perturb::{parse_inputs, parse_perturbations};
use basin::report::{AttractorsReport, ReportOptions, csv, json, text};
use basin::synchronous::{self, SyncConfig};
use std::process::ExitCode;

pub(crate) fn run(args: &AttractorsArgs) -> Result<ExitCode, Error> {
    let model = load_model(&args.model)?;
    let net = &model.network;
    let mut fixed: Vec<(VarId, bool)> = parse_inputs(net, &args.inputs)?;
    fixed.extend(
        parse_perturbations(net, &args.perturb)?
            .into_iter()
            .map(|p| (p.var, p.value)),
    );
    let exploration = match args.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build()
            .map_err(|e| Error::Invalid(format!("--jobs {n}: {e}")))?
            .install(|| explore(net, &fixed, args))?,
        None => explore(net, &fixed, args)?,
    };
    let report = AttractorsReport::new(
        net,
        &exploration,
        &ReportOptions::new(args.model.model.display().to_string()),
    );
    let rendered = match args.format {
        OutputFormat::Text => text::render(&report),
        OutputFormat::Json => json::render(&report),
        OutputFormat::Csv => csv::render(&report),
    };
    match &args.output {
        Some(path) => std::fs::write(path, rendered).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?,
        None => print_stdout(&rendered)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the engine of the chosen update scheme.
fn explore(
    net: &Network,
    fixed: &[(VarId, bool)],
    args: &AttractorsArgs,
) -> Result<Exploration, Error> {
    let method = match args.method {
        MethodArg::Exhaustive => Method::Exhaustive,
        MethodArg::Sample => Method::Sampled {
            samples: args.samples,
            seed: args.seed,
        },
    };
    match args.update {
        UpdateArg::Sync => synchronous::attractors(
            net,
            fixed,
            &SyncConfig {
                method,
                max_memory: args.max_memory,
            },
        ),
    }
}
