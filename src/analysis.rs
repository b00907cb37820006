//! Exact analysis of update functions with BDDs: the sign of each regulation (activating,
//! inhibiting, dual or without effect) and semantic equality of functions across networks.
//!
//! Why BDDs: published models have in-degree up to 80, so truth tables are out of the question,
//! while the BDD of a signalling rule stays small. Conversion walks the expression arena in order
//! (no recursion) and frees each intermediate BDD after its last use.

use crate::expr::{Expr, Node};
use crate::network::{Network, VarId};
use biodivine_lib_bdd::{Bdd, BddVariable, BddVariableSet, op_function};
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

/// The default largest BDD, in nodes, that bounded analyses ([`expr_to_bdd_with_limit`],
/// [`regulation_signs_with_limit`]) build for one function. The largest function in the
/// published corpus needs about 8 000 nodes.
pub const DEFAULT_BDD_NODE_LIMIT: usize = 100_000;

/// Work allowed per node of the limit, in BDD nodes visited (operands, results and the tasks of
/// size checks), summed over every operation on one function. Bounds time even when each
/// intermediate BDD stays under the node limit.
const WORK_PER_LIMIT_NODE: usize = 100;

/// Bounded BDD work on one function was abandoned: the function's BDD (or an intermediate one)
/// would exceed `limit` nodes, or building it would take more than the matching work budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BddTooLarge {
    /// The node limit that was in force.
    pub limit: usize,
}

impl fmt::Display for BddTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BDD larger than {} nodes", self.limit)
    }
}

impl std::error::Error for BddTooLarge {}

/// Node and work limits of one bounded computation.
struct Budget {
    node_limit: usize,
    work_left: usize,
}

impl Budget {
    fn new(node_limit: usize) -> Budget {
        Budget {
            node_limit,
            work_left: node_limit.saturating_mul(WORK_PER_LIMIT_NODE),
        }
    }

    fn unlimited() -> Budget {
        Budget {
            node_limit: usize::MAX,
            work_left: usize::MAX,
        }
    }

    fn too_large(&self) -> BddTooLarge {
        BddTooLarge {
            limit: self.node_limit,
        }
    }

    fn charge(&mut self, work: usize) -> Result<(), BddTooLarge> {
        match self.work_left.checked_sub(work) {
            Some(left) => {
                self.work_left = left;
                Ok(())
            }
            None => Err(self.too_large()),
        }
    }

    /// `op(left, right)` within the limits. When the operands are large enough that the
    /// operation could do more work than is left (apply is O(|left| * |right|) in the worst
    /// case), its task count is measured first with a bounded dry run.
    fn apply(
        &mut self,
        left: &Bdd,
        right: &Bdd,
        op: fn(Option<bool>, Option<bool>) -> Option<bool>,
    ) -> Result<Bdd, BddTooLarge> {
        self.charge(left.size() + right.size())?;
        if left.size().saturating_mul(right.size()) > self.work_left {
            let (_, tasks) =
                Bdd::check_binary_op(self.work_left, left, right, op).ok_or(self.too_large())?;
            self.charge(tasks)?;
        }
        let out = if self.node_limit == usize::MAX {
            Bdd::binary_op(left, right, op)
        } else {
            Bdd::binary_op_with_limit(self.node_limit, left, right, op).ok_or(self.too_large())?
        };
        self.charge(out.size())?;
        Ok(out)
    }

