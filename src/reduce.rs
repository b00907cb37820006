//! Exact reduction before exploring: fixed variables leave the state space and output cascades
//! leave the explored core.
//!
//! * **Fixed** variables are constants (`X, 0|1`), inputs fixed by a condition and perturbed
//!   nodes. They are substituted into every function and are not explored, so they do not count
//!   toward the `2^k` states (BoolNet's convention).
//! * **Outputs** are free variables that no other remaining variable reads and that do not read
//!   themselves, removed repeatedly (so whole read-out cascades go). They cannot influence the
//!   rest, so the core's dynamics are exactly the full network's projected onto the core: every
//!   core state stands for `2^(outputs)` full states with the same fate. The explorers put the
//!   outputs back afterwards (synchronous: their values along the cycle; asynchronous: the values
//!   reachable in the attractor).
//!
//! Inputs that are not fixed stay free and are explored like any variable.

use crate::error::{Error, Remedy};
use crate::expr::Expr;
use crate::network::{Network, VarId, VarKind};

/// A network split into fixed variables, the explored core and the removed outputs.
#[derive(Clone, Debug)]
pub struct Reduction {
    /// The network with every fixed variable's function replaced by its constant.
    full: Network,
    /// Fixed variables and their values, in variable order.
    fixed: Vec<(VarId, bool)>,
    /// The explored core variables, in variable order; core index `i` is `core[i]`.
    core: Vec<VarId>,
    /// Removed outputs in evaluation order: each reads only fixed, core or earlier outputs.
    outputs: Vec<VarId>,
    /// The core network: core variables only, fixed values substituted, outputs dropped.
    core_network: Network,
    /// For each variable of the full network, its core index if it is in the core.
    core_index: Vec<Option<usize>>,
    /// Every variable's function with the fixed values substituted and folded (a constant for
    /// a fixed variable): built once here, read by the lifter for the outputs.
    restricted: Vec<Expr>,
}

/// The most free variables an explicit engine takes: its state count (`2^k`) and basin sizes are
/// counted in `u128`. Shared by the synchronous and asynchronous engines.
pub const MAX_FREE_VARS: usize = 127;

impl Reduction {
    /// Reduces `network` with the variables of `fixed` held at their values (inputs of a
    /// condition, perturbations). Constants of the network are fixed as well.
    ///
    /// # Errors
    /// [`Error::ConflictingAssignment`] if a variable is fixed twice to different values.
    pub fn new(network: &Network, fixed: &[(VarId, bool)]) -> Result<Reduction, Error> {
        Reduction::build(network, fixed, true)
    }

    /// As [`Reduction::new`], but every free variable stays in the core (no outputs): for
    /// update schemes under which an output can change the fate of the rest (priority classes,
    /// where an output in a fast class holds back slower variables).
    ///
    /// # Errors
    /// As [`Reduction::new`].
    pub fn keeping_outputs(network: &Network, fixed: &[(VarId, bool)]) -> Result<Reduction, Error> {
        Reduction::build(network, fixed, false)
    }

    fn build(network: &Network, fixed: &[(VarId, bool)], peel: bool) -> Result<Reduction, Error> {
        let n = network.num_vars();
        let mut value: Vec<Option<bool>> = vec![None; n];
        for &(v, b) in fixed {
            match value[v.index()] {
                Some(old) if old != b => {
                    return Err(Error::ConflictingAssignment {
                        name: network.name(v).to_string(),
                    });
                }
                _ => value[v.index()] = Some(b),
            }
        }
        for v in network.vars() {
            if let VarKind::Constant(c) = network.kind(v)
                && value[v.index()].is_none()
            {
                value[v.index()] = Some(c);
            }
        }
        let fixed: Vec<(VarId, bool)> = network
            .vars()
            .filter_map(|v| value[v.index()].map(|b| (v, b)))
            .collect();
        let full = network.with_fixed(&fixed);
        // Substitute fixed values into every free function.
        let restricted: Vec<Expr> = full
            .vars()
            .map(|v| match value[v.index()] {
                Some(b) => Expr::constant(b),
                None => full.function(v).restrict(|x| value[x.index()]),
            })
            .collect();
        let supports: Vec<Vec<VarId>> = restricted.iter().map(Expr::support).collect();
        // Peel outputs: free, unread by other remaining free variables, not self-reading.
        let mut removed = vec![false; n];
        let mut readers = vec![0usize; n];
        for v in full.vars() {
            if value[v.index()].is_some() {
                continue;
            }
            for &r in &supports[v.index()] {
                if r != v {
                    readers[r.index()] += 1;
                }
            }
        }
        let mut removal_order = Vec::new();
        let mut stack: Vec<VarId> = full
            .vars()
            .filter(|&v| {
                peel && value[v.index()].is_none()
                    && readers[v.index()] == 0
                    && !supports[v.index()].contains(&v)
            })
            .collect();
        while let Some(v) = stack.pop() {
            if removed[v.index()] {
                continue;
            }
            removed[v.index()] = true;
            removal_order.push(v);
            for &r in &supports[v.index()] {
                if r == v || value[r.index()].is_some() {
                    continue;
                }
                readers[r.index()] -= 1;
                if readers[r.index()] == 0
                    && !removed[r.index()]
                    && !supports[r.index()].contains(&r)
                {
                    stack.push(r);
                }
            }
        }
        let outputs: Vec<VarId> = removal_order.into_iter().rev().collect();
        let core: Vec<VarId> = full
            .vars()
            .filter(|v| value[v.index()].is_none() && !removed[v.index()])
            .collect();
        let mut core_index = vec![None; n];
        for (i, v) in core.iter().enumerate() {
            core_index[v.index()] = Some(i);
        }
        let core_vars = core
            .iter()
            .map(|&v| {
                let f = restricted[v.index()]
                    .map_vars(|x| VarId::new(core_index[x.index()].expect("core reads core")));
                (full.name(v).to_string(), f)
            })
            .collect();
        let core_network = Network::new(core_vars).expect("core network is well formed");
        Ok(Reduction {
            full,
            fixed,
            core,
            outputs,
            core_network,
            core_index,
            restricted,
        })
    }

