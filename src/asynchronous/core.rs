//! [`Core`]: the network reduced (fixed variables and output cascades out), reordered (non-inputs
//! first, then free inputs) and compiled to a kernel; and its [`Plan`], the chunking of the core's
//! space by its free inputs.

use super::explore::{ChunkAttractor, ChunkStart, Wanted};
use super::{MAX_CORE_VARS, MIN_CHUNK_BITS, SETS_PER_CHUNK, explore, space};
use crate::error::{Error, Remedy};
use crate::kernel::Kernel;
use crate::network::{Network, VarId};
use crate::reduce::Reduction;
use crate::trajectory::Start;
use rayon::prelude::*;

/// A start distribution over the reordered core's states: the whole network's start with fixed
/// variables taking their fixed values and outputs dropped (they never change which attractor
/// is reached), so that weights of full states with the same core state add up.
#[derive(Clone, Debug)]
pub(crate) enum CoreStart {
    /// Uniform over the states `x` with `x & mask == value`.
    Cube {
        /// The core bits the start fixes.
        mask: u64,
        /// Their values.
        value: u64,
    },
    /// Listed states with their probabilities (sorted by state, summing to 1).
    States(Vec<(u64, f64)>),
}

/// The reduced, reordered and compiled core.
pub(crate) struct Core {
    pub(crate) reduction: Reduction,
    /// Core variables: the non-inputs first (in core order), then the free inputs.
    pub(crate) k: usize,
    /// Non-input core variables.
    pub(crate) q: usize,
    /// Reordered core bit `j` → variable of the whole network.
    pub(crate) to_full: Vec<VarId>,
    /// The reordered core network.
    pub(super) network: Network,
    pub(crate) kernel: Kernel,
    /// Reordered support of each core function.
    pub(crate) supports: Vec<Vec<usize>>,
    /// Priority classes over reordered core bits, highest first ([`crate::priority`]), if any.
    pub(super) priorities: Option<Vec<Vec<usize>>>,
}

