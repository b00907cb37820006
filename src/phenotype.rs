//! Phenotypes: how attractors get labels, and how a perturbation shifts the share of each label.
//!
//! A phenotype file (TOML, documented in `docs/phenotype-files.md`) says how to name an
//! attractor, without code. Two ways combine:
//!
//! * **Marker groups and label rules** (activity based). A group is a list of nodes; it is
//!   *active* in an attractor when the largest activity of its members (the share of the
//!   attractor's states in which the member is 1) is at least the threshold θ (default 0.5).
//!   Label rules and flags are bnet expressions over group names (and node names, a node being
//!   active when its own activity is at least θ): `MIXED = "M1 & M2"`, flag `FIB = "FIB"`.
//! * **Simple phenotypes** (state based, docs/semantics.md): `Apoptosis = "CASP3 & !BCL2"`. An
//!   attractor *has* the phenotype when the expression holds in every one of its states and
//!   *oscillates in* it when it holds in some but not all.
//!
//! The label of an attractor is built in three steps, always giving one label, never dropping an
//! attractor:
//! 1. the base parts, in file order: every label rule that holds, then every simple phenotype the
//!    attractor has, then `osc(P)` for every simple phenotype it oscillates in;
//! 2. the parts joined with `/`, or the file's `default` label (`"none"` unless set) when there
//!    are none;
//! 3. `+FLAG` appended for every flag that holds, in file order (`M2+FIB`).
//!
//! Alongside the label, a [`Classification`] keeps the activity of every group and the
//! *oscillating* markers: members of any group whose activity is strictly between 0 and 1.
//!
//! The *distribution* of an exploration is, per label, the share of the explored space its
//! attractors stand for ([`Basin::share`]: basin fraction when synchronous, reach probability
//! when asynchronous, hit fraction when sampled). The *shift* of a perturbation is its
//! distribution minus the wild type's, over the labels present on either side.
//!
//! Reading is in two phases, like models: [`PhenotypeSpec`] is the file as written (syntax,
//! names, threshold checked), [`PhenotypeSpec::bind`] resolves names against a [`Network`] and
//! gives [`Phenotypes`], which classify. Every error is a [`ParseError`] with the line and column
//! in the phenotype file.

use crate::attractor::{Attractor, Basin, Exploration};
use crate::count::Count;
use crate::error::{Error, ParseError, ParseErrorKind, Span, closest};
use crate::expr::Expr;
use crate::network::{Network, VarId};
use crate::parse::{Format, ParseOptions, parse_str};
use crate::state::State;
use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The threshold θ when the file sets none: a group is active at activity ≥ 0.5.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// The label of an attractor that matches no rule and has no phenotype, unless the file sets
/// `default`.
pub const DEFAULT_LABEL: &str = "none";

// ---------------------------------------------------------------------------------------------
// The file as written: serde structures with spans, shared with `condition`.
// ---------------------------------------------------------------------------------------------

/// A TOML table read in document order, keys with their positions.
#[derive(Debug)]
pub(crate) struct Ordered<V>(pub(crate) Vec<(Spanned<String>, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<V>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(OrderedVisitor(PhantomData))
    }
}

/// The whole phenotype / condition file. Both readers parse all of it, so a misspelt top-level
/// key is an error whichever reader meets it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    threshold: Option<Spanned<toml::Value>>,
    default: Option<Spanned<String>>,
    #[serde(default)]
    groups: Ordered<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    labels: Ordered<Spanned<String>>,
    #[serde(default)]
    flags: Ordered<Spanned<String>>,
    #[serde(default)]
    phenotypes: Ordered<Spanned<String>>,
    #[serde(default)]
    pub(crate) conditions: Ordered<Spanned<Ordered<Spanned<toml::Value>>>>,
}

/// A place in a phenotype file: its span and the text of its line, kept so that errors found
/// later (when names are resolved against a network) still point into the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pos {
    pub(crate) span: Span,
    pub(crate) line: String,
}

impl Pos {
    /// An error at this place.
    pub(crate) fn error(&self, message: String, path: Option<&Path>) -> ParseError {
        let mut e = ParseError::new(ParseErrorKind::Invalid(message), self.span)
            .with_source_line(self.line.clone());
        if let Some(p) = path {
            e = e.with_path(p);
        }
        e
    }
}

/// The text of a file, for turning byte offsets into positions.
pub(crate) struct Source<'a> {
    pub(crate) text: &'a str,
}