    /// Whether `op(left, right)` is not the constant false, without building it.
    fn is_satisfiable(
        &mut self,
        left: &Bdd,
        right: &Bdd,
        op: fn(Option<bool>, Option<bool>) -> Option<bool>,
    ) -> Result<bool, BddTooLarge> {
        self.charge(left.size() + right.size())?;
        let (non_empty, tasks) =
            Bdd::check_binary_op(self.work_left, left, right, op).ok_or(self.too_large())?;
        self.charge(tasks)?;
        Ok(non_empty)
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

/// The BDD variable set for a network of `n` variables, or `None` when `n` exceeds the BDD
/// package's limit of 65 535 variables.
pub fn try_bdd_variables(n: usize) -> Option<BddVariableSet> {
    u16::try_from(n).ok().map(BddVariableSet::new_anonymous)
}

/// The BDD of `expr` over `vars` (variable `VarId(i)` is BDD variable i), without limits.
///
/// Use [`expr_to_bdd_with_limit`] on untrusted input: a BDD can be exponentially larger than its
/// expression.
pub fn expr_to_bdd(vars: &BddVariableSet, expr: &Expr) -> Bdd {
    build_bdd(vars, expr, &mut Budget::unlimited()).expect("no limit")
}

/// The BDD of `expr` over `vars`, or [`BddTooLarge`] when it or an intermediate BDD would exceed
/// `node_limit` nodes, or building it would take more than `100 * node_limit` node visits.
///
/// # Errors
/// [`BddTooLarge`] as above; nothing else can fail.
pub fn expr_to_bdd_with_limit(
    vars: &BddVariableSet,
    expr: &Expr,
    node_limit: usize,
) -> Result<Bdd, BddTooLarge> {
    build_bdd(vars, expr, &mut Budget::new(node_limit))
}

/// Conversion, iterative over the arena. Chains of one associative operator (`a | b | c | ...`,
/// a published DNF of 10 000 terms parses into such a chain 10 000 deep) are combined as a
/// balanced tree instead of left to right: left to right rebuilds the growing accumulator once
/// per term, quadratic in the number of terms (4.2 s against 0.2 s on that published rule).
fn build_bdd(vars: &BddVariableSet, expr: &Expr, budget: &mut Budget) -> Result<Bdd, BddTooLarge> {
    let nodes = expr.nodes();
    // How many parents use each node, and whether a node is the only-used child of a node with
    // the same operator (then it is absorbed into its parent's chain).
    let mut uses = vec![0u32; nodes.len()];
    let mut absorbed = vec![false; nodes.len()];
    let same_op = |a: Node, b: Node| {
        matches!(
            (a, b),
            (Node::And(..), Node::And(..)) | (Node::Or(..), Node::Or(..))
        )
    };
    for node in nodes {
        match *node {
            Node::Not(a) => uses[a as usize] += 1,
            Node::And(a, b) | Node::Or(a, b) => {
                uses[a as usize] += 1;
                uses[b as usize] += 1;
            }
            _ => {}
        }
    }
    for node in nodes {
        if let Node::And(a, b) | Node::Or(a, b) = *node {
            for c in [a, b] {
                if uses[c as usize] == 1 && same_op(*node, nodes[c as usize]) {
                    absorbed[c as usize] = true;
                }
            }
        }
    }
    let mut values: Vec<Option<Bdd>> = vec![None; nodes.len()];
    // Takes a child's BDD, moving it out on its last use.
    let take = |values: &mut Vec<Option<Bdd>>, uses: &mut Vec<u32>, c: u32| -> Bdd {
        let c = c as usize;
        uses[c] -= 1;
        if uses[c] == 0 {
            values[c].take().expect("child computed")
        } else {
            values[c].clone().expect("child computed")
        }
    };
    let mut chain: Vec<u32> = Vec::new();
    let mut operands: Vec<Bdd> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        if absorbed[i] {
            continue;
        }
        let bdd = match *node {
            Node::Const(true) => vars.mk_true(),
            Node::Const(false) => vars.mk_false(),
            Node::Var(v) => vars.mk_var(BddVariable::from_index(v.index())),
            Node::Not(a) => {
                let x = take(&mut values, &mut uses, a);
                budget.charge(x.size())?;
                x.into_not()
            }
            Node::And(a, b) | Node::Or(a, b) => {
                let op = if matches!(node, Node::And(..)) {
                    op_function::and
                } else {
                    op_function::or
                };
                // Gather the chain's operands (the non-absorbed nodes under it).
                chain.clear();
                chain.extend([b, a]);
                operands.clear();
                while let Some(c) = chain.pop() {
                    if absorbed[c as usize] {
                        if let Node::And(x, y) | Node::Or(x, y) = nodes[c as usize] {
                            chain.extend([y, x]);
                        }
                    } else {
                        let x = take(&mut values, &mut uses, c);
                        operands.push(x);
                    }
                }
                combine_balanced(&mut operands, op, budget)?
            }
        };
        values[i] = Some(bdd);
    }
    Ok(values.pop().flatten().expect("root computed"))
}

/// Combines `operands` with the associative `op` as a balanced tree of neighbours: neighbouring
/// terms of a published DNF share most of their variables, so their combinations stay small.
fn combine_balanced(
    operands: &mut Vec<Bdd>,
    op: fn(Option<bool>, Option<bool>) -> Option<bool>,
    budget: &mut Budget,
) -> Result<Bdd, BddTooLarge> {
    let mut level: Vec<Bdd> = std::mem::take(operands);
    while level.len() > 1 {
        let mut next = Vec::with_capacity(level.len() / 2 + 1);
        let mut it = level.into_iter();
        while let Some(x) = it.next() {
            match it.next() {
                Some(y) => next.push(budget.apply(&x, &y, op)?),
                None => next.push(x),
            }
        }
        level = next;
    }
    Ok(level.pop().expect("operand"))
}

/// The sign of `regulator`'s effect on the function `f` (a BDD over `vars`).
pub fn bdd_sign(f: &Bdd, regulator: VarId) -> Sign {
    bounded_sign(f, regulator, &mut Budget::unlimited()).expect("no limit")
}

fn bounded_sign(f: &Bdd, regulator: VarId, budget: &mut Budget) -> Result<Sign, BddTooLarge> {
    let v = BddVariable::from_index(regulator.index());
    budget.charge(2 * f.size())?;
    let high = f.var_restrict(v, true);
    let low = f.var_restrict(v, false);
    let up = budget.is_satisfiable(&high, &low, op_function::and_not)?;
    let down = budget.is_satisfiable(&low, &high, op_function::and_not)?;
    Ok(match (up, down) {
        (true, false) => Sign::Activating,
        (false, true) => Sign::Inhibiting,
        (true, true) => Sign::Dual,
        (false, false) => Sign::NonEssential,
    })
}

/// The sign of every regulator `target`'s function mentions, in id order.
///
/// Unbounded; see [`regulation_signs_with_limit`] for untrusted input.
pub fn regulation_signs(network: &Network, target: VarId) -> Vec<(VarId, Sign)> {
    let vars = bdd_variables(network.num_vars());
    let f = expr_to_bdd(&vars, network.function(target));
    network
        .regulators(target)
        .into_iter()
        .map(|r| (r, bdd_sign(&f, r)))
        .collect()
}

/// As [`regulation_signs`], over the variable set `vars` of the network, giving up with
/// [`BddTooLarge`] when the function's BDD would exceed `node_limit` nodes or the whole analysis
/// would take more than `100 * node_limit` node visits. Every sign returned is exact.
///
/// # Errors
/// [`BddTooLarge`] as above.
pub fn regulation_signs_with_limit(
    network: &Network,
    vars: &BddVariableSet,
    target: VarId,
    node_limit: usize,
) -> Result<Vec<(VarId, Sign)>, BddTooLarge> {
    let mut budget = Budget::new(node_limit);
    let f = build_bdd(vars, network.function(target), &mut budget)?;
    network
        .regulators(target)
        .into_iter()
        .map(|r| Ok((r, bounded_sign(&f, r, &mut budget)?)))
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

    #[test]
    fn long_disjunctions_are_combined_exactly() {
        // A DNF of many terms builds as a balanced tree; the result must be the same function.
        let terms: Vec<String> = (0..200)
            .map(|i| format!("(x{} & !x{} & x{})", i % 7, (i + 1) % 7, (i * 3 + 2) % 7))
            .collect();
        let mut text = String::new();
        for i in 0..7 {
            text.push_str(&format!("x{i}, x{i}\n"));
        }
        text.push_str(&format!("T, {}\n", terms.join(" | ")));
        let n = net(&text);
        let t = n.find("T").unwrap();
        let vars = bdd_variables(n.num_vars());
        let f = expr_to_bdd(&vars, n.function(t));
        for s in 0..(1u64 << 7) {
            let valuation = biodivine_lib_bdd::BddValuation::new(
                (0..n.num_vars()).map(|i| (s >> i) & 1 == 1).collect(),
            );
            assert_eq!(
                f.eval_in(&valuation),
                n.function(t).eval_bits(s),
                "state {s}"
            );
        }
    }

    /// `x0 & x_k | x1 & x_(k+1) | ...` over 2k inputs: with this variable order its BDD has
    /// about 2^k nodes.
    fn pairs(k: usize) -> Network {
        let mut text = String::new();
        for i in 0..2 * k {
            text.push_str(&format!("x{i}, x{i}\n"));
        }
        let clauses: Vec<String> = (0..k).map(|i| format!("(x{} & x{})", i, i + k)).collect();
        text.push_str(&format!("T, {}\n", clauses.join(" | ")));
        net(&text)
    }

    #[test]
    fn bounded_signs_are_exact_within_the_limit() {
        let n = pairs(8);
        let t = n.find("T").unwrap();
        let vars = bdd_variables(n.num_vars());
        let exact = regulation_signs(&n, t);
        assert_eq!(exact.len(), 16);
        assert!(exact.iter().all(|&(_, s)| s == Sign::Activating));
        assert_eq!(
            regulation_signs_with_limit(&n, &vars, t, DEFAULT_BDD_NODE_LIMIT).unwrap(),
            exact
        );
    }

    #[test]
    fn the_node_limit_refuses_large_functions() {
        let n = pairs(24);
        let t = n.find("T").unwrap();
        let vars = bdd_variables(n.num_vars());
        let e = regulation_signs_with_limit(&n, &vars, t, 1000).unwrap_err();
        assert_eq!(e.to_string(), "BDD larger than 1000 nodes");
        let e = expr_to_bdd_with_limit(&vars, n.function(t), DEFAULT_BDD_NODE_LIMIT).unwrap_err();
        assert_eq!(e.limit, DEFAULT_BDD_NODE_LIMIT);
    }
}
