//! `State`: one value per variable, bit-packed. Bit i is `VarId(i)`; printed as a string of
//! `0`/`1` in variable order. Backed by `bitvec` (`u64` words, least significant bit first,
//! padding bits zero); the backing type is private.

use crate::network::VarId;
use bitvec::prelude::*;
use std::fmt;

/// A state of a network: one bit per variable.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct State(BitVec<u64, Lsb0>);

impl State {
    /// The all-zero state of `n` variables.
    pub fn zeros(n: usize) -> State {
        State(bitvec![u64, Lsb0; 0; n])
    }

    /// A state from one bool per variable.
    pub fn from_bools(values: &[bool]) -> State {
        State(values.iter().copied().collect())
    }

    /// A state of `n ≤ 64` variables from its packed form (bit i = variable i).
    ///
    /// # Panics
    /// If `n > 64`.
    pub fn from_bits(bits: u64, n: usize) -> State {
        assert!(n <= 64, "a u64 holds at most 64 variables");
        let mut s = State::zeros(n);
        if n > 0 {
            let live = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
            s.0.as_raw_mut_slice()[0] = bits & live;
        }
        s
    }

    /// The packed form (bit i = variable i).
    ///
    /// # Panics
    /// If the state has more than 64 variables.
    pub fn to_bits(&self) -> u64 {
        assert!(self.0.len() <= 64, "a u64 holds at most 64 variables");
        match self.0.as_raw_slice().first() {
            // Bits past the length are masked, whatever the backing holds.
            Some(&w) if self.0.len() == 64 => w,
            Some(&w) => w & ((1u64 << self.0.len()) - 1),
            None => 0,
        }
    }

    /// Number of variables.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the state has no variables.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `var`.
    pub fn get(&self, var: VarId) -> bool {
        self.0[var.index()]
    }

    /// Sets the value of `var`.
    pub fn set(&mut self, var: VarId, value: bool) {
        self.0.set(var.index(), value);
    }

    /// The values as bools, in variable order.
    pub fn to_bools(&self) -> Vec<bool> {
        self.0.iter().by_vals().collect()
    }

    /// Compares two states as binary numbers with bit `i` = variable `i` (the last variable is
    /// the most significant; a shorter state reads as zeros above its length), a word at a time.
    #[inline]
    pub fn cmp_as_number(&self, other: &State) -> std::cmp::Ordering {
        // The live bits of word `w`: bits past the length are masked, whatever the backing holds.
        let word = |s: &State, w: usize| -> u64 {
            let raw = s.0.as_raw_slice();
            let Some(&x) = raw.get(w) else { return 0 };
            let live = s.0.len() - 64 * w;
            if live >= 64 {
                x
            } else {
                x & ((1u64 << live) - 1)
            }
        };
        let words = self.0.len().max(other.0.len()).div_ceil(64);
        for w in (0..words).rev() {
            let (a, b) = (word(self, w), word(other, w));
            if a != b {
                return a.cmp(&b);
            }
        }
        std::cmp::Ordering::Equal
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0.iter().by_vals() {
            f.write_str(if b { "1" } else { "0" })?;
        }
        Ok(())
    }
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "State({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_round_trip_and_print_in_variable_order() {
        let s = State::from_bits(0b0110, 4);
        assert_eq!(s.to_string(), "0110");
        assert_eq!(s.to_bits(), 0b0110);
        assert!(s.get(VarId::new(1)));
        assert_eq!(State::from_bools(&[true, false]).to_string(), "10");
    }

    #[test]
    fn packed_forms_round_trip_and_mask_bits_past_the_length() {
        for n in [0usize, 1, 5, 63, 64] {
            for bits in [0u64, 1, 0b1011, u64::MAX, 1 << 62, 0x9e37_79b9_7f4a_7c15] {
                let live = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
                let s = State::from_bits(bits, n);
                assert_eq!(s.len(), n);
                assert_eq!(s.to_bits(), bits & live, "n = {n}");
                let bools: Vec<bool> = (0..n).map(|i| (bits >> i) & 1 == 1).collect();
                assert_eq!(s, State::from_bools(&bools), "n = {n}");
            }
        }
    }

    #[test]
    fn cmp_as_number_orders_by_the_highest_differing_variable() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        // Against the bit-at-a-time definition, across word boundaries and unequal lengths.
        let naive = |a: &State, b: &State| {
            let get = |s: &State, i: usize| i < s.len() && s.get(VarId::new(i));
            (0..a.len().max(b.len()))
                .rev()
                .map(|i| get(a, i).cmp(&get(b, i)))
                .find(|o| *o != Equal)
                .unwrap_or(Equal)
        };
        let mut states = Vec::new();
        for n in [0usize, 1, 5, 63, 64, 65, 130] {
            for pattern in [0u64, 1, 0b1011, u64::MAX, 1 << 62] {
                let bools: Vec<bool> = (0..n).map(|i| (pattern >> (i % 64)) & 1 == 1).collect();
                states.push(State::from_bools(&bools));
            }
            // Only the last variable on.
            states.push(State::from_bools(
                &(0..n).map(|i| i + 1 == n).collect::<Vec<_>>(),
            ));
        }
        for a in &states {
            for b in &states {
                assert_eq!(a.cmp_as_number(b), naive(a, b), "{a} vs {b}");
            }
        }
        let (lo, hi) = (State::from_bits(0b01, 2), State::from_bits(0b10, 2));
        assert_eq!(lo.cmp_as_number(&hi), Less);
        assert_eq!(hi.cmp_as_number(&lo), Greater);
    }
}
