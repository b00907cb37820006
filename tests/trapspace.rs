//! Trap spaces on random networks (constants, inputs, self-loops, perturbations) against the
//! brute force over all `3^n` subspaces; the laws that tie them to the asynchronous attractors
//! of the naive explorer (every minimal trap space holds one, fixed points are the minimal trap
//! spaces without a free variable); the checks; the most permissive exploration.

use basin::attractor::{AttractorKind, Exploration, Pattern, UpdateScheme};
use basin::engine::{EngineOptions, explore, explore_naive};
use basin::network::{Network, VarId};
use basin::parse::{Format, ParseOptions, parse_str};
use basin::trapspace::{Selection, TrapConfig, TrapSpaces, naive_trap_spaces, trap_spaces};
use proptest::prelude::*;

fn patterns(found: &TrapSpaces) -> Vec<Pattern> {
    found.spaces.iter().map(|s| s.pattern.clone()).collect()
}

/// Whether the attractor's pattern lies inside the subspace.
fn inside(attractor: &Pattern, space: &Pattern) -> bool {
    attractor
        .0
        .iter()
        .zip(&space.0)
        .all(|(a, s)| s.is_none() || a == s)
}

fn async_attractors(net: &Network, fixed: &[(VarId, bool)]) -> Exploration {
    explore_naive(net, fixed, UpdateScheme::Asynchronous).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn trap_spaces_equal_brute_force(
        (net, fixed) in basin::testing::network_with_perturbations(10),
    ) {
        for selection in [Selection::All, Selection::Minimal, Selection::Maximal] {
            let naive = naive_trap_spaces(&net, &fixed, selection).unwrap();
            let ours = trap_spaces(&net, &fixed, selection, &TrapConfig::default()).unwrap();
            prop_assert_eq!(&patterns(&ours), &naive, "{}", selection);
            prop_assert_eq!(ours.count, num_bigint::BigUint::from(naive.len()));
            for s in &ours.spaces {
                prop_assert_eq!(s.free, s.pattern.0.iter().filter(|x| x.is_none()).count());
            }
        }
    }

    #[test]
    fn percolation_does_not_change_the_minimal_trap_spaces(
        (net, fixed) in basin::testing::network_with_perturbations(10),
    ) {
        let with = trap_spaces(&net, &fixed, Selection::Minimal, &TrapConfig::default()).unwrap();
        let config = TrapConfig { percolate: false, search: false, ..TrapConfig::default() };
        let without = trap_spaces(&net, &fixed, Selection::Minimal, &config).unwrap();
        prop_assert_eq!(with, without);
    }

    #[test]
    fn without_an_exact_count_the_search_stops_at_the_limit_with_true_minimal_trap_spaces(
        (net, fixed) in basin::testing::network_with_perturbations(10),
        limit in 0usize..5,
    ) {
        let all = trap_spaces(&net, &fixed, Selection::Minimal, &TrapConfig::default()).unwrap();
        let config = TrapConfig { limit: Some(limit), exact_count: false, ..TrapConfig::default() };
        let first = trap_spaces(&net, &fixed, Selection::Minimal, &config).unwrap();
        let total = all.spaces.len();
        if first.count_exact {
            prop_assert_eq!(&first, &TrapSpaces { spaces: all.spaces[..limit.min(total)].to_vec(), ..all.clone() });
        } else {
            // Stopped once `limit` (at least one) were found: a lower bound.
            prop_assert_eq!(first.count.clone(), num_bigint::BigUint::from(limit.max(1)));
            prop_assert!(limit.max(1) <= total);
        }
        prop_assert_eq!(first.spaces.len(), limit.min(total));
        for s in &first.spaces {
            prop_assert!(all.spaces.contains(s), "{} is not a minimal trap space", s.pattern);
        }
        let mut sorted = patterns(&first);
        sorted.sort_by_key(|p| p.to_string().replace('*', " "));
        prop_assert_eq!(sorted, patterns(&first), "listed in pattern order");
    }

    #[test]
    fn the_search_and_the_bdd_method_give_the_same_minimal_trap_spaces(
        (net, fixed) in basin::testing::network_with_perturbations(12),
    ) {
        let config = TrapConfig { checks: true, ..TrapConfig::default() };
        let searched = trap_spaces(&net, &fixed, Selection::Minimal, &config).unwrap();
        let config = TrapConfig { search: false, ..config };
        let bdd = trap_spaces(&net, &fixed, Selection::Minimal, &config).unwrap();
        prop_assert_eq!(searched, bdd);
    }

    #[test]
    fn every_minimal_trap_space_holds_an_asynchronous_attractor(
        (net, fixed) in basin::testing::network_with_perturbations(10),
    ) {
        let min = trap_spaces(&net, &fixed, Selection::Minimal, &TrapConfig::default()).unwrap();
        let attractors = async_attractors(&net, &fixed);
        for space in &min.spaces {
            prop_assert!(
                attractors.attractors.iter().any(|a| inside(&a.pattern, &space.pattern)),
                "no attractor in {}", space.pattern
            );
        }
    }

    #[test]
    fn fixed_points_are_the_minimal_trap_spaces_without_free_variables(
        (net, fixed) in basin::testing::network_with_perturbations(10),
    ) {
        let min = trap_spaces(&net, &fixed, Selection::Minimal, &TrapConfig::default()).unwrap();
        let closed: Vec<Pattern> = min
            .spaces
            .iter()
            .filter(|s| s.free == 0)
            .map(|s| s.pattern.clone())
            .collect();
        let points: Vec<Pattern> = async_attractors(&net, &fixed)
            .attractors
            .iter()
            .filter(|a| a.kind == AttractorKind::FixedPoint)
            .map(|a| a.pattern.clone())
            .collect();
        let mut closed_sorted = closed.clone();
        closed_sorted.sort_by_key(|p| p.to_string());
        let mut points_sorted = points;
        points_sorted.sort_by_key(|p| p.to_string());
        prop_assert_eq!(closed_sorted, points_sorted);
    }

    #[test]
    fn checks_agree_with_the_naive_attractors(
        (net, fixed) in basin::testing::network_with_perturbations(8),
    ) {
        let config = TrapConfig { checks: true, ..TrapConfig::default() };
        let min = trap_spaces(&net, &fixed, Selection::Minimal, &config).unwrap();
        let attractors = async_attractors(&net, &fixed).attractors;
        for space in &min.spaces {
            let holds = attractors.iter().filter(|a| inside(&a.pattern, &space.pattern)).count();
            prop_assert_eq!(space.univocal, Some(holds == 1), "{}", space.pattern);
        }
        let complete = attractors
            .iter()
            .all(|a| min.spaces.iter().any(|s| inside(&a.pattern, &s.pattern)));
        prop_assert_eq!(min.complete, Some(complete));
    }

    #[test]
    fn a_limit_lists_the_first_trap_spaces(
        (net, fixed) in basin::testing::network_with_perturbations(8),
        limit in 0usize..6,
    ) {
        let all = trap_spaces(&net, &fixed, Selection::All, &TrapConfig::default()).unwrap();
        let config = TrapConfig { limit: Some(limit), ..TrapConfig::default() };
        let some = trap_spaces(&net, &fixed, Selection::All, &config).unwrap();
        prop_assert_eq!(&some.count, &all.count);
        let n = limit.min(all.spaces.len());
        prop_assert_eq!(&some.spaces[..], &all.spaces[..n]);
    }

    #[test]
    fn most_permissive_attractors_equal_naive(
        (net, fixed) in basin::testing::network_with_perturbations(10),
    ) {
        let options = EngineOptions { max_states: 16, ..EngineOptions::default() };
        let ours = explore(&net, &fixed, UpdateScheme::MostPermissive, &options).unwrap();
        let naive = basin::trapspace::naive_most_permissive(&net, &fixed, 16).unwrap();
        prop_assert_eq!(&ours.attractors, &naive.attractors);
        prop_assert_eq!(&ours.fixed, &naive.fixed);
        prop_assert_eq!(&ours.explored_states, &naive.explored_states);
    }
}

