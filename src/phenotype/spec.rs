//! [`PhenotypeSpec`]: a phenotype file as written, its expressions parsed with the bnet grammar
//! and its names checked, then bound to a network ([`PhenotypeSpec::bind`]).

use super::classify::{Group, Phenotypes, Rule};
use super::file::{
    Ordered, Pos, RawFile, Source, is_identifier, is_label_name, read_raw, read_text, with_path,
};
use super::{DEFAULT_LABEL, DEFAULT_THRESHOLD};
use crate::error::{Error, ParseError, ParseErrorKind, closest};
use crate::expr::Expr;
use crate::network::{Network, VarId};
use crate::parse::syntax::{Dialect, parse_bare_expression};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A name used in the file, with where it was written.
#[derive(Clone, Debug, PartialEq)]
struct NameRef {
    name: String,
    pos: Pos,
}

/// An expression as written: parsed with the bnet grammar, names not yet resolved.
#[derive(Clone, Debug, PartialEq)]
struct RawExpr {
    /// The expression; variable `i` stands for `names[i]`.
    expr: Expr,
    names: Vec<NameRef>,
}

/// Parses a string value as a bnet expression (the model reader's expression grammar). `what`
/// names it in messages (`label 'M1'`).
fn parse_expression(
    src: &Source<'_>,
    value: &Spanned<String>,
    what: &str,
) -> Result<RawExpr, ParseError> {
    let text = value.get_ref();
    let start = src.string_content_start(value);
    let pos_at = |offset: usize, len: usize| match start {
        Some(s) => src.pos(s + offset, len),
        None => src.of(value),
    };
    if let Some(i) = text.find(['#', '\n', '\r']) {
        let c = &text[i..=i];
        let shown = if c == "#" { "'#'" } else { "a line break" };
        return Err(pos_at(i, 1).error(
            format!("{what}: {shown} is not allowed in an expression"),
            None,
        ));
    }
    // Columns of the bare expression are 1-based character columns of `text`.
    let offset_of = |column: usize| {
        text.char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(b, _)| b)
    };
    let (expr, table) = parse_bare_expression(text, Dialect::Bnet).map_err(|e| {
        let mut out = pos_at(offset_of(e.span.column), e.span.len.max(1))
            .error(format!("{what}: {}", e.kind), None);
        out.hint = e.hint;
        out
    })?;
    let names = table
        .names
        .iter()
        .zip(&table.first_use)
        .map(|(name, span)| NameRef {
            pos: pos_at(offset_of(span.column), name.len()),
            name: name.clone(),
        })
        .collect();
    Ok(RawExpr { expr, names })
}

#[derive(Clone, Debug, PartialEq)]
struct GroupSpec {
    name: String,
    members: Vec<NameRef>,
}

#[derive(Clone, Debug, PartialEq)]
struct RuleSpec {
    name: String,
    expr: RawExpr,
}

/// How an attractor with more than one state (a synchronous cycle, an asynchronous complex
/// attractor) is labelled: the file's `cycles = "states"` (the default) or `"activity"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CycleLabels {
    /// Each state is labelled on its own (its 0/1 values, so no threshold decides); an attractor
    /// whose states carry one label has that label, one whose states carry several is
    /// `OSC(L1|L2|…)` with the state labels in sorted order, and the fraction of states behind
    /// each is kept ([`super::Classification::state_labels`]).
    #[default]
    States,
    /// The activities (shares of states with a node on) are compared with the threshold θ:
    /// one label per attractor, a node on in half the states counts as active at θ ≤ 0.5.
    Activity,
}

/// A phenotype file as written: threshold, default label, marker groups, label rules, flags and
/// simple phenotypes, checked for syntax but not yet resolved against a network.
#[derive(Clone, Debug, PartialEq)]
pub struct PhenotypeSpec {
    threshold: f64,
    cycles: CycleLabels,
    default_label: String,
    groups: Vec<GroupSpec>,
    labels: Vec<RuleSpec>,
    flags: Vec<RuleSpec>,
    phenotypes: Vec<RuleSpec>,
    path: Option<PathBuf>,
}

