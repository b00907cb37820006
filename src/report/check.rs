//! The JSON report of a model's lint summary (`basin check --format json`, and the Python
//! package's `Model.check()`): the reader's summary and warnings, fields in reading order.

use crate::analysis::Sign;
use crate::lint::Report;
use crate::network::{Network, VarId};
use crate::parse::{InitialValue, Model};
use serde::Serialize;

/// A JSON object whose keys keep the order given (variable order, not alphabetical).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// The lint report of one model, as `basin check --format json` writes it.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    /// Always [`super::JSON_VERSION`].
    pub basin_json_version: u32,
    /// The model as the user named it.
    pub model: String,
    /// The format it was read from.
    pub format: String,
    /// Variable names in file order.
    pub variables: Vec<String>,
    /// Inputs (`X, X`).
    pub inputs: Vec<String>,
    /// Inputs made from undefined names by the free-inputs option.
    pub free_inputs: Vec<String>,
    /// Constant variables and their values.
    pub constants: Ordered<u8>,
    /// Variables read by no other variable.
    pub outputs: Vec<String>,
    /// The largest in-degree and the variables that have it.
    pub max_in_degree: MaxInDegree,
    /// Regulations by sign.
    pub regulations: Regulations,
    /// Variables that regulate themselves, with the sign.
    pub self_loops: Vec<SelfLoop>,
    /// BooleanNet initial values (`True`, `False`, `Random`).
    pub initial_values: Ordered<&'static str>,
    /// The lints.
    pub warnings: Vec<WarningReport>,
}

/// The largest in-degree.
#[derive(Clone, Debug, Serialize)]
pub struct MaxInDegree {
    /// The in-degree.
    pub value: usize,
    /// The variables that have it.
    pub variables: Vec<String>,
}

/// Regulations counted by sign.
#[derive(Clone, Debug, Serialize)]
pub struct Regulations {
    /// All regulations.
    pub total: usize,
    /// Activating.
    pub activating: usize,
    /// Inhibiting.
    pub inhibiting: usize,
    /// Both, depending on the other regulators.
    pub dual: usize,
    /// Written but without effect.
    pub non_essential: usize,
    /// Functions too large to analyse.
    pub not_analysed: usize,
}

/// A self-regulation.
#[derive(Clone, Debug, Serialize)]
pub struct SelfLoop {
    /// The variable.
    pub variable: String,
    /// `activating`, `inhibiting`, `dual` or `non_essential`; `null` when the function was not
    /// analysed.
    pub sign: Option<&'static str>,
}

/// One lint.
#[derive(Clone, Debug, Serialize)]
pub struct WarningReport {
    /// The lint's code.
    pub kind: &'static str,
    /// The message.
    pub message: String,
    /// The line it concerns, if one.
    pub line: Option<usize>,
}

/// A BooleanNet initial value as the file writes it.
pub fn initial_value_name(value: InitialValue) -> &'static str {
    match value {
        InitialValue::On => "True",
        InitialValue::Off => "False",
        InitialValue::Random => "Random",
    }
}

fn sign_name(sign: Option<Sign>) -> Option<&'static str> {
    sign.map(|sign| match sign {
        Sign::Activating => "activating",
        Sign::Inhibiting => "inhibiting",
        Sign::Dual => "dual",
        Sign::NonEssential => "non_essential",
    })
}

fn names(net: &Network, vars: &[VarId]) -> Vec<String> {
    vars.iter().map(|&v| net.name(v).to_string()).collect()
}

impl CheckReport {
    /// The report of `model` (named `path`) and its lint `report`.
    pub fn new(path: &str, model: &Model, report: &Report) -> CheckReport {
        let net = &model.network;
        let s = &report.summary;
        let r = &s.regulations;
        CheckReport {
            basin_json_version: super::JSON_VERSION,
            model: path.to_string(),
            format: model.format.to_string(),
            variables: net.names().to_vec(),
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
                    variable: net.name(v).to_string(),
                    sign: sign_name(sign),
                })
                .collect(),
            initial_values: Ordered(
                s.initial_values
                    .iter()
                    .map(|&(v, x)| (net.name(v).to_string(), initial_value_name(x)))
                    .collect(),
            ),
            warnings: report
                .lints
                .iter()
                .map(|l| WarningReport {
                    kind: l.kind.code(),
                    message: l.message.clone(),
                    line: l.span.filter(|s| s.line > 0).map(|s| s.line),
                })
                .collect(),
        }
    }
}
