//! The exhaustive explorer: successors of every core state, then the functional-graph walk.
//!
//! **Successors.** The kernel evaluates 512 consecutive states per call and transposes the result
//! into `u32` state indices, written into one buffer of `2^k` entries (in parallel, by chunks).
//!
//! **Walk.** Each worker takes start states in index order and follows the trajectory, claiming
//! states, until it meets
//! 1. a *done* state: the path gets that state's attractor label;
//! 2. a state on its own path: a new cycle (the path from that state on), which gets a new label;
//! 3. a state claimed by another worker and not yet done: the walk is set aside (its start is
//!    kept; its states stay claimed) and finished at the end by a sequential pass, which sees
//!    every remaining claimed state as its own.
//!
//! Finishing a path overwrites each state's successor with its attractor label, so the buffer
//! holds successors while a state is being explored and labels afterwards. Two layouts:
//! * cores of at most 31 variables (`TaggedWalk`): *done* is the top bit of the word itself
//!   (`label | TAG`), so finishing a state is one release store, and a start state whose
//!   successor is already done copies its label without being claimed (the common case); one
//!   claim bit per state: 4.125 bytes per state;
//! * 32 variables (`Walk`): no spare bit, so two mark bits per state (*claimed*, *done*); the
//!   label is written before *done* is published with release ordering: 4.25 bytes per state,
//!   so 32 core variables fit in 17 GiB.
//!
//! Conflicts (case 3) only happen where two workers run into the same unexplored region at the
//! same time, so the sequential pass is short. Each state's basin is counted exactly once.
//! Labels are numbered in discovery order, which depends on scheduling; the result is canonical
//! once cycles are rotated and sorted, so output never depends on the number of threads.
//!
//! While walking, the successor of the start state `D` positions ahead is prefetched, so the
//! first (usually the only) random access of each walk overlaps with the work before it. The
//! buffers are backed by transparent huge pages where Linux offers them.
//!
//! Why one file past 700 lines: the fill, both walks and the refusal share the explorer's
//! buffers and their layout; about a fifth of it is the tests that compare the two walks.

use super::{CoreBasin, CoreCycle, MAX_EXHAUSTIVE_CORE, build_exploration};
use crate::attractor::{Exploration, Method};
use crate::cancel::Cancel;
use crate::error::{Error, Remedy};
use crate::kernel::{BLOCK_STATES, Kernel};
use crate::network::{Network, VarId};
use crate::reduce::Reduction;
use rayon::prelude::*;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

const CLAIMED: u64 = 1;
const DONE: u64 = 2;
/// States per rayon task when computing successors (a multiple of the kernel's block).
const CHUNK_STATES: usize = 1 << 15;
/// States per rayon task in the walk: at most this many, and small spaces are cut in 64 tasks so
/// that workers meet (and the set-aside path is exercised) even on small networks.
const WALK_CHUNK_STATES: usize = 1 << 15;
/// How far ahead the walk prefetches.
const PREFETCH_DISTANCE: usize = 16;

/// The synchronous explorer with its buffers, reusable across runs (a screen explores many
/// perturbed networks; the successor buffer is allocated once for the largest).
#[derive(Debug, Default)]
pub struct SyncExplorer {
    succ: Vec<u32>,
    marks: Vec<u64>,
}

impl SyncExplorer {
    /// An explorer with empty buffers.
    pub fn new() -> SyncExplorer {
        SyncExplorer::default()
    }

    /// Bytes currently held by the buffers.
    pub fn buffer_bytes(&self) -> usize {
        self.succ.capacity() * 4 + self.marks.capacity() * 8
    }

    /// As [`super::attractors`], reusing this explorer's buffers. Runs on the current rayon pool.
    ///
    /// # Errors
    /// As [`super::attractors`].
    pub fn attractors(
        &mut self,
        network: &Network,
        fixed: &[(VarId, bool)],
        config: &super::SyncConfig,
    ) -> Result<Exploration, Error> {
        self.attractors_reduced(Reduction::new(network, fixed)?, config)
    }

