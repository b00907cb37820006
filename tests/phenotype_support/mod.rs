//! Test support for the phenotype and screen tests: exploration through the library's naive
//! references (so these tests do not depend on the fast explorers), and random label
//! expressions rendered to text and evaluated independently.
#![allow(dead_code)]

use basin::attractor::{Exploration, UpdateScheme};
use basin::{Error, Network, VarId};
use proptest::prelude::*;

/// Explores `network` with `fixed` variables fixed through the library's naive references
/// (every state, one at a time: [`basin::engine::explore_naive`]), so these tests do not depend
/// on the fast explorers.
pub fn explore(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
) -> Result<Exploration, Error> {
    basin::engine::explore_naive(network, fixed, update)
}

/// A random Boolean expression over `num_leaves` named leaves, rendered to bnet text and
/// evaluated structurally (independently of the crate's parser).
#[derive(Clone, Debug)]
pub enum Tree {
    /// A constant.
    Const(bool),
    /// Leaf `i`.
    Leaf(usize),
    /// Negation.
    Not(Box<Tree>),
    /// Conjunction.
    And(Box<Tree>, Box<Tree>),
    /// Disjunction.
    Or(Box<Tree>, Box<Tree>),
}

impl Tree {
    /// Bnet text with fully parenthesised operators.
    pub fn render(&self, names: &[String]) -> String {
        match self {
            Tree::Const(c) => u8::from(*c).to_string(),
            Tree::Leaf(i) => names[*i].clone(),
            Tree::Not(a) => format!("!({})", a.render(names)),
            Tree::And(a, b) => format!("({} & {})", a.render(names), b.render(names)),
            Tree::Or(a, b) => format!("({} | {})", a.render(names), b.render(names)),
        }
    }

    /// The value with leaf `i` set to `leaf(i)`.
    pub fn eval(&self, leaf: &dyn Fn(usize) -> bool) -> bool {
        match self {
            Tree::Const(c) => *c,
            Tree::Leaf(i) => leaf(*i),
            Tree::Not(a) => !a.eval(leaf),
            Tree::And(a, b) => a.eval(leaf) && b.eval(leaf),
            Tree::Or(a, b) => a.eval(leaf) || b.eval(leaf),
        }
    }
}

/// Random trees of depth up to 4 over `num_leaves` leaves.
pub fn tree(num_leaves: usize) -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        1 => any::<bool>().prop_map(Tree::Const),
        6 => (0..num_leaves.max(1)).prop_map(Tree::Leaf),
    ];
    leaf.prop_recursive(4, 16, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| Tree::Not(Box::new(t))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| Tree::Or(Box::new(a), Box::new(b))),
        ]
    })
}
