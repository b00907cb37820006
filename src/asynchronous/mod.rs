//! Asynchronous attractors, weak and strong basins and reach probabilities, exact, on bit sets.
//!
//! Semantics (docs/semantics.md): the successors of `x` are `flip_i(x)` for every `i` with
//! `f_i(x) ≠ x_i`; an attractor is a terminal strongly connected component; the weak basin of an
//! attractor is the set of states that can reach it, the strong basin the states that can reach
//! only it, and the reach probability the chance of ending in it from a uniformly random state
//! when each step updates one uniformly chosen variable (equivalently, one uniformly chosen
//! among those that would change: the others only add self-loops).
//!
//! The pipeline, for a network and a set of fixed variables (inputs of a condition and
//! perturbations):
//! 1. [`crate::reduce::Reduction`]: fixed variables and constants leave the space, output cascades leave the
//!    core. An output cannot change which attractor is reached, so each core attractor `A` is
//!    lifted afterwards: taking outputs in evaluation order, an output whose function is constant
//!    over the lifted attractor so far takes that value, any other output takes both values (the
//!    attractor is `A × ∏ V_o`, `V_o ∈ {{0}, {1}, {0, 1}}`, strongly connected and closed).
//!    Basin counts are multiplied by `2^outputs`; probabilities are unchanged.
//! 2. The core is reordered so that its free inputs take the highest bits and compiled to a
//!    bit-sliced [`Kernel`](crate::kernel::Kernel). Each valuation of the inputs is an invariant subspace; the core is
//!    cut into chunks of `2^c` states (`c` = the non-input variables, at least 12 when the core
//!    has them, so tiny subspaces are batched), explored independently and in parallel.
//! 3. Per chunk (see `explore` and `space`): one sweep of the kernel gives the "can flip" sets
//!    `D_i` and the fixed points; backward reachability on bit sets (1 bit per state) gives each
//!    fixed point's weak basin; a Xie–Beerel loop finds the remaining attractors among the states
//!    outside every basin found so far; strong basins are backward reachability inside the states
//!    in exactly one weak basin; exact probabilities solve the absorbing chain on the states in
//!    several weak basins only (Tarjan condensation, Gauss–Seidel inside components; see
//!    `probability`).
//! 4. [`Method::Sampled`]: random walks from uniformly random states until they enter an
//!    attractor. If the core fits, the attractors are first found exhaustively; otherwise they are
//!    detected on the walk (see `sample`).
//!
//! **Characteristics.** Exhaustive: memory about `(7 + dense) · 2^c / 8` bytes per chunk in
//! flight (`dense` = variables whose `D_i` does not fit a small table; usually 0), time
//! `O(2^k · P / 512)` for the sweep plus `O(passes · k · 2^c / 64)` word operations per reach,
//! where passes are usually few. Exact probabilities add `|C2| · (8 · attractors + 93)` bytes for
//! the `|C2|` states that can reach several attractors. Output is deterministic whatever the
//! number of threads.
//!
//! [`naive_attractors`] is the reference every fast path is tested against: the explicit graph
//! of the whole network, one state at a time.

pub(crate) mod core;
mod explore;
mod lift;
mod naive;
mod probability;
mod sample;
pub(crate) mod space;

pub(crate) use naive::{GraphBudget, naive_graph_attractors};
pub use naive::{NAIVE_MAX_FREE, naive_attractors};

use self::core::Core;
use crate::attractor::{Basin, EngineInfo, Exploration, Method, UpdateScheme};
use crate::cancel::Cancel;
use crate::count::Count;
use crate::engine::default_max_memory;
use crate::error::Error;
use crate::network::{Network, VarId};
use crate::priority::Priorities;
use crate::reduce::Reduction;
use crate::state::State;
use crate::trajectory::Start;
use explore::Wanted;
use lift::Lifter;
use rayon::prelude::*;
use std::cmp::Ordering;

/// Chunks hold at least `2^MIN_CHUNK_BITS` states when the core has that many.
const MIN_CHUNK_BITS: usize = 12;
/// Bit sets a chunk holds at once (C1, C2, the work set, F, B, U and attractor storage).
const SETS_PER_CHUNK: u128 = 7;
pub use crate::reduce::MAX_FREE_VARS;
/// The most core variables: states are `u64`.
pub const MAX_CORE_VARS: usize = 64;

