//! Priority classes (GINsim's convention): the variables are split into ordered classes; in a
//! state, only the variables of the highest-priority class that has an updatable variable (one
//! with `f_i(x) ≠ x_i`) may change. Inside that class the update is asynchronous (one of them
//! flips: one successor per updatable variable) or, if the class says so, synchronous (all of
//! them flip at once: one successor). Variables no class names form a last, lowest-priority,
//! asynchronous class, so without classes the scheme is the fully asynchronous one.
//!
//! Formally, with classes `K_1 > K_2 > … > K_m` and `U(x) = {i : f_i(x) ≠ x_i}`: let `c` be the
//! first class with `U(x) ∩ K_c ≠ ∅`; the successors of `x` are `{flip_i(x) : i ∈ U(x) ∩ K_c}`
//! (asynchronous class) or `{flip_{U(x) ∩ K_c}(x)}` (synchronous class). Fixed points are those
//! of every other scheme; attractors are the terminal strongly connected components of this
//! graph, and the reach probability of an attractor is the probability of ending in it when
//! each step picks one successor uniformly (one updatable variable of the active class).
//!
//! Written in a TOML file (`--priorities FILE`), classes first to last, highest priority first:
//!
//! ```toml
//! [[class]]
//! name = "signalling"          # optional, for messages
//! nodes = ["TGFBR", "SMAD2"]
//! update = "async"             # the default; "sync" flips the class's updatable nodes at once
//!
//! [[class]]
//! nodes = ["NOS2", "ARG1"]
//! ```
//!
//! The explicit asynchronous engine takes classes whose update is asynchronous as a restriction
//! of its "can flip" sets (`E_i = D_i ∖ ∪_{j in higher classes} D_j`, see
//! [`crate::asynchronous`]); a synchronous class of several variables is not a single-variable
//! flip, so it is explored by [`naive_attractors`], the explicit state graph, on small spaces.
//! Outputs are not reduced away under priorities: an output in a slow class may be starved by
//! a faster core, which changes the attractors.

use crate::attractor::Exploration;
use crate::error::{Error, NameKind, ParseError, ParseErrorKind, Span};
use crate::network::{Network, VarId};
use serde::Deserialize;
use std::path::Path;

/// One priority class.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PriorityClass {
    /// Its name, as written (or `class N`).
    pub name: String,
    /// Its variables.
    pub vars: Vec<VarId>,
    /// Whether the class's updatable variables flip together (one successor) instead of one
    /// at a time.
    pub synchronous: bool,
}

/// Ordered priority classes, highest priority first (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Priorities {
    classes: Vec<PriorityClass>,
    /// For each variable, its class (`classes.len()` for the implicit last class).
    class_of: Vec<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    class: Vec<RawClass>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    name: Option<String>,
    nodes: Vec<String>,
    update: Option<String>,
}

impl Priorities {
    /// Classes over `network`'s variables, highest priority first; variables in no class form
    /// a last asynchronous class.
    ///
    /// # Errors
    /// [`Error::ConflictingAssignment`] for a variable in two classes, [`Error::Invalid`] for an
    /// empty class.
    pub fn new(network: &Network, classes: Vec<PriorityClass>) -> Result<Priorities, Error> {
        let mut class_of = vec![classes.len(); network.num_vars()];
        for (c, class) in classes.iter().enumerate() {
            if class.vars.is_empty() {
                return Err(Error::Invalid(format!(
                    "priority class '{}' has no variables",
                    class.name
                )));
            }
            for &v in &class.vars {
                if class_of[v.index()] != classes.len() {
                    return Err(Error::ConflictingAssignment {
                        name: network.name(v).to_string(),
                    });
                }
                class_of[v.index()] = c;
            }
        }
        Ok(Priorities { classes, class_of })
    }

