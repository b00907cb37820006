//! One invariant subspace ("chunk") of the core as bit sets, 1 bit per state, and the set
//! operations the explorer is built from: the "can flip" sets `D_i`, one-step images and
//! forward/backward reachability.
//!
//! **Layout.** A chunk is `2^c` consecutive core states (the core is reordered so that inputs
//! take the highest bits; the chunk's high bits are input values, which never change, so the
//! chunk is closed under the asynchronous successor relation). Local state `x` is bit `x % 64` of
//! word `x / 64`. Flipping variable `i < 6` moves a bit within its word (a shift by `2^i` under
//! the mask [`LOW_PATTERNS`]`[i]`); flipping `i ≥ 6` maps word `w` to word `w ^ 2^(i-6)`.
//!
//! **`D_i`** = `{x : f_i(x) ≠ x_i}` is computed once per chunk with the bit-sliced kernel. When
//! the function of `i` reads few of the chunk's word-index variables (bits 6..c), `D_i` is stored
//! as a small table indexed by those bits (the word for any `w` is `table[index(w)]`, with
//! `index` assembled from byte lookup tables); otherwise as a dense bit set. Typical models read
//! 1–5 variables, so the tables take kilobytes where dense sets would take `2^c / 8` bytes each.
//!
//! **Reachability** is a chaining fixpoint: for each movable variable in turn, `S |= post_i(S)`
//! (forward) or `S |= pre_i(S)` (backward) in place, until a whole round changes nothing
//! (`post_i` applied twice adds nothing new, so once per round suffices). Work is skipped at the
//! granularity of superblocks of [`SB_WORDS`] words: a superblock is only recomputed for variable
//! `i` when its source superblock changed after `i` was last applied, which makes a reach cost
//! about proportional to the part of the space it touches. Superblocks (or pairs of them, for
//! high variables) are processed in parallel with rayon when the chunk is large.
//!
//! Why one long file: the bit-set layout, the flip masks and the reachability loops are one
//! algorithm whose parts share private state (word and block layout, tuning); splitting it would
//! make those internals crate-visible.
//!
//! [`LOW_PATTERNS`]: crate::kernel::LOW_PATTERNS

use crate::cancel::Cancel;
use crate::error::Error;
use crate::kernel::{BLOCK_STATES, Kernel, LANES, LOW_PATTERNS, var_word};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

/// Words per block (the unit of cache-local saturation, change tracking and parallel work).
pub(crate) const SB_WORDS: usize = 4096;
/// `D_i` is stored as a table when its function reads at most this many word-index variables.
pub(crate) const TABLE_MAX_BITS: usize = 16;
/// Chunks with at least this many words run their set operations in parallel.
pub(crate) const PARALLEL_MIN_WORDS: usize = 1 << 14;

/// Block size and parallelism threshold; the defaults are for speed, tests shrink them so that
/// small networks exercise every code path (blocks pairs, parallel sweeps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tuning {
    /// Words per block (a power of two, at most 2^16).
    pub(crate) block_words: usize,
    /// Chunks with at least this many words run their set operations in parallel.
    pub(crate) parallel_min_words: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            block_words: SB_WORDS,
            parallel_min_words: PARALLEL_MIN_WORDS,
        }
    }
}

/// Direction of a reachability step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Successors: `post(S) = ∪_i flip_i(S ∩ D_i)`.
    Forward,
    /// Predecessors: `pre(S) = ∪_i D_i ∩ flip_i(S)`.
    Backward,
}

/// How `D_i` is stored.
#[derive(Clone, Debug)]
enum Repr {
    Dense(Vec<u64>),
    Table {
        /// `luts[b][byte]`: the table index bits contributed by byte `b` of the word index.
        luts: Vec<[u32; 256]>,
        table: Vec<u64>,
    },
}

impl Repr {
    #[inline(always)]
    fn word(&self, w: usize) -> u64 {
        match self {
            Repr::Dense(v) => v[w],
            Repr::Table { luts, table } => table[table_index(luts, w) as usize],
        }
    }
}