/// How to search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsyncConfig {
    /// [`Method::Exhaustive`] (every state: complete list, exact basins and probabilities) or
    /// [`Method::Sampled`] (random walks: reach probabilities estimated).
    pub method: Method,
    /// The most bytes the search may allocate; `None` for [`default_max_memory`]
    /// (see [`crate::engine`]).
    pub max_memory: Option<u64>,
    /// How many states of a complex attractor to list (the smallest, in increasing order);
    /// `num_states` is always the true count. Fixed points always list their state. The
    /// default, [`crate::attractor::MAX_STORED_STATES`], is the command line's: labels are
    /// computed from the listed states.
    pub max_states: usize,
    /// Exhaustive only: compute exact reach probabilities. When `false`, `probability` is
    /// absent and only attractors and weak/strong basins are computed (cheaper at large sizes).
    pub probabilities: bool,
    /// Sampled only: the most steps of one random walk before it counts as unresolved.
    pub max_walk_steps: u64,
    /// Stops the search early with [`Error::Cancelled`] when raised.
    pub cancel: Cancel,
    /// Priority classes ([`crate::priority`]): only the fastest class with an updatable
    /// variable moves (default `None`: fully asynchronous). Exhaustive search only; outputs are
    /// kept in the core; a synchronous class of several variables is explored by
    /// [`crate::priority::naive_attractors`] (small spaces).
    pub priorities: Option<Priorities>,
}

impl Default for AsyncConfig {
    fn default() -> AsyncConfig {
        AsyncConfig {
            method: Method::Exhaustive,
            max_memory: None,
            max_states: crate::attractor::MAX_STORED_STATES as usize,
            probabilities: true,
            max_walk_steps: 1 << 24,
            cancel: Cancel::NEVER,
            priorities: None,
        }
    }
}

impl AsyncConfig {
    /// Exhaustive search with exact probabilities and the default limits.
    pub fn exhaustive() -> AsyncConfig {
        AsyncConfig::default()
    }

    /// `samples` random walks from generator seed `seed`.
    pub fn sampled(samples: u64, seed: u64) -> AsyncConfig {
        AsyncConfig {
            method: Method::Sampled { samples, seed },
            ..AsyncConfig::default()
        }
    }
}

/// Compares two states as integers with bit `i` = variable `i` (the last variable is the most
/// significant). Complex attractors list their states in this order. The same order as
/// [`State::cmp_as_number`], which it calls.
pub fn cmp_states(a: &State, b: &State) -> Ordering {
    a.cmp_as_number(b)
}

/// The asynchronous attractors of `network` with the variables of `fixed` held at their values
/// (inputs of a condition, perturbations; constants are fixed too), with their basins.
///
/// # Returns
/// An [`Exploration`] over the whole network (fixed values and outputs filled in), attractors
/// in the order of [`Exploration::sort`]: kind `FixedPoint` or `Complex`, exact `pattern` and
/// `activity`, `num_states` the true count, `states` the smallest
/// `config.max_states` states of a complex attractor in increasing order ([`cmp_states`]);
/// `explored_states = 2^(free variables)`; `Basin::Reachability { weak, strong, probability }`
/// (exhaustive; counts over the explored space, probabilities summing to 1 within `1e-9`) or
/// `Basin::Sampled` hit counts with Wilson 95% intervals (sampled; hits sum to the samples
/// minus the walks that found no attractor within `max_walk_steps`).
///
/// # Errors
/// [`Error::Invalid`] when a variable is fixed to two values or the network is too large to
/// count; [`Error::TooLarge`] when the search would need more than the memory limit (before
/// allocating), with the figures and the way out.
///
/// # Examples
/// ```
/// use basin::asynchronous::{attractors, AsyncConfig};
/// use basin::parse::{parse_str, Format, ParseOptions};
/// // A toggle switch: two fixed points, and the two mixed states can fall either way.
/// let net = parse_str("A, !B\nB, !A\n", &ParseOptions::new(Format::Bnet))?.network;
/// let result = attractors(&net, &[], &AsyncConfig::default())?;
/// assert_eq!(result.attractors.len(), 2);
/// assert_eq!(result.attractors[0].basin.share(&result.explored_states), Some(0.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attractors(
    network: &Network,
    fixed: &[(VarId, bool)],
    config: &AsyncConfig,
) -> Result<Exploration, Error> {
    attractors_tuned(network, fixed, config, space::Tuning::default())
}

