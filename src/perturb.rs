//! Perturbations and fixed assignments: `NAME=0|1` read against a network, with errors that name
//! the bad token (unknown node with a "did you mean", a value other than 0/1, the same node given
//! twice with different values). Never silently drops part of a list.
//!
//! A knockout `X=0` replaces `f_X` by 0 and fixes `X` at 0; overexpression `X=1` does the same
//! with 1 (BoolNet's `fixGenes`). Fixed variables are not explored.

use crate::error::{Error, NameKind};
use crate::network::{Network, VarId};
use std::fmt;

/// A node fixed at a value: knockout (`false`) or overexpression (`true`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Perturbation {
    /// The perturbed variable.
    pub var: VarId,
    /// Its fixed value.
    pub value: bool,
}

impl Perturbation {
    /// A knockout (`var = 0`).
    pub fn knockout(var: VarId) -> Perturbation {
        Perturbation { var, value: false }
    }

    /// An overexpression (`var = 1`).
    pub fn overexpress(var: VarId) -> Perturbation {
        Perturbation { var, value: true }
    }

    /// `NAME=0` / `NAME=1` for `network`.
    pub fn display<'a>(&self, network: &'a Network) -> impl fmt::Display + 'a {
        let (var, value) = (self.var, self.value);
        DisplayAssignment {
            name: network.name(var),
            value,
        }
    }
}

struct DisplayAssignment<'a> {
    name: &'a str,
    value: bool,
}

impl fmt::Display for DisplayAssignment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, u8::from(self.value))
    }
}

/// Reads one `NAME=0|1` assignment.
///
/// # Errors
/// [`Error::InvalidValue`] for a malformed assignment or a value other than 0 or 1,
/// [`Error::UnknownName`] (with the closest name) for a name the network does not have; both
/// name the text (`'X=2'`), and callers add where it came from with [`Error::in_context`].
pub fn parse_assignment(network: &Network, text: &str) -> Result<(VarId, bool), Error> {
    let quoted = format!("'{text}'");
    let Some((name, value)) = text.split_once('=') else {
        return Err(Error::invalid_value(
            quoted,
            text,
            "of the form NAME=0 or NAME=1",
        ));
    };
    let (name, value) = (name.trim(), value.trim());
    let Some(var) = network.find(name) else {
        return Err(Error::unknown_name(
            NameKind::Node,
            name,
            network.names().iter().map(String::as_str),
        )
        .in_context(quoted));
    };
    let value = match value {
        "0" => false,
        "1" => true,
        other => return Err(Error::invalid_value(quoted, other, "0 or 1")),
    };
    Ok((var, value))
}

/// Reads a list of `NAME=0|1` assignments; the same node twice with the same value is accepted
/// once, with different values is an error.
///
/// # Errors
/// As [`parse_assignment`], and [`Error::ConflictingAssignment`] for a node given both values.
pub fn parse_assignments<S: AsRef<str>>(
    network: &Network,
    texts: &[S],
) -> Result<Vec<(VarId, bool)>, Error> {
    let mut out: Vec<(VarId, bool)> = Vec::with_capacity(texts.len());
    for t in texts {
        let (var, value) = parse_assignment(network, t.as_ref())?;
        match out.iter().find(|(v, _)| *v == var) {
            Some(&(_, old)) if old != value => {
                return Err(Error::ConflictingAssignment {
                    name: network.name(var).to_string(),
                });
            }
            Some(_) => {}
            None => out.push((var, value)),
        }
    }
    Ok(out)
}

/// Reads perturbations (`NAME=0|1`: knockouts and overexpressions).
///
/// # Errors
/// As [`parse_assignments`].
pub fn parse_perturbations<S: AsRef<str>>(
    network: &Network,
    texts: &[S],
) -> Result<Vec<Perturbation>, Error> {
    Ok(parse_assignments(network, texts)?
        .into_iter()
        .map(|(var, value)| Perturbation { var, value })
        .collect())
}

/// Reads input values (`NAME=0|1`); every named variable must be an input (`X, X`).
///
/// # Errors
/// As [`parse_assignments`], and [`Error::NotAnInput`] when a named variable is not an input.
pub fn parse_inputs<S: AsRef<str>>(
    network: &Network,
    texts: &[S],
) -> Result<Vec<(VarId, bool)>, Error> {
    let values = parse_assignments(network, texts)?;
    if let Some(&(v, _)) = values.iter().find(|(v, _)| !network.is_input(*v)) {
        return Err(Error::NotAnInput {
            name: network.name(v).to_string(),
            context: None,
        });
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};

    fn net() -> Network {
        parse_str(
            "LPS, LPS\nSMAD7, NFKB\nNFKB, LPS & !SMAD7\n",
            &ParseOptions::new(Format::Bnet),
        )
        .unwrap()
        .network
    }

    #[test]
    fn assignments_are_read_and_validated() {
        let n = net();
        let p = parse_perturbations(&n, &["SMAD7=0", "NFKB=1", "SMAD7=0"]).unwrap();
        assert_eq!(
            p,
            vec![
                Perturbation::knockout(VarId::new(1)),
                Perturbation::overexpress(VarId::new(2))
            ]
        );
        assert_eq!(p[0].display(&n).to_string(), "SMAD7=0");
        let e = parse_perturbations(&n, &["SMAD8=0"])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unknown node 'SMAD8'") && e.contains("did you mean 'SMAD7'"),
            "{e}"
        );
        let e = parse_perturbations(&n, &["SMAD7=2"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("value '2'"), "{e}");
        let e = parse_perturbations(&n, &["SMAD7=0", "SMAD7=1"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("both 0 and 1"), "{e}");
        let e = parse_perturbations(&n, &["SMAD7"]).unwrap_err();
        assert!(matches!(e, Error::InvalidValue { .. }), "{e:?}");
        assert!(e.to_string().contains("NAME=0 or NAME=1"), "{e}");
        // Errors are typed, and callers say where the text came from.
        let e = parse_perturbations(&n, &["SMAD8=0"]).unwrap_err();
        assert!(matches!(&e, Error::UnknownName { suggestion: Some(s), .. } if s == "SMAD7"));
        assert_eq!(
            e.in_context("--perturb").to_string(),
            "--perturb 'SMAD8=0': unknown node 'SMAD8'; did you mean 'SMAD7'?"
        );
    }

    #[test]
    fn inputs_must_be_inputs() {
        let n = net();
        assert_eq!(
            parse_inputs(&n, &["LPS=1"]).unwrap(),
            vec![(VarId::new(0), true)]
        );
        assert!(
            parse_inputs(&n, &["NFKB=1"])
                .unwrap_err()
                .to_string()
                .contains("not an input")
        );
    }
}
