//! Conditions: named assignments of a network's inputs (its environments).
//!
//! A condition names the inputs it switches on or off; every input it does not name is 0, as in
//! the biology notes' notation ("LPS" means LPS = 1 and every other input 0). Conditions are read
//! from the `[conditions]` table of a phenotype file (or of a file holding only that table):
//!
//! ```toml
//! [conditions]
//! none = {}
//! infection = { LPS = 1 }
//! "drug+infection" = { BP = 1, LPS = 1 }
//! ```
//!
//! Values are `0`/`1` (or `false`/`true`). Names are checked against the network when the
//! conditions are bound: a name that is not a node, or a node that is not an input (`X, X`), is an
//! error pointing into the file. [`all_conditions`] enumerates every combination of the inputs,
//! and [`ConditionFilter`] selects some of them ("every condition with LPS = 1 and IL4 = 0").

use crate::error::{Error, NameKind, Remedy, closest};
use crate::network::{Network, VarId};
use crate::perturb::parse_assignments;
use crate::phenotype::{Pos, Source, read_raw, read_text, with_path};
use std::path::{Path, PathBuf};

/// The most inputs [`all_conditions`] enumerates (2^16 = 65 536 conditions).
pub const MAX_ALL_CONDITIONS_INPUTS: usize = 16;

/// One input assignment as written.
#[derive(Clone, Debug, PartialEq)]
struct AssignmentSpec {
    name: String,
    value: bool,
    pos: Pos,
}

/// One condition as written.
#[derive(Clone, Debug, PartialEq)]
struct ConditionSpec {
    name: String,
    assignments: Vec<AssignmentSpec>,
}

/// The conditions of a file, as written (names not yet checked against a network).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConditionFile {
    conditions: Vec<ConditionSpec>,
    path: Option<PathBuf>,
}

impl ConditionFile {
    /// Reads the `[conditions]` table of a phenotype or condition file. A file without the table
    /// gives no conditions.
    ///
    /// # Errors
    /// [`Error::Parse`] with line and column: malformed TOML, an unknown top-level key, a
    /// condition that is not a table, a value other than 0/1 (or false/true), or a condition
    /// name with a comma or line break.
    ///
    /// # Examples
    /// ```
    /// use basin::condition::ConditionFile;
    /// let file = ConditionFile::from_toml_str("[conditions]\nnone = {}\ninfection = { LPS = 1 }\n")?;
    /// assert_eq!(file.names(), ["none", "infection"]);
    /// # Ok::<(), basin::Error>(())
    /// ```
    pub fn from_toml_str(text: &str) -> Result<ConditionFile, Error> {
        let raw = read_raw(text)?;
        let src = Source { text };
        let mut conditions = Vec::with_capacity(raw.conditions.0.len());
        for (key, table) in &raw.conditions.0 {
            let name = key.get_ref();
            if name.trim().is_empty() || name.contains([',', '\n', '\r']) {
                return Err(src
                    .of(key)
                    .error(
                        format!("condition name '{name}' must be non-blank and contain no comma or line break"),
                        None,
                    )
                    .into());
            }
            let mut assignments = Vec::with_capacity(table.get_ref().0.len());
            for (input, value) in &table.get_ref().0 {
                let v = match value.get_ref() {
                    toml::Value::Integer(0) | toml::Value::Boolean(false) => false,
                    toml::Value::Integer(1) | toml::Value::Boolean(true) => true,
                    other => {
                        return Err(src
                            .of(value)
                            .error(
                                format!(
                                    "condition '{name}': value {other} of '{}' is not 0 or 1",
                                    input.get_ref()
                                ),
                                None,
                            )
                            .into());
                    }
                };
                assignments.push(AssignmentSpec {
                    name: input.get_ref().clone(),
                    value: v,
                    pos: src.of(input),
                });
            }
            conditions.push(ConditionSpec {
                name: name.clone(),
                assignments,
            });
        }
        Ok(ConditionFile {
            conditions,
            path: None,
        })
    }

    /// Reads the `[conditions]` table of a file.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; otherwise as
    /// [`ConditionFile::from_toml_str`], with the path in the message.
    pub fn read(path: &Path) -> Result<ConditionFile, Error> {
        let text = read_text(path)?;
        let mut file = ConditionFile::from_toml_str(&text).map_err(|e| with_path(e, path))?;
        file.path = Some(path.to_path_buf());
        Ok(file)
    }

    /// The condition names, in file order.
    pub fn names(&self) -> Vec<&str> {
        self.conditions.iter().map(|c| c.name.as_str()).collect()
    }