    /// As [`SyncExplorer::attractors`] on a reduction already made (the engine makes one to
    /// choose between engines and hands it on).
    pub(crate) fn attractors_reduced(
        &mut self,
        reduction: Reduction,
        config: &super::SyncConfig,
    ) -> Result<Exploration, Error> {
        reduction.check_free_vars()?;
        match config.method {
            Method::Exhaustive => {
                let k = reduction.core().len();
                let allowed = config
                    .max_memory
                    .unwrap_or_else(crate::engine::default_max_memory);
                let needed = super::exhaustive_bytes(k);
                if k > MAX_EXHAUSTIVE_CORE || needed > u128::from(allowed) {
                    return Err(refusal(&reduction, needed, allowed));
                }
                let cycles =
                    self.explore_core(&Kernel::compile(reduction.core_network()), &config.cancel)?;
                Ok(build_exploration(&reduction, cycles, Method::Exhaustive))
            }
            Method::Sampled { samples, seed } => {
                let cycles = super::sample::sample_core(&reduction, samples, seed, &config.cancel)?;
                Ok(build_exploration(
                    &reduction,
                    cycles,
                    Method::Sampled { samples, seed },
                ))
            }
        }
    }

    /// Every cycle of the kernel's map over all `2^k` states, with exact basin sizes.
    ///
    /// Cancellation is polled per chunk of states (filling successors, walking); a cancelled
    /// search leaves the buffers dirty, which the next search rewrites (successors) or clears
    /// (marks) before use.
    pub(crate) fn explore_core(
        &mut self,
        kernel: &Kernel,
        cancel: &Cancel,
    ) -> Result<Vec<CoreCycle>, Error> {
        self.explore_core_with(kernel, kernel.num_vars() < 32, cancel)
    }

    /// As `explore_core`, choosing the walk (`tagged` needs at most 31 variables).
    fn explore_core_with(
        &mut self,
        kernel: &Kernel,
        tagged: bool,
        cancel: &Cancel,
    ) -> Result<Vec<CoreCycle>, Error> {
        let k = kernel.num_vars();
        assert!(k <= MAX_EXHAUSTIVE_CORE);
        let n_states = 1usize << k;
        self.fill_successors(kernel, n_states, cancel);
        cancel.check()?;
        // k ≤ 31: *done* is the top bit of the successor word, one claim bit per state.
        // k = 32: no spare bit, so two mark bits per state (claimed, done).
        assert!(!tagged || k < 32);
        let words = if tagged {
            n_states.div_ceil(64)
        } else {
            n_states.div_ceil(32)
        };
        if self.marks.len() < words {
            self.marks = Vec::new();
            self.marks = vec![0u64; words];
            advise_huge_pages(&mut self.marks);
        } else {
            self.marks.truncate(words);
            self.marks.par_iter_mut().for_each(|m| *m = 0);
        }
        if tagged {
            return explore_tagged(
                as_atomic(&mut self.succ[..n_states]),
                as_atomic64(&mut self.marks),
                cancel,
            );
        }
        let succ = as_atomic(&mut self.succ[..n_states]);
        let walk = Walk {
            succ,
            marks: as_atomic64(&mut self.marks),
            cycles: Mutex::new(Vec::new()),
        };
        let chunk = (n_states / 64).clamp(1, WALK_CHUNK_STATES);
        let n_chunks = n_states.div_ceil(chunk);
        let (mut counts, pending) = (0..n_chunks)
            .into_par_iter()
            .fold(Worker::default, |mut w, c| {
                if cancel.requested() {
                    return w;
                }
                let start = c * chunk;
                let end = (start + chunk).min(n_states);
                walk.run(&mut w, start, end, true);
                w
            })
            .map(|w| (w.counts, w.pending))
            .reduce(
                || (Vec::new(), Vec::new()),
                |(mut c1, mut p1), (c2, p2)| {
                    add_counts(&mut c1, &c2);
                    p1.extend(p2);
                    (c1, p1)
                },
            );
        cancel.check()?;
        if !pending.is_empty() {
            // Every remaining claimed-but-not-done state belongs to a set-aside path; forget the
            // claims so the sequential pass sees them as unexplored.
            walk.marks.par_iter().for_each(|m| {
                let v = m.load(Ordering::Relaxed);
                m.store(
                    v & (v >> 1) & 0x5555_5555_5555_5555 | (v & 0xAAAA_AAAA_AAAA_AAAA),
                    Ordering::Relaxed,
                );
            });
            let mut w = Worker::default();
            for &s in &pending {
                walk.run(&mut w, s as usize, s as usize + 1, false);
            }
            debug_assert!(w.pending.is_empty());
            add_counts(&mut counts, &w.counts);
        }
        let cycles = walk.cycles.into_inner().expect("no worker panicked");
        Ok(cycles
            .into_iter()
            .enumerate()
            .map(|(label, states)| CoreCycle {
                states: states.into_iter().map(u64::from).collect(),
                basin: CoreBasin::Exact(counts.get(label).copied().unwrap_or(0)),
            })
            .collect())
    }