/// [`attractors`] with the block size and parallelism threshold given (for tests).
fn attractors_tuned(
    network: &Network,
    fixed: &[(VarId, bool)],
    config: &AsyncConfig,
    tuning: space::Tuning,
) -> Result<Exploration, Error> {
    let reduction = match config.priorities {
        Some(_) => Reduction::keeping_outputs(network, fixed)?,
        None => Reduction::new(network, fixed)?,
    };
    attractors_from(network, reduction, config, tuning, None)
}

/// As [`attractors`] on a reduction already made (the engine makes one to choose between
/// engines and hands it on).
pub(crate) fn attractors_reduced(
    network: &Network,
    reduction: Reduction,
    config: &AsyncConfig,
) -> Result<Exploration, Error> {
    attractors_from(network, reduction, config, space::Tuning::default(), None)
}

/// As [`attractors_reduced`], with each attractor's probability the probability of ending in
/// it from `start` (fixed variables at their fixed values whatever the start says) instead of
/// from a uniformly random state. Weak and strong basins stay counts over the whole space.
///
/// With [`Method::Sampled`], the walks start from `start` (hits estimate the probabilities).
///
/// # Errors
/// As [`attractors`].
pub(crate) fn attractors_reduced_from(
    network: &Network,
    reduction: Reduction,
    config: &AsyncConfig,
    start: &Start,
) -> Result<Exploration, Error> {
    attractors_from(
        network,
        reduction,
        config,
        space::Tuning::default(),
        Some(start),
    )
}

fn attractors_from(
    network: &Network,
    reduction: Reduction,
    config: &AsyncConfig,
    tuning: space::Tuning,
    start: Option<&Start>,
) -> Result<Exploration, Error> {
    let core = Core::new(reduction)?;
    let core = match &config.priorities {
        Some(p) => {
            if !p.fits(network.num_vars()) {
                return Err(Error::Invalid(
                    "the priority classes are written for another network".into(),
                ));
            }
            if !core.reduction.outputs().is_empty() {
                return Err(Error::Invalid(
                    "priority classes need a reduction that keeps outputs".into(),
                ));
            }
            if p.has_synchronous_class() {
                return Err(priority_refused(
                    "a synchronous priority class of several variables is explored by the \
                     state-graph engine, not the bit-set engine",
                ));
            }
            if config.method != Method::Exhaustive {
                return Err(priority_refused(
                    "priority classes are explored exhaustively, not by sampling",
                ));
            }
            core.with_priorities(p)
        }
        None => core,
    };
    let start = start.map(|s| core.start(s));
    let max_memory = u128::from(config.max_memory.unwrap_or_else(default_max_memory));
    let mut plan = core.plan();
    if tuning != space::Tuning::default() {
        plan.tuning = tuning;
    }
    // A start adds its support and its forward reach to every chunk in flight.
    let needed = plan.bytes(&core)
        + if start.is_some() {
            2 * space::set_bytes(plan.c) * u128::from(plan.concurrency())
        } else {
            0
        };
    let attractors = match config.method {
        Method::Exhaustive => {
            if needed > max_memory {
                return Err(core.too_large(needed, max_memory));
            }
            let wanted = Wanted {
                strong: true,
                probabilities: config.probabilities,
                spare_bytes: (max_memory - needed) / u128::from(plan.concurrency()),
                cancel: config.cancel.clone(),
            };
            let chunks = core.explore(&plan, &wanted, start.as_ref())?;
            let lifter = Lifter::new(&core);
            let scale = 1u128 << core.reduction.outputs().len();
            // Masses from a start are probabilities already.
            let total = if start.is_some() {
                1.0
            } else {
                (1u64 << core.k) as f64
            };
            let probabilities = config.probabilities || start.is_some();
            chunks
                .par_iter()
                .flat_map_iter(|(chunk, atts)| atts.iter().map(move |a| (*chunk << plan.c, a)))
                .map(|(base, a)| {
                    let basin = Basin::Reachability {
                        weak: Count::from(u128::from(a.weak) * scale),
                        strong: Count::from(u128::from(a.strong) * scale),
                        probability: probabilities.then(|| a.mass / total),
                        estimate: None,
                    };
                    lifter.lift(base, &a.states, a.size, config.max_states, basin)
                })
                .collect()
        }
        Method::Sampled { samples, seed } => {
            let known = if needed <= max_memory {
                let wanted = Wanted {
                    strong: false,
                    probabilities: false,
                    spare_bytes: 0,
                    cancel: config.cancel.clone(),
                };
                Some(core.explore(&plan, &wanted, None)?)
            } else {
                None
            };
            let walks = sample::Walks {
                samples,
                seed,
                max_steps: config.max_walk_steps,
                cancel: config.cancel.clone(),
            };
            let found = sample::walks(&core, plan.c, known, &walks, start.as_ref())?;
            let lifter = Lifter::new(&core);
            found
                .into_par_iter()
                .map(|(base, states, size, hits)| {
                    let basin = Basin::Sampled {
                        hits,
                        samples,
                        ci95: crate::attractor::wilson_ci95(hits, samples),
                    };
                    lifter.lift(base, &states, size, config.max_states, basin)
                })
                .collect()
        }
    };
    let mut exploration = Exploration {
        update: UpdateScheme::Asynchronous,
        variables: network.names().to_vec(),
        fixed: core.reduction.fixed().to_vec(),
        explored_states: Count::pow2(core.reduction.num_free() as u32),
        attractors,
        method: config.method,
        engine: EngineInfo {
            name: match config.method {
                Method::Exhaustive => "explicit",
                Method::Sampled { .. } => "sample",
            },
            core_size: core.k,
        },
    };
    exploration.sort();
    Ok(exploration)
}

