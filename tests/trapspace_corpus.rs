//! Known answers for trap spaces: on every corpus model for which the stored mpbn reference
//! finished (`tests/expected/trapspaces_mpbn.json`, made by `benches/compare/trapspaces.py
//! references`; the command is in the file), the minimal trap spaces have mpbn's count and,
//! where stored, mpbn's patterns (variables sorted by name).
//!
//! Each model runs under a guard of [`GUARD_SECONDS`] that fails the test.

mod common;

use basin::cancel::Cancel;
use basin::parse::{Format, ParseOptions, parse_str};
use basin::trapspace::{Selection, TrapConfig, trap_spaces};
use num_bigint::BigUint;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Models not checked, with the reason. None since minimal trap spaces are searched for one by
/// one (the BDD method alone needed over 20 s on 13 of them: `benches/README-trapspaces.md`).
const SLOW: &[(&str, &str)] = &[];

/// A model still running after this long fails the test.
const GUARD_SECONDS: u64 = 60;

#[test]
#[cfg_attr(corpus_missing, ignore = "the corpus (../shared/corpus) is not there")]
fn corpus_minimal_trap_spaces_match_mpbn() {
    let dir = common::corpus_dir();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/expected/trapspaces_mpbn.json"
    );
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let models = stored["models"].as_object().expect("models");
    let (mut counted, mut compared) = (0, 0);
    for (id, reference) in models {
        if reference["status"] != "ok" {
            continue;
        }
        if let Some((_, why)) = SLOW.iter().find(|(s, _)| s == id) {
            eprintln!("{id} skipped: {why}");
            continue;
        }
        let text = std::fs::read_to_string(dir.join(format!("{id}.bnet"))).expect("read bnet");
        let net = parse_str(&text, &ParseOptions::new(Format::Bnet))
            .unwrap_or_else(|e| panic!("{id}: {e}"))
            .network;
        let config = TrapConfig {
            cancel: Cancel::new().with_timeout(Some(Duration::from_secs(GUARD_SECONDS))),
            ..TrapConfig::default()
        };
        let start = Instant::now();
        let found = trap_spaces(&net, &[], Selection::Minimal, &config)
            .unwrap_or_else(|e| panic!("{id}: {e} after {:?}", start.elapsed()));
        let count = reference["count"].as_u64().expect("count");
        assert_eq!(
            found.count,
            BigUint::from(count),
            "{id}: number of minimal trap spaces"
        );
        counted += 1;
        let Some(patterns) = reference["patterns"].as_array() else {
            continue;
        };
        let positions: Vec<usize> = reference["variables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let name = v.as_str().unwrap();
                net.find(name)
                    .unwrap_or_else(|| panic!("{id}: reference variable {name} not in the model"))
                    .index()
            })
            .collect();
        let mut ours: Vec<String> = found
            .spaces
            .iter()
            .map(|s| {
                let p = s.pattern.to_string().into_bytes();
                positions.iter().map(|&i| p[i] as char).collect()
            })
            .collect();
        ours.sort();
        let expected: Vec<String> = patterns
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        assert_eq!(ours, expected, "{id}: minimal trap spaces");
        compared += 1;
    }
    assert!(counted > 0, "no stored reference finished");
    eprintln!("{counted} models counted, {compared} compared pattern by pattern");
}
