//! Fuzz the SBML-qual reader: any input gives a model or an error (whose message formats), never
//! a panic; a model that reads must write as SBML and read back with the same functions.
#![no_main]

use basin::parse::{Format, ParseOptions, parse_str};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for free_inputs in [false, true] {
        let options = ParseOptions::new(Format::Sbml).free_inputs(free_inputs);
        match parse_str(text, &options) {
            Err(e) => {
                let _ = e.to_string();
            }
            Ok(model) => {
                let written = basin::sbml::write(&model.network, &model.labels);
                let back = parse_str(&written.text, &options).expect("written SBML reads back");
                basin::analysis::same_functions(&model.network, &back.network)
                    .expect("same functions after a round trip");
            }
        }
    }
});
