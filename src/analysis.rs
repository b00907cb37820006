//! Exact analysis of update functions with BDDs: the sign of each regulation (activating,
//! inhibiting, dual or without effect) and semantic equality of functions across networks.
//!
//! Why BDDs: published models have in-degree up to 80, so truth tables are out of the question,
//! while the BDD of a signalling rule stays small. Conversion walks the expression arena in order
//! (no recursion) and frees each intermediate BDD after its last use.

use crate::expr::{Expr, Node};
use crate::network::{Network, VarId};
use biodivine_lib_bdd::{Bdd, BddVariable, BddVariableSet, op_function};
use std::collections::HashMap;
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

/// Work allowed on one function, in BDD nodes visited (operands, results and the tasks of size
/// checks, summed over every operation): this many per node of the limit plus
/// [`WORK_PER_EXPR_NODE`] per node of the expression. Bounds time even when each intermediate
/// BDD stays under the node limit, while a long but simple rule (a 10 MB disjunction) still
/// gets the linear work it needs.
const WORK_PER_LIMIT_NODE: usize = 100;

/// See [`WORK_PER_LIMIT_NODE`].
const WORK_PER_EXPR_NODE: usize = 32;

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
    fn new(node_limit: usize, expr: &Expr) -> Budget {
        Budget {
            node_limit,
            work_left: node_limit
                .saturating_mul(WORK_PER_LIMIT_NODE)
                .saturating_add(expr.num_nodes().saturating_mul(WORK_PER_EXPR_NODE)),
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
/// `node_limit` nodes, or building it would take more than `100 * node_limit + 32 * e` BDD node
/// visits for an expression of `e` nodes.
///
/// # Errors
/// [`BddTooLarge`] as above; nothing else can fail.
pub fn expr_to_bdd_with_limit(
    vars: &BddVariableSet,
    expr: &Expr,
    node_limit: usize,
) -> Result<Bdd, BddTooLarge> {
    build_bdd(vars, expr, &mut Budget::new(node_limit, expr))
}

/// Conversion, iterative over the arena. Chains of one associative operator (`a | b | c | ...`,
/// a published DNF of 10 000 terms parses into such a chain 10 000 deep) are combined as a
/// balanced tree instead of left to right: left to right rebuilds the growing accumulator once
/// per term, quadratic in the number of terms (4.2 s against 0.2 s on that published rule).
///
/// Operands stream into their chain as soon as they are computed (see [`ChainAccumulator`]), so
/// memory holds a logarithmic number of partial results per open chain rather than every operand
/// of a 10 MB rule at once.
fn build_bdd(vars: &BddVariableSet, expr: &Expr, budget: &mut Budget) -> Result<Bdd, BddTooLarge> {
    const NONE: u32 = u32::MAX;
    let nodes = expr.nodes();
    let n = nodes.len();
    // How many parents use each node.
    let mut uses = vec![0u32; n];
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
    // A node is absorbed into its parent's chain when it has the same operator and no other
    // parent; a chain's root is its non-absorbed top node.
    let mut absorbed = vec![false; n];
    for node in nodes {
        if let Node::And(a, b) | Node::Or(a, b) = *node {
            for c in [a, b] {
                let child = nodes[c as usize];
                let same = matches!(
                    (*node, child),
                    (Node::And(..), Node::And(..)) | (Node::Or(..), Node::Or(..))
                );
                if uses[c as usize] == 1 && same {
                    absorbed[c as usize] = true;
                }
            }
        }
    }
    // `link`: for an absorbed node its chain's root; for any other node the (first) chain root
    // it is an operand of. Further chains a shared node feeds go to `more_links`.
    let mut link = vec![NONE; n];
    let mut more_links: HashMap<u32, Vec<u32>> = HashMap::new();
    for i in (0..n).rev() {
        if let Node::And(a, b) | Node::Or(a, b) = nodes[i] {
            let root = if absorbed[i] { link[i] } else { i as u32 };
            for c in [a, b] {
                let c = c as usize;
                if absorbed[c] || link[c] == NONE {
                    link[c] = root;
                } else {
                    more_links.entry(c as u32).or_default().push(root);
                }
            }
        }
    }
    // BDDs still wanted by a `Not` parent, and the open chains.
    let mut values: HashMap<u32, Bdd> = HashMap::new();
    let mut chains: HashMap<u32, ChainAccumulator> = HashMap::new();
    let mut extra: Vec<u32> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        if absorbed[i] {
            continue;
        }
        let bdd = match *node {
            Node::Const(true) => vars.mk_true(),
            Node::Const(false) => vars.mk_false(),
            Node::Var(v) => vars.mk_var(BddVariable::from_index(v.index())),
            Node::Not(a) => {
                uses[a as usize] -= 1;
                let x = if uses[a as usize] == 0 {
                    values.remove(&a)
                } else {
                    values.get(&a).cloned()
                }
                .expect("operand computed");
                budget.charge(x.size())?;
                x.into_not()
            }
            Node::And(..) | Node::Or(..) => chains
                .remove(&(i as u32))
                .expect("chain has operands")
                .finish(budget)?,
        };
        if i + 1 == n {
            return Ok(bdd);
        }
        // Hand the result to the chains it is an operand of, then keep it for `Not` parents.
        extra.clear();
        if let Some(more) = more_links.remove(&(i as u32)) {
            extra.extend(more);
        }
        let mut bdd = Some(bdd);
        for root in std::iter::once(link[i])
            .filter(|&r| r != NONE)
            .chain(extra.iter().copied())
        {
            uses[i] -= 1;
            let operand = if uses[i] == 0 {
                bdd.take().expect("still held")
            } else {
                bdd.clone().expect("still held")
            };
            let op = if matches!(nodes[root as usize], Node::And(..)) {
                op_function::and
            } else {
                op_function::or
            };
            chains
                .entry(root)
                .or_insert_with(|| ChainAccumulator::new(op))
                .push(operand, budget)?;
        }
        if let Some(bdd) = bdd {
            values.insert(i as u32, bdd);
        }
    }
    unreachable!("the root is the last node")
}

/// The operands of one chain `x1 op x2 op ... op xk` (op associative), combined as a balanced
/// tree of neighbours while they arrive, like a binary counter: two partial results of the same
/// rank merge as soon as both exist. Neighbouring terms of a published DNF share most of their
/// variables, so their combinations stay small; and a function too large for the limit is met
/// after a few operands rather than after the whole bottom level.
struct ChainAccumulator {
    op: fn(Option<bool>, Option<bool>) -> Option<bool>,
    stack: Vec<(u32, Bdd)>,
}

impl ChainAccumulator {
    fn new(op: fn(Option<bool>, Option<bool>) -> Option<bool>) -> ChainAccumulator {
        ChainAccumulator {
            op,
            stack: Vec::new(),
        }
    }

    fn push(&mut self, x: Bdd, budget: &mut Budget) -> Result<(), BddTooLarge> {
        let mut item = (0u32, x);
        while self.stack.last().is_some_and(|(rank, _)| *rank == item.0) {
            let (rank, left) = self.stack.pop().expect("checked");
            item = (rank + 1, budget.apply(&left, &item.1, self.op)?);
        }
        self.stack.push(item);
        Ok(())
    }

    fn finish(mut self, budget: &mut Budget) -> Result<Bdd, BddTooLarge> {
        let (_, mut acc) = self.stack.pop().expect("at least one operand");
        while let Some((_, left)) = self.stack.pop() {
            acc = budget.apply(&left, &acc, self.op)?;
        }
        Ok(acc)
    }
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
/// would take more than `100 * node_limit + 32 * e` BDD node visits for an expression of `e`
/// nodes. Every sign returned is exact.
///
/// # Errors
/// [`BddTooLarge`] as above.
pub fn regulation_signs_with_limit(
    network: &Network,
    vars: &BddVariableSet,
    target: VarId,
    node_limit: usize,
) -> Result<Vec<(VarId, Sign)>, BddTooLarge> {
    let mut budget = Budget::new(node_limit, network.function(target));
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

    proptest::proptest! {
        /// The BDD of a random expression (shared nodes and chains included) has the
        /// expression's truth table, with and without limits.
        #[test]
        fn bdds_follow_the_truth_table(e in crate::testing::expr(5)) {
            let vars = bdd_variables(5);
            let f = expr_to_bdd(&vars, &e);
            let g = expr_to_bdd_with_limit(&vars, &e, DEFAULT_BDD_NODE_LIMIT).unwrap();
            proptest::prop_assert!(f == g);
            for s in 0..32u64 {
                let valuation = biodivine_lib_bdd::BddValuation::new(
                    (0..5).map(|i| (s >> i) & 1 == 1).collect(),
                );
                proptest::prop_assert_eq!(f.eval_in(&valuation), e.eval_bits(s));
            }
        }

        /// Signs agree with their definition checked state by state.
        #[test]
        fn signs_follow_their_definition(e in crate::testing::expr(4)) {
            let vars = bdd_variables(4);
            let f = expr_to_bdd(&vars, &e);
            for r in 0..4 {
                let (mut up, mut down) = (false, false);
                for s in 0..16u64 {
                    if (s >> r) & 1 == 0 {
                        let (lo, hi) = (e.eval_bits(s), e.eval_bits(s | 1 << r));
                        up |= !lo && hi;
                        down |= lo && !hi;
                    }
                }
                let expected = match (up, down) {
                    (true, false) => Sign::Activating,
                    (false, true) => Sign::Inhibiting,
                    (true, true) => Sign::Dual,
                    (false, false) => Sign::NonEssential,
                };
                proptest::prop_assert_eq!(bdd_sign(&f, VarId::new(r)), expected);
            }
        }
    }
}
