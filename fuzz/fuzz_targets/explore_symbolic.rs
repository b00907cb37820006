//! Differential: an arbitrary small network explored by the symbolic (BDD) engine and by the
//! naive references, asynchronous and synchronous, must give the same attractors and the same
//! exact basins (weak and strong, or synchronous).
#![no_main]

use basin_fuzz::differential::{case, check_symbolic};
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = case(&mut Unstructured::new(data)) {
        check_symbolic(&c);
    }
});