impl Source<'_> {
    /// The position of `len` bytes at byte `start`.
    pub(crate) fn pos(&self, start: usize, len: usize) -> Pos {
        let start = floor_char_boundary(self.text, start.min(self.text.len()));
        let end = floor_char_boundary(self.text, (start + len).min(self.text.len()));
        let before = &self.text[..start];
        let line_no = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..start].chars().count() + 1;
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let line = self.text[line_start..line_end].trim_end_matches('\r');
        let span_len = self.text[start..end.min(line_end)].chars().count().max(1);
        Pos {
            span: Span::new(line_no, column, span_len),
            line: line.to_string(),
        }
    }

    /// The position of a spanned value.
    pub(crate) fn of<T>(&self, s: &Spanned<T>) -> Pos {
        let r = s.span();
        self.pos(r.start, r.end.saturating_sub(r.start))
    }

    /// Where the characters of a string value start in the file, when it is written as a plain
    /// one-line string (`"..."` or `'...'` without escapes), so offsets into the value are
    /// offsets into the file.
    fn string_content_start(&self, s: &Spanned<String>) -> Option<usize> {
        let r = s.span();
        let raw = self.text.get(r.clone())?;
        let value = s.get_ref();
        let quoted = (raw.starts_with('"') && !raw.starts_with("\"\"\"") && !raw.contains('\\'))
            || (raw.starts_with('\'') && !raw.starts_with("'''"));
        (quoted && raw.len() == value.len() + 2 && &raw[1..raw.len() - 1] == value)
            .then_some(r.start + 1)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Reads the TOML of a phenotype / condition file into its raw structure.
pub(crate) fn read_raw(text: &str) -> Result<RawFile, ParseError> {
    toml::from_str::<RawFile>(text).map_err(|e| toml_error(text, &e))
}

/// A `toml` error as a `ParseError` with line and column.
fn toml_error(text: &str, e: &toml::de::Error) -> ParseError {
    let message = e
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(lower_first)
        .collect::<Vec<_>>()
        .join("; ");
    let message = if message.is_empty() {
        "invalid TOML".to_string()
    } else {
        message
    };
    match e.span() {
        Some(r) => {
            let pos = Source { text }.pos(r.start, r.end.saturating_sub(r.start));
            pos.error(message, None)
        }
        None => ParseError::whole_file(ParseErrorKind::Invalid(message)),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_uppercase() && !c.clone().next().is_some_and(char::is_uppercase) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

/// Reads a file into a string with the crate's I/O error.
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Adds `path` to a parse error.
pub(crate) fn with_path(e: Error, path: &Path) -> Error {
    match e {
        Error::Parse(p) => Error::Parse(Box::new(p.with_path(path))),
        other => other,
    }
}

/// Whether `name` may be used as a label, flag or phenotype name: letters, digits, `_`, `-` and
/// `.`, so that labels joined with `/` and `+` stay readable and CSV needs no quoting.
fn is_label_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Whether `name` may be used in an expression (a bnet identifier).
fn is_identifier(name: &str) -> bool {
    let mut c = name.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
        && !matches!(name, "true" | "false" | "True" | "False")
}

// ---------------------------------------------------------------------------------------------
// Expressions in a phenotype file.
// ---------------------------------------------------------------------------------------------

/// A name used in the file, with where it was written.
#[derive(Clone, Debug, PartialEq)]
struct NameRef {
    name: String,
    pos: Pos,
}

/// An expression as written: parsed with the bnet grammar, names not yet resolved.
#[derive(Clone, Debug, PartialEq)]
struct RawExpr {
    /// The expression; variable `i` stands for `names[i]` (index 0 is never used).
    expr: Expr,
    names: Vec<Option<NameRef>>,
}

/// Parses a string value as a bnet expression. `what` names it in messages (`label 'M1'`).
///
/// The bnet reader is reused as is: the expression becomes the rule of a fresh target in a
/// one-line model read with free inputs, so every name it mentions becomes a variable.
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
    let mut target = String::from("__basin_expression");
    while text.contains(&target) {
        target.push('_');
    }
    let line = format!("{target}, {text}");
    let prefix = target.len() + 2;
    let model =
        parse_str(&line, &ParseOptions::new(Format::Bnet).free_inputs(true)).map_err(|e| {
            let col = e.span.column.saturating_sub(1).saturating_sub(prefix);
            let offset = text.char_indices().nth(col).map_or(text.len(), |(b, _)| b);
            let mut out =
                pos_at(offset, e.span.len.max(1)).error(format!("{what}: {}", e.kind), None);
            out.hint = e.hint;
            out
        })?;
    let net = model.network;
    let root = net.find(&target).expect("the expression's target");
    let names = net
        .vars()
        .map(|v| {
            (v != root).then(|| {
                let name = net.name(v).to_string();
                let offset = find_word(text, &name).unwrap_or(0);
                NameRef {
                    pos: pos_at(offset, name.len()),
                    name,
                }
            })
        })
        .collect();
    Ok(RawExpr {
        expr: net.function(root).clone(),
        names,
    })
}

/// The byte offset of the first whole-word occurrence of `word` in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        !text[..i].chars().next_back().is_some_and(is_name)
            && !text[i + word.len()..].chars().next().is_some_and(is_name)
    })
}

// ---------------------------------------------------------------------------------------------
// PhenotypeSpec: the file as written.
// ---------------------------------------------------------------------------------------------

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

