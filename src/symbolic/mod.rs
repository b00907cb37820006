//! The symbolic engine: attractors and exact basin counts on BDDs (biodivine-lib-bdd), for
//! networks far beyond the explicit engines' 2^32 states.
//!
//! Same semantics and same results as [`crate::synchronous`] and [`crate::asynchronous`]:
//! fixed variables (constants, inputs of a condition, perturbations) are substituted away and
//! are not explored; every other variable is one BDD variable (file order; see `encode`).
//!
//! * Asynchronous (see `asynchronous`): fixed points as `∧_j (x_j ↔ f_j)` directly; the space
//!   percolated for every input valuation at once; then two searches for the complex
//!   attractors, raced on large cores ([`crate::symbolic::AsyncSearch`]): the transition-guided reduction of
//!   Beneš et al. (CAV 2021) followed by Xie–Beerel with saturation reachability, and a
//!   trap-guided search (the minimal trap spaces, searched one by one as in
//!   [`crate::trapspace`], hold an attractor each; only the states that cannot reach them are
//!   searched as above). Weak basins by backward saturation, strong basins by subtraction.
//!   Follows the algorithms of AEON's biodivine-lib-param-bn (`SymbolicAsyncGraph`,
//!   `reach_fwd/bwd`) and biodivine-algo-bdd-scc (`itgr`, `xie_beerel`), rewritten on lib-bdd
//!   alone.
//! * Synchronous (see `synchronous`): the ω-limit set by iterated image of the partitioned
//!   relation, split into cycles by explicit walks; basins by iterated preimage.
//!
//! Counts are exact (`num_bigint::BigUint`, as [`crate::Count`] in results). Exact reach
//! probabilities are the explicit engine's concern; asked for
//! ([`crate::symbolic::SymbolicConfig::walks`]), the asynchronous search estimates them by
//! random walks (see `walks`) into [`crate::symbolic::SymbolicAttractor::reach`], with the
//! sample count and a 95 % interval; the [`Exploration`] adapter carries them into
//! `Basin::Reachability::estimate`, apart from the exact `probability`, which stays absent
//! (see [`crate::symbolic::to_exploration`]).
//!
//! **Characteristics.** Time and memory follow BDD sizes, not `2^m`: published models of
//! 50–150 variables usually take well under a second per attractor search; the cost grows with
//! the number of attractors (each complex attractor is one Xie–Beerel round, each listed fixed
//! point one weak basin when basins are asked for). A BDD past the node budget (memory limit /
//! `encode::BYTES_PER_NODE`) stops the run with [`Error::TooLarge`]; the cancel flag is polled
//! between rounds.

pub(crate) mod asynchronous;
pub(crate) mod encode;
pub(crate) mod order;
mod synchronous;
mod walks;

pub use encode::BYTES_PER_NODE;
pub use order::VariableOrder;
pub use walks::{ReachEstimate, Walks};

use crate::attractor::{
    Attractor, AttractorKind, Basin, EngineInfo, Exploration, Method, Pattern, UpdateScheme,
};
use crate::cancel::Cancel;
use crate::count::Count;
use crate::error::{Error, Remedy};
use crate::network::{Network, VarId};
use crate::state::State;
use biodivine_lib_bdd::Bdd;
use encode::{Encoded, ratio};
use num_bigint::BigUint;

/// How to search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SymbolicConfig {
    /// The memory the BDDs may use; `None` for [`crate::engine::default_max_memory`].
    pub max_memory: Option<u64>,
    /// The most nodes of any BDD; `None` for `max_memory / BYTES_PER_NODE`.
    pub node_limit: Option<u64>,
    /// How many states of an attractor to list (the smallest, in increasing order; cycles are
    /// always listed whole). `num_states` is always the true count.
    pub max_states: usize,
    /// Compute basins (weak and strong, or synchronous) as well as attractors.
    pub basins: bool,
    /// Apply the transition-guided reduction before Xie–Beerel (asynchronous).
    pub reduce: bool,
    /// Asynchronous: also estimate each attractor's reach probability by random walks
    /// ([`SymbolicAttractor::reach`]); `None` (default) for none.
    pub walks: Option<Walks>,
    /// Stops the search early with [`Error::Cancelled`] when raised.
    pub cancel: Cancel,
    /// The BDD variable order ([`VariableOrder::Auto`]: FORCE over the rules' dependencies).
    pub order: VariableOrder,
    /// How asynchronous complex attractors are searched for ([`AsyncSearch::Auto`]).
    pub search: AsyncSearch,
}

