//! The sampler: random initial core states followed to their cycle with Brent's algorithm, no
//! per-state storage, for cores too large to enumerate (up to 64 variables).
//!
//! Sample `i`'s initial state is word `2i` of a ChaCha8 stream seeded with the user's seed
//! (ChaCha allows jumping to any position), so every sample is the same whatever the number of
//! threads or the chunking. Trajectories are advanced 512 at a time through
//! [`Kernel::step_states`] (bit-sliced on arbitrary states), each slot running its own Brent
//! search and taking the next sample when it finishes. A cycle is identified by its smallest
//! state; each worker remembers the states of the cycles it has met, so a known cycle costs one
//! look-up.
//!
//! Brent's algorithm (slot form): `tortoise = hare = x0, power = 1, lam = 0`; repeat
//! `hare = F(hare), lam += 1`; stop when `tortoise == hare` (then `hare` is on the cycle and
//! `lam` is its length); otherwise when `lam == power` set `tortoise = hare, power *= 2, lam = 0`.

use super::{CoreBasin, CoreCycle, MAX_SAMPLED_CORE};
use crate::cancel::Cancel;
use crate::error::{Error, Remedy};
use crate::kernel::{BLOCK_STATES, Kernel, SuccessorScratch};
use crate::reduce::Reduction;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rayon::prelude::*;
use std::collections::HashMap;

/// Samples per rayon task.
const CHUNK_SAMPLES: u64 = 4096;
/// Cycles longer than this are not remembered state by state (each hit walks the cycle again).
const MAX_REMEMBERED_CYCLE: u64 = 1 << 16;

/// Samples `samples` random core states of `reduction` and returns the cycles they reach with
/// their hit counts.
pub(crate) fn sample_core(
    reduction: &Reduction,
    samples: u64,
    seed: u64,
    cancel: &Cancel,
) -> Result<Vec<CoreCycle>, Error> {
    let k = reduction.core().len();
    if k > MAX_SAMPLED_CORE {
        return Err(Error::Limit {
            what: format!(
                "the core has {k} free variables after reduction; sampling handles at most \
                 {MAX_SAMPLED_CORE} (states are 64-bit words)"
            ),
            remedies: vec![
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
            ],
        });
    }
    if samples == 0 {
        return Err(Error::invalid_value("samples", "0", "at least 1"));
    }
    let kernel = Kernel::compile(reduction.core_network());
    let mask = if k == 64 { u64::MAX } else { (1u64 << k) - 1 };
    let n_chunks = samples.div_ceil(CHUNK_SAMPLES);
    let found: HashMap<u64, (Vec<u64>, u64)> = (0..n_chunks)
        .into_par_iter()
        .fold(
            || Sampler::new(&kernel),
            |mut s, c| {
                if cancel.requested() {
                    return s;
                }
                let first = c * CHUNK_SAMPLES;
                let last = (first + CHUNK_SAMPLES).min(samples);
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_word_pos(u128::from(first) * 2);
                let starts: Vec<u64> = (first..last).map(|_| rng.next_u64() & mask).collect();
                s.run(&starts);
                s
            },
        )
        .map(|s| s.hits)
        .reduce(HashMap::new, |mut a, b| {
            for (key, (cycle, hits)) in b {
                a.entry(key).or_insert((cycle, 0)).1 += hits;
            }
            a
        });
    cancel.check()?;
    Ok(found
        .into_values()
        .map(|(states, hits)| CoreCycle {
            states,
            basin: CoreBasin::Sampled { hits, samples },
        })
        .collect())
}

/// One worker: the kernel's scratch, the cycles it knows, its hit counts.
struct Sampler<'a> {
    kernel: &'a Kernel,
    scratch: SuccessorScratch,
    /// State on a remembered cycle → smallest state of that cycle.
    known: HashMap<u64, u64>,
    /// Smallest state → (cycle from it, hits).
    hits: HashMap<u64, (Vec<u64>, u64)>,
}

impl<'a> Sampler<'a> {
    fn new(kernel: &'a Kernel) -> Sampler<'a> {
        Sampler {
            kernel,
            scratch: kernel.successor_scratch(),
            known: HashMap::new(),
            hits: HashMap::new(),
        }
    }

    fn step(&mut self, x: u64) -> u64 {
        let mut one = [x];
        self.kernel.step_states(&mut one, &mut self.scratch);
        one[0]
    }

    /// Follows every start state to its cycle and counts the hits.
    fn run(&mut self, starts: &[u64]) {
        let width = BLOCK_STATES as usize;
        let mut next = 0usize;
        let mut hare = vec![0u64; width.min(starts.len())];
        let mut tortoise = vec![0u64; hare.len()];
        let mut power = vec![1u64; hare.len()];
        let mut lam = vec![0u64; hare.len()];
        let mut active = vec![false; hare.len()];
        for i in 0..hare.len() {
            hare[i] = starts[next];
            tortoise[i] = starts[next];
            active[i] = true;
            next += 1;
        }
        let mut n_active = hare.len();
        let mut found: Vec<(u64, u64)> = Vec::new();
        while n_active > 0 {
            self.kernel.step_states(&mut hare, &mut self.scratch);
            for i in 0..hare.len() {
                if !active[i] {
                    continue;
                }
                lam[i] += 1;
                if tortoise[i] == hare[i] {
                    found.push((hare[i], lam[i]));
                    if next < starts.len() {
                        hare[i] = starts[next];
                        tortoise[i] = starts[next];
                        power[i] = 1;
                        lam[i] = 0;
                        next += 1;
                    } else {
                        active[i] = false;
                        n_active -= 1;
                    }
                } else if lam[i] == power[i] {
                    tortoise[i] = hare[i];
                    power[i] *= 2;
                    lam[i] = 0;
                }
            }
            for (x, len) in found.drain(..) {
                self.record(x, len);
            }
        }
    }

    /// Counts a hit on the cycle through `x` of length `len`.
    fn record(&mut self, x: u64, len: u64) {
        let key = match self.known.get(&x) {
            Some(&key) => key,
            None => {
                let mut cycle = Vec::with_capacity(len.min(MAX_REMEMBERED_CYCLE) as usize);
                let mut y = x;
                let mut min = x;
                for _ in 0..len {
                    if len <= MAX_REMEMBERED_CYCLE {
                        cycle.push(y);
                    }
                    min = min.min(y);
                    y = self.step(y);
                }
                if len <= MAX_REMEMBERED_CYCLE {
                    for &s in &cycle {
                        self.known.insert(s, min);
                    }
                }
                if !self.hits.contains_key(&min) {
                    // Store the cycle from its smallest state.
                    let mut states = Vec::with_capacity(len as usize);
                    let mut y = min;
                    for _ in 0..len {
                        states.push(y);
                        y = self.step(y);
                    }
                    self.hits.insert(min, (states, 0));
                }
                min
            }
        };
        self.hits.get_mut(&key).expect("inserted above").1 += 1;
    }
}
