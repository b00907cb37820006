//! Lint and summary of a model (what `basin check` prints): counts of variables, inputs,
//! constants and outputs, the largest in-degree, regulations by sign and self-loops, plus
//! warnings about things that are legal but often mistakes.
//!
//! Signs come from the functions themselves (BDDs, [`crate::analysis`]), never from declarations.
//! The BDD work on each function is bounded ([`LintOptions::bdd_node_limit`]): a function whose
//! BDD would exceed the limit is reported as not analysed instead of making the check hang or
//! run out of memory. Every sign that is reported is exact.
//!
//! Near-duplicate names are names equal up to case and the separators `_`, `-` and `.`
//! (`HapX`/`hapX`, `IL_6`/`IL6`). Plain edit distance 1 is deliberately not used: across the
//! published corpus it pairs some 5 000 distinct molecules (`MKK3`/`MKK6`, `CycA`/`CycB`,
//! `EGF`/`EGFR`), which would bury the real typos. A name typed wrongly in a rule is already an
//! error with a "did you mean" hint.

use crate::analysis::{
    DEFAULT_BDD_NODE_LIMIT, Sign, regulation_signs_with_limit, try_bdd_variables,
};
use crate::error::Span;
use crate::network::{VarId, VarKind};
use crate::parse::{InitialValue, Model};
use std::collections::HashMap;
use std::fmt;

/// Settings of [`check`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LintOptions {
    /// Largest BDD, in nodes, built to analyse one function; larger functions are reported as
    /// not analysed ([`LintKind::NotAnalysed`]).
    pub bdd_node_limit: usize,
}

impl Default for LintOptions {
    fn default() -> LintOptions {
        LintOptions {
            bdd_node_limit: DEFAULT_BDD_NODE_LIMIT,
        }
    }
}

/// Regulations counted by the sign their function gives them. Input identity rules (`X, X`)
/// declare an input and are not counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegulationCounts {
    /// All regulations: pairs (regulator, target) where the target's function mentions the
    /// regulator.
    pub total: usize,
    /// Raising the regulator can raise the target's function and never lowers it.
    pub activating: usize,
    /// Raising the regulator can lower the target's function and never raises it.
    pub inhibiting: usize,
    /// Both, depending on the state.
    pub dual: usize,
    /// Mentioned, but without effect on the function.
    pub non_essential: usize,
    /// In functions too large to analyse within the limit.
    pub not_analysed: usize,
}

/// What a model holds, in numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Number of variables.
    pub num_vars: usize,
    /// Inputs (`X, X`), in order.
    pub inputs: Vec<VarId>,
    /// The inputs that were undefined names made inputs by the free-inputs option.
    pub free_inputs: Vec<VarId>,
    /// Constants (`X, 0|1`) and their values.
    pub constants: Vec<(VarId, bool)>,
    /// Variables that are neither inputs nor constants and that no other variable reads.
    pub outputs: Vec<VarId>,
    /// The largest number of regulators of one function (input identity rules excluded).
    pub max_in_degree: usize,
    /// The variables whose functions have `max_in_degree` regulators (empty when it is 0).
    pub max_in_degree_vars: Vec<VarId>,
    /// Regulations by sign.
    pub regulations: RegulationCounts,
    /// Variables (not inputs) whose function mentions themselves, with the sign of that
    /// self-regulation (`None` when the function was not analysed).
    pub self_loops: Vec<(VarId, Option<Sign>)>,
    /// BooleanNet initial values as read (they change no result: analyses explore every state).
    pub initial_values: Vec<(VarId, InitialValue)>,
}