    /// Writes `F(s)` for every state `s < n_states` into the successor buffer.
    /// Chunks not yet started when `cancel` is raised are skipped.
    fn fill_successors(&mut self, kernel: &Kernel, n_states: usize, cancel: &Cancel) {
        if self.succ.len() < n_states {
            // Fresh zeroed memory is mapped lazily; growing in place would write it twice.
            self.succ = Vec::new();
            self.succ = vec![0u32; n_states];
            advise_huge_pages(&mut self.succ);
        }
        let block = BLOCK_STATES as usize;
        self.succ[..n_states]
            .par_chunks_mut(CHUNK_STATES)
            .enumerate()
            .for_each_init(
                || kernel.successor_scratch(),
                |scratch, (c, chunk)| {
                    if cancel.requested() {
                        return;
                    }
                    let first_block = (c * CHUNK_STATES / block) as u64;
                    for (b, dst) in chunk.chunks_mut(block).enumerate() {
                        kernel.successors_u32(first_block + b as u64, scratch, dst);
                    }
                },
            );
    }
}

/// Asks Linux to back a large buffer with transparent huge pages before it is first touched: the
/// walk reads it at random, and 2 MiB pages spare most of the TLB misses. A hint only.
fn advise_huge_pages<T>(buf: &mut [T]) {
    #[cfg(target_os = "linux")]
    {
        let bytes = std::mem::size_of_val(buf);
        if bytes >= 4 << 20 {
            let start = buf.as_mut_ptr() as usize;
            let aligned = start.next_multiple_of(4096);
            let len = (start + bytes - aligned) & !4095;
            // SAFETY: the range lies inside `buf`'s allocation; MADV_HUGEPAGE does not change
            // its contents or validity.
            unsafe {
                libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = buf;
}

const _: () = assert!(std::mem::align_of::<AtomicU64>() == std::mem::align_of::<u64>());

/// Views the mark words as atomics for the parallel walk.
fn as_atomic64(s: &mut [u64]) -> &[AtomicU64] {
    // SAFETY: as `as_atomic`; `AtomicU64` has the size and alignment of `u64` on every target
    // with 64-bit atomics, which `AtomicU64`'s existence guarantees.
    unsafe { &*(s as *mut [u64] as *const [AtomicU64]) }
}

/// Views the successor buffer as atomics for the parallel walk.
fn as_atomic(s: &mut [u32]) -> &[AtomicU32] {
    // SAFETY: `AtomicU32` has the same size and alignment as `u32`, and the exclusive borrow
    // guarantees no non-atomic access while the shared atomic view lives.
    unsafe { &*(s as *mut [u32] as *const [AtomicU32]) }
}

fn add_counts(into: &mut Vec<u64>, from: &[u64]) {
    if into.len() < from.len() {
        into.resize(from.len(), 0);
    }
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}

/// Shared state of the walk.
struct Walk<'a> {
    /// Successor of each state until it is done, its attractor label afterwards.
    succ: &'a [AtomicU32],
    /// Two bits per state (32 states per word): `CLAIMED`, `DONE`.
    marks: &'a [AtomicU64],
    /// Cycles in discovery order; the label of a cycle is its index.
    cycles: Mutex<Vec<Vec<u32>>>,
}

/// Per-worker state of the walk.
#[derive(Default)]
struct Worker {
    /// States in basin, per label.
    counts: Vec<u64>,
    /// Starts of paths set aside after running into another worker's path.
    pending: Vec<u32>,
    /// Tagged walk: start states whose label was not known at their turn, counted at the end.
    deferred: Vec<u32>,
    /// The current path.
    path: Vec<u32>,
}

impl Worker {
    /// Counts one state in the basin of `label`.
    #[inline(always)]
    fn count(&mut self, label: u32) {
        let l = label as usize;
        if l >= self.counts.len() {
            self.counts.resize(l + 1, 0);
        }
        self.counts[l] += 1;
    }
}

impl Walk<'_> {
    #[inline(always)]
    fn mark(&self, s: usize) -> u64 {
        (self.marks[s / 32].load(Ordering::Acquire) >> (2 * (s % 32))) & 3
    }

    /// Sets `CLAIMED` on `s`; true when it was already set (by anyone; `DONE` implies `CLAIMED`).
    /// Only the one bit of the old value is read, so this compiles to a single `lock bts`.
    #[inline(always)]
    fn claim(&self, s: usize) -> bool {
        let bit = CLAIMED << (2 * (s % 32));
        self.marks[s / 32].fetch_or(bit, Ordering::AcqRel) & bit != 0
    }

    #[inline(always)]
    fn prefetch(&self, s: usize) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // SAFETY: prefetching is a hint and never faults; the addresses are in bounds.
            unsafe {
                _mm_prefetch(self.succ.as_ptr().add(s) as *const i8, _MM_HINT_T0);
                _mm_prefetch(self.marks.as_ptr().add(s / 32) as *const i8, _MM_HINT_T0);
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = s;
    }

    /// Walks from every start state in `start..end`. `concurrent` is false in the final
    /// sequential pass, where every claimed-but-not-done state is on the current path.
    fn run(&self, w: &mut Worker, start: usize, end: usize, concurrent: bool) {
        let n = self.succ.len();
        for s in start..end {
            if s + PREFETCH_DISTANCE < end {
                let ahead = self.succ[s + PREFETCH_DISTANCE].load(Ordering::Relaxed) as usize;
                if ahead < n {
                    self.prefetch(ahead);
                }
            }
            if self.mark(s) != 0 || self.claim(s) {
                continue;
            }
            w.path.clear();
            w.path.push(s as u32);
            let mut v = self.succ[s].load(Ordering::Relaxed) as usize;
            loop {
                let m = self.mark(v);
                if m & DONE != 0 {
                    let label = self.succ[v].load(Ordering::Relaxed);
                    self.finish(w, label);
                    break;
                }
                if m & CLAIMED != 0 {
                    let own = if concurrent {
                        w.path.iter().rposition(|&p| p as usize == v)
                    } else {
                        Some(
                            w.path
                                .iter()
                                .rposition(|&p| p as usize == v)
                                .expect("in the sequential pass every claim is on the path"),
                        )
                    };
                    match own {
                        Some(i) => {
                            let label = {
                                let mut cycles = self.cycles.lock().expect("no worker panicked");
                                cycles.push(w.path[i..].to_vec());
                                (cycles.len() - 1) as u32
                            };
                            self.finish(w, label);
                        }
                        None => w.pending.push(w.path[0]),
                    }
                    break;
                }
                if self.claim(v) {
                    // Claimed by another worker in the meantime: look again.
                    continue;
                }
                w.path.push(v as u32);
                v = self.succ[v].load(Ordering::Relaxed) as usize;
            }
        }
    }

    /// Labels every state of the current path and counts them.
    fn finish(&self, w: &mut Worker, label: u32) {
        for &p in &w.path {
            let p = p as usize;
            self.succ[p].store(label, Ordering::Relaxed);
            self.marks[p / 32].fetch_or(DONE << (2 * (p % 32)), Ordering::Release);
        }
        let l = label as usize;
        if w.counts.len() <= l {
            w.counts.resize(l + 1, 0);
        }
        w.counts[l] += w.path.len() as u64;
    }
}

/// Top bit of a successor word: the state is done and the rest of the word is its label.
const TAG: u32 = 1 << 31;

/// The walk for cores of at most 31 variables, where a state's word holds its successor until
/// it is done and `label | TAG` afterwards, so *done* costs no read-modify-write: finishing a
/// state is one release store. A start state whose successor is already done takes its label
/// without being claimed (the fast path, most states); two workers may then both label a state,
/// always with the same label. So a state is counted only when its turn as a start state comes
/// (exactly once per state), or at the end if it was on another worker's unfinished path then.
struct TaggedWalk<'a> {
    succ: &'a [AtomicU32],
    /// One claim bit per state (64 per word).
    claims: &'a [AtomicU64],
    cycles: Mutex<Vec<Vec<u32>>>,
}

