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
//! 1. [`Reduction`]: fixed variables and constants leave the space, output cascades leave the
//!    core. An output cannot change which attractor is reached, so each core attractor `A` is
//!    lifted afterwards: taking outputs in evaluation order, an output whose function is constant
//!    over the lifted attractor so far takes that value, any other output takes both values (the
//!    attractor is `A × ∏ V_o`, `V_o ∈ {{0}, {1}, {0, 1}}`, strongly connected and closed).
//!    Basin counts are multiplied by `2^outputs`; probabilities are unchanged.
//! 2. The core is reordered so that its free inputs take the highest bits and compiled to a
//!    bit-sliced [`Kernel`]. Each valuation of the inputs is an invariant subspace; the core is
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

mod explore;
mod naive;
mod probability;
mod sample;
mod space;

pub use naive::{NAIVE_MAX_FREE, naive_attractors};

use crate::attractor::{
    Attractor, AttractorKind, Basin, EngineInfo, Exploration, Method, Pattern, UpdateScheme,
};
use crate::cancel::Cancel;
use crate::count::Count;
use crate::engine::default_max_memory;
use crate::error::{Error, Remedy};
use crate::expr::Expr;
use crate::kernel::{Kernel, LOW_PATTERNS};
use crate::network::{Network, VarId};
use crate::reduce::Reduction;
use crate::state::State;
use explore::{ChunkAttractor, StateSet, Wanted};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};