/// The refusal of a priority-class search an engine or scheme cannot do (no remedy: another
/// engine or scheme is a different question).
pub(crate) fn priority_refused(what: &str) -> Error {
    Error::Limit {
        what: what.to_string(),
        remedies: Vec::new(),
    }
}

/// Bytes an exhaustive asynchronous search of `network` with `fixed` would allocate before any
/// exact probabilities (which add `|C2| · (8 · attractors + 93)` bytes for the states that can
/// reach several attractors, known only once the basins are).
///
/// # Errors
/// As [`attractors`], for an invalid `fixed` or a network too large to count.
pub fn exhaustive_bytes(network: &Network, fixed: &[(VarId, bool)]) -> Result<u128, Error> {
    let core = Core::new(Reduction::new(network, fixed)?)?;
    Ok(core.plan().bytes(&core))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Tiny blocks and forced parallelism give the same exact results as the defaults: the
        /// integration tests compare the defaults with the naive reference, and small networks
        /// fit in one default block, so this is what covers pairs of blocks.
        #[test]
        fn block_size_and_parallelism_do_not_change_results(
            (net, fixed) in crate::testing::network_with_perturbations(12)
        ) {
            let config = AsyncConfig { max_states: usize::MAX, ..AsyncConfig::default() };
            let reference = attractors(&net, &fixed, &config).unwrap();
            for block_words in [1, 2, 8] {
                let tuning = space::Tuning { block_words, parallel_min_words: 1 };
                let r = attractors_tuned(&net, &fixed, &config, tuning).unwrap();
                prop_assert_eq!(r.attractors.len(), reference.attractors.len());
                for (a, b) in r.attractors.iter().zip(&reference.attractors) {
                    prop_assert_eq!(&a.states, &b.states);
                    let (Basin::Reachability { weak: w1, strong: s1, probability: Some(p1), .. },
                         Basin::Reachability { weak: w2, strong: s2, probability: Some(p2), .. }) =
                        (&a.basin, &b.basin)
                    else {
                        return Err(TestCaseError::fail("exact basins expected"));
                    };
                    prop_assert_eq!((w1, s1), (w2, s2));
                    prop_assert!((p1 - p2).abs() < 1e-9);
                }
            }
        }
    }
}
