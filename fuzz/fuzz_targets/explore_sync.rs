//! Differential: an arbitrary small network explored synchronously by the bit-sliced explorer
//! (fresh and with reused buffers) and by the naive reference must give the same attractors and
//! basins.
#![no_main]

use basin_fuzz::differential::{case, check_sync};
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = case(&mut Unstructured::new(data)) {
        check_sync(&c);
    }
});