fn explore_tagged(
    succ: &[AtomicU32],
    claims: &[AtomicU64],
    cancel: &Cancel,
) -> Result<Vec<CoreCycle>, Error> {
    let n_states = succ.len();
    let walk = TaggedWalk {
        succ,
        claims,
        cycles: Mutex::new(Vec::new()),
    };
    let chunk = (n_states / 64).clamp(1, WALK_CHUNK_STATES);
    let n_chunks = n_states.div_ceil(chunk);
    let (mut counts, pending, deferred) = (0..n_chunks)
        .into_par_iter()
        .fold(Worker::default, |mut w, c| {
            if cancel.requested() {
                return w;
            }
            let start = c * chunk;
            let end = (start + chunk).min(n_states);
            walk.run(&mut w, start, end, true);
            w
        })
        .map(|w| (w.counts, w.pending, w.deferred))
        .reduce(
            || (Vec::new(), Vec::new(), Vec::new()),
            |(mut c1, mut p1, mut d1), (c2, p2, d2)| {
                add_counts(&mut c1, &c2);
                p1.extend(p2);
                d1.extend(d2);
                (c1, p1, d1)
            },
        );
    cancel.check()?;
    let mut w = Worker::default();
    if !pending.is_empty() {
        // Only set-aside paths are left unlabelled; forget every claim so the sequential pass
        // sees them as unexplored.
        walk.claims
            .par_iter()
            .for_each(|m| m.store(0, Ordering::Relaxed));
        for &s in &pending {
            walk.run(&mut w, s as usize, s as usize + 1, false);
        }
        debug_assert!(w.pending.is_empty() && w.deferred.is_empty());
    }
    // States that were on another worker's unfinished path when their turn came.
    for &s in &deferred {
        let label = walk.succ[s as usize].load(Ordering::Acquire);
        debug_assert!(label & TAG != 0);
        w.count(label & !TAG);
    }
    add_counts(&mut counts, &w.counts);
    let cycles = walk.cycles.into_inner().expect("no worker panicked");
    counts.resize(cycles.len(), 0);
    Ok(cycles
        .into_iter()
        .zip(counts)
        .map(|(states, size)| CoreCycle {
            states: states.into_iter().map(u64::from).collect(),
            basin: CoreBasin::Exact(size),
        })
        .collect())
}

