//! Time courses against brute force: the activity of every variable after `t` steps equals the
//! `t`-th power of the dense step matrix applied to the start, and continuous time equals the
//! Poisson mixture of those powers (uniformization, computed here independently).

use basin::attractor::Pattern;
use basin::engine::EngineOptions;
use basin::parse::{Format, ParseOptions, parse_str};
use basin::phenotype::PhenotypeSpec;
use basin::state::State;
use basin::trajectory::{
    Clock, Representation, Start, labels_at, naive_activity_over_time, time_course,
    time_course_with,
};
use proptest::prelude::*;

fn start(n: usize) -> impl Strategy<Value = Start> {
    prop_oneof![
        proptest::collection::vec(any::<bool>(), n)
            .prop_map(|b| Start::State(State::from_bools(&b))),
        proptest::collection::vec(proptest::option::of(any::<bool>()), n)
            .prop_map(|p| Start::Pattern(Pattern(p))),
    ]
}

fn close(a: &[Vec<f64>], b: &[Vec<f64>]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.iter().zip(y).all(|(p, q)| (p - q).abs() < 1e-9))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn steps_equal_matrix_powers(
        ((net, fixed), start) in basin::testing::network_with_perturbations(8)
            .prop_flat_map(|c| { let n = c.0.num_vars(); (Just(c), start(n)) }),
        steps in 0usize..12,
    ) {
        let course = time_course(&net, &fixed, &start, None, Clock::Steps(steps), &EngineOptions::default()).unwrap();
        let reference = naive_activity_over_time(&net, &fixed, &start, steps).unwrap();
        prop_assert!(close(&course.activity, &reference), "{:?}\nvs {:?}", course.activity, reference);
        prop_assert_eq!(course.times.len(), steps + 1);
    }

    #[test]
    fn continuous_time_is_the_poisson_mixture_of_steps(
        ((net, fixed), start) in basin::testing::network_with_perturbations(6)
            .prop_flat_map(|c| { let n = c.0.num_vars(); (Just(c), start(n)) }),
        until in 0.0f64..3.0,
    ) {
        let course = time_course(
            &net, &fixed, &start, None,
            Clock::Continuous { until, points: 4 },
            &EngineOptions::default(),
        ).unwrap();
        let free = net.num_vars() - course_fixed(&net, &fixed);
        let rate = free.max(1) as f64;
        let k_max = 200;
        let steps = naive_activity_over_time(&net, &fixed, &start, k_max).unwrap();
        for (t, &tau) in course.times.iter().enumerate() {
            let lambda = rate * tau;
            let mut expected = vec![0.0; net.num_vars()];
            let mut weight = (-lambda).exp();
            for (k, act) in steps.iter().enumerate() {
                if k > 0 {
                    weight *= lambda / k as f64;
                }
                for (e, a) in expected.iter_mut().zip(act) {
                    *e += weight * a;
                }
            }
            for (e, a) in expected.iter().zip(&course.activity[t]) {
                prop_assert!((e - a).abs() < 1e-8, "t={tau}: {e} vs {a}");
            }
        }
    }
}

/// Variables fixed by `fixed` or constant.
fn course_fixed(net: &basin::Network, fixed: &[(basin::VarId, bool)]) -> usize {
    net.vars()
        .filter(|v| {
            fixed.iter().any(|(x, _)| x == v) || matches!(net.kind(*v), basin::VarKind::Constant(_))
        })
        .count()
}

#[test]
fn labels_move_from_the_start_to_the_attractor() {
    // A drives B; B is the marker. From A=1, B=0 the label moves from OFF to ON.
    let net = parse_str("A, A\nB, A\n", &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    let spec = PhenotypeSpec::from_toml_str("[labels]\nON = \"B\"\nOFF = \"!B\"\n").unwrap();
    let phenotypes = spec.bind(&net).unwrap();
    let start = Start::parse(&net, "10").unwrap();
    let course = time_course(
        &net,
        &[],
        &start,
        Some(&phenotypes),
        Clock::Steps(3),
        &EngineOptions::default(),
    )
    .unwrap();
    // Each step picks B with probability 1/2.
    for (t, expected) in [1.0, 0.5, 0.25, 0.125].into_iter().enumerate() {
        let at = labels_at(&course, t);
        assert!((at.get("OFF").copied().unwrap_or(0.0) - expected).abs() < 1e-12);
        assert!((at.get("ON").copied().unwrap_or(0.0) - (1.0 - expected)).abs() < 1e-12);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The dense representation (a vector over the whole space) and the sparse one (the states
    /// reached) give the same course, steps and continuous time, with labels.
    #[test]
    fn dense_and_sparse_agree(
        ((net, fixed), start) in basin::testing::network_with_perturbations(10)
            .prop_flat_map(|c| { let n = c.0.num_vars(); (Just(c), start(n)) }),
        steps in 0usize..16,
        continuous in any::<bool>(),
    ) {
        let phenotypes = (net.num_vars() >= 2).then(|| {
            let (a, b) = (net.names()[0].clone(), net.names()[1].clone());
            PhenotypeSpec::from_toml_str(&format!("[labels]\nHI = \"{a}\"\nMID = \"!{a} & {b}\"\n"))
                .unwrap()
                .bind(&net)
                .unwrap()
        });
        let clock = if continuous {
            Clock::Continuous { until: steps as f64 / 8.0, points: 3 }
        } else {
            Clock::Steps(steps)
        };
        let o = EngineOptions::default();
        let run = |r| time_course_with(&net, &fixed, &start, phenotypes.as_ref(), clock, &o, r).unwrap();
        let (sparse, dense) = (run(Representation::Sparse), run(Representation::Dense));
        prop_assert_eq!(&sparse.labels, &dense.labels);
        prop_assert!(close_exact(&sparse.label_probabilities, &dense.label_probabilities));
        prop_assert!(close_exact(&sparse.activity, &dense.activity));
        prop_assert_eq!(sparse.max_support, dense.max_support);
        prop_assert_eq!(dense.dense_from, Some(0));
    }
}

fn close_exact(a: &[Vec<f64>], b: &[Vec<f64>]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.len() == y.len() && x.iter().zip(y).all(|(p, q)| (p - q).abs() < 1e-12))
}
