//! Exact analysis of update functions with BDDs: the sign of each regulation (activating,
//! inhibiting, dual or without effect) and semantic equality of functions across networks.
//!
//! Why BDDs: published models have in-degree up to 80, so truth tables are out of the question,
//! while the BDD of a signalling rule stays small. Conversion walks the expression arena in order
//! (no recursion) and frees each intermediate BDD after its last use.

use crate::expr::{Expr, Node};
use crate::network::{Network, VarId};
use biodivine_lib_bdd::{Bdd, BddVariable, BddVariableSet};
use std::fmt;

/// The effect of a regulator on a function, computed from the function itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sign {
    /// Raising the regulator can raise the function and never lowers it.
    Activating,
    /// Raising the regulator can lower the function and never raises it.
    Inhibiting,
    /// Raising the regulator raises the function in some states and lowers it in others.
    Dual,
    /// The function does not depend on the regulator (it is mentioned but has no effect).
    NonEssential,
}

impl fmt::Display for Sign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Sign::Activating => "activating",
            Sign::Inhibiting => "inhibiting",
            Sign::Dual => "dual",
            Sign::NonEssential => "non-essential",
        })
    }
}

/// The BDD variable set for a network of `n` variables (BDD variable i = `VarId(i)`).
///
/// # Panics
/// If `n` exceeds `u16::MAX` (the BDD package's limit).
pub fn bdd_variables(n: usize) -> BddVariableSet {
    BddVariableSet::new_anonymous(
        u16::try_from(n).expect("at most 65535 variables for BDD analysis"),
    )
}

/// The BDD of `expr` over `vars` (variable `VarId(i)` is BDD variable i).
pub fn expr_to_bdd(vars: &BddVariableSet, expr: &Expr) -> Bdd {
    let nodes = expr.nodes();
    // Last use of every node, so intermediate BDDs are dropped as soon as possible.
    let mut last_use = vec![0usize; nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        match *node {
            Node::Not(a) => last_use[a as usize] = i,
            Node::And(a, b) | Node::Or(a, b) => {
                last_use[a as usize] = i;
                last_use[b as usize] = i;
            }
            _ => {}
        }
    }
    let mut values: Vec<Option<Bdd>> = vec![None; nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        let get =
            |values: &Vec<Option<Bdd>>, a: u32| values[a as usize].clone().expect("child computed");
        let bdd = match *node {
            Node::Const(true) => vars.mk_true(),
            Node::Const(false) => vars.mk_false(),
            Node::Var(v) => vars.mk_var(BddVariable::from_index(v.index())),
            Node::Not(a) => get(&values, a).not(),
            Node::And(a, b) => values[a as usize]
                .as_ref()
                .expect("child")
                .and(values[b as usize].as_ref().expect("child")),
            Node::Or(a, b) => values[a as usize]
                .as_ref()
                .expect("child")
                .or(values[b as usize].as_ref().expect("child")),
        };
        values[i] = Some(bdd);
        match *node {
            Node::Not(a) => free_if_last(&mut values, &last_use, a, i),
            Node::And(a, b) | Node::Or(a, b) => {
                free_if_last(&mut values, &last_use, a, i);
                free_if_last(&mut values, &last_use, b, i);
            }
            _ => {}
        }
    }
    values.pop().flatten().expect("root computed")
}

fn free_if_last(values: &mut [Option<Bdd>], last_use: &[usize], child: u32, at: usize) {
    if last_use[child as usize] == at {
        values[child as usize] = None;
    }
}

/// The sign of `regulator`'s effect on the function `f` (a BDD over `vars`).
pub fn bdd_sign(f: &Bdd, regulator: VarId) -> Sign {
    let v = BddVariable::from_index(regulator.index());
    let high = f.var_restrict(v, true);
    let low = f.var_restrict(v, false);
    let up = !high.and_not(&low).is_false();
    let down = !low.and_not(&high).is_false();
    match (up, down) {
        (true, false) => Sign::Activating,
        (false, true) => Sign::Inhibiting,
        (true, true) => Sign::Dual,
        (false, false) => Sign::NonEssential,
    }
}

/// The sign of every regulator `target`'s function mentions, in id order.
pub fn regulation_signs(network: &Network, target: VarId) -> Vec<(VarId, Sign)> {
    let vars = bdd_variables(network.num_vars());
    let f = expr_to_bdd(&vars, network.function(target));
    network
        .regulators(target)
        .into_iter()
        .map(|r| (r, bdd_sign(&f, r)))
        .collect()
}

/// The sign of one regulation.
pub fn regulation_sign(network: &Network, target: VarId, regulator: VarId) -> Sign {
    let vars = bdd_variables(network.num_vars());
    bdd_sign(&expr_to_bdd(&vars, network.function(target)), regulator)
}

/// Checks that `a` and `b` have the same variables (by name, in any order) and that every
/// variable's function has the same truth table in both.
///
/// # Errors
/// A message naming the first difference.
pub fn same_functions(a: &Network, b: &Network) -> Result<(), String> {
    if a.num_vars() != b.num_vars() {
        return Err(format!(
            "{} variables against {}",
            a.num_vars(),
            b.num_vars()
        ));
    }
    let mut to_a = Vec::with_capacity(b.num_vars());
    for v in b.vars() {
        match a.find(b.name(v)) {
            Some(x) => to_a.push(x),
            None => {
                return Err(format!(
                    "variable '{}' is missing from the first network",
                    b.name(v)
                ));
            }
        }
    }
    let vars = bdd_variables(a.num_vars());
    for v in b.vars() {
        let x = to_a[v.index()];
        let fa = expr_to_bdd(&vars, a.function(x));
        let fb = expr_to_bdd(&vars, &b.function(v).map_vars(|u| to_a[u.index()]));
        if fa != fb {
            return Err(format!("the functions of '{}' differ", a.name(x)));
        }
    }
    Ok(())
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
    fn signs_come_from_the_function() {
        let n = net("A, A\nB, B\nC, (A & !B) | (!A & B) | (C & !C)\nD, A & !B\n");
        let c = n.find("C").unwrap();
        let signs = regulation_signs(&n, c);
        assert_eq!(
            signs,
            vec![
                (VarId::new(0), Sign::Dual),
                (VarId::new(1), Sign::Dual),
                (c, Sign::NonEssential)
            ]
        );
        let d = n.find("D").unwrap();
        assert_eq!(
            regulation_signs(&n, d),
            vec![
                (VarId::new(0), Sign::Activating),
                (VarId::new(1), Sign::Inhibiting)
            ]
        );
    }

    #[test]
    fn same_functions_ignores_order_and_syntax() {
        let a = net("A, !(B | C)\nB, A\nC, C\n");
        let b = net("C, C\nB, A\nA, !B & !C\n");
        assert!(same_functions(&a, &b).is_ok());
        let c = net("C, C\nB, A\nA, !B | !C\n");
        assert!(same_functions(&a, &c).unwrap_err().contains("'A'"));
    }
}
