//! Dense propagation of a time course: the distribution over one invariant subspace ("chunk":
//! one or several valuations of the free inputs, as in the asynchronous explorer) as a
//! `2^c`-entry `f64` vector indexed by the state's bits,
//! for when the states reached are a large fraction of the space (see [`super::timecourse`]).
//!
//! **One step.** With `D_i = {x : f_i(x) ≠ x_i}` (the "can flip" sets, computed once with the
//! bit-sliced kernel by [`Space::build`], the same sweep the asynchronous explorer runs) and `n`
//! the free variables of the whole network (inputs and outputs included: the chain picks one
//! of them uniformly),
//!
//! ```text
//! p'(x) = p(x) · (n − |{i : x ∈ D_i}|) / n  +  (1/n) · Σ_i [x ⊕ e_i ∈ D_i] · p(x ⊕ e_i)
//! ```
//!
//! The self-loop factor is read from a per-state count of movers (one byte per state; the sum is
//! formed times `n` and divided once at the end); the
//! inflow is a streaming pass per variable over pairs `(x, x ⊕ e_i)`, written as branch-free
//! masked adds (the `D_i` bit selects the partner's mass) so that it vectorises. Every term is
//! non-negative, so nothing cancels: the result is as accurate as the sparse path's.
//!
//! **Two passes per step.** Variables below `L` (the block bits) move mass inside blocks of
//! `2^L` consecutive states, which stay in cache while every such variable is applied (pass A,
//! blocks in parallel). The higher variables pair runs of `2^RUN_BITS` consecutive states in
//! different blocks; pass B takes the states that agree on the bits between `RUN_BITS` and `L`
//! together (a tile of `2^(c − L)` runs, in cache), applies every high variable to the tile and
//! finishes it (tiles in parallel). `L` is chosen so that blocks and tiles have the same size
//! ([`Layout::for_bits`]). Memory traffic is then about two sweeps over the two vectors per
//! step, whatever `c`. With AVX-512 both passes take the variables three at a time: the 8
//! vectors of states that differ only in those three are loaded once, get their 24 masked adds
//! and are stored once.
//!
//! **Sums** (each variable's probability of being on, each label's) are taken from the vector
//! during pass A of the same step, per block, and added up in block order, so the result does
//! not depend on the number of threads.
//!
//! SIMD: the passes are compiled three times, portable, AVX2 and AVX-512, and the widest the CPU
//! reports at run time is used, as in [`crate::kernel`].

use crate::asynchronous::space::{Flip, Space, Tuning, flip_bytes, flip_in_word};
use crate::cancel::Cancel;
use crate::error::Error;
use crate::kernel::{Kernel, LOW_PATTERNS, Simd};
use rayon::prelude::*;

/// States per run of pass B: `2^RUN_BITS` (2 KiB of each vector, which the hardware prefetcher
/// follows; 64-state runs were half as fast at 24 variables).
pub(super) const RUN_BITS: usize = 8;

/// Block and run sizes; tests shrink them so small networks take every path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Layout {
    /// Bits of a pass-A block (at least 6).
    pub(super) block_bits: usize,
    /// Bits of a pass-B run (at least 6, at most `block_bits`).
    pub(super) run_bits: usize,
}

impl Layout {
    /// The layout for a chunk of `2^c` states: runs of `2^RUN_BITS` states and blocks as large
    /// as the tiles of pass B (`2^(c − block_bits + RUN_BITS)` states), so that both stay small
    /// (1 MiB of the two vectors each at `c = 24`, in L2).
    pub(super) fn for_bits(c: usize) -> Layout {
        Layout {
            block_bits: (c + RUN_BITS).div_ceil(2),
            run_bits: RUN_BITS,
        }
    }
}

/// Bytes one chunk of `2^c` states takes: two `f64` vectors, the mover counts, the reached
/// bit set, the labels (two bytes a state) when `labels`, and the `D_i` of variables `0..c`
/// whose functions read `supports`.
pub(super) fn chunk_bytes(c: usize, supports: &[Vec<usize>], labels: bool) -> u128 {
    let len = 1u128 << c.max(6);
    let per_state = 8 + 8 + 1 + if labels { 2 } else { 0 };
    let flips: u128 = (0..c).map(|v| flip_bytes(v, &supports[v], c)).sum();
    len * per_state + len / 8 + flips
}