/// The kind of a lint warning.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LintKind {
    /// Two names equal up to case and separators.
    NearDuplicateNames {
        /// The name that comes first.
        first: VarId,
        /// The other.
        second: VarId,
        /// Whether they differ only in case (not in separators).
        case_only: bool,
    },
    /// A function mentions a regulator it does not depend on.
    NonEssentialRegulator {
        /// The variable whose function it is.
        target: VarId,
        /// The regulator without effect.
        regulator: VarId,
    },
    /// An input or constant that no other variable reads.
    Unread(VarId),
    /// A function whose BDD exceeds the node limit; its regulations have no sign.
    NotAnalysed {
        /// The variable whose function it is.
        target: VarId,
        /// The node limit.
        limit: usize,
    },
    /// A warning from the reader (free inputs made, declared AEON signs that disagree with the
    /// functions, ignored BooleanNet ranks, ...).
    Reader,
}

impl LintKind {
    /// A stable snake-case name for machine-readable output.
    pub fn code(&self) -> &'static str {
        match self {
            LintKind::NearDuplicateNames { .. } => "near_duplicate_names",
            LintKind::NonEssentialRegulator { .. } => "non_essential_regulator",
            LintKind::Unread(_) => "unread",
            LintKind::NotAnalysed { .. } => "not_analysed",
            LintKind::Reader => "reader",
        }
    }
}

/// One warning: its kind, a message naming the variables, and a position when it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lint {
    /// What kind of problem.
    pub kind: LintKind,
    /// The message, lower-case, naming the variables involved.
    pub message: String,
    /// Where in the file, when the problem concerns one place.
    pub span: Option<Span>,
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            Some(s) if s.line > 0 => write!(f, "line {}: {}", s.line, self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// The result of [`check`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The numbers.
    pub summary: Summary,
    /// The warnings: the reader's first, then the lints in a fixed order (names, unread
    /// variables, functions by variable order).
    pub lints: Vec<Lint>,
}

