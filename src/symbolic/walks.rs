//! Reach probabilities of symbolic results, estimated by random walks.
//!
//! The chain is the explicit engine's (and [`crate::asynchronous`]'s sampler's): from a state,
//! one variable is chosen uniformly among the `n` variables and flipped if its function
//! differs. Self-loops do not change where a walk ends, so each step here picks uniformly among
//! the variables that can change, which gives the same absorption probabilities. A walk starts
//! from a uniformly random state and stops when it enters an attractor (membership is exact:
//! the attractors are the symbolic engine's BDDs), or after [`Walks::max_steps`] steps, when it
//! is left unresolved. Outputs never change which attractor is reached, so walks move the core
//! only.
//!
//! Walk `j` draws from its own Xoshiro256++ generator seeded with `seed + j` (SplitMix64), so
//! the estimates do not depend on the number of threads. Walks run in parallel (rayon) and poll
//! the cancel flag.
//!
//! The estimate of an attractor is its hit count over the walks, with the 95 % Wilson interval
//! ([`crate::attractor::wilson_ci95`]): an estimate, never the exact probability, which only
//! the explicit engine computes.

use super::encode::Encoded;
use crate::attractor::Estimate;
use crate::error::Error;
use biodivine_lib_bdd::{Bdd, BddValuation};
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rayon::prelude::*;

/// How to estimate reach probabilities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walks {
    /// Number of walks.
    pub samples: u64,
    /// Walk `j` uses the seed `seed + j`.
    pub seed: u64,
    /// A walk still outside every attractor after this many steps is left unresolved.
    pub max_steps: u64,
}

impl Default for Walks {
    fn default() -> Walks {
        Walks {
            samples: crate::engine::DEFAULT_SAMPLES,
            seed: crate::engine::DEFAULT_SEED,
            max_steps: 1 << 20,
        }
    }
}

/// The estimated reach probability of one attractor: `hits / samples`, with its 95 % Wilson
/// interval (the engine-neutral [`Estimate`], carried into `Basin::Reachability::estimate`).
pub type ReachEstimate = Estimate;

/// Walks per task: the cancel flag is polled between walks, and every `POLL` steps of a walk.
const POLL: u64 = 1 << 12;

/// The estimates for `attractors` (sets over the core, outputs not mentioned) of `enc`, in the
/// same order.
///
/// # Errors
/// [`Error::Cancelled`].
pub(crate) fn estimate(
    enc: &Encoded,
    moving: &[usize],
    attractors: &[Bdd],
    walks: &Walks,
) -> Result<Vec<ReachEstimate>, Error> {
    let m = enc.m();
    let mut is_output = vec![false; m];
    for &o in &enc.outputs {
        is_output[o] = true;
    }
    // Positions of the free variables by whole-network index, and who reads each mover.
    let mut position = vec![usize::MAX; enc.n];
    for (j, v) in enc.free.iter().enumerate() {
        position[v.index()] = j;
    }
    let mut readers: Vec<Vec<usize>> = vec![Vec::new(); m];
    for &j in moving {
        for v in enc.functions[j].support() {
            let r = position[v.index()];
            if r != usize::MAX && !readers[r].contains(&j) {
                readers[r].push(j);
            }
        }
    }
    let mut is_moving = vec![false; m];
    for &j in moving {
        is_moving[j] = true;
    }
    let union = attractors.iter().fold(enc.all().not(), |acc, a| acc.or(a));
    let core: Vec<usize> = (0..m).filter(|&j| !is_output[j]).collect();
    let num = attractors.len();
    let cancel = &enc.limits.cancel;
    let walk = |j: u64| -> Result<Option<usize>, Error> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(walks.seed.wrapping_add(j));
        let mut state = BddValuation::all_false(enc.vars.num_vars());
        for &k in &core {
            if rng.next_u64() >> 63 == 1 {
                state.flip_value(enc.x(k));
            }
        }
        // Which movers can change, kept up to date after each flip.
        let mut differs = vec![false; m];
        let mut movers: Vec<usize> = Vec::new();
        let mut slot = vec![usize::MAX; m];
        let update = |k: usize,
                      state: &BddValuation,
                      differs: &mut [bool],
                      movers: &mut Vec<usize>,
                      slot: &mut [usize]| {
            let now = enc.update[k].eval_in(state) != state.value(enc.x(k));
            if now == differs[k] {
                return;
            }
            differs[k] = now;
            if now {
                slot[k] = movers.len();
                movers.push(k);
            } else {
                let at = slot[k];
                let last = movers.pop().expect("k is a mover");
                if last != k {
                    movers[at] = last;
                    slot[last] = at;
                }
                slot[k] = usize::MAX;
            }
        };
        for &k in moving {
            update(k, &state, &mut differs, &mut movers, &mut slot);
        }
        for step in 0..walks.max_steps {
            if step % POLL == POLL - 1 {
                cancel.check()?;
            }
            if union.eval_in(&state) {
                return Ok(attractors.iter().position(|a| a.eval_in(&state)));
            }
            if movers.is_empty() {
                // A state no variable leaves is a fixed point, hence in an attractor.
                return Ok(None);
            }
            let pick = ((u128::from(rng.next_u64()) * movers.len() as u128) >> 64) as usize;
            let k = movers[pick];
            state.flip_value(enc.x(k));
            update(k, &state, &mut differs, &mut movers, &mut slot);
            for &r in &readers[k] {
                if r != k && is_moving[r] {
                    update(r, &state, &mut differs, &mut movers, &mut slot);
                }
            }
        }
        Ok(None)
    };
    let hits = (0..walks.samples)
        .into_par_iter()
        .map(|j| {
            cancel.check()?;
            walk(j)
        })
        .try_fold(
            || vec![0u64; num],
            |mut acc, end| -> Result<Vec<u64>, Error> {
                if let Some(i) = end? {
                    acc[i] += 1;
                }
                Ok(acc)
            },
        )
        .try_reduce(
            || vec![0u64; num],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                Ok(a)
            },
        )?;
    Ok(hits
        .into_iter()
        .map(|h| Estimate::new(h, walks.samples))
        .collect())
}