/// A phenotype file as written: threshold, default label, marker groups, label rules, flags and
/// simple phenotypes, checked for syntax but not yet resolved against a network.
#[derive(Clone, Debug, PartialEq)]
pub struct PhenotypeSpec {
    threshold: f64,
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
                        let Some(name) = name else { continue };
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
                let Some(name) = name else { continue };
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

// ---------------------------------------------------------------------------------------------
// Phenotypes: bound to a network, they classify.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
struct Group {
    name: String,
    members: Vec<VarId>,
}

#[derive(Clone, Debug, PartialEq)]
struct Rule {
    name: String,
    expr: Expr,
}

/// A phenotype file resolved against one network: classifies that network's attractors (and
/// those of its perturbed copies, which keep the same variables).
#[derive(Clone, Debug, PartialEq)]
pub struct Phenotypes {
    threshold: f64,
    default_label: String,
    groups: Vec<Group>,
    labels: Vec<Rule>,
    flags: Vec<Rule>,
    phenotypes: Vec<Rule>,
    /// Members of every group, each once, in group order.
    markers: Vec<VarId>,
    names: Vec<String>,
}

/// How an attractor stands towards a simple phenotype.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holds {
    All,
    Some,
    None,
}

/// The label of one attractor and what it was made from.
#[derive(Clone, Debug, PartialEq)]
pub struct Classification {
    /// The full label: base parts joined with `/` (or the default label), then `+FLAG` suffixes.
    pub label: String,
    /// Label rules that hold, in file order.
    pub rules: Vec<String>,
    /// Simple phenotypes the attractor has (the expression holds in all its states).
    pub phenotypes: Vec<String>,
    /// Simple phenotypes the attractor oscillates in (holds in some states but not all).
    pub oscillating_phenotypes: Vec<String>,
    /// Flags that hold, in file order.
    pub flags: Vec<String>,
    /// Each group's activity (the largest activity of its members), in file order.
    pub group_activity: Vec<(String, f64)>,
    /// Groups whose activity is at least the threshold.
    pub active_groups: Vec<String>,
    /// Markers (members of any group) whose activity is strictly between 0 and 1, in group order.
    pub oscillating: Vec<String>,
}

impl Phenotypes {
    /// The threshold θ.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The default label.
    pub fn default_label(&self) -> &str {
        &self.default_label
    }

    /// The marker nodes (members of any group), each once, in group order.
    pub fn markers(&self) -> &[VarId] {
        &self.markers
    }

    /// Labels an attractor of the network these phenotypes were bound to.
    ///
    /// Group activities, label rules and flags read only `attractor.activity`; simple
    /// phenotypes are evaluated on every state in `attractor.states`. When the states are not
    /// stored (an attractor of more than [`crate::attractor::MAX_STORED_STATES`] states), a
    /// simple phenotype is decided from the pattern where the fixed variables decide it, and is
    /// reported as oscillating otherwise.
    ///
    /// # Panics
    /// If the attractor does not have one activity per variable of the network.
    pub fn classify(&self, attractor: &Attractor) -> Classification {
        let n = self.names.len();
        assert_eq!(
            attractor.activity.len(),
            n,
            "the attractor does not belong to the network the phenotypes were bound to"
        );
        let act = &attractor.activity;
        let group_activity: Vec<f64> = self
            .groups
            .iter()
            .map(|g| g.members.iter().map(|m| act[m.index()]).fold(0.0, f64::max))
            .collect();
        let group_active: Vec<bool> = group_activity
            .iter()
            .map(|&a| a >= self.threshold)
            .collect();
        let g = self.groups.len();
        let signal = |s: VarId| {
            let i = s.index();
            if i < g {
                group_active[i]
            } else {
                act[i - g] >= self.threshold
            }
        };
        let mut scratch = Vec::new();
        let rules: Vec<String> = self
            .labels
            .iter()
            .filter(|r| r.expr.eval_with(&mut scratch, signal))
            .map(|r| r.name.clone())
            .collect();
        let flags: Vec<String> = self
            .flags
            .iter()
            .filter(|r| r.expr.eval_with(&mut scratch, signal))
            .map(|r| r.name.clone())
            .collect();
        let mut phenotypes = Vec::new();
        let mut oscillating_phenotypes = Vec::new();
        for r in &self.phenotypes {
            match holds(&r.expr, attractor, &mut scratch) {
                Holds::All => phenotypes.push(r.name.clone()),
                Holds::Some => oscillating_phenotypes.push(r.name.clone()),
                Holds::None => {}
            }
        }
        let mut parts: Vec<String> = rules.clone();
        parts.extend(phenotypes.iter().cloned());
        parts.extend(oscillating_phenotypes.iter().map(|p| format!("osc({p})")));
        let mut label = if parts.is_empty() {
            self.default_label.clone()
        } else {
            parts.join("/")
        };
        for f in &flags {
            label.push('+');
            label.push_str(f);
        }
        Classification {
            label,
            rules,
            phenotypes,
            oscillating_phenotypes,
            flags,
            group_activity: self
                .groups
                .iter()
                .zip(&group_activity)
                .map(|(g, &a)| (g.name.clone(), a))
                .collect(),
            active_groups: self
                .groups
                .iter()
                .zip(&group_active)
                .filter(|(_, a)| **a)
                .map(|(g, _)| g.name.clone())
                .collect(),
            oscillating: self
                .markers
                .iter()
                .filter(|m| act[m.index()] > 0.0 && act[m.index()] < 1.0)
                .map(|m| self.names[m.index()].clone())
                .collect(),
        }
    }

