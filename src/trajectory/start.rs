//! [`Start`]: where the cell starts — one state, a subspace (uniform over it), or a
//! distribution over states (the attractors of a label under a condition, or what a protocol
//! step settled into).

use crate::attractor::{Exploration, Pattern, UpdateScheme};
use crate::engine::EngineOptions;
use crate::error::{Error, NameKind};
use crate::network::{Network, VarId};
use crate::phenotype::Phenotypes;
use crate::state::State;
use std::fmt;

/// Where the cell starts. Variables a condition or a perturbation fixes take their fixed values
/// whatever the start says (the cell is exposed to the condition from the first step).
#[derive(Clone, Debug, PartialEq)]
pub enum Start {
    /// One state of the whole network.
    State(State),
    /// Every state matching a pattern, each with the same probability.
    Pattern(Pattern),
    /// States with probabilities (summing to 1).
    Distribution {
        /// What the distribution is, in words ("the M0 attractors under none").
        name: String,
        /// The states and their probabilities.
        states: Vec<(State, f64)>,
    },
}

/// Starts compare equal when their states and weights are bit for bit equal (weights are
/// never NaN: they come from probabilities).
impl Eq for Start {}

impl Start {
    /// Reads a start: a state (`0101…`, one digit per variable in file order), a pattern
    /// (`01*1…`, `*` for a free variable), or assignments `NAME=0|1` separated by commas or
    /// spaces, the unnamed variables 0 — or free when the list holds a lone `*`
    /// (`Akt=1,*`).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for a string of the wrong length or with other characters,
    /// [`Error::UnknownName`] for an assignment to an unknown variable,
    /// [`Error::ConflictingAssignment`] for a variable given twice.
    pub fn parse(network: &Network, text: &str) -> Result<Start, Error> {
        let text = text.trim();
        let n = network.num_vars();
        if !text.is_empty() && text.chars().all(|c| matches!(c, '0' | '1' | '*')) {
            if text.chars().count() != n {
                return Err(Error::invalid_value(
                    "start",
                    text,
                    format!("one 0, 1 or * per variable ({n})"),
                ));
            }
            let values: Vec<Option<bool>> = text
                .chars()
                .map(|c| match c {
                    '0' => Some(false),
                    '1' => Some(true),
                    _ => None,
                })
                .collect();
            return Ok(Start::from_values(values));
        }
        let mut values: Vec<Option<bool>> = vec![None; n];
        let mut rest_free = false;
        for item in text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
        {
            if item == "*" {
                rest_free = true;
                continue;
            }
            let Some((name, value)) = item.split_once('=') else {
                return Err(Error::invalid_value(
                    "start",
                    text,
                    "a state (0101…), a pattern (01*1…) or NAME=0|1 assignments",
                ));
            };
            let var = network.find(name.trim()).ok_or_else(|| {
                Error::unknown_name(
                    NameKind::Node,
                    name.trim(),
                    network.names().iter().map(String::as_str),
                )
            })?;
            let b = match value.trim() {
                "0" => false,
                "1" => true,
                other => return Err(Error::invalid_value("start", other, "0 or 1")),
            };
            if values[var.index()].is_some_and(|old| old != b) {
                return Err(Error::ConflictingAssignment {
                    name: name.trim().to_string(),
                });
            }
            values[var.index()] = Some(b);
        }
        if !rest_free {
            for v in &mut values {
                v.get_or_insert(false);
            }
        }
        Ok(Start::from_values(values))
    }

    /// A state when every value is given, otherwise a pattern.
    fn from_values(values: Vec<Option<bool>>) -> Start {
        if values.iter().all(Option::is_some) {
            Start::State(State::from_bools(
                &values
                    .into_iter()
                    .map(Option::unwrap_or_default)
                    .collect::<Vec<_>>(),
            ))
        } else {
            Start::Pattern(Pattern(values))
        }
    }

    /// The states of the attractors of `exploration`, each attractor weighted by `weights` (in
    /// attractor order; normalised here) and its states equally; attractors of weight 0 are
    /// left out.
    ///
    /// # Errors
    /// [`Error::Invalid`] when no attractor has a positive weight, or one that has does not
    /// list all its states (raise [`EngineOptions::max_states`]).
    pub fn from_attractors(
        name: impl Into<String>,
        exploration: &Exploration,
        weights: &[f64],
    ) -> Result<Start, Error> {
        let name = name.into();
        let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
        if total.is_nan() || total <= 0.0 {
            return Err(Error::Invalid(format!(
                "{name}: no attractor to start from"
            )));
        }
        let mut states = Vec::new();
        for (a, &w) in exploration.attractors.iter().zip(weights) {
            if w.is_nan() || w <= 0.0 {
                continue;
            }
            if !a.is_listed() {
                return Err(Error::Invalid(format!(
                    "{name}: an attractor of {} states lists only {}; raise the number of states \
                     kept per attractor",
                    a.num_states,
                    a.states.len()
                )));
            }
            let each = w / total / a.states.len() as f64;
            states.extend(a.states.iter().map(|s| (s.clone(), each)));
        }
        Ok(Start::Distribution { name, states })
    }