impl TaggedWalk<'_> {
    #[inline(always)]
    fn claimed(&self, s: usize) -> bool {
        self.claims[s / 64].load(Ordering::Acquire) & (1 << (s % 64)) != 0
    }

    /// Sets the claim bit of `s`; true when it was already set (`lock bts`).
    #[inline(always)]
    fn claim(&self, s: usize) -> bool {
        let bit = 1u64 << (s % 64);
        self.claims[s / 64].fetch_or(bit, Ordering::AcqRel) & bit != 0
    }

    fn run(&self, w: &mut Worker, start: usize, end: usize, concurrent: bool) {
        for s in start..end {
            if s + PREFETCH_DISTANCE < end {
                let ahead = self.succ[s + PREFETCH_DISTANCE].load(Ordering::Relaxed);
                if ahead & TAG == 0 {
                    prefetch(self.succ.as_ptr().wrapping_add(ahead as usize));
                }
            }
            let x = self.succ[s].load(Ordering::Acquire);
            if x & TAG != 0 {
                w.count(x & !TAG);
                continue;
            }
            let y = self.succ[x as usize].load(Ordering::Acquire);
            if y & TAG != 0 {
                // Fast path: the successor is done, so this state has its label.
                self.succ[s].store(y, Ordering::Release);
                w.count(y & !TAG);
                continue;
            }
            if self.claim(s) {
                // Another worker's path runs through `s` (or a set-aside one, finished later):
                // count `s` once everything is labelled.
                w.deferred.push(s as u32);
                continue;
            }
            w.path.clear();
            w.path.push(s as u32);
            let mut v = x as usize;
            loop {
                let y = self.succ[v].load(Ordering::Acquire);
                if y & TAG != 0 {
                    self.finish(w, y);
                    w.count(y & !TAG);
                    break;
                }
                if self.claimed(v) {
                    match w.path.iter().rposition(|&p| p as usize == v) {
                        Some(i) => {
                            let label = {
                                let mut cycles = self.cycles.lock().expect("no worker panicked");
                                cycles.push(w.path[i..].to_vec());
                                (cycles.len() - 1) as u32
                            };
                            self.finish(w, label | TAG);
                            w.count(label);
                        }
                        None => {
                            assert!(concurrent, "in the sequential pass every claim is ours");
                            w.pending.push(w.path[0]);
                        }
                    }
                    break;
                }
                if self.claim(v) {
                    // Claimed by another worker in the meantime: look again.
                    continue;
                }
                w.path.push(v as u32);
                // `y` was read before the claim; if `v` was labelled meanwhile, `y` is still its
                // successor (labels are only ever written over successors, never read as one).
                v = y as usize;
            }
        }
    }

    /// Labels every state of the current path (`tagged` = label | TAG).
    fn finish(&self, w: &mut Worker, tagged: u32) {
        for &p in &w.path {
            self.succ[p as usize].store(tagged, Ordering::Release);
        }
    }
}

