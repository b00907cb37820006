//! The symbolic engine against the naive explorers and the explicit engines on random networks
//! (constants, inputs, self-loops, perturbations): the same attractors (kind, states, pattern,
//! activity, order), the same weak and strong asynchronous basins, the same synchronous cycles
//! and basins; and the laws of its own outputs (counts sum, counting agrees with listing).

use basin::asynchronous::{self, AsyncConfig};
use basin::attractor::{Basin, Exploration, UpdateScheme};
use basin::cancel::Cancel;
use basin::parse::{Format, ParseOptions, parse_str};
use basin::symbolic::{self, AsyncSearch, SymbolicConfig};
use basin::synchronous::{self, SyncConfig};
use basin::{AttractorKind, Error};
use num_bigint::BigUint;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn full() -> SymbolicConfig {
    SymbolicConfig {
        max_states: usize::MAX,
        ..SymbolicConfig::default()
    }
}

/// Same attractors in the same order; basins compared by `basins`.
fn same(ours: &Exploration, reference: &Exploration, basins: bool) -> Result<(), TestCaseError> {
    prop_assert_eq!(&ours.variables, &reference.variables);
    prop_assert_eq!(&ours.fixed, &reference.fixed);
    prop_assert_eq!(&ours.explored_states, &reference.explored_states);
    prop_assert_eq!(ours.attractors.len(), reference.attractors.len());
    for (a, b) in ours.attractors.iter().zip(&reference.attractors) {
        prop_assert_eq!(a.kind, b.kind);
        prop_assert_eq!(&a.num_states, &b.num_states);
        prop_assert_eq!(&a.states, &b.states);
        prop_assert_eq!(&a.pattern, &b.pattern);
        prop_assert_eq!(&a.activity, &b.activity);
        if basins {
            match (&a.basin, &b.basin) {
                (
                    Basin::Reachability {
                        weak: w1,
                        strong: s1,
                        ..
                    },
                    Basin::Reachability {
                        weak: w2,
                        strong: s2,
                        ..
                    },
                ) => prop_assert_eq!((w1, s1), (w2, s2)),
                (Basin::Partition { size: x }, Basin::Partition { size: y }) => {
                    prop_assert_eq!(x, y)
                }
                other => return Err(TestCaseError::fail(format!("basins differ: {other:?}"))),
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn asynchronous_equals_naive_and_explicit(
        (net, fixed) in basin::testing::network_with_perturbations(12),
        reduce in any::<bool>(),
        search in prop_oneof![
            Just(AsyncSearch::Auto),
            Just(AsyncSearch::Reduction),
            Just(AsyncSearch::TrapGuided { listed: usize::MAX }),
            Just(AsyncSearch::TrapGuided { listed: 0 }),
        ],
    ) {
        let config = SymbolicConfig { reduce, search, ..full() };
        let ours = symbolic::attractors(&net, &fixed, UpdateScheme::Asynchronous, &config).unwrap();
        let naive = asynchronous::naive_attractors(&net, &fixed).unwrap();
        same(&ours, &naive, true)?;
        let explicit_config = AsyncConfig { max_states: usize::MAX, probabilities: false, ..AsyncConfig::default() };
        let explicit = asynchronous::attractors(&net, &fixed, &explicit_config).unwrap();
        same(&ours, &explicit, true)?;
    }

    #[test]
    fn synchronous_equals_naive_and_explicit(
        (net, fixed) in basin::testing::network_with_perturbations(12),
    ) {
        let ours = symbolic::attractors(&net, &fixed, UpdateScheme::Synchronous, &full()).unwrap();
        let naive = synchronous::naive_attractors(&net, &fixed).unwrap();
        same(&ours, &naive, true)?;
        let explicit = synchronous::attractors(&net, &fixed, &SyncConfig::default()).unwrap();
        same(&ours, &explicit, true)?;
        let total: u128 = ours.attractors.iter().map(|a| match &a.basin {
            Basin::Partition { size } => size.to_u128().unwrap(),
            _ => 0,
        }).sum();
        prop_assert_eq!(Some(total), ours.explored_states.to_u128());
    }

    /// Few listed states, no basins: the same attractors (the smallest states listed), basins
    /// left at 0, and counting agrees with listing.
    #[test]
    fn attractors_only_and_counts_agree(
        (net, fixed) in basin::testing::network_with_perturbations(10),
        max_states in 0usize..4,
        asynchronous in any::<bool>(),
    ) {
        let update = if asynchronous { UpdateScheme::Asynchronous } else { UpdateScheme::Synchronous };
        let config = SymbolicConfig { max_states, basins: false, ..SymbolicConfig::default() };
        let ours = symbolic::attractors(&net, &fixed, update, &config).unwrap();
        let with_basins = symbolic::attractors(&net, &fixed, update, &full()).unwrap();
        prop_assert_eq!(ours.attractors.len(), with_basins.attractors.len());
        for (a, b) in ours.attractors.iter().zip(&with_basins.attractors) {
            prop_assert_eq!(&a.pattern, &b.pattern);
            prop_assert_eq!(&a.num_states, &b.num_states);
            // Basins not asked for are said to be absent, not written as empty.
            prop_assert_eq!(&a.basin, &Basin::NotComputed);
            if asynchronous {
                let want = if a.kind == AttractorKind::FixedPoint { 1 } else { max_states };
                prop_assert_eq!(&a.states[..], &b.states[..want.min(b.states.len())]);
            } else {
                prop_assert_eq!(&a.states, &b.states);
            }
        }
        let counts = symbolic::count_attractors(&net, &fixed, update, &config).unwrap();
        let points = ours.attractors.iter().filter(|a| a.kind == AttractorKind::FixedPoint).count();
        prop_assert_eq!(counts.fixed_points, BigUint::from(points));
        let mut others: Vec<BigUint> = ours.attractors.iter()
            .filter(|a| a.kind != AttractorKind::FixedPoint)
            .map(|a| a.num_states.to_biguint())
            .collect();
        others.sort();
        prop_assert_eq!(counts.others, others);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Reach probabilities estimated by random walks agree with the explicit engine's exact
    /// ones within five standard errors (seeded: the same walks every run), and the same seed
    /// gives the same estimates.
    #[test]
    fn walk_estimates_match_exact_probabilities(
        (net, fixed) in basin::testing::network_with_perturbations(8),
    ) {
        let walks = symbolic::Walks { samples: 4000, seed: 7, max_steps: 1 << 16 };
        let config = SymbolicConfig { walks: Some(walks), ..full() };
        let ours = symbolic::explore(&net, &fixed, UpdateScheme::Asynchronous, &config).unwrap();
        let again = symbolic::explore(&net, &fixed, UpdateScheme::Asynchronous, &config).unwrap();
        let exact = asynchronous::attractors(&net, &fixed, &AsyncConfig {
            max_states: usize::MAX,
            ..AsyncConfig::default()
        }).unwrap();
        prop_assert_eq!(ours.attractors.len(), exact.attractors.len());
        let mut total = 0;
        // Disjoint weak basins give exact probabilities without walks; otherwise every
        // attractor is estimated.
        let disjoint = ours.attractors.iter().all(|a| {
            matches!(&a.basin, Some(symbolic::SymbolicBasin::Asynchronous { weak, strong, .. }) if weak == strong)
        });
        for (a, b) in ours.attractors.iter().zip(&again.attractors) {
            let reference = exact.attractors.iter().find(|e| e.states == a.states).expect("same attractors");
            let Basin::Reachability { probability: Some(p), .. } = reference.basin else {
                return Err(TestCaseError::fail("exact probability"));
            };
            if disjoint {
                prop_assert!(a.reach.is_none(), "no walks where basins are disjoint");
                let Some(symbolic::SymbolicBasin::Asynchronous { probability: Some(q), .. }) = a.basin else {
                    return Err(TestCaseError::fail(format!("an exact probability expected: {:?}", a.basin)));
                };
                prop_assert!((q - p).abs() < 1e-12, "exact {q} against the explicit engine's {p}");
                continue;
            }
            let estimate = a.reach.as_ref().expect("walks asked for");
            prop_assert_eq!(Some(estimate), b.reach.as_ref());
            prop_assert!(estimate.ci95.0 <= estimate.fraction() && estimate.fraction() <= estimate.ci95.1);
            total += estimate.hits;
            let n = estimate.samples as f64;
            let tolerance = 5.0 * (p * (1.0 - p) / n).sqrt() + 2.0 / n;
            prop_assert!((estimate.fraction() - p).abs() <= tolerance,
                "estimate {} against exact {p}", estimate.fraction());
        }
        if !disjoint {
            prop_assert_eq!(total, 4000);
        }
    }

    /// Through the front door (`basin::explore` with the symbolic engine), the walks' estimates
    /// reach the engine-neutral results: every asynchronous basin carries an estimate (never an
    /// exact `probability`, unless the weak basins are disjoint: then the exact probability and no
/// walks), `Basin::share` reads it, it lies within five standard errors of
    /// the explicit engine's exact probability, and label distributions built from it keep the
    /// summed hits, whose interval holds the share.
    #[test]
    fn front_door_estimates_match_exact_probabilities(
        (net, fixed) in basin::testing::network_with_perturbations(8),
    ) {
        let samples = 4000;
        let options = basin::EngineOptions {
            engine: basin::engine::Engine::Symbolic,
            samples,
            seed: 11,
            ..basin::EngineOptions::default()
        };
        let ours = basin::explore(&net, &fixed, UpdateScheme::Asynchronous, &options).unwrap();
        let exact = basin::explore(&net, &fixed, UpdateScheme::Asynchronous, &basin::EngineOptions {
            engine: basin::engine::Engine::Explicit,
            ..basin::EngineOptions::default()
        }).unwrap();
        prop_assert_eq!(ours.engine.name, "symbolic");
        prop_assert_eq!(ours.attractors.len(), exact.attractors.len());
        let n = samples as f64;
        // Disjoint weak basins: exact probabilities, equal to the explicit engine's, no walks.
        if ours.attractors.iter().all(|a| matches!(&a.basin, Basin::Reachability { weak, strong, .. } if weak == strong)) {
            for (a, b) in ours.attractors.iter().zip(&exact.attractors) {
                prop_assert_eq!(&a.pattern, &b.pattern);
                prop_assert!(a.basin.estimate().is_none());
                let (p, q) = (a.basin.share(&ours.explored_states).unwrap(), b.basin.share(&exact.explored_states).unwrap());
                prop_assert!((p - q).abs() < 1e-12, "exact {p} against the explicit engine's {q}");
            }
            return Ok(());
        }
        for (a, b) in ours.attractors.iter().zip(&exact.attractors) {
            prop_assert_eq!(&a.pattern, &b.pattern);
            let Basin::Reachability { probability: None, estimate: Some(estimate), .. } = &a.basin else {
                return Err(TestCaseError::fail(format!("an estimate expected, got {:?}", a.basin)));
            };
            prop_assert_eq!(estimate.samples, samples);
            let share = a.basin.share(&ours.explored_states).unwrap();
            prop_assert_eq!(share, estimate.fraction());
            prop_assert_eq!(a.basin.estimate(), Some(estimate.clone()));
            let p = b.basin.share(&exact.explored_states).unwrap();
            prop_assert!(b.basin.estimate().is_none());
            let tolerance = 5.0 * (p * (1.0 - p) / n).sqrt() + 2.0 / n;
            prop_assert!((share - p).abs() <= tolerance, "estimate {share} against exact {p}");
        }
        // Labels: the value of the first free variable's column (any labelling will do).
        let label = |e: &Exploration| -> Vec<String> {
            e.attractors.iter().map(|a| a.pattern.to_string()[..1].to_string()).collect()
        };
        let d = basin::phenotype::Distribution::from_labels(&ours, &label(&ours));
        let w = basin::phenotype::Distribution::from_labels(&exact, &label(&exact));
        for (l, s) in d.iter() {
            let (hits, walks) = s.estimate.expect("estimated shares keep their hits");
            prop_assert_eq!(walks, samples);
            prop_assert!((s.share - hits as f64 / n).abs() < 1e-9);
            let (lo, hi) = s.ci95();
            prop_assert!(lo <= s.share + 1e-12 && s.share <= hi + 1e-12);
            let p = w.share(l);
            let tolerance = 5.0 * (p * (1.0 - p) / n).sqrt() + 2.0 / n;
            prop_assert!((s.share - p).abs() <= tolerance, "label {l}: {} against {p}", s.share);
        }
        // Exact against estimated: the shift's interval is at least as wide as the estimate's.
        let shift = basin::phenotype::Shift::between(&w, &d);
        for (_, e) in shift.iter() {
            prop_assert!(e.is_estimated());
            let (lo, hi) = e.ci95();
            prop_assert!(lo <= e.shift && e.shift <= hi);
        }
    }
}

/// The 95% intervals carried with the symbolic engine's estimates hold the explicit engine's
/// exact reach probabilities as often as a 95% interval should, on 300 random networks of up to
/// 8 variables (drawn by a deterministic runner; walks seeded per network, so every run is the
/// same).
///
/// Only estimated attractors whose exact probability is strictly between 0 and 1 count (where
/// the weak basins are disjoint the engine answers exactly, without walks). Two checks, each able to fail:
/// - coverage: at least 90% of those attractors have their exact probability inside the
///   reported interval, over at least 100 of them. Correct 95% intervals cover about 95%, with
///   a standard deviation of at most 2.2 points at 100 attractors, so 90% is more than two
///   standard deviations below; intervals half as wide as they should be (one standard error)
///   cover about 68% and fail, as does an estimate biased by a wrong chain.
/// - no gross miss: every exact probability lies within the interval widened about the
///   estimate by 2.3 times (about 4.5 standard errors, a miss of probability about 1e-5 per
///   attractor).
#[test]
fn walk_intervals_cover_exact_probabilities() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let strategy = basin::testing::network_with_perturbations(8);
    let mut runner = TestRunner::deterministic();
    let samples = 2000;
    let (mut inside, mut counted) = (0usize, 0usize);
    for k in 0..300u64 {
        let (net, fixed) = strategy.new_tree(&mut runner).unwrap().current();
        let ours = basin::explore(
            &net,
            &fixed,
            UpdateScheme::Asynchronous,
            &basin::EngineOptions {
                engine: basin::engine::Engine::Symbolic,
                samples,
                seed: 1000 + k * samples,
                ..basin::EngineOptions::default()
            },
        )
        .unwrap();
        let exact = basin::explore(
            &net,
            &fixed,
            UpdateScheme::Asynchronous,
            &basin::EngineOptions {
                engine: basin::engine::Engine::Explicit,
                ..basin::EngineOptions::default()
            },
        )
        .unwrap();
        assert_eq!(ours.attractors.len(), exact.attractors.len());
        for (a, b) in ours.attractors.iter().zip(&exact.attractors) {
            assert_eq!(a.pattern, b.pattern);
            let Some(estimate) = a.basin.estimate() else {
                // Disjoint weak basins: exact, no interval to check.
                let share = a.basin.share(&ours.explored_states).unwrap();
                let p = b.basin.share(&exact.explored_states).unwrap();
                assert!(
                    (share - p).abs() < 1e-12,
                    "network {k}: exact {share} against {p}"
                );
                continue;
            };
            assert_eq!(estimate.samples, samples);
            let share = estimate.fraction();
            let p = b.basin.share(&exact.explored_states).unwrap();
            let (lo, hi) = estimate.ci95;
            let (wide_lo, wide_hi) = (share - 2.3 * (share - lo), share + 2.3 * (hi - share));
            assert!(
                wide_lo - 1e-12 <= p && p <= wide_hi + 1e-12,
                "network {k}: exact {p} outside the widened interval {wide_lo}–{wide_hi} of \
                 the estimate {share} ({lo}–{hi})\n{net:?}"
            );
            if p > 0.0 && p < 1.0 {
                counted += 1;
                if lo - 1e-12 <= p && p <= hi + 1e-12 {
                    inside += 1;
                }
            }
        }
    }
    assert!(counted >= 100, "only {counted} attractors with 0 < p < 1");
    let coverage = inside as f64 / counted as f64;
    eprintln!("coverage {inside}/{counted} = {coverage:.3}");
    assert!(
        coverage >= 0.90,
        "the 95% intervals cover {inside} of {counted} exact probabilities"
    );
}

#[test]
fn a_tiny_node_budget_is_refused_with_the_figures() {
    // A 12-variable ring of exclusive ors: its fixed-point BDD is not tiny.
    let text: String = (0..12)
        .map(|i| {
            let (a, b) = ((i + 1) % 12, (i + 5) % 12);
            format!("x{i}, (x{a} & !x{b}) | (!x{a} & x{b})\n")
        })
        .collect();
    let net = parse_str(&text, &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    let config = SymbolicConfig {
        node_limit: Some(20),
        ..SymbolicConfig::default()
    };
    for update in [UpdateScheme::Asynchronous, UpdateScheme::Synchronous] {
        match symbolic::attractors(&net, &[], update, &config) {
            Err(Error::TooLarge { what, .. }) => {
                assert!(what.contains("12 free variables"), "{what}");
                assert!(what.contains("20 nodes"), "{what}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}

#[test]
fn a_raised_flag_cancels() {
    let cancel = Cancel::new();
    cancel.cancel();
    let net = parse_str("A, !B\nB, !A\n", &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    let config = SymbolicConfig {
        cancel,
        ..SymbolicConfig::default()
    };
    for update in [UpdateScheme::Asynchronous, UpdateScheme::Synchronous] {
        assert!(matches!(
            symbolic::attractors(&net, &[], update, &config),
            Err(Error::Cancelled)
        ));
    }
}

#[test]
fn counts_past_u128_stay_exact() {
    // 130 independent inputs: 2^130 fixed points, counted exactly, refused when listed.
    let text: String = (0..130).map(|i| format!("x{i}, x{i}\n")).collect();
    let net = parse_str(&text, &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    let config = SymbolicConfig::default();
    let counts =
        symbolic::count_attractors(&net, &[], UpdateScheme::Asynchronous, &config).unwrap();
    assert_eq!(counts.fixed_points, BigUint::from(1u8) << 130);
    assert!(counts.others.is_empty());
    assert!(matches!(
        symbolic::attractors(&net, &[], UpdateScheme::Asynchronous, &config),
        Err(Error::TooLarge { .. })
    ));
}

/// An attractor in no minimal trap space (motif-avoidant; Rozum et al. 2021): `{000, 100, 010}`
/// beside the fixed point `111`, the only minimal trap space. The trap-guided search must find
/// it in the part of the space that cannot reach `111`.
#[test]
fn the_trap_guided_search_finds_motif_avoidant_attractors() {
    let text = "A, !A & !B | C\nB, !A & !B | C\nC, A & B\n";
    let net = parse_str(text, &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    let naive = asynchronous::naive_attractors(&net, &[]).unwrap();
    assert_eq!(naive.attractors.len(), 2);
    for search in [
        AsyncSearch::TrapGuided { listed: usize::MAX },
        AsyncSearch::TrapGuided { listed: 0 },
        AsyncSearch::Reduction,
        AsyncSearch::Auto,
    ] {
        let config = SymbolicConfig { search, ..full() };
        let ours = symbolic::attractors(&net, &[], UpdateScheme::Asynchronous, &config).unwrap();
        same(&ours, &naive, true).unwrap();
    }
}

/// Networks large enough for `Auto` to race its two searches where their cores keep 24 moving
/// variables: every search gives the same attractors (20 random networks of 26-34 variables,
/// seeded).
#[test]
fn every_search_finds_the_same_attractors_on_larger_networks() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    let mut complex = 0;
    for _ in 0..20 {
        let net = basin::testing::network(34)
            .prop_filter("26 variables or more", |n| n.num_vars() >= 26)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let counts = |search| {
            let config = SymbolicConfig {
                search,
                basins: false,
                ..SymbolicConfig::default()
            };
            symbolic::count_attractors(&net, &[], UpdateScheme::Asynchronous, &config).unwrap()
        };
        let reduction = counts(AsyncSearch::Reduction);
        assert_eq!(
            counts(AsyncSearch::TrapGuided { listed: usize::MAX }),
            reduction
        );
        assert_eq!(counts(AsyncSearch::TrapGuided { listed: 0 }), reduction);
        assert_eq!(counts(AsyncSearch::Auto), reduction);
        complex += usize::from(!reduction.others.is_empty());
    }
    // Not a vacuous comparison: some networks have complex attractors.
    assert!(complex > 0, "no network with a complex attractor");
}
