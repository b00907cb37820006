//! `Count`: an exact number of states, of any size.
//!
//! State spaces of published models reach 2^321 states, so state counts and basin sizes do not
//! fit a machine integer. A `Count` is a `u128` while it fits (every explicit exploration, and
//! almost every count a user sees) and a [`BigUint`] beyond, so small counts never allocate.
//! The representation is canonical (a big value is always above `u128::MAX`), so derived
//! equality, ordering and hashing are those of the numbers.
//!
//! **In JSON** a count is written as a plain integer, whatever its size (`2^200` as its 61
//! decimal digits), never as a float or a string. Python's `json` reads such integers exactly;
//! R's `jsonlite` needs `fromJSON(..., bigint_as_char = TRUE)` for counts above 2^53 (see
//! `docs/json.md`).

use num_bigint::BigUint;
use num_traits::{ToPrimitive, Zero};
use std::fmt;
use std::ops::{Add, AddAssign, Sub};
use std::str::FromStr;

/// An exact non-negative count of states.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Count(Repr);

// Variant order matters for the derived ordering: every `Small` is below every `Big`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Repr {
    Small(u128),
    /// Always above `u128::MAX`.
    Big(Box<BigUint>),
}

impl Count {
    /// Zero.
    pub const ZERO: Count = Count(Repr::Small(0));

    /// `2^k`.
    pub fn pow2(k: u32) -> Count {
        if k < 128 {
            Count(Repr::Small(1u128 << k))
        } else {
            Count::from(BigUint::from(1u8) << k)
        }
    }

    /// The value, when it fits a `u128`.
    pub fn to_u128(&self) -> Option<u128> {
        match &self.0 {
            Repr::Small(v) => Some(*v),
            Repr::Big(_) => None,
        }
    }

    /// The value as a `BigUint`.
    pub fn to_biguint(&self) -> BigUint {
        match &self.0 {
            Repr::Small(v) => BigUint::from(*v),
            Repr::Big(b) => (**b).clone(),
        }
    }

    /// Whether the count is zero.
    pub fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Small(0))
    }

    /// The nearest `f64` (infinite beyond about 2^1024).
    pub fn to_f64(&self) -> f64 {
        match &self.0 {
            Repr::Small(v) => *v as f64,
            Repr::Big(b) => b.to_f64().unwrap_or(f64::INFINITY),
        }
    }

    /// `self / total` as an `f64`, accurate for counts of any size (both are scaled down
    /// together before the division, so `2^300 / 2^321` is `2^-21`, not `inf / inf`).
    /// Zero when `total` is zero.
    pub fn ratio(&self, total: &Count) -> f64 {
        if total.is_zero() {
            return 0.0;
        }
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &total.0) {
            return *a as f64 / *b as f64;
        }
        let (a, b) = (self.to_biguint(), total.to_biguint());
        let shift = b.bits().saturating_sub(960);
        let a = (a >> shift).to_f64().unwrap_or(f64::INFINITY);
        let b = (b >> shift).to_f64().unwrap_or(f64::INFINITY);
        a / b
    }

    /// Number of bits of the value (`0` for zero); `2^k` has `k + 1`.
    pub fn bits(&self) -> u64 {
        match &self.0 {
            Repr::Small(v) => u64::from(128 - v.leading_zeros()),
            Repr::Big(b) => b.bits(),
        }
    }

    /// `floor(log2(self))`, or `None` for zero.
    pub fn ilog2(&self) -> Option<u64> {
        self.bits().checked_sub(1)
    }
}

impl From<BigUint> for Count {
    fn from(v: BigUint) -> Count {
        match v.to_u128() {
            Some(small) => Count(Repr::Small(small)),
            None => Count(Repr::Big(Box::new(v))),
        }
    }
}

impl From<u128> for Count {
    fn from(v: u128) -> Count {
        Count(Repr::Small(v))
    }
}

impl From<u64> for Count {
    fn from(v: u64) -> Count {
        Count(Repr::Small(u128::from(v)))
    }
}

impl From<usize> for Count {
    fn from(v: usize) -> Count {
        Count(Repr::Small(v as u128))
    }
}

impl Default for Count {
    fn default() -> Count {
        Count::ZERO
    }
}

impl Add<&Count> for &Count {
    type Output = Count;
    fn add(self, rhs: &Count) -> Count {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &rhs.0)
            && let Some(s) = a.checked_add(*b)
        {
            return Count(Repr::Small(s));
        }
        Count::from(self.to_biguint() + rhs.to_biguint())
    }
}