#[inline(always)]
fn table_index(luts: &[[u32; 256]], w: usize) -> u32 {
    let mut idx = 0u32;
    for (b, lut) in luts.iter().enumerate() {
        idx |= lut[(w >> (8 * b)) & 255];
    }
    idx
}

/// A variable that can change somewhere in the chunk, with its `D_i`.
#[derive(Clone, Debug)]
pub(crate) struct Flip {
    /// The variable's bit in a local state.
    pub(crate) var: usize,
    repr: Repr,
}

impl Flip {
    /// Word `w` of `D_i`.
    #[inline(always)]
    pub(crate) fn word(&self, w: usize) -> u64 {
        self.repr.word(w)
    }

    /// Writes `D_i` words `start .. start + out.len()` into `out` (`start` a multiple of the
    /// length, which is a power of two).
    pub(crate) fn block_words(&self, start: usize, out: &mut [u64]) {
        match &self.repr {
            Repr::Dense(v) => out.copy_from_slice(&v[start..start + out.len()]),
            Repr::Table { luts, table } => {
                // The index is an OR of per-bit contributions: the block's high part once, then
                // the low part per word (first byte table, plus the second when blocks are
                // larger than 256 words).
                let hi = table_index(luts, start);
                match luts.len() {
                    0 => out.fill(table[0]),
                    1 => {
                        for (j, o) in out.iter_mut().enumerate() {
                            *o = table[(hi | luts[0][j & 255]) as usize];
                        }
                    }
                    _ => {
                        for (j, o) in out.iter_mut().enumerate() {
                            *o = table[(hi | luts[0][j & 255] | luts[1][(j >> 8) & 255]) as usize];
                        }
                    }
                }
            }
        }
    }

    /// Whether local state `x` can flip this variable.
    #[inline(always)]
    pub(crate) fn can_flip(&self, x: u64) -> bool {
        (self.word((x >> 6) as usize) >> (x & 63)) & 1 == 1
    }
}

/// The word-index bits (variables `6..c`) that variable `var`'s `D_i` depends on.
pub(crate) fn table_bits(var: usize, support: &[usize], c: usize) -> Vec<usize> {
    let mut bits: Vec<usize> = support
        .iter()
        .copied()
        .chain(std::iter::once(var))
        .filter(|&v| v >= 6 && v < c)
        .map(|v| v - 6)
        .collect();
    bits.sort_unstable();
    bits.dedup();
    bits
}

/// Bytes one variable's `D_i` takes in a chunk of `2^c` states.
pub(crate) fn flip_bytes(var: usize, support: &[usize], c: usize) -> u128 {
    let bits = table_bits(var, support, c);
    if bits.len() <= TABLE_MAX_BITS {
        (8u128 << bits.len()) + 1024 * 3
    } else {
        set_bytes(c)
    }
}

/// Bytes of one bit set over `2^c` states.
pub(crate) fn set_bytes(c: usize) -> u128 {
    8 * words(c) as u128
}

/// Words of one bit set over `2^c` states.
pub(crate) fn words(c: usize) -> usize {
    if c <= 6 { 1 } else { 1 << (c - 6) }
}

/// One chunk: its size, its movable variables with their `D_i`, and the fixed points found by
/// the sweep that built them.
pub(crate) struct Space {
    /// Words per set.
    pub(crate) nwords: usize,
    /// Valid bits of a word (all ones unless `c < 6`).
    pub(crate) mask: u64,
    /// Variables that can change somewhere in the chunk.
    pub(crate) flips: Vec<Flip>,
    /// Whether set operations run in parallel.
    parallel: bool,
    /// Words per block.
    block_words: usize,
    /// Polled once per round of [`Space::reach`], which then returns [`Error::Cancelled`].
    pub(crate) cancel: Cancel,
}

/// What the sweep over a chunk produced besides the `D_i`.
pub(crate) struct Sweep {
    pub(crate) space: Space,
    /// Local indices of the fixed points, ascending.
    pub(crate) fixed_points: Vec<u64>,
}

