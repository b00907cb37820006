//! General asynchronous update (#17) against a reference written here from the definition: a
//! step from `x` goes to any state `y ≠ x` that differs from `x` only in variables `i` with
//! `f_i(x) ≠ x_i` (every `y` of the free space is tested, not the subsets enumerated), each
//! with the same probability; attractors as the states whose forward reach they all reach back
//! (terminal SCCs), weak/strong basins by explicit reachability, reach probabilities by a dense
//! Gaussian solve of the absorbing chain. Then what `docs/semantics.md` states about how the
//! attractors compare with asynchronous and synchronous update.

use basin::attractor::{Basin, Exploration, UpdateScheme};
use basin::engine::{Engine, EngineOptions, explore};
use basin::network::{Network, VarId, VarKind};
use basin::state::State;
use proptest::prelude::*;

/// Per attractor (its states as strings, sorted): weak and strong basin counts and the reach
/// probability from a uniformly random free state.
type Reference = Vec<(Vec<String>, u64, u64, f64)>;

fn reference(net: &Network, fixed: &[(VarId, bool)]) -> Reference {
    let n = net.num_vars();
    let mut value: Vec<Option<bool>> = vec![None; n];
    for &(v, b) in fixed {
        value[v.index()] = Some(b);
    }
    for v in net.vars() {
        if let VarKind::Constant(c) = net.kind(v) {
            value[v.index()].get_or_insert(c);
        }
    }
    let free: Vec<usize> = (0..n).filter(|&i| value[i].is_none()).collect();
    let total = 1usize << free.len();
    let bools = |s: usize| -> Vec<bool> {
        let mut b: Vec<bool> = value.iter().map(|x| x.unwrap_or(false)).collect();
        for (j, &i) in free.iter().enumerate() {
            b[i] = (s >> j) & 1 == 1;
        }
        b
    };
    // y is a successor of x iff y ≠ x and every variable where they differ can change in x.
    let succ: Vec<Vec<usize>> = (0..total)
        .map(|s| {
            let x = bools(s);
            (0..total)
                .filter(|&t| {
                    let y = bools(t);
                    t != s
                        && (0..n).all(|i| {
                            x[i] == y[i]
                                || net.function(VarId::new(i)).eval(|v| x[v.index()]) != x[i]
                        })
                })
                .collect()
        })
        .collect();
    let reach: Vec<Vec<bool>> = (0..total)
        .map(|s| {
            let mut seen = vec![false; total];
            let mut stack = vec![s];
            seen[s] = true;
            while let Some(x) = stack.pop() {
                for &t in &succ[x] {
                    if !seen[t] {
                        seen[t] = true;
                        stack.push(t);
                    }
                }
            }
            seen
        })
        .collect();
    let mut attractors: Vec<Vec<usize>> = Vec::new();
    let mut in_attractor = vec![usize::MAX; total];
    for s in 0..total {
        if in_attractor[s] == usize::MAX && (0..total).all(|t| !reach[s][t] || reach[t][s]) {
            let members: Vec<usize> = (0..total).filter(|&t| reach[s][t]).collect();
            for &t in &members {
                in_attractor[t] = attractors.len();
            }
            attractors.push(members);
        }
    }
    let m = attractors.len();
    let transient: Vec<usize> = (0..total)
        .filter(|&s| in_attractor[s] == usize::MAX)
        .collect();
    let mut pos = vec![usize::MAX; total];
    for (r, &s) in transient.iter().enumerate() {
        pos[s] = r;
    }
    let t = transient.len();
    let mut a = vec![vec![0.0f64; t + m]; t];
    for (r, &s) in transient.iter().enumerate() {
        a[r][r] = 1.0;
        let d = succ[s].len() as f64;
        for &x in &succ[s] {
            match in_attractor[x] {
                usize::MAX => a[r][pos[x]] -= 1.0 / d,
                k => a[r][t + k] += 1.0 / d,
            }
        }
    }
    for col in 0..t {
        let pivot = (col..t)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap();
        a.swap(col, pivot);
        let div = a[col][col];
        for x in a[col].iter_mut() {
            *x /= div;
        }
        let row = a[col].clone();
        for (r, other) in a.iter_mut().enumerate() {
            if r != col && other[col] != 0.0 {
                let f = other[col];
                for (x, y) in other.iter_mut().zip(&row) {
                    *x -= f * y;
                }
            }
        }
    }
    let absorb = |s: usize, k: usize| -> f64 {
        match in_attractor[s] {
            usize::MAX => a[pos[s]][t + k],
            j => f64::from(u8::from(j == k)),
        }
    };
    attractors
        .iter()
        .enumerate()
        .map(|(k, members)| {
            let mut states: Vec<String> = members
                .iter()
                .map(|&s| State::from_bools(&bools(s)).to_string())
                .collect();
            states.sort();
            let weak = (0..total)
                .filter(|&s| members.iter().any(|&x| reach[s][x]))
                .count() as u64;
            let strong = (0..total)
                .filter(|&s| (0..m).all(|j| (j == k) == attractors[j].iter().any(|&x| reach[s][x])))
                .count() as u64;
            let p = (0..total).map(|s| absorb(s, k)).sum::<f64>() / total as f64;
            (states, weak, strong, p)
        })
        .collect()
}