fn bnet(text: &str) -> Network {
    parse_str(text, &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network
}

#[test]
fn a_cycle_is_one_minimal_trap_space_with_free_variables() {
    // A negative loop of three: no fixed point; the whole space is the only trap space.
    let net = bnet("A, !C\nB, A\nC, B\n");
    let min = trap_spaces(&net, &[], Selection::Minimal, &TrapConfig::default()).unwrap();
    assert_eq!(patterns(&min), vec![Pattern(vec![None; 3])]);
    assert_eq!(min.spaces[0].free, 3);
    let max = trap_spaces(&net, &[], Selection::Maximal, &TrapConfig::default()).unwrap();
    assert!(max.spaces.is_empty());
}

#[test]
fn inputs_multiply_the_minimal_trap_spaces_and_are_counted_exactly() {
    // 40 free inputs, each read by one output: 2^40 minimal trap spaces, counted, 3 listed.
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!("i{i}, i{i}\no{i}, i{i}\n"));
    }
    let net = bnet(&text);
    let config = TrapConfig {
        limit: Some(3),
        ..TrapConfig::default()
    };
    let min = trap_spaces(&net, &[], Selection::Minimal, &config).unwrap();
    assert_eq!(min.count, num_bigint::BigUint::from(1u64 << 40));
    assert_eq!(min.spaces.len(), 3);
    assert!(!min.is_listed());
    assert!(min.spaces.iter().all(|s| s.free == 0));
}