/// How the asynchronous search finds the complex attractors. Every choice gives the same
/// attractors; they differ in time only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AsyncSearch {
    /// Both below, raced on two threads (when rayon has one free) once the core moves more
    /// than [`RACE_MIN_MOVING`] variables; the first to finish answers and cancels the other.
    #[default]
    Auto,
    /// The transition-guided reduction, then Xie–Beerel over the whole space.
    Reduction,
    /// Through the minimal trap spaces (every one holds an attractor; the rest of the space
    /// is searched only where it cannot reach them), when there are at most `listed` of them
    /// (`Auto` uses [`TRAP_GUIDE_CAP`]); as `Reduction` otherwise.
    TrapGuided {
        /// The most minimal trap spaces listed before the search gives up.
        listed: usize,
    },
}

/// Below this many moving core variables [`AsyncSearch::Auto`] runs the reduction alone: both
/// take milliseconds there and a race would only cost a thread.
pub const RACE_MIN_MOVING: usize = 24;

/// The most minimal trap spaces [`AsyncSearch::Auto`]'s trap-guided search lists before it
/// gives up (10 000 take the search about 2 s on the corpus's large models; models with many
/// free inputs have at least `2^inputs`).
pub const TRAP_GUIDE_CAP: usize = 10_000;

impl Default for SymbolicConfig {
    fn default() -> SymbolicConfig {
        SymbolicConfig {
            max_memory: None,
            node_limit: None,
            max_states: 64,
            basins: true,
            reduce: true,
            walks: None,
            cancel: Cancel::NEVER,
            order: VariableOrder::Auto,
            search: AsyncSearch::Auto,
        }
    }
}

/// The shape of a symbolic attractor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolicKind {
    /// One state that is its own successor.
    FixedPoint,
    /// A synchronous cycle of more than one state.
    Cycle,
    /// An asynchronous terminal SCC of more than one state.
    Complex,
}

/// A basin as exact counts.
#[derive(Clone, Debug, PartialEq)]
pub enum SymbolicBasin {
    /// Asynchronous: states that can reach the attractor, and those that can reach only it.
    Asynchronous {
        /// Weak basin size.
        weak: BigUint,
        /// Strong basin size.
        strong: BigUint,
        /// The exact reach probability from a uniformly random state, known without walks
        /// when the weak basins do not overlap (every weak basin equals its strong basin: each
        /// state reaches one attractor only, so the probability is the basin's share of the
        /// space); `None` otherwise.
        probability: Option<f64>,
    },
    /// Synchronous: states whose trajectory ends in the attractor.
    Synchronous {
        /// Basin size.
        size: BigUint,
    },
}

/// One attractor found symbolically, over the whole network.
#[derive(Clone, Debug)]
pub struct SymbolicAttractor {
    /// Fixed point, cycle or complex.
    pub kind: SymbolicKind,
    /// The exact number of states.
    pub count: BigUint,
    /// Listed states: a cycle in update order from its smallest state; otherwise the smallest
    /// `max_states` states in increasing order (a fixed point its one state).
    pub states: Vec<State>,
    /// `None` where the states differ.
    pub pattern: Vec<Option<bool>>,
    /// For each variable, the share of the states in which it is 1 (`|A ∧ x_i| / |A|`).
    pub activity: Vec<f64>,
    /// The basin, when asked for.
    pub basin: Option<SymbolicBasin>,
    /// Asynchronous: the reach probability from a uniformly random state estimated by random
    /// walks, when [`SymbolicConfig::walks`] asked for it (an estimate with its interval; the
    /// exact probability is the explicit engine's).
    pub reach: Option<ReachEstimate>,
}