/// Summarises and lints `model`.
///
/// # Complexity
/// Linear in the size of the functions, plus one bounded BDD analysis per function (at most
/// about `100 * bdd_node_limit` BDD node visits each, plus 32 per node of the expression).
///
/// # Examples
/// ```
/// use basin::lint::{check, LintOptions};
/// use basin::parse::{parse_str, Format, ParseOptions};
/// let model = parse_str("A, A\nB, A & !B\nC, B | (B & A)\n", &ParseOptions::new(Format::Bnet))?;
/// let report = check(&model, &LintOptions::default());
/// assert_eq!(report.summary.regulations.total, 4);
/// assert_eq!(report.summary.regulations.non_essential, 1); // C does not depend on A
/// assert_eq!(report.summary.outputs.len(), 1);
/// # Ok::<(), basin::ParseError>(())
/// ```
pub fn check(model: &Model, options: &LintOptions) -> Report {
    let net = &model.network;
    let mut lints: Vec<Lint> = model
        .warnings
        .iter()
        .map(|w| Lint {
            kind: LintKind::Reader,
            message: w.message.clone(),
            span: w.span,
        })
        .collect();

    // Near-duplicate names: equal after lower-casing and dropping separators.
    let mut groups: HashMap<String, Vec<VarId>> = HashMap::new();
    for v in net.vars() {
        let key: String = net
            .name(v)
            .chars()
            .filter(|c| !matches!(c, '_' | '-' | '.'))
            .flat_map(char::to_lowercase)
            .collect();
        groups.entry(key).or_default().push(v);
    }
    let mut pairs: Vec<(VarId, VarId)> = groups
        .values()
        .filter(|g| g.len() > 1)
        .flat_map(|g| g[1..].iter().map(|&o| (g[0], o)))
        .collect();
    pairs.sort_unstable();
    for (first, second) in pairs {
        let (a, b) = (net.name(first), net.name(second));
        let case_only = a.to_lowercase() == b.to_lowercase();
        let how = if case_only {
            "only in case"
        } else {
            "only in case or separators"
        };
        lints.push(Lint {
            kind: LintKind::NearDuplicateNames {
                first,
                second,
                case_only,
            },
            message: format!("names '{a}' and '{b}' differ {how}; are they the same variable?"),
            span: None,
        });
    }

    // Who reads whom (self-reads excluded).
    let mut read_by_others = vec![false; net.num_vars()];
    for v in net.vars() {
        for r in net.regulators(v) {
            if r != v {
                read_by_others[r.index()] = true;
            }
        }
    }
    let mut outputs = Vec::new();
    for v in net.vars() {
        if read_by_others[v.index()] {
            continue;
        }
        match net.kind(v) {
            VarKind::Internal => outputs.push(v),
            VarKind::Input => lints.push(Lint {
                kind: LintKind::Unread(v),
                message: format!("input {} is read by no other variable", net.name(v)),
                span: None,
            }),
            VarKind::Constant(c) => lints.push(Lint {
                kind: LintKind::Unread(v),
                message: format!(
                    "constant {} = {} is read by no other variable",
                    net.name(v),
                    u8::from(c)
                ),
                span: None,
            }),
        }
    }

    // Regulations, signs, self-loops.
    let vars = try_bdd_variables(net.num_vars());
    let mut counts = RegulationCounts::default();
    let mut self_loops = Vec::new();
    let mut max_in_degree = 0;
    let mut max_in_degree_vars = Vec::new();
    for v in net.vars() {
        if net.is_input(v) {
            continue;
        }
        let regulators = net.regulators(v);
        if regulators.is_empty() {
            continue;
        }
        counts.total += regulators.len();
        match regulators.len().cmp(&max_in_degree) {
            std::cmp::Ordering::Greater => {
                max_in_degree = regulators.len();
                max_in_degree_vars = vec![v];
            }
            std::cmp::Ordering::Equal => max_in_degree_vars.push(v),
            std::cmp::Ordering::Less => {}
        }
        let signs = match &vars {
            Some(vars) => regulation_signs_with_limit(net, vars, v, options.bdd_node_limit),
            None => Err(crate::analysis::BddTooLarge {
                limit: options.bdd_node_limit,
            }),
        };
        match signs {
            Ok(signs) => {
                for (r, sign) in signs {
                    match sign {
                        Sign::Activating => counts.activating += 1,
                        Sign::Inhibiting => counts.inhibiting += 1,
                        Sign::Dual => counts.dual += 1,
                        Sign::NonEssential => {
                            counts.non_essential += 1;
                            lints.push(Lint {
                                kind: LintKind::NonEssentialRegulator {
                                    target: v,
                                    regulator: r,
                                },
                                message: format!(
                                    "the function of {} mentions {} but does not depend on it",
                                    net.name(v),
                                    net.name(r)
                                ),
                                span: None,
                            });
                        }
                    }
                    if r == v {
                        self_loops.push((v, Some(sign)));
                    }
                }
            }
            Err(e) => {
                counts.not_analysed += regulators.len();
                if regulators.contains(&v) {
                    self_loops.push((v, None));
                }
                let why = if vars.is_some() {
                    e.to_string()
                } else {
                    "more than 65535 variables".to_string()
                };
                lints.push(Lint {
                    kind: LintKind::NotAnalysed {
                        target: v,
                        limit: e.limit,
                    },
                    message: format!(
                        "the function of {} was not analysed ({why}); its {} regulations have no sign",
                        net.name(v),
                        regulators.len()
                    ),
                    span: None,
                });
            }
        }
    }

    Report {
        summary: Summary {
            num_vars: net.num_vars(),
            inputs: net.inputs(),
            free_inputs: model.free_inputs.clone(),
            constants: net.constants(),
            outputs,
            max_in_degree,
            max_in_degree_vars,
            regulations: counts,
            self_loops,
            initial_values: model.initial_values.clone(),
        },
        lints,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};

    fn report(text: &str, format: Format) -> (Model, Report) {
        let model = parse_str(text, &ParseOptions::new(format).free_inputs(true)).unwrap();
        let r = check(&model, &LintOptions::default());
        (model, r)
    }

    fn names(model: &Model, vars: &[VarId]) -> Vec<String> {
        vars.iter()
            .map(|&v| model.network.name(v).to_string())
            .collect()
    }

    #[test]
    fn summary_counts_roles_signs_and_loops() {
        let (m, r) = report(
            "A, A\nK, 1\nB, A & !C | B\nC, (A & !B) | (!A & B)\nD, C | (C & K)\nE, 0\n",
            Format::Bnet,
        );
        let s = &r.summary;
        assert_eq!(s.num_vars, 6);
        assert_eq!(names(&m, &s.inputs), ["A"]);
        assert_eq!(s.constants.len(), 2);
        assert_eq!(names(&m, &s.outputs), ["D"]);
        assert_eq!(s.max_in_degree, 3);
        assert_eq!(names(&m, &s.max_in_degree_vars), ["B"]);
        // B: A+, C-, B+; C: A dual, B dual; D: C+, K non-essential.
        assert_eq!(
            s.regulations,
            RegulationCounts {
                total: 7,
                activating: 3,
                inhibiting: 1,
                dual: 2,
                non_essential: 1,
                not_analysed: 0
            }
        );
        assert_eq!(s.self_loops.len(), 1);
        assert_eq!(s.self_loops[0].1, Some(Sign::Activating));
        let codes: Vec<&str> = r.lints.iter().map(|l| l.kind.code()).collect();
        assert_eq!(codes, ["unread", "non_essential_regulator"]);
        assert_eq!(
            r.lints[0].message,
            "constant E = 0 is read by no other variable"
        );
        assert_eq!(
            r.lints[1].message,
            "the function of D mentions K but does not depend on it"
        );
    }

    #[test]
    fn near_duplicates_are_case_or_separator_variants_only() {
        let (_, r) = report(
            "HapX, hapX\nhapX, HapX\nIL_6, IL6\nIL6, IL_6 & MKK3\nMKK3, MKK6\nMKK6, MKK3\n",
            Format::Bnet,
        );
        let msgs: Vec<&str> = r
            .lints
            .iter()
            .filter(|l| l.kind.code() == "near_duplicate_names")
            .map(|l| l.message.as_str())
            .collect();
        assert_eq!(
            msgs,
            [
                "names 'HapX' and 'hapX' differ only in case; are they the same variable?",
                "names 'IL_6' and 'IL6' differ only in case or separators; are they the same variable?"
            ]
        );
    }

    #[test]
    fn reader_warnings_come_first() {
        let (_, r) = report("A -> B\n$B: !A\n", Format::Aeon);
        assert_eq!(r.lints[0].kind, LintKind::Reader);
        assert!(
            r.lints
                .iter()
                .any(|l| l.message.contains("declared activating"))
        );
    }

    #[test]
    fn functions_over_the_limit_are_reported_not_analysed() {
        // Inputs declared first, so x_i and x_(i+k) are far apart in the variable order and the
        // BDD needs about 2^k nodes.
        let k = 20;
        let mut text: String = (0..2 * k).map(|i| format!("x{i}, x{i}\n")).collect();
        let clauses: Vec<String> = (0..k).map(|i| format!("(x{} & x{})", i, i + k)).collect();
        text.push_str(&format!("T, {}\n", clauses.join(" | ")));
        let model = parse_str(&text, &ParseOptions::new(Format::Bnet).free_inputs(true)).unwrap();
        let r = check(
            &model,
            &LintOptions {
                bdd_node_limit: 500,
            },
        );
        assert_eq!(r.summary.regulations.not_analysed, 2 * k);
        assert_eq!(r.summary.regulations.total, 2 * k);
        let lint = r
            .lints
            .iter()
            .find(|l| l.kind.code() == "not_analysed")
            .unwrap();
        assert_eq!(
            lint.message,
            "the function of T was not analysed (BDD larger than 500 nodes); its 40 regulations have no sign"
        );
    }
}
