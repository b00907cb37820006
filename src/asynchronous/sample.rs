//! Reach probabilities estimated by random walks.
//!
//! Each walk starts from a uniformly random core state (or from a start distribution) (outputs do not matter: they never change
//! which attractor is reached) and repeatedly flips one variable chosen uniformly among those
//! that can change, until it enters an attractor. Walk `j` draws from its own Xoshiro256++
//! generator seeded with SplitMix64 of `seed + j`, so results do not depend on the number of
//! threads.
//!
//! * When the core fits in memory the attractors are first found exhaustively, and a walk stops
//!   as soon as it enters one of them (membership is exact).
//! * Otherwise attractors are detected on the walk: after 64, 128, 256, … steps the forward
//!   reachable set of the current state is built explicitly (up to [`DETECT_CAP`] states); if
//!   every state of it reaches the current state back, it is a terminal SCC, which is recorded
//!   and recognised by later walks (walks run in batches; the registry grows between batches).
//!   Attractors larger than the cap cannot be detected, and walks that exceed the step limit
//!   are left unresolved (so the hits then sum to less than the samples).

use super::core::{Core, CoreStart};
use super::explore::{ChunkAttractor, StateSet};
use crate::cancel::Cancel;
use crate::error::Error;
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet, VecDeque};

/// The most states of a forward set built to detect an attractor on a walk.
pub(crate) const DETECT_CAP: usize = 1 << 16;
/// Walks run between two updates of the registry of detected attractors.
const BATCH: u64 = 4096;

enum Outcome {
    Known(usize),
    New(Vec<u64>),
    Unresolved,
}

/// Evaluates the core at state `s`: the variables that can change.
struct Stepper<'a> {
    core: &'a Core,
    scratch: Vec<bool>,
    movers: Vec<usize>,
}

impl Stepper<'_> {
    fn movers(&mut self, s: u64) -> &[usize] {
        self.movers.clear();
        for v in 0..self.core.q {
            let f = self.core.network.function(crate::network::VarId::new(v));
            if f.eval_with(&mut self.scratch, |x| (s >> x.index()) & 1 == 1) != ((s >> v) & 1 == 1)
            {
                self.movers.push(v);
            }
        }
        &self.movers
    }
}

/// What to sample.
pub(crate) struct Walks {
    /// Number of walks.
    pub(crate) samples: u64,
    /// Walk `j` draws from a generator seeded with `seed + j`.
    pub(crate) seed: u64,
    /// The most steps of one walk before it counts as unresolved.
    pub(crate) max_steps: u64,
    /// Polled before each walk and every [`CANCEL_STEPS`] steps of it.
    pub(crate) cancel: Cancel,
}

/// Steps of one walk between two polls of the cancel flag.
const CANCEL_STEPS: u64 = 1 << 16;

