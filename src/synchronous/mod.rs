//! Synchronous attractors and basins: every cycle of `F(x) = (f_0(x), …, f_{n-1}(x))` and the
//! exact number of states whose trajectory ends in each.
//!
//! The pipeline, for a network and a set of fixed variables (inputs of a condition and
//! perturbations):
//! 1. [`Reduction`]: fixed variables and constants leave the space, output cascades leave the
//!    core (exact: every core state stands for `2^outputs` full states with the same fate);
//! 2. the core is compiled to a bit-sliced [`Kernel`](crate::kernel::Kernel);
//! 3. *exhaustive*: the successor of every core state is written as a `u32` state index
//!    (512 states per kernel evaluation, transposed lane-wise), then the functional graph is
//!    walked in parallel, labelling every state with its attractor in place of its successor
//!    (see `exhaustive`): at most 4.25 bytes per core state, so 32 core variables fit in
//!    17 GiB;
//!    *sampled*: random initial states are followed to their cycle with Brent's algorithm, 512
//!    trajectories at a time in lockstep (see `sample`), with no per-state storage;
//! 4. the core cycles are put back into the whole network: fixed values, and each output's value
//!    at step `t` computed from the full state at step `t - 1` around the cycle until it settles;
//!    basin sizes are multiplied by `2^outputs`.
//!
//! **Characteristics.** Exhaustive: `O(2^k · (P/512 + 1))` time for `k` core variables and a
//! program of `P` bitwise instructions, at most `4.25 · 2^k` bytes, deterministic output whatever the
//! number of threads. Sampled: `O(samples · (transient + cycle))` steps, memory independent of
//! `k` (up to 64 core variables), the list of attractors may be incomplete.
//!
//! [`naive_attractors`] is the reference every fast path is tested against: one state at a time,
//! no reduction, no kernel.

mod exhaustive;
mod naive;
mod sample;

pub use exhaustive::SyncExplorer;
pub use naive::naive_attractors;

use crate::attractor::{
    Attractor, AttractorKind, Basin, EngineInfo, Exploration, Method, UpdateScheme,
};
use crate::cancel::Cancel;
use crate::count::Count;
use crate::error::Error;
use crate::network::{Network, VarId};
use crate::reduce::Reduction;
use crate::state::State;

/// The most core variables an exhaustive search handles: successors are stored as `u32`.
pub const MAX_EXHAUSTIVE_CORE: usize = 32;
/// The most core variables the sampler handles: states are `u64`.
pub const MAX_SAMPLED_CORE: usize = 64;
pub use crate::reduce::MAX_FREE_VARS;

/// How to search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncConfig {
    /// [`Method::Exhaustive`] (every state, exact basins) or [`Method::Sampled`] (random initial
    /// states followed to their cycle; the list may be incomplete).
    pub method: Method,
    /// The most bytes an exhaustive search may allocate; `None` for
    /// [`crate::engine::default_max_memory`].
    pub max_memory: Option<u64>,
    /// Stops the search early with [`Error::Cancelled`] when raised.
    pub cancel: Cancel,
}

impl Default for SyncConfig {
    fn default() -> SyncConfig {
        SyncConfig {
            method: Method::Exhaustive,
            max_memory: None,
            cancel: Cancel::NEVER,
        }
    }
}

impl SyncConfig {
    /// Exhaustive search with the default memory limit.
    pub fn exhaustive() -> SyncConfig {
        SyncConfig::default()
    }

    /// Sampling `samples` random initial states from generator seed `seed`.
    pub fn sampled(samples: u64, seed: u64) -> SyncConfig {
        SyncConfig {
            method: Method::Sampled { samples, seed },
            ..SyncConfig::default()
        }
    }
}

/// The synchronous attractors of `network` with the variables of `fixed` held at their values
/// (inputs of a condition, perturbations; constants are fixed too), with their basins.
///
/// Equivalent to `SyncExplorer::new().attractors(network, fixed, config)`; use a
/// [`SyncExplorer`] to reuse its buffers across many runs (screens).
///
/// # Returns
/// An [`Exploration`] over the whole network: attractors sorted with [`Exploration::sort`],
/// cycles starting at their smallest state (as an integer with bit i = variable i),
/// `explored_states = 2^(free variables)`, `Basin::Synchronous` sizes (exhaustive) or
/// `Basin::Sampled` hit counts with Wilson 95% intervals (sampled).
///
/// # Errors
/// [`Error::Invalid`] when a variable is fixed to two values or the core is too large for the
/// method; [`Error::TooLarge`] when an exhaustive search would need more than the memory limit.
///
/// # Examples
/// ```
/// use basin::parse::{parse_str, Format, ParseOptions};
/// use basin::synchronous::{attractors, SyncConfig};
/// let net = parse_str("A, !B\nB, A\n", &ParseOptions::new(Format::Bnet))?.network;
/// let result = attractors(&net, &[], &SyncConfig::default())?;
/// assert_eq!(result.attractors.len(), 1);
/// assert_eq!(result.attractors[0].num_states, 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attractors(
    network: &Network,
    fixed: &[(VarId, bool)],
    config: &SyncConfig,
) -> Result<Exploration, Error> {
    SyncExplorer::new().attractors(network, fixed, config)
}

/// Bytes an exhaustive search over `core_vars` core variables allocates at most: one `u32`
/// successor (later the attractor label) and two mark bits per state (one suffices below 32
/// variables), plus a margin for the kernel's and workers' buffers.
pub fn exhaustive_bytes(core_vars: usize) -> u128 {
    let states = 1u128 << core_vars;
    // u32 successors + 2 bits of marks, rounded up to whole u64 words.
    states * 4 + states.div_ceil(32) * 8 + (1 << 20)
}

