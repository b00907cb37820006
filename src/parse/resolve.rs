//! Phase two of reading a model: names become `VarId`s. Targets are numbered in the order their
//! rules appear; a target defined twice, a name used but never defined, or (AEON) a variable
//! declared without a function is an error, unless free inputs are allowed, in which case
//! undefined names become inputs (`X, X`) appended after the defined variables and are reported.

use super::syntax::NameTable;
use super::{DeclaredRegulation, InitialValue, Model, ParseOptions, Warning};
use crate::error::{Hint, ParseError, ParseErrorKind, Remedy, Span, closest};
use crate::expr::Expr;
use crate::network::{Network, VarId};

/// A rule whose variables are still indices into the file's name table.
#[derive(Debug)]
pub(crate) struct RawRule {
    pub(crate) target: u32,
    pub(crate) target_span: Span,
    pub(crate) expr: Expr,
}

/// A regulation line of an AEON file, before resolution.
#[derive(Debug)]
pub(crate) struct RawRegulation {
    pub(crate) regulator: u32,
    pub(crate) target: u32,
    pub(crate) sign: Option<bool>,
    pub(crate) observable: bool,
    pub(crate) span: Span,
}

/// Everything a reader found in a file, before names are resolved.
#[derive(Debug, Default)]
pub(crate) struct RawModel {
    pub(crate) names: NameTable,
    pub(crate) rules: Vec<RawRule>,
    /// Variables declared without a function (AEON regulation lines), in order of appearance.
    pub(crate) declared: Vec<u32>,
    pub(crate) regulations: Vec<RawRegulation>,
    pub(crate) initial_values: Vec<(u32, InitialValue, Span)>,
    pub(crate) warnings: Vec<Warning>,
}

/// Resolves names to ids and builds the `Model`.
pub(crate) fn resolve(raw: RawModel, options: &ParseOptions) -> Result<Model, ParseError> {
    let RawModel {
        names,
        rules,
        declared,
        regulations,
        initial_values,
        mut warnings,
    } = raw;
    if rules.is_empty() && declared.is_empty() {
        return Err(ParseError::whole_file(ParseErrorKind::EmptyFile)
            .with_hint("a model needs at least one rule"));
    }
    // name index -> variable index
    let mut var_of: Vec<Option<usize>> = vec![None; names.names.len()];
    let mut defined_at: Vec<Option<Span>> = vec![None; names.names.len()];
    let mut order: Vec<u32> = Vec::new();
    for rule in &rules {
        let t = rule.target as usize;
        if let Some(first) = defined_at[t] {
            return Err(ParseError::new(
                ParseErrorKind::DuplicateTarget {
                    name: names.names[t].clone(),
                    first_line: first.line,
                },
                rule.target_span,
            )
            .with_hint(
                "each variable has exactly one rule; combine the two functions with '|' or '&'",
            ));
        }
        defined_at[t] = Some(rule.target_span);
        var_of[t] = Some(order.len());
        order.push(rule.target);
    }
    let mut free_inputs = Vec::new();
    // AEON variables declared by regulations alone.
    for &d in &declared {
        if var_of[d as usize].is_some() {
            continue;
        }
        if !options.free_inputs {
            let name = &names.names[d as usize];
            return Err(ParseError::new(
                ParseErrorKind::MissingFunction(name.clone()),
                names.first_use[d as usize],
            )
            .with_hint(Hint::with_remedy(
                format!("add '${name}: {name}' to make it an input, or "),
                Remedy::AllowFreeInputs,
                "",
            )));
        }
        var_of[d as usize] = Some(order.len());
        free_inputs.push(VarId::new(order.len()));
        order.push(d);
    }
    // Names used in functions but never defined, in order of first use.
    let defined_names: Vec<&str> = order
        .iter()
        .map(|&i| names.names[i as usize].as_str())
        .collect();
    let mut used = vec![false; names.names.len()];
    for rule in &rules {
        for n in rule.expr.support() {
            used[n.index()] = true;
        }
    }
    for (i, name) in names.names.iter().enumerate() {
        // Names only met in initial values or regulations are handled below.
        if var_of[i].is_some() || !used[i] {
            continue;
        }
        if !options.free_inputs {
            let e = ParseError::new(
                ParseErrorKind::UndefinedVariable(name.clone()),
                names.first_use[i],
            );
            let hint = match closest(name, defined_names.iter().copied()) {
                Some(c) => Hint::with_remedy(
                    format!("did you mean '{c}'? (or "),
                    Remedy::AllowFreeInputs,
                    format!(" to make '{name}' an input)"),
                ),
                None => Hint::with_remedy(
                    format!("give '{name}' a rule, or "),
                    Remedy::AllowFreeInputs,
                    " to make it an input",
                ),
            };
            return Err(e.with_hint(hint));
        }
        var_of[i] = Some(order.len());
        free_inputs.push(VarId::new(order.len()));
        order.push(i as u32);
    }
    let mut functions: Vec<Option<Expr>> = vec![None; order.len()];
    for rule in rules {
        let v = var_of[rule.target as usize].expect("target resolved");
        functions[v] = Some(
            rule.expr
                .map_vars(|n| VarId::new(var_of[n.index()].expect("name resolved"))),
        );
    }
    let variables: Vec<(String, Expr)> = order
        .iter()
        .enumerate()
        .map(|(v, &n)| {
            let f = functions[v]
                .take()
                .unwrap_or_else(|| Expr::var(VarId::new(v)));
            (names.names[n as usize].clone(), f)
        })
        .collect();
    let network = Network::new(variables)
        .map_err(|e| ParseError::whole_file(ParseErrorKind::Invalid(e.to_string())))?;
    if !free_inputs.is_empty() {
        let list: Vec<&str> = free_inputs.iter().map(|&v| network.name(v)).collect();
        warnings.push(Warning {
            span: None,
            message: format!(
                "{} undefined name(s) made inputs (free inputs allowed): {}",
                list.len(),
                list.join(", ")
            ),
        });
    }
    let initial_values = initial_values
        .into_iter()
        .filter_map(|(n, value, span)| match var_of[n as usize] {
            Some(v) => Some((VarId::new(v), value)),
            None => {
                warnings.push(Warning {
                    span: Some(span),
                    message: format!(
                        "initial value for '{}', which has no rule; ignored",
                        names.names[n as usize]
                    ),
                });
                None
            }
        })
        .collect();
    let regulations = regulations
        .into_iter()
        .filter_map(|r| {
            Some(DeclaredRegulation {
                regulator: VarId::new(var_of[r.regulator as usize]?),
                target: VarId::new(var_of[r.target as usize]?),
                sign: r.sign,
                observable: r.observable,
                line: r.span.line,
            })
        })
        .collect();
    Ok(Model {
        network,
        free_inputs,
        initial_values,
        regulations,
        warnings,
        format: options.format,
        labels: Vec::new(),
    })
}
