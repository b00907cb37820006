//! Expectations over model variants: the statement × variant table of `basin test` with model
//! variants (whole model files or patch files replacing some rules) and with the single-edit
//! mutants of the model ([`single_edit_mutants`], the edits of [`crate::expr::Edit`]).
//!
//! Every variant is checked against every statement exactly as [`super::check::check`] checks
//! the model itself: the phenotype file and the named conditions are bound to each variant's
//! network, and explorations are shared between the statements of one variant (never between
//! variants: two networks that differ in one rule can differ in every exploration). Variants
//! run in parallel (rayon); the table's order is the order of the variants given, so the result
//! never depends on the number of threads.

use super::Statement;
use super::check::{Context, check};
use crate::condition::ConditionFile;
use crate::engine::Explorer;
use crate::error::{Error, ParseError, ParseErrorKind, Span};
use crate::expr::{Edit, Node};
use crate::network::{Network, VarId};
use crate::parse::parse_expression;
use crate::phenotype::PhenotypeSpec;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A model variant: a network with the same statements to meet.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Its short name (a file stem, or a mutant's name such as `TGFBR:-SMAD7`).
    pub name: String,
    /// What it changes, in words (the replaced rules, or the edit and the new rule).
    pub description: String,
    /// The network.
    pub network: Network,
}

impl Variant {
    /// A variant of `base` from a patch: lines `NAME, rule` (bnet syntax) each replacing the
    /// rule of an existing node; blank lines, `#` comments and a `targets, factors` header are
    /// skipped. A node may be replaced once.
    ///
    /// # Errors
    /// A [`ParseError`] at the offending line: a line without a comma, a name that is not a node
    /// of `base`, a node replaced twice, or a rule that does not parse.
    pub fn from_patch(base: &Network, name: &str, text: &str) -> Result<Variant, ParseError> {
        let mut network = base.clone();
        let mut replaced: Vec<VarId> = Vec::new();
        let mut description = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = |m: String| {
                ParseError::new(ParseErrorKind::Invalid(m), Span::new(i + 1, 1, raw.len()))
                    .attach_source(text)
            };
            let Some((target, rule)) = line.split_once(',') else {
                return Err(at("a patch line is 'NAME, rule'".into()));
            };
            let target = target.trim();
            if target == "targets" && rule.trim() == "factors" {
                continue;
            }
            let Some(var) = base.find(target) else {
                let hint = crate::error::closest(target, base.names().iter().map(String::as_str))
                    .map(|c| format!("; did you mean '{c}'?"))
                    .unwrap_or_default();
                return Err(at(format!("'{target}' is not a node of the model{hint}")));
            };
            if replaced.contains(&var) {
                return Err(at(format!("'{target}' is replaced twice")));
            }
            let function = parse_expression(base, rule.trim()).map_err(|e| at(e.to_string()))?;
            network = network.with_function(var, function);
            replaced.push(var);
            description.push(format!("{target}, {}", rule.trim()));
        }
        if replaced.is_empty() {
            return Err(ParseError::whole_file(ParseErrorKind::Invalid(
                "the patch replaces no rule".into(),
            )));
        }
        Ok(Variant {
            name: name.to_string(),
            description: description.join("; "),
            network,
        })
    }

    /// A variant that is a whole network of its own.
    pub fn whole(name: &str, network: Network) -> Variant {
        Variant {
            name: name.to_string(),
            description: "whole model".to_string(),
            network,
        }
    }
}

/// Every single-edit mutant of `base` (see [`crate::expr::Edit`] for the edits): for each
/// variable in file order that is neither an input (`X, X`) nor a constant, the edits of its
/// rule in [`crate::expr::Expr::single_edits`] order. Inputs are left alone because they are
/// the conditions. Names: `T:-R` (edge R → T deleted), `T:&|k` (the k-th binary operator of T's
/// rule, in arena order, swapped), `T:~R` (a literal of R negated; `#k` for R's k-th literal).
pub fn single_edit_mutants(base: &Network) -> Vec<Variant> {
    let mut out = Vec::new();
    for var in base.vars() {
        let f = base.function(var);
        if base.is_input(var) || f.as_constant().is_some() {
            continue;
        }
        let target = base.name(var);
        let name_of = |v: VarId| base.name(v).to_string();
        let mut operators = 0;
        let mut literals: Vec<(VarId, usize)> = Vec::new();
        let sites = f.literal_sites();
        for edit in f.single_edits() {
            let name = match edit {
                Edit::DeleteEdge { regulator } => format!("{target}:-{}", base.name(regulator)),
                Edit::FlipOperator { node } => {
                    operators += 1;
                    let op = match f.nodes()[node as usize] {
                        Node::And(..) => "&>|",
                        _ => "|>&",
                    };
                    format!("{target}:{op}{operators}")
                }
                Edit::FlipSign { node } => {
                    let (r, _) = f.literal(node).expect("a literal site");
                    let count = sites
                        .iter()
                        .filter(|&&s| f.literal(s).map(|l| l.0) == Some(r))
                        .count();
                    let k = match literals.iter_mut().find(|(v, _)| *v == r) {
                        Some((_, k)) => {
                            *k += 1;
                            *k
                        }
                        None => {
                            literals.push((r, 1));
                            1
                        }
                    };
                    if count > 1 {
                        format!("{target}:~{}#{k}", base.name(r))
                    } else {
                        format!("{target}:~{}", base.name(r))
                    }
                }
            };
            let edited = f.edited(edit);
            let what = match edit {
                Edit::DeleteEdge { regulator } => {
                    format!("delete {} -> {target}", name_of(regulator))
                }
                Edit::FlipOperator { node } => format!(
                    "swap the operator of ({})",
                    f.subexpression(node).to_bnet(name_of)
                ),
                Edit::FlipSign { node } => {
                    format!("negate {}", f.subexpression(node).to_bnet(name_of))
                }
            };
            out.push(Variant {
                name,
                description: format!("{what}: {target}, {}", edited.to_bnet(name_of)),
                network: base.with_function(var, edited),
            });
        }
    }
    out
}