impl Space {
    /// Builds chunk `chunk` (local states `0..2^c`, core states `chunk·2^c + x`) of the core
    /// compiled in `kernel`, whose variable `v` reads `supports[v]`. Variables `< c` that never
    /// change in the chunk are left out. `allow_parallel` lets a large chunk use several threads.
    pub(crate) fn build(
        kernel: &Kernel,
        supports: &[Vec<usize>],
        c: usize,
        chunk: u64,
        allow_parallel: bool,
        tuning: Tuning,
        cancel: &Cancel,
    ) -> Sweep {
        let nwords = words(c);
        let mask = if c >= 6 {
            u64::MAX
        } else {
            (1u64 << (1u32 << c)) - 1
        };
        let parallel = allow_parallel && nwords >= tuning.parallel_min_words;
        let nvars = c.min(kernel.num_vars());
        // Per variable: table layout (or dense).
        struct Plan {
            bits: Option<Vec<usize>>,
            /// Word-index bits the table does not depend on.
            others: usize,
        }
        let plans: Vec<Plan> = (0..nvars)
            .map(|v| {
                let bits = table_bits(v, &supports[v], c);
                let used = bits.iter().fold(0usize, |m, &b| m | (1 << b));
                Plan {
                    others: (nwords - 1) & !used,
                    bits: (bits.len() <= TABLE_MAX_BITS).then_some(bits),
                }
            })
            .collect();
        let nbytes = if c > 6 { (c - 6).div_ceil(8) } else { 0 };
        let luts: Vec<Vec<[u32; 256]>> = plans
            .iter()
            .map(|p| match &p.bits {
                Some(bits) => (0..nbytes)
                    .map(|b| {
                        let mut lut = [0u32; 256];
                        for (byte, slot) in lut.iter_mut().enumerate() {
                            for (j, &bit) in bits.iter().enumerate() {
                                if bit / 8 == b && (byte >> (bit % 8)) & 1 == 1 {
                                    *slot |= 1 << j;
                                }
                            }
                        }
                        lut
                    })
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        // The sweep, over ranges of words; each range fills its part of the dense sets and a
        // private copy of the tables (entries are the same whichever range computes them).
        let word0 = chunk * nwords as u64;
        let ranges = if parallel {
            (rayon::current_num_threads() * 4)
                .min(nwords / LANES)
                .max(1)
        } else {
            1
        };
        let range_words = nwords.div_ceil(ranges);
        let mut dense: Vec<Option<Vec<u64>>> = plans
            .iter()
            .map(|p| p.bits.is_none().then(|| vec![0u64; nwords]))
            .collect();
        struct Part {
            tables: Vec<Vec<u64>>,
            any: Vec<bool>,
            fixed_points: Vec<u64>,
        }
        let sweep_range = |start: usize, mut dense_parts: Vec<Option<&mut [u64]>>| -> Part {
            let mut tables: Vec<Vec<u64>> = plans
                .iter()
                .map(|p| match &p.bits {
                    Some(bits) => vec![0u64; 1 << bits.len()],
                    None => Vec::new(),
                })
                .collect();
            let mut any = vec![false; nvars];
            let mut fixed_points = Vec::new();
            let mut scratch = kernel.scratch();
            let mut out = vec![[0u64; LANES]; kernel.num_vars()];
            let len = dense_parts
                .iter()
                .find_map(|d| d.as_ref().map(|d| d.len()))
                .unwrap_or(range_words.min(nwords - start));
            let end = start + len.min(nwords - start);
            let mut w = start;
            let mut blocks = 0u32;
            while w < end {
                // A cancelled sweep stops part-way; the caller checks the flag before using it.
                blocks = blocks.wrapping_add(1);
                if blocks.is_multiple_of(1024) && cancel.requested() {
                    break;
                }
                let gw = word0 + w as u64;
                let block = gw / LANES as u64;
                kernel.eval_block(block, &mut scratch, &mut out);
                let lane0 = (gw % LANES as u64) as usize;
                let lanes = (LANES - lane0).min(end - w);
                let mut union = [0u64; LANES];
                for v in 0..nvars {
                    let reg = &out[v];
                    let mut seen = 0u64;
                    for lane in lane0..lane0 + lanes {
                        let lw = w + lane - lane0;
                        let d = (reg[lane] ^ var_word(v, word0 + lw as u64)) & mask;
                        union[lane] |= d;
                        seen |= d;
                        match &plans[v].bits {
                            // Each table entry is written once, from the word whose other
                            // word-index bits are all zero.
                            Some(_) => {
                                if lw & plans[v].others == 0 {
                                    tables[v][table_index(&luts[v], lw) as usize] = d;
                                }
                            }
                            None => dense_parts[v].as_mut().expect("dense part")[lw - start] = d,
                        }
                    }
                    any[v] |= seen != 0;
                }
                for lane in lane0..lane0 + lanes {
                    let lw = w + lane - lane0;
                    let mut fp = !union[lane] & mask;
                    while fp != 0 {
                        let j = fp.trailing_zeros() as u64;
                        fixed_points.push(lw as u64 * 64 + j);
                        fp &= fp - 1;
                    }
                }
                w += lanes;
            }
            Part {
                tables,
                any,
                fixed_points,
            }
        };
        debug_assert!(BLOCK_STATES == 64 * LANES as u64);
        let parts: Vec<Part> = if ranges == 1 {
            let dp = dense.iter_mut().map(|d| d.as_deref_mut()).collect();
            vec![sweep_range(0, dp)]
        } else {
            // Split every dense set into the same ranges, then hand range r its slices.
            let mut per_range: Vec<Vec<Option<&mut [u64]>>> =
                (0..ranges).map(|_| Vec::with_capacity(nvars)).collect();
            for d in dense.iter_mut() {
                match d {
                    Some(v) => {
                        let mut it = v.chunks_mut(range_words);
                        for slot in per_range.iter_mut() {
                            slot.push(it.next());
                        }
                    }
                    None => {
                        for slot in per_range.iter_mut() {
                            slot.push(None);
                        }
                    }
                }
            }
            per_range
                .into_par_iter()
                .enumerate()
                .filter(|(r, _)| r * range_words < nwords)
                .map(|(r, dp)| sweep_range(r * range_words, dp))
                .collect()
        };
        let mut flips = Vec::new();
        let mut fixed_points = Vec::new();
        let mut tables: Vec<Vec<u64>> = vec![Vec::new(); nvars];
        let mut any = vec![false; nvars];
        for part in parts {
            for v in 0..nvars {
                any[v] |= part.any[v];
                if tables[v].is_empty() {
                    tables[v] = part.tables[v].clone();
                } else {
                    for (t, p) in tables[v].iter_mut().zip(&part.tables[v]) {
                        *t |= p;
                    }
                }
            }
            fixed_points.extend(part.fixed_points);
        }
        for (v, (plan, (d, lut))) in plans.iter().zip(dense.into_iter().zip(luts)).enumerate() {
            if !any[v] {
                continue;
            }
            let repr = match &plan.bits {
                Some(_) => Repr::Table {
                    luts: lut,
                    table: std::mem::take(&mut tables[v]),
                },
                None => Repr::Dense(d.expect("dense set")),
            };
            flips.push(Flip { var: v, repr });
        }
        Sweep {
            space: Space {
                nwords,
                mask,
                flips,
                parallel,
                block_words: tuning.block_words,
                cancel: cancel.clone(),
            },
            fixed_points,
        }
    }

    /// Restricts the "can flip" sets to priority classes (see [`crate::priority`]): `classes`
    /// lists local variables, highest priority first (variables in none come last); each
    /// `D_i` of a later class becomes `E_i = D_i ∖ ∪_{j in earlier classes} D_j`, so that only
    /// the first class with an updatable variable moves, one variable at a time. Every set
    /// operation then follows the prioritised graph. Restricted sets are stored dense.
    pub(crate) fn prioritise(&mut self, classes: &[Vec<usize>]) {
        let class_of = |var: usize| {
            classes
                .iter()
                .position(|c| c.contains(&var))
                .unwrap_or(classes.len())
        };
        let mut earlier: Option<Vec<u64>> = None;
        for class in 0..=classes.len() {
            let members: Vec<usize> = (0..self.flips.len())
                .filter(|&k| class_of(self.flips[k].var) == class)
                .collect();
            if members.is_empty() {
                continue;
            }
            let mut union = vec![0u64; self.nwords];
            for &k in &members {
                let f = &self.flips[k];
                for (w, u) in union.iter_mut().enumerate() {
                    *u |= f.word(w);
                }
            }
            if let Some(earlier) = &earlier {
                for &k in &members {
                    let f = &self.flips[k];
                    let e: Vec<u64> = (0..self.nwords).map(|w| f.word(w) & !earlier[w]).collect();
                    self.flips[k].repr = Repr::Dense(e);
                }
            }
            match &mut earlier {
                Some(e) => e.iter_mut().zip(&union).for_each(|(e, u)| *e |= u),
                None => earlier = Some(union),
            }
        }
        self.flips.retain(|f| match &f.repr {
            Repr::Dense(d) => d.iter().any(|&w| w != 0),
            Repr::Table { .. } => true,
        });
    }

    /// An empty set.
    pub(crate) fn empty(&self) -> Vec<u64> {
        vec![0; self.nwords]
    }

    /// The variables that can flip at local state `x`.
    #[cfg(test)]
    pub(crate) fn movers_at(&self, x: u64) -> impl Iterator<Item = usize> + '_ {
        self.flips
            .iter()
            .filter(move |f| f.can_flip(x))
            .map(|f| f.var)
    }

    /// `dst |= post(src)` (forward) or `dst |= pre(src)` (backward), one step over every
    /// variable, reading `src` only.
    pub(crate) fn image(&self, src: &[u64], dst: &mut [u64], dir: Dir) {
        for f in &self.flips {
            let i = f.var;
            if i < 6 {
                let (m, s) = (LOW_PATTERNS[i], 1u32 << i);
                for w in 0..self.nwords {
                    let d = f.word(w);
                    dst[w] |= match dir {
                        Dir::Forward => flip_in_word(src[w] & d, m, s),
                        Dir::Backward => d & flip_in_word(src[w], m, s),
                    };
                }
            } else {
                let dw = 1usize << (i - 6);
                for w in 0..self.nwords {
                    let p = w ^ dw;
                    dst[w] |= match dir {
                        Dir::Forward => src[p] & f.word(p),
                        Dir::Backward => f.word(w) & src[p],
                    };
                }
            }
        }
    }

    /// Grows `set` to everything it reaches (forward) or is reached from (backward), staying
    /// inside `universe` when given. States outside the universe already in `set` stay.
    ///
    /// Each round first saturates every block of [`SB_WORDS`] words under the variables whose
    /// flips stay inside a block (the low `6 + log2(SB_WORDS)` bits) while the block is in cache,
    /// then streams over the set once per higher variable, pairing block `b` with
    /// `b ^ 2^(i - 6) / SB_WORDS`. Blocks whose sources did not change since the variable (or the
    /// low group) was last applied are skipped. The `D_i` words of a block are materialised into
    /// scratch first, so the inner loops are plain vectorisable slice operations.
    ///
    /// # Errors
    /// [`Error::Cancelled`] when the space's flag is raised (polled once per round); `set` is
    /// then partly grown.
    pub(crate) fn reach(
        &self,
        set: &mut [u64],
        universe: Option<&[u64]>,
        dir: Dir,
    ) -> Result<(), Error> {
        let sbw = self.block_words.min(self.nwords);
        let nsb = self.nwords / sbw;
        let local = |f: &Flip| f.var < 6 || (1usize << (f.var - 6)) < sbw;
        let low: Vec<&Flip> = self.flips.iter().filter(|f| local(f)).collect();
        let high: Vec<&Flip> = self.flips.iter().filter(|f| !local(f)).collect();
        let changed_at: Vec<AtomicU32> = set
            .chunks(sbw)
            .map(|c| AtomicU32::new(u32::from(c.iter().any(|&w| w != 0))))
            .collect();
        let ones = vec![!0u64; sbw];
        let ublock = |sb: usize| -> &[u64] {
            match universe {
                Some(u) => &u[sb * sbw..(sb + 1) * sbw],
                None => &ones,
            }
        };
        let mut last_low = 0u32;
        let mut last = vec![0u32; high.len()];
        let mut clock = 1u32;
        loop {
            self.cancel.check()?;
            let mut round_changed = false;
            if !low.is_empty() {
                clock += 1;
                let (since, t) = (last_low, clock);
                last_low = t;
                let run = |d: &mut Vec<u64>, (sb, words): (usize, &mut [u64])| -> bool {
                    if changed_at[sb].load(Ordering::Relaxed) <= since {
                        return false;
                    }
                    d.resize(low.len() * sbw, 0);
                    for (f, dst) in low.iter().zip(d.chunks_mut(sbw)) {
                        f.block_words(sb * sbw, dst);
                    }
                    let u = ublock(sb);
                    let mut any = false;
                    loop {
                        let mut changed = false;
                        for (f, d) in low.iter().zip(d.chunks(sbw)) {
                            changed |= single(f.var, words, d, u, dir);
                        }
                        if !changed {
                            break;
                        }
                        any = true;
                    }
                    if any {
                        changed_at[sb].store(t, Ordering::Relaxed);
                    }
                    any
                };
                round_changed |= if self.parallel {
                    set.par_chunks_mut(sbw)
                        .enumerate()
                        .map_init(Vec::new, run)
                        .reduce(|| false, |a, b| a | b)
                } else {
                    let mut d = Vec::new();
                    set.chunks_mut(sbw)
                        .enumerate()
                        .map(|x| run(&mut d, x))
                        .fold(false, |a, b| a | b)
                };
            }
            for (mi, f) in high.iter().enumerate() {
                clock += 1;
                let (since, t) = (last[mi], clock);
                last[mi] = t;
                let stale = |sb: usize| changed_at[sb].load(Ordering::Relaxed) > since;
                // Block `sb` pairs with `sb ^ dsb`.
                let dsb = (1usize << (f.var - 6)) / sbw;
                let mut slots: Vec<Option<&mut [u64]>> = set.chunks_mut(sbw).map(Some).collect();
                let mut tasks: Vec<(usize, &mut [u64], &mut [u64])> = Vec::new();
                for sb in 0..nsb {
                    if sb & dsb != 0 {
                        continue;
                    }
                    let lo = slots[sb].take().expect("block");
                    let hi = slots[sb ^ dsb].take().expect("partner block");
                    if stale(sb) || stale(sb ^ dsb) {
                        tasks.push((sb, lo, hi));
                    }
                }
                let run = |d: &mut Vec<u64>, (sb, lo, hi): (usize, &mut [u64], &mut [u64])| {
                    let sb2 = sb ^ dsb;
                    d.resize(2 * sbw, 0);
                    let (dlo, dhi) = d.split_at_mut(sbw);
                    f.block_words(sb * sbw, dlo);
                    f.block_words(sb2 * sbw, dhi);
                    let (a, b) = pair(lo, hi, dlo, dhi, ublock(sb), ublock(sb2), dir);
                    if a {
                        changed_at[sb].store(t, Ordering::Relaxed);
                    }
                    if b {
                        changed_at[sb2].store(t, Ordering::Relaxed);
                    }
                    a | b
                };
                round_changed |= if self.parallel && tasks.len() > 1 {
                    tasks
                        .into_par_iter()
                        .map_init(Vec::new, run)
                        .reduce(|| false, |a, b| a | b)
                } else {
                    let mut d = Vec::new();
                    tasks
                        .into_iter()
                        .map(|x| run(&mut d, x))
                        .fold(false, |a, b| a | b)
                };
            }
            if !round_changed {
                return Ok(());
            }
        }
    }
}

/// Moves bit `x` to `x ^ s` for every bit of a word, for the low variable with mask `m`.
#[inline(always)]
pub(crate) fn flip_in_word(word: u64, m: u64, s: u32) -> u64 {
    ((word & m) >> s) | ((word & !m) << s)
}

/// Applies variable `var` (whose flips stay inside the block) to a block in place: `words`,
/// its `D` words `d` and universe words `u`. Returns whether anything was added.
#[inline]
fn single(var: usize, words: &mut [u64], d: &[u64], u: &[u64], dir: Dir) -> bool {
    let mut changed = 0u64;
    if var < 6 {
        let (m, s) = (LOW_PATTERNS[var], 1u32 << var);
        for ((x, &d), &u) in words.iter_mut().zip(d).zip(u) {
            let old = *x;
            let new = match dir {
                Dir::Forward => flip_in_word(old & d, m, s),
                Dir::Backward => d & flip_in_word(old, m, s),
            } & u;
            changed |= new & !old;
            *x = old | new;
        }
    } else {
        let dw = 1usize << (var - 6);
        for ((ws, ds), us) in words
            .chunks_mut(2 * dw)
            .zip(d.chunks(2 * dw))
            .zip(u.chunks(2 * dw))
        {
            let (lo, hi) = ws.split_at_mut(dw);
            let (dlo, dhi) = ds.split_at(dw);
            let (ulo, uhi) = us.split_at(dw);
            let (a, b) = pair(lo, hi, dlo, dhi, ulo, uhi, dir);
            changed |= u64::from(a | b);
        }
    }
    changed != 0
}

/// Applies a variable between two halves: state `j` of `lo` and state `j` of `hi` differ in it.
#[inline(always)]
fn pair(
    lo: &mut [u64],
    hi: &mut [u64],
    dlo: &[u64],
    dhi: &[u64],
    ulo: &[u64],
    uhi: &[u64],
    dir: Dir,
) -> (bool, bool) {
    let (mut ca, mut cb) = (0u64, 0u64);
    let n = lo.len();
    let (hi, dlo, dhi, ulo, uhi) = (&mut hi[..n], &dlo[..n], &dhi[..n], &ulo[..n], &uhi[..n]);
    for j in 0..n {
        let (a, b) = (lo[j], hi[j]);
        let (na, nb) = match dir {
            Dir::Forward => (b & dhi[j] & ulo[j], a & dlo[j] & uhi[j]),
            Dir::Backward => (dlo[j] & b & ulo[j], dhi[j] & a & uhi[j]),
        };
        ca |= na & !a;
        cb |= nb & !b;
        lo[j] = a | na;
        hi[j] = b | nb;
    }
    (ca != 0, cb != 0)
}

/// Number of states in a set.
pub(crate) fn count(set: &[u64]) -> u64 {
    set.iter().map(|w| u64::from(w.count_ones())).sum()
}

/// Adds local state `x`.
pub(crate) fn insert(set: &mut [u64], x: u64) {
    set[(x >> 6) as usize] |= 1 << (x & 63);
}

/// Whether local state `x` is in the set.
pub(crate) fn contains(set: &[u64], x: u64) -> bool {
    (set[(x >> 6) as usize] >> (x & 63)) & 1 == 1
}

/// The smallest state of the set whose word `w` is `set(w)`.
pub(crate) fn first(set: impl Fn(usize) -> u64, nwords: usize) -> Option<u64> {
    (0..nwords).find_map(|w| {
        let x = set(w);
        (x != 0).then(|| w as u64 * 64 + u64::from(x.trailing_zeros()))
    })
}

/// The states of a set, ascending.
pub(crate) fn iter_ones(set: &[u64]) -> impl Iterator<Item = u64> + '_ {
    set.iter().enumerate().flat_map(|(w, &word)| {
        let mut x = word;
        std::iter::from_fn(move || {
            if x == 0 {
                return None;
            }
            let j = x.trailing_zeros() as u64;
            x &= x - 1;
            Some(w as u64 * 64 + j)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};

    fn space_of(text: &str, c: usize, tuning: Tuning) -> (crate::network::Network, Sweep) {
        let net = parse_str(text, &ParseOptions::new(Format::Bnet))
            .unwrap()
            .network;
        let k = Kernel::compile(&net);
        let supports: Vec<Vec<usize>> = net
            .vars()
            .map(|v| {
                net.function(v)
                    .support()
                    .iter()
                    .map(|x| x.index())
                    .collect()
            })
            .collect();
        let sweep = Space::build(&k, &supports, c, 0, true, tuning, &Cancel::NEVER);
        (net, sweep)
    }

    /// Naive successors of a state.
    fn succ(net: &crate::network::Network, x: u64) -> Vec<u64> {
        net.vars()
            .filter(|&v| net.function(v).eval_bits(x) != ((x >> v.index()) & 1 == 1))
            .map(|v| x ^ (1 << v.index()))
            .collect()
    }

    #[test]
    fn flip_sets_and_images_match_naive_successors() {
        // Ten variables: high variables (≥ 6) exercise the word-index flips and tables.
        let text = "A, !B | J\nB, A & !C\nC, !(A | B) | I\nD, D ^ C\nE, A & 1\nF, !E & !A\nG, F | I\nH, !G\nI, H & J\nJ, !A | H\n";
        let text = text.replace("D ^ C", "(D & !C) | (!D & C)");
        let (net, sweep) = space_of(&text, 10, Tuning::default());
        let sp = &sweep.space;
        for x in 0..1024u64 {
            let naive = succ(&net, x);
            let mine: Vec<u64> = sp.movers_at(x).map(|i| x ^ (1 << i)).collect();
            let mut a = naive.clone();
            a.sort();
            let mut b = mine.clone();
            b.sort();
            assert_eq!(a, b, "state {x}");
            assert_eq!(sweep.fixed_points.contains(&x), naive.is_empty());
            // One-step images of a singleton.
            let mut src = sp.empty();
            insert(&mut src, x);
            let mut dst = sp.empty();
            sp.image(&src, &mut dst, Dir::Forward);
            assert_eq!(iter_ones(&dst).collect::<Vec<_>>(), a);
        }
    }

    #[test]
    fn reach_matches_breadth_first_search() {
        // Default blocks (one block), and blocks of one and four words with forced parallelism,
        // so that pairs of blocks and the parallel paths are exercised.
        for tuning in [
            Tuning::default(),
            Tuning {
                block_words: 1,
                parallel_min_words: 1,
            },
            Tuning {
                block_words: 4,
                parallel_min_words: 1,
            },
        ] {
            reach_matches_bfs_with(tuning);
        }
    }

    fn reach_matches_bfs_with(tuning: Tuning) {
        let text = "A, !B | J\nB, A & !C\nC, !(A | B) | I\nD, !D & C\nE, A\nF, !E & !A\nG, F | I\nH, !G\nI, H & J\nJ, !A | H\nK, K & !A\nL, !L | E\n";
        let (net, sweep) = space_of(text, 12, tuning);
        let sp = &sweep.space;
        let mut preds: Vec<Vec<u64>> = vec![Vec::new(); 4096];
        for s in 0..4096u64 {
            for y in succ(&net, s) {
                preds[y as usize].push(s);
            }
        }
        for &x in &[0u64, 5, 77, 1000, 4095] {
            let mut set = sp.empty();
            insert(&mut set, x);
            sp.reach(&mut set, None, Dir::Forward).unwrap();
            let mut seen = vec![false; 4096];
            let mut stack = vec![x];
            seen[x as usize] = true;
            while let Some(s) = stack.pop() {
                for y in succ(&net, s) {
                    if !seen[y as usize] {
                        seen[y as usize] = true;
                        stack.push(y);
                    }
                }
            }
            for s in 0..4096u64 {
                assert_eq!(contains(&set, s), seen[s as usize], "fwd from {x}: {s}");
            }
            // Backward: the states that reach x, by a reverse search over explicit edges.
            let mut back = sp.empty();
            insert(&mut back, x);
            sp.reach(&mut back, None, Dir::Backward).unwrap();
            let mut reaches = vec![false; 4096];
            reaches[x as usize] = true;
            let mut stack = vec![x];
            while let Some(t) = stack.pop() {
                for &p in &preds[t as usize] {
                    if !reaches[p as usize] {
                        reaches[p as usize] = true;
                        stack.push(p);
                    }
                }
            }
            for s in 0..4096u64 {
                assert_eq!(contains(&back, s), reaches[s as usize], "bwd to {x}: {s}");
            }
        }
    }
}
