//! The symbolic encoding of a network and the budgeted BDD operations every algorithm uses.
//!
//! Fixed variables (constants, inputs fixed by a condition, perturbed nodes) are substituted into
//! the functions and are not BDD variables, as in the explicit engines. Each free variable, in
//! the order of [`super::order`] (FORCE by default), is one BDD variable (`x_j` is BDD variable `stride · j`; the synchronous engine
//! uses `stride = 2` and puts the primed copy `x'_j` at `2j + 1`, interleaved, so a relation
//! `x'_j ↔ f_j(x)` stays local in the order). Update functions are translated by
//! [`crate::analysis::expr_to_bdd_with_limit`] (iterative over the arena, balanced chains):
//! rules with 80 inputs never meet a truth table.
//!
//! Positions `j` are BDD positions: `free[j]` is the network variable there, and results are
//! put back in network order (`full_values`, `summary`, `smallest_states`).
//!
//! Memory: lib-bdd keeps each BDD as its own node vector (10 bytes a node) and builds results
//! through a task cache; [`BYTES_PER_NODE`] is the budget per node of the largest BDD, which
//! leaves room for the few BDDs an algorithm holds at once. Every operation goes through
//! [`Limits`], which turns an overrun into [`Error::TooLarge`] instead of letting it allocate.

use super::SymbolicConfig;
use crate::analysis::expr_to_bdd_with_limit;
use crate::cancel::Cancel;
use crate::error::{Error, Remedy};
use crate::expr::Expr;
use crate::network::{Network, VarId};
use crate::reduce::Reduction;
use crate::state::State;
use biodivine_lib_bdd::{Bdd, BddNode, BddValuation, BddVariable, BddVariableSet, op_function};
use num_bigint::BigUint;

/// Bytes of memory one node of the largest BDD may cost (its 10 bytes, the task cache of the
/// operation building it, and the other sets held meanwhile).
pub const BYTES_PER_NODE: u64 = 256;

/// A binary Boolean operation in lib-bdd's three-valued form.
pub(crate) type Op = fn(Option<bool>, Option<bool>) -> Option<bool>;

/// The node budget and the cancel flag, shared by every operation of one run.
#[derive(Clone)]
pub(crate) struct Limits {
    /// The most nodes any BDD may have.
    pub node_limit: usize,
    /// The memory limit the budget was derived from.
    pub max_memory: u64,
    /// Polled between rounds.
    pub cancel: Cancel,
    /// What is being computed, for the error message.
    pub what: String,
}

impl Limits {
    /// The error of a BDD that outgrew the budget.
    pub fn too_large(&self) -> Error {
        Error::TooLarge {
            what: format!(
                "{}: a BDD grew past the budget of {} nodes",
                self.what, self.node_limit
            ),
            needed_bytes: (self.node_limit as u128 + 1) * u128::from(BYTES_PER_NODE),
            allowed_bytes: u128::from(self.max_memory),
            remedies: vec![
                Remedy::RaiseMemoryLimit,
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
            ],
        }
    }

    /// `Err(Error::Cancelled)` once cancellation was asked for.
    pub fn check(&self) -> Result<(), Error> {
        self.cancel.check()
    }

    /// `op(a, b)` within the node budget.
    pub fn apply(&self, a: &Bdd, b: &Bdd, op: Op) -> Result<Bdd, Error> {
        Bdd::binary_op_with_limit(self.node_limit, a, b, op).ok_or_else(|| self.too_large())
    }

    /// `a ∧ b`.
    pub fn and(&self, a: &Bdd, b: &Bdd) -> Result<Bdd, Error> {
        self.apply(a, b, op_function::and)
    }

