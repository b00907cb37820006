//! `basin trapspaces`: the minimal (default), maximal or all trap spaces of a model under its
//! conditions and perturbations ([`basin::trapspace`]), each as a pattern (`*` free) with its
//! number of free variables; for minimal ones, whether each holds exactly one asynchronous
//! attractor (univocal) and whether every attractor lies in one (complete), when affordable.
//!
//! Conditions, inputs and perturbations are read as `basin attractors` reads them; several
//! conditions give several sections (text), an array (JSON) or rows under one header (CSV).

use super::args::{ModelArgs, OutputFormat, PhenotypeArgs, parse_duration, parse_size};
use super::engine;
use super::{load_model, write_output};
use basin::Error;
use basin::cancel::Cancel;
use basin::condition::DefaultConditions;
use basin::network::{Network, VarId};
use basin::perturb::{parse_inputs, parse_perturbations};
use basin::trapspace::{Selection, TrapConfig, TrapSpaces, trap_spaces};
use basin::{Count, report::text::grouped};
use clap::Args;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// One run: the condition's name (if any) and the values it fixes.
type Run = (Option<String>, Vec<(VarId, bool)>);

#[derive(Debug, Args)]
pub(crate) struct TrapspacesArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// Minimal trap spaces (the default): the attractors of the most permissive semantics.
    #[arg(long, conflicts_with_all = ["max", "all"])]
    pub(crate) min: bool,
    /// Maximal trap spaces (the whole space left out).
    #[arg(long, conflicts_with = "all")]
    pub(crate) max: bool,
    /// Every trap space.
    #[arg(long)]
    pub(crate) all: bool,
    /// Fix an input (a node with rule `X, X`); repeatable. As in a named condition, the inputs
    /// not named are 0 (without --input, --condition or --all-conditions every input is free).
    #[arg(long = "input", value_name = "NAME=0|1")]
    pub(crate) inputs: Vec<String>,
    /// Knock out (=0) or overexpress (=1) a node: its rule is replaced by the constant; repeatable.
    #[arg(long = "perturb", value_name = "NAME=0|1")]
    pub(crate) perturb: Vec<String>,
    #[command(flatten)]
    pub(crate) phenotype: PhenotypeArgs,
    /// List at most N trap spaces (the first in pattern order, * < 0 < 1); the count is exact
    /// (unless --no-count).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub(crate) limit: usize,
    /// Minimal trap spaces: stop once --limit are found instead of counting them all (as
    /// mpbn's limit; for models with too many to count). The count is then a lower bound.
    #[arg(long, conflicts_with_all = ["max", "all"])]
    pub(crate) no_count: bool,
    /// Skip the univocal and complete checks of minimal trap spaces.
    #[arg(long)]
    pub(crate) no_checks: bool,
    /// Most time the univocal and complete checks may take together (e.g. 10s, 5m); the
    /// ones not done by then are reported unknown. Default: 10s.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub(crate) check_time: Option<std::time::Duration>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Most memory the BDDs may use, e.g. 8G or 512M; default: 80% of physical memory.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_memory: Option<u64>,
    /// Stop after this long (e.g. 30s, 10m) with exit code 2, writing nothing.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub(crate) timeout: Option<std::time::Duration>,
}

pub(crate) fn run(args: &TrapspacesArgs) -> Result<ExitCode, Error> {
    super::timed_out_as_error(args.timeout, || trapspaces(args))
}