/// Chunks hold at least `2^MIN_CHUNK_BITS` states when the core has that many.
const MIN_CHUNK_BITS: usize = 12;
/// Bit sets a chunk holds at once (C1, C2, the work set, F, B, U and attractor storage).
const SETS_PER_CHUNK: u128 = 7;
/// The most free variables whose state count fits the `u128` counts.
pub const MAX_FREE_VARS: usize = 127;
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
/// significant). Complex attractors list their states in this order.
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
    let core = Core::new(network, fixed)?;
    let max_memory = u128::from(config.max_memory.unwrap_or_else(default_max_memory));
    let mut plan = core.plan();
    if tuning != space::Tuning::default() {
        plan.tuning = tuning;
    }
    let needed = plan.bytes(&core);
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
            let chunks = core.explore(&plan, &wanted)?;
            let lifter = Lifter::new(&core);
            let scale = 1u128 << core.reduction.outputs().len();
            let total = (1u64 << core.k) as f64;
            let probabilities = config.probabilities;
            chunks
                .par_iter()
                .flat_map_iter(|(chunk, atts)| atts.iter().map(move |a| (*chunk << plan.c, a)))
                .map(|(base, a)| {
                    let basin = Basin::Reachability {
                        weak: Count::from(u128::from(a.weak) * scale),
                        strong: Count::from(u128::from(a.strong) * scale),
                        probability: probabilities.then(|| a.mass / total),
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
                Some(core.explore(&plan, &wanted)?)
            } else {
                None
            };
            let walks = sample::Walks {
                samples,
                seed,
                max_steps: config.max_walk_steps,
                cancel: config.cancel.clone(),
            };
            let found = sample::walks(&core, plan.c, known, &walks)?;
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

/// Bytes an exhaustive asynchronous search of `network` with `fixed` would allocate before any
/// exact probabilities (which add `|C2| · (8 · attractors + 93)` bytes for the states that can
/// reach several attractors, known only once the basins are).
///
/// # Errors
/// As [`attractors`], for an invalid `fixed` or a network too large to count.
pub fn exhaustive_bytes(network: &Network, fixed: &[(VarId, bool)]) -> Result<u128, Error> {
    let core = Core::new(network, fixed)?;
    Ok(core.plan().bytes(&core))
}

/// The reduced, reordered and compiled core.
pub(crate) struct Core {
    reduction: Reduction,
    /// Core variables: the non-inputs first (in core order), then the free inputs.
    k: usize,
    /// Non-input core variables.
    q: usize,
    /// Reordered core bit `j` → variable of the whole network.
    to_full: Vec<VarId>,
    /// The reordered core network.
    network: Network,
    kernel: Kernel,
    /// Reordered support of each core function.
    supports: Vec<Vec<usize>>,
}

impl Core {
    fn new(network: &Network, fixed: &[(VarId, bool)]) -> Result<Core, Error> {
        let reduction = Reduction::new(network, fixed)?;
        if reduction.num_free() > MAX_FREE_VARS {
            return Err(Error::Limit {
                what: format!(
                    "{} free variables: the explicit engine counts at most 2^{MAX_FREE_VARS} states",
                    reduction.num_free()
                ),
                remedies: vec![
                    Remedy::FixInputs { inputs: Vec::new() },
                    Remedy::PerturbNodes,
                ],
            });
        }
        let core_net = reduction.core_network();
        let k = core_net.num_vars();
        if k > MAX_CORE_VARS {
            return Err(Error::Limit {
                what: format!(
                    "the core has {k} variables after reduction; the explicit engine explores \
                     at most {MAX_CORE_VARS}"
                ),
                remedies: vec![
                    Remedy::FixInputs { inputs: Vec::new() },
                    Remedy::PerturbNodes,
                ],
            });
        }
        let (inputs, others): (Vec<VarId>, Vec<VarId>) =
            core_net.vars().partition(|&v| core_net.is_input(v));
        let order: Vec<VarId> = others.iter().chain(&inputs).copied().collect();
        let mut new_index = vec![0usize; k];
        for (j, v) in order.iter().enumerate() {
            new_index[v.index()] = j;
        }
        let reordered = Network::new(
            order
                .iter()
                .map(|&v| {
                    let f = core_net
                        .function(v)
                        .map_vars(|x| VarId::new(new_index[x.index()]));
                    (core_net.name(v).to_string(), f)
                })
                .collect(),
        )
        .expect("a permutation of a valid network is valid");
        let to_full = order.iter().map(|v| reduction.core()[v.index()]).collect();
        let supports = reordered
            .vars()
            .map(|v| {
                reordered
                    .function(v)
                    .support()
                    .iter()
                    .map(|x| x.index())
                    .collect()
            })
            .collect();
        Ok(Core {
            kernel: Kernel::compile(&reordered),
            reduction,
            k,
            q: others.len(),
            to_full,
            network: reordered,
            supports,
        })
    }

    /// How the core is cut into chunks.
    fn plan(&self) -> Plan {
        let c = self.q.max(self.k.min(MIN_CHUNK_BITS));
        // Blocks no larger than one input valuation's subspace (2^q states), so that a reach
        // from one state only touches the blocks of its own valuation.
        let valuation_words = if self.q > 6 {
            1usize << (self.q - 6)
        } else {
            1
        };
        Plan {
            c,
            chunks: 1u64 << (self.k - c),
            tuning: space::Tuning {
                block_words: valuation_words.min(space::SB_WORDS),
                ..space::Tuning::default()
            },
        }
    }

    fn too_large(&self, needed: u128, allowed: u128) -> Error {
        let inputs = self.k - self.q;
        Error::TooLarge {
            what: format!(
                "exhaustive asynchronous search over {} free core variables{}",
                self.q,
                if inputs > 0 {
                    format!(" (each of the 2^{inputs} input valuations explored separately)")
                } else {
                    String::new()
                }
            ),
            needed_bytes: needed,
            allowed_bytes: allowed,
            remedies: vec![
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
                Remedy::RaiseMemoryLimit,
                Remedy::UseSampling,
            ],
        }
    }

    /// Explores every chunk; returns `(chunk index, its attractors)` in chunk order.
    fn explore(
        &self,
        plan: &Plan,
        wanted: &Wanted,
    ) -> Result<Vec<(u64, Vec<ChunkAttractor>)>, Error> {
        let run = |chunk: u64| -> Result<(u64, Vec<ChunkAttractor>), Error> {
            wanted.cancel.check()?;
            let sweep = space::Space::build(
                &self.kernel,
                &self.supports,
                plan.c,
                chunk,
                plan.chunks == 1,
                plan.tuning,
                &wanted.cancel,
            );
            wanted.cancel.check()?;
            let atts = explore::explore(&sweep.space, &sweep.fixed_points, wanted)?;
            Ok((chunk, atts))
        };
        if plan.chunks == 1 {
            Ok(vec![run(0)?])
        } else {
            (0..plan.chunks).into_par_iter().map(run).collect()
        }
    }
}

/// The chunking of a core.
#[derive(Clone, Copy, Debug)]
struct Plan {
    /// Bits per chunk.
    c: usize,
    /// Number of chunks.
    chunks: u64,
    /// Block size and parallelism.
    tuning: space::Tuning,
}

impl Plan {
    fn concurrency(&self) -> u64 {
        self.chunks.min(rayon::current_num_threads() as u64).max(1)
    }

    /// Bytes the exhaustive search allocates (before exact probabilities).
    fn bytes(&self, core: &Core) -> u128 {
        let c = self.c;
        let flips: u128 = (0..core.q.min(c))
            .map(|v| space::flip_bytes(v, &core.supports[v], c))
            .sum();
        let per_chunk = space::set_bytes(c) * SETS_PER_CHUNK + flips;
        per_chunk * u128::from(self.concurrency()) + (1 << 20)
    }
}

/// Puts core attractors back into the whole network.
struct Lifter<'a> {
    core: &'a Core,
    n: usize,
    /// A full state with the fixed values set.
    base: Vec<bool>,
    outputs: Vec<OutputInfo>,
}

struct OutputInfo {
    var: VarId,
    /// Its function with the fixed values substituted (so it reads only core variables and
    /// earlier outputs).
    function: Expr,
    /// Reordered core bits the output reads, with their variables.
    core_bits: Vec<(usize, VarId)>,
    core_mask: u64,
    /// Earlier outputs it reads (indices into `outputs`).
    earlier: Vec<usize>,
}

impl<'a> Lifter<'a> {
    fn new(core: &'a Core) -> Lifter<'a> {
        let red = &core.reduction;
        let full = red.full_network();
        let n = full.num_vars();
        let mut base = vec![false; n];
        let mut fixed_value = vec![None; n];
        for &(v, b) in red.fixed() {
            base[v.index()] = b;
            fixed_value[v.index()] = Some(b);
        }
        let mut core_bit = vec![usize::MAX; n];
        for (j, v) in core.to_full.iter().enumerate() {
            core_bit[v.index()] = j;
        }
        let mut output_pos = vec![usize::MAX; n];
        for (o, v) in red.outputs().iter().enumerate() {
            output_pos[v.index()] = o;
        }
        let outputs = red
            .outputs()
            .iter()
            .map(|&var| {
                let function = full.function(var).restrict(|x| fixed_value[x.index()]);
                let support = function.support();
                let core_bits: Vec<(usize, VarId)> = support
                    .iter()
                    .filter(|x| core_bit[x.index()] != usize::MAX)
                    .map(|&x| (core_bit[x.index()], x))
                    .collect();
                OutputInfo {
                    var,
                    function,
                    core_mask: core_bits.iter().fold(0, |m, &(j, _)| m | (1 << j)),
                    core_bits,
                    earlier: support
                        .iter()
                        .filter(|x| output_pos[x.index()] != usize::MAX)
                        .map(|x| output_pos[x.index()])
                        .collect(),
                }
            })
            .collect();
        Lifter {
            core,
            n,
            base,
            outputs,
        }
    }

    /// The attractor of the whole network above the core attractor with local states `states`
    /// (`size` of them) of the chunk starting at core state `base`.
    fn lift(
        &self,
        base: u64,
        states: &StateSet,
        size: u64,
        max_states: usize,
        basin: Basin,
    ) -> Attractor {
        if size == 1 {
            return self.lift_fixed_point(base | states.iter().next().expect("one state"), basin);
        }
        let k = self.core.k;
        // Ones per core bit.
        let mut ones = vec![0u64; k];
        match states {
            StateSet::Bits(bits) => {
                for (w, &word) in bits.iter().enumerate() {
                    if word == 0 {
                        continue;
                    }
                    let pc = u64::from(word.count_ones());
                    let first = base + 64 * w as u64;
                    for (j, o) in ones.iter_mut().enumerate() {
                        *o += if j < 6 {
                            u64::from((word & LOW_PATTERNS[j]).count_ones())
                        } else if (first >> j) & 1 == 1 {
                            pc
                        } else {
                            0
                        };
                    }
                }
            }
            StateSet::List(list) => {
                for &x in list {
                    let s = base | x;
                    for (j, o) in ones.iter_mut().enumerate() {
                        *o += (s >> j) & 1;
                    }
                }
            }
        }
        // Output values over the attractor: Some(constant) or None (both values).
        let mut values: Vec<Option<bool>> = Vec::with_capacity(self.outputs.len());
        let mut buf = self.base.clone();
        let mut scratch = Vec::new();
        for out in &self.outputs {
            let free: Vec<usize> = out
                .earlier
                .iter()
                .copied()
                .filter(|&e| values[e].is_none())
                .collect();
            for &e in &out.earlier {
                if let Some(b) = values[e] {
                    buf[self.outputs[e].var.index()] = b;
                }
            }
            let mut seen = [false; 2];
            let mut projections = HashSet::new();
            'states: for x in states.iter() {
                let s = base | x;
                if !projections.insert(s & out.core_mask) {
                    continue;
                }
                for &(j, v) in &out.core_bits {
                    buf[v.index()] = (s >> j) & 1 == 1;
                }
                for combo in 0..1u64 << free.len().min(20) {
                    for (t, &e) in free.iter().enumerate() {
                        buf[self.outputs[e].var.index()] = (combo >> t) & 1 == 1;
                    }
                    let value = out.function.eval_with(&mut scratch, |v| buf[v.index()]);
                    seen[usize::from(value)] = true;
                    if seen[0] && seen[1] {
                        break 'states;
                    }
                }
            }
            values.push(if seen[0] && seen[1] {
                None
            } else {
                Some(seen[1])
            });
        }
        let free_outputs: Vec<VarId> = {
            let mut v: Vec<VarId> = self
                .outputs
                .iter()
                .zip(&values)
                .filter(|(_, val)| val.is_none())
                .map(|(o, _)| o.var)
                .collect();
            v.sort_unstable();
            v
        };
        let num_states = Count::from(num_bigint::BigUint::from(size) << free_outputs.len());
        // Pattern and activity.
        let mut pattern: Vec<Option<bool>> = self.base.iter().map(|&b| Some(b)).collect();
        let mut activity: Vec<f64> = self.base.iter().map(|&b| f64::from(u8::from(b))).collect();
        for (j, v) in self.core.to_full.iter().enumerate() {
            pattern[v.index()] = match ones[j] {
                0 => Some(false),
                o if o == size => Some(true),
                _ => None,
            };
            activity[v.index()] = ones[j] as f64 / size as f64;
        }
        for (o, val) in self.outputs.iter().zip(&values) {
            pattern[o.var.index()] = *val;
            activity[o.var.index()] = match val {
                Some(b) => f64::from(u8::from(*b)),
                None => 0.5,
            };
        }
        // The first states of the core attractor, as full states with the constant outputs.
        let mut with_outputs = self.base.clone();
        for (o, val) in self.outputs.iter().zip(&values) {
            with_outputs[o.var.index()] = val.unwrap_or(false);
        }
        let want = if size == 1 && free_outputs.is_empty() {
            1
        } else {
            max_states
        };
        let core_states: Vec<State> = states
            .iter()
            .take(want)
            .map(|x| {
                let s = base | x;
                let mut b = with_outputs.clone();
                for (j, v) in self.core.to_full.iter().enumerate() {
                    b[v.index()] = (s >> j) & 1 == 1;
                }
                State::from_bools(&b)
            })
            .collect();
        let listed = smallest_sums(&core_states, &free_outputs, want, self.n);
        Attractor {
            kind: if num_states == 1u128 {
                AttractorKind::FixedPoint
            } else {
                AttractorKind::Complex
            },
            num_states,
            states: listed,
            pattern: Pattern(pattern),
            activity,
            basin,
        }
    }
}

impl Lifter<'_> {
    /// A core fixed point: every output settles to its function's value, in evaluation order.
    fn lift_fixed_point(&self, s: u64, basin: Basin) -> Attractor {
        let mut buf = self.base.clone();
        for (j, v) in self.core.to_full.iter().enumerate() {
            buf[v.index()] = (s >> j) & 1 == 1;
        }
        let mut scratch = Vec::new();
        for out in &self.outputs {
            buf[out.var.index()] = out.function.eval_with(&mut scratch, |v| buf[v.index()]);
        }
        Attractor {
            kind: AttractorKind::FixedPoint,
            num_states: Count::from(1u64),
            pattern: Pattern(buf.iter().map(|&b| Some(b)).collect()),
            activity: buf.iter().map(|&b| f64::from(u8::from(b))).collect(),
            states: vec![State::from_bools(&buf)],
            basin,
        }
    }
}

