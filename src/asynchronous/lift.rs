//! [`Lifter`]: core attractors put back into the whole network (fixed values set, output cascades
//! evaluated), with [`smallest_sums`] picking the states to list when outputs are free.

use super::core::Core;
use super::explore::StateSet;
use crate::attractor::{Attractor, AttractorKind, Basin, Pattern};
use crate::count::Count;
use crate::expr::Expr;
use crate::kernel::LOW_PATTERNS;
use crate::network::VarId;
use crate::state::State;
use hashbrown::HashSet;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Puts core attractors back into the whole network.
pub(super) struct Lifter<'a> {
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
    pub(super) fn new(core: &'a Core) -> Lifter<'a> {
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
                let function = red.restricted(var).clone();
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
    pub(super) fn lift(
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
        let listed = if self.n <= 64 {
            // Packed: each core state scattered into a u64 over the constant bits, with no
            // state built per core state (Smad7-KO attractors of the showcase list millions).
            let mut constant = 0u64;
            for (i, &b) in with_outputs.iter().enumerate() {
                constant |= u64::from(b) << i;
            }
            for v in &self.core.to_full {
                constant &= !(1u64 << v.index());
            }
            let core: Vec<u64> = states
                .iter()
                .take(want)
                .map(|x| {
                    let s = base | x;
                    self.core
                        .to_full
                        .iter()
                        .enumerate()
                        .fold(constant, |b, (j, v)| b | ((s >> j) & 1) << v.index())
                })
                .collect();
            smallest_packed_sums(core, &free_outputs, want, self.n)
        } else {
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
            smallest_sums(&core_states, &free_outputs, want, self.n)
        };
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
    pub(super) fn lift_fixed_point(&self, s: u64, basin: Basin) -> Attractor {
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

/// How many assignments of the free outputs the `want` smallest sums can use: the assignments
/// in increasing order are the binary numbers over the outputs (sorted by variable), as far as
/// `want` of them are needed.
fn assignments_needed(free_outputs: &[VarId], want: usize) -> u64 {
    if free_outputs.len() >= 63 {
        want as u64
    } else {
        (1u64 << free_outputs.len()).min(want as u64)
    }
}

/// [`smallest_sums`] for states of at most 64 variables, packed (bit i = variable i, so numeric
/// order is the states' order): every `a | o` sorted once; `core` and the assignments are at
/// most `want` each, so this is the heap merge's output, or at most want² small numbers. With
/// no free output the core states, ascending, are the answer as they are.
fn smallest_packed_sums(
    core: Vec<u64>,
    free_outputs: &[VarId],
    want: usize,
    n: usize,
) -> Vec<State> {
    if core.is_empty() || want == 0 {
        return Vec::new();
    }
    let combos = assignments_needed(free_outputs, want);
    let mut all = if combos == 1 {
        core
    } else {
        let masks: Vec<u64> = (0..combos)
            .map(|r| {
                free_outputs
                    .iter()
                    .enumerate()
                    .filter(|&(t, _)| (r >> t) & 1 == 1)
                    .fold(0u64, |m, (_, v)| m | 1 << v.index())
            })
            .collect();
        // Laid out as ascending runs, so the stable sort, which finds runs, merges them in
        // O(len · log runs) (a comparison sort from scratch was a tenth of the showcase's
        // mutant table, whose attractors have a few core states and thousands of assignments).
        // `a | o` over ascending `o` is ascending for each `a`, and over ascending `a` for each
        // `o` (the bits are disjoint): one run per core state or one per assignment, fewer.
        if core.len() <= masks.len() {
            core.iter()
                .flat_map(|&a| masks.iter().map(move |&m| a | m))
                .collect()
        } else {
            masks
                .iter()
                .flat_map(|&m| core.iter().map(move |&a| a | m))
                .collect()
        }
    };
    if !all.is_sorted() {
        all.sort();
    }
    all.truncate(want);
    all.into_iter().map(|x| State::from_bits(x, n)).collect()
}

/// The `want` smallest states (in [`State::cmp_as_number`] order) of `{a | o}` for `a` in `core_states`
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
    if n <= 64 {
        let core: Vec<u64> = core_states.iter().map(State::to_bits).collect();
        return smallest_packed_sums(core, free_outputs, want, n);
    }
    let combos = assignments_needed(free_outputs, want);
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
            self.0.cmp_as_number(&other.0) == Ordering::Equal
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
            other.0.cmp_as_number(&self.0)
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
        #[test]
        fn packed_sums_equal_the_general_merge(
            core in proptest::collection::btree_set(0u64..1 << 12, 1..200),
            outputs in proptest::collection::btree_set(12usize..20, 0..6),
            want in 1usize..3000,
        ) {
            // Core states on bits 0..12, free outputs on some of bits 12..20, n = 20; n > 64
            // takes the heap merge, so compare against it on 70 variables with the same bits.
            let outputs: Vec<VarId> = outputs.into_iter().map(VarId::new).collect();
            let packed = smallest_packed_sums(core.iter().copied().collect(), &outputs, want, 20);
            let wide: Vec<State> = core
                .iter()
                .map(|&x| State::from_bools(&(0..70).map(|i| i < 64 && (x >> i) & 1 == 1).collect::<Vec<_>>()))
                .collect();
            let merged = smallest_sums(&wide, &outputs, want, 70);
            let packed: Vec<u64> = packed.iter().map(State::to_bits).collect();
            let merged: Vec<u64> = merged
                .iter()
                .map(|s| (0..20).fold(0u64, |m, i| m | u64::from(s.get(VarId::new(i))) << i))
                .collect();
            prop_assert_eq!(packed, merged);
        }
    }
}
