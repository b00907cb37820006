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
        for i in 0..n {
            s.0.set(i, (bits >> i) & 1 == 1);
        }
        s
    }

    /// The packed form (bit i = variable i).
    ///
    /// # Panics
    /// If the state has more than 64 variables.
    pub fn to_bits(&self) -> u64 {
        assert!(self.0.len() <= 64, "a u64 holds at most 64 variables");
        self.0.iter_ones().fold(0u64, |acc, i| acc | (1 << i))
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
}