    /// Labels every attractor of an exploration, in its order.
    pub fn classify_all(&self, exploration: &Exploration) -> Vec<Classification> {
        exploration
            .attractors
            .iter()
            .map(|a| self.classify(a))
            .collect()
    }

    /// The phenotype distribution of an exploration: per label, the share of the explored space
    /// its attractors stand for, and how many attractors carry it.
    pub fn distribution(&self, exploration: &Exploration) -> Distribution {
        let labels: Vec<String> = exploration
            .attractors
            .iter()
            .map(|a| self.classify(a).label)
            .collect();
        Distribution::from_labels(exploration, &labels)
    }
}

fn holds(expr: &Expr, attractor: &Attractor, scratch: &mut Vec<bool>) -> Holds {
    // A state list cut short (explorers list at most some states of large complex attractors)
    // cannot decide the expression; the pattern can, where it fixes the expression's variables.
    if !attractor.is_listed() {
        let p = &attractor.pattern.0;
        return match expr.restrict(|v| p[v.index()]).as_constant() {
            Some(true) => Holds::All,
            Some(false) => Holds::None,
            None => Holds::Some,
        };
    }
    let mut yes = 0usize;
    for s in &attractor.states {
        yes += usize::from(expr.eval_with(scratch, |v| s.get(v)));
    }
    if yes == attractor.states.len() {
        Holds::All
    } else if yes == 0 {
        Holds::None
    } else {
        Holds::Some
    }
}

// ---------------------------------------------------------------------------------------------
// Distributions and shifts.
// ---------------------------------------------------------------------------------------------

/// One label's part of a distribution.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LabelShare {
    /// Share of the explored space (basin fraction, reach probability or hit fraction).
    pub share: f64,
    /// Number of attractors with this label.
    pub attractors: usize,
}

/// A phenotype distribution: label → share, for the labels of at least one attractor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Distribution {
    entries: BTreeMap<String, LabelShare>,
}

impl Distribution {
    /// The distribution of `exploration` given one label per attractor (in its order).
    ///
    /// Synchronous exact basins are summed as integer state counts before dividing, so equal
    /// inputs give bit-for-bit equal shares; other basins add their [`Basin::share`] in attractor
    /// order.
    ///
    /// # Panics
    /// If `labels` does not have one entry per attractor.
    pub fn from_labels(exploration: &Exploration, labels: &[String]) -> Distribution {
        assert_eq!(labels.len(), exploration.attractors.len());
        // Per label: exact synchronous state count, other shares, number of attractors.
        // A share that was not computed (reach probabilities skipped) makes its label's share
        // NaN: distributions are only asked of explorations that computed them.
        let mut sizes: BTreeMap<&str, (Count, f64, usize)> = BTreeMap::new();
        for (a, label) in exploration.attractors.iter().zip(labels) {
            let e = sizes.entry(label).or_insert((Count::ZERO, 0.0, 0));
            match &a.basin {
                Basin::Partition { size } => e.0 += size,
                other => {
                    e.1 += other
                        .share(&exploration.explored_states)
                        .unwrap_or(f64::NAN)
                }
            }
            e.2 += 1;
        }
        let total = &exploration.explored_states;
        Distribution {
            entries: sizes
                .into_iter()
                .map(|(label, (size, share, count))| {
                    // `share` is exactly 0.0 when every basin was synchronous.
                    let share = share + size.ratio(total);
                    (
                        label.to_string(),
                        LabelShare {
                            share,
                            attractors: count,
                        },
                    )
                })
                .collect(),
        }
    }

    /// The share of `label` (0 when no attractor has it).
    pub fn share(&self, label: &str) -> f64 {
        self.entries.get(label).map_or(0.0, |e| e.share)
    }

    /// The number of attractors with `label`.
    pub fn attractors(&self, label: &str) -> usize {
        self.entries.get(label).map_or(0, |e| e.attractors)
    }

    /// The labels with their shares, sorted by label.
    pub fn iter(&self) -> impl Iterator<Item = (&str, LabelShare)> + '_ {
        self.entries.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The labels present, sorted.
    pub fn labels(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.keys().map(String::as_str)
    }

    /// Number of distinct labels.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no attractor was labelled.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The summed share of the labels `query` matches (the "M2 share" of M2 and M2+FIB).
    pub fn share_matching(&self, query: &LabelQuery) -> f64 {
        self.iter()
            .filter(|(l, _)| query.matches(l))
            .map(|(_, s)| s.share)
            .sum()
    }
}

/// A distribution from its entries (label, share), e.g. read back from a screen table.
impl FromIterator<(String, LabelShare)> for Distribution {
    fn from_iter<I: IntoIterator<Item = (String, LabelShare)>>(iter: I) -> Distribution {
        Distribution {
            entries: iter.into_iter().collect(),
        }
    }
}