/// One cell of the table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// The statement holds in the variant.
    Pass,
    /// It fails; the first counterexample, in words.
    Fail(String),
    /// It could not be checked in the variant (a node, label or condition it names is missing,
    /// or an exploration was refused); the error, in words.
    Error(String),
}

impl Cell {
    /// Whether the statement holds.
    pub fn passed(&self) -> bool {
        *self == Cell::Pass
    }
}

/// The statement × variant table.
#[derive(Clone, Debug)]
pub struct Table {
    /// The statements' names, in file order.
    pub statements: Vec<String>,
    /// The variants' names and descriptions, in the order given.
    pub variants: Vec<(String, String)>,
    /// `cells[v][s]`: statement `s` in variant `v`.
    pub cells: Vec<Vec<Cell>>,
}

impl Table {
    /// The cell of statement `s` in variant `v`.
    pub fn cell(&self, s: usize, v: usize) -> &Cell {
        &self.cells[v][s]
    }

    /// How many of the variants `range` meet statement `s`.
    pub fn holds_in(&self, s: usize, range: std::ops::Range<usize>) -> usize {
        range.filter(|&v| self.cells[v][s].passed()).count()
    }

    /// The variants of `range` in which statement `s` does not hold, in order.
    pub fn broken_by(&self, s: usize, range: std::ops::Range<usize>) -> Vec<usize> {
        range.filter(|&v| !self.cells[v][s].passed()).collect()
    }
}

/// What every variant is checked against.
pub struct Suite<'a> {
    /// The statements.
    pub statements: &'a [Statement],
    /// The phenotype file (bound to each variant).
    pub phenotypes: Option<&'a PhenotypeSpec>,
    /// The named conditions (bound to each variant).
    pub conditions: Option<&'a ConditionFile>,
    /// How to explore.
    pub explorer: &'a dyn Explorer,
}

fn check_one(suite: &Suite<'_>, variant: &Variant) -> Vec<Cell> {
    let net = &variant.network;
    let all_errors = |e: &Error| vec![Cell::Error(e.to_string()); suite.statements.len()];
    let bound = match suite.phenotypes.map(|s| s.bind(net)).transpose() {
        Ok(b) => b,
        Err(e) => return all_errors(&e),
    };
    let named = match suite.conditions.map(|c| c.bind(net)).transpose() {
        Ok(n) => n.unwrap_or_default(),
        Err(e) => return all_errors(&e),
    };
    let ctx = Context::new(
        net,
        suite.phenotypes.zip(bound.as_ref()),
        &named,
        suite.explorer,
    );
    suite
        .statements
        .iter()
        .map(|s| match check(s, &ctx) {
            Ok(o) if o.passed => Cell::Pass,
            Ok(o) => Cell::Fail(
                o.counterexamples
                    .first()
                    .map(|c| {
                        format!(
                            "condition {}, {}, perturbation {}: {}",
                            c.condition, c.update, c.perturbation, c.detail
                        )
                    })
                    .unwrap_or_default(),
            ),
            Err(e) => Cell::Error(e.to_string()),
        })
        .collect()
}

/// Checks every statement in every variant, in parallel over the variants (on the current rayon
/// pool), calling `progress` with the number of variants finished after each one.
///
/// Errors of a single variant or statement become [`Cell::Error`]s; the table is always
/// complete.
pub fn check_variants(
    suite: &Suite<'_>,
    variants: &[Variant],
    progress: &(dyn Fn(usize) + Sync),
) -> Table {
    let done = AtomicUsize::new(0);
    let cells: Vec<Vec<Cell>> = variants
        .par_iter()
        .map(|v| {
            let row = check_one(suite, v);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            row
        })
        .collect();
    Table {
        statements: suite.statements.iter().map(|s| s.name.clone()).collect(),
        variants: variants
            .iter()
            .map(|v| (v.name.clone(), v.description.clone()))
            .collect(),
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};

    fn net(text: &str) -> Network {
        parse_str(text, &ParseOptions::new(Format::Bnet))
            .unwrap()
            .network
    }

    #[test]
    fn patches_replace_named_rules_and_refuse_unknown_nodes() {
        let base = net("a, a\nb, a & !c\nc, b\n");
        let v = Variant::from_patch(&base, "v", "# comment\nb, a | c\n").unwrap();
        assert_eq!(
            v.network
                .function(VarId::new(1))
                .to_bnet(|x| base.name(x).into()),
            "a | c"
        );
        assert_eq!(
            v.network.function(VarId::new(2)),
            base.function(VarId::new(2))
        );
        let e = Variant::from_patch(&base, "v", "\nd, a\n").unwrap_err();
        assert_eq!(e.span.line, 2);
        assert!(Variant::from_patch(&base, "v", "b, a\nb, c\n").is_err());
        assert!(Variant::from_patch(&base, "v", "# nothing\n").is_err());
    }

    #[test]
    fn mutants_skip_inputs_and_have_unique_names() {
        let base = net("a, a\nb, (a & !c) | (c & !a)\nc, b\nk, 1\n");
        let m = single_edit_mutants(&base);
        // b: 2 deletions, 3 operators, 4 literal sites; c: 1 deletion, 1 literal site.
        assert_eq!(m.len(), 9 + 2);
        let mut names: Vec<&str> = m.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names[0], "b:-a");
        assert_eq!(names[2], "b:&>|1");
        assert_eq!(names[5], "b:~a#1");
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 11);
    }
}