/// Runs the walks; returns every attractor found (all of them when `known` is given) as
/// `(chunk base, local states, size, hits)`.
///
/// # Errors
/// [`Error::Cancelled`] when the flag is raised.
pub(crate) fn walks(
    core: &Core,
    c: usize,
    known: Option<Vec<(u64, Vec<ChunkAttractor>)>>,
    walks: &Walks,
    from: Option<&CoreStart>,
) -> Result<Vec<(u64, StateSet, u64, u64)>, Error> {
    let Walks {
        samples,
        seed,
        max_steps,
        ref cancel,
    } = *walks;
    let k = core.k;
    let mask = if k >= 64 { u64::MAX } else { (1u64 << k) - 1 };
    let rng_of = |j: u64| Xoshiro256PlusPlus::seed_from_u64(seed.wrapping_add(j));
    // Walks start from a uniformly random core state, or from the start distribution: a cube's
    // free bits drawn uniformly, listed states by their cumulative weights.
    let cumulative: Vec<f64> = match from {
        Some(CoreStart::States(list)) => list
            .iter()
            .scan(0.0, |acc, &(_, w)| {
                *acc += w;
                Some(*acc)
            })
            .collect(),
        _ => Vec::new(),
    };
    let start = |rng: &mut Xoshiro256PlusPlus| -> u64 {
        match from {
            None => rng.next_u64() & mask,
            Some(CoreStart::Cube { mask: m, value }) => (rng.next_u64() & mask & !m) | (value & m),
            Some(CoreStart::States(list)) => {
                let total = cumulative.last().copied().unwrap_or(1.0);
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
                let i = cumulative.partition_point(|&c| c <= u).min(list.len() - 1);
                list[i].0
            }
        }
    };
    let pick = |rng: &mut Xoshiro256PlusPlus, n: usize| -> usize {
        ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
    };
    if let Some(known) = known {
        // Exact membership: small attractors by hash, large ones by their bit sets.
        let mut found: Vec<(u64, StateSet, u64, u64)> = Vec::new();
        let mut by_state: HashMap<u64, usize> = HashMap::new();
        let mut large: Vec<(u64, usize)> = Vec::new();
        for (chunk, atts) in known {
            for a in atts {
                let id = found.len();
                let base = chunk << c;
                match &a.states {
                    StateSet::List(v) => v.iter().for_each(|&x| {
                        by_state.insert(base | x, id);
                    }),
                    StateSet::Bits(_) => large.push((chunk, id)),
                }
                found.push((base, a.states, a.size, 0));
            }
        }
        let lookup = |s: u64| -> Option<usize> {
            if let Some(&id) = by_state.get(&s) {
                return Some(id);
            }
            let local = if c >= 64 { s } else { s & ((1u64 << c) - 1) };
            let chunk = if c >= 64 { 0 } else { s >> c };
            large
                .iter()
                .find(|&&(ch, id)| ch == chunk && found[id].1.contains(local))
                .map(|&(_, id)| id)
        };
        let outcomes: Vec<Option<usize>> = (0..samples)
            .into_par_iter()
            .map_init(
                || Stepper {
                    core,
                    scratch: Vec::new(),
                    movers: Vec::new(),
                },
                |stepper, j| {
                    let mut rng = rng_of(j);
                    let mut s = start(&mut rng);
                    for step in 0..=max_steps {
                        if step % CANCEL_STEPS == 0 && cancel.requested() {
                            return None;
                        }
                        if let Some(id) = lookup(s) {
                            return Some(id);
                        }
                        let m = stepper.movers(s);
                        if m.is_empty() {
                            return lookup(s);
                        }
                        let i = m[pick(&mut rng, m.len())];
                        s ^= 1 << i;
                    }
                    None
                },
            )
            .collect();
        cancel.check()?;
        for id in outcomes.into_iter().flatten() {
            found[id].3 += 1;
        }
        return Ok(found);
    }
    // Detection on the walk.
    let mut attractors: Vec<(Vec<u64>, u64)> = Vec::new();
    let mut by_state: HashMap<u64, usize> = HashMap::new();
    let mut next = 0u64;
    while next < samples {
        let end = (next + BATCH).min(samples);
        let outcomes: Vec<Outcome> = (next..end)
            .into_par_iter()
            .map_init(
                || Stepper {
                    core,
                    scratch: Vec::new(),
                    movers: Vec::new(),
                },
                |stepper, j| {
                    let mut rng = rng_of(j);
                    let mut s = start(&mut rng);
                    let mut check = 64u64;
                    for step in 0..=max_steps {
                        if step % CANCEL_STEPS == 0 && cancel.requested() {
                            return Outcome::Unresolved;
                        }
                        if let Some(&id) = by_state.get(&s) {
                            return Outcome::Known(id);
                        }
                        if step == check {
                            check *= 2;
                            if let Some(states) = detect(stepper, s) {
                                return Outcome::New(states);
                            }
                        }
                        let m = stepper.movers(s);
                        if m.is_empty() {
                            return Outcome::New(vec![s]);
                        }
                        let i = m[pick(&mut rng, m.len())];
                        s ^= 1 << i;
                    }
                    Outcome::Unresolved
                },
            )
            .collect();
        cancel.check()?;
        for o in outcomes {
            match o {
                Outcome::Known(id) => attractors[id].1 += 1,
                Outcome::New(states) => match by_state.get(&states[0]) {
                    Some(&id) => attractors[id].1 += 1,
                    None => {
                        let id = attractors.len();
                        for &x in &states {
                            by_state.insert(x, id);
                        }
                        attractors.push((states, 1));
                    }
                },
                Outcome::Unresolved => {}
            }
        }
        next = end;
    }
    Ok(attractors
        .into_iter()
        .map(|(states, hits)| {
            let size = states.len() as u64;
            (0, StateSet::List(states), size, hits)
        })
        .collect())
}

/// The attractor containing `s`, if `s` is in one whose size is at most [`DETECT_CAP`]: sorted
/// states.
fn detect(stepper: &mut Stepper<'_>, s: u64) -> Option<Vec<u64>> {
    let mut seen: HashSet<u64> = HashSet::from([s]);
    let mut order = vec![s];
    let mut queue = VecDeque::from([s]);
    let mut preds: HashMap<u64, Vec<u64>> = HashMap::new();
    while let Some(x) = queue.pop_front() {
        let movers: Vec<usize> = stepper.movers(x).to_vec();
        for i in movers {
            let y = x ^ (1 << i);
            preds.entry(y).or_default().push(x);
            if seen.insert(y) {
                if seen.len() > DETECT_CAP {
                    return None;
                }
                order.push(y);
                queue.push_back(y);
            }
        }
    }
    // Every state of the forward set must reach `s` back.
    let mut back: HashSet<u64> = HashSet::from([s]);
    let mut stack = vec![s];
    while let Some(y) = stack.pop() {
        for &x in preds.get(&y).map(Vec::as_slice).unwrap_or(&[]) {
            if back.insert(x) {
                stack.push(x);
            }
        }
    }
    if back.len() != seen.len() {
        return None;
    }
    order.sort_unstable();
    Some(order)
}
