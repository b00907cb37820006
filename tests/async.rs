//! The asynchronous explorer against the naive reference on random networks, plus the laws every
//! asynchronous result must satisfy (closed, strongly connected attractors; fixed points equal
//! the synchronous ones; strong ⊆ weak; probabilities sum to 1; perturbed nodes constant) and the
//! sampled method against the exact probabilities.

use basin::asynchronous::{
    AsyncConfig, attractors, cmp_states, exhaustive_bytes, naive_attractors,
};
use basin::attractor::{AttractorKind, Basin, Exploration, Method};
use basin::network::{Network, VarId, VarKind};
use basin::parse::{Format, ParseOptions, parse_str};
use basin::{Error, State};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::collections::HashSet;

/// Every state listed, exact probabilities.
fn full_config() -> AsyncConfig {
    AsyncConfig {
        max_states: usize::MAX,
        ..AsyncConfig::default()
    }
}

/// The free variables (not fixed, not constant) and the fixed values.
fn free_and_values(net: &Network, fixed: &[(VarId, bool)]) -> (Vec<VarId>, Vec<bool>) {
    let mut value: Vec<Option<bool>> = vec![None; net.num_vars()];
    for &(v, b) in fixed {
        value[v.index()] = Some(b);
    }
    for v in net.vars() {
        if let VarKind::Constant(c) = net.kind(v) {
            value[v.index()].get_or_insert(c);
        }
    }
    let free = net.vars().filter(|v| value[v.index()].is_none()).collect();
    (free, value.iter().map(|x| x.unwrap_or(false)).collect())
}

/// Asynchronous successors of a full state, the fixed variables held.
fn successors(net: &Network, free: &[VarId], s: &State) -> Vec<State> {
    free.iter()
        .filter(|&&v| net.function(v).eval(|x| s.get(x)) != s.get(v))
        .map(|&v| {
            let mut t = s.clone();
            t.set(v, !s.get(v));
            t
        })
        .collect()
}

/// The synchronous fixed points, one state at a time.
fn sync_fixed_points(net: &Network, fixed: &[(VarId, bool)]) -> HashSet<State> {
    let (free, base) = free_and_values(net, fixed);
    (0..1u64 << free.len())
        .map(|bits| {
            let mut s = State::from_bools(&base);
            for (j, &v) in free.iter().enumerate() {
                s.set(v, (bits >> j) & 1 == 1);
            }
            s
        })
        .filter(|s| successors(net, &free, s).is_empty())
        .collect()
}

fn same_as_naive(fast: &Exploration, naive: &Exploration) -> Result<(), TestCaseError> {
    let mut sorted = fast.clone();
    sorted.sort();
    prop_assert_eq!(
        &sorted.attractors,
        &fast.attractors,
        "not in Exploration::sort order"
    );
    prop_assert_eq!(&fast.explored_states, &naive.explored_states);
    prop_assert_eq!(&fast.fixed, &naive.fixed);
    prop_assert_eq!(fast.attractors.len(), naive.attractors.len());
    for (a, b) in fast.attractors.iter().zip(&naive.attractors) {
        prop_assert_eq!(a.kind, b.kind);
        prop_assert_eq!(&a.num_states, &b.num_states);
        prop_assert_eq!(&a.states, &b.states);
        prop_assert_eq!(&a.pattern, &b.pattern);
        for (x, y) in a.activity.iter().zip(&b.activity) {
            prop_assert!((x - y).abs() < 1e-12, "activity {} vs {}", x, y);
        }
        match (&a.basin, &b.basin) {
            (
                Basin::Reachability {
                    weak: w1,
                    strong: s1,
                    probability: Some(p1),
                    ..
                },
                Basin::Reachability {
                    weak: w2,
                    strong: s2,
                    probability: Some(p2),
                    ..
                },
            ) => {
                prop_assert_eq!(w1, w2, "weak basin of {}", a.pattern);
                prop_assert_eq!(s1, s2, "strong basin of {}", a.pattern);
                prop_assert!((p1 - p2).abs() < 1e-9, "probability {} vs {}", p1, p2);
            }
            other => prop_assert!(false, "unexpected basins {:?}", other),
        }
    }
    Ok(())
}