impl PhenotypeSpec {
    /// Reads a phenotype file from text.
    ///
    /// # Errors
    /// [`Error::Parse`] with line and column: malformed TOML, an unknown top-level key, a
    /// threshold outside (0, 1], an invalid name, an empty or repeated group member, a malformed
    /// expression, a name used both as a label and as a phenotype, or a file that defines no
    /// label rule, flag or phenotype.
    ///
    /// # Examples
    /// ```
    /// use basin::phenotype::PhenotypeSpec;
    /// let spec = PhenotypeSpec::from_toml_str(r#"
    ///     default = "M0"
    ///     [groups]
    ///     M1 = ["NOS2", "IL1B"]
    ///     M2 = ["ARG1"]
    ///     [labels]
    ///     M1 = "M1 & !M2"
    ///     M2 = "M2 & !M1"
    ///     MIXED = "M1 & M2"
    /// "#)?;
    /// assert_eq!(spec.threshold(), 0.5);
    /// assert_eq!(spec.label_names(), ["M1", "M2", "MIXED"]);
    /// # Ok::<(), basin::Error>(())
    /// ```
    pub fn from_toml_str(text: &str) -> Result<PhenotypeSpec, Error> {
        let raw = read_raw(text)?;
        Ok(PhenotypeSpec::from_raw(&Source { text }, raw)?)
    }

    /// Reads a phenotype file.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; otherwise as [`PhenotypeSpec::from_toml_str`],
    /// with the path in the message.
    pub fn read(path: &Path) -> Result<PhenotypeSpec, Error> {
        let text = read_text(path)?;
        let mut spec = PhenotypeSpec::from_toml_str(&text).map_err(|e| with_path(e, path))?;
        spec.path = Some(path.to_path_buf());
        Ok(spec)
    }

    fn from_raw(src: &Source<'_>, raw: RawFile) -> Result<PhenotypeSpec, ParseError> {
        let threshold = match &raw.threshold {
            None => DEFAULT_THRESHOLD,
            Some(t) => {
                let value = match t.get_ref() {
                    toml::Value::Float(f) => Some(*f),
                    toml::Value::Integer(i) => Some(*i as f64),
                    _ => None,
                };
                match value {
                    Some(v) if v > 0.0 && v <= 1.0 => v,
                    _ => {
                        return Err(src.of(t).error(
                            "threshold must be a number greater than 0 and at most 1".into(),
                            None,
                        ));
                    }
                }
            }
        };
        let cycles = match raw.cycles.as_ref().map(|c| (c, c.get_ref().as_str())) {
            None | Some((_, "states")) => CycleLabels::States,
            Some((_, "activity")) => CycleLabels::Activity,
            Some((c, other)) => {
                return Err(src.of(c).error(
                    format!("cycles = '{other}': expected \"states\" or \"activity\""),
                    None,
                ));
            }
        };
        let default_label = match &raw.default {
            None => DEFAULT_LABEL.to_string(),
            Some(d) => {
                check_label_name(src, d, "default label")?;
                d.get_ref().clone()
            }
        };
        let mut groups = Vec::new();
        for (key, members) in &raw.groups.0 {
            if !is_identifier(key.get_ref()) {
                return Err(src.of(key).error(
                    format!(
                        "group name '{}' is not an identifier (letters, digits and '_', not starting with a digit)",
                        key.get_ref()
                    ),
                    None,
                ));
            }
            if members.get_ref().is_empty() {
                return Err(src
                    .of(members)
                    .error(format!("group '{}' has no members", key.get_ref()), None));
            }
            let mut refs: Vec<NameRef> = Vec::new();
            for m in members.get_ref() {
                if refs.iter().any(|r| r.name == *m.get_ref()) {
                    return Err(src.of(m).error(
                        format!(
                            "node '{}' is listed twice in group '{}'",
                            m.get_ref(),
                            key.get_ref()
                        ),
                        None,
                    ));
                }
                refs.push(NameRef {
                    name: m.get_ref().clone(),
                    pos: src.of(m),
                });
            }
            groups.push(GroupSpec {
                name: key.get_ref().clone(),
                members: refs,
            });
        }
        let rules = |table: &Ordered<Spanned<String>>, kind: &str| {
            let mut out = Vec::new();
            for (key, value) in &table.0 {
                check_label_name(src, key, &format!("{kind} name"))?;
                let what = format!("{kind} '{}'", key.get_ref());
                out.push(RuleSpec {
                    name: key.get_ref().clone(),
                    expr: parse_expression(src, value, &what)?,
                });
            }
            Ok::<_, ParseError>(out)
        };
        let labels = rules(&raw.labels, "label")?;
        let flags = rules(&raw.flags, "flag")?;
        let phenotypes = rules(&raw.phenotypes, "phenotype")?;
        for (key, _) in &raw.phenotypes.0 {
            if labels.iter().any(|l| l.name == *key.get_ref()) {
                return Err(src.of(key).error(
                    format!(
                        "'{}' is both a label and a phenotype; give them different names",
                        key.get_ref()
                    ),
                    None,
                ));
            }
        }
        if labels.is_empty() && flags.is_empty() && phenotypes.is_empty() {
            return Err(ParseError::whole_file(ParseErrorKind::Invalid(
                "the file defines no labels, flags or phenotypes".into(),
            ))
            .with_hint(
                "add a [labels] table over [groups], or a [phenotypes] table such as Apoptosis = \"CASP3 & !BCL2\"",
            ));
        }
        Ok(PhenotypeSpec {
            threshold,
            cycles,
            default_label,
            groups,
            labels,
            flags,
            phenotypes,
            path: None,
        })
    }