    /// Reads classes from TOML text (see the module documentation).
    ///
    /// # Errors
    /// [`Error::Parse`] for malformed TOML (with line and column), [`Error::UnknownName`] for a
    /// node the network does not have, and the errors of [`Priorities::new`].
    pub fn from_toml_str(network: &Network, text: &str) -> Result<Priorities, Error> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let span = e.span().map_or(Span::default(), |r| {
                let before = &text[..r.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                Span::new(line, column, 1)
            });
            Error::Parse(Box::new(
                ParseError::new(
                    ParseErrorKind::Invalid(e.message().trim().to_string()),
                    span,
                )
                .attach_source(text),
            ))
        })?;
        let mut classes = Vec::with_capacity(raw.class.len());
        for (i, c) in raw.class.into_iter().enumerate() {
            let name = c.name.unwrap_or_else(|| format!("class {}", i + 1));
            let synchronous = match c.update.as_deref() {
                None | Some("async") => false,
                Some("sync") => true,
                Some(other) => {
                    return Err(Error::invalid_value(
                        "priority class update",
                        other,
                        "sync or async",
                    ));
                }
            };
            let vars = c
                .nodes
                .iter()
                .map(|n| {
                    network.find(n).ok_or_else(|| {
                        Error::unknown_name(
                            NameKind::Node,
                            n,
                            network.names().iter().map(String::as_str),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            classes.push(PriorityClass {
                name,
                vars,
                synchronous,
            });
        }
        Priorities::new(network, classes)
    }

    /// Reads a priorities file.
    ///
    /// # Errors
    /// [`Error::Io`], and those of [`Priorities::from_toml_str`] (with the path).
    pub fn read(network: &Network, path: &Path) -> Result<Priorities, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Priorities::from_toml_str(network, &text).map_err(|e| match e {
            Error::Parse(p) => Error::Parse(Box::new(p.with_path(path))),
            other => other.in_context(path.display().to_string()),
        })
    }

    /// The classes in words, fastest first: `phosphorylation (16) > transcription (12, sync) >
    /// the rest (8)`.
    pub fn describe(&self, network: &Network) -> String {
        let mut parts: Vec<String> = self
            .classes
            .iter()
            .map(|c| {
                let sync = if c.synchronous { ", sync" } else { "" };
                format!("{} ({}{sync})", c.name, c.vars.len())
            })
            .collect();
        let rest = network
            .vars()
            .filter(|&v| self.class_of(v) == self.classes.len())
            .count();
        if rest > 0 {
            parts.push(format!("the rest ({rest})"));
        }
        parts.join(" > ")
    }

    /// The classes, highest priority first (without the implicit last class).
    pub fn classes(&self) -> &[PriorityClass] {
        &self.classes
    }

    /// The class of `var`: its position in [`Priorities::classes`], or `classes().len()` for
    /// the implicit last class.
    pub fn class_of(&self, var: VarId) -> usize {
        self.class_of[var.index()]
    }

    /// Whether some class of more than one variable is synchronous (the explicit asynchronous
    /// engine explores the others).
    pub fn has_synchronous_class(&self) -> bool {
        self.classes
            .iter()
            .any(|c| c.synchronous && c.vars.len() > 1)
    }

    /// Whether the network this was built for has `n` variables.
    pub(crate) fn fits(&self, n: usize) -> bool {
        self.class_of.len() == n
    }

    /// The variables that change in the successors of a state, given its updatable variables
    /// `updatable` (in any order): one set per successor.
    pub fn moves(&self, updatable: &[VarId]) -> Vec<Vec<VarId>> {
        let Some(active) = updatable.iter().map(|&v| self.class_of(v)).min() else {
            return Vec::new();
        };
        let members: Vec<VarId> = updatable
            .iter()
            .copied()
            .filter(|&v| self.class_of(v) == active)
            .collect();
        match self.classes.get(active) {
            Some(c) if c.synchronous => vec![members],
            _ => members.into_iter().map(|v| vec![v]).collect(),
        }
    }
}

/// The attractors of `network` under `priorities` with `fixed` held, from the explicit state
/// graph one state at a time (no reduction, every variable but the fixed ones): the reference
/// the engine is tested against, and the engine for synchronous classes. Basins and reach
/// probabilities as [`crate::asynchronous::naive_attractors`].
///
/// # Errors
/// As [`crate::asynchronous::naive_attractors`] (at most
/// [`crate::asynchronous::NAIVE_MAX_FREE`] free variables); [`Error::Invalid`] for classes
/// written for another network.
pub fn naive_attractors(
    network: &Network,
    fixed: &[(VarId, bool)],
    priorities: &Priorities,
) -> Result<Exploration, Error> {
    if !priorities.fits(network.num_vars()) {
        return Err(Error::Invalid(
            "the priority classes are written for another network".into(),
        ));
    }
    crate::asynchronous::naive_graph_attractors(
        network,
        fixed,
        crate::attractor::UpdateScheme::Asynchronous,
        &|updatable: &[VarId]| priorities.moves(updatable),
        None,
    )
}