    /// Number of conditions.
    pub fn len(&self) -> usize {
        self.conditions.len()
    }

    /// Whether the file defines no condition.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }

    /// Checks every condition against `network` and gives them in file order, each with a value
    /// for every input.
    ///
    /// # Errors
    /// [`Error::Parse`] pointing into the file: a name that is not a node (with a "did you mean"
    /// hint), or a node that is not an input.
    pub fn bind(&self, network: &Network) -> Result<Vec<Condition>, Error> {
        let path = self.path.as_deref();
        let names: Vec<&str> = network.names().iter().map(String::as_str).collect();
        let mut out = Vec::with_capacity(self.conditions.len());
        for c in &self.conditions {
            let mut set = Vec::with_capacity(c.assignments.len());
            for a in &c.assignments {
                let Some(var) = network.find(&a.name) else {
                    let mut e = a.pos.error(
                        format!("condition '{}': unknown node '{}'", c.name, a.name),
                        path,
                    );
                    if let Some(close) = closest(&a.name, names.iter().copied()) {
                        e = e.with_hint(format!("did you mean '{close}'?"));
                    }
                    return Err(e.into());
                };
                if !network.is_input(var) {
                    return Err(a
                        .pos
                        .error(
                            format!(
                                "condition '{}': '{}' is not an input (its rule is not '{1}, {1}')",
                                c.name, a.name
                            ),
                            path,
                        )
                        .with_hint(
                            "a condition sets inputs only; fix other nodes with a perturbation",
                        )
                        .into());
                }
                set.push((var, a.value));
            }
            out.push(Condition::new(network, &c.name, &set));
        }
        Ok(out)
    }
}

/// A condition bound to a network: a name and a value for every input.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Condition {
    /// The name (`infection`, or `LPS+IL4` for generated conditions).
    pub name: String,
    /// Every input of the network with its value, in network order.
    pub inputs: Vec<(VarId, bool)>,
}

impl Condition {
    /// A condition named `name` that sets the inputs in `set` and every other input to 0.
    /// Entries of `set` that are not inputs of `network` are ignored; use
    /// [`crate::perturb::parse_inputs`] or [`ConditionFile::bind`] to validate first.
    pub fn new(network: &Network, name: &str, set: &[(VarId, bool)]) -> Condition {
        let inputs = network
            .inputs()
            .into_iter()
            .map(|v| {
                let value = set.iter().rev().find(|(s, _)| *s == v).is_some_and(|p| p.1);
                (v, value)
            })
            .collect();
        Condition {
            name: name.to_string(),
            inputs,
        }
    }

    /// A condition from input values, named after the inputs it switches on (see
    /// [`Condition::describe`]).
    pub fn from_inputs(network: &Network, set: &[(VarId, bool)]) -> Condition {
        let mut c = Condition::new(network, "", set);
        c.name = c.describe(network);
        c
    }

    /// The values to fix: every input with its value, in network order.
    pub fn fixed(&self) -> &[(VarId, bool)] {
        &self.inputs
    }

    /// The value of input `var`, `None` when `var` is not an input.
    pub fn value(&self, var: VarId) -> Option<bool> {
        self.inputs.iter().find(|(v, _)| *v == var).map(|p| p.1)
    }

    /// The inputs switched on, in network order.
    pub fn on(&self) -> impl Iterator<Item = VarId> + '_ {
        self.inputs.iter().filter(|p| p.1).map(|p| p.0)
    }

    /// The inputs switched on, joined with `+` in network order (`LPS+IL4`), or `none`.
    pub fn describe(&self, network: &Network) -> String {
        let on: Vec<&str> = self.on().map(|v| network.name(v)).collect();
        if on.is_empty() {
            "none".into()
        } else {
            on.join("+")
        }
    }
}