/// Per-chunk sums of one distribution.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Sums {
    /// Total mass.
    pub(super) total: f64,
    /// Mass on states with local bit `j` on, `j < c`.
    pub(super) on: Vec<f64>,
    /// Mass per label id (empty without labels).
    pub(super) labels: Vec<f64>,
}

impl Sums {
    fn zero(c: usize, nlabels: usize) -> Sums {
        Sums {
            total: 0.0,
            on: vec![0.0; c],
            labels: vec![0.0; nlabels],
        }
    }

    fn add(&mut self, other: &Sums) {
        self.total += other.total;
        self.on.iter_mut().zip(&other.on).for_each(|(a, b)| *a += b);
        self.labels
            .iter_mut()
            .zip(&other.labels)
            .for_each(|(a, b)| *a += b);
    }
}

/// One chunk's distribution and what a step needs.
pub(super) struct Chunk {
    /// Local state bits.
    c: usize,
    layout: Layout,
    /// Variables below `block_bits` that can change somewhere in the chunk.
    low: Vec<Flip>,
    /// The others.
    high: Vec<Flip>,
    /// Per state, how many variables can change.
    movers: Vec<u8>,
    /// `1 / n`.
    inv_n: f64,
    /// `n` (the chain's free variables).
    n: f64,
    /// Per state, its label id, and the number of ids.
    labels: Option<(Vec<u16>, usize)>,
    cur: Vec<f64>,
    next: Vec<f64>,
    /// States that carried mass at some step so far.
    reached: Vec<u64>,
    simd: Simd,
}

