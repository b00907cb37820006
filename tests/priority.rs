//! Priority classes (#17) against a reference written here from the definition: the prioritised
//! transition graph built state by state on networks of at most 8 variables, attractors as the
//! states whose forward reach they all reach back (terminal SCCs), weak/strong basins by
//! explicit reachability, reach probabilities by a dense Gaussian solve of the absorbing chain.
//! The explicit engine (asynchronous classes) and the library's state-graph engine (any
//! classes, synchronous ones included) must both agree with it; from a start too.

use basin::attractor::{Basin, Exploration, UpdateScheme};
use basin::engine::{Engine, EngineOptions, explore};
use basin::network::{Network, VarId, VarKind};
use basin::priority::{Priorities, PriorityClass, naive_attractors};
use basin::state::State;
use basin::trajectory::Start;
use proptest::prelude::*;

/// What the reference computes: per attractor (its states as strings, sorted) the weak and
/// strong basin counts and the reach probability from the start weights.
type Reference = Vec<(Vec<String>, u64, u64, f64)>;

/// The reference. `class[v]` is the class of variable v (smaller = faster), `sync[c]` whether
/// class c updates synchronously; `weights` the start distribution over the free states (None:
/// uniform).
fn reference(
    net: &Network,
    fixed: &[(VarId, bool)],
    class: &[usize],
    sync: &[bool],
    start: Option<&[bool]>,
) -> Reference {
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
    let index = |b: &[bool]| -> usize {
        free.iter()
            .enumerate()
            .filter(|(_, i)| b[**i])
            .fold(0, |acc, (j, _)| acc | (1 << j))
    };
    let succ: Vec<Vec<usize>> = (0..total)
        .map(|s| {
            let b = bools(s);
            let updatable: Vec<usize> = free
                .iter()
                .copied()
                .filter(|&i| net.function(VarId::new(i)).eval(|x| b[x.index()]) != b[i])
                .collect();
            let Some(fastest) = updatable.iter().map(|&i| class[i]).min() else {
                return Vec::new();
            };
            let movers: Vec<usize> = updatable
                .into_iter()
                .filter(|&i| class[i] == fastest)
                .collect();
            let flip = |set: &[usize]| {
                let mut t = b.clone();
                for &i in set {
                    t[i] = !t[i];
                }
                index(&t)
            };
            if sync[fastest] {
                vec![flip(&movers)]
            } else {
                movers.iter().map(|&i| flip(&[i])).collect()
            }
        })
        .collect();
    // Forward reach of every state.
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
        if in_attractor[s] != usize::MAX {
            continue;
        }
        let closed = (0..total).all(|t| !reach[s][t] || reach[t][s]);
        if closed {
            let members: Vec<usize> = (0..total).filter(|&t| reach[s][t]).collect();
            for &t in &members {
                in_attractor[t] = attractors.len();
            }
            attractors.push(members);
        }
    }
    let m = attractors.len();
    // Absorption: p[s][a] = 1 on a's states; otherwise p[s] = mean of p over successors.
    // Dense Gaussian elimination over all transient states.
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
    let weights: Vec<f64> = match start {
        None => vec![1.0 / total as f64; total],
        Some(b) => {
            let mut b = b.to_vec();
            for (i, v) in value.iter().enumerate() {
                if let Some(x) = v {
                    b[i] = *x;
                }
            }
            let mut w = vec![0.0; total];
            w[index(&b)] = 1.0;
            w
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
            let p = (0..total).map(|s| weights[s] * absorb(s, k)).sum();
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
            assert_eq!(
                states.len().to_string(),
                a.num_states.to_string(),
                "every state listed"
            );
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
    prop_assert_eq!(
        got.len(),
        want.len(),
        "attractor counts: {:?} vs {:?}",
        got,
        want
    );
    for (g, w) in got.iter().zip(&want) {
        prop_assert_eq!(&g.0, &w.0);
        prop_assert_eq!((g.1, g.2), (w.1, w.2), "weak/strong of {:?}", g.0);
        prop_assert!(
            (g.3 - w.3).abs() < 1e-9,
            "probability of {:?}: {} vs {}",
            g.0,
            g.3,
            w.3
        );
    }
    Ok(())
}

/// A network, perturbations, a class (0..3) per variable and a synchronous flag per class.
/// A network, its perturbations, a class per variable and a synchronous flag per class.
type Case = (Network, Vec<(VarId, bool)>, Vec<usize>, Vec<bool>);

fn case() -> impl Strategy<Value = Case> {
    basin::testing::network_with_perturbations(8).prop_flat_map(|(net, fixed)| {
        let n = net.num_vars();
        (
            Just(net),
            Just(fixed),
            proptest::collection::vec(0usize..4, n),
            proptest::collection::vec(any::<bool>(), 4),
        )
    })
}

/// The library's classes from the test's: classes 0..3 in order (empty ones left out); class
/// 3 is left unnamed, so its variables fall in the implicit last class (asynchronous).
fn priorities(net: &Network, class: &[usize], sync: &[bool]) -> Priorities {
    let classes = (0..3)
        .map(|c| PriorityClass {
            name: format!("c{c}"),
            vars: (0..net.num_vars())
                .filter(|&i| class[i] == c)
                .map(VarId::new)
                .collect(),
            synchronous: sync[c],
        })
        .filter(|c| !c.vars.is_empty())
        .collect();
    Priorities::new(net, classes).unwrap()
}

fn options(p: &Priorities, start: Option<Start>) -> EngineOptions {
    EngineOptions {
        engine: Engine::Explicit,
        max_states: usize::MAX,
        priorities: Some(p.clone()),
        start,
        ..EngineOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_state_graph_engine_equals_the_reference((net, fixed, class, sync) in case()) {
        let mut sync = sync;
        sync[3] = false;
        let p = priorities(&net, &class, &sync);
        let got = naive_attractors(&net, &fixed, &p).unwrap();
        same(summary(&got), reference(&net, &fixed, &class, &sync, None))?;
    }

    #[test]
    fn the_explicit_engine_equals_the_reference_under_asynchronous_classes(
        (net, fixed, class, _sync) in case()
    ) {
        let sync = [false; 4];
        let p = priorities(&net, &class, &sync);
        let got = explore(&net, &fixed, UpdateScheme::Asynchronous, &options(&p, None)).unwrap();
        same(summary(&got), reference(&net, &fixed, &class, &sync, None))?;
    }

    #[test]
    fn reach_probabilities_from_a_state_equal_the_reference(
        (net, fixed, class, _sync) in case(),
        bits in any::<u64>(),
    ) {
        let sync = [false; 4];
        let p = priorities(&net, &class, &sync);
        let b: Vec<bool> = (0..net.num_vars()).map(|i| (bits >> i) & 1 == 1).collect();
        let start = Start::State(State::from_bools(&b));
        let got =
            explore(&net, &fixed, UpdateScheme::Asynchronous, &options(&p, Some(start))).unwrap();
        same(summary(&got), reference(&net, &fixed, &class, &sync, Some(&b)))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Larger networks (several chunks when inputs are free, word-index variables, table and
    /// dense "can flip" sets): the explicit engine equals the library's state graph.
    #[test]
    fn the_explicit_engine_equals_the_state_graph_on_larger_networks(
        (net, fixed, class) in basin::testing::network_with_perturbations(14).prop_flat_map(
            |(net, fixed)| {
                let n = net.num_vars();
                (Just(net), Just(fixed), proptest::collection::vec(0usize..4, n))
            }
        )
    ) {
        let p = priorities(&net, &class, &[false; 4]);
        let got = explore(&net, &fixed, UpdateScheme::Asynchronous, &options(&p, None)).unwrap();
        let want = naive_attractors(&net, &fixed, &p).unwrap();
        same(summary(&got), summary(&want))?;
    }
}

/// One class holding every variable, asynchronous, is the fully asynchronous scheme.
#[test]
fn a_single_asynchronous_class_is_asynchronous_update() {
    let net = basin::parse::parse_str(
        "A, !B\nB, !A\nC, A & !C\nD, B | C\n",
        &basin::parse::ParseOptions::new(basin::parse::Format::Bnet),
    )
    .unwrap()
    .network;
    let all = Priorities::new(
        &net,
        vec![PriorityClass {
            name: "all".into(),
            vars: net.vars().collect(),
            synchronous: false,
        }],
    )
    .unwrap();
    let plain = explore(
        &net,
        &[],
        UpdateScheme::Asynchronous,
        &EngineOptions::default(),
    )
    .unwrap();
    let classes = explore(&net, &[], UpdateScheme::Asynchronous, &options(&all, None)).unwrap();
    assert_eq!(summary(&plain), summary(&classes));
}

/// Engines and schemes that cannot take classes refuse with a typed error.
#[test]
fn other_engines_and_schemes_refuse_priority_classes() {
    let net = basin::parse::parse_str(
        "A, !B\nB, !A\n",
        &basin::parse::ParseOptions::new(basin::parse::Format::Bnet),
    )
    .unwrap()
    .network;
    let p = Priorities::from_toml_str(&net, "[[class]]\nnodes = [\"A\"]\n").unwrap();
    for (engine, update) in [
        (Engine::Symbolic, UpdateScheme::Asynchronous),
        (Engine::Sample, UpdateScheme::Asynchronous),
        (Engine::Explicit, UpdateScheme::Synchronous),
        (Engine::Auto, UpdateScheme::MostPermissive),
    ] {
        let o = EngineOptions {
            engine,
            ..options(&p, None)
        };
        let e = explore(&net, &[], update, &o).unwrap_err();
        assert!(
            matches!(e, basin::Error::Limit { .. }),
            "{engine} {update}: {e:?}"
        );
    }
    let sync = Priorities::from_toml_str(
        &net,
        "[[class]]\nnodes = [\"A\", \"B\"]\nupdate = \"sync\"\n",
    )
    .unwrap();
    let start = Start::parse(&net, "00").unwrap();
    let e = explore(
        &net,
        &[],
        UpdateScheme::Asynchronous,
        &options(&sync, Some(start)),
    )
    .unwrap_err();
    assert!(matches!(e, basin::Error::Limit { .. }), "{e:?}");
    // Unknown nodes and nodes in two classes are refused when read.
    assert!(Priorities::from_toml_str(&net, "[[class]]\nnodes = [\"Z\"]\n").is_err());
    assert!(
        Priorities::from_toml_str(
            &net,
            "[[class]]\nnodes = [\"A\"]\n[[class]]\nnodes = [\"A\"]\n"
        )
        .is_err()
    );
}