/// Every combination of the inputs of `network`, named by [`Condition::describe`]: first the
/// condition with no input on (`none`), then one input on, two, and so on; within one size, in
/// lexicographic order of the inputs' positions (`BP`, `LPS`, …, `BP+LPS`, `BP+IFNG`, …).
///
/// # Errors
/// [`Error::Limit`] when the network has more than [`MAX_ALL_CONDITIONS_INPUTS`] inputs.
pub fn all_conditions(network: &Network) -> Result<Vec<Condition>, Error> {
    let inputs = network.inputs();
    let k = inputs.len();
    if k > MAX_ALL_CONDITIONS_INPUTS {
        return Err(Error::Limit {
            what: format!(
                "every combination of {k} inputs is {} conditions, more than the {} allowed",
                1u128 << k,
                1u64 << MAX_ALL_CONDITIONS_INPUTS
            ),
            remedies: vec![Remedy::NameConditions],
        });
    }
    let mut masks: Vec<u32> = (0..1u32 << k).collect();
    // Size first, then lexicographic on the sorted list of positions switched on.
    let positions = |m: u32| (0..k).filter(|i| m >> i & 1 == 1).collect::<Vec<_>>();
    masks.sort_by_cached_key(|&m| (m.count_ones(), positions(m)));
    Ok(masks
        .into_iter()
        .map(|m| {
            let set: Vec<(VarId, bool)> = inputs
                .iter()
                .enumerate()
                .map(|(i, &v)| (v, m >> i & 1 == 1))
                .collect();
            Condition::from_inputs(network, &set)
        })
        .collect())
}

/// Groups `conditions` into input classes: conditions the network cannot tell apart, because
/// every variable that is not an input has the same rule once the condition's input values are
/// substituted and folded ([`crate::expr::Expr::restrict`]). The conditions of one class
/// explore the same network on the other variables: the same attractors, basins, reach
/// probabilities and labels, apart from the inputs' own values (and a label that reads an
/// input). Under any perturbation too: fixing a variable keeps equal rules equal.
///
/// Each class is a list of indices into `conditions`, in their order; classes are in the order
/// of their first member. The rules are compared as folded expressions, not as functions, so
/// two conditions giving equivalent rules written differently stay apart: classes may be split
/// more finely than necessary, never merged wrongly. (An input masked only where the rules
/// meet it, as in `TLR4 = LPS | TRAUMA` with `LPS = 1`, folds away.)
pub fn input_classes(network: &Network, conditions: &[Condition]) -> Vec<Vec<usize>> {
    let others: Vec<VarId> = network.vars().filter(|&v| !network.is_input(v)).collect();
    let mut value: Vec<Option<bool>> = vec![None; network.num_vars()];
    let mut index: hashbrown::HashMap<Vec<crate::expr::Expr>, usize> = hashbrown::HashMap::new();
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for (i, condition) in conditions.iter().enumerate() {
        value.iter_mut().for_each(|x| *x = None);
        for &(v, b) in condition.fixed() {
            value[v.index()] = Some(b);
        }
        let key: Vec<crate::expr::Expr> = others
            .iter()
            .map(|&v| network.function(v).restrict(|x| value[x.index()]))
            .collect();
        match index.entry(key) {
            hashbrown::hash_map::Entry::Occupied(e) => classes[*e.get()].push(i),
            hashbrown::hash_map::Entry::Vacant(e) => {
                e.insert(classes.len());
                classes.push(vec![i]);
            }
        }
    }
    classes
}

/// The condition called `name` among `conditions`.
///
/// # Errors
/// [`Error::UnknownName`] naming the condition, with a "did you mean" hint or the list of names.
pub fn find<'a>(conditions: &'a [Condition], name: &str) -> Result<&'a Condition, Error> {
    if let Some(c) = conditions.iter().find(|c| c.name == name) {
        return Ok(c);
    }
    let names = conditions.iter().map(|c| c.name.as_str());
    Err(Error::unknown_name_listing(
        NameKind::Condition,
        name,
        names,
    ))
}

/// Which conditions a run uses, as its caller chose them: conditions by name, every
/// combination of the inputs, or input values. [`Selection::resolve`] is the one rule every
/// front end (the command line, the Python package, tests) applies, so that the same choice
/// means the same conditions everywhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Named conditions, in the order given.
    pub names: Vec<String>,
    /// Every combination of the inputs ([`all_conditions`]).
    pub all: bool,
    /// Input values: one condition, the inputs not named are 0 (as in a named condition).
    pub inputs: Vec<(VarId, bool)>,
    /// With `all`: one condition per input class ([`input_classes`]), the first of each,
    /// instead of every combination.
    pub classes: bool,
}

/// What to run under when a [`Selection`] chooses nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DefaultConditions {
    /// No condition: every input stays free (attractor listings, plots, time courses).
    #[default]
    FreeInputs,
    /// Every named condition, or every input off when none is named (knockouts, screens:
    /// their shares are compared condition by condition).
    Named,
}

/// A [`Selection`] that cannot be resolved as made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SelectionError {
    /// Input values together with named conditions or every condition: a condition already
    /// sets every input.
    InputsWithConditions,
    /// Conditions named, but no phenotype or condition file names any.
    NoConditionFile,
}