impl Chunk {
    /// The chunk `chunk` (states `chunk · 2^c + x`) of the core compiled in `kernel` with the
    /// distribution zero; `n` the chain's free variables; `label_of(x)` the label id of local
    /// state `x` (with `nlabels` ids) when labels are wanted.
    ///
    /// # Errors
    /// [`Error::Cancelled`].
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        kernel: &Kernel,
        supports: &[Vec<usize>],
        c: usize,
        chunk: u64,
        n: usize,
        labels: Option<(&(dyn Fn(u64) -> u16 + Sync), usize)>,
        layout: Option<Layout>,
        cancel: &Cancel,
    ) -> Result<Chunk, Error> {
        let sweep = Space::build(kernel, supports, c, chunk, true, Tuning::default(), cancel);
        cancel.check()?;
        let len = 1usize << c.max(6);
        let layout = layout.unwrap_or_else(|| Layout::for_bits(c));
        let block_bits = layout.block_bits.clamp(6, c.max(6));
        let layout = Layout {
            block_bits,
            run_bits: layout.run_bits.clamp(6, block_bits),
        };
        let (low, high): (Vec<Flip>, Vec<Flip>) = sweep
            .space
            .flips
            .into_iter()
            .partition(|f| f.var < block_bits);
        let words = len / 64;
        let mut movers = vec![0u8; len];
        let block = 1usize << block_bits;
        movers.par_chunks_mut(block).enumerate().for_each(|(b, m)| {
            let w0 = b * (block / 64);
            for f in low.iter().chain(&high) {
                for (w, mw) in m.chunks_exact_mut(64).enumerate() {
                    let d = f.word(w0 + w);
                    for (j, c) in mw.iter_mut().enumerate() {
                        *c += ((d >> j) & 1) as u8;
                    }
                }
            }
        });
        let labels = labels.map(|(label_of, nlabels)| {
            let mut ids = vec![0u16; len];
            ids[..1usize << c]
                .par_chunks_mut(1024)
                .enumerate()
                .for_each(|(c, out)| {
                    for (j, l) in out.iter_mut().enumerate() {
                        *l = label_of((c * 1024 + j) as u64);
                    }
                });
            (ids, nlabels)
        });
        let n = n.max(1) as f64;
        Ok(Chunk {
            c,
            layout,
            low,
            high,
            movers,
            inv_n: 1.0 / n,
            n,
            labels,
            cur: vec![0.0; len],
            next: vec![0.0; len],
            reached: vec![0; words],
            simd: detect_simd(),
        })
    }

    /// Puts mass `p` on local state `x`, which counts as reached.
    pub(super) fn set(&mut self, x: u64, p: f64) {
        self.cur[x as usize] += p;
        self.mark(x);
    }

    /// Counts local state `x` as reached (a state the sparse phase reached).
    pub(super) fn mark(&mut self, x: u64) {
        self.reached[(x >> 6) as usize] |= 1 << (x & 63);
    }

    /// Puts mass `p` on every local state `x` with `x & mask == value`.
    pub(super) fn set_cube(&mut self, mask: u64, value: u64, p: f64) {
        let states = 1u64 << self.c;
        for x in 0..states {
            if x & mask == value {
                self.set(x, p);
            }
        }
    }

    /// The states that carried mass at some step.
    pub(super) fn reached(&self) -> u64 {
        self.reached.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// The sums of the current distribution.
    pub(super) fn sums(&self) -> Sums {
        let block = 1usize << self.layout.block_bits;
        let parts: Vec<Sums> = self
            .cur
            .par_chunks(block)
            .enumerate()
            .map(|(b, c)| self.block_sums(b, c))
            .collect();
        self.total(parts)
    }

    fn total(&self, parts: Vec<Sums>) -> Sums {
        let mut all = Sums::zero(self.c, self.labels.as_ref().map_or(0, |l| l.1));
        for p in &parts {
            all.add(p);
        }
        all
    }

    /// One step of the chain; returns the sums of the distribution before it when `sums`.
    pub(super) fn step(&mut self, sums: bool) -> Option<Sums> {
        let block = 1usize << self.layout.block_bits;
        let finish_in_a = self.high.is_empty();
        let mut next = std::mem::take(&mut self.next);
        let mut reached = std::mem::take(&mut self.reached);
        let this = &*self;
        let parts: Vec<Option<Sums>> = next
            .par_chunks_mut(block)
            .zip(reached.par_chunks_mut(block / 64))
            .enumerate()
            .map_init(
                || vec![0u64; 3 * block / 64],
                |scratch, (b, (acc, reached))| {
                    let cur = &this.cur[b * block..(b + 1) * block];
                    let movers = &this.movers[b * block..(b + 1) * block];
                    this.pass_a(b, cur, movers, acc, scratch);
                    if finish_in_a {
                        this.finish(acc, reached);
                    }
                    sums.then(|| this.block_sums(b, cur))
                },
            )
            .collect();
        if !finish_in_a {
            self.pass_b(&mut next, &mut reached);
        }
        let out = sums.then(|| self.total(parts.into_iter().flatten().collect()));
        self.next = next;
        self.reached = reached;
        std::mem::swap(&mut self.cur, &mut self.next);
        out
    }

    /// Pass A on block `b`: `acc = cur · (n − movers)` (the mass that stays, times `n`) plus
    /// the inflow through the low variables (unscaled). The mover counts are read here, in
    /// order, rather than in pass B's strided tiles.
    fn pass_a(&self, b: usize, cur: &[f64], movers: &[u8], acc: &mut [f64], scratch: &mut [u64]) {
        let low = (&self.low[..], self.n, movers);
        match self.simd {
            // SAFETY: each copy is chosen only when the CPU reported its features.
            #[cfg(target_arch = "x86_64")]
            Simd::Avx512 => unsafe { pass_a_avx512(low, b, cur, acc, scratch) },
            #[cfg(target_arch = "x86_64")]
            Simd::Avx2 => unsafe { pass_a_avx2(low, b, cur, acc, scratch) },
            Simd::Portable => pass_a_generic::<false>(low, b, cur, acc, scratch),
        }
    }

    /// `acc = acc / n`, and the reached bits.
    fn finish(&self, acc: &mut [f64], reached: &mut [u64]) {
        match self.simd {
            // SAFETY: as in `pass_a`.
            #[cfg(target_arch = "x86_64")]
            Simd::Avx512 => unsafe { finish_avx512(self.inv_n, acc, reached) },
            #[cfg(target_arch = "x86_64")]
            Simd::Avx2 => unsafe { finish_avx2(self.inv_n, acc, reached) },
            Simd::Portable => finish_generic(self.inv_n, acc, reached),
        }
    }

    /// Pass B: every high variable, tile by tile (the states agreeing on bits
    /// `run_bits..block_bits`), then the tile is finished.
    fn pass_b(&self, next: &mut [f64], reached: &mut [u64]) {
        let Layout {
            block_bits: lb,
            run_bits: rb,
        } = self.layout;
        let run = 1usize << rb;
        let his = 1usize << (self.c.max(6) - lb);
        let acc = Shared(next.as_mut_ptr());
        let reached = Shared(reached.as_mut_ptr());
        (0..1usize << (lb - rb)).into_par_iter().for_each_init(
            || (vec![0u64; run / 64], vec![0u64; run / 64]),
            |(d1, d2), mid| {
                let start = |hi: usize| (hi << lb) | (mid << rb);
                #[cfg(target_arch = "x86_64")]
                if self.simd == Simd::Avx512 {
                    // SAFETY: AVX-512F was reported; the tile's runs are its own (see below).
                    unsafe { self.tile_avx512(mid, acc) };
                }
                for f in self.high.iter().filter(|_| self.simd != Simd::Avx512) {
                    let hb = 1usize << (f.var - lb);
                    for hi in (0..his).filter(|hi| hi & hb == 0) {
                        let (x1, x2) = (start(hi), start(hi | hb));
                        f.block_words(x1 / 64, d1);
                        f.block_words(x2 / 64, d2);
                        // SAFETY: tile `mid` owns the runs starting at `start(hi)` for every
                        // `hi` and no other tile touches them; `x1` and `x2` differ, so the
                        // two runs are disjoint, and both lie inside `next`.
                        let (a1, a2) = unsafe { (acc.slice(x1, run), acc.slice(x2, run)) };
                        let (c1, c2) = (&self.cur[x1..x1 + run], &self.cur[x2..x2 + run]);
                        match self.simd {
                            // SAFETY: as in `pass_a`.
                            #[cfg(target_arch = "x86_64")]
                            Simd::Avx512 => unsafe { pair_avx512(d1, d2, c1, c2, a1, a2) },
                            #[cfg(target_arch = "x86_64")]
                            Simd::Avx2 => unsafe { pair_avx2(d1, d2, c1, c2, a1, a2) },
                            Simd::Portable => pair_generic(d1, d2, c1, c2, a1, a2),
                        }
                    }
                }
                for hi in 0..his {
                    let x = start(hi);
                    // SAFETY: as above; the reached words of a run (`run / 64` of them, from
                    // `x / 64`) belong to its tile too.
                    let (a, r) = unsafe { (acc.slice(x, run), reached.slice(x / 64, run / 64)) };
                    self.finish(a, r);
                }
            },
        );
    }

    /// Pass B on tile `mid` with AVX-512: the high variables three at a time, over the 8 runs
    /// that differ only in them (as in [`pass_a_avx512`]).
    ///
    /// # Safety
    /// The CPU has AVX-512F; no other thread uses the runs of tile `mid` in `acc`.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
    unsafe fn tile_avx512(&self, mid: usize, acc: Shared<f64>) {
        use std::arch::x86_64::{_mm512_loadu_pd, _mm512_mask_add_pd, _mm512_storeu_pd};
        let Layout {
            block_bits: lb,
            run_bits: rb,
        } = self.layout;
        let run = 1usize << rb;
        let words = run / 64;
        let his = 1usize << (self.c.max(6) - lb);
        let start = |hi: usize| (hi << lb) | (mid << rb);
        let mut dbuf = vec![0u64; 3 * 8 * words];
        for group in self.high.chunks(3) {
            let g = group.len();
            let combos = 1usize << g;
            let bit: [usize; 3] =
                std::array::from_fn(|j| group.get(j).map_or(0, |f| 1 << (f.var - lb)));
            let gmask = bit.iter().fold(0, |m, b| m | b);
            let mut hi = 0usize;
            while hi < his {
                let xs: [usize; 8] = std::array::from_fn(|k| {
                    let k = k.min(combos - 1);
                    start((0..g).fold(hi, |u, j| if (k >> j) & 1 == 1 { u | bit[j] } else { u }))
                });
                for (j, f) in group.iter().enumerate() {
                    for k in 0..combos {
                        let o = (j * 8 + k) * words;
                        f.block_words(xs[k] / 64, &mut dbuf[o..o + words]);
                    }
                }
                for u in 0..run / 8 {
                    // SAFETY: each run `xs[k] .. xs[k] + run` lies inside the vectors and
                    // belongs to this tile; the runs of the combinations are distinct.
                    unsafe {
                        let cv: [_; 8] = std::array::from_fn(|k| {
                            _mm512_loadu_pd(self.cur.as_ptr().add(xs[k] + 8 * u))
                        });
                        let mut av: [_; 8] =
                            std::array::from_fn(|k| _mm512_loadu_pd(acc.0.add(xs[k] + 8 * u)));
                        for j in 0..g {
                            for k in 0..combos {
                                let p = k ^ (1 << j);
                                let dw = dbuf[(j * 8 + p) * words + (u >> 3)];
                                let m = (dw >> (8 * (u & 7))) as u8;
                                av[k] = _mm512_mask_add_pd(av[k], m, av[k], cv[p]);
                            }
                        }
                        for k in 0..combos {
                            _mm512_storeu_pd(acc.0.add(xs[k] + 8 * u), av[k]);
                        }
                    }
                }
                hi = ((hi | gmask) + 1) & !gmask;
            }
        }
    }

    /// The sums of block `b`, whose distribution is `cur`.
    fn block_sums(&self, b: usize, cur: &[f64]) -> Sums {
        let lb = self.layout.block_bits;
        let mut s = Sums::zero(self.c, self.labels.as_ref().map_or(0, |l| l.1));
        let mut lanes = [0.0f64; 64];
        let words = cur.len() / 64;
        let mut word_total = vec![0.0f64; words];
        for (c, t) in cur.chunks_exact(64).zip(word_total.iter_mut()) {
            // Eight partial sums (a fixed order, so the result does not depend on threads).
            let mut part = [0.0f64; 8];
            for (g, c) in c.chunks_exact(8).enumerate() {
                for j in 0..8 {
                    lanes[8 * g + j] += c[j];
                    part[j] += c[j];
                }
            }
            *t = part.iter().sum();
        }
        let total: f64 = word_total.iter().sum();
        s.total = total;
        for (j, on) in s.on.iter_mut().enumerate() {
            *on = if j < 6 {
                (0..64)
                    .filter(|k| (k >> j) & 1 == 1)
                    .map(|k| lanes[k])
                    .sum()
            } else if j < lb {
                (0..words)
                    .filter(|w| (w >> (j - 6)) & 1 == 1)
                    .map(|w| word_total[w])
                    .sum()
            } else if (b >> (j - lb)) & 1 == 1 {
                total
            } else {
                0.0
            };
        }
        if let Some((ids, _)) = &self.labels {
            let ids = &ids[b << lb..(b << lb) + cur.len()];
            for (&l, &v) in ids.iter().zip(cur) {
                s.labels[l as usize] += v;
            }
        }
        s
    }
}