impl AddAssign<&Count> for Count {
    fn add_assign(&mut self, rhs: &Count) {
        *self = &*self + rhs;
    }
}

impl Sub<&Count> for &Count {
    type Output = Count;
    /// # Panics
    /// If `rhs > self` (counts are never negative).
    fn sub(self, rhs: &Count) -> Count {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &rhs.0) {
            return Count(Repr::Small(a.checked_sub(*b).expect("a count below zero")));
        }
        assert!(rhs <= self, "a count below zero");
        Count::from(self.to_biguint() - rhs.to_biguint())
    }
}

impl std::iter::Sum for Count {
    fn sum<I: Iterator<Item = Count>>(iter: I) -> Count {
        iter.fold(Count::ZERO, |acc, c| &acc + &c)
    }
}

impl<'a> std::iter::Sum<&'a Count> for Count {
    fn sum<I: Iterator<Item = &'a Count>>(iter: I) -> Count {
        iter.fold(Count::ZERO, |acc, c| &acc + c)
    }
}

impl PartialEq<u128> for Count {
    fn eq(&self, other: &u128) -> bool {
        self.to_u128() == Some(*other)
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Small(v) => fmt::Display::fmt(v, f),
            Repr::Big(b) => fmt::Display::fmt(b, f),
        }
    }
}

impl fmt::Debug for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The text is not a non-negative decimal integer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseCountError;

impl fmt::Display for ParseCountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a non-negative decimal integer")
    }
}

impl std::error::Error for ParseCountError {}

impl FromStr for Count {
    type Err = ParseCountError;
    fn from_str(s: &str) -> Result<Count, ParseCountError> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseCountError);
        }
        match s.parse::<u128>() {
            Ok(v) => Ok(Count::from(v)),
            Err(_) => BigUint::from_str(s)
                .map(Count::from)
                .map_err(|_| ParseCountError),
        }
    }
}

impl serde::Serialize for Count {
    /// A JSON integer of any size: `u128` natively, beyond that the decimal digits as a raw
    /// JSON number (serde_json's `RawValue`).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Small(v) => s.serialize_u128(*v),
            Repr::Big(b) => {
                let raw = serde_json::value::RawValue::from_string(b.to_string())
                    .map_err(serde::ser::Error::custom)?;
                raw.serialize(s)
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Count {
    /// Reads an integer of any size from JSON (the form [`Count`]'s `Serialize` writes).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        let raw: Box<serde_json::value::RawValue> = serde::Deserialize::deserialize(d)?;
        raw.get().trim().parse().map_err(serde::de::Error::custom)
    }
}

impl Zero for Count {
    fn zero() -> Count {
        Count::ZERO
    }
    fn is_zero(&self) -> bool {
        Count::is_zero(self)
    }
}

impl Add for Count {
    type Output = Count;
    fn add(self, rhs: Count) -> Count {
        &self + &rhs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_big_compare_as_numbers() {
        let small = Count::from(u128::MAX);
        let big = &small + &Count::from(1u64);
        assert!(big > small);
        assert_eq!(big, Count::pow2(128));
        assert_eq!(&big - &Count::from(1u64), small);
        assert_eq!((&big - &Count::from(1u64)).to_u128(), Some(u128::MAX));
    }

    #[test]
    fn ratio_is_accurate_beyond_f64_range() {
        let a = Count::pow2(1500);
        let b = Count::pow2(1502);
        assert_eq!(a.ratio(&b), 0.25);
        assert_eq!(Count::from(3u64).ratio(&Count::from(4u64)), 0.75);
        assert_eq!(Count::from(3u64).ratio(&Count::ZERO), 0.0);
    }

    #[test]
    fn two_to_the_200_round_trips_through_json_exactly() {
        let c = Count::pow2(200);
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(
            text,
            "1606938044258990275541962092341162602522202993782792835301376"
        );
        let back: Count = serde_json::from_str(&text).unwrap();
        assert_eq!(back, c);
        let small: Count = serde_json::from_str("12").unwrap();
        assert_eq!(small, Count::from(12u64));
        assert!(serde_json::from_str::<Count>("1.5").is_err());
        assert!(serde_json::from_str::<Count>("\"12\"").is_err());
    }

    #[test]
    fn bits_and_log2() {
        assert_eq!(Count::ZERO.ilog2(), None);
        assert_eq!(Count::pow2(0).ilog2(), Some(0));
        assert_eq!(Count::pow2(127).ilog2(), Some(127));
        assert_eq!(Count::pow2(300).ilog2(), Some(300));
    }
}