impl std::fmt::Display for SelectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SelectionError::InputsWithConditions => {
                "input values cannot be combined with named conditions or every condition; a \
                 condition sets every input"
            }
            SelectionError::NoConditionFile => {
                "a named condition needs a phenotype or condition file naming it"
            }
        })
    }
}

impl Selection {
    /// The conditions selected, or `None` for "no condition" (explore with every input free).
    ///
    /// `named` holds the conditions of the phenotype or condition file, `None` when no such
    /// file was given. Named conditions are looked up in it; every condition is
    /// [`all_conditions`]; input values are one condition in which the inputs not named are 0
    /// (one rule for every command); otherwise `default` decides.
    ///
    /// # Errors
    /// [`Error::Selection`] for a choice that cannot be made as stated, [`Error::UnknownName`]
    /// for a condition the file does not name, and [`all_conditions`]' limit.
    pub fn resolve(
        &self,
        network: &Network,
        named: Option<&[Condition]>,
        default: DefaultConditions,
    ) -> Result<Option<Vec<Condition>>, Error> {
        let explicit = !self.names.is_empty() || self.all;
        if explicit && !self.inputs.is_empty() {
            return Err(Error::Selection(SelectionError::InputsWithConditions));
        }
        if self.all {
            let all = all_conditions(network)?;
            if self.classes {
                return Ok(Some(
                    input_classes(network, &all)
                        .into_iter()
                        .map(|class| all[class[0]].clone())
                        .collect(),
                ));
            }
            return Ok(Some(all));
        }
        if !self.names.is_empty() {
            let Some(named) = named else {
                return Err(Error::Selection(SelectionError::NoConditionFile));
            };
            return self
                .names
                .iter()
                .map(|name| find(named, name).cloned())
                .collect::<Result<_, _>>()
                .map(Some);
        }
        if !self.inputs.is_empty() {
            return Ok(Some(vec![Condition::from_inputs(network, &self.inputs)]));
        }
        let named = named.unwrap_or(&[]);
        match default {
            DefaultConditions::FreeInputs => Ok(None),
            DefaultConditions::Named if named.is_empty() => {
                Ok(Some(vec![Condition::from_inputs(network, &[])]))
            }
            DefaultConditions::Named => Ok(Some(named.to_vec())),
        }
    }
}

/// Selects conditions by input values: "every condition with LPS = 1 and IL4 = 0".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConditionFilter {
    require: Vec<(VarId, bool)>,
}

impl ConditionFilter {
    /// A filter requiring each `(input, value)`.
    pub fn new(require: Vec<(VarId, bool)>) -> ConditionFilter {
        ConditionFilter { require }
    }

    /// A filter from `NAME=0|1` texts, every name an input of `network`.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the bad token: an unknown node, a value other than 0/1, the
    /// same input with both values, or a node that is not an input.
    pub fn parse<S: AsRef<str>>(network: &Network, texts: &[S]) -> Result<ConditionFilter, Error> {
        let require =
            parse_assignments(network, texts).map_err(|e| e.in_context("condition filter"))?;
        if let Some(&(v, _)) = require.iter().find(|(v, _)| !network.is_input(*v)) {
            return Err(Error::NotAnInput {
                name: network.name(v).to_string(),
                context: Some("condition filter".into()),
            });
        }
        Ok(ConditionFilter { require })
    }

    /// Whether `condition` sets every required input to the required value.
    pub fn matches(&self, condition: &Condition) -> bool {
        self.require
            .iter()
            .all(|&(v, value)| condition.value(v) == Some(value))
    }