/// What the symbolic engine found, independent of the report types.
#[derive(Clone, Debug)]
pub struct SymbolicResult {
    /// Update scheme.
    pub update: UpdateScheme,
    /// Variable names, in order.
    pub variables: Vec<String>,
    /// Fixed variables and their values.
    pub fixed: Vec<(VarId, bool)>,
    /// Free variables (the space is `2^free` states).
    pub free: usize,
    /// The explicit engines' core size (free variables minus output cascades).
    pub core_size: usize,
    /// The attractors, in no particular order.
    pub attractors: Vec<SymbolicAttractor>,
}

/// Attractor counts without listing: what a comparison with AEON needs, and what stays
/// feasible when inputs make the fixed points astronomically many.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttractorCounts {
    /// Number of fixed points.
    pub fixed_points: BigUint,
    /// Sizes of the complex attractors (asynchronous) or cycles of two or more states
    /// (synchronous), ascending.
    pub others: Vec<BigUint>,
}

/// The attractors of `network` with `fixed` held (constants are fixed too) under `update`, with
/// their basins when `config.basins`, as an [`Exploration`] like the explicit engines give.
///
/// # Returns
/// As [`crate::asynchronous::attractors`] / [`crate::synchronous::attractors`]: the same
/// variables, `fixed`, `explored_states` and attractor order; exact counts. Exact reach
/// probabilities are absent; estimated ones are in `Basin::Reachability::estimate` when
/// `config.walks` asked for them; without basins every basin is `Basin::NotComputed`.
/// `engine.core_size` is the number of BDD state variables (the free variables).
///
/// # Errors
/// [`Error::Invalid`] for a variable fixed to two values; [`Error::TooLarge`] when a BDD
/// exceeds the node budget or the attractors would not fit in memory once listed;
/// [`Error::Cancelled`].
///
/// # Examples
/// ```
/// use basin::attractor::UpdateScheme;
/// use basin::parse::{parse_str, Format, ParseOptions};
/// use basin::symbolic::{attractors, SymbolicConfig};
/// let net = parse_str("A, !B\nB, !A\n", &ParseOptions::new(Format::Bnet))?.network;
/// let r = attractors(&net, &[], UpdateScheme::Asynchronous, &SymbolicConfig::default())?;
/// assert_eq!(r.attractors.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attractors(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
    config: &SymbolicConfig,
) -> Result<Exploration, Error> {
    Ok(to_exploration(explore(network, fixed, update, config)?))
}

/// The symbolic result with exact counts (see [`attractors`]).
///
/// # Errors
/// As [`attractors`].
pub fn explore(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
    config: &SymbolicConfig,
) -> Result<SymbolicResult, Error> {
    let (enc, found) = match update {
        UpdateScheme::Asynchronous => {
            let enc = Encoded::new(network, fixed, 1, config, "asynchronous")?;
            let found = explore_async(&enc, config)?;
            (enc, found)
        }
        UpdateScheme::Synchronous => {
            let enc = Encoded::new(network, fixed, 2, config, "synchronous")?;
            let found = explore_sync(&enc, config)?;
            (enc, found)
        }
        UpdateScheme::MostPermissive | UpdateScheme::General => return Err(not_symbolic()),
    };
    Ok(SymbolicResult {
        update,
        variables: network.names().to_vec(),
        fixed: enc.fixed.clone(),
        free: enc.m(),
        core_size: enc.core_size,
        attractors: found,
    })
}

/// Counts the attractors without listing them or computing basins.
///
/// # Errors
/// As [`attractors`].
pub fn count_attractors(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
    config: &SymbolicConfig,
) -> Result<AttractorCounts, Error> {
    let (fixed_points, mut others) = match update {
        UpdateScheme::Asynchronous => {
            let enc = Encoded::new(network, fixed, 1, config, "asynchronous")?;
            let graph = asynchronous::AsyncGraph::new(&enc)?;
            let (points, complex) = async_sets(&graph, config)?;
            let sizes: Vec<BigUint> = complex.iter().map(|a| enc.count(a)).collect();
            (graph.fixed_point_count(&points), sizes)
        }
        UpdateScheme::Synchronous => {
            let enc = Encoded::new(network, fixed, 2, config, "synchronous")?;
            let map = synchronous::SyncMap::new(&enc)?;
            let cycles = map.cycles(map.limit_set()?)?;
            let points = cycles.iter().filter(|c| c.states.len() == 1).count();
            let sizes = cycles
                .iter()
                .filter(|c| c.states.len() > 1)
                .map(|c| BigUint::from(c.states.len()))
                .collect();
            (BigUint::from(points), sizes)
        }
        UpdateScheme::MostPermissive | UpdateScheme::General => return Err(not_symbolic()),
    };
    others.sort();
    Ok(AttractorCounts {
        fixed_points,
        others,
    })
}