/// A pointer into a vector that tiles of pass B write through, each to its own runs.
#[derive(Clone, Copy)]
struct Shared<T>(*mut T);

// SAFETY: `Shared` is only dereferenced through `slice`, whose callers guarantee that the ranges
// different threads use are disjoint.
unsafe impl<T: Send> Send for Shared<T> {}
unsafe impl<T: Send> Sync for Shared<T> {}

impl<T> Shared<T> {
    /// # Safety
    /// `start..start + len` lies inside the vector and no other live slice overlaps it.
    #[allow(clippy::mut_from_ref)]
    unsafe fn slice(&self, start: usize, len: usize) -> &mut [T] {
        // SAFETY: guaranteed by the caller.
        unsafe { std::slice::from_raw_parts_mut(self.0.add(start), len) }
    }
}

/// `v` when bit `j` of `d` is set, else `0.0` (a mask on the bits: no branch, no conversion).
#[inline(always)]
fn sel(d: u64, j: usize, v: f64) -> f64 {
    f64::from_bits(v.to_bits() & ((d >> j) & 1).wrapping_neg())
}

/// Pass A; `AVX512` when called from the AVX-512 copy (the lowest variables then use its
/// lane permutations, which the compiler does not find on its own).
#[inline(always)]
fn pass_a_generic<const AVX512: bool>(
    (low, n, movers): Low,
    b: usize,
    cur: &[f64],
    acc: &mut [f64],
    scratch: &mut [u64],
) {
    for ((a, &c), &m) in acc.iter_mut().zip(cur).zip(movers) {
        *a = c * (n - f64::from(m));
    }
    let words = cur.len() / 64;
    let d = &mut scratch[..words];
    for f in low {
        f.block_words(b * words, d);
        let i = f.var;
        #[cfg(target_arch = "x86_64")]
        if AVX512 && i < 3 {
            // SAFETY: `AVX512` is only set by `pass_a_avx512`, which runs only when the CPU
            // reported AVX-512F.
            unsafe {
                match i {
                    0 => low_var_avx512::<0>(d, cur, acc),
                    1 => low_var_avx512::<1>(d, cur, acc),
                    _ => low_var_avx512::<2>(d, cur, acc),
                }
            }
            continue;
        }
        match i {
            0 => low_var::<0>(d, cur, acc),
            1 => low_var::<1>(d, cur, acc),
            2 => low_var::<2>(d, cur, acc),
            3 => low_var::<3>(d, cur, acc),
            4 => low_var::<4>(d, cur, acc),
            5 => low_var::<5>(d, cur, acc),
            _ => {
                let ws = 1usize << (i - 6);
                for ((dd, cc), aa) in d
                    .chunks_exact(2 * ws)
                    .zip(cur.chunks_exact(128 * ws))
                    .zip(acc.chunks_exact_mut(128 * ws))
                {
                    let (d1, d2) = dd.split_at(ws);
                    let (c1, c2) = cc.split_at(64 * ws);
                    let (a1, a2) = aa.split_at_mut(64 * ws);
                    pair_generic(d1, d2, c1, c2, a1, a2);
                }
            }
        }
    }
}