    /// `start ∧ parts…`, merged greedily (as `FixedPoints::symbolic_merge` of
    /// biodivine-lib-param-bn): each step conjoins the remaining part that gives the smallest
    /// result, every trial bounded by the best size so far, so a bad pairing is abandoned early
    /// instead of built; the first trials are bounded by a cap that grows only when nothing fits
    /// under it. Used for the fixed points (`∧_j ¬D_j`) and the trap-space constraints.
    pub fn and_all_greedy(&self, start: Bdd, mut left: Vec<Bdd>) -> Result<Bdd, Error> {
        let mut result = start;
        while !left.is_empty() {
            left.sort_by_key(Bdd::size);
            let mut cap =
                (2 * (result.size() + left[left.len() - 1].size()) + 1024).min(self.node_limit);
            let (i, r) = loop {
                let mut best: Option<(usize, Bdd)> = None;
                for (i, c) in left.iter().enumerate() {
                    self.check()?;
                    let bound = best.as_ref().map_or(cap, |(_, b)| b.size());
                    if let Some(r) = Bdd::binary_op_with_limit(bound, &result, c, op_function::and)
                        && best.as_ref().is_none_or(|(_, b)| r.size() < b.size())
                    {
                        best = Some((i, r));
                    }
                }
                match best {
                    Some(found) => break found,
                    None if cap >= self.node_limit => return Err(self.too_large()),
                    None => cap = cap.saturating_mul(4).min(self.node_limit),
                }
            };
            left.swap_remove(i);
            result = r;
            if result.is_false() {
                break;
            }
        }
        Ok(result)
    }

    /// `a ∨ b`.
    pub fn or(&self, a: &Bdd, b: &Bdd) -> Result<Bdd, Error> {
        self.apply(a, b, op_function::or)
    }

    /// `a ∧ ¬b`.
    pub fn and_not(&self, a: &Bdd, b: &Bdd) -> Result<Bdd, Error> {
        self.apply(a, b, op_function::and_not)
    }

    /// `op(flip_a(a), flip_b(b))` with the output flipped in `flip_out`, within the budget
    /// (lib-bdd's fused flip: one pass, no intermediate copy).
    pub fn flip_op(
        &self,
        a: (&Bdd, Option<BddVariable>),
        b: (&Bdd, Option<BddVariable>),
        flip_out: Option<BddVariable>,
        op: Op,
    ) -> Result<Bdd, Error> {
        Bdd::fused_binary_flip_op_with_limit(self.node_limit, a, b, flip_out, op)
            .ok_or_else(|| self.too_large())
    }
}

/// A network with its fixed variables substituted, its free variables as BDD variables and its
/// update functions as BDDs.
pub(crate) struct Encoded {
    /// Variables of the whole network.
    pub n: usize,
    /// Fixed variables and their values, in variable order (as the explicit engines report).
    pub fixed: Vec<(VarId, bool)>,
    /// The explicit engines' core size (free variables minus output cascades), reported as is.
    pub core_size: usize,
    /// Free variables in BDD order: position `j` is `free[j]`.
    pub free: Vec<VarId>,
    /// Positions of the free variables that are output cascades (read by no other free
    /// variable, not by themselves; [`Reduction`]), in evaluation order: each reads only the
    /// others and earlier outputs. The asynchronous engine leaves them out of the search.
    pub outputs: Vec<usize>,
    /// The function of each free variable, fixed values substituted (over whole-network ids).
    pub functions: Vec<Expr>,
    /// BDD variables: `stride` per free variable.
    pub vars: BddVariableSet,
    /// 1 (states only) or 2 (states and their primed copies, interleaved).
    pub stride: usize,
    /// `f_j(x)` over the unprimed variables.
    pub update: Vec<Bdd>,
    /// Budget and cancel flag.
    pub limits: Limits,
    /// A whole-network state with the fixed values set and every free variable 0.
    base: Vec<bool>,
}

