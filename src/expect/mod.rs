//! Model expectations: statements a model must satisfy ("under infection every attractor is M1"),
//! read from a TOML file and checked like a test suite (`basin test`).
//!
//! This module holds the file format and its validation; [`check`] evaluates statements. The
//! format is documented in `docs/expectations.md`.

pub mod check;
pub mod variants;

use crate::attractor::UpdateScheme;
use crate::error::{Error, ParseError, ParseErrorKind, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A whole expectations file.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectationFile {
    /// The model, relative to the file's directory (may be overridden on the command line).
    pub model: Option<PathBuf>,
    /// The phenotype and condition file, relative to the file's directory.
    pub phenotypes: Option<PathBuf>,
    /// The statements, in file order.
    pub statements: Vec<Statement>,
}

/// One named statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Its name, as printed.
    pub name: String,
    /// 1-based line of the statement's `[[expect]]` table.
    pub line: usize,
    /// Update schemes it is checked under.
    pub updates: Vec<UpdateScheme>,
    /// Which conditions (input assignments) it covers.
    pub conditions: ConditionSelector,
    /// Perturbations (`NAME=0|1`), applied in every covered condition.
    pub perturb: Vec<String>,
    /// Where the cell starts (the file's `start`: a state, a pattern, `NAME=0|1` assignments
    /// or `LABEL@CONDITION`), if not a uniformly random state. With a start, claims are about
    /// the attractors reached from it and shares are probabilities from it.
    pub start: Option<String>,
    /// What must hold.
    pub claim: Claim,
    /// What the statement is evidence of (the file's `kind`).
    pub kind: StatementKind,
    /// Where the claim comes from (the file's `source`: a paper, an experiment), if given.
    pub source: Option<String>,
}

/// What a statement is evidence of, so that a passing suite is not mistaken for validation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatementKind {
    /// `kind = "constraint"`: a literature constraint the rules were chosen to meet (cite it in
    /// `source`); passing it shows the rules do what they were built to do.
    Constraint,
    /// `kind = "prediction"`: a check against an experiment that was not used to build the rules
    /// (cite the cell type, stimulus and read-out in `source`); the only kind that validates.
    Prediction,
    /// `kind = "regression"`: an output of the model itself (a count, an agreement) pinned so
    /// that changes are noticed; not evidence about biology.
    Regression,
    /// No `kind` given.
    #[default]
    Unspecified,
}

impl StatementKind {
    /// The word used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::Constraint => "constraint",
            StatementKind::Prediction => "prediction",
            StatementKind::Regression => "regression",
            StatementKind::Unspecified => "unspecified",
        }
    }
}

/// Which conditions a statement covers.
#[derive(Clone, Debug, PartialEq)]
pub enum ConditionSelector {
    /// Named conditions of the phenotype file.
    Named(Vec<String>),
    /// Explicit assignments; inputs a assignment does not name are 0.
    Explicit(Vec<BTreeMap<String, bool>>),
    /// Every combination of the inputs.
    All,
    /// Every combination of the inputs that agrees with these values.
    Filter(BTreeMap<String, bool>),
}

/// Every / some / no attractor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// Every attractor.
    Every,
    /// At least one attractor.
    Some,
    /// No attractor.
    No,
}

/// What is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountKind {
    /// All attractors.
    Attractors,
    /// Fixed points.
    FixedPoints,
    /// Cycles (synchronous) or complex attractors (asynchronous).
    Cyclic,
}

/// The state of a node across an attractor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeState {
    /// 1 in every state of the attractor.
    On,
    /// 0 in every state.
    Off,
    /// 1 in some states and 0 in others.
    Oscillating,
}

/// The direction of a phenotype shift. With estimated shares (sampling, random walks) the
/// shift's 95 % interval decides: `Positive`, `Negative` and `AtLeast` hold when the whole
/// interval supports them; `Zero`, `NonNegative` and `NonPositive` hold unless the interval
/// excludes them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ShiftClaim {
    /// Strictly greater than zero.
    Positive,
    /// Strictly less than zero.
    Negative,
    /// Zero (within 1e-9).
    Zero,
    /// Not below zero.
    NonNegative,
    /// Not above zero.
    NonPositive,
    /// At least this much (may be negative).
    AtLeast(f64),
}

