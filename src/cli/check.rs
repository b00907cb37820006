//! `basin check`: parse, lint and summarise a model (text or JSON). The reader's warnings are part
//! of the report here, so they go to stdout with the rest instead of to stderr.

use super::args::{CheckArgs, OutputFormat};
use super::print_stdout;
use basin::analysis::Sign;
use basin::lint::{LintOptions, Report, check};
use basin::network::Network;
use basin::parse::{Format, InitialValue, Model, read_model};
use basin::{Error, VarId};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode, Error> {
    let m = &args.model;
    let model = read_model(&m.model, m.from.map(Format::from), m.free_inputs)?;
    let report = check(&model, &LintOptions::default());
    let path = m.model.display().to_string();
    let text = match args.format {
        OutputFormat::Json => {
            serde_json::to_string_pretty(&to_json(&path, &model, &report)).expect("json") + "\n"
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

fn initial(value: InitialValue) -> &'static str {
    match value {
        InitialValue::On => "True",
        InitialValue::Off => "False",
        InitialValue::Random => "Random",
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
            .map(|&(v, x)| format!("{}={}", net.name(v), initial(x)))
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

fn sign_name(sign: Option<Sign>) -> Option<&'static str> {
    sign.map(|sign| match sign {
        Sign::Activating => "activating",
        Sign::Inhibiting => "inhibiting",
        Sign::Dual => "dual",
        Sign::NonEssential => "non_essential",
    })
}

/// A JSON object whose keys keep the order given (variable order, not alphabetical).
struct Ordered<T>(Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// `basin check --format json`, fields in reading order.
#[derive(Serialize)]
struct CheckJson<'a> {
    basin_json_version: u32,
    model: &'a str,
    format: String,
    variables: &'a [String],
    inputs: Vec<String>,
    free_inputs: Vec<String>,
    constants: Ordered<u8>,
    outputs: Vec<String>,
    max_in_degree: MaxInDegree,
    regulations: Regulations,
    self_loops: Vec<SelfLoop<'a>>,
    initial_values: Ordered<&'static str>,
    warnings: Vec<WarningJson<'a>>,
}

#[derive(Serialize)]
struct MaxInDegree {
    value: usize,
    variables: Vec<String>,
}

#[derive(Serialize)]
struct Regulations {
    total: usize,
    activating: usize,
    inhibiting: usize,
    dual: usize,
    non_essential: usize,
    not_analysed: usize,
}

#[derive(Serialize)]
struct SelfLoop<'a> {
    variable: &'a str,
    /// `null` when the function was not analysed.
    sign: Option<&'static str>,
}

#[derive(Serialize)]
struct WarningJson<'a> {
    kind: &'static str,
    message: &'a str,
    line: Option<usize>,
}

fn to_json<'a>(path: &'a str, model: &'a Model, report: &'a Report) -> CheckJson<'a> {
    let net = &model.network;
    let s = &report.summary;
    let r = &s.regulations;
    CheckJson {
        basin_json_version: 1,
        model: path,
        format: model.format.to_string(),
        variables: net.names(),
        inputs: names(net, &s.inputs),
        free_inputs: names(net, &s.free_inputs),
        constants: Ordered(
            s.constants
                .iter()
                .map(|&(v, c)| (net.name(v).to_string(), u8::from(c)))
                .collect(),
        ),
        outputs: names(net, &s.outputs),
        max_in_degree: MaxInDegree {
            value: s.max_in_degree,
            variables: names(net, &s.max_in_degree_vars),
        },
        regulations: Regulations {
            total: r.total,
            activating: r.activating,
            inhibiting: r.inhibiting,
            dual: r.dual,
            non_essential: r.non_essential,
            not_analysed: r.not_analysed,
        },
        self_loops: s
            .self_loops
            .iter()
            .map(|&(v, sign)| SelfLoop {
                variable: net.name(v),
                sign: sign_name(sign),
            })
            .collect(),
        initial_values: Ordered(
            s.initial_values
                .iter()
                .map(|&(v, x)| (net.name(v).to_string(), initial(x)))
                .collect(),
        ),
        warnings: report
            .lints
            .iter()
            .map(|l| WarningJson {
                kind: l.kind.code(),
                message: &l.message,
                line: l.span.filter(|s| s.line > 0).map(|s| s.line),
            })
            .collect(),
    }
}
