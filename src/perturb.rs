//! Perturbations and fixed assignments: `NAME=0|1` read against a network, with errors that name
//! the bad token (unknown node with a "did you mean", a value other than 0/1, the same node given
//! twice with different values). Never silently drops part of a list.
//!
//! A knockout `X=0` replaces `f_X` by 0 and fixes `X` at 0; overexpression `X=1` does the same
//! with 1 (BoolNet's `fixGenes`). Fixed variables are not explored.

use crate::condition::Condition;
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

// ---------------------------------------------------------------------------------------------
// Perturbation sets for screens: generation, naming, fixed variables.
// ---------------------------------------------------------------------------------------------

/// The name of a perturbation set: its assignments joined with `+` (`SMAD7=0+SMAD3=1`), or
/// `none` for the empty set (the wild type).
pub fn perturbation_name(network: &Network, perturbation: &[Perturbation]) -> String {
    if perturbation.is_empty() {
        return "none".into();
    }
    perturbation
        .iter()
        .map(|p| p.display(network).to_string())
        .collect::<Vec<_>>()
        .join("+")
}

/// The nodes a screen perturbs by default: every variable that is not an input, in order.
pub fn screen_nodes(network: &Network) -> Vec<VarId> {
    network.vars().filter(|&v| !network.is_input(v)).collect()
}

/// Every perturbation set of 1 to `order` distinct nodes of `nodes`, each node fixed at each of
/// `values` (repeats in `nodes` or `values` are ignored).
///
/// Order: by size; within a size, node combinations in lexicographic order of their positions
/// in `nodes`; within a combination, value tuples in lexicographic order of their positions in
/// `values`. With nodes `[A, B]` and values `[0, 1]`, order 2 gives `A=0, A=1, B=0, B=1,
/// A=0+B=0, A=0+B=1, A=1+B=0, A=1+B=1`. No set fixes the same node twice.
pub fn generate_perturbations(
    nodes: &[VarId],
    values: &[bool],
    order: usize,
) -> Vec<Vec<Perturbation>> {
    let mut ns: Vec<VarId> = Vec::with_capacity(nodes.len());
    for &n in nodes {
        if !ns.contains(&n) {
            ns.push(n);
        }
    }
    let mut vs: Vec<bool> = Vec::with_capacity(2);
    for &v in values {
        if !vs.contains(&v) {
            vs.push(v);
        }
    }
    let mut out = Vec::new();
    if vs.is_empty() {
        return out;
    }
    for k in 1..=order.min(ns.len()) {
        // Node combinations of size k, lexicographic.
        let mut comb: Vec<usize> = (0..k).collect();
        loop {
            // Value tuples, lexicographic (first node's value varies slowest).
            let mut tuple = vec![0usize; k];
            loop {
                out.push(
                    comb.iter()
                        .zip(&tuple)
                        .map(|(&i, &j)| Perturbation {
                            var: ns[i],
                            value: vs[j],
                        })
                        .collect(),
                );
                let Some(pos) = (0..k).rev().find(|&p| tuple[p] + 1 < vs.len()) else {
                    break;
                };
                tuple[pos] += 1;
                for t in &mut tuple[pos + 1..] {
                    *t = 0;
                }
            }
            let Some(pos) = (0..k).rev().find(|&p| comb[p] < ns.len() - k + p) else {
                break;
            };
            comb[pos] += 1;
            for p in pos + 1..k {
                comb[p] = comb[p - 1] + 1;
            }
        }
    }
    out
}

/// How many sets [`generate_perturbations`] gives for `num_nodes` distinct nodes and
/// `num_values` distinct values: Σ_{k=1..order} C(num_nodes, k) · num_values^k.
pub fn count_perturbations(num_nodes: usize, num_values: usize, order: usize) -> u128 {
    let mut total = 0u128;
    let mut choose = 1u128;
    for k in 1..=order.min(num_nodes) {
        choose = choose * (num_nodes - k + 1) as u128 / k as u128;
        total += choose * (num_values as u128).pow(k as u32);
    }
    total
}

/// The variables to fix for `perturbation` under `condition`: every input at the condition's
/// value, then the perturbed nodes (a perturbed input takes the perturbation's value), sorted
/// by variable.
pub fn fixed_for(condition: &Condition, perturbation: &[Perturbation]) -> Vec<(VarId, bool)> {
    let mut fixed: Vec<(VarId, bool)> = condition.fixed().to_vec();
    for p in perturbation {
        match fixed.iter_mut().find(|(v, _)| *v == p.var) {
            Some(slot) => slot.1 = p.value,
            None => fixed.push((p.var, p.value)),
        }
    }
    fixed.sort_unstable_by_key(|p| p.0);
    fixed
}

/// Checks that a perturbation set names each node once and only nodes of `network`.
pub(crate) fn check_perturbation(
    network: &Network,
    perturbation: &[Perturbation],
) -> Result<(), Error> {
    for (i, p) in perturbation.iter().enumerate() {
        if p.var.index() >= network.num_vars() {
            return Err(Error::Invalid(format!(
                "perturbation fixes variable {} but the network has {} variables",
                p.var,
                network.num_vars()
            )));
        }
        if perturbation[..i].iter().any(|q| q.var == p.var) {
            return Err(Error::Invalid(format!(
                "perturbation '{}' fixes '{}' twice",
                perturbation_name(network, perturbation),
                network.name(p.var)
            )));
        }
    }
    Ok(())
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

    #[test]
    fn perturbations_come_in_the_documented_order() {
        let (a, b, c) = (VarId::new(0), VarId::new(1), VarId::new(2));
        let names = |ps: Vec<Vec<Perturbation>>| {
            ps.iter()
                .map(|p| {
                    p.iter()
                        .map(|q| format!("{}={}", q.var.index(), u8::from(q.value)))
                        .collect::<Vec<_>>()
                        .join("+")
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(generate_perturbations(&[a, b], &[false, true], 2)),
            [
                "0=0", "0=1", "1=0", "1=1", "0=0+1=0", "0=0+1=1", "0=1+1=0", "0=1+1=1"
            ]
        );
        assert_eq!(
            names(generate_perturbations(&[a, b, c, a], &[true], 3)),
            [
                "0=1",
                "1=1",
                "2=1",
                "0=1+1=1",
                "0=1+2=1",
                "1=1+2=1",
                "0=1+1=1+2=1"
            ]
        );
        for (n, v, k) in [(5, 2, 3), (7, 1, 2), (3, 2, 5), (0, 2, 1)] {
            let nodes: Vec<VarId> = (0..n).map(VarId::new).collect();
            let values = [false, true];
            assert_eq!(
                generate_perturbations(&nodes, &values[..v], k).len() as u128,
                count_perturbations(n, v, k)
            );
        }
    }
}