/// One claim.
#[derive(Clone, Debug, PartialEq)]
pub enum Claim {
    /// Every / some / no attractor has a label matching the pattern (`*` matches any text).
    Label(Quantifier, String),
    /// Every / some / no attractor satisfies the expression in all its states.
    Satisfies(Quantifier, String),
    /// A count lies in `min..=max`.
    Count(CountKind, u64, u64),
    /// Each node is in this state in every attractor.
    Node(NodeState, Vec<String>),
    /// The perturbation's shift of the summed share of the labels matching the patterns
    /// (comma-separated), against wild type.
    Shift(String, ShiftClaim),
    /// Synchronous and asynchronous updates give the same label multiset.
    Agree,
    /// The label multiset is exactly this.
    Labels(Vec<String>),
    /// After the conditions of a protocol, in order (each step starting from the attractors
    /// the previous one reached), the cell is where the claim says.
    Protocol(ProtocolClaim),
}

/// A protocol claim: the steps (named conditions, in order) and what holds after the last.
#[derive(Clone, Debug, PartialEq)]
pub struct ProtocolClaim {
    /// The named conditions, in order.
    pub steps: Vec<String>,
    /// Every attractor reached after the last step (probability above `tolerance`) has a label
    /// matching this pattern.
    pub ends: Option<String>,
    /// The summed probabilities of the labels matching each pattern (a pattern may list
    /// several, comma-separated) after the last step, each within `tolerance` of its value.
    pub shares: Vec<(String, f64)>,
    /// How far a share may be from its stated value, and the probability below which an
    /// attractor does not count as reached (default [`DEFAULT_TOLERANCE`]).
    pub tolerance: f64,
}