/// The number of fixed points (the same under both update schemes): `∧_j (x_j ↔ f_j)` built
/// directly, however many there are.
///
/// # Errors
/// As [`attractors`].
pub fn count_fixed_points(
    network: &Network,
    fixed: &[(VarId, bool)],
    config: &SymbolicConfig,
) -> Result<BigUint, Error> {
    let enc = Encoded::new(network, fixed, 1, config, "fixed-point")?;
    let graph = asynchronous::AsyncGraph::new(&enc)?;
    Ok(graph.fixed_point_count(&graph.fixed_points()?))
}

/// The asynchronous fixed points of the core (all of them, as one set that does not mention
/// the outputs: each stands for one fixed point of the whole network, see
/// `AsyncGraph::fixed_point_count`) and the complex attractors over the whole free space (the
/// search runs on the core, the outputs are put back).
fn async_sets(
    graph: &asynchronous::AsyncGraph<'_>,
    config: &SymbolicConfig,
) -> Result<(Bdd, Vec<Bdd>), Error> {
    let points = graph.fixed_points()?;
    let complex = complex_attractors(graph, &points, config)?;
    let complex = complex
        .iter()
        .map(|a| graph.lift_attractor(a))
        .collect::<Result<Vec<Bdd>, Error>>()?;
    Ok((points, complex))
}

/// The complex attractors (over the core) by the search `config.search` names.
fn complex_attractors(
    graph: &asynchronous::AsyncGraph<'_>,
    points: &Bdd,
    config: &SymbolicConfig,
) -> Result<Vec<Bdd>, Error> {
    let reduce = config.reduce;
    match config.search {
        AsyncSearch::Reduction => graph.complex_attractors(points, reduce),
        AsyncSearch::TrapGuided { listed } => match graph.trap_guided(points, reduce, listed)? {
            Some(found) => Ok(found),
            None => graph.complex_attractors(points, reduce),
        },
        AsyncSearch::Auto if graph.num_moving() < RACE_MIN_MOVING => {
            graph.complex_attractors(points, reduce)
        }
        AsyncSearch::Auto => {
            // As the trap-space methods race (`crate::trapspace`): both answers are exact, so
            // which one wins changes the time only. Without a free thread rayon runs the
            // reduction first, to its end, and the other side stops at once.
            let race = config.cancel.child();
            let (plain, trap) = (
                graph.with_cancel(race.clone()),
                graph.with_cancel(race.clone()),
            );
            let (by_reduction, by_traps) = rayon::join(
                || {
                    let found = plain.complex_attractors(points, reduce);
                    if found.is_ok() {
                        race.cancel();
                    }
                    found
                },
                || {
                    race.check()?;
                    let found = trap.trap_guided(points, reduce, TRAP_GUIDE_CAP);
                    if matches!(found, Ok(Some(_))) {
                        race.cancel();
                    }
                    found
                },
            );
            match (by_reduction, by_traps) {
                (Ok(found), _) | (_, Ok(Some(found))) => Ok(found),
                (Err(e), by_traps) => {
                    config.cancel.check()?;
                    match (e, by_traps) {
                        // The reduction stopped because the race was lost; the trap side
                        // failed on its own: its error is the answer.
                        (Error::Cancelled, Err(other)) => Err(other),
                        (e, _) => Err(e),
                    }
                }
            }
        }
    }
}

/// Bytes one listed attractor of a network of `n` variables takes in an [`Exploration`].
fn listed_bytes(n: usize, states: usize) -> u128 {
    (n as u128) * (1 + 8 + states as u128 / 8 + 1) + 200
}