impl Encoded {
    /// Encodes `network` with `fixed` held (constants are fixed too).
    ///
    /// # Errors
    /// [`Error::Invalid`] for a variable fixed to two values or more BDD variables than lib-bdd
    /// allows (65 535); [`Error::TooLarge`] when a function's BDD exceeds the budget.
    pub fn new(
        network: &Network,
        fixed: &[(VarId, bool)],
        stride: usize,
        config: &SymbolicConfig,
        what: &str,
    ) -> Result<Encoded, Error> {
        let reduction = Reduction::new(network, fixed)?;
        let n = network.num_vars();
        let mut value: Vec<Option<bool>> = vec![None; n];
        let mut base = vec![false; n];
        for &(v, b) in reduction.fixed() {
            value[v.index()] = Some(b);
            base[v.index()] = b;
        }
        let free: Vec<VarId> = network
            .vars()
            .filter(|v| value[v.index()].is_none())
            .collect();
        let m = free.len();
        let num_bdd_vars = u16::try_from(m * stride).map_err(|_| Error::Limit {
            what: format!(
                "{m} free variables: the symbolic engine handles at most {} (BDD variables \
                     are 16-bit)",
                u16::MAX as usize / stride
            ),
            remedies: vec![
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
            ],
        })?;
        let full = reduction.full_network();
        let functions: Vec<Expr> = free
            .iter()
            .map(|&v| full.function(v).restrict(|x| value[x.index()]))
            .collect();
        // The BDD order (`order`): free variables and their functions permuted together.
        let (free, functions): (Vec<VarId>, Vec<Expr>) =
            super::order::order(&free, &functions, config.order)
                .into_iter()
                .map(|j| (free[j], functions[j].clone()))
                .unzip();
        let mut position = vec![usize::MAX; n];
        for (j, v) in free.iter().enumerate() {
            position[v.index()] = j;
        }
        let max_memory = config
            .max_memory
            .unwrap_or_else(crate::engine::default_max_memory);
        let node_limit = usize::try_from(config.node_limit.unwrap_or(max_memory / BYTES_PER_NODE))
            .unwrap_or(usize::MAX)
            .max(16);
        let limits = Limits {
            node_limit,
            max_memory,
            cancel: config.cancel.clone(),
            what: format!("symbolic {what} search over {m} free variables"),
        };
        let vars = BddVariableSet::new_anonymous(num_bdd_vars);
        let mut update = Vec::with_capacity(m);
        for f in &functions {
            limits.check()?;
            let mapped = f.map_vars(|x| VarId::new(stride * position[x.index()]));
            update.push(
                expr_to_bdd_with_limit(&vars, &mapped, node_limit)
                    .map_err(|_| limits.too_large())?,
            );
        }
        let outputs = reduction
            .outputs()
            .iter()
            .map(|v| position[v.index()])
            .collect();
        Ok(Encoded {
            n,
            fixed: reduction.fixed().to_vec(),
            core_size: reduction.core().len(),
            free,
            outputs,
            functions,
            vars,
            stride,
            update,
            limits,
            base,
        })
    }

    /// Number of free variables.
    pub fn m(&self) -> usize {
        self.free.len()
    }

    /// The BDD variable of free variable `j`.
    pub fn x(&self, j: usize) -> BddVariable {
        BddVariable::from_index(self.stride * j)
    }

    /// The primed copy of free variable `j` (synchronous encoding only).
    pub fn primed(&self, j: usize) -> BddVariable {
        debug_assert_eq!(self.stride, 2);
        BddVariable::from_index(2 * j + 1)
    }

    /// Every state.
    pub fn all(&self) -> Bdd {
        self.vars.mk_true()
    }

    /// The literal `x_j = value`.
    pub fn literal(&self, j: usize, value: bool) -> Bdd {
        self.vars.mk_literal(self.x(j), value)
    }

    /// The number of states in `set` (a set over the unprimed variables).
    pub fn count(&self, set: &Bdd) -> BigUint {
        set.exact_cardinality() >> (self.m() * (self.stride - 1))
    }

    /// The values of the free variables in one valuation of the BDD variables.
    pub fn free_values(&self, valuation: &BddValuation) -> Vec<bool> {
        (0..self.m()).map(|j| valuation.value(self.x(j))).collect()
    }

    /// One state of a non-empty set, as free-variable values.
    pub fn pick(&self, set: &Bdd) -> Option<Vec<bool>> {
        set.sat_witness().map(|v| self.free_values(&v))
    }

    /// The single-state set of the given free-variable values.
    pub fn state_set(&self, values: &[bool]) -> Bdd {
        let literals: Vec<(BddVariable, bool)> = values
            .iter()
            .enumerate()
            .map(|(j, &b)| (self.x(j), b))
            .collect();
        self.vars.mk_true().select(&literals)
    }

    /// The whole-network state with these free-variable values.
    pub fn full_state(&self, values: &[bool]) -> State {
        State::from_bools(&self.full_values(values))
    }