/// The default [`ProtocolClaim::tolerance`]: exact up to rounding (the explicit engine's
/// probabilities are solved to about 1e-12).
pub const DEFAULT_TOLERANCE: f64 = 1e-9;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    model: Option<PathBuf>,
    phenotypes: Option<PathBuf>,
    update: Option<String>,
    #[serde(default)]
    expect: Vec<toml::Spanned<RawStatement>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawConditions {
    Name(String),
    Names(Vec<String>),
    Assignment(BTreeMap<String, u8>),
    Assignments(Vec<BTreeMap<String, u8>>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawCount {
    Exact(u64),
    Range(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawNodes {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShift {
    label: String,
    is: Option<String>,
    at_least: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProtocol {
    steps: Vec<String>,
    ends: Option<String>,
    shares: Option<BTreeMap<String, f64>>,
    tolerance: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatement {
    name: String,
    update: Option<String>,
    condition: Option<RawConditions>,
    #[serde(rename = "where")]
    filter: Option<BTreeMap<String, u8>>,
    #[serde(default)]
    perturb: Vec<String>,
    every: Option<String>,
    some: Option<String>,
    no: Option<String>,
    every_satisfies: Option<String>,
    some_satisfies: Option<String>,
    no_satisfies: Option<String>,
    attractors: Option<RawCount>,
    fixed_points: Option<RawCount>,
    cyclic: Option<RawCount>,
    on: Option<RawNodes>,
    off: Option<RawNodes>,
    oscillating: Option<RawNodes>,
    shift: Option<RawShift>,
    agree: Option<bool>,
    labels: Option<Vec<String>>,
    protocol: Option<RawProtocol>,
    start: Option<String>,
    kind: Option<String>,
    source: Option<String>,
}

/// Turns a byte offset into a 1-based line and column.
fn position(text: &str, offset: usize) -> Span {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Span::new(line, column, 1)
}

fn updates(text: &str) -> Result<Vec<UpdateScheme>, String> {
    match text {
        "both" => Ok(vec![UpdateScheme::Synchronous, UpdateScheme::Asynchronous]),
        other => other
            .parse()
            .map(|u| vec![u])
            .map_err(|_| format!("update '{other}' is not sync, async, general or both")),
    }
}

fn bits(map: BTreeMap<String, u8>) -> Result<BTreeMap<String, bool>, String> {
    map.into_iter()
        .map(|(k, v)| match v {
            0 => Ok((k, false)),
            1 => Ok((k, true)),
            _ => Err(format!("input '{k}' has value {v}, not 0 or 1")),
        })
        .collect()
}

fn count(raw: RawCount) -> Result<(u64, u64), String> {
    match raw {
        RawCount::Exact(n) => Ok((n, n)),
        RawCount::Range(s) => {
            let bad = || format!("count '{s}' is not N or MIN..MAX");
            let (lo, hi) = s.split_once("..").ok_or_else(bad)?;
            let lo = if lo.trim().is_empty() {
                0
            } else {
                lo.trim().parse().map_err(|_| bad())?
            };
            let hi_text = hi.trim().trim_start_matches('=');
            let hi = if hi_text.is_empty() {
                u64::MAX
            } else {
                hi_text.parse().map_err(|_| bad())?
            };
            if lo > hi {
                return Err(bad());
            }
            Ok((lo, hi))
        }
    }
}

fn nodes(raw: RawNodes) -> Vec<String> {
    match raw {
        RawNodes::One(s) => vec![s],
        RawNodes::Many(v) => v,
    }
}

impl RawStatement {
    fn into_statement(
        self,
        line: usize,
        default_update: &[UpdateScheme],
    ) -> Result<Statement, String> {
        let updates = match &self.update {
            Some(u) => updates(u)?,
            None => default_update.to_vec(),
        };
        if self.protocol.is_some() && (self.condition.is_some() || self.filter.is_some()) {
            return Err(
                "a protocol's conditions are its steps: give no 'condition' or 'where'".into(),
            );
        }
        let conditions = match (self.condition, self.filter) {
            (Some(_), Some(_)) => return Err("give either 'condition' or 'where', not both".into()),
            (None, Some(f)) => ConditionSelector::Filter(bits(f)?),
            (None, None) => ConditionSelector::Named(vec!["none".into()]),
            (Some(RawConditions::Name(n)), None) if n == "all" => ConditionSelector::All,
            (Some(RawConditions::Name(n)), None) => ConditionSelector::Named(vec![n]),
            (Some(RawConditions::Names(v)), None) => ConditionSelector::Named(v),
            (Some(RawConditions::Assignment(m)), None) => {
                ConditionSelector::Explicit(vec![bits(m)?])
            }
            (Some(RawConditions::Assignments(v)), None) => {
                ConditionSelector::Explicit(v.into_iter().map(bits).collect::<Result<_, _>>()?)
            }
        };
        let mut claims = Vec::new();
        for (q, label) in [
            (Quantifier::Every, self.every),
            (Quantifier::Some, self.some),
            (Quantifier::No, self.no),
        ] {
            if let Some(l) = label {
                claims.push(Claim::Label(q, l));
            }
        }
        for (q, e) in [
            (Quantifier::Every, self.every_satisfies),
            (Quantifier::Some, self.some_satisfies),
            (Quantifier::No, self.no_satisfies),
        ] {
            if let Some(e) = e {
                claims.push(Claim::Satisfies(q, e));
            }
        }
        for (k, c) in [
            (CountKind::Attractors, self.attractors),
            (CountKind::FixedPoints, self.fixed_points),
            (CountKind::Cyclic, self.cyclic),
        ] {
            if let Some(c) = c {
                let (lo, hi) = count(c)?;
                claims.push(Claim::Count(k, lo, hi));
            }
        }
        for (s, n) in [
            (NodeState::On, self.on),
            (NodeState::Off, self.off),
            (NodeState::Oscillating, self.oscillating),
        ] {
            if let Some(n) = n {
                claims.push(Claim::Node(s, nodes(n)));
            }
        }
        if let Some(shift) = self.shift {
            let claim = match (shift.is.as_deref(), shift.at_least) {
                (Some(_), Some(_)) => {
                    return Err("shift takes either 'is' or 'at_least', not both".into());
                }
                (None, Some(d)) => ShiftClaim::AtLeast(d),
                (Some("positive"), None) => ShiftClaim::Positive,
                (Some("negative"), None) => ShiftClaim::Negative,
                (Some("zero"), None) => ShiftClaim::Zero,
                (Some("non-negative"), None) => ShiftClaim::NonNegative,
                (Some("non-positive"), None) => ShiftClaim::NonPositive,
                (Some(other), None) => {
                    return Err(format!(
                        "shift is '{other}'; expected positive, negative, zero, non-negative or non-positive"
                    ));
                }
                (None, None) => return Err("shift needs 'is' or 'at_least'".into()),
            };
            if self.perturb.is_empty() {
                return Err(
                    "a shift claim needs 'perturb' (the shift is against wild type)".into(),
                );
            }
            claims.push(Claim::Shift(shift.label, claim));
        }
        if let Some(agree) = self.agree {
            if !agree {
                return Err("'agree' can only be true".into());
            }
            claims.push(Claim::Agree);
        }
        if let Some(labels) = self.labels {
            claims.push(Claim::Labels(labels));
        }
        if let Some(p) = self.protocol {
            if p.steps.is_empty() {
                return Err("a protocol needs at least one step".into());
            }
            let tolerance = p.tolerance.unwrap_or(DEFAULT_TOLERANCE);
            if !(0.0..1.0).contains(&tolerance) {
                return Err(format!("protocol tolerance {tolerance} is not in [0, 1)"));
            }
            let shares: Vec<(String, f64)> = p.shares.unwrap_or_default().into_iter().collect();
            if let Some((l, x)) = shares.iter().find(|(_, x)| !(0.0..=1.0).contains(x)) {
                return Err(format!("protocol share of '{l}' is {x}, not in [0, 1]"));
            }
            if p.ends.is_none() && shares.is_empty() {
                return Err("a protocol claim needs 'ends' or 'shares'".into());
            }
            claims.push(Claim::Protocol(ProtocolClaim {
                steps: p.steps,
                ends: p.ends,
                shares,
                tolerance,
            }));
        }
        let claim = match claims.len() {
            1 => claims.pop().expect("one claim"),
            0 => {
                return Err("no claim: give one of every, some, no, every_satisfies, some_satisfies, \
                     no_satisfies, attractors, fixed_points, cyclic, on, off, oscillating, shift, agree, labels, \
                     protocol"
                    .into());
            }
            n => return Err(format!("{n} claims; a statement makes exactly one")),
        };
        let updates = if claim == Claim::Agree {
            vec![UpdateScheme::Synchronous, UpdateScheme::Asynchronous]
        } else {
            updates
        };
        let kind = match self.kind.as_deref() {
            None => StatementKind::Unspecified,
            Some("constraint") => StatementKind::Constraint,
            Some("prediction") => StatementKind::Prediction,
            Some("regression") => StatementKind::Regression,
            Some(other) => {
                return Err(format!(
                    "kind '{other}' is not constraint, prediction or regression"
                ));
            }
        };
        Ok(Statement {
            name: self.name,
            line,
            updates,
            conditions,
            perturb: self.perturb,
            start: self.start,
            claim,
            kind,
            source: self.source,
        })
    }
}

impl ExpectationFile {
    /// Reads an expectations file from text.
    ///
    /// # Errors
    /// A [`ParseError`] with line and column for malformed TOML, and for invalid statements the
    /// statement's line and name.
    pub fn from_toml_str(text: &str) -> Result<ExpectationFile, ParseError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let span = e
                .span()
                .map_or(Span::default(), |r| position(text, r.start));
            let message = e.message().trim().to_string();
            ParseError::new(ParseErrorKind::Invalid(message), span).attach_source(text)
        })?;
        let default_update = match &raw.update {
            Some(u) => {
                updates(u).map_err(|m| ParseError::whole_file(ParseErrorKind::Invalid(m)))?
            }
            None => vec![UpdateScheme::Asynchronous],
        };
        let mut statements = Vec::with_capacity(raw.expect.len());
        let mut seen = std::collections::HashSet::new();
        for spanned in raw.expect {
            let span = position(text, spanned.span().start);
            let raw_statement = spanned.into_inner();
            let name = raw_statement.name.clone();
            let statement = raw_statement
                .into_statement(span.line, &default_update)
                .map_err(|m| {
                    ParseError::new(
                        ParseErrorKind::Invalid(format!("statement '{name}': {m}")),
                        span,
                    )
                    .attach_source(text)
                })?;
            if !seen.insert(name.clone()) {
                return Err(ParseError::new(
                    ParseErrorKind::Invalid(format!("statement '{name}' is named twice")),
                    span,
                )
                .attach_source(text));
            }
            statements.push(statement);
        }
        if statements.is_empty() {
            return Err(ParseError::whole_file(ParseErrorKind::Invalid(
                "the file has no [[expect]] statements".into(),
            )));
        }
        Ok(ExpectationFile {
            model: raw.model,
            phenotypes: raw.phenotypes,
            statements,
        })
    }

    /// Reads an expectations file; relative model and phenotype paths are resolved against the
    /// file's directory.
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Parse`] (with the path).
    pub fn read(path: &Path) -> Result<ExpectationFile, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut file = ExpectationFile::from_toml_str(&text).map_err(|e| e.with_path(path))?;
        let dir = path.parent().unwrap_or(Path::new(""));
        file.model = file.model.map(|m| dir.join(m));
        file.phenotypes = file.phenotypes.map(|p| dir.join(p));
        Ok(file)
    }
}

/// Whether `label` matches one label pattern (see [`crate::phenotype::LabelQuery`]: `M2`
/// exactly, `M2+any`, `M*+FIB`, `part:FIB`).
pub fn label_matches(pattern: &str, label: &str) -> bool {
    crate::phenotype::LabelPattern::parse(pattern).matches(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_read_with_their_claims() {
        let f = ExpectationFile::from_toml_str(
            r#"
model = "m.bnet"
update = "both"

[[expect]]
name = "no input"
attractors = 1

[[expect]]
name = "infection"
condition = { LPS = 1 }
update = "async"
every = "M1"

[[expect]]
name = "smad7"
where = { LPS = 1, IL4 = 0 }
perturb = ["SMAD7=0"]
shift = { label = "M2*", is = "non-negative" }

[[expect]]
name = "range"
condition = "all"
fixed_points = "1..3"
"#,
        )
        .unwrap();
        assert_eq!(f.statements.len(), 4);
        assert_eq!(
            f.statements[0].claim,
            Claim::Count(CountKind::Attractors, 1, 1)
        );
        assert_eq!(f.statements[0].updates.len(), 2);
        assert_eq!(
            f.statements[0].conditions,
            ConditionSelector::Named(vec!["none".into()])
        );
        assert_eq!(f.statements[1].updates, vec![UpdateScheme::Asynchronous]);
        assert_eq!(f.statements[1].line, 9);
        assert_eq!(
            f.statements[2].claim,
            Claim::Shift("M2*".into(), ShiftClaim::NonNegative)
        );
        assert_eq!(f.statements[3].conditions, ConditionSelector::All);
        assert_eq!(
            f.statements[3].claim,
            Claim::Count(CountKind::FixedPoints, 1, 3)
        );
    }

    #[test]
    fn malformed_files_say_where_and_which_statement() {
        let e = ExpectationFile::from_toml_str("[[expect]]\nname = \"a\"\nevery = \n").unwrap_err();
        assert_eq!(e.span.line, 3);
        let e = ExpectationFile::from_toml_str(
            "[[expect]]\nname = \"two\"\nevery = \"M1\"\nsome = \"M2\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("statement 'two': 2 claims"), "{e}");
        assert_eq!(e.span.line, 1);
        let e = ExpectationFile::from_toml_str("[[expect]]\nname = \"x\"\nevry = \"M1\"\n")
            .unwrap_err();
        assert!(e.to_string().contains("evry"), "{e}");
        let e = ExpectationFile::from_toml_str(
            "[[expect]]\nname = \"s\"\nshift = { label = \"M2\", is = \"up\" }\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("'up'"), "{e}");
    }

    #[test]
    fn protocols_and_starts_read_with_their_checks() {
        let f = ExpectationFile::from_toml_str(
            r#"
[[expect]]
name = "order"
start = "M0@none"
protocol = { steps = ["drug", "drug+TGFb"], ends = "M1", shares = { M1 = 1.0, "M2+FIB" = 0 } }
"#,
        )
        .unwrap();
        let s = &f.statements[0];
        assert_eq!(s.start.as_deref(), Some("M0@none"));
        assert_eq!(
            s.claim,
            Claim::Protocol(ProtocolClaim {
                steps: vec!["drug".into(), "drug+TGFb".into()],
                ends: Some("M1".into()),
                shares: vec![("M1".into(), 1.0), ("M2+FIB".into(), 0.0)],
                tolerance: DEFAULT_TOLERANCE,
            })
        );
        for (body, message) in [
            (
                "protocol = { steps = [\"drug\"] }",
                "needs 'ends' or 'shares'",
            ),
            (
                "protocol = { steps = [], ends = \"M1\" }",
                "at least one step",
            ),
            (
                "condition = \"drug\"\nprotocol = { steps = [\"drug\"], ends = \"M1\" }",
                "give no 'condition'",
            ),
            (
                "protocol = { steps = [\"drug\"], shares = { M1 = 1.5 } }",
                "not in [0, 1]",
            ),
            (
                "protocol = { steps = [\"drug\"], ends = \"M1\", after = 2 }",
                "after",
            ),
        ] {
            let e = ExpectationFile::from_toml_str(&format!("[[expect]]\nname = \"p\"\n{body}\n"))
                .unwrap_err();
            assert!(e.to_string().contains(message), "{body}: {e}");
        }
    }

    #[test]
    fn label_patterns_use_stars() {
        assert!(label_matches("M2*", "M2+FIB"));
        assert!(label_matches("M2*", "M2"));
        assert!(!label_matches("M2", "M2+FIB"));
        assert!(label_matches("*FIB", "MIXED+FIB"));
        assert!(label_matches("M*+FIB", "MIXED+FIB"));
        assert!(!label_matches("M1*", "MIXED"));
    }
}
