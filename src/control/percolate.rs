//! Percolation of fixed values (constant propagation through the update functions) and what it
//! decides about the labels of the attractors, without exploring.
//!
//! **Percolation.** Starting from the fixed values (a condition's inputs, a perturbation,
//! constants), a free variable whose function evaluates to the same value `c` whatever the
//! free variables (three-valued evaluation over the fixed ones) is fixed at `c`, repeatedly.
//! Every attractor, synchronous or asynchronous, lies in the percolated subspace. Proof by
//! induction over the variables added: suppose every attractor lies in a subspace `S` on which
//! `f_x ≡ c`. *Asynchronous*: a state of an attractor `A ⊆ S` with `x ≠ c` has the successor
//! that flips `x` to `c`, which is in `A` (attractors are closed); from states of `S` with
//! `x = c` no transition flips `x` back (`f_x ≡ c` on `S`, and `A` never leaves `S`), so that
//! state cannot be reached again, against strong connectivity. *Synchronous*: every state of a
//! cycle `A ⊆ S` is the image `F(y)` of a state `y ∈ A ⊆ S`, whose `x` is `f_x(y) = c`.

use crate::expr::Node;
use crate::network::{Network, VarId};

/// The percolated values: for each variable, `Some(value)` when the fixed values force it
/// (fixed variables included), `None` when it stays free.
///
/// # Complexity
/// O(rounds · total size of the functions), rounds ≤ number of variables + 1.
pub fn percolate(network: &Network, fixed: &[(VarId, bool)]) -> Vec<Option<bool>> {
    let mut value: Vec<Option<bool>> = vec![None; network.num_vars()];
    for &(v, b) in fixed {
        value[v.index()] = Some(b);
    }
    let mut scratch: Vec<Option<bool>> = Vec::new();
    loop {
        let mut changed = false;
        for v in network.vars() {
            if value[v.index()].is_some() {
                continue;
            }
            if let Some(b) = eval3(network.function(v).nodes(), &value, &mut scratch) {
                value[v.index()] = Some(b);
                changed = true;
            }
        }
        if !changed {
            return value;
        }
    }
}

/// Kleene's three-valued evaluation: `None` is "either value". A `Some` result holds for every
/// completion of the unknown variables (each operator is monotone in the information order).
fn eval3(nodes: &[Node], value: &[Option<bool>], scratch: &mut Vec<Option<bool>>) -> Option<bool> {
    scratch.clear();
    for node in nodes {
        let r = match *node {
            Node::Const(c) => Some(c),
            Node::Var(x) => value[x.index()],
            Node::Not(a) => scratch[a as usize].map(|b| !b),
            Node::And(a, b) => match (scratch[a as usize], scratch[b as usize]) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
            Node::Or(a, b) => match (scratch[a as usize], scratch[b as usize]) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
        };
        scratch.push(r);
    }
    *scratch.last().expect("expressions are non-empty")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};

    #[test]
    fn fixed_values_percolate_through_the_rules() {
        let net = parse_str(
            "I, I\nA, I & B\nB, !C\nC, C\nD, A | C\n",
            &ParseOptions::new(Format::Bnet),
        )
        .unwrap()
        .network;
        let v = |n: &str| net.find(n).unwrap();
        // I = 0 forces A = 0; D stays free (reads C).
        let p = percolate(&net, &[(v("I"), false)]);
        assert_eq!(p[v("A").index()], Some(false));
        assert_eq!(p[v("D").index()], None);
        // C = 1 forces B = 0, then A = 0, and D = 1.
        let p = percolate(&net, &[(v("C"), true)]);
        assert_eq!(
            [p[v("B").index()], p[v("A").index()], p[v("D").index()]],
            [Some(false), Some(false), Some(true)]
        );
        assert_eq!(p[v("I").index()], None);
    }
}
