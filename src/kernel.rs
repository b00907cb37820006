//! The compiled kernel: every update function of a network turned into one straight-line program
//! of bitwise operations, evaluated *bit-sliced* — one machine word holds one variable's value in
//! 64 consecutive states, so each `&`, `|`, `!` of a rule does 64 evaluations, and a block of
//! [`LANES`] words does 512.
//!
//! Written by hand because it is our core: the explorers spend nearly all their time here.
//!
//! Layout: state index `s` has variable `i` at bit `i`. Block `b` covers states
//! `b * BLOCK_STATES .. (b + 1) * BLOCK_STATES`; lane `w` of a register holds states
//! `b * BLOCK_STATES + 64 w ..+ 64`. The low six variables therefore have fixed bit patterns in
//! every word and higher variables are all-zeros or all-ones per word, so loading variables costs
//! nothing. Common subexpressions are shared across all functions (hash-consing), and `a & !b`
//! is one instruction.
//!
//! SIMD: the lane loops are written so the compiler vectorises them; AVX2 and AVX-512 copies of
//! the evaluator are compiled alongside the portable one and the widest the CPU has is chosen at
//! run time (`is_x86_feature_detected!`; AVX-512 only together with AVX2, which its path also
//! uses), never with `target-cpu=native`.
//!
//! Successors as state indices ([`Kernel::successors_u32`](crate::kernel::Kernel::successors_u32)): the `n` output registers of a block
//! are transposed lane-wise ([`transpose64_lanes`], eight 64×64 bit transpositions at once), so
//! row `j` of lane `w` becomes the successor of state `64 w + j`. Arbitrary states (not a
//! consecutive block) are stepped the same way with the transposition done on the way in as well
//! ([`Kernel::step_states`](crate::kernel::Kernel::step_states)), which is what the sampler uses.
//!
//! Why one long file: the compiler, the portable evaluator, its SIMD copies and the transposers are
//! one algorithm sharing private state (the instruction list, register layout and `Simd` choice);
//! about a third of it is the tests that check every copy against the portable one.

use crate::expr::Node;
use crate::network::Network;
use hashbrown::HashMap;

/// Words per register: 8 × 64 = 512 states per evaluation.
pub const LANES: usize = 8;
/// States per block.
pub const BLOCK_STATES: u64 = 64 * LANES as u64;

/// One register: a variable's (or subexpression's) value in `BLOCK_STATES` states.
pub type Register = [u64; LANES];