/// The `want` smallest states (in [`cmp_states`] order) of `{a | o}` for `a` in `core_states`
/// (ascending, free outputs at 0) and `o` any assignment of `free_outputs`.
fn smallest_sums(
    core_states: &[State],
    free_outputs: &[VarId],
    want: usize,
    n: usize,
) -> Vec<State> {
    if core_states.is_empty() || want == 0 {
        return Vec::new();
    }
    // The assignments of the free outputs in increasing order are the binary numbers over them
    // (sorted by variable), as far as `want` of them are needed.
    let combos = if free_outputs.len() >= 63 {
        want as u64
    } else {
        (1u64 << free_outputs.len()).min(want as u64)
    };
    let make = |i: usize, r: u64| -> State {
        let mut s = core_states[i].clone();
        for (t, v) in free_outputs.iter().enumerate().take(64) {
            if (r >> t) & 1 == 1 {
                s.set(*v, true);
            }
        }
        s
    };
    struct Item(State, usize, u64);
    impl PartialEq for Item {
        fn eq(&self, other: &Item) -> bool {
            cmp_states(&self.0, &other.0) == Ordering::Equal
        }
    }
    impl Eq for Item {}
    impl PartialOrd for Item {
        fn partial_cmp(&self, other: &Item) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Item {
        fn cmp(&self, other: &Item) -> Ordering {
            // Reversed: BinaryHeap is a max-heap.
            cmp_states(&other.0, &self.0)
        }
    }
    let mut heap: BinaryHeap<Item> = (0..combos).map(|r| Item(make(0, r), 0, r)).collect();
    let mut out = Vec::with_capacity(want.min(1 << 16));
    while out.len() < want {
        let Some(Item(s, i, r)) = heap.pop() else {
            break;
        };
        if i + 1 < core_states.len() {
            heap.push(Item(make(i + 1, r), i + 1, r));
        }
        out.push(s);
    }
    debug_assert!(out.iter().all(|s| s.len() == n));
    out
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
                    let (Basin::Reachability { weak: w1, strong: s1, probability: Some(p1) },
                         Basin::Reachability { weak: w2, strong: s2, probability: Some(p2) }) =
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
