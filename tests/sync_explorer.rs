//! The bit-sliced synchronous explorer (with reduction) against the naive reference on random
//! networks: same attractors and basins, sequential equals parallel, basins partition the space,
//! every cycle is a cycle of the naive step, knocked-out nodes are constant.

use basin::synchronous::{SyncConfig, SyncExplorer, attractors, naive_attractors};
use basin::testing::{network, network_with_perturbations};
use basin::{Basin, Exploration, Network, VarId};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// Each attractor as (states, basin size) in the exploration's order.
fn summary(e: &Exploration) -> Vec<(Vec<String>, u128)> {
    e.attractors
        .iter()
        .map(|a| {
            let size = match &a.basin {
                Basin::Partition { size } => size.to_u128().expect("small"),
                other => panic!("unexpected basin {other:?}"),
            };
            (a.states.iter().map(|s| s.to_string()).collect(), size)
        })
        .collect()
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

/// The synchronous successor of a full state on the network with `fixed` applied.
fn step(net: &Network, x: &[bool]) -> Vec<bool> {
    net.vars()
        .map(|v| net.function(v).eval(|r| x[r.index()]))
        .collect()
}

fn check_against_naive(net: &Network, fixed: &[(VarId, bool)]) -> Result<(), TestCaseError> {
    let fast = attractors(net, fixed, &SyncConfig::default()).unwrap();
    let naive = naive_attractors(net, fixed).unwrap();
    prop_assert_eq!(summary(&fast), summary(&naive));
    prop_assert_eq!(&fast.explored_states, &naive.explored_states);
    prop_assert_eq!(&fast.fixed, &naive.fixed);
    let total: u128 = summary(&fast).iter().map(|(_, s)| s).sum();
    prop_assert_eq!(Some(total), fast.explored_states.to_u128());
    // Every reported cycle is a cycle of the naive step, starting at its smallest state.
    let fixed_net = net.with_fixed(&fast.fixed);
    for a in &fast.attractors {
        let states: Vec<Vec<bool>> = a.states.iter().map(|s| s.to_bools()).collect();
        prop_assert!(a.num_states == states.len() as u128);
        for t in 0..states.len() {
            let next = &states[(t + 1) % states.len()];
            prop_assert_eq!(&step(&fixed_net, &states[t]), next);
        }
        let as_int = |s: &basin::State| -> u64 { s.to_bits() };
        prop_assert!(a.states.iter().all(|s| as_int(s) >= as_int(&a.states[0])));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fast_explorer_matches_naive(net in network(12)) {
        check_against_naive(&net, &[])?;
    }

    #[test]
    fn fast_explorer_matches_naive_under_perturbations((net, fixed) in network_with_perturbations(12)) {
        check_against_naive(&net, &fixed)?;
    }

    #[test]
    fn sequential_equals_parallel((net, fixed) in network_with_perturbations(12)) {
        let one = in_pool(1, || attractors(&net, &fixed, &SyncConfig::default()).unwrap());
        let four = in_pool(4, || attractors(&net, &fixed, &SyncConfig::default()).unwrap());
        prop_assert_eq!(one, four);
    }

    #[test]
    fn a_knocked_out_node_is_constant_in_every_attractor((net, fixed) in network_with_perturbations(12)) {
        let e = attractors(&net, &fixed, &SyncConfig::default()).unwrap();
        for &(v, value) in &fixed {
            for a in &e.attractors {
                prop_assert!(a.states.iter().all(|s| s.get(v) == value));
                prop_assert_eq!(a.pattern.0[v.index()], Some(value));
            }
        }
    }

    #[test]
    fn samples_land_on_true_attractors((net, fixed) in network_with_perturbations(12), seed in any::<u64>()) {
        let exact = attractors(&net, &fixed, &SyncConfig::default()).unwrap();
        let sampled = attractors(&net, &fixed, &SyncConfig::sampled(300, seed)).unwrap();
        let truth: Vec<Vec<String>> = summary(&exact).into_iter().map(|(s, _)| s).collect();
        let mut hits = 0;
        for a in &sampled.attractors {
            let states: Vec<String> = a.states.iter().map(|s| s.to_string()).collect();
            prop_assert!(truth.contains(&states), "{states:?} is not an attractor");
            match &a.basin {
                &Basin::Sampled { hits: h, samples, ci95 } => {
                    prop_assert_eq!(samples, 300);
                    let p = h as f64 / 300.0;
                    prop_assert!(ci95.0 <= p + 1e-12 && p <= ci95.1 + 1e-12, "{p} outside {ci95:?}");
                    hits += h;
                }
                other => panic!("unexpected basin {other:?}"),
            }
        }
        prop_assert_eq!(hits, 300);
        prop_assert_eq!(sampled.explored_states, exact.explored_states);
    }

    #[test]
    fn sampling_does_not_depend_on_threads((net, fixed) in network_with_perturbations(12), seed in any::<u64>()) {
        let config = SyncConfig::sampled(5000, seed);
        let one = in_pool(1, || attractors(&net, &fixed, &config).unwrap());
        let two = in_pool(2, || attractors(&net, &fixed, &config).unwrap());
        prop_assert_eq!(one, two);
    }
}

#[test]
fn buffers_are_reused_across_runs_of_different_sizes() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut explorer = SyncExplorer::new();
    for _ in 0..40 {
        let (net, fixed) = network_with_perturbations(12)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let reused = explorer
            .attractors(&net, &fixed, &SyncConfig::default())
            .unwrap();
        let fresh = attractors(&net, &fixed, &SyncConfig::default()).unwrap();
        assert_eq!(reused, fresh);
    }
    assert!(explorer.buffer_bytes() > 0);
}

#[test]
fn larger_spaces_split_across_many_workers_agree_with_naive() {
    // 18 free variables: many walk tasks, so workers run into each other's paths.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut done = 0;
    while done < 6 {
        let net = network(18).new_tree(&mut runner).unwrap().current();
        if net.num_vars() < 16 {
            continue;
        }
        let fast = in_pool(4, || attractors(&net, &[], &SyncConfig::default()).unwrap());
        let naive = naive_attractors(&net, &[]).unwrap();
        assert_eq!(summary(&fast), summary(&naive));
        done += 1;
    }
}

#[test]
fn refuses_work_over_the_memory_limit_with_figures_and_advice() {
    let text: String = (0..24)
        .map(|i| format!("x{i}, x{i} | x{}\n", (i + 1) % 24))
        .collect::<String>()
        + "I, I\n";
    let net = basin::parse::parse_str(
        &text,
        &basin::parse::ParseOptions::new(basin::parse::Format::Bnet),
    )
    .unwrap()
    .network;
    let config = SyncConfig {
        max_memory: Some(1 << 20),
        ..SyncConfig::default()
    };
    let e = attractors(&net, &[], &config).unwrap_err();
    assert!(matches!(e, basin::Error::TooLarge { .. }));
    let msg = e.to_string();
    assert!(msg.contains("25 free core variables"), "{msg}");
    // The remedies are data (no command-line words in the library's message).
    assert!(!msg.contains("--"), "{msg}");
    assert!(
        e.remedies().contains(&basin::error::Remedy::UseSampling)
            && e.remedies().iter().any(|r| matches!(
                r,
                basin::error::Remedy::FixInputs { inputs } if inputs.contains(&"I".to_string())
            )),
        "{:?}",
        e.remedies()
    );
    // Sampling the same network works and says how it was done.
    let s = attractors(&net, &[], &SyncConfig::sampled(100, 7)).unwrap();
    assert_eq!(
        s.method,
        basin::Method::Sampled {
            samples: 100,
            seed: 7
        }
    );
}