impl Core {
    pub(crate) fn new(reduction: Reduction) -> Result<Core, Error> {
        reduction.check_free_vars()?;
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
            priorities: None,
        })
    }

    /// The core explored under priority classes (asynchronous inside each class): the classes'
    /// variables as reordered core bits (fixed variables left out).
    ///
    /// # Panics
    /// On a synchronous class of several variables (the graph engine explores those).
    pub(super) fn with_priorities(mut self, priorities: &crate::priority::Priorities) -> Core {
        assert!(!priorities.has_synchronous_class());
        let bit_of = |v: VarId| self.to_full.iter().position(|&x| x == v);
        let classes = priorities
            .classes()
            .iter()
            .map(|c| c.vars.iter().filter_map(|&v| bit_of(v)).collect())
            .collect();
        self.priorities = Some(classes);
        self
    }

    /// The core's view of `start` (see [`CoreStart`]).
    pub(crate) fn start(&self, start: &Start) -> CoreStart {
        let index = |value: &dyn Fn(VarId) -> bool| -> u64 {
            self.to_full
                .iter()
                .enumerate()
                .filter(|(_, v)| value(**v))
                .fold(0u64, |acc, (j, _)| acc | (1 << j))
        };
        match start {
            Start::Pattern(p) => {
                let mask = index(&|v| p.0[v.index()].is_some());
                let value = index(&|v| p.0[v.index()] == Some(true));
                CoreStart::Cube { mask, value }
            }
            other => {
                let mut states: Vec<(u64, f64)> = other
                    .weighted_states()
                    .map(|(s, w)| (index(&|v| s.get(v)), w))
                    .collect();
                states.sort_by_key(|&(x, _)| x);
                let mut merged: Vec<(u64, f64)> = Vec::with_capacity(states.len());
                for (x, w) in states {
                    match merged.last_mut() {
                        Some(last) if last.0 == x => last.1 += w,
                        _ => merged.push((x, w)),
                    }
                }
                let total: f64 = merged.iter().map(|&(_, w)| w).sum();
                merged.iter_mut().for_each(|e| e.1 /= total);
                CoreStart::States(merged)
            }
        }
    }

    /// The part of `start` in chunk `chunk` of `plan`, in local states.
    fn chunk_start(&self, start: &CoreStart, plan: &Plan, chunk: u64) -> ChunkStart {
        let c = plan.c;
        let local = if c >= 64 { u64::MAX } else { (1u64 << c) - 1 };
        let mut bits = vec![0u64; space::set_bytes(c) as usize / 8];
        match start {
            CoreStart::Cube { mask, value } => {
                let all = if self.k >= 64 {
                    u64::MAX
                } else {
                    (1u64 << self.k) - 1
                };
                let free = self.k as u32 - (mask & all).count_ones();
                let uniform = 0.5f64.powi(free as i32);
                let high = if c >= 64 { 0 } else { mask >> c };
                let high_value = if c >= 64 { 0 } else { value >> c };
                if (chunk ^ high_value) & high == 0 {
                    let (lm, lv) = (mask & local, value & local);
                    for x in 0..=local {
                        if x & lm == lv {
                            space::insert(&mut bits, x);
                        }
                    }
                }
                ChunkStart {
                    bits,
                    uniform: Some(uniform),
                    states: Vec::new(),
                }
            }
            CoreStart::States(list) => {
                let states: Vec<(u64, f64)> = list
                    .iter()
                    .filter(|&&(x, _)| c >= 64 || x >> c == chunk)
                    .map(|&(x, w)| (x & local, w))
                    .collect();
                for &(x, _) in &states {
                    space::insert(&mut bits, x);
                }
                ChunkStart {
                    bits,
                    uniform: None,
                    states,
                }
            }
        }
    }

    /// How the core is cut into chunks.
    pub(super) fn plan(&self) -> Plan {
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

    pub(super) fn too_large(&self, needed: u128, allowed: u128) -> Error {
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
    pub(super) fn explore(
        &self,
        plan: &Plan,
        wanted: &Wanted,
        start: Option<&CoreStart>,
    ) -> Result<Vec<(u64, Vec<ChunkAttractor>)>, Error> {
        let run = |chunk: u64| -> Result<(u64, Vec<ChunkAttractor>), Error> {
            wanted.cancel.check()?;
            let start = start.map(|s| self.chunk_start(s, plan, chunk));
            let mut sweep = space::Space::build(
                &self.kernel,
                &self.supports,
                plan.c,
                chunk,
                plan.chunks == 1,
                plan.tuning,
                &wanted.cancel,
            );
            wanted.cancel.check()?;
            if let Some(classes) = &self.priorities {
                sweep.space.prioritise(classes);
            }
            let atts = explore::explore(&sweep.space, &sweep.fixed_points, wanted, start.as_ref())?;
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
pub(super) struct Plan {
    /// Bits per chunk.
    pub(super) c: usize,
    /// Number of chunks.
    pub(super) chunks: u64,
    /// Block size and parallelism.
    pub(super) tuning: space::Tuning,
}

impl Plan {
    pub(super) fn concurrency(&self) -> u64 {
        self.chunks.min(rayon::current_num_threads() as u64).max(1)
    }

    /// Bytes the exhaustive search allocates (before exact probabilities).
    pub(super) fn bytes(&self, core: &Core) -> u128 {
        let c = self.c;
        let flips: u128 = (0..core.q.min(c))
            .map(|v| space::flip_bytes(v, &core.supports[v], c))
            .sum();
        // Priority classes store the restricted sets dense, plus the union of earlier classes.
        let flips = match &core.priorities {
            Some(_) => flips + space::set_bytes(c) * (core.q.min(c) as u128 + 2),
            None => flips,
        };
        let per_chunk = space::set_bytes(c) * SETS_PER_CHUNK + flips;
        per_chunk * u128::from(self.concurrency()) + (1 << 20)
    }
}
