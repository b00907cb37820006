//! The properties the fuzz targets check. Readers (`round_trip`): reading arbitrary bytes never
//! panics, and a model that reads writes back to text that reads as the same network (same names,
//! same truth tables); the linter runs on every model read, so it is fuzzed too. Explorers
//! (`differential`): the fast synchronous and asynchronous explorers give exactly what the naive
//! references give on arbitrary small networks.

pub mod differential;

use basin::analysis::{DEFAULT_BDD_NODE_LIMIT, expr_to_bdd_with_limit, try_bdd_variables};
use basin::lint::{LintOptions, check};
use basin::network::Network;
use basin::parse::{Format, ParseOptions, parse_str};
use basin::write::write;

/// Reads `data` as `format` (with and without free inputs); on success checks the round trip.
///
/// # Panics
/// When the round trip fails: that is the bug the fuzzer looks for.
pub fn round_trip(data: &[u8], format: Format) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for free_inputs in [false, true] {
        let options = ParseOptions::new(format).free_inputs(free_inputs);
        let Ok(model) = parse_str(text, &options) else {
            continue;
        };
        let _ = check(&model, &LintOptions::default());
        // Text repeats shared subexpressions (AEON's '^' and '<=>' share their operands), so a
        // small input can write out exponentially; the writer refuses above its own limit, and
        // under the fuzzer's instrumentation even a few MB takes minutes to read back: models
        // whose text could exceed 1 MiB are not round-tripped.
        let net = &model.network;
        let bound: u128 = net
            .vars()
            .map(|v| {
                net.function(v)
                    .written_len_bound(|r| net.name(r).len(), format == Format::Aeon)
            })
            .fold(0, u128::saturating_add);
        if bound > 1 << 20 {
            continue;
        }
        let written = write(net, format).expect("a model under 1 MiB of text is written");
        let back = match parse_str(&written.text, &ParseOptions::new(format)) {
            Ok(m) => m.network,
            Err(e) => panic!("written text does not read back: {e}\n{}", written.text),
        };
        let names: Vec<String> = back
            .names()
            .iter()
            .map(|n| {
                written
                    .renamed
                    .iter()
                    .find(|(_, to)| to == n)
                    .map_or_else(|| n.clone(), |(from, _)| from.clone())
            })
            .collect();
        assert_eq!(names, model.network.names(), "names changed");
        same_truth_tables(&model.network, &back);
    }
}

/// Compares every function whose BDDs stay within the default limit (a fuzzer-made rule may
/// have an exponential BDD; those are skipped, not compared inexactly).
fn same_truth_tables(a: &Network, b: &Network) {
    let Some(vars) = try_bdd_variables(a.num_vars()) else {
        return;
    };
    for v in a.vars() {
        let fa = expr_to_bdd_with_limit(&vars, a.function(v), DEFAULT_BDD_NODE_LIMIT);
        let fb = expr_to_bdd_with_limit(&vars, b.function(v), DEFAULT_BDD_NODE_LIMIT);
        if let (Ok(fa), Ok(fb)) = (fa, fb) {
            assert!(fa == fb, "the function of '{}' changed", a.name(v));
        }
    }
}
