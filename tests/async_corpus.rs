//! Known answers: the asynchronous attractors of the published models in the corpus against the
//! references computed with AEON (number of attractors, fixed points with their states, sizes
//! and enclosing subspaces of complex attractors). Reference states are over the variables
//! sorted by name.

mod common;

use basin::asynchronous::{AsyncConfig, attractors};
use basin::attractor::{AttractorKind, Exploration};
use basin::parse::{Format, ParseOptions, parse_str};
use basin::reduce::Reduction;
use serde_json::Value;
use std::collections::BTreeSet;

/// Models whose reduced core (inputs included) has at most this many variables are explored:
/// about 2 s each at 26 on one core, a few seconds for the whole set.
const CORE_LIMIT: usize = 26;

/// The attractor's pattern (or its single state) written over the reference's variable order.
fn in_reference_order(r: &Exploration, a: &basin::Attractor, variables: &[Value]) -> String {
    variables
        .iter()
        .map(|name| {
            let name = name.as_str().expect("variable name");
            let i = r
                .variables
                .iter()
                .position(|v| v == name)
                .unwrap_or_else(|| panic!("reference variable {name} not in the model"));
            match a.pattern.0[i] {
                Some(true) => '1',
                Some(false) => '0',
                None => '-',
            }
        })
        .collect()
}

#[test]
#[cfg_attr(
    corpus_missing,
    ignore = "needs the corpus at ../shared/corpus or $BASIN_CORPUS"
)]
fn corpus_asynchronous_attractors_match_aeon() {
    let dir = common::corpus_dir();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let (mut covered, mut skipped_size, mut no_reference) = (Vec::new(), Vec::new(), Vec::new());
    for path in paths {
        let reference: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read json")).unwrap();
        let id = reference["id"].as_str().unwrap().to_string();
        let expected = &reference["asynchronous"];
        if expected["status"] != "ok" {
            no_reference.push(id);
            continue;
        }
        let text = std::fs::read_to_string(path.with_extension("bnet")).expect("read bnet");
        let net = parse_str(&text, &ParseOptions::new(Format::Bnet))
            .unwrap_or_else(|e| panic!("{id}: {e}"))
            .network;
        let core = Reduction::new(&net, &[]).unwrap().core().len();
        if core > CORE_LIMIT {
            skipped_size.push(format!("{id} (core {core})"));
            continue;
        }
        let config = AsyncConfig {
            probabilities: false,
            max_states: 0,
            ..AsyncConfig::default()
        };
        let r = attractors(&net, &[], &config).unwrap_or_else(|e| panic!("{id}: {e}"));
        let fixed_points = r
            .attractors
            .iter()
            .filter(|a| a.kind == AttractorKind::FixedPoint)
            .count();
        assert_eq!(
            Some(fixed_points as u64),
            expected["n_fixed_points"].as_u64(),
            "{id}: fixed points"
        );
        assert_eq!(r.explored_states, 1u128 << net.num_vars(), "{id}");
        // Some references list fixed points only (AEON enumerated no attractors there).
        if let Some(n) = expected["n_attractors"].as_u64() {
            assert_eq!(r.attractors.len() as u64, n, "{id}: attractors");
            let mut sizes: Vec<u64> = r
                .attractors
                .iter()
                .filter(|a| a.kind == AttractorKind::Complex)
                .map(|a| a.num_states.to_u128().expect("small") as u64)
                .collect();
            sizes.sort_unstable();
            let mut expected_sizes: Vec<u64> = expected["complex_attractor_sizes"]
                .as_array()
                .map(|v| v.iter().map(|x| x.as_u64().unwrap()).collect())
                .unwrap_or_default();
            expected_sizes.sort_unstable();
            assert_eq!(sizes, expected_sizes, "{id}: complex attractor sizes");
            let variables = reference["variables"].as_array().unwrap();
            let ours: BTreeSet<(bool, u64, String)> = r
                .attractors
                .iter()
                .map(|a| {
                    (
                        a.kind == AttractorKind::FixedPoint,
                        a.num_states.to_u128().expect("small") as u64,
                        in_reference_order(&r, a, variables),
                    )
                })
                .collect();
            // Some references give counts and sizes only.
            let listed = expected["attractors"]
                .as_array()
                .map_or(&[][..], |v| v.as_slice());
            let theirs: BTreeSet<(bool, u64, String)> = listed
                .iter()
                .map(|a| {
                    (
                        a["fixed_point"].as_bool().unwrap(),
                        a["n_states"].as_u64().unwrap(),
                        a["enclosing_subspace"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            if theirs.len() == r.attractors.len() {
                assert_eq!(ours, theirs, "{id}: attractor subspaces");
            }
        }
        covered.push(id);
    }
    eprintln!(
        "asynchronous corpus: {} models checked against AEON: {}",
        covered.len(),
        covered.join(" ")
    );
    eprintln!(
        "skipped, reduced core above {CORE_LIMIT} variables: {}: {}",
        skipped_size.len(),
        skipped_size.join(", ")
    );
    eprintln!(
        "skipped, no asynchronous reference (AEON timed out or failed): {}: {}",
        no_reference.len(),
        no_reference.join(" ")
    );
    assert!(!covered.is_empty());
}