fn laws(net: &Network, fixed: &[(VarId, bool)], r: &Exploration) -> Result<(), TestCaseError> {
    let (free, _) = free_and_values(net, fixed);
    // Every attractor is closed under successors and strongly connected.
    for a in &r.attractors {
        prop_assert!(a.is_listed());
        let set: HashSet<&State> = a.states.iter().collect();
        for s in &a.states {
            for t in successors(net, &free, s) {
                prop_assert!(set.contains(&t), "{} leaves attractor {}", s, a.pattern);
            }
        }
        let mut seen: HashSet<State> = HashSet::from([a.states[0].clone()]);
        let mut stack = vec![a.states[0].clone()];
        while let Some(s) = stack.pop() {
            for t in successors(net, &free, &s) {
                if seen.insert(t.clone()) {
                    stack.push(t);
                }
            }
        }
        prop_assert_eq!(
            seen.len(),
            a.states.len(),
            "{} not strongly connected",
            a.pattern
        );
        prop_assert!(
            a.states
                .windows(2)
                .all(|w| cmp_states(&w[0], &w[1]).is_lt())
        );
    }
    // Fixed points are the synchronous fixed points.
    let fps: HashSet<State> = r
        .attractors
        .iter()
        .filter(|a| a.kind == AttractorKind::FixedPoint)
        .map(|a| a.states[0].clone())
        .collect();
    prop_assert_eq!(fps, sync_fixed_points(net, fixed));
    // Strong ⊆ weak, probabilities sum to 1, one attractor takes everything.
    let mut total = 0.0;
    for a in &r.attractors {
        let Basin::Reachability {
            weak,
            strong,
            probability: Some(probability),
            ..
        } = &a.basin
        else {
            return Err(TestCaseError::fail("exact basins expected"));
        };
        let probability = *probability;
        prop_assert!(strong <= weak && weak <= &r.explored_states);
        prop_assert!(!strong.is_zero(), "an attractor's own states reach only it");
        prop_assert!(probability >= strong.ratio(&r.explored_states) - 1e-12);
        total += probability;
        if r.attractors.len() == 1 {
            prop_assert_eq!(weak, &r.explored_states);
            prop_assert_eq!(strong, &r.explored_states);
            prop_assert!((probability - 1.0).abs() < 1e-12);
        }
    }
    prop_assert!((total - 1.0).abs() < 1e-9, "probabilities sum to {}", total);
    // Perturbed (fixed) nodes are constant in every attractor.
    for a in &r.attractors {
        for &(v, b) in fixed {
            prop_assert_eq!(a.pattern.0[v.index()], Some(b));
            prop_assert_eq!(a.activity[v.index()], f64::from(u8::from(b)));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn random_networks_match_the_naive_reference(net in basin::testing::network(12)) {
        let fast = attractors(&net, &[], &full_config()).unwrap();
        let naive = naive_attractors(&net, &[]).unwrap();
        same_as_naive(&fast, &naive)?;
        laws(&net, &[], &fast)?;
    }

    #[test]
    fn perturbed_networks_match_the_naive_reference(
        (net, fixed) in basin::testing::network_with_perturbations(12)
    ) {
        let fast = attractors(&net, &fixed, &full_config()).unwrap();
        let naive = naive_attractors(&net, &fixed).unwrap();
        same_as_naive(&fast, &naive)?;
        laws(&net, &fixed, &fast)?;
    }

    #[test]
    fn truncated_states_keep_exact_pattern_and_activity(
        net in basin::testing::network(12), max in 0usize..4
    ) {
        let full = attractors(&net, &[], &full_config()).unwrap();
        // Exactly the estimated memory: no weak basin can be kept for the strong pass, so strong
        // basins come from backward reachability inside the states in one weak basin.
        let tight = Some(exhaustive_bytes(&net, &[]).unwrap() as u64);
        let config = AsyncConfig {
            max_states: max,
            probabilities: false,
            max_memory: tight,
            ..AsyncConfig::default()
        };
        let cut = attractors(&net, &[], &config).unwrap();
        // Exact probabilities need memory beyond the estimate whenever basins overlap.
        let with_probabilities = AsyncConfig { probabilities: true, ..config.clone() };
        match attractors(&net, &[], &with_probabilities) {
            Ok(r) => {
                let disjoint = r.attractors.iter().all(|a| {
                    matches!(&a.basin, Basin::Reachability { weak, strong, .. } if weak == strong)
                });
                prop_assert!(disjoint, "probabilities computed although basins overlap");
            }
            Err(Error::TooLarge { needed_bytes, allowed_bytes, .. }) => {
                prop_assert!(needed_bytes > allowed_bytes)
            }
            Err(e) => prop_assert!(false, "unexpected error {}", e),
        }
        prop_assert_eq!(full.attractors.len(), cut.attractors.len());
        for (a, b) in full.attractors.iter().zip(&cut.attractors) {
            prop_assert_eq!(&a.num_states, &b.num_states);
            prop_assert_eq!(&a.pattern, &b.pattern);
            prop_assert_eq!(&a.activity, &b.activity);
            let (Basin::Reachability { weak: w1, strong: s1, .. },
                 Basin::Reachability { weak: w2, strong: s2, .. }) = (&a.basin, &b.basin)
            else {
                return Err(TestCaseError::fail("exact basins expected"));
            };
            prop_assert_eq!((w1, s1), (w2, s2));
            let keep = if a.kind == AttractorKind::FixedPoint { 1 } else { max.min(a.states.len()) };
            prop_assert_eq!(&a.states[..keep], &b.states[..]);
            let Basin::Reachability { probability, .. } = &b.basin else {
                return Err(TestCaseError::fail("exact basins expected"));
            };
            prop_assert!(probability.is_none(), "a probability that was not asked for");
        }
    }

    #[test]
    fn sampled_probabilities_agree_with_exact_ones(net in basin::testing::network(10), seed in any::<u64>()) {
        let exact = attractors(&net, &[], &full_config()).unwrap();
        let samples = 2000;
        let sampled = attractors(&net, &[], &AsyncConfig::sampled(samples, seed)).unwrap();
        prop_assert_eq!(sampled.method, Method::Sampled { samples, seed });
        prop_assert_eq!(exact.attractors.len(), sampled.attractors.len());
        let mut hits_total = 0;
        for (a, b) in exact.attractors.iter().zip(&sampled.attractors) {
            prop_assert_eq!(&a.pattern, &b.pattern);
            let p = a.basin.share(&exact.explored_states).unwrap();
            let Basin::Sampled { hits, samples: n, ci95 } = b.basin.clone() else {
                return Err(TestCaseError::fail("sampled basins expected"));
            };
            prop_assert_eq!(n, samples);
            let share = hits as f64 / n as f64;
            prop_assert!(ci95.0 - 1e-12 <= share && share <= ci95.1 + 1e-12);
            // Six standard deviations: deterministic per seed, practically never exceeded.
            let sd = (p * (1.0 - p) / n as f64).sqrt();
            prop_assert!(((hits as f64 / n as f64) - p).abs() <= 6.0 * sd + 1e-3,
                "{}: sampled {} vs exact {}", a.pattern, hits as f64 / n as f64, p);
            hits_total += hits;
        }
        prop_assert_eq!(hits_total, samples);
    }

    #[test]
    fn walks_detect_attractors_when_the_core_does_not_fit(net in basin::testing::network(10), seed in any::<u64>()) {
        let exact = attractors(&net, &[], &full_config()).unwrap();
        // Too little memory for the exhaustive search: attractors are detected on the walks.
        let config = AsyncConfig { max_memory: Some(1), max_states: usize::MAX, ..AsyncConfig::sampled(500, seed) };
        let sampled = attractors(&net, &[], &config).unwrap();
        let mut hits_total = 0;
        for b in &sampled.attractors {
            let a = exact.attractors.iter().find(|a| a.pattern == b.pattern && a.states == b.states);
            prop_assert!(a.is_some(), "detected {} is not an attractor", b.pattern);
            let Basin::Sampled { hits, .. } = b.basin else {
                return Err(TestCaseError::fail("sampled basins expected"));
            };
            prop_assert!(hits > 0);
            hits_total += hits;
        }
        prop_assert_eq!(hits_total, 500);
    }
}

/// A random network of up to 9 variables driven by six extra inputs: variable `i` follows its
/// random function when input `i % 6` is on and `!x_{i+1}` otherwise. With at least 7 variables
/// the core is cut into several chunks (one per group of input valuations).
fn with_inputs(net: &Network) -> Network {
    use basin::expr::{ExprBuilder, Node};
    let n = net.num_vars();
    let mut vars: Vec<(String, basin::Expr)> = Vec::new();
    for v in net.vars() {
        let mut b = ExprBuilder::new();
        let mut map = Vec::new();
        for node in net.function(v).nodes() {
            let id = b.push(match *node {
                Node::Not(a) => Node::Not(map[a as usize]),
                Node::And(x, y) => Node::And(map[x as usize], map[y as usize]),
                Node::Or(x, y) => Node::Or(map[x as usize], map[y as usize]),
                other => other,
            });
            map.push(id);
        }
        let f = *map.last().unwrap();
        let input = b.var(VarId::new(n + v.index() % 6));
        let next = b.var(VarId::new((v.index() + 1) % n));
        let not_next = b.not(next);
        let not_input = b.not(input);
        let on = b.and(input, f);
        let off = b.and(not_input, not_next);
        let root = b.or(on, off);
        vars.push((net.name(v).to_string(), b.finish(root)));
    }
    for i in 0..6 {
        vars.push((format!("in{i}"), basin::Expr::var(VarId::new(n + i))));
    }
    Network::new(vars).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn chunked_input_subspaces_match_the_naive_reference(net in basin::testing::network(9)) {
        let net = with_inputs(&net);
        let fast = attractors(&net, &[], &full_config()).unwrap();
        let naive = naive_attractors(&net, &[]).unwrap();
        same_as_naive(&fast, &naive)?;
        laws(&net, &[], &fast)?;
    }
}

fn bnet(text: &str) -> Network {
    parse_str(text, &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network
}

#[test]
fn toggle_switch_splits_the_mixed_states_evenly() {
    let net = bnet("A, !B\nB, !A\n");
    let r = attractors(&net, &[], &AsyncConfig::default()).unwrap();
    let shown: Vec<String> = r.attractors.iter().map(|a| a.pattern.to_string()).collect();
    assert_eq!(shown, ["01", "10"]);
    for a in &r.attractors {
        assert_eq!(
            a.basin,
            Basin::Reachability {
                weak: basin::Count::from(3u64),
                strong: basin::Count::from(1u64),
                probability: Some(0.5),
                estimate: None,
            }
        );
    }
}

#[test]
fn output_cascades_are_lifted_with_their_reachable_values() {
    // A/B oscillate; O1 copies A (takes both values), O2 = O1 | 1 is constant, O3 reads O1 & B.
    let net = bnet("A, !B\nB, A\nO1, A\nO2, O1 | !O1\nO3, O1 & B\n");
    let r = attractors(&net, &[], &full_config()).unwrap();
    let naive = naive_attractors(&net, &[]).unwrap();
    assert_eq!(r.engine.core_size, 2);
    assert_eq!(r.attractors.len(), 1);
    assert_eq!(r.attractors[0].pattern.to_string(), "***1*");
    assert_eq!(r.attractors[0].num_states, naive.attractors[0].num_states);
    assert_eq!(r.attractors[0].states, naive.attractors[0].states);
}

#[test]
fn inputs_split_the_space_into_independent_subspaces() {
    // Two inputs and a 13-variable ring: several chunks, each with its own attractor.
    let mut text = String::from("I, I\nJ, J\n");
    for i in 0..13 {
        let next = (i + 1) % 13;
        text.push_str(&format!("R{i}, !R{next} | (I & J)\n"));
    }
    let net = bnet(&text);
    let r = attractors(&net, &[], &AsyncConfig::default()).unwrap();
    assert_eq!(r.explored_states, basin::Count::pow2(15));
    assert!(r.attractors.len() >= 4);
    let total: f64 = r
        .attractors
        .iter()
        .map(|a| a.basin.share(&r.explored_states).unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9);
    for a in &r.attractors {
        // Inputs never change, so every attractor has both inputs fixed.
        assert!(a.pattern.0[0].is_some() && a.pattern.0[1].is_some());
    }
}

#[test]
fn work_that_does_not_fit_is_refused_before_it_starts() {
    let mut text = String::new();
    for i in 0..30 {
        text.push_str(&format!("X{i}, !X{}\n", (i + 1) % 30));
    }
    let net = bnet(&text);
    let config = AsyncConfig {
        max_memory: Some(64 << 20),
        ..AsyncConfig::default()
    };
    match attractors(&net, &[], &config) {
        Err(Error::TooLarge {
            needed_bytes,
            allowed_bytes,
            what,
            ..
        }) => {
            assert!(needed_bytes > allowed_bytes);
            assert!(what.contains("30 free core variables"), "{what}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}
