//! Known answers: every corpus model with a synchronous reference (BoolNet 2.1.7, exhaustive)
//! must give the same attractors, cycle lengths and basin sizes.
//!
//! The reference encodes states as 0/1 strings over the variables sorted by name; cycles are
//! compared up to rotation (both sides rotated to their lexicographically smallest string), with
//! states mapped by name.

mod common;

use basin::synchronous::{SyncConfig, attractors};
use basin::{Basin, Exploration};
use serde_json::Value;
use std::collections::BTreeMap;

fn rotate_min(states: &mut [String]) {
    let start = (0..states.len())
        .min_by(|&i, &j| states[i].cmp(&states[j]))
        .unwrap_or(0);
    states.rotate_left(start);
}

/// Our attractors re-encoded over `sorted` names, as (rotated states, basin size), sorted.
fn ours(e: &Exploration, sorted: &[String]) -> Vec<(Vec<String>, u128)> {
    let pos: BTreeMap<&str, usize> = e
        .variables
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut out: Vec<(Vec<String>, u128)> = e
        .attractors
        .iter()
        .map(|a| {
            let mut states: Vec<String> = a
                .states
                .iter()
                .map(|s| {
                    let bits = s.to_bools();
                    sorted
                        .iter()
                        .map(|n| if bits[pos[n.as_str()]] { '1' } else { '0' })
                        .collect()
                })
                .collect();
            rotate_min(&mut states);
            let size = match &a.basin {
                Basin::Partition { size } => size.to_u128().expect("small"),
                other => panic!("unexpected basin {other:?}"),
            };
            (states, size)
        })
        .collect();
    out.sort();
    out
}

#[test]
#[cfg_attr(
    corpus_missing,
    ignore = "needs the corpus at ../shared/corpus or $BASIN_CORPUS"
)]
fn corpus_synchronous_references_match() {
    let dir = common::corpus_dir();
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    entries.sort();
    for json_path in entries {
        let reference: Value =
            serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
        let sync = &reference["synchronous"];
        if sync["status"] != "ok" {
            continue;
        }
        let id = reference["id"].as_str().unwrap();
        let model = basin::parse::read_model(&dir.join(format!("{id}.bnet")), None, false)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let e = attractors(&model.network, &[], &SyncConfig::default())
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let sorted: Vec<String> = reference["variables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            e.attractors.len() as u64,
            sync["n_attractors"].as_u64().unwrap(),
            "{id}: attractor count"
        );
        let mut lengths: Vec<u64> = e
            .attractors
            .iter()
            .map(|a| a.num_states.to_u128().expect("small") as u64)
            .collect();
        lengths.sort();
        let mut ref_lengths: Vec<u64> = sync["attractor_lengths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        ref_lengths.sort();
        assert_eq!(lengths, ref_lengths, "{id}: cycle lengths");
        assert_eq!(
            e.explored_states,
            u128::from(sync["basin_total"].as_u64().unwrap()),
            "{id}: explored states"
        );
        let mine = ours(&e, &sorted);
        if let Some(sizes) = sync["basin_sizes_sorted"].as_array() {
            let mut my_sizes: Vec<u128> = mine.iter().map(|(_, s)| *s).collect();
            my_sizes.sort();
            let ref_sizes: Vec<u128> = sizes.iter().map(|v| v.as_u64().unwrap() as u128).collect();
            assert_eq!(my_sizes, ref_sizes, "{id}: basin sizes");
        }
        let mut theirs: Vec<(Vec<String>, u128)> = sync["attractors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let mut states: Vec<String> = a["states"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect();
                rotate_min(&mut states);
                (states, a["basin_size"].as_u64().unwrap() as u128)
            })
            .collect();
        theirs.sort();
        assert_eq!(mine, theirs, "{id}: attractor states and basins");
        checked += 1;
    }
    eprintln!("checked {checked} corpus models against their synchronous references");
    assert!(
        checked >= 30,
        "only {checked} corpus models had a synchronous reference"
    );
}