/// Inflow through variable `I < 6`, whose partner is in the same word.
#[inline(always)]
fn low_var<const I: usize>(d: &[u64], cur: &[f64], acc: &mut [f64]) {
    let s = 1usize << I;
    for ((&dw, c), a) in d
        .iter()
        .zip(cur.chunks_exact(64))
        .zip(acc.chunks_exact_mut(64))
    {
        // Bit j of `dp` is bit j ^ s of `dw`: whether the partner of j can flip.
        let dp = flip_in_word(dw, LOW_PATTERNS[I], s as u32);
        if s < 8 {
            // Partners inside groups of 8: a fixed permutation of 8 lanes, which compiles to
            // one shuffle (the pair loop below would stay scalar).
            for (g, (c, a)) in c.chunks_exact(8).zip(a.chunks_exact_mut(8)).enumerate() {
                let byte = dp >> (8 * g);
                let c: &[f64; 8] = c.try_into().expect("8 lanes");
                let a: &mut [f64; 8] = a.try_into().expect("8 lanes");
                let swapped: [f64; 8] = std::array::from_fn(|j| c[j ^ s]);
                for j in 0..8 {
                    a[j] += sel(byte, j, swapped[j]);
                }
            }
            continue;
        }
        for (h, (c, a)) in c
            .chunks_exact(2 * s)
            .zip(a.chunks_exact_mut(2 * s))
            .enumerate()
        {
            let d = dp >> (2 * s * h);
            let (c1, c2) = c.split_at(s);
            let (a1, a2) = a.split_at_mut(s);
            for j in 0..s {
                a1[j] += sel(d, j, c2[j]);
                a2[j] += sel(d, j + s, c1[j]);
            }
        }
    }
}