/// Prefetches the cache line at `p` (a hint; never faults, so `p` may be anything).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: prefetching is a hint and never faults.
        unsafe { _mm_prefetch(p as *const i8, _MM_HINT_T0) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The error for a search that does not fit.
fn refusal(reduction: &Reduction, needed: u128, allowed: u64) -> Error {
    let k = reduction.core().len();
    let net = reduction.full_network();
    let free_inputs: Vec<&str> = reduction
        .core()
        .iter()
        .filter(|&&v| net.is_input(v))
        .map(|&v| net.name(v))
        .collect();
    let mut remedies = if free_inputs.is_empty() {
        vec![Remedy::PerturbNodes]
    } else {
        vec![Remedy::FixInputs {
            inputs: free_inputs.iter().map(|s| s.to_string()).collect(),
        }]
    };
    remedies.push(Remedy::UseSampling);
    let over_limit = if k > MAX_EXHAUSTIVE_CORE {
        format!(" (exhaustive search handles at most {MAX_EXHAUSTIVE_CORE} core variables)")
    } else {
        String::new()
    };
    Error::TooLarge {
        what: format!(
            "exhaustive synchronous search over 2^{k} states ({k} free core variables, {} \
             free in all){over_limit}",
            reduction.num_free()
        ),
        needed_bytes: needed,
        allowed_bytes: u128::from(allowed),
        remedies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::{Strategy, ValueTree};

    fn canonical(cycles: Vec<CoreCycle>) -> Vec<(Vec<u64>, u64)> {
        let mut out: Vec<(Vec<u64>, u64)> = cycles
            .into_iter()
            .map(|c| {
                let mut states = c.states;
                let min = (0..states.len()).min_by_key(|&i| states[i]).unwrap();
                states.rotate_left(min);
                let CoreBasin::Exact(size) = c.basin else {
                    panic!("exhaustive basins are exact")
                };
                (states, size)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn the_two_walks_agree() {
        // The marked walk is the one used for 32-variable cores; check it on small ones.
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut explorer = SyncExplorer::new();
        for _ in 0..200 {
            let net = crate::testing::network(12)
                .new_tree(&mut runner)
                .unwrap()
                .current();
            let kernel = Kernel::compile(&net);
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(3)
                .build()
                .unwrap();
            let (tagged, marked) = pool.install(|| {
                (
                    canonical(
                        explorer
                            .explore_core_with(&kernel, true, &Cancel::NEVER)
                            .unwrap(),
                    ),
                    canonical(
                        explorer
                            .explore_core_with(&kernel, false, &Cancel::NEVER)
                            .unwrap(),
                    ),
                )
            });
            assert_eq!(tagged, marked);
            let total: u64 = tagged.iter().map(|(_, s)| s).sum();
            assert_eq!(total, 1 << net.num_vars());
        }
    }
}
