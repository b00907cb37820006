//! Differential: an arbitrary small network explored asynchronously by the bit-set explorer and
//! by the naive reference must give the same attractors, weak and strong basins, and reach
//! probabilities (within 1e-9).
#![no_main]

use basin_fuzz::differential::{case, check_async};
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = case(&mut Unstructured::new(data)) {
        check_async(&c);
    }
});
