//! `State`: one value per variable, bit-packed. Bit i is `VarId(i)`; printed as a string of
//! `0`/`1` in variable order. Stored in `u64` words, least significant bit first, padding bits
//! zero; a state of at most 64 variables keeps its one word inline (no allocation: complex
//! attractors list up to a million states, and allocating and freeing each one cost the
//! showcase's mutant table about a third of its time). The backing type is private.

use crate::network::VarId;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A state of a network: one bit per variable.
///
/// Equality, hashing and the order are those of the sequence of bits (`Ord` compares bit 0
/// first, `0 < 1`, then the length, as a slice of bools would); [`State::cmp_as_number`] is
/// the numeric order.
#[derive(Clone)]
pub struct State {
    len: usize,
    words: Words,
}

/// The words: inline up to 64 variables, on the heap beyond. Padding bits are zero.
#[derive(Clone)]
enum Words {
    One(u64),
    Many(Box<[u64]>),
}

impl State {
    /// The all-zero state of `n` variables.
    pub fn zeros(n: usize) -> State {
        State {
            len: n,
            words: if n <= 64 {
                Words::One(0)
            } else {
                Words::Many(vec![0; n.div_ceil(64)].into_boxed_slice())
            },
        }
    }

    /// A state from one bool per variable.
    pub fn from_bools(values: &[bool]) -> State {
        let mut s = State::zeros(values.len());
        for (w, chunk) in s.words_mut().iter_mut().zip(values.chunks(64)) {
            *w = chunk
                .iter()
                .enumerate()
                .fold(0, |acc, (i, &b)| acc | (u64::from(b) << i));
        }
        s
    }

    /// A state of `n ≤ 64` variables from its packed form (bit i = variable i).
    ///
    /// # Panics
    /// If `n > 64`.
    pub fn from_bits(bits: u64, n: usize) -> State {
        assert!(n <= 64, "a u64 holds at most 64 variables");
        State {
            len: n,
            words: Words::One(bits & live_mask(n)),
        }
    }

    /// The packed form (bit i = variable i).
    ///
    /// # Panics
    /// If the state has more than 64 variables.
    pub fn to_bits(&self) -> u64 {
        assert!(self.len <= 64, "a u64 holds at most 64 variables");
        self.words()[0]
    }

    /// Number of variables.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the state has no variables.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value of `var`.
    ///
    /// # Panics
    /// If `var` is not below the length.
    pub fn get(&self, var: VarId) -> bool {
        let i = var.index();
        assert!(
            i < self.len,
            "variable {i} of a state of {} variables",
            self.len
        );
        (self.words()[i / 64] >> (i % 64)) & 1 == 1
    }

    /// Sets the value of `var`.
    ///
    /// # Panics
    /// If `var` is not below the length.
    pub fn set(&mut self, var: VarId, value: bool) {
        let i = var.index();
        assert!(
            i < self.len,
            "variable {i} of a state of {} variables",
            self.len
        );
        let w = &mut self.words_mut()[i / 64];
        let bit = 1u64 << (i % 64);
        if value {
            *w |= bit;
        } else {
            *w &= !bit;
        }
    }

    /// The values as bools, in variable order.
    pub fn to_bools(&self) -> Vec<bool> {
        (0..self.len)
            .map(|i| (self.words()[i / 64] >> (i % 64)) & 1 == 1)
            .collect()
    }

    /// Compares two states as binary numbers with bit `i` = variable `i` (the last variable is
    /// the most significant; a shorter state reads as zeros above its length), a word at a time.
    #[inline]
    pub fn cmp_as_number(&self, other: &State) -> Ordering {
        if let (Words::One(a), Words::One(b)) = (&self.words, &other.words) {
            return a.cmp(b);
        }
        let (a, b) = (self.words(), other.words());
        for w in (0..a.len().max(b.len())).rev() {
            let (x, y) = (
                a.get(w).copied().unwrap_or(0),
                b.get(w).copied().unwrap_or(0),
            );
            if x != y {
                return x.cmp(&y);
            }
        }
        Ordering::Equal
    }

    /// The words, padding bits zero (one word for zero variables).
    #[inline]
    fn words(&self) -> &[u64] {
        match &self.words {
            Words::One(w) => std::slice::from_ref(w),
            Words::Many(ws) => ws,
        }
    }

    #[inline]
    fn words_mut(&mut self) -> &mut [u64] {
        match &mut self.words {
            Words::One(w) => std::slice::from_mut(w),
            Words::Many(ws) => ws,
        }
    }
}

/// The live bits of a word holding `n ≤ 64` bits.
fn live_mask(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

impl PartialEq for State {
    fn eq(&self, other: &State) -> bool {
        self.len == other.len && self.words() == other.words()
    }
}

impl Eq for State {}

impl Hash for State {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.len.hash(state);
        self.words().hash(state);
    }
}

impl Ord for State {
    /// Bit 0 first (`0 < 1`), then the length: the order of the sequences of bits.
    fn cmp(&self, other: &State) -> Ordering {
        let common = self.len.min(other.len);
        let (a, b) = (self.words(), other.words());
        for w in 0..common.div_ceil(64) {
            let differ = (a[w] ^ b[w]) & live_mask(common - 64 * w);
            if differ != 0 {
                let bit = differ & differ.wrapping_neg();
                return if a[w] & bit != 0 {
                    Ordering::Greater
                } else {
                    Ordering::Less
                };
            }
        }
        self.len.cmp(&other.len)
    }
}

impl PartialOrd for State {
    fn partial_cmp(&self, other: &State) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in 0..self.len {
            let b = (self.words()[i / 64] >> (i % 64)) & 1 == 1;
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
    fn the_order_is_that_of_the_bit_sequences() {
        // `Ord` must stay the order of a slice of bools (bit 0 first, then the length): sorted
        // lists of states are part of the outputs.
        let mut states = Vec::new();
        for n in [0usize, 1, 3, 5, 63, 64, 65, 130] {
            for pattern in [0u64, 1, 0b1011, 0b0110, u64::MAX, 1 << 62] {
                let bools: Vec<bool> = (0..n).map(|i| (pattern >> (i % 64)) & 1 == 1).collect();
                states.push((State::from_bools(&bools), bools));
            }
        }
        for (a, x) in &states {
            for (b, y) in &states {
                assert_eq!(a.cmp(b), x.cmp(y), "{a} vs {b}");
                assert_eq!(a == b, x == y, "{a} vs {b}");
                assert_eq!(a.to_bools(), *x);
            }
        }
        let mut s = State::zeros(70);
        s.set(VarId::new(66), true);
        assert!(s.get(VarId::new(66)) && !s.get(VarId::new(65)));
        s.set(VarId::new(66), false);
        assert_eq!(s, State::zeros(70));
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