#[test]
fn most_permissive_refuses_to_list_more_than_memory_allows() {
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!("i{i}, i{i}\n"));
    }
    let net = bnet(&text);
    let options = EngineOptions {
        max_memory: Some(1 << 20),
        ..EngineOptions::default()
    };
    let err = explore(&net, &[], UpdateScheme::MostPermissive, &options).unwrap_err();
    assert!(matches!(err, basin::Error::TooLarge { .. }), "{err:?}");
}

#[test]
fn a_cancelled_search_stops() {
    let net = bnet("A, !B\nB, !A\n");
    let cancel = basin::cancel::Cancel::new();
    cancel.cancel();
    let config = TrapConfig {
        cancel,
        ..TrapConfig::default()
    };
    let err = trap_spaces(&net, &[], Selection::Minimal, &config).unwrap_err();
    assert!(matches!(err, basin::Error::Cancelled), "{err:?}");
}

#[test]
fn a_tiny_node_budget_is_an_error_not_a_panic() {
    let net = bnet("A, B & C | !D\nB, A | D\nC, !A & B\nD, C | B & A\n");
    // The BDD method (the search builds no BDD beyond the rules' own).
    let config = TrapConfig {
        node_limit: Some(1),
        search: false,
        ..TrapConfig::default()
    };
    let result = trap_spaces(&net, &[], Selection::Minimal, &config);
    assert!(
        matches!(result, Err(basin::Error::TooLarge { .. })),
        "{result:?}"
    );
}

#[test]
fn checks_out_of_time_are_unknown_not_an_error() {
    // In pattern order the oscillation (01*1) comes before the fixed points (100x).
    let net = bnet("A, !B\nB, !A\nC, !C & !A\nD, D | C\n");
    let config = TrapConfig {
        checks: true,
        check_time: Some(std::time::Duration::ZERO),
        ..TrapConfig::default()
    };
    let found = trap_spaces(&net, &[], Selection::Minimal, &config).unwrap();
    let in_time = trap_spaces(
        &net,
        &[],
        Selection::Minimal,
        &TrapConfig {
            checks: true,
            ..TrapConfig::default()
        },
    )
    .unwrap();
    assert!(in_time.complete.is_some());
    assert!(
        in_time
            .spaces
            .iter()
            .any(|s| s.free > 0 && s.univocal.is_some())
    );
    assert_eq!(found.complete, None);
    // Fixed points need no search; every other check is unknown.
    for s in &found.spaces {
        assert_eq!(s.univocal, (s.free == 0).then_some(true), "{}", s.pattern);
    }
    assert_eq!(patterns(&found), patterns(&in_time));
    let listed: Vec<String> = patterns(&found).iter().map(|p| p.to_string()).collect();
    assert_eq!(listed, ["01*1", "1000", "1001"]);
}