fn trapspaces(args: &TrapspacesArgs) -> Result<ExitCode, Error> {
    let model = load_model(&args.model)?;
    let net = &model.network;
    let inputs = parse_inputs(net, &args.inputs).map_err(|e| e.in_context("--input"))?;
    let perturbations: Vec<(VarId, bool)> = parse_perturbations(net, &args.perturb)
        .map_err(|e| e.in_context("--perturb"))?
        .into_iter()
        .map(|p| (p.var, p.value))
        .collect();
    let conditions =
        engine::select_conditions(&args.phenotype, net, &inputs, DefaultConditions::FreeInputs)?;
    let runs: Vec<Run> = match &conditions {
        None => vec![(None, inputs.clone())],
        Some(list) => list
            .iter()
            .map(|c| (Some(c.name.clone()), c.fixed().to_vec()))
            .collect(),
    };
    let selection = if args.max {
        Selection::Maximal
    } else if args.all {
        Selection::All
    } else {
        Selection::Minimal
    };
    let config = TrapConfig {
        max_memory: args.max_memory,
        limit: Some(args.limit),
        checks: selection == Selection::Minimal && !args.no_checks,
        exact_count: !args.no_count,
        check_time: args.check_time.or(TrapConfig::default().check_time),
        cancel: Cancel::new().with_timeout(args.timeout),
        ..TrapConfig::default()
    };
    let mut results = Vec::with_capacity(runs.len());
    for (name, fixed) in &runs {
        let mut fixed = fixed.clone();
        for &(v, b) in &perturbations {
            fixed.retain(|(x, _)| *x != v);
            fixed.push((v, b));
        }
        let what = match name {
            Some(n) => format!("{selection} trap spaces under {n}"),
            None => format!("{selection} trap spaces"),
        };
        let found = super::with_spinner(&what, || trap_spaces(net, &fixed, selection, &config))?;
        results.push((name.clone(), found));
    }
    let model_name = args.model.model.display().to_string();
    let rendered = match args.format {
        OutputFormat::Text => results
            .iter()
            .map(|(name, found)| text(&model_name, name.as_deref(), net, found, config.checks))
            .collect::<Vec<_>>()
            .join("\n"),
        OutputFormat::Json => {
            let mut values: Vec<Value> = results
                .iter()
                .map(|(name, found)| to_json(&model_name, name.as_deref(), net, found))
                .collect();
            let value = if values.len() == 1 {
                values.remove(0)
            } else {
                Value::Array(values)
            };
            serde_json::to_string_pretty(&value).expect("JSON values always serialise") + "\n"
        }
        OutputFormat::Csv => {
            let mut out = String::from("condition,pattern,free,univocal\n");
            for (name, found) in &results {
                for s in &found.spaces {
                    let _ = writeln!(
                        out,
                        "{},{},{},{}",
                        name.as_deref().unwrap_or(""),
                        s.pattern,
                        s.free,
                        s.univocal.map_or("", |u| if u { "true" } else { "false" })
                    );
                }
            }
            out
        }
    };
    write_output(args.output.as_deref(), &rendered)?;
    Ok(ExitCode::SUCCESS)
}

fn fixed_words(net: &Network, found: &TrapSpaces) -> String {
    if found.fixed.is_empty() {
        return "none".into();
    }
    found
        .fixed
        .iter()
        .map(|&(v, b)| format!("{}={}", net.name(v), u8::from(b)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn yes_no(x: Option<bool>) -> &'static str {
    match x {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

fn text(
    model: &str,
    condition: Option<&str>,
    net: &Network,
    found: &TrapSpaces,
    checked: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "model        {model}");
    let _ = writeln!(out, "trap spaces  {}", found.selection);
    let _ = writeln!(
        out,
        "variables    {} (pattern columns in this order: {})",
        found.variables.len(),
        found.variables.join(" ")
    );
    if let Some(c) = condition {
        let _ = writeln!(out, "condition    {c}");
    }
    let _ = writeln!(out, "fixed        {}", fixed_words(net, found));
    let listed = found.spaces.len();
    let _ = writeln!(
        out,
        "found        {}{}{}",
        if found.count_exact { "" } else { "at least " },
        grouped(&found.count),
        if found.is_listed() {
            String::new()
        } else if !found.count_exact {
            " (the first found, not counted further: --no-count)".to_string()
        } else {
            format!(" (the first {listed} listed; raise --limit for more)")
        }
    );
    if found.selection == Selection::Minimal && checked {
        let _ = writeln!(
            out,
            "complete     {} (every asynchronous attractor lies in a minimal trap space)",
            yes_no(found.complete)
        );
        if found.complete.is_none() || found.spaces.iter().any(|s| s.univocal.is_none()) {
            let _ = writeln!(
                out,
                "unknown      a check not affordable within the memory limit or --check-time"
            );
        }
    }
    if listed == 0 {
        return out;
    }
    out.push('\n');
    let width = listed.to_string().len().max(1);
    let univocal = found.selection == Selection::Minimal && checked;
    let _ = writeln!(
        out,
        "  {:>width$}  free  {}pattern",
        "#",
        if univocal { "univocal  " } else { "" }
    );
    for (i, s) in found.spaces.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>width$}  {:>4}  {}{}",
            i + 1,
            s.free,
            if univocal {
                format!("{:<8}  ", yes_no(s.univocal))
            } else {
                String::new()
            },
            s.pattern
        );
    }
    out
}

fn to_json(model: &str, condition: Option<&str>, net: &Network, found: &TrapSpaces) -> Value {
    let fixed: serde_json::Map<String, Value> = found
        .fixed
        .iter()
        .map(|&(v, b)| (net.name(v).to_string(), json!(u8::from(b))))
        .collect();
    let spaces: Vec<Value> = found
        .spaces
        .iter()
        .map(|s| {
            json!({
                "pattern": s.pattern.to_string(),
                "free": s.free,
                "univocal": s.univocal,
            })
        })
        .collect();
    json!({
        "model": model,
        "selection": found.selection.as_str(),
        "condition": condition,
        "variables": found.variables,
        "fixed": fixed,
        "count": serde_json::to_value(Count::from(found.count.clone()))
            .expect("a count always serialises"),
        "count_exact": found.count_exact,
        "listed": found.spaces.len(),
        "complete": found.complete,
        "trap_spaces": spaces,
    })
}