fn explore_async(enc: &Encoded, config: &SymbolicConfig) -> Result<Vec<SymbolicAttractor>, Error> {
    let lim = &enc.limits;
    let graph = asynchronous::AsyncGraph::new(enc)?;
    let (points, complex) = async_sets(&graph, config)?;
    let num_points = graph.fixed_point_count(&points);
    let total = &num_points + BigUint::from(complex.len());
    let per = listed_bytes(enc.n, config.max_states.min(64));
    if total.clone() * BigUint::from(per) > BigUint::from(lim.max_memory) {
        return Err(Error::TooLarge {
            what: format!(
                "listing {total} asynchronous attractors ({num_points} fixed points) of {} \
                 variables",
                enc.n
            ),
            needed_bytes: u128::try_from(total * BigUint::from(per)).unwrap_or(u128::MAX),
            allowed_bytes: u128::from(lim.max_memory),
            remedies: vec![
                Remedy::CountOnly,
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
            ],
        });
    }
    // Fixed points as free-variable values: their summary needs no BDD (bbm-117's 1 835 008
    // fixed points took over 10 s through one BDD each); a BDD is made only for a basin or
    // a walk.
    let mut point_values: Vec<Vec<bool>> = Vec::new();
    for valuation in graph.outputs_off(&points).sat_valuations() {
        lim.check()?;
        point_values.push(enc.free_values(&graph.lift_fixed_point(valuation)));
    }
    let need_sets = config.basins || config.walks.is_some();
    let mut sets: Vec<(SymbolicKind, Bdd)> = Vec::new();
    if need_sets {
        for values in &point_values {
            lim.check()?;
            sets.push((SymbolicKind::FixedPoint, enc.state_set(values)));
        }
    }
    sets.extend(complex.into_iter().map(|c| (SymbolicKind::Complex, c)));
    let num_listed_points = point_values.len();
    let total_listed = if need_sets {
        sets.len()
    } else {
        num_listed_points + sets.len()
    };
    let basins = if config.basins {
        let mut weak = Vec::with_capacity(sets.len());
        for (_, set) in &sets {
            lim.check()?;
            weak.push(graph.weak_basin(set)?);
        }
        let strong = asynchronous::strong_basins(lim, &weak, &enc.all())?;
        // Weak basins that do not overlap make every state's outcome certain: the reach
        // probability is then the basin's share of the space, exactly, and no walk is needed.
        let disjoint = weak.iter().zip(&strong).all(|(w, s)| w == s);
        let space = enc.count(&enc.all());
        weak.iter()
            .zip(&strong)
            .map(|(w, s)| {
                let strong = enc.count(s);
                Some(SymbolicBasin::Asynchronous {
                    weak: enc.count(w),
                    probability: disjoint.then(|| share(&strong, &space)),
                    strong,
                })
            })
            .collect()
    } else {
        vec![None; total_listed]
    };
    let exact = basins.iter().all(|b| {
        matches!(
            b,
            Some(SymbolicBasin::Asynchronous {
                probability: Some(_),
                ..
            })
        )
    });
    let reach: Vec<Option<ReachEstimate>> = match &config.walks {
        Some(walks) if !exact => {
            let all: Vec<Bdd> = sets.iter().map(|(_, s)| s.clone()).collect();
            graph
                .estimate_reach(&all, walks)?
                .into_iter()
                .map(Some)
                .collect()
        }
        _ => vec![None; total_listed],
    };
    let mut out = Vec::with_capacity(total_listed);
    let mut basins = basins.into_iter();
    let mut reach = reach.into_iter();
    if !need_sets {
        for values in point_values {
            lim.check()?;
            let full = enc.full_values(&values);
            out.push(SymbolicAttractor {
                kind: SymbolicKind::FixedPoint,
                count: BigUint::from(1u8),
                states: vec![State::from_bools(&full)],
                pattern: full.iter().map(|&b| Some(b)).collect(),
                activity: full.iter().map(|&b| f64::from(u8::from(b))).collect(),
                basin: basins.next().flatten(),
                reach: reach.next().flatten(),
            });
        }
    }
    for ((kind, set), (basin, reach)) in sets.into_iter().zip(basins.zip(reach)) {
        let count = enc.count(&set);
        let (pattern, activity) = enc.summary(&set, &count)?;
        let want = if kind == SymbolicKind::FixedPoint {
            1
        } else {
            config.max_states
        };
        let states = enc.smallest_states(&set, want)?;
        out.push(SymbolicAttractor {
            kind,
            count,
            states,
            pattern,
            activity,
            basin,
            reach,
        });
    }
    Ok(out)
}