/// Bit patterns of the low six variables within one 64-state word.
pub const LOW_PATTERNS: [u64; 6] = [
    0xAAAA_AAAA_AAAA_AAAA,
    0xCCCC_CCCC_CCCC_CCCC,
    0xF0F0_F0F0_F0F0_F0F0,
    0xFF00_FF00_FF00_FF00,
    0xFFFF_0000_FFFF_0000,
    0xFFFF_FFFF_0000_0000,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Instr {
    Not(u32),
    And(u32, u32),
    Or(u32, u32),
    AndNot(u32, u32),
}

/// The compiled update functions of a network with at most 64 variables.
#[derive(Clone, Debug)]
pub struct Kernel {
    num_vars: usize,
    /// `instrs[k]` writes register `first_instr_reg + k`.
    instrs: Vec<Instr>,
    /// Register holding each variable's update function.
    outputs: Vec<u32>,
    simd: Simd,
}

/// The widest SIMD instruction set the CPU reported at run time (also used by the dense time
/// course, `crate::trajectory`, which asks for more of each level: see its `detect_simd`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Simd {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

/// Reusable buffers for [`Kernel::successors_u32`] and [`Kernel::step_states`]: the program's
/// registers and a 64-row transposition matrix.
#[derive(Clone, Debug)]
pub struct SuccessorScratch {
    regs: Vec<Register>,
    t: Box<[Register; 64]>,
}

/// Register numbering: variables first, then the two constants, then one per instruction.
const fn zero_reg(n: usize) -> u32 {
    n as u32
}
const fn ones_reg(n: usize) -> u32 {
    n as u32 + 1
}

impl Kernel {
    /// Compiles the update functions of `network`.
    ///
    /// # Panics
    /// If the network has more than 64 variables (states are `u64`).
    pub fn compile(network: &Network) -> Kernel {
        let n = network.num_vars();
        assert!(
            n <= 64,
            "the kernel packs states in u64: at most 64 variables"
        );
        let first = n as u32 + 2;
        let mut instrs: Vec<Instr> = Vec::new();
        let mut cse: HashMap<Instr, u32> = HashMap::new();
        let mut emit = |instrs: &mut Vec<Instr>, i: Instr| -> u32 {
            *cse.entry(i).or_insert_with(|| {
                instrs.push(i);
                first + instrs.len() as u32 - 1
            })
        };
        let mut outputs = Vec::with_capacity(n);
        for v in network.vars() {
            let f = network.function(v);
            let mut regs: Vec<u32> = Vec::with_capacity(f.num_nodes());
            // For `a & !b`: the register of the negated operand, when a node is a negation.
            let mut negated: Vec<Option<u32>> = Vec::with_capacity(f.num_nodes());
            for node in f.nodes() {
                let (reg, neg) = match *node {
                    Node::Const(false) => (zero_reg(n), None),
                    Node::Const(true) => (ones_reg(n), None),
                    Node::Var(x) => (x.index() as u32, None),
                    Node::Not(a) => {
                        let a = regs[a as usize];
                        (emit(&mut instrs, Instr::Not(a)), Some(a))
                    }
                    Node::And(a, b) => {
                        let (ra, rb) = (regs[a as usize], regs[b as usize]);
                        let i = match (negated[a as usize], negated[b as usize]) {
                            (_, Some(nb)) => Instr::AndNot(ra, nb),
                            (Some(na), None) => Instr::AndNot(rb, na),
                            _ => Instr::And(ra.min(rb), ra.max(rb)),
                        };
                        (emit(&mut instrs, i), None)
                    }
                    Node::Or(a, b) => {
                        let (ra, rb) = (regs[a as usize], regs[b as usize]);
                        (emit(&mut instrs, Instr::Or(ra.min(rb), ra.max(rb))), None)
                    }
                };
                regs.push(reg);
                negated.push(neg);
            }
            outputs.push(*regs.last().expect("non-empty expression"));
        }
        Kernel {
            num_vars: n,
            instrs,
            outputs,
            simd: detect_simd(),
        }
    }

    /// Number of variables.
    pub fn num_vars(&self) -> usize {
        self.num_vars
    }

    /// Number of bitwise instructions in the program (after sharing).
    pub fn num_instructions(&self) -> usize {
        self.instrs.len()
    }

    /// A scratch buffer of the right size for [`Kernel::eval_block`].
    pub fn scratch(&self) -> Vec<Register> {
        vec![[0; LANES]; self.num_vars + 2 + self.instrs.len()]
    }

    /// Evaluates every update function on the `BLOCK_STATES` states of block `block`:
    /// afterwards `out[i][w]` bit `j` is `f_i(block * BLOCK_STATES + 64 w + j)`.
    ///
    /// States beyond `2^num_vars` (when the network has fewer than 9 variables) are evaluated
    /// with the missing high variables at 0 and must be ignored by the caller.
    pub fn eval_block(&self, block: u64, scratch: &mut [Register], out: &mut [Register]) {
        #[cfg(target_arch = "x86_64")]
        if self.simd != Simd::Portable {
            // SAFETY: `simd` is `Avx2` or `Avx512` only when the CPU reported AVX2 at run time
            // (`detect_simd` requires `avx2` for both).
            unsafe { eval_avx2(self, block, scratch, out) };
            return;
        }
        eval_portable(self, block, scratch, out);
    }

    /// Buffers for [`Kernel::successors_u32`] and [`Kernel::step_states`].
    pub fn successor_scratch(&self) -> SuccessorScratch {
        SuccessorScratch {
            regs: self.scratch(),
            t: Box::new([[0; LANES]; 64]),
        }
    }

    /// The successors of the states of block `block`, as state indices: afterwards `dst[j]` is
    /// `F(block * BLOCK_STATES + j)` (bit i = variable i), for `j < dst.len() ≤ BLOCK_STATES`.
    ///
    /// # Panics
    /// If the kernel has more than 32 variables or `dst` is longer than a block.
    pub fn successors_u32(&self, block: u64, scratch: &mut SuccessorScratch, dst: &mut [u32]) {
        assert!(
            self.num_vars <= 32,
            "u32 successors need at most 32 variables"
        );
        assert!(dst.len() <= BLOCK_STATES as usize);
        match self.simd {
            // SAFETY: each SIMD copy is chosen only when the CPU reported its features.
            #[cfg(target_arch = "x86_64")]
            Simd::Avx512 => unsafe { successors_u32_avx512(self, block, scratch, dst) },
            #[cfg(target_arch = "x86_64")]
            Simd::Avx2 => unsafe { successors_u32_avx2(self, block, scratch, dst) },
            Simd::Portable => successors_u32_portable(self, block, scratch, dst),
        }
    }

    /// Replaces each of up to `BLOCK_STATES` arbitrary states (bit i = variable i) by its
    /// successor, bit-sliced: the states are transposed in, the program runs once, and the
    /// successors are transposed back.
    ///
    /// # Panics
    /// If `states` is longer than a block.
    pub fn step_states(&self, states: &mut [u64], scratch: &mut SuccessorScratch) {
        assert!(states.len() <= BLOCK_STATES as usize);
        match self.simd {
            // SAFETY: each SIMD copy is chosen only when the CPU reported its features.
            #[cfg(target_arch = "x86_64")]
            Simd::Avx512 => unsafe { step_states_avx512(self, states, scratch) },
            #[cfg(target_arch = "x86_64")]
            Simd::Avx2 => unsafe { step_states_avx2(self, states, scratch) },
            Simd::Portable => step_states_portable(self, states, scratch),
        }
    }

    /// The SIMD instruction set chosen at run time (`"avx512f"`, `"avx2"` or `"portable"`).
    pub fn simd_name(&self) -> &'static str {
        match self.simd {
            #[cfg(target_arch = "x86_64")]
            Simd::Avx512 => "avx512f",
            #[cfg(target_arch = "x86_64")]
            Simd::Avx2 => "avx2",
            Simd::Portable => "portable",
        }
    }

    /// The register contents of variable `var` in block `block` (the state bits themselves).
    pub fn var_register(var: usize, block: u64) -> Register {
        let mut r = [0u64; LANES];
        for (w, word) in r.iter_mut().enumerate() {
            *word = var_word(var, block * LANES as u64 + w as u64);
        }
        r
    }
}

