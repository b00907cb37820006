//! `basin test`: checks a model against an expectations file, one line per statement (pass or
//! FAIL, cases, time), the counterexamples of each failure, and exit code 0 (all hold), 1 (some
//! fail) or 2 (the file, model or a statement is malformed).

use super::args::{ModelArgs, OutputFormat, TestArgs};
use super::engine;
use super::{load_model, print_stdout};
use basin::Error;
use basin::condition::ConditionFile;
use basin::engine::EngineOptions;
use basin::expect::ExpectationFile;
use basin::expect::check::{Context, Outcome, check};
use basin::phenotype::PhenotypeSpec;
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

pub(crate) fn run(args: &TestArgs) -> Result<ExitCode, Error> {
    let file = ExpectationFile::read(&args.expectations)?;
    let model_path = args.model.clone().or(file.model.clone()).ok_or_else(|| {
        Error::Invalid(format!(
            "{}: no model: give `model = \"...\"` in the file or --model",
            args.expectations.display()
        ))
    })?;
    let model = load_model(&ModelArgs {
        model: model_path,
        from: args.from,
        free_inputs: args.free_inputs,
    })?;
    let net = &model.network;
    let phenotype_path = args.phenotypes.clone().or(file.phenotypes.clone());
    let spec = phenotype_path
        .as_deref()
        .map(PhenotypeSpec::read)
        .transpose()?;
    let phenotypes = spec.as_ref().map(|s| s.bind(net)).transpose()?;
    let named = match &phenotype_path {
        Some(p) => ConditionFile::read(p)?.bind(net)?,
        None => Vec::new(),
    };
    let options = EngineOptions {
        max_memory: args.max_memory,
        ..EngineOptions::default()
    };
    let ctx = Context::new(
        net,
        spec.as_ref().zip(phenotypes.as_ref()),
        &named,
        &options,
    );
    let statements: Vec<_> = file
        .statements
        .iter()
        .filter(|s| {
            args.filter
                .as_ref()
                .is_none_or(|f| s.name.contains(f.as_str()))
        })
        .collect();
    let outcomes: Vec<Outcome> = engine::with_jobs(args.jobs, || {
        statements
            .par_iter()
            .map(|s| check(s, &ctx))
            .collect::<Result<Vec<_>, Error>>()
    })?;
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    let text = match args.format {
        OutputFormat::Json => {
            serde_json::to_string_pretty(&TestReport::new(&outcomes))
                .expect("reports always serialise")
                + "\n"
        }
        _ => render_text(&outcomes, failed),
    };
    print_stdout(&text)?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn render_text(outcomes: &[Outcome], failed: usize) -> String {
    let mut out = String::new();
    for o in outcomes {
        let _ = writeln!(
            out,
            "{}  {}  ({} case{}, {:.2} s)",
            if o.passed { "pass" } else { "FAIL" },
            o.name,
            o.cases,
            if o.cases == 1 { "" } else { "s" },
            o.seconds
        );
        for c in &o.counterexamples {
            let _ = writeln!(
                out,
                "      condition {}, {}, perturbation {}: {}",
                c.condition, c.update, c.perturbation, c.detail
            );
        }
        if o.num_counterexamples > o.counterexamples.len() {
            let _ = writeln!(
                out,
                "      … and {} more",
                o.num_counterexamples - o.counterexamples.len()
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{} statement{}: {} passed, {failed} failed",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" },
        outcomes.len() - failed
    );
    out
}

#[derive(Serialize)]
struct TestReport {
    basin_json_version: u32,
    passed: usize,
    failed: usize,
    statements: Vec<StatementReport>,
}

#[derive(Serialize)]
struct StatementReport {
    name: String,
    passed: bool,
    cases: usize,
    seconds: f64,
    num_counterexamples: usize,
    counterexamples: Vec<CounterexampleReport>,
}

#[derive(Serialize)]
struct CounterexampleReport {
    condition: String,
    update: String,
    perturbation: String,
    detail: String,
}

impl TestReport {
    fn new(outcomes: &[Outcome]) -> TestReport {
        let failed = outcomes.iter().filter(|o| !o.passed).count();
        TestReport {
            basin_json_version: basin::report::JSON_VERSION,
            passed: outcomes.len() - failed,
            failed,
            statements: outcomes
                .iter()
                .map(|o| StatementReport {
                    name: o.name.clone(),
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
