//! Starts and protocols against brute force on random networks: absorption probabilities from
//! a start equal one dense linear solve of the whole chain (`naive_reach_from`), a protocol's
//! steps equal composing those solves, and the laws every start must satisfy (probabilities sum
//! to 1; the uniform start gives the ordinary shares; a synchronous state goes to one
//! attractor).

use basin::asynchronous::naive_attractors;
use basin::attractor::{Exploration, Pattern, UpdateScheme};
use basin::engine::{EngineOptions, explore};
use basin::network::{Network, VarId};
use basin::parse::{Format, ParseOptions, parse_str};
use basin::state::State;
use basin::trajectory::{Start, naive_reach_from, protocol};
use proptest::prelude::*;

fn options(start: Option<Start>) -> EngineOptions {
    EngineOptions {
        max_states: usize::MAX,
        start,
        ..EngineOptions::default()
    }
}

fn shares(e: &Exploration) -> Vec<f64> {
    e.attractors
        .iter()
        .map(|a| a.basin.share(&e.explored_states).expect("computed"))
        .collect()
}

/// A random start for a network of `n` variables: a state, a pattern, or three states with
/// random weights.
fn start(n: usize) -> impl Strategy<Value = Start> {
    let state = proptest::collection::vec(any::<bool>(), n);
    prop_oneof![
        state
            .clone()
            .prop_map(|b| Start::State(State::from_bools(&b))),
        proptest::collection::vec(proptest::option::of(any::<bool>()), n)
            .prop_map(|p| Start::Pattern(Pattern(p))),
        proptest::collection::vec((state, 1u32..10), 1..4).prop_map(|list| {
            let total: u32 = list.iter().map(|(_, w)| w).sum();
            Start::Distribution {
                name: "random".into(),
                states: list
                    .into_iter()
                    .map(|(b, w)| (State::from_bools(&b), f64::from(w) / f64::from(total)))
                    .collect(),
            }
        }),
    ]
}