/// Variable `var`'s bits in the 64 states of word `word` (states `64 word .. 64 word + 63`).
#[inline(always)]
pub fn var_word(var: usize, word: u64) -> u64 {
    if var < 6 {
        LOW_PATTERNS[var]
    } else if (word >> (var - 6)) & 1 == 1 {
        u64::MAX
    } else {
        0
    }
}

pub(crate) fn detect_simd() -> Simd {
    #[cfg(target_arch = "x86_64")]
    {
        // The AVX-512 path uses AVX2 instructions too (`eval_block` runs the AVX2 evaluator on
        // it, and code compiled for `avx512f` may use AVX2), so it requires both.
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx2")
        {
            return Simd::Avx512;
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            return Simd::Avx2;
        }
    }
    Simd::Portable
}

/// Loads the variable registers of block `block` into `regs[..n]`.
#[inline(always)]
fn load_block(n: usize, block: u64, regs: &mut [Register]) {
    let word0 = block * LANES as u64;
    for (v, reg) in regs[..n].iter_mut().enumerate() {
        for (w, word) in reg.iter_mut().enumerate() {
            *word = var_word(v, word0 + w as u64);
        }
    }
}

/// Runs the program on variable registers already loaded in `regs[..n]`.
#[inline(always)]
fn run_program(k: &Kernel, regs: &mut [Register]) {
    let n = k.num_vars;
    let first = n + 2;
    assert!(regs.len() >= first + k.instrs.len());
    regs[n] = [0; LANES];
    regs[n + 1] = [u64::MAX; LANES];
    let base = regs.as_mut_ptr();
    for (k_idx, instr) in k.instrs.iter().enumerate() {
        // SAFETY: `compile` only emits operands that are variables, constants or earlier
        // instructions, so every operand index is below `first + k_idx`, and the destination
        // `first + k_idx` is in bounds by the assertion above.
        unsafe {
            let get = |r: u32| -> Register { *base.add(r as usize) };
            let value: Register = match *instr {
                Instr::Not(a) => {
                    let a = get(a);
                    std::array::from_fn(|w| !a[w])
                }
                Instr::And(a, b) => {
                    let (a, b) = (get(a), get(b));
                    std::array::from_fn(|w| a[w] & b[w])
                }
                Instr::Or(a, b) => {
                    let (a, b) = (get(a), get(b));
                    std::array::from_fn(|w| a[w] | b[w])
                }
                Instr::AndNot(a, b) => {
                    let (a, b) = (get(a), get(b));
                    std::array::from_fn(|w| a[w] & !b[w])
                }
            };
            *base.add(first + k_idx) = value;
        }
    }
}

