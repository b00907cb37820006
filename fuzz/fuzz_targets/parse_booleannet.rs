//! Arbitrary bytes read as a BooleanNet model: never a panic; what reads, round-trips.
#![no_main]

use basin::parse::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| basin_fuzz::round_trip(data, Format::BooleanNet));