/// One label's change between wild type and perturbed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LabelShift {
    /// The wild type's share.
    pub wild_type: f64,
    /// The perturbed network's share.
    pub perturbed: f64,
    /// `perturbed - wild_type`.
    pub shift: f64,
    /// Attractors with this label in the wild type.
    pub wild_type_attractors: usize,
    /// Attractors with this label in the perturbed network.
    pub attractors: usize,
}

/// The shift of a perturbation: per label present in the wild type or the perturbed network,
/// perturbed share minus wild-type share (a label missing on one side counts 0 there). Over all
/// labels the shifts sum to 0 (up to rounding), since both distributions sum to 1.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shift {
    entries: BTreeMap<String, LabelShift>,
}

impl Shift {
    /// The shift from `wild_type` to `perturbed`.
    pub fn between(wild_type: &Distribution, perturbed: &Distribution) -> Shift {
        let mut entries: BTreeMap<String, LabelShift> = BTreeMap::new();
        for (label, s) in wild_type.iter() {
            let e = entries.entry(label.to_string()).or_default();
            e.wild_type = s.share;
            e.wild_type_attractors = s.attractors;
        }
        for (label, s) in perturbed.iter() {
            let e = entries.entry(label.to_string()).or_default();
            e.perturbed = s.share;
            e.attractors = s.attractors;
        }
        for e in entries.values_mut() {
            e.shift = e.perturbed - e.wild_type;
        }
        Shift { entries }
    }

    /// The entry of `label` (all zero when neither side has it).
    pub fn get(&self, label: &str) -> LabelShift {
        self.entries.get(label).copied().unwrap_or_default()
    }

    /// The labels with their shifts, sorted by label.
    pub fn iter(&self) -> impl Iterator<Item = (&str, LabelShift)> + '_ {
        self.entries.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no labels on either side.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The summed shift, wild-type share and perturbed share of the labels `query` matches.
    pub fn matching(&self, query: &LabelQuery) -> LabelShift {
        let mut out = LabelShift::default();
        for (_, e) in self.iter().filter(|(l, _)| query.matches(l)) {
            out.wild_type += e.wild_type;
            out.perturbed += e.perturbed;
            out.wild_type_attractors += e.wild_type_attractors;
            out.attractors += e.attractors;
        }
        out.shift = out.perturbed - out.wild_type;
        out
    }

    /// A one-line summary: every label whose share changed by more than 1e-9, largest change
    /// first, as `M2 share 0.00 → 0.50 (+0.50)`, joined with `; `; `no change in label shares`
    /// when none did.
    pub fn verdict(&self) -> String {
        let mut changed: Vec<(&str, LabelShift)> =
            self.iter().filter(|(_, e)| e.shift.abs() > 1e-9).collect();
        if changed.is_empty() {
            return "no change in label shares".into();
        }
        changed.sort_by(|a, b| b.1.shift.abs().total_cmp(&a.1.shift.abs()));
        changed
            .iter()
            .map(|(l, e)| {
                format!(
                    "{l} share {:.2} → {:.2} ({})",
                    e.wild_type,
                    e.perturbed,
                    signed_change(e.shift)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A change of share with its sign, to two decimals, or to its first significant digit when it
/// would round to zero there (`-0.003`, not `-0.00`; `+2e-7` below a millionth).
fn signed_change(x: f64) -> String {
    let a = x.abs();
    if a >= 0.005 {
        format!("{x:+.2}")
    } else if a >= 1e-6 {
        let digits = (-a.log10()).ceil() as usize;
        format!("{x:+.digits$}")
    } else {
        format!("{x:+.0e}")
    }
}

/// A shift from its entries (label, change), e.g. read back from a screen table.
impl FromIterator<(String, LabelShift)> for Shift {
    fn from_iter<I: IntoIterator<Item = (String, LabelShift)>>(iter: I) -> Shift {
        Shift {
            entries: iter.into_iter().collect(),
        }
    }
}

/// Selects labels. A query is a comma-separated list of patterns (`M2,MIXED+any`); a label is
/// selected when any pattern matches it. Each pattern says explicitly how it matches:
///
/// | pattern | matches | example |
/// |---|---|---|
/// | `M2` | exactly that label | `M2`, not `M2+FIB` |
/// | `M2+any` | that label with any flags, or none | `M2`, `M2+FIB`, `M2+FIB+X` |
/// | `M*+FIB` | the whole label, `*` standing for any text | `M2+FIB`, `MIXED+FIB` |
/// | `part:FIB` | labels with that part (the pieces between `/` and `+`; `*` allowed) | `M2+FIB`, `Apoptosis/M1+FIB` |
///
/// The same queries select labels in `--rank-by`, `--shift`, plots and expectations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelQuery {
    patterns: Vec<LabelPattern>,
}

/// One pattern of a [`LabelQuery`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelPattern {
    /// The whole label matches the glob (`*` any text; without `*`, equality).
    Whole(String),
    /// The label without its `+FLAG` suffixes equals the text.
    WithAnyFlags(String),
    /// One part of the label (between `/` and `+`) matches the glob.
    Part(String),
}

impl LabelPattern {
    /// Reads one pattern: `part:X`, `X+any`, or a whole-label glob.
    pub fn parse(text: &str) -> LabelPattern {
        let text = text.trim();
        if let Some(part) = text.strip_prefix("part:") {
            LabelPattern::Part(part.trim().to_string())
        } else if let Some(base) = text.strip_suffix("+any") {
            LabelPattern::WithAnyFlags(base.to_string())
        } else {
            LabelPattern::Whole(text.to_string())
        }
    }

    /// Whether `label` matches.
    pub fn matches(&self, label: &str) -> bool {
        match self {
            LabelPattern::Whole(glob) => glob_matches(glob, label),
            LabelPattern::WithAnyFlags(base) => label.split('+').next() == Some(base.as_str()),
            LabelPattern::Part(glob) => label.split(['/', '+']).any(|p| glob_matches(glob, p)),
        }
    }
}

impl fmt::Display for LabelPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelPattern::Whole(g) => f.write_str(g),
            LabelPattern::WithAnyFlags(b) => write!(f, "{b}+any"),
            LabelPattern::Part(g) => write!(f, "part:{g}"),
        }
    }
}

