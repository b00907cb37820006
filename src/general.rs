//! General asynchronous update (PyBoolNet's "mixed" update; "generalized asynchronous"
//! elsewhere): in a state `x` with updatable variables `U(x) = {i : f_i(x) ≠ x_i}`, any
//! non-empty subset of them may update in one step. The successors of `x` are
//! `{flip_S(x) : ∅ ≠ S ⊆ U(x)}`: `2^|U(x)| − 1` distinct states (a fixed point has none).
//!
//! Attractors are the terminal strongly connected components of this graph, basins are counted
//! by explicit reachability as under asynchronous update, and the reach probability of an
//! attractor is the probability of ending in it when each step picks one of the non-empty
//! subsets of `U(x)` uniformly (each successor with probability `1 / (2^|U(x)| − 1)`), from a
//! uniformly random state of the free variables.
//!
//! How the results compare with the other schemes (`docs/semantics.md`): every asynchronous
//! transition (`|S| = 1`) and every synchronous one that moves (`S = U(x)`) is a general one,
//! so the fixed points are those of every scheme, each general attractor is closed under
//! asynchronous and under synchronous update and therefore contains at least one asynchronous
//! attractor and at least one synchronous attractor, and there are at most as many general
//! attractors as asynchronous ones. An asynchronous cyclic attractor can be left by flipping
//! several variables at once, so it need not be, or lie in, a general attractor.
//!
//! The graph is explicit, one state at a time, with no reduction (outputs included): at most
//! [`crate::asynchronous::NAIVE_MAX_FREE`] free variables, and its transitions are counted
//! first so that a graph beyond the memory allowed is refused before it is built. The
//! exploration is not cancellable and lists every attractor state.

use crate::asynchronous::{GraphBudget, naive_graph_attractors};
use crate::attractor::{Exploration, UpdateScheme};
use crate::error::Error;
use crate::network::{Network, VarId};

/// The variables each successor flips, for a state whose updatable variables are `updatable`:
/// every non-empty subset, in the order of their bit masks over `updatable`.
///
/// # Panics
/// With more than 30 updatable variables (the caller's budget refuses far earlier).
pub fn moves(updatable: &[VarId]) -> Vec<Vec<VarId>> {
    assert!(updatable.len() <= 30, "too many updatable variables");
    (1u32..1 << updatable.len())
        .map(|mask| {
            updatable
                .iter()
                .enumerate()
                .filter(|(j, _)| (mask >> j) & 1 == 1)
                .map(|(_, &v)| v)
                .collect()
        })
        .collect()
}

/// The number of successors of a state with these updatable variables: `2^|U| − 1`.
fn successors(updatable: &[VarId]) -> u128 {
    (1u128 << updatable.len().min(127)) - 1
}

/// The attractors of `network` under general asynchronous update with `fixed` held, with weak
/// and strong basins and reach probabilities (see the module documentation), from the explicit
/// state graph. Every state of every attractor is listed.
///
/// # Errors
/// [`Error::ConflictingAssignment`] for a variable fixed twice; [`Error::Limit`] beyond
/// [`crate::asynchronous::NAIVE_MAX_FREE`] free variables; [`Error::TooLarge`] when the graph
/// (about 160 bytes per state and 8 per transition) would need more than `max_memory` bytes,
/// before anything is allocated.
pub fn attractors(
    network: &Network,
    fixed: &[(VarId, bool)],
    max_memory: u64,
) -> Result<Exploration, Error> {
    naive_graph_attractors(
        network,
        fixed,
        UpdateScheme::General,
        &moves,
        Some(GraphBudget {
            successors: &successors,
            allowed_bytes: u128::from(max_memory),
            what: "the general asynchronous state graph",
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_are_the_non_empty_subsets() {
        let u = [VarId::new(0), VarId::new(2), VarId::new(5)];
        let m = moves(&u);
        assert_eq!(m.len(), 7);
        assert_eq!(successors(&u), 7);
        assert!(m.iter().all(|s| !s.is_empty()));
        let mut sorted = m.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 7);
        assert!(moves(&[]).is_empty());
        assert_eq!(successors(&[]), 0);
    }
}
