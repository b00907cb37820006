//! `basin check`: parse, lint and summarise a model (text or JSON). The reader's warnings are part
//! of the report here, so they go to stdout with the rest instead of to stderr.

use super::args::{CheckArgs, OutputFormat};
use super::print_stdout;
use basin::lint::{LintOptions, Report, check};
use basin::network::Network;
use basin::parse::{Format, Model, read_model};
use basin::report::check::{CheckReport, initial_value_name};
use basin::{Error, VarId};
use std::fmt::Write as _;
use std::process::ExitCode;

pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode, Error> {
    let m = &args.model;
    let model = read_model(&m.model, m.from.map(Format::from), m.free_inputs)?;
    let report = check(&model, &LintOptions::default());
    let path = m.model.display().to_string();
    let text = match args.format {
        OutputFormat::Json => {
            serde_json::to_string_pretty(&CheckReport::new(&path, &model, &report)).expect("json")
                + "\n"
        }
        OutputFormat::Text => to_text(&path, &model, &report),
        OutputFormat::Csv => {
            return Err(Error::Invalid(
                "basin check writes text or json, not csv".into(),
            ));
        }
    };
    print_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn names(net: &Network, vars: &[VarId]) -> Vec<String> {
    vars.iter().map(|&v| net.name(v).to_string()).collect()
}

/// `n (A, B, C)`, or `0`; long lists are cut after 12 names.
fn counted(list: &[String]) -> String {
    const SHOWN: usize = 12;
    match list.len() {
        0 => "0".into(),
        n if n <= SHOWN => format!("{n} ({})", list.join(", ")),
        n => format!("{n} ({}, … {} more)", list[..SHOWN].join(", "), n - SHOWN),
    }
}

fn to_text(path: &str, model: &Model, report: &Report) -> String {
    let net = &model.network;
    let s = &report.summary;
    let r = &s.regulations;
    let mut out = String::new();
    let _ = writeln!(out, "model: {path} ({})", model.format);
    let _ = writeln!(out, "variables: {}", s.num_vars);
    let mut inputs = counted(&names(net, &s.inputs));
    if !s.free_inputs.is_empty() {
        let _ = write!(inputs, "; {} made by --free-inputs", s.free_inputs.len());
    }
    let _ = writeln!(out, "inputs: {inputs}");
    // Input classes (combinations that give every other node the same rule), where every
    // combination can be enumerated.
    if !s.inputs.is_empty()
        && let Ok(all) = basin::condition::all_conditions(net)
    {
        let classes = basin::condition::input_classes(net, &all).len();
        let _ = writeln!(
            out,
            "input classes: {classes} of {} combinations (--all-conditions --input-classes)",
            all.len()
        );
    }
    let constants: Vec<String> = s
        .constants
        .iter()
        .map(|&(v, c)| format!("{}={}", net.name(v), u8::from(c)))
        .collect();
    let _ = writeln!(out, "constants: {}", counted(&constants));
    let _ = writeln!(
        out,
        "outputs (read by no other variable): {}",
        counted(&names(net, &s.outputs))
    );
    if s.max_in_degree > 0 {
        let _ = writeln!(
            out,
            "max in-degree: {} ({})",
            s.max_in_degree,
            names(net, &s.max_in_degree_vars).join(", ")
        );
    } else {
        let _ = writeln!(out, "max in-degree: 0");
    }
    let _ = write!(
        out,
        "regulations: {} ({} activating, {} inhibiting, {} dual, {} non-essential",
        r.total, r.activating, r.inhibiting, r.dual, r.non_essential
    );
    if r.not_analysed > 0 {
        let _ = write!(out, ", {} not analysed", r.not_analysed);
    }
    let _ = writeln!(out, ")");
    let loops: Vec<String> = s
        .self_loops
        .iter()
        .map(|&(v, sign)| match sign {
            Some(sign) => format!("{} {sign}", net.name(v)),
            None => format!("{} not analysed", net.name(v)),
        })
        .collect();
    let _ = writeln!(out, "self-loops: {}", counted(&loops));
    if !s.initial_values.is_empty() {
        let values: Vec<String> = s
            .initial_values
            .iter()
            .map(|&(v, x)| format!("{}={}", net.name(v), initial_value_name(x)))
            .collect();
        let _ = writeln!(
            out,
            "initial values (read, not used: every state is explored): {}",
            counted(&values)
        );
    }
    if report.lints.is_empty() {
        let _ = writeln!(out, "warnings: none");
    } else {
        let _ = writeln!(out, "warnings: {}", report.lints.len());
        for lint in &report.lints {
            let _ = writeln!(out, "  {lint}");
        }
    }
    out
}