    /// The attractors labelled `label` by `phenotypes` when `network` is explored with `fixed`
    /// held (a condition) from a uniformly random state, each weighted by its share.
    ///
    /// # Errors
    /// As [`crate::engine::explore`]; [`Error::UnknownName`] when no attractor has the label.
    pub fn of_label(
        network: &Network,
        phenotypes: &Phenotypes,
        label: &str,
        condition: &str,
        fixed: &[(VarId, bool)],
        update: UpdateScheme,
        options: &EngineOptions,
    ) -> Result<Start, Error> {
        let options = EngineOptions {
            start: None,
            ..options.clone()
        };
        let exploration = crate::engine::explore(network, fixed, update, &options)?;
        let labels: Vec<String> = phenotypes
            .classify_all(&exploration)
            .into_iter()
            .map(|c| c.label)
            .collect();
        let weights: Vec<f64> = exploration
            .attractors
            .iter()
            .zip(&labels)
            .map(|(a, l)| {
                if l == label {
                    a.basin.share(&exploration.explored_states).unwrap_or(1.0)
                } else {
                    0.0
                }
            })
            .collect();
        if weights.iter().all(|w| *w <= 0.0) {
            let mut known: Vec<&str> = labels.iter().map(String::as_str).collect();
            known.sort_unstable();
            known.dedup();
            return Err(Error::Invalid(format!(
                "no attractor is labelled '{label}' under {condition} (labels: {})",
                known.join(", ")
            )));
        }
        Start::from_attractors(
            format!("the {label} attractors under {condition}"),
            &exploration,
            &weights,
        )
    }

    /// The number of variables the start is written for.
    pub fn num_vars(&self) -> Option<usize> {
        match self {
            Start::State(s) => Some(s.len()),
            Start::Pattern(p) => Some(p.0.len()),
            Start::Distribution { states, .. } => states.first().map(|(s, _)| s.len()),
        }
    }

    /// The states with positive probability, with their probabilities, for a state or a
    /// distribution (a pattern's states are not enumerated here).
    ///
    /// # Panics
    /// On a pattern.
    pub(crate) fn weighted_states(&self) -> Box<dyn Iterator<Item = (&State, f64)> + '_> {
        match self {
            Start::State(s) => Box::new(std::iter::once((s, 1.0))),
            Start::Distribution { states, .. } => Box::new(
                states
                    .iter()
                    .filter(|(_, w)| *w > 0.0)
                    .map(|(s, w)| (s, *w)),
            ),
            Start::Pattern(_) => unreachable!("patterns are handled as subspaces"),
        }
    }

    /// Checks that the start is written for `network`.
    ///
    /// # Errors
    /// [`Error::Invalid`] for a start of another length or an empty distribution.
    pub fn check(&self, network: &Network) -> Result<(), Error> {
        match self.num_vars() {
            Some(n) if n == network.num_vars() => Ok(()),
            Some(n) => Err(Error::Invalid(format!(
                "the start has {n} values; the network has {} variables",
                network.num_vars()
            ))),
            None => Err(Error::Invalid("the start distribution is empty".into())),
        }
    }
}

/// `state 0101`, `pattern 01*1`, or the distribution's name.
impl fmt::Display for Start {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Start::State(s) => write!(f, "state {s}"),
            Start::Pattern(p) => write!(f, "pattern {p}"),
            Start::Distribution { name, .. } => f.write_str(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};

    fn net() -> Network {
        parse_str("A, !B\nB, !A\nC, A\n", &ParseOptions::new(Format::Bnet))
            .unwrap()
            .network
    }

    #[test]
    fn states_patterns_and_assignments_read_back() {
        let n = net();
        assert_eq!(Start::parse(&n, "101").unwrap().to_string(), "state 101");
        assert_eq!(Start::parse(&n, "1*1").unwrap().to_string(), "pattern 1*1");
        assert_eq!(Start::parse(&n, "C=1").unwrap().to_string(), "state 001");
        assert_eq!(
            Start::parse(&n, "A=1, *").unwrap().to_string(),
            "pattern 1**"
        );
        assert!(Start::parse(&n, "10").is_err());
        assert!(Start::parse(&n, "D=1").is_err());
        assert!(Start::parse(&n, "A=1,A=0").is_err());
        assert!(Start::parse(&n, "A=2").is_err());
    }
}