    /// The threshold θ: a group is active when its largest member activity is at least θ.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// How attractors with more than one state are labelled (the file's `cycles`).
    pub fn cycles(&self) -> CycleLabels {
        self.cycles
    }

    /// Replaces the threshold (a caller's override of the file's value).
    ///
    /// # Errors
    /// [`Error::Invalid`] unless `0 < threshold ≤ 1`.
    pub fn with_threshold(mut self, threshold: f64) -> Result<PhenotypeSpec, Error> {
        if !(threshold > 0.0 && threshold <= 1.0) {
            return Err(Error::Invalid(format!(
                "threshold {threshold} must be greater than 0 and at most 1"
            )));
        }
        self.threshold = threshold;
        Ok(self)
    }

    /// The label of attractors that match nothing.
    pub fn default_label(&self) -> &str {
        &self.default_label
    }

    /// The marker groups with their member names, in file order.
    pub fn groups(&self) -> Vec<(&str, Vec<&str>)> {
        self.groups
            .iter()
            .map(|g| {
                (
                    g.name.as_str(),
                    g.members.iter().map(|m| m.name.as_str()).collect(),
                )
            })
            .collect()
    }

    /// The label rule names, in file order.
    pub fn label_names(&self) -> Vec<&str> {
        self.labels.iter().map(|r| r.name.as_str()).collect()
    }

    /// The flag names, in file order.
    pub fn flag_names(&self) -> Vec<&str> {
        self.flags.iter().map(|r| r.name.as_str()).collect()
    }

    /// The simple phenotype names, in file order.
    pub fn phenotype_names(&self) -> Vec<&str> {
        self.phenotypes.iter().map(|r| r.name.as_str()).collect()
    }