#[inline(always)]
fn eval_generic(k: &Kernel, block: u64, regs: &mut [Register], out: &mut [Register]) {
    load_block(k.num_vars, block, regs);
    run_program(k, regs);
    for (o, &r) in out.iter_mut().zip(&k.outputs) {
        *o = regs[r as usize];
    }
}

fn eval_portable(k: &Kernel, block: u64, regs: &mut [Register], out: &mut [Register]) {
    eval_generic(k, block, regs, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn eval_avx2(k: &Kernel, block: u64, regs: &mut [Register], out: &mut [Register]) {
    eval_generic(k, block, regs, out)
}

/// Gathers the update functions' registers into rows `0..n` of `t` (the rest zero) and transposes
/// lane-wise: afterwards `t[j][w]` is the successor of state `64 w + j` of the block.
/// A lane-wise 64×64 transposition (`transpose64_lanes` or a SIMD copy of it).
type Transposer = unsafe fn(&mut [Register; 64], bool);

fn transpose64_lanes_portable(m: &mut [Register; 64], upper_rows_zero: bool) {
    transpose64_lanes(m, upper_rows_zero)
}

#[inline(always)]
fn successors_transposed(
    k: &Kernel,
    regs: &[Register],
    t: &mut [Register; 64],
    transpose: Transposer,
) {
    let n = k.num_vars;
    for (i, row) in t.iter_mut().enumerate() {
        *row = if i < n {
            regs[k.outputs[i] as usize]
        } else {
            [0; LANES]
        };
    }
    // SAFETY: the transposer was chosen for a CPU that has its instruction set.
    unsafe { transpose(t, n <= 32) };
}

/// Loads the variable registers of block `block` in the *interleaved* layout: bit `j` of lane
/// `w` is state `block * BLOCK_STATES + 8 j + w`. Variables 0–2 are then constant per lane,
/// 3–8 have the fixed patterns of variables 0–5, and higher ones are constant in the block.
/// After the program and the lane-wise transposition, row `j` holds the successors of the eight
/// consecutive states `8 j .. 8 j + 8`, so they are stored with one narrowing copy.
#[inline(always)]
fn load_block_interleaved(n: usize, block: u64, regs: &mut [Register]) {
    for (v, reg) in regs[..n].iter_mut().enumerate() {
        *reg = if v < 3 {
            std::array::from_fn(|w| if (w >> v) & 1 == 1 { u64::MAX } else { 0 })
        } else if v < 9 {
            [LOW_PATTERNS[v - 3]; LANES]
        } else if (block >> (v - 9)) & 1 == 1 {
            [u64::MAX; LANES]
        } else {
            [0; LANES]
        };
    }
}

#[inline(always)]
fn successors_u32_generic(
    k: &Kernel,
    block: u64,
    s: &mut SuccessorScratch,
    dst: &mut [u32],
    transpose: Transposer,
) {
    load_block_interleaved(k.num_vars, block, &mut s.regs);
    run_program(k, &mut s.regs);
    successors_transposed(k, &s.regs, &mut s.t, transpose);
    let t = &s.t;
    let full_rows = dst.len() / LANES;
    let mut rows = dst.chunks_exact_mut(LANES);
    for (j, chunk) in (&mut rows).enumerate() {
        let row = t[j];
        for (w, d) in chunk.iter_mut().enumerate() {
            *d = row[w] as u32;
        }
    }
    let rest = rows.into_remainder();
    let row = t[full_rows % 64];
    for (w, d) in rest.iter_mut().enumerate() {
        *d = row[w] as u32;
    }
}

#[inline(always)]
fn step_states_generic(
    k: &Kernel,
    states: &mut [u64],
    s: &mut SuccessorScratch,
    transpose: Transposer,
) {
    let n = k.num_vars;
    // Transpose the states in: row j of lane w = state 64 w + j; afterwards row i = variable i.
    for j in 0..64 {
        s.t[j] = std::array::from_fn(|w| states.get(64 * w + j).copied().unwrap_or(0));
    }
    // SAFETY: the transposer was chosen for a CPU that has its instruction set.
    unsafe { transpose(&mut s.t, false) };
    s.regs[..n].copy_from_slice(&s.t[..n]);
    run_program(k, &mut s.regs);
    successors_transposed(k, &s.regs, &mut s.t, transpose);
    for (i, st) in states.iter_mut().enumerate() {
        *st = s.t[i % 64][i / 64];
    }
}

fn successors_u32_portable(k: &Kernel, block: u64, s: &mut SuccessorScratch, dst: &mut [u32]) {
    successors_u32_generic(k, block, s, dst, transpose64_lanes_portable)
}

fn step_states_portable(k: &Kernel, states: &mut [u64], s: &mut SuccessorScratch) {
    step_states_generic(k, states, s, transpose64_lanes_portable)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn successors_u32_avx2(k: &Kernel, block: u64, s: &mut SuccessorScratch, dst: &mut [u32]) {
    successors_u32_generic(k, block, s, dst, transpose64_lanes_avx2)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn step_states_avx2(k: &Kernel, states: &mut [u64], s: &mut SuccessorScratch) {
    step_states_generic(k, states, s, transpose64_lanes_avx2)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn successors_u32_avx512(k: &Kernel, block: u64, s: &mut SuccessorScratch, dst: &mut [u32]) {
    successors_u32_generic(k, block, s, dst, transpose64_lanes_avx512)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn step_states_avx512(k: &Kernel, states: &mut [u64], s: &mut SuccessorScratch) {
    step_states_generic(k, states, s, transpose64_lanes_avx512)
}

/// The lane-wise transposition in AVX-512 (one register = one row of all eight lanes). Written
/// with intrinsics because the compiler, left alone, vectorises across rows with scatters.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn transpose64_lanes_avx512(m: &mut [Register; 64], upper_rows_zero: bool) {
    use std::arch::x86_64::*;
    let p = m.as_mut_ptr() as *mut __m512i;
    macro_rules! stage {
        ($w:literal, $mask:expr) => {{
            let mask = _mm512_set1_epi64($mask as i64);
            let mut k = 0;
            while k < 64 {
                for i in k..k + $w {
                    // SAFETY: `i + $w < 64`, rows are 64-byte `[u64; 8]` arrays.
                    unsafe {
                        let a = _mm512_loadu_si512(p.add(i) as *const _);
                        let b = _mm512_loadu_si512(p.add(i + $w) as *const _);
                        let t =
                            _mm512_and_si512(_mm512_xor_si512(_mm512_srli_epi64::<$w>(a), b), mask);
                        _mm512_storeu_si512(
                            p.add(i) as *mut _,
                            _mm512_xor_si512(a, _mm512_slli_epi64::<$w>(t)),
                        );
                        _mm512_storeu_si512(p.add(i + $w) as *mut _, _mm512_xor_si512(b, t));
                    }
                }
                k += 2 * $w;
            }
        }};
    }
    if upper_rows_zero {
        let low = _mm512_set1_epi64(0x0000_0000_FFFF_FFFF);
        for i in 0..32 {
            // SAFETY: `i + 32 < 64`.
            unsafe {
                let a = _mm512_loadu_si512(p.add(i) as *const _);
                _mm512_storeu_si512(p.add(i) as *mut _, _mm512_and_si512(a, low));
                _mm512_storeu_si512(p.add(i + 32) as *mut _, _mm512_srli_epi64::<32>(a));
            }
        }
    } else {
        stage!(32, 0x0000_0000_FFFF_FFFFu64);
    }
    stage!(16, 0x0000_FFFF_0000_FFFFu64);
    stage!(8, 0x00FF_00FF_00FF_00FFu64);
    stage!(4, 0x0F0F_0F0F_0F0F_0F0Fu64);
    stage!(2, 0x3333_3333_3333_3333u64);
    stage!(1, 0x5555_5555_5555_5555u64);
}

/// The lane-wise transposition in AVX2 (two registers per row of eight lanes).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn transpose64_lanes_avx2(m: &mut [Register; 64], upper_rows_zero: bool) {
    use std::arch::x86_64::*;
    let p = m.as_mut_ptr() as *mut __m256i;
    macro_rules! stage {
        ($w:literal, $mask:expr) => {{
            let mask = _mm256_set1_epi64x($mask as i64);
            let mut k = 0;
            while k < 64 {
                for i in k..k + $w {
                    for h in 0..2 {
                        // SAFETY: `i + $w < 64`; each row is two 32-byte halves.
                        unsafe {
                            let pa = p.add(2 * i + h);
                            let pb = p.add(2 * (i + $w) + h);
                            let a = _mm256_loadu_si256(pa);
                            let b = _mm256_loadu_si256(pb);
                            let t = _mm256_and_si256(
                                _mm256_xor_si256(_mm256_srli_epi64::<$w>(a), b),
                                mask,
                            );
                            _mm256_storeu_si256(
                                pa,
                                _mm256_xor_si256(a, _mm256_slli_epi64::<$w>(t)),
                            );
                            _mm256_storeu_si256(pb, _mm256_xor_si256(b, t));
                        }
                    }
                }
                k += 2 * $w;
            }
        }};
    }
    if upper_rows_zero {
        let low = _mm256_set1_epi64x(0x0000_0000_FFFF_FFFF);
        for i in 0..32 {
            for h in 0..2 {
                // SAFETY: `i + 32 < 64`.
                unsafe {
                    let a = _mm256_loadu_si256(p.add(2 * i + h));
                    _mm256_storeu_si256(p.add(2 * i + h), _mm256_and_si256(a, low));
                    _mm256_storeu_si256(p.add(2 * (i + 32) + h), _mm256_srli_epi64::<32>(a));
                }
            }
        }
    } else {
        stage!(32, 0x0000_0000_FFFF_FFFFu64);
    }
    stage!(16, 0x0000_FFFF_0000_FFFFu64);
    stage!(8, 0x00FF_00FF_00FF_00FFu64);
    stage!(4, 0x0F0F_0F0F_0F0F_0F0Fu64);
    stage!(2, 0x3333_3333_3333_3333u64);
    stage!(1, 0x5555_5555_5555_5555u64);
}

/// One stage of the lane-wise transposition: swaps the `W`-bit blocks of row pairs `W` apart.
#[inline(always)]
fn transpose_stage<const W: usize>(m: &mut [Register; 64], mask: u64) {
    let mut k = 0;
    while k < 64 {
        for i in k..k + W {
            let a = m[i];
            let b = m[i + W];
            let t: Register = std::array::from_fn(|w| ((a[w] >> W) ^ b[w]) & mask);
            m[i] = std::array::from_fn(|w| a[w] ^ (t[w] << W));
            m[i + W] = std::array::from_fn(|w| b[w] ^ t[w]);
        }
        k += 2 * W;
    }
}

/// Transposes 64×64 bit matrices lane by lane: afterwards bit `j` of `m[i][w]` is the former bit
/// `i` of `m[j][w]`, for every lane `w` at once (the loops vectorise across lanes).
/// With `upper_rows_zero` the caller promises rows 32..64 are zero, which makes the first stage a
/// split.
#[inline(always)]
pub fn transpose64_lanes(m: &mut [Register; 64], upper_rows_zero: bool) {
    if upper_rows_zero {
        for i in 0..32 {
            let a = m[i];
            m[i] = std::array::from_fn(|w| a[w] & 0x0000_0000_FFFF_FFFF);
            m[i + 32] = std::array::from_fn(|w| a[w] >> 32);
        }
    } else {
        transpose_stage::<32>(m, 0x0000_0000_FFFF_FFFF);
    }
    transpose_stage::<16>(m, 0x0000_FFFF_0000_FFFF);
    transpose_stage::<8>(m, 0x00FF_00FF_00FF_00FF);
    transpose_stage::<4>(m, 0x0F0F_0F0F_0F0F_0F0F);
    transpose_stage::<2>(m, 0x3333_3333_3333_3333);
    transpose_stage::<1>(m, 0x5555_5555_5555_5555);
}

/// Transposes a 64×64 bit matrix in place: afterwards bit `j` of `m[i]` is the former bit `i` of
/// `m[j]`. Turns 64 variable words (one per variable) into 64 state words (one per state).
pub fn transpose64(m: &mut [u64; 64]) {
    // Recursive block swaps (Hacker's Delight §7-3), written for bit i of word j ↔ bit j of word i.
    let mut width = 32;
    let mut mask: u64 = 0x0000_0000_FFFF_FFFF;
    while width != 0 {
        let mut k = 0;
        while k < 64 {
            for i in k..k + width {
                let a = m[i];
                let b = m[i + width];
                let t = ((a >> width) ^ b) & mask;
                m[i] = a ^ (t << width);
                m[i + width] = b ^ t;
            }
            k += 2 * width;
        }
        width >>= 1;
        mask ^= mask << width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};

    #[test]
    fn block_evaluation_matches_naive_evaluation() {
        let src = "targets, factors\nA, !B | (C & D)\nB, A & !J\nC, !(A | B) & !C\nD, D\nE, A ^ 0 | 1\nF, !E & !A\nG, F | I\nH, !G\nI, H & J\nJ, !A\n";
        let src = src.replace("A ^ 0 | 1", "A & 1");
        let net = parse_str(&src, &ParseOptions::new(Format::Bnet))
            .unwrap()
            .network;
        let k = Kernel::compile(&net);
        let mut scratch = k.scratch();
        let mut out = vec![[0u64; LANES]; net.num_vars()];
        let total = 1u64 << net.num_vars();
        for block in 0..total.div_ceil(BLOCK_STATES) {
            k.eval_block(block, &mut scratch, &mut out);
            for w in 0..LANES {
                for j in 0..64 {
                    let s = block * BLOCK_STATES + 64 * w as u64 + j;
                    if s >= total {
                        continue;
                    }
                    for v in net.vars() {
                        let expected = net.function(v).eval_bits(s);
                        assert_eq!(
                            (out[v.index()][w] >> j) & 1 == 1,
                            expected,
                            "state {s} var {v}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn portable_and_simd_agree() {
        let net = parse_str(
            "A, B & !C\nB, A | C\nC, !A\n",
            &ParseOptions::new(Format::Bnet),
        )
        .unwrap()
        .network;
        let k = Kernel::compile(&net);
        let mut s1 = k.scratch();
        let mut o1 = vec![[0u64; LANES]; 3];
        let mut o2 = o1.clone();
        eval_portable(&k, 0, &mut s1, &mut o1);
        k.eval_block(0, &mut s1, &mut o2);
        assert_eq!(o1, o2);
    }

    fn random_net() -> Network {
        parse_str(
            "A, !B | (C & D)\nB, A & !J\nC, !(A | B) & !C\nD, D\nE, A & 1\nF, !E & !A\nG, F | I\nH, !G\nI, H & J\nJ, !A | K\nK, K & !L | A\nL, !K\n",
            &ParseOptions::new(Format::Bnet),
        )
        .unwrap()
        .network
    }

    #[test]
    fn successor_indices_match_naive_steps() {
        let net = random_net();
        let k = Kernel::compile(&net);
        let n = net.num_vars();
        let mut s = k.successor_scratch();
        let mut s2 = k.successor_scratch();
        let mut dst = vec![0u32; BLOCK_STATES as usize];
        let mut dst2 = dst.clone();
        for block in 0..(1u64 << n) / BLOCK_STATES {
            k.successors_u32(block, &mut s, &mut dst);
            successors_u32_portable(&k, block, &mut s2, &mut dst2);
            assert_eq!(dst, dst2);
            for (j, &succ) in dst.iter().enumerate() {
                let x = block * BLOCK_STATES + j as u64;
                let expected = net.vars().fold(0u64, |acc, v| {
                    acc | (u64::from(net.function(v).eval_bits(x)) << v.index())
                });
                assert_eq!(u64::from(succ), expected, "state {x}");
            }
        }
    }

    #[test]
    fn stepping_arbitrary_states_matches_naive_steps() {
        let net = random_net();
        let k = Kernel::compile(&net);
        let mut s = k.successor_scratch();
        for len in [1usize, 63, 64, 65, 300, 512] {
            let states: Vec<u64> = (0..len as u64)
                .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52)
                .collect();
            let mut stepped = states.clone();
            k.step_states(&mut stepped, &mut s);
            let mut portable = states.clone();
            step_states_portable(&k, &mut portable, &mut s);
            assert_eq!(stepped, portable);
            for (&x, &y) in states.iter().zip(&stepped) {
                let expected = net.vars().fold(0u64, |acc, v| {
                    acc | (u64::from(net.function(v).eval_bits(x)) << v.index())
                });
                assert_eq!(y, expected);
            }
        }
    }

    #[test]
    fn every_simd_copy_the_cpu_has_agrees_with_the_portable_one() {
        let net = random_net();
        let k = Kernel::compile(&net);
        let mut s = k.successor_scratch();
        let mut expected = vec![0u32; BLOCK_STATES as usize];
        let mut got = expected.clone();
        let states: Vec<u64> = (0..512u64).map(|i| (i * 2654435761) % 4096).collect();
        let mut expected_steps = states.clone();
        step_states_portable(&k, &mut expected_steps, &mut s);
        for block in 0..8 {
            successors_u32_portable(&k, block, &mut s, &mut expected);
            #[cfg(target_arch = "x86_64")]
            {
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2.
                    unsafe { successors_u32_avx2(&k, block, &mut s, &mut got) };
                    assert_eq!(got, expected);
                    let mut steps = states.clone();
                    unsafe { step_states_avx2(&k, &mut steps, &mut s) };
                    assert_eq!(steps, expected_steps);
                }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU has AVX-512F.
                    unsafe { successors_u32_avx512(&k, block, &mut s, &mut got) };
                    assert_eq!(got, expected);
                    let mut steps = states.clone();
                    unsafe { step_states_avx512(&k, &mut steps, &mut s) };
                    assert_eq!(steps, expected_steps);
                }
            }
        }
    }

    #[test]
    fn lane_transpose_agrees_with_transpose64() {
        let mut m = [[0u64; LANES]; 64];
        let mut x: u64 = 0x1234_5678_9ABC_DEF1;
        for (i, row) in m.iter_mut().enumerate() {
            for word in row.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *word = if i < 32 { x } else { 0 };
            }
        }
        for upper_zero in [false, true] {
            let mut t = m;
            transpose64_lanes(&mut t, upper_zero);
            for w in 0..LANES {
                let mut single: [u64; 64] = std::array::from_fn(|i| m[i][w]);
                transpose64(&mut single);
                for i in 0..64 {
                    assert_eq!(t[i][w], single[i]);
                }
            }
        }
    }

    #[test]
    fn transpose_moves_bit_ij_to_ji() {
        let mut m = [0u64; 64];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for w in m.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *w = x;
        }
        let orig = m;
        transpose64(&mut m);
        for i in 0..64 {
            for j in 0..64 {
                assert_eq!((m[i] >> j) & 1, (orig[j] >> i) & 1);
            }
        }
    }
}