/// [`low_var`] for `I < 3` with AVX-512: per 8 states one lane permutation and one add masked by
/// the `D_i` bits of the partners.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn low_var_avx512<const I: usize>(d: &[u64], cur: &[f64], acc: &mut [f64]) {
    use std::arch::x86_64::{
        _mm512_loadu_pd, _mm512_mask_add_pd, _mm512_permutexvar_pd, _mm512_set_epi64,
        _mm512_storeu_pd,
    };
    let s = 1i64 << I;
    let idx = _mm512_set_epi64(7 ^ s, 6 ^ s, 5 ^ s, 4 ^ s, 3 ^ s, 2 ^ s, 1 ^ s, s);
    for ((&dw, c), a) in d
        .iter()
        .zip(cur.chunks_exact(64))
        .zip(acc.chunks_exact_mut(64))
    {
        let dp = flip_in_word(dw, LOW_PATTERNS[I], s as u32);
        for g in 0..8 {
            // SAFETY: `c` and `a` hold 64 values; lanes `8g..8g + 8` are inside.
            unsafe {
                let cv = _mm512_loadu_pd(c.as_ptr().add(8 * g));
                let av = _mm512_loadu_pd(a.as_ptr().add(8 * g));
                let sw = _mm512_permutexvar_pd(idx, cv);
                let r = _mm512_mask_add_pd(av, (dp >> (8 * g)) as u8, av, sw);
                _mm512_storeu_pd(a.as_mut_ptr().add(8 * g), r);
            }
        }
    }
}

