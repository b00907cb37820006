//! Proptest strategies for random networks, expressions, states and perturbations, shared by the
//! whole test suite and exported behind the `proptest` feature so users can test their own code
//! against random networks.
//!
//! Random *functions* are drawn as random truth tables over a random set of regulators (so every
//! Boolean function of up to [`MAX_RANDOM_IN_DEGREE`] inputs is possible, constants included) and
//! written as a DNF; random *expressions* are random syntax trees (for parser tests).

use crate::expr::{Expr, ExprBuilder, NodeId};
use crate::network::{Network, VarId};
use proptest::prelude::*;

/// Largest in-degree of a random function.
pub const MAX_RANDOM_IN_DEGREE: usize = 5;

/// How a random variable's function is chosen.
#[derive(Clone, Debug)]
enum FunctionSpec {
    Input,
    Constant(bool),
    /// Regulators (indices, may include the variable itself) and a truth table over them.
    Table(Vec<usize>, u32),
}

fn function_spec(n: usize) -> impl Strategy<Value = FunctionSpec> {
    let k_max = MAX_RANDOM_IN_DEGREE.min(n);
    prop_oneof![
        1 => Just(FunctionSpec::Input),
        1 => any::<bool>().prop_map(FunctionSpec::Constant),
        8 => (proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=k_max), any::<u32>())
            .prop_map(|(regs, table)| FunctionSpec::Table(regs, table)),
    ]
}

/// The DNF of a truth table over `regs` (bit `m` of `table` is the value on minterm `m`).
pub fn dnf(regs: &[VarId], table: u32) -> Expr {
    let rows = 1u32 << regs.len();
    let table = if rows == 32 {
        table
    } else {
        table & ((1 << rows) - 1)
    };
    let mut b = ExprBuilder::new();
    if table == 0 {
        let f = b.constant(false);
        return b.finish(f);
    }
    let mut terms: Vec<NodeId> = Vec::new();
    for m in 0..rows {
        if (table >> m) & 1 == 0 {
            continue;
        }
        let mut term: Option<NodeId> = None;
        for (i, &r) in regs.iter().enumerate() {
            let x = b.var(r);
            let lit = if (m >> i) & 1 == 1 { x } else { b.not(x) };
            term = Some(match term {
                Some(t) => b.and(t, lit),
                None => lit,
            });
        }
        terms.push(term.expect("at least one regulator"));
    }
    let mut acc = terms[0];
    for &t in &terms[1..] {
        acc = b.or(acc, t);
    }
    b.finish(acc)
}

/// Random networks of 1 to `max_vars` variables named `x0, x1, …`: inputs, constants and
/// functions of up to five regulators (self-loops allowed).
pub fn network(max_vars: usize) -> impl Strategy<Value = Network> {
    (1..=max_vars.max(1)).prop_flat_map(|n| {
        proptest::collection::vec(function_spec(n), n).prop_map(move |specs| {
            let vars = specs
                .into_iter()
                .enumerate()
                .map(|(i, spec)| {
                    let f = match spec {
                        FunctionSpec::Input => Expr::var(VarId::new(i)),
                        FunctionSpec::Constant(c) => Expr::constant(c),
                        FunctionSpec::Table(regs, table) => {
                            let regs: Vec<VarId> = regs.into_iter().map(VarId::new).collect();
                            dnf(&regs, table)
                        }
                    };
                    (format!("x{i}"), f)
                })
                .collect();
            Network::new(vars).expect("valid random network")
        })
    })
}

/// Random expressions over `num_vars` variables: syntax trees of depth up to 6 with constants,
/// negation, conjunction and disjunction.
pub fn expr(num_vars: usize) -> impl Strategy<Value = Expr> {
    #[derive(Clone, Debug)]
    enum Tree {
        Const(bool),
        Var(usize),
        Not(Box<Tree>),
        And(Box<Tree>, Box<Tree>),
        Or(Box<Tree>, Box<Tree>),
    }
    let leaf = prop_oneof![
        1 => any::<bool>().prop_map(Tree::Const),
        6 => (0..num_vars.max(1)).prop_map(Tree::Var),
    ];
    let tree = leaf.prop_recursive(6, 48, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| Tree::Not(Box::new(t))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| Tree::Or(Box::new(a), Box::new(b))),
        ]
    });
    tree.prop_map(|t| {
        fn build(b: &mut ExprBuilder, t: &Tree) -> NodeId {
            match t {
                Tree::Const(c) => b.constant(*c),
                Tree::Var(v) => b.var(VarId::new(*v)),
                Tree::Not(a) => {
                    let a = build(b, a);
                    b.not(a)
                }
                Tree::And(x, y) => {
                    let (x, y) = (build(b, x), build(b, y));
                    b.and(x, y)
                }
                Tree::Or(x, y) => {
                    let (x, y) = (build(b, x), build(b, y));
                    b.or(x, y)
                }
            }
        }
        let mut b = ExprBuilder::new();
        let root = build(&mut b, &t);
        b.finish(root)
    })
}

/// A random network together with a random set of perturbations `(variable, value)` (each
/// variable at most once, up to three).
pub fn network_with_perturbations(
    max_vars: usize,
) -> impl Strategy<Value = (Network, Vec<(VarId, bool)>)> {
    network(max_vars).prop_flat_map(|net| {
        let n = net.num_vars();
        let picks = proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=3.min(n));
        (
            Just(net),
            picks,
            proptest::collection::vec(any::<bool>(), 3),
        )
            .prop_map(|(net, vars, values)| {
                let p = vars
                    .into_iter()
                    .zip(values)
                    .map(|(v, b)| (VarId::new(v), b))
                    .collect();
                (net, p)
            })
    })
}

/// A random state of `n ≤ 64` variables, packed (bit i = variable i).
pub fn packed_state(n: usize) -> impl Strategy<Value = u64> {
    let mask = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    any::<u64>().prop_map(move |s| s & mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest! {
        #[test]
        fn dnf_follows_its_truth_table(table in any::<u32>(), k in 1usize..=5) {
            let regs: Vec<VarId> = (0..k).map(VarId::new).collect();
            let f = dnf(&regs, table);
            for m in 0..(1u64 << k) {
                prop_assert_eq!(f.eval_bits(m), (table >> m) & 1 == 1);
            }
        }

        #[test]
        fn random_networks_are_well_formed(net in network(10)) {
            for v in net.vars() {
                prop_assert!(net.regulators(v).iter().all(|r| r.index() < net.num_vars()));
            }
        }
    }
}