impl LabelQuery {
    /// A query for any of `patterns`.
    pub fn new(patterns: impl IntoIterator<Item = LabelPattern>) -> LabelQuery {
        LabelQuery {
            patterns: patterns.into_iter().collect(),
        }
    }

    /// A query from a comma-separated list (`"M2,MIXED+any"`); blanks around patterns are
    /// ignored.
    pub fn parse(text: &str) -> LabelQuery {
        LabelQuery::new(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(LabelPattern::parse),
        )
    }

    /// The patterns, in the order given.
    pub fn patterns(&self) -> &[LabelPattern] {
        &self.patterns
    }

    /// Whether `label` is selected.
    pub fn matches(&self, label: &str) -> bool {
        self.patterns.iter().any(|p| p.matches(label))
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any text (possibly empty); without
/// `*`, whether they are equal.
fn glob_matches(pattern: &str, text: &str) -> bool {
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    let Some((last, middle)) = pieces.split_last() else {
        return rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

impl fmt::Display for LabelQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.patterns.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Attractors that appeared or vanished.
// ---------------------------------------------------------------------------------------------

/// How the attractors of a perturbed network correspond to the wild type's.
///
/// Rule: an attractor is *the same* in both when it has the same states once the perturbed
/// variables are ignored (each state projected onto the variables not perturbed, compared as a
/// set). When either attractor's states are not stored, their patterns over the non-perturbed
/// variables are compared instead. Matching pairs attractors one to one, in order: each
/// perturbed attractor takes the first unmatched wild-type attractor equal to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttractorChanges {
    /// Pairs `(wild-type index, perturbed index)` of attractors present in both.
    pub kept: Vec<(usize, usize)>,
    /// Indices of perturbed attractors with no wild-type counterpart.
    pub appeared: Vec<usize>,
    /// Indices of wild-type attractors with no perturbed counterpart.
    pub vanished: Vec<usize>,
}

/// Matches the attractors of `perturbed` against those of `wild_type`, ignoring the variables in
/// `perturbed_vars` (see [`AttractorChanges`] for the rule).
pub fn match_attractors(
    wild_type: &Exploration,
    perturbed: &Exploration,
    perturbed_vars: &[VarId],
) -> AttractorChanges {
    let keep = |i: usize| !perturbed_vars.iter().any(|v| v.index() == i);
    let pattern = |a: &Attractor| -> Vec<Option<bool>> {
        a.pattern
            .0
            .iter()
            .enumerate()
            .filter(|&(i, _)| keep(i))
            .map(|(_, p)| *p)
            .collect()
    };
    // The stored states with the perturbed variables cleared, sorted and deduplicated (equal
    // sets of projected states, whatever their order). Built only for attractors whose patterns
    // match: the pattern is a function of the state set, so different patterns mean different
    // sets, and most comparisons stop there without touching (possibly a million) states.
    let states = |a: &Attractor| -> Option<Vec<State>> {
        a.is_listed().then(|| {
            let mut s: Vec<State> = a
                .states
                .iter()
                .map(|s| {
                    let mut s = s.clone();
                    for &v in perturbed_vars {
                        if v.index() < s.len() {
                            s.set(v, false);
                        }
                    }
                    s
                })
                .collect();
            s.sort_unstable_by(State::cmp_as_number);
            s.dedup_by(|x, y| x.cmp_as_number(y).is_eq());
            s
        })
    };
    let same_states = |x: &[State], y: &[State]| {
        x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.cmp_as_number(b).is_eq())
    };
    let wt_patterns: Vec<Vec<Option<bool>>> = wild_type.attractors.iter().map(pattern).collect();
    let mut wt_states: Vec<Option<Option<Vec<State>>>> = vec![None; wt_patterns.len()];
    let mut used = vec![false; wt_patterns.len()];
    let mut out = AttractorChanges::default();
    for (j, a) in perturbed.attractors.iter().enumerate() {
        let p = pattern(a);
        let mut mine: Option<Option<Vec<State>>> = None;
        let mut found = None;
        for i in 0..wt_patterns.len() {
            if used[i] || wt_patterns[i] != p {
                continue;
            }
            let w = wt_states[i].get_or_insert_with(|| states(&wild_type.attractors[i]));
            let m = mine.get_or_insert_with(|| states(a));
            let same = match (w, m) {
                (Some(x), Some(y)) => same_states(x, y),
                _ => true,
            };
            if same {
                found = Some(i);
                break;
            }
        }
        match found {
            Some(i) => {
                used[i] = true;
                out.kept.push((i, j));
            }
            None => out.appeared.push(j),
        }
    }
    out.kept.sort_unstable();
    out.vanished = (0..wt_patterns.len()).filter(|&i| !used[i]).collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attractor::{AttractorKind, Method, UpdateScheme};
    use crate::state::State;

    #[test]
    fn small_changes_keep_a_significant_digit() {
        assert_eq!(signed_change(0.5), "+0.50");
        assert_eq!(signed_change(-0.333), "-0.33");
        assert_eq!(signed_change(-0.0034), "-0.003");
        assert_eq!(signed_change(0.001), "+0.001");
        assert_eq!(signed_change(0.00047), "+0.0005");
        assert_eq!(signed_change(-2.0e-7), "-2e-7");
    }

    fn net() -> Network {
        parse_str(
            "A, A\nB, A\nC, !C\nD, B & C\n",
            &ParseOptions::new(Format::Bnet),
        )
        .unwrap()
        .network
    }

    fn attractor(states: &[&str], size: u128) -> Attractor {
        let states: Vec<State> = states
            .iter()
            .map(|s| State::from_bools(&s.chars().map(|c| c == '1').collect::<Vec<_>>()))
            .collect();
        let kind = if states.len() == 1 {
            AttractorKind::FixedPoint
        } else {
            AttractorKind::Cycle
        };
        Attractor::from_states(
            kind,
            states,
            Basin::Partition {
                size: Count::from(size),
            },
        )
    }

    fn exploration(attractors: Vec<Attractor>, explored: u128) -> Exploration {
        Exploration {
            update: UpdateScheme::Synchronous,
            variables: net().names().to_vec(),
            fixed: vec![],
            explored_states: Count::from(explored),
            attractors,
            method: Method::Exhaustive,
            engine: crate::attractor::EngineInfo {
                name: "test",
                core_size: 4,
            },
        }
    }

    #[test]
    fn labels_follow_rules_phenotypes_and_flags() {
        let spec = PhenotypeSpec::from_toml_str(
            r#"
            default = "M0"
            [groups]
            G = ["B", "D"]
            H = ["C"]
            [labels]
            Gon = "G & !H"
            both = "G & H"
            [flags]
            X = "D"
            [phenotypes]
            P = "A & C"
            "#,
        )
        .unwrap();
        let p = spec.bind(&net()).unwrap();
        // A=1, B=1, C oscillates, D follows.
        let a = attractor(&["1100", "1111"], 8);
        let c = p.classify(&a);
        assert_eq!(c.rules, ["both"]);
        assert_eq!(c.oscillating_phenotypes, ["P"]);
        assert_eq!(c.flags, ["X"]);
        assert_eq!(c.label, "both/osc(P)+X");
        assert_eq!(c.oscillating, ["D", "C"]);
        assert_eq!(c.group_activity, [("G".into(), 1.0), ("H".into(), 0.5)]);
        let z = attractor(&["0000"], 8);
        assert_eq!(p.classify(&z).label, "M0");
    }

    #[test]
    fn distribution_sums_basins_per_label() {
        let spec = PhenotypeSpec::from_toml_str("[phenotypes]\nAon = \"A\"\n").unwrap();
        let p = spec.bind(&net()).unwrap();
        let e = exploration(
            vec![
                attractor(&["0000"], 3),
                attractor(&["1100"], 1),
                attractor(&["1110"], 4),
            ],
            8,
        );
        let d = p.distribution(&e);
        assert_eq!(d.share("Aon"), 5.0 / 8.0);
        assert_eq!(d.attractors("Aon"), 2);
        assert_eq!(d.share("none"), 3.0 / 8.0);
        let w = p.distribution(&exploration(vec![attractor(&["0000"], 8)], 8));
        let s = Shift::between(&w, &d);
        assert_eq!(s.get("Aon").shift, 5.0 / 8.0);
        assert_eq!(s.get("none").shift, -5.0 / 8.0);
        assert_eq!(
            s.verdict(),
            "Aon share 0.00 → 0.62 (+0.62); none share 1.00 → 0.38 (-0.62)"
        );
    }

    #[test]
    fn label_queries_say_how_they_match() {
        let exact = LabelQuery::parse("M2, MIXED");
        assert!(exact.matches("M2") && exact.matches("MIXED"));
        assert!(!exact.matches("M2+FIB") && !exact.matches("M1") && !exact.matches("M20"));
        let flags = LabelQuery::parse("M2+any");
        assert!(flags.matches("M2") && flags.matches("M2+FIB") && flags.matches("M2+FIB+X"));
        assert!(!flags.matches("M20+FIB") && !flags.matches("Apoptosis/M2"));
        let part = LabelQuery::parse("part:FIB");
        assert!(part.matches("M2+FIB") && part.matches("Apoptosis/M1+FIB") && !part.matches("M2"));
        assert!(LabelQuery::parse("M2+FIB").matches("M2+FIB"));
        assert_eq!(
            LabelQuery::parse("M2+any, part:FIB,M*").to_string(),
            "M2+any,part:FIB,M*"
        );
        assert!(
            LabelQuery::parse("M2*").matches("M2+FIB") && LabelQuery::parse("M2*").matches("M2")
        );
        assert!(!LabelQuery::parse("M1*").matches("MIXED"));
        assert!(LabelQuery::parse("*FIB").matches("MIXED+FIB"));
        let g = LabelQuery::parse("M*+FIB");
        assert!(g.matches("M2+FIB") && g.matches("MIXED+FIB") && !g.matches("M2"));
        assert!(LabelQuery::parse("*").matches("") && LabelQuery::parse("a*a").matches("aa"));
        assert!(!LabelQuery::parse("a*a").matches("a"));
    }

    #[test]
    fn attractors_match_ignoring_perturbed_variables() {
        let wt = exploration(vec![attractor(&["0000"], 4), attractor(&["1101"], 4)], 8);
        let ko = exploration(vec![attractor(&["0000"], 4), attractor(&["1001"], 4)], 8);
        let c = match_attractors(&wt, &ko, &[VarId::new(1)]);
        assert_eq!(c.kept, vec![(0, 0), (1, 1)]);
        let c = match_attractors(&wt, &ko, &[]);
        assert_eq!(c.kept, vec![(0, 0)]);
        assert_eq!((c.appeared, c.vanished), (vec![1], vec![1]));
    }

    /// The matching rule of [`AttractorChanges`] written out directly: every state projected
    /// to a bool vector, sets compared, patterns when either side's states are not all stored.
    fn naive_match(wt: &Exploration, ko: &Exploration, vars: &[VarId]) -> AttractorChanges {
        let keep = |i: &usize| !vars.iter().any(|v| v.index() == *i);
        let key = |a: &Attractor| {
            let pattern: Vec<Option<bool>> = (0..a.pattern.0.len())
                .filter(keep)
                .map(|i| a.pattern.0[i])
                .collect();
            let states = a.is_listed().then(|| {
                let mut s: Vec<Vec<bool>> = a
                    .states
                    .iter()
                    .map(|s| (0..s.len()).filter(keep).map(|i| s.to_bools()[i]).collect())
                    .collect();
                s.sort();
                s.dedup();
                s
            });
            (states, pattern)
        };
        let wt: Vec<_> = wt.attractors.iter().map(key).collect();
        let mut used = vec![false; wt.len()];
        let mut out = AttractorChanges::default();
        for (j, a) in ko.attractors.iter().enumerate() {
            let k = key(a);
            let same = |w: &(Option<Vec<Vec<bool>>>, Vec<Option<bool>>)| match (&w.0, &k.0) {
                (Some(x), Some(y)) => x == y,
                _ => w.1 == k.1,
            };
            match (0..wt.len()).find(|&i| !used[i] && same(&wt[i])) {
                Some(i) => {
                    used[i] = true;
                    out.kept.push((i, j));
                }
                None => out.appeared.push(j),
            }
        }
        out.kept.sort_unstable();
        out.vanished = (0..wt.len()).filter(|&i| !used[i]).collect();
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Wild type against perturbed, both update schemes, all states stored or only a few.
        #[test]
        fn attractor_matching_equals_the_rule_written_out(
            (net, fixed) in crate::testing::network_with_perturbations(8),
            max_states in proptest::prop_oneof![proptest::prelude::Just(usize::MAX), 0usize..3],
        ) {
            use crate::asynchronous::{self, AsyncConfig};
            use crate::synchronous::{self, SyncConfig};
            let vars: Vec<VarId> = fixed.iter().map(|f| f.0).collect();
            let config = AsyncConfig { max_states, ..AsyncConfig::default() };
            let pairs = [
                (
                    asynchronous::attractors(&net, &[], &config).unwrap(),
                    asynchronous::attractors(&net, &fixed, &config).unwrap(),
                ),
                (
                    synchronous::attractors(&net, &[], &SyncConfig::default()).unwrap(),
                    synchronous::attractors(&net, &fixed, &SyncConfig::default()).unwrap(),
                ),
            ];
            for (wt, ko) in &pairs {
                proptest::prop_assert_eq!(match_attractors(wt, ko, &vars), naive_match(wt, ko, &vars));
                proptest::prop_assert_eq!(match_attractors(wt, wt, &[]).kept.len(), wt.attractors.len());
            }
        }
    }

    #[test]
    fn expressions_reuse_the_bnet_grammar_and_point_into_the_file() {
        let e = PhenotypeSpec::from_toml_str("[phenotypes]\nP = \"A & (B | \"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("line 2, column "), "{e}");
        assert!(e.contains("phenotype 'P'"), "{e}");
        assert_eq!(find_word("AB & A", "A"), Some(5));
    }
}