fn case(max_vars: usize) -> impl Strategy<Value = (Network, Vec<(VarId, bool)>, Start)> {
    basin::testing::network_with_perturbations(max_vars).prop_flat_map(|(net, fixed)| {
        let n = net.num_vars();
        (Just(net), Just(fixed), start(n))
    })
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The explicit engine's probabilities from a start equal a dense linear solve of the
    /// whole network's absorbing chain (outputs included, no reduction).
    #[test]
    fn reach_from_a_start_equals_a_linear_solve((net, fixed, start) in case(8)) {
        let naive = naive_attractors(&net, &fixed).unwrap();
        let reference = naive_reach_from(&net, &fixed, &naive, &start).unwrap();
        let fast = explore(&net, &fixed, UpdateScheme::Asynchronous, &options(Some(start))).unwrap();
        prop_assert_eq!(fast.attractors.len(), naive.attractors.len());
        for (a, b) in fast.attractors.iter().zip(&naive.attractors) {
            prop_assert_eq!(&a.states, &b.states);
        }
        let got = shares(&fast);
        prop_assert!(close(&got, &reference), "{got:?} vs {reference:?}");
        prop_assert!((got.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    /// Every state equally likely is the ordinary exploration, under both updates.
    #[test]
    fn the_uniform_start_gives_the_ordinary_shares(
        (net, fixed) in basin::testing::network_with_perturbations(8)
    ) {
        let all = Start::Pattern(Pattern(vec![None; net.num_vars()]));
        for update in [UpdateScheme::Asynchronous, UpdateScheme::Synchronous] {
            let plain = explore(&net, &fixed, update, &options(None)).unwrap();
            let from = explore(&net, &fixed, update, &options(Some(all.clone()))).unwrap();
            prop_assert!(close(&shares(&plain), &shares(&from)));
        }
    }

    /// Synchronous update is deterministic: a state ends in one attractor, the one its
    /// trajectory meets.
    #[test]
    fn a_synchronous_state_goes_to_one_attractor(
        (net, fixed) in basin::testing::network_with_perturbations(8),
        bits in any::<u64>(),
    ) {
        let n = net.num_vars();
        let mut s = State::from_bits(bits & ((1u64 << n) - 1), n);
        let start = Start::State(s.clone());
        let e = explore(&net, &fixed, UpdateScheme::Synchronous, &options(Some(start))).unwrap();
        let got = shares(&e);
        let hit: Vec<usize> = (0..got.len()).filter(|&i| got[i] > 0.0).collect();
        prop_assert_eq!(hit.len(), 1);
        prop_assert_eq!(got[hit[0]], 1.0);
        // Follow the trajectory by hand (fixed values applied first) for 2^n + 1 steps: it is
        // then on its cycle.
        let held = net.with_fixed(&e.fixed);
        for &(v, b) in &e.fixed {
            s.set(v, b);
        }
        for _ in 0..=(1usize << n) {
            let values = s.to_bools();
            let next: Vec<bool> = held.functions().iter().map(|f| f.eval(|v| values[v.index()])).collect();
            s = State::from_bools(&next);
        }
        prop_assert!(e.attractors[hit[0]].states.contains(&s));
    }

    /// A two-step protocol equals composing the dense solves: the first step's distribution
    /// over attractors, spread over their states, is the second step's start.
    #[test]
    fn a_protocol_composes_the_per_condition_absorption(
        (net, first, start) in case(7),
        second_bits in any::<u8>(),
    ) {
        // The second condition: the first one's variables fixed to other values.
        let second: Vec<(VarId, bool)> = first
            .iter()
            .enumerate()
            .map(|(i, &(v, b))| (v, b ^ ((second_bits >> i) & 1 == 1)))
            .collect();
        let steps = vec![("one".to_string(), first.clone()), ("two".to_string(), second.clone())];
        let run = protocol(&net, &steps, Some(&start), UpdateScheme::Asynchronous, &options(None)).unwrap();
        prop_assert_eq!(run.len(), 2);
        let naive1 = naive_attractors(&net, &first).unwrap();
        let p1 = naive_reach_from(&net, &first, &naive1, &start).unwrap();
        prop_assert!(close(&shares(&run[0].exploration), &p1));
        let carried = Start::from_attractors("after one", &naive1, &p1).unwrap();
        let naive2 = naive_attractors(&net, &second).unwrap();
        let p2 = naive_reach_from(&net, &second, &naive2, &carried).unwrap();
        prop_assert!(close(&shares(&run[1].exploration), &p2), "{:?} vs {p2:?}", shares(&run[1].exploration));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Inputs never change, so a state's probabilities with the inputs free (a core of up to
    /// 14 variables, cut into chunks by input values) equal those with the inputs fixed at the
    /// state's values.
    #[test]
    fn free_inputs_keep_the_start_values(
        net in basin::testing::network(14),
        bits in any::<u64>(),
    ) {
        let n = net.num_vars();
        let s = State::from_bits(bits & ((1u64 << n) - 1), n);
        let inputs: Vec<(VarId, bool)> = net.inputs().into_iter().map(|v| (v, s.get(v))).collect();
        let start = Start::State(s);
        let free = explore(&net, &[], UpdateScheme::Asynchronous, &options(Some(start.clone()))).unwrap();
        let held = explore(&net, &inputs, UpdateScheme::Asynchronous, &options(Some(start))).unwrap();
        let free_shares = shares(&free);
        for (a, p) in held.attractors.iter().zip(shares(&held)) {
            let i = free.attractors.iter().position(|b| b.states == a.states);
            prop_assert!(i.is_some(), "attractor {} missing with free inputs", a.pattern);
            prop_assert!((free_shares[i.unwrap()] - p).abs() < 1e-9);
        }
        prop_assert!((free_shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
}

#[test]
fn a_toggle_switch_goes_where_it_starts() {
    let net = parse_str("A, !B\nB, !A\n", &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    let from = |text: &str, update| {
        let start = Start::parse(&net, text).unwrap();
        shares(&explore(&net, &[], update, &options(Some(start))).unwrap())
    };
    // Attractors sorted by pattern: 01 then 10.
    assert_eq!(from("10", UpdateScheme::Asynchronous), vec![0.0, 1.0]);
    assert_eq!(from("A=0,B=1", UpdateScheme::Asynchronous), vec![1.0, 0.0]);
    assert_eq!(from("00", UpdateScheme::Asynchronous), vec![0.5, 0.5]);
    // Synchronously 00 and 11 swap forever: a cycle of its own.
    assert_eq!(
        from("00", UpdateScheme::Synchronous).iter().sum::<f64>(),
        1.0
    );
}

#[test]
fn the_symbolic_engine_and_synchronous_sampling_refuse_a_start() {
    let net = parse_str("A, !B\nB, !A\n", &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    for (engine, update) in [
        (basin::Engine::Symbolic, UpdateScheme::Asynchronous),
        (basin::Engine::Symbolic, UpdateScheme::Synchronous),
        (basin::Engine::Sample, UpdateScheme::Synchronous),
    ] {
        let o = EngineOptions {
            engine,
            ..options(Some(Start::parse(&net, "10").unwrap()))
        };
        assert!(matches!(
            explore(&net, &[], update, &o),
            Err(basin::Error::Limit { .. })
        ));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Random walks from a start estimate the exact probabilities from it (20 000 walks: a
    /// standard error of at most 0.0036, the tolerance is 0.03).
    #[test]
    fn walks_from_a_start_estimate_the_exact_probabilities((net, fixed, start) in case(8)) {
        let exact = explore(&net, &fixed, UpdateScheme::Asynchronous, &options(Some(start.clone()))).unwrap();
        let sampled_options = EngineOptions {
            engine: basin::Engine::Sample,
            samples: 20_000,
            ..options(Some(start))
        };
        let sampled = explore(&net, &fixed, UpdateScheme::Asynchronous, &sampled_options).unwrap();
        prop_assert_eq!(sampled.attractors.len(), exact.attractors.len());
        for (a, b) in sampled.attractors.iter().zip(&exact.attractors) {
            prop_assert_eq!(&a.states, &b.states);
        }
        for (p, q) in shares(&sampled).iter().zip(shares(&exact)) {
            prop_assert!((p - q).abs() < 0.03, "{p} vs {q}");
        }
    }
}
