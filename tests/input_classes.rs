//! Input classes (`basin::condition::input_classes`): the conditions of one class explore the
//! same network on every variable that is not an input, so their attractors, basins and reach
//! probabilities are the same apart from the inputs' own values. Checked by exploring every
//! member of every class of random networks, under both update schemes and a perturbation.

use basin::attractor::{Exploration, UpdateScheme};
use basin::condition::{all_conditions, input_classes};
use basin::network::{Network, VarId};
use basin::{EngineOptions, explore};
use proptest::prelude::*;

/// The exploration with the inputs' values masked: (pattern, states, basin) per attractor,
/// sorted (the order of attractors follows their patterns, inputs included).
fn masked(network: &Network, e: &Exploration) -> Vec<String> {
    let mut out: Vec<String> = e
        .attractors
        .iter()
        .map(|a| {
            let pattern: String = a
                .pattern
                .0
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    _ if network.is_input(VarId::new(i)) => 'i',
                    Some(true) => '1',
                    Some(false) => '0',
                    None => '*',
                })
                .collect();
            format!("{pattern} {} {:?}", a.num_states, a.basin)
        })
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn members_of_a_class_have_the_same_results(
        network in basin::testing::network(9),
        perturb in proptest::option::of((0usize..9, any::<bool>())),
    ) {
        let conditions = all_conditions(&network).unwrap();
        let classes = input_classes(&network, &conditions);
        // A partition of the conditions, in order of first member.
        let mut seen: Vec<usize> = classes.iter().flatten().copied().collect();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..conditions.len()).collect::<Vec<_>>());
        prop_assert!(classes.windows(2).all(|w| w[0][0] < w[1][0]));
        let extra: Vec<(VarId, bool)> = perturb
            .filter(|&(v, _)| v < network.num_vars() && !network.is_input(VarId::new(v)))
            .map(|(v, b)| vec![(VarId::new(v), b)])
            .unwrap_or_default();
        for update in [UpdateScheme::Asynchronous, UpdateScheme::Synchronous] {
            for class in &classes {
                let results: Vec<Vec<String>> = class
                    .iter()
                    .map(|&i| {
                        let mut fixed = conditions[i].fixed().to_vec();
                        fixed.extend(&extra);
                        let e = explore(&network, &fixed, update, &EngineOptions::default())
                            .unwrap();
                        masked(&network, &e)
                    })
                    .collect();
                for r in &results[1..] {
                    prop_assert_eq!(r, &results[0]);
                }
            }
        }
    }
}

#[test]
fn masked_inputs_fold_into_one_class() {
    // C reads A | B: once either is on, C's rule is `1` and the other input is not read;
    // D reads A alone.
    let text = "A, A\nB, B\nC, A | B\nD, A & C\n";
    let network = basin::parse::parse_str(
        text,
        &basin::parse::ParseOptions::new(basin::parse::Format::Bnet),
    )
    .unwrap()
    .network;
    let conditions = all_conditions(&network).unwrap();
    let names: Vec<Vec<&str>> = input_classes(&network, &conditions)
        .into_iter()
        .map(|c| c.into_iter().map(|i| conditions[i].name.as_str()).collect())
        .collect();
    // B alone gives C = 1, D = 0; A alone and A + B give C = 1, D = C.
    assert_eq!(names, vec![vec!["none"], vec!["A", "A+B"], vec!["B"]]);
}

/// The showcase's network, every combination of its inputs, and their classes.
fn showcase_classes() -> (Network, Vec<basin::condition::Condition>, Vec<Vec<usize>>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let network =
        basin::parse::read_model(&root.join("networks/mronj_macrophage.bnet"), None, false)
            .unwrap()
            .network;
    let conditions = all_conditions(&network).unwrap();
    let classes = input_classes(&network, &conditions);
    (network, conditions, classes)
}

#[test]
fn the_showcase_has_fewer_classes_than_combinations() {
    let (network, conditions, classes) = showcase_classes();
    assert_eq!(conditions.len(), 1 << network.inputs().len());
    assert!(
        classes.len() < conditions.len() / 2,
        "{} classes",
        classes.len()
    );
}

#[test]
fn the_cli_runs_one_condition_per_class_and_says_so() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, conditions, classes) = showcase_classes();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_basin"))
            .current_dir(root)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (json, note) = run(&[
        "attractors",
        "networks/mronj_macrophage.bnet",
        "--update",
        "sync",
        "--all-conditions",
        "--input-classes",
        "--format",
        "json",
    ]);
    let reports: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ran: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["condition"].as_str().unwrap())
        .collect();
    let first: Vec<&str> = classes
        .iter()
        .map(|c| conditions[c[0]].name.as_str())
        .collect();
    assert_eq!(ran, first);
    assert!(
        note.contains(&format!(
            "{} input combinations in {} input classes",
            conditions.len(),
            classes.len()
        )),
        "{note}"
    );
    let (check, _) = run(&["check", "networks/mronj_macrophage.bnet"]);
    assert!(
        check.contains(&format!(
            "input classes: {} of {} combinations",
            classes.len(),
            conditions.len()
        )),
        "{check}"
    );
}