/// Inflow between two runs whose states differ in one variable: `d1`, `d2` their `D_i` words.
#[inline(always)]
fn pair_generic(d1: &[u64], d2: &[u64], c1: &[f64], c2: &[f64], a1: &mut [f64], a2: &mut [f64]) {
    for (w, (&e1, &e2)) in d1.iter().zip(d2).enumerate() {
        let r = 64 * w..64 * w + 64;
        let (c1, c2) = (&c1[r.clone()], &c2[r.clone()]);
        let (a1, a2) = (&mut a1[r.clone()], &mut a2[r]);
        for j in 0..64 {
            a1[j] += sel(e2, j, c2[j]);
            a2[j] += sel(e1, j, c1[j]);
        }
    }
}

/// The flips of pass A, `n`, and the block's mover counts.
type Low<'a> = (&'a [Flip], f64, &'a [u8]);

#[inline(always)]
fn finish_generic(inv_n: f64, acc: &mut [f64], reached: &mut [u64]) {
    for (a, r) in acc.chunks_exact_mut(64).zip(reached.iter_mut()) {
        let mut bits = 0u64;
        for j in 0..64 {
            let v = a[j] * inv_n;
            a[j] = v;
            bits |= u64::from(v != 0.0) << j;
        }
        *r |= bits;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn pass_a_avx2(low: Low, b: usize, cur: &[f64], acc: &mut [f64], scratch: &mut [u64]) {
    pass_a_generic::<false>(low, b, cur, acc, scratch)
}

/// Pass A with AVX-512: the variables `< 3` one by one (lane permutations), the others three
/// at a time: the 8 vectors of states that differ only in those three are loaded once, get
/// their 24 masked adds and are stored once (a third of the loads and stores of one variable
/// at a time, which is what bounds this loop).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
unsafe fn pass_a_avx512(low: Low, b: usize, cur: &[f64], acc: &mut [f64], scratch: &mut [u64]) {
    use std::arch::x86_64::{_mm512_loadu_pd, _mm512_mask_add_pd, _mm512_storeu_pd};
    let words = cur.len() / 64;
    let (flips, n, movers) = low;
    let split = flips.partition_point(|f| f.var < 3);
    let (lowest, others) = flips.split_at(split);
    pass_a_generic::<true>((lowest, n, movers), b, cur, acc, scratch);
    let vectors = cur.len() / 8;
    for group in others.chunks(3) {
        let g = group.len();
        let mut d = [&[][..]; 3];
        for (j, (f, dj)) in group
            .iter()
            .zip(scratch.chunks_exact_mut(words))
            .enumerate()
        {
            f.block_words(b * words, dj);
            d[j] = dj;
        }
        let bit: [usize; 3] = std::array::from_fn(|j| group.get(j).map_or(0, |f| 1 << (f.var - 3)));
        let gmask = bit.iter().fold(0, |m, b| m | b);
        let combos = 1usize << g;
        // The vector index of combination k from base v.
        let at = |v: usize, k: usize| {
            (0..g).fold(v, |u, j| if (k >> j) & 1 == 1 { u | bit[j] } else { u })
        };
        let byte = |dj: &[u64], u: usize| (dj[u >> 3] >> (8 * (u & 7))) as u8;
        let mut v = 0usize;
        while v < vectors {
            let mut idx = [0usize; 8];
            for (k, i) in idx.iter_mut().enumerate().take(combos) {
                *i = at(v, k);
            }
            // SAFETY: every `idx[k] < vectors`, so lanes `8 idx[k] .. + 8` are inside `cur`
            // and `acc`; the combinations are distinct vectors.
            unsafe {
                let cv: [_; 8] = std::array::from_fn(|k| {
                    _mm512_loadu_pd(cur.as_ptr().add(8 * idx[k.min(combos - 1)]))
                });
                let mut av: [_; 8] = std::array::from_fn(|k| {
                    _mm512_loadu_pd(acc.as_ptr().add(8 * idx[k.min(combos - 1)]))
                });
                for j in 0..g {
                    for k in 0..combos {
                        let p = k ^ (1 << j);
                        let m = byte(d[j], idx[p]);
                        av[k] = _mm512_mask_add_pd(av[k], m, av[k], cv[p]);
                    }
                }
                for k in 0..combos {
                    _mm512_storeu_pd(acc.as_mut_ptr().add(8 * idx[k]), av[k]);
                }
            }
            // The next base with the group's bits clear.
            v = ((v | gmask) + 1) & !gmask;
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn pair_avx2(
    d1: &[u64],
    d2: &[u64],
    c1: &[f64],
    c2: &[f64],
    a1: &mut [f64],
    a2: &mut [f64],
) {
    pair_generic(d1, d2, c1, c2, a1, a2)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
unsafe fn pair_avx512(
    d1: &[u64],
    d2: &[u64],
    c1: &[f64],
    c2: &[f64],
    a1: &mut [f64],
    a2: &mut [f64],
) {
    pair_generic(d1, d2, c1, c2, a1, a2)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn finish_avx2(inv_n: f64, acc: &mut [f64], reached: &mut [u64]) {
    finish_generic(inv_n, acc, reached)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
unsafe fn finish_avx512(inv_n: f64, acc: &mut [f64], reached: &mut [u64]) {
    finish_generic(inv_n, acc, reached)
}

/// The kernel's level ([`crate::kernel`]), lowered where this module's copies need more: the
/// AVX-512 passes also use AVX-512DQ/VL and FMA, the AVX2 ones FMA.
fn detect_simd() -> Simd {
    #[cfg(target_arch = "x86_64")]
    {
        let fma = std::arch::is_x86_feature_detected!("fma");
        let dq_vl = std::arch::is_x86_feature_detected!("avx512dq")
            && std::arch::is_x86_feature_detected!("avx512vl");
        match crate::kernel::detect_simd() {
            Simd::Avx512 if dq_vl && fma => Simd::Avx512,
            Simd::Avx512 | Simd::Avx2 if fma => Simd::Avx2,
            _ => Simd::Portable,
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    Simd::Portable
}