    /// The whole-network values with these free-variable values.
    pub fn full_values(&self, values: &[bool]) -> Vec<bool> {
        let mut full = self.base.clone();
        for (j, v) in self.free.iter().enumerate() {
            full[v.index()] = values[j];
        }
        full
    }

    /// The synchronous successor of a state, evaluated explicitly (free-variable values).
    pub fn step(&self, values: &[bool], scratch: &mut Vec<bool>) -> Vec<bool> {
        let full = self.full_values(values);
        self.functions
            .iter()
            .map(|f| f.eval_with(scratch, |v| full[v.index()]))
            .collect()
    }

    /// Pattern and activity over the whole network of a non-empty set of `count` states.
    pub fn summary(
        &self,
        set: &Bdd,
        count: &BigUint,
    ) -> Result<(Vec<Option<bool>>, Vec<f64>), Error> {
        let mut pattern: Vec<Option<bool>> = self.base.iter().map(|&b| Some(b)).collect();
        let mut activity: Vec<f64> = self.base.iter().map(|&b| f64::from(u8::from(b))).collect();
        for (j, v) in self.free.iter().enumerate() {
            let ones = self.count(&self.limits.and(set, &self.literal(j, true))?);
            pattern[v.index()] = if ones == BigUint::ZERO {
                Some(false)
            } else if &ones == count {
                Some(true)
            } else {
                None
            };
            activity[v.index()] = ratio(&ones, count);
        }
        Ok((pattern, activity))
    }

    /// The positions of the free variables in network (file) order: the BDD order may differ.
    pub fn file_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.m()).collect();
        order.sort_by_key(|&j| self.free[j].index());
        order
    }

    /// The `k` smallest states of `set` (as integers with bit `i` = variable `i`), in increasing
    /// order. A depth-first walk from the most significant free variable, 0 before 1, that
    /// descends only into non-empty restrictions, so each state costs one path.
    pub fn smallest_states(&self, set: &Bdd, k: usize) -> Result<Vec<State>, Error> {
        let m = self.m();
        let significance = self.file_order();
        let mut out = Vec::new();
        // (free variables still to decide, the set restricted so far, values decided).
        let mut stack: Vec<(usize, Bdd, Vec<bool>)> = vec![(m, set.clone(), vec![false; m])];
        while let Some((left, bdd, values)) = stack.pop() {
            if out.len() >= k {
                break;
            }
            if bdd.is_false() {
                continue;
            }
            if left == 0 {
                out.push(self.full_state(&values));
                continue;
            }
            let j = significance[left - 1];
            let one = bdd.var_restrict(self.x(j), true);
            let zero = bdd.var_restrict(self.x(j), false);
            if !one.is_false() {
                let mut v = values.clone();
                v[j] = true;
                stack.push((left - 1, one, v));
            }
            if !zero.is_false() {
                stack.push((left - 1, zero, values));
            }
            self.limits.check()?;
        }
        Ok(out)
    }

    /// A set over the unprimed variables moved to the primed ones (`x_j → x'_j`), or back.
    /// Only valid when the set does not mention the variables it moves onto; the order of
    /// variables is kept (each moves next to itself), so the node array is rewritten in place.
    pub fn shift(&self, set: &Bdd, to_primed: bool) -> Bdd {
        let nodes: Vec<BddNode> = set
            .clone()
            .to_nodes()
            .into_iter()
            .map(|mut node| {
                if !node.is_terminal() {
                    let i = node.var.to_index();
                    node.var = BddVariable::from_index(if to_primed { i + 1 } else { i - 1 });
                }
                node
            })
            .collect();
        Bdd::from_nodes(&nodes).expect("moving variables to their neighbours keeps the order")
    }
}

/// `a / b` as a float, exact to the float's precision for counts of any size.
pub(crate) fn ratio(a: &BigUint, b: &BigUint) -> f64 {
    let shift = b.bits().saturating_sub(60);
    let (a, b) = (a >> shift, b >> shift);
    to_f64(&a) / to_f64(&b)
}

/// A count as a float (rounded; `inf` past `f64::MAX`).
pub(crate) fn to_f64(x: &BigUint) -> f64 {
    x.to_u64_digits()
        .iter()
        .rev()
        .fold(0.0, |acc, &d| acc * 18_446_744_073_709_551_616.0 + d as f64)
}