    /// Variable `var`'s function with the fixed values substituted and folded
    /// ([`Expr::restrict`]); the constant for a fixed variable.
    pub fn restricted(&self, var: VarId) -> &Expr {
        &self.restricted[var.index()]
    }

    /// The network with fixed variables' functions replaced by their constants.
    pub fn full_network(&self) -> &Network {
        &self.full
    }

    /// The fixed variables and their values.
    pub fn fixed(&self) -> &[(VarId, bool)] {
        &self.fixed
    }

    /// The explored core variables (core index i = `core()[i]`).
    pub fn core(&self) -> &[VarId] {
        &self.core
    }

    /// The removed outputs, in evaluation order.
    pub fn outputs(&self) -> &[VarId] {
        &self.outputs
    }

    /// The core network (variables renumbered 0..core size).
    pub fn core_network(&self) -> &Network {
        &self.core_network
    }

    /// The core index of a variable of the full network, if it is in the core.
    pub fn core_index(&self, var: VarId) -> Option<usize> {
        self.core_index[var.index()]
    }

    /// Number of free variables of the whole network: core plus outputs. The state space the
    /// results refer to has `2^num_free()` states.
    pub fn num_free(&self) -> usize {
        self.core.len() + self.outputs.len()
    }

    /// Checks [`num_free`](Reduction::num_free) against [`MAX_FREE_VARS`], the limit of the
    /// explicit engines.
    ///
    /// # Errors
    /// [`Error::Limit`] with the remedies (fix inputs, perturb nodes) when there are more.
    pub(crate) fn check_free_vars(&self) -> Result<(), Error> {
        if self.num_free() > MAX_FREE_VARS {
            return Err(Error::Limit {
                what: format!(
                    "{} free variables: the explicit engine counts at most 2^{MAX_FREE_VARS} states",
                    self.num_free()
                ),
                remedies: vec![
                    Remedy::FixInputs { inputs: Vec::new() },
                    Remedy::PerturbNodes,
                ],
            });
        }
        Ok(())
    }

    /// A full state (one bool per variable) with fixed values set, core bits from `core_state`
    /// (bit i = core variable i) and outputs at `false`.
    pub fn expand(&self, core_state: u64) -> Vec<bool> {
        let mut s = vec![false; self.full.num_vars()];
        for &(v, b) in &self.fixed {
            s[v.index()] = b;
        }
        for (i, v) in self.core.iter().enumerate() {
            s[v.index()] = (core_state >> i) & 1 == 1;
        }
        s
    }
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
    fn fixed_constants_and_output_cascades_leave_the_core() {
        // I input, K constant, A/B core loop, O1 reads A, O2 reads O1, S self-loop unread.
        let n = net("I, I\nK, 1\nA, !B & I\nB, A | K\nO1, A\nO2, O1 & B\nS, S & A\n");
        let r = Reduction::new(&n, &[(n.find("I").unwrap(), true)]).unwrap();
        let names = |vs: &[VarId]| {
            vs.iter()
                .map(|&v| n.name(v).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(r.core()), ["A", "B", "S"]);
        assert_eq!(names(r.outputs()), ["O1", "O2"]);
        assert_eq!(r.fixed().len(), 2);
        assert_eq!(r.num_free(), 5);
        assert_eq!(
            r.core_network()
                .function(VarId::new(0))
                .to_bnet(|v| r.core_network().name(v).into()),
            "!B"
        );
        assert_eq!(
            r.core_network().function(VarId::new(1)).as_constant(),
            Some(true)
        );
    }

    #[test]
    fn unfixed_inputs_stay_free() {
        let n = net("I, I\nA, I & A\n");
        let r = Reduction::new(&n, &[]).unwrap();
        assert_eq!(r.core().len(), 2);
    }

    #[test]
    fn conflicting_fixes_are_refused() {
        let n = net("A, A\n");
        let a = n.find("A").unwrap();
        assert!(Reduction::new(&n, &[(a, true), (a, false)]).is_err());
    }
}