    /// Resolves the names against `network`.
    ///
    /// # Errors
    /// [`Error::Parse`] pointing into the phenotype file: a group member or phenotype variable
    /// that is not a node of the network, a name in a label rule or flag that is neither a group
    /// nor a node (each with a "did you mean" hint where one is close).
    pub fn bind(&self, network: &Network) -> Result<Phenotypes, Error> {
        let path = self.path.as_deref();
        let unknown = |r: &NameRef, what: &str, kind: &str, candidates: &[&str]| -> Error {
            let mut e = r
                .pos
                .error(format!("{what}: unknown {kind} '{}'", r.name), path);
            if let Some(c) = closest(&r.name, candidates.iter().copied()) {
                e = e.with_hint(format!("did you mean '{c}'?"));
            }
            e.into()
        };
        let node_names: Vec<&str> = network.names().iter().map(String::as_str).collect();
        let mut groups = Vec::with_capacity(self.groups.len());
        for g in &self.groups {
            let mut members = Vec::with_capacity(g.members.len());
            for m in &g.members {
                match network.find(&m.name) {
                    Some(v) => members.push(v),
                    None => {
                        return Err(unknown(
                            m,
                            &format!("group '{}'", g.name),
                            "node",
                            &node_names,
                        ));
                    }
                }
            }
            groups.push(Group {
                name: g.name.clone(),
                members,
            });
        }
        // Label rules and flags read "signals": group i is signal i, node v is signal g + v.
        let num_groups = groups.len();
        let mut signal_names: Vec<&str> = self.groups.iter().map(|g| g.name.as_str()).collect();
        signal_names.extend(node_names.iter().copied());
        let bind_rules = |rules: &[RuleSpec], kind: &str| -> Result<Vec<Rule>, Error> {
            rules
                .iter()
                .map(|r| {
                    let what = format!("{kind} '{}'", r.name);
                    let mut ids = vec![VarId::new(0); r.expr.names.len()];
                    for (i, name) in r.expr.names.iter().enumerate() {
                        let id = if let Some(g) = groups.iter().position(|g| g.name == name.name) {
                            g
                        } else if let Some(v) = network.find(&name.name) {
                            num_groups + v.index()
                        } else {
                            return Err(unknown(name, &what, "group or node", &signal_names));
                        };
                        ids[i] = VarId::new(id);
                    }
                    Ok(Rule {
                        name: r.name.clone(),
                        expr: r.expr.expr.map_vars(|v| ids[v.index()]),
                    })
                })
                .collect()
        };
        let labels = bind_rules(&self.labels, "label")?;
        let flags = bind_rules(&self.flags, "flag")?;
        let mut phenotypes = Vec::with_capacity(self.phenotypes.len());
        for r in &self.phenotypes {
            let what = format!("phenotype '{}'", r.name);
            let mut ids = vec![VarId::new(0); r.expr.names.len()];
            for (i, name) in r.expr.names.iter().enumerate() {
                match network.find(&name.name) {
                    Some(v) => ids[i] = v,
                    None => return Err(unknown(name, &what, "node", &node_names)),
                }
            }
            phenotypes.push(Rule {
                name: r.name.clone(),
                expr: r.expr.expr.map_vars(|v| ids[v.index()]),
            });
        }
        let mut markers: Vec<VarId> = Vec::new();
        for g in &groups {
            for &m in &g.members {
                if !markers.contains(&m) {
                    markers.push(m);
                }
            }
        }
        Ok(Phenotypes {
            threshold: self.threshold,
            cycles: self.cycles,
            default_label: self.default_label.clone(),
            groups,
            labels,
            flags,
            phenotypes,
            markers,
            names: network.names().to_vec(),
        })
    }
}

fn check_label_name(
    src: &Source<'_>,
    name: &Spanned<String>,
    what: &str,
) -> Result<(), ParseError> {
    if is_label_name(name.get_ref()) {
        Ok(())
    } else {
        Err(src.of(name).error(
            format!(
                "{what} '{}' may only contain letters, digits, '_', '-' and '.'",
                name.get_ref()
            ),
            None,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_reuse_the_bnet_grammar_and_point_into_the_file() {
        let e = PhenotypeSpec::from_toml_str("[phenotypes]\nP = \"A & (B | \"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("line 2, column "), "{e}");
        assert!(e.contains("phenotype 'P'"), "{e}");
    }

    #[test]
    fn an_unknown_name_is_pointed_at_where_it_is_written() {
        use crate::parse::{Format, ParseOptions, parse_str};
        let net = parse_str("AB, AB\nA, A\n", &ParseOptions::new(Format::Bnet))
            .unwrap()
            .network;
        let spec = PhenotypeSpec::from_toml_str("[phenotypes]\nP = \"AB & A & Q\"\n").unwrap();
        let e = spec.bind(&net).unwrap_err().to_string();
        assert!(e.starts_with("line 2, column 15:"), "{e}");
    }
}