    /// The conditions that match, in their order.
    pub fn apply<'a>(&self, conditions: &'a [Condition]) -> Vec<&'a Condition> {
        conditions.iter().filter(|c| self.matches(c)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};

    fn net() -> Network {
        parse_str(
            "LPS, LPS\nNFKB, LPS & !IL4\nIL4, IL4\nBP, BP\n",
            &ParseOptions::new(Format::Bnet),
        )
        .unwrap()
        .network
    }

    #[test]
    fn one_selection_rule() {
        let n = net();
        let file = ConditionFile::from_toml_str("[conditions]\ninfection = { LPS = 1 }\n").unwrap();
        let named = file.bind(&n).unwrap();
        let lps = n.find("LPS").unwrap();
        let pick = |s: Selection, named: Option<&[Condition]>, d| s.resolve(&n, named, d);
        // Nothing chosen: free inputs, or the file's conditions.
        assert_eq!(
            pick(
                Selection::default(),
                Some(&named),
                DefaultConditions::FreeInputs
            )
            .unwrap(),
            None
        );
        assert_eq!(
            pick(Selection::default(), Some(&named), DefaultConditions::Named).unwrap(),
            Some(named.clone())
        );
        let none = pick(Selection::default(), None, DefaultConditions::Named)
            .unwrap()
            .unwrap();
        assert_eq!(none.len(), 1);
        assert!(none[0].fixed().iter().all(|&(_, v)| !v));
        // Input values are one condition whose other inputs are 0, whatever the default.
        let inputs = Selection {
            inputs: vec![(lps, true)],
            ..Selection::default()
        };
        for d in [DefaultConditions::FreeInputs, DefaultConditions::Named] {
            let c = pick(inputs.clone(), None, d).unwrap().unwrap();
            assert_eq!(c, vec![Condition::from_inputs(&n, &[(lps, true)])]);
            assert_eq!(c[0].fixed().iter().filter(|&&(_, v)| v).count(), 1);
        }
        // Names are looked up in the file; no file, or an unknown name, is refused.
        let names = |v: &[&str]| Selection {
            names: v.iter().map(|s| s.to_string()).collect(),
            ..Selection::default()
        };
        assert_eq!(
            pick(
                names(&["infection"]),
                Some(&named),
                DefaultConditions::FreeInputs
            )
            .unwrap(),
            Some(named.clone())
        );
        assert!(matches!(
            pick(names(&["infection"]), None, DefaultConditions::Named),
            Err(Error::Selection(SelectionError::NoConditionFile))
        ));
        assert!(matches!(
            pick(
                names(&["infektion"]),
                Some(&named),
                DefaultConditions::Named
            ),
            Err(Error::UnknownName { .. })
        ));
        // Every condition; input values with conditions conflict.
        let all = Selection {
            all: true,
            ..Selection::default()
        };
        assert_eq!(
            pick(all.clone(), None, DefaultConditions::FreeInputs)
                .unwrap()
                .unwrap()
                .len(),
            8
        );
        let both = Selection {
            inputs: vec![(lps, true)],
            ..all
        };
        assert!(matches!(
            pick(both, Some(&named), DefaultConditions::Named),
            Err(Error::Selection(SelectionError::InputsWithConditions))
        ));
    }

    #[test]
    fn unnamed_inputs_are_off() {
        let n = net();
        let file = ConditionFile::from_toml_str("[conditions]\ninfection = { LPS = 1 }\n").unwrap();
        let c = &file.bind(&n).unwrap()[0];
        assert_eq!(c.name, "infection");
        assert_eq!(
            c.fixed(),
            [
                (VarId::new(0), true),
                (VarId::new(2), false),
                (VarId::new(3), false)
            ]
        );
        assert_eq!(c.describe(&n), "LPS");
    }

    #[test]
    fn all_conditions_are_ordered_by_size_then_position() {
        let names: Vec<String> = all_conditions(&net())
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(
            names,
            [
                "none",
                "LPS",
                "IL4",
                "BP",
                "LPS+IL4",
                "LPS+BP",
                "IL4+BP",
                "LPS+IL4+BP"
            ]
        );
    }

    #[test]
    fn filters_select_by_input_values() {
        let n = net();
        let all = all_conditions(&n).unwrap();
        let f = ConditionFilter::parse(&n, &["LPS=1", "IL4=0"]).unwrap();
        let names: Vec<&str> = f.apply(&all).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["LPS", "LPS+BP"]);
        assert!(ConditionFilter::parse(&n, &["NFKB=1"]).is_err());
    }

    #[test]
    fn bad_conditions_are_errors_pointing_into_the_file() {
        let n = net();
        let text = "[conditions]\ndrug = { BP = 1 }\nbad = { NFKB = 1 }\n";
        let e = ConditionFile::from_toml_str(text)
            .unwrap()
            .bind(&n)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("line 3, column 9: condition 'bad': 'NFKB' is not an input"),
            "{e}"
        );
        let e = ConditionFile::from_toml_str("[conditions]\nx = { LPSS = 1 }\n")
            .unwrap()
            .bind(&n)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unknown node 'LPSS'") && e.contains("did you mean 'LPS'"),
            "{e}"
        );
        let e = ConditionFile::from_toml_str("[conditions]\nx = { LPS = 2 }\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("line 2, column 13: condition 'x': value 2"),
            "{e}"
        );
        assert!(
            find(&[], "x")
                .unwrap_err()
                .to_string()
                .contains("no conditions")
        );
    }
}