/// A core cycle found by an explorer, in walk order (any rotation), and its basin measure.
pub(crate) struct CoreCycle {
    pub(crate) states: Vec<u64>,
    pub(crate) basin: CoreBasin,
}

/// The basin of a core cycle before outputs are put back.
pub(crate) enum CoreBasin {
    /// Number of core states.
    Exact(u64),
    /// Samples that ended here, out of the total.
    Sampled { hits: u64, samples: u64 },
}

/// Rotates a cycle so that it starts at its smallest state (as an integer with bit i =
/// variable i).
pub(crate) fn rotate_to_smallest(states: &mut [Vec<bool>]) {
    let keys: Vec<State> = states.iter().map(|s| State::from_bools(s)).collect();
    let start = (0..keys.len())
        .min_by(|&i, &j| keys[i].cmp_as_number(&keys[j]))
        .unwrap_or(0);
    states.rotate_left(start);
}

/// Puts a core cycle back into the whole network: fixed values, core bits, and outputs computed
/// around the cycle (an output's value at step `t` is its function of the full state at step
/// `t - 1`) until they settle. Returns the full states starting from the smallest.
pub(crate) fn fill_in(reduction: &Reduction, core_cycle: &[u64]) -> Vec<Vec<bool>> {
    let full = reduction.full_network();
    let mut states: Vec<Vec<bool>> = core_cycle.iter().map(|&c| reduction.expand(c)).collect();
    let outputs = reduction.outputs();
    if !outputs.is_empty() {
        let len = states.len();
        let mut scratch = Vec::new();
        // Each round settles at least one more level of the output cascade; `outputs.len() + 1`
        // rounds always suffice, and the loop stops as soon as a round changes nothing.
        for _ in 0..=outputs.len() + 1 {
            let mut changed = false;
            for t in 0..len {
                let prev = (t + len - 1) % len;
                for &o in outputs {
                    let value = {
                        let p = &states[prev];
                        full.function(o).eval_with(&mut scratch, |v| p[v.index()])
                    };
                    if states[t][o.index()] != value {
                        states[t][o.index()] = value;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }
    rotate_to_smallest(&mut states);
    states
}

/// Builds the whole-network `Exploration` from the core cycles an explorer found.
pub(crate) fn build_exploration(
    reduction: &Reduction,
    cycles: Vec<CoreCycle>,
    method: Method,
) -> Exploration {
    let shift = reduction.outputs().len() as u32;
    let attractors = cycles
        .into_iter()
        .map(|c| {
            let states: Vec<State> = fill_in(reduction, &c.states)
                .iter()
                .map(|s| State::from_bools(s))
                .collect();
            let kind = if states.len() == 1 {
                AttractorKind::FixedPoint
            } else {
                AttractorKind::Cycle
            };
            let basin = match c.basin {
                CoreBasin::Exact(size) => Basin::Partition {
                    size: Count::from(num_bigint::BigUint::from(size) << shift),
                },
                CoreBasin::Sampled { hits, samples } => Basin::Sampled {
                    hits,
                    samples,
                    ci95: crate::attractor::wilson_ci95(hits, samples),
                },
            };
            Attractor::from_states(kind, states, basin)
        })
        .collect();
    let full = reduction.full_network();
    let mut exploration = Exploration {
        update: UpdateScheme::Synchronous,
        variables: full.names().to_vec(),
        fixed: reduction.fixed().to_vec(),
        explored_states: Count::pow2(reduction.num_free() as u32),
        attractors,
        method,
        engine: EngineInfo {
            name: match method {
                Method::Exhaustive => "explicit",
                Method::Sampled { .. } => "sample",
            },
            core_size: reduction.core().len(),
        },
    };
    exploration.sort();
    exploration
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};
    use std::cmp::Ordering;

    fn net(text: &str) -> Network {
        parse_str(text, &ParseOptions::new(Format::Bnet))
            .unwrap()
            .network
    }

    #[test]
    fn outputs_follow_the_cycle_one_step_late() {
        // A, B run the 4-cycle 00 → 10 → 11 → 01; O1 copies A one step late, O2 copies O1 one
        // step later.
        let n = net("A, !B\nB, A\nO1, A\nO2, O1\n");
        let r = Reduction::new(&n, &[]).unwrap();
        assert_eq!(r.outputs().len(), 2);
        let cycle = [0b00u64, 0b01, 0b11, 0b10];
        let states = fill_in(&r, &cycle);
        assert_eq!(states.len(), 4);
        // Every full state is the synchronous successor of the one before it.
        for t in 0..4 {
            let prev = &states[(t + 3) % 4];
            for v in n.vars() {
                assert_eq!(
                    states[t][v.index()],
                    n.function(v).eval(|x| prev[x.index()])
                );
            }
        }
        // The first is the smallest as an integer.
        for s in &states[1..] {
            assert_eq!(
                State::from_bools(&states[0]).cmp_as_number(&State::from_bools(s)),
                Ordering::Less
            );
        }
    }

    #[test]
    fn cycles_start_at_their_smallest_integer() {
        let mut states = vec![vec![true, true], vec![false, true], vec![true, false]];
        rotate_to_smallest(&mut states);
        assert_eq!(states[0], vec![true, false]);
    }
}

#[cfg(test)]
mod memory_tests {
    use super::exhaustive_bytes;

    #[test]
    fn thirty_two_core_variables_need_about_17_gib() {
        let gib = exhaustive_bytes(32) as f64 / (1u64 << 30) as f64;
        assert!((17.0..17.01).contains(&gib), "{gib}");
    }
}