fn summary(e: &Exploration) -> Reference {
    e.attractors
        .iter()
        .map(|a| {
            let mut states: Vec<String> = a.states.iter().map(|s| s.to_string()).collect();
            states.sort();
            assert_eq!(states.len().to_string(), a.num_states.to_string());
            let Basin::Reachability {
                weak,
                strong,
                probability: Some(p),
                ..
            } = &a.basin
            else {
                panic!("exact basins expected, got {:?}", a.basin)
            };
            (
                states,
                weak.to_string().parse().unwrap(),
                strong.to_string().parse().unwrap(),
                *p,
            )
        })
        .collect()
}

fn same(mut got: Reference, mut want: Reference) -> Result<(), TestCaseError> {
    got.sort_by(|a, b| a.0.cmp(&b.0));
    want.sort_by(|a, b| a.0.cmp(&b.0));
    prop_assert_eq!(got.len(), want.len(), "{:?} vs {:?}", got, want);
    for (g, w) in got.iter().zip(&want) {
        prop_assert_eq!(&g.0, &w.0);
        prop_assert_eq!((g.1, g.2), (w.1, w.2), "weak/strong of {:?}", g.0);
        prop_assert!((g.3 - w.3).abs() < 1e-9, "{:?}: {} vs {}", g.0, g.3, w.3);
    }
    Ok(())
}

fn options(engine: Engine) -> EngineOptions {
    EngineOptions {
        engine,
        max_states: usize::MAX,
        ..EngineOptions::default()
    }
}

/// Every attractor's states, as sets of strings.
fn state_sets(e: &Exploration) -> Vec<std::collections::BTreeSet<String>> {
    e.attractors
        .iter()
        .map(|a| a.states.iter().map(|s| s.to_string()).collect())
        .collect()
}