fn explore_sync(enc: &Encoded, config: &SymbolicConfig) -> Result<Vec<SymbolicAttractor>, Error> {
    let map = synchronous::SyncMap::new(enc)?;
    let cycles = map.cycles(map.limit_set()?)?;
    let mut out = Vec::with_capacity(cycles.len());
    for cycle in cycles {
        enc.limits.check()?;
        let basin = if config.basins {
            Some(SymbolicBasin::Synchronous {
                size: enc.count(&map.basin(&cycle.set)?),
            })
        } else {
            None
        };
        let count = BigUint::from(cycle.states.len());
        let (pattern, activity) = enc.summary(&cycle.set, &count)?;
        let mut states: Vec<State> = cycle.states.iter().map(|s| enc.full_state(s)).collect();
        let smallest = (0..states.len())
            .min_by(|&a, &b| states[a].cmp_as_number(&states[b]))
            .expect("a cycle has a state");
        states.rotate_left(smallest);
        out.push(SymbolicAttractor {
            kind: if states.len() == 1 {
                SymbolicKind::FixedPoint
            } else {
                SymbolicKind::Cycle
            },
            count,
            states,
            pattern,
            activity,
            basin,
            reach: None,
        });
    }
    Ok(out)
}

/// The crate's [`Exploration`] from the symbolic result: counts are exact. The one place that
/// knows both sides.
///
/// Without basins every basin is [`Basin::NotComputed`]. Reach probabilities estimated by
/// random walks ([`SymbolicAttractor::reach`]) go to
/// `Basin::Reachability::estimate`, with their sample count and interval; `probability`
/// (the exact one) stays absent, so an estimate never passes for an exact value.
pub fn to_exploration(result: SymbolicResult) -> Exploration {
    let attractors = result
        .attractors
        .into_iter()
        .map(|a| {
            let basin = match (a.basin, result.update) {
                (
                    Some(SymbolicBasin::Asynchronous {
                        weak,
                        strong,
                        probability,
                    }),
                    _,
                ) => Basin::Reachability {
                    weak: Count::from(weak),
                    strong: Count::from(strong),
                    probability,
                    estimate: a.reach,
                },
                (Some(SymbolicBasin::Synchronous { size }), _) => Basin::Partition {
                    size: Count::from(size),
                },
                // Basins not asked for: said so, not written as empty basins.
                (None, _) => Basin::NotComputed,
            };
            Attractor {
                kind: match a.kind {
                    SymbolicKind::FixedPoint => AttractorKind::FixedPoint,
                    SymbolicKind::Cycle => AttractorKind::Cycle,
                    SymbolicKind::Complex => AttractorKind::Complex,
                },
                num_states: Count::from(a.count),
                states: a.states,
                pattern: Pattern(a.pattern),
                activity: a.activity,
                basin,
            }
        })
        .collect();
    let mut exploration = Exploration {
        update: result.update,
        variables: result.variables,
        fixed: result.fixed,
        explored_states: Count::pow2(u32::try_from(result.free).expect("at most 65 535")),
        attractors,
        method: Method::Exhaustive,
        engine: EngineInfo {
            name: "symbolic",
            core_size: result.core_size,
        },
    };
    exploration.sort();
    exploration
}

/// Most permissive update is answered by [`crate::trapspace`], not here.
fn not_symbolic() -> Error {
    Error::Invalid(
        "the symbolic engine answers synchronous and asynchronous update; most permissive \
         attractors are the minimal trap spaces (basin::trapspace), general asynchronous ones \
         come from the explicit state graph (basin::general)"
            .into(),
    )
}

/// The share `part / whole` of two exact counts, as a float.
pub fn share(part: &BigUint, whole: &BigUint) -> f64 {
    ratio(part, whole)
}