fn parse(text: &str) -> Network {
    basin::parse::parse_str(
        text,
        &basin::parse::ParseOptions::new(basin::parse::Format::Bnet),
    )
    .unwrap()
    .network
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_explicit_engine_equals_the_reference(
        (net, fixed) in basin::testing::network_with_perturbations(7)
    ) {
        let want = reference(&net, &fixed);
        for engine in [Engine::Explicit, Engine::Auto] {
            let got = explore(&net, &fixed, UpdateScheme::General, &options(engine)).unwrap();
            prop_assert_eq!(got.update, UpdateScheme::General);
            same(summary(&got), want.clone())?;
        }
    }

    /// What docs/semantics.md states: the same fixed points; each general attractor contains an
    /// asynchronous and a synchronous attractor; no more general attractors than asynchronous.
    #[test]
    fn general_attractors_contain_asynchronous_and_synchronous_ones(
        (net, fixed) in basin::testing::network_with_perturbations(9)
    ) {
        let o = options(Engine::Explicit);
        let general = explore(&net, &fixed, UpdateScheme::General, &o).unwrap();
        let asynchronous = explore(&net, &fixed, UpdateScheme::Asynchronous, &o).unwrap();
        let synchronous = explore(&net, &fixed, UpdateScheme::Synchronous, &o).unwrap();
        let points = |e: &Exploration| {
            let mut p: Vec<String> = state_sets(e)
                .into_iter()
                .filter(|s| s.len() == 1)
                .flatten()
                .collect();
            p.sort();
            p
        };
        prop_assert_eq!(points(&general), points(&asynchronous));
        prop_assert_eq!(points(&general), points(&synchronous));
        let (a, s) = (state_sets(&asynchronous), state_sets(&synchronous));
        for g in state_sets(&general) {
            prop_assert!(a.iter().any(|x| x.is_subset(&g)), "{:?} holds no async attractor", g);
            prop_assert!(s.iter().any(|x| x.is_subset(&g)), "{:?} holds no sync attractor", g);
        }
        prop_assert!(general.attractors.len() <= asynchronous.attractors.len());
    }
}

/// An asynchronous cyclic attractor left by a double flip: A = A xor B, B = not (A xor B).
/// Asynchronous update has the fixed point 10 and the cycle {00, 01, 11}; in 01 both variables
/// can change, and flipping both lands on 10, so under general update only 10 is an attractor.
#[test]
fn a_double_flip_leaves_an_asynchronous_cycle() {
    let net = parse("A, (A & !B) | (!A & B)\nB, (A & B) | (!A & !B)\n");
    let o = options(Engine::Explicit);
    let asynchronous = explore(&net, &[], UpdateScheme::Asynchronous, &o).unwrap();
    let general = explore(&net, &[], UpdateScheme::General, &o).unwrap();
    let sets = |e: &Exploration| {
        let mut s: Vec<Vec<String>> = state_sets(e)
            .into_iter()
            .map(|x| x.into_iter().collect())
            .collect();
        s.sort();
        s
    };
    assert_eq!(sets(&asynchronous), [vec!["00", "01", "11"], vec!["10"]]);
    assert_eq!(sets(&general), [vec!["10"]]);
    assert_eq!(summary(&general)[0].3, 1.0);
}

/// The symbolic and sampling engines, a start and priority classes refuse general update with a
/// typed error; a graph beyond the memory allowed is refused before it is built.
#[test]
fn general_update_refuses_what_it_cannot_do() {
    let net = parse("A, !B\nB, !A\nC, A | B\n");
    for engine in [Engine::Symbolic, Engine::Sample] {
        let e = explore(&net, &[], UpdateScheme::General, &options(engine)).unwrap_err();
        assert!(matches!(e, basin::Error::Limit { .. }), "{engine}: {e:?}");
    }
    let start = EngineOptions {
        start: Some(basin::trajectory::Start::parse(&net, "000").unwrap()),
        ..options(Engine::Explicit)
    };
    let e = explore(&net, &[], UpdateScheme::General, &start).unwrap_err();
    assert!(matches!(e, basin::Error::Limit { .. }), "{e:?}");
    let classes = EngineOptions {
        priorities: Some(
            basin::priority::Priorities::from_toml_str(&net, "[[class]]\nnodes = [\"A\"]\n")
                .unwrap(),
        ),
        ..options(Engine::Explicit)
    };
    let e = explore(&net, &[], UpdateScheme::General, &classes).unwrap_err();
    assert!(matches!(e, basin::Error::Limit { .. }), "{e:?}");
    let small = EngineOptions {
        max_memory: Some(1000),
        ..options(Engine::Explicit)
    };
    let e = explore(&net, &[], UpdateScheme::General, &small).unwrap_err();
    assert!(
        matches!(e, basin::Error::TooLarge { allowed_bytes: 1000, needed_bytes, .. } if needed_bytes > 1000),
        "{e:?}"
    );
}
