//! Differential fuzzing of the explorers: an arbitrary small network (up to [`MAX_VARS`]
//! variables; inputs, constants and arbitrary functions given as truth tables over up to
//! [`MAX_REGULATORS`] regulators, written in one of three shapes) with an arbitrary list of fixed
//! variables (perturbations, condition inputs, repeats included) is explored by the fast explorer
//! and by the naive reference. Any difference in the attractors (kind, states, pattern,
//! activity), the basins (exact counts) or the reach probabilities (within 1e-9) is a panic, and
//! so is one explorer refusing what the other accepts.

use basin::attractor::{Basin, Exploration, UpdateScheme};
use basin::engine::{Engine, EngineOptions, explore, explore_naive};
use basin::expr::{Expr, ExprBuilder, NodeId};
use basin::network::{Network, VarId};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use std::fmt::Write as _;

/// The most variables of a fuzzed network.
pub const MAX_VARS: usize = 10;
/// The most regulators of a fuzzed function.
pub const MAX_REGULATORS: usize = 4;
/// The most fixed variables (perturbations and inputs) of a fuzzed case.
pub const MAX_FIXED: usize = 4;

/// A network and the variables to hold fixed while exploring it.
#[derive(Debug)]
pub struct Case {
    /// The network, variables named `x0, x1, …`.
    pub network: Network,
    /// Fixed variables and their values, in the order given (a variable may repeat).
    pub fixed: Vec<(VarId, bool)>,
}

impl Case {
    /// The case as a bnet model plus `--perturb` style assignments, for a regression test.
    pub fn describe(&self) -> String {
        let mut out = String::from("targets, factors\n");
        for v in self.network.vars() {
            let f = self
                .network
                .function(v)
                .to_bnet(|x| self.network.name(x).to_string());
            let _ = writeln!(out, "{}, {f}", self.network.name(v));
        }
        for &(v, b) in &self.fixed {
            let _ = writeln!(out, "# fixed {}={}", self.network.name(v), u8::from(b));
        }
        out
    }
}

/// How a truth table is written as an expression: different shapes exercise different paths of
/// the simplifier and the kernel compiler.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// A disjunction of minterms.
    Dnf,
    /// A Shannon decomposition: `(x & f1) | (!x & f0)`, nested.
    Mux,
    /// The algebraic normal form: an exclusive or of monomials.
    Anf,
}

/// Reads a case from the fuzzer's bytes.
pub fn case(u: &mut Unstructured<'_>) -> Result<Case> {
    let n = u.int_in_range(1..=MAX_VARS)?;
    let mut functions = Vec::with_capacity(n);
    for i in 0..n {
        // Out of bytes, every draw is the lowest choice: a function (of no regulator, so a
        // constant); inputs, which multiply the attractors, must be asked for.
        let f = match u.int_in_range(0u8..=9)? {
            8 => Expr::var(VarId::new(i)),
            9 => Expr::constant(u.arbitrary()?),
            _ => {
                let k = u.int_in_range(0..=MAX_REGULATORS.min(n))?;
                // Distinct regulators, each drawn from those left (so running out of bytes,
                // which makes every draw the first choice, cannot loop).
                let mut left: Vec<usize> = (0..n).collect();
                let mut regs: Vec<VarId> = Vec::with_capacity(k);
                for _ in 0..k {
                    regs.push(VarId::new(left.remove(u.choose_index(left.len())?)));
                }
                let table: u16 = u.arbitrary()?;
                let shape = match u.int_in_range(0u8..=2)? {
                    0 => Shape::Dnf,
                    1 => Shape::Mux,
                    _ => Shape::Anf,
                };
                table_expr(&regs, table, shape)
            }
        };
        functions.push((format!("x{i}"), f));
    }
    let network = Network::new(functions).expect("names are distinct and variables exist");
    let num_fixed = u.int_in_range(0..=MAX_FIXED)?;
    let mut fixed = Vec::with_capacity(num_fixed);
    for _ in 0..num_fixed {
        fixed.push((VarId::new(u.int_in_range(0..=n - 1)?), u.arbitrary()?));
    }
    Ok(Case { network, fixed })
}

/// The truth table `table` over `regs` (bit `m` is the value on the assignment whose bit `i` is
/// regulator `i`) as an expression of the given shape.
fn table_expr(regs: &[VarId], table: u16, shape: Shape) -> Expr {
    let rows = 1usize << regs.len();
    let value = |m: usize| (table >> m) & 1 == 1;
    let mut b = ExprBuilder::new();
    let root = match shape {
        Shape::Dnf => {
            let mut acc: Option<NodeId> = None;
            for m in (0..rows).filter(|&m| value(m)) {
                let mut term = b.constant(true);
                for (i, &r) in regs.iter().enumerate() {
                    let x = b.var(r);
                    let lit = if (m >> i) & 1 == 1 { x } else { b.not(x) };
                    term = b.and(term, lit);
                }
                acc = Some(match acc {
                    Some(a) => b.or(a, term),
                    None => term,
                });
            }
            acc.unwrap_or_else(|| b.constant(false))
        }
        Shape::Mux => {
            // Level 0 holds the leaves (one per row); level i+1 decides on regulator i.
            let mut level: Vec<NodeId> = (0..rows).map(|m| b.constant(value(m))).collect();
            for &r in regs {
                let x = b.var(r);
                let nx = b.not(x);
                level = level
                    .chunks(2)
                    .map(|pair| {
                        let hi = b.and(x, pair[1]);
                        let lo = b.and(nx, pair[0]);
                        b.or(hi, lo)
                    })
                    .collect();
            }
            level[0]
        }
        Shape::Anf => {
            // Möbius transform: coefficient of monomial m.
            let mut coef: Vec<bool> = (0..rows).map(value).collect();
            for i in 0..regs.len() {
                for m in 0..rows {
                    if (m >> i) & 1 == 1 {
                        coef[m] ^= coef[m ^ (1 << i)];
                    }
                }
            }
            let mut acc = b.constant(false);
            for m in (0..rows).filter(|&m| coef[m]) {
                let mut term = b.constant(true);
                for (i, &r) in regs.iter().enumerate() {
                    if (m >> i) & 1 == 1 {
                        let x = b.var(r);
                        term = b.and(term, x);
                    }
                }
                acc = b.xor(acc, term);
            }
            acc
        }
    };
    b.finish(root)
}

/// Explores `case` synchronously through the library's entry point (twice: the second run
/// reuses the buffers the engine keeps per thread, so buffer reuse across networks of every
/// size is fuzzed too) and with the naive reference.
///
/// # Panics
/// On any difference.
pub fn check_sync(case: &Case) {
    let (net, fixed) = (&case.network, &case.fixed);
    let sync = UpdateScheme::Synchronous;
    let naive = explore_naive(net, fixed, sync);
    let fast = explore(net, fixed, sync, &EngineOptions::default());
    let reused = explore(net, fixed, sync, &EngineOptions::default());
    let (naive, fast, reused) = match (naive, fast, reused) {
        (Ok(n), Ok(f), Ok(r)) => (n, f, r),
        (Err(_), Err(_), Err(_)) => return,
        (n, f, r) => panic!(
            "explorers disagree on accepting the case:\nnaive {:?}\nfast {:?}\nreused {:?}\n{}",
            n.err(),
            f.err(),
            r.err(),
            case.describe()
        ),
    };
    same_exploration(&fast, &naive, case, "fast synchronous");
    same_exploration(&reused, &naive, case, "reused synchronous");
    let total: u128 = fast
        .attractors
        .iter()
        .map(|a| match &a.basin {
            Basin::Partition { size } => size.to_u128().expect("small"),
            other => panic!("synchronous basin expected, got {other:?}"),
        })
        .sum();
    assert_eq!(
        Some(total),
        fast.explored_states.to_u128(),
        "basins do not partition the space\n{}",
        case.describe()
    );
}

/// Explores `case` asynchronously through the library's entry point and with the naive
/// reference.
///
/// # Panics
/// On any difference.
pub fn check_async(case: &Case) {
    let (net, fixed) = (&case.network, &case.fixed);
    let options = EngineOptions {
        max_states: usize::MAX,
        ..EngineOptions::default()
    };
    let naive = explore_naive(net, fixed, UpdateScheme::Asynchronous);
    let fast = explore(net, fixed, UpdateScheme::Asynchronous, &options);
    let (naive, fast) = match (naive, fast) {
        (Ok(n), Ok(f)) => (n, f),
        (Err(_), Err(_)) => return,
        (n, f) => panic!(
            "explorers disagree on accepting the case:\nnaive {:?}\nfast {:?}\n{}",
            n.err(),
            f.err(),
            case.describe()
        ),
    };
    same_exploration(&fast, &naive, case, "fast asynchronous");
    let total: f64 = fast
        .attractors
        .iter()
        .map(|a| a.basin.share(&fast.explored_states).expect("computed"))
        .sum();
    assert!(
        (total - 1.0).abs() < 1e-9,
        "reach probabilities sum to {total}\n{}",
        case.describe()
    );
}

/// Explores `case` with the symbolic (BDD) engine through the library's entry point, under both
/// update schemes, and with the naive references: the same attractors and exact basins, the
/// same refusals. Reach probabilities are not computed symbolically (absent), so the
/// reference's are copied in before the comparison.
///
/// # Panics
/// On any difference.
pub fn check_symbolic(case: &Case) {
    let (net, fixed) = (&case.network, &case.fixed);
    let options = EngineOptions {
        engine: Engine::Symbolic,
        max_states: usize::MAX,
        // Few walks: their estimates are checked in tests/symbolic.rs, not here.
        samples: 1_000,
        ..EngineOptions::default()
    };
    for update in [UpdateScheme::Asynchronous, UpdateScheme::Synchronous] {
        let naive = explore_naive(net, fixed, update);
        let ours = explore(net, fixed, update, &options);
        let (naive, mut ours) = match (naive, ours) {
            (Ok(n), Ok(o)) => (n, o),
            (Err(_), Err(_)) => continue,
            (n, o) => panic!(
                "explorers disagree on accepting the case ({update}):\nnaive {:?}\nsymbolic {:?}\n{}",
                n.err(),
                o.err(),
                case.describe()
            ),
        };
        for (a, b) in ours.attractors.iter_mut().zip(&naive.attractors) {
            if let (
                Basin::Reachability {
                    probability,
                    estimate,
                    ..
                },
                Basin::Reachability {
                    probability: reference,
                    ..
                },
            ) = (&mut a.basin, &b.basin)
            {
                // The symbolic engine's probabilities are exact where the weak basins are
                // disjoint (they must then equal the reference's) and otherwise estimated
                // (tests/symbolic.rs checks the estimates), the exact field absent.
                if let (Some(p), Some(r)) = (*probability, *reference) {
                    assert!(
                        (p - r).abs() < 1e-12,
                        "{p} against {r}\n{}",
                        case.describe()
                    );
                }
                *probability = *reference;
                *estimate = None;
            }
        }
        same_exploration(&ours, &naive, case, "symbolic");
    }
}

/// Compares an exploration with the reference one, attractor by attractor.
fn same_exploration(got: &Exploration, want: &Exploration, case: &Case, what: &str) {
    let context = || format!("{what} explorer against the naive one\n{}", case.describe());
    assert_eq!(got.update, want.update, "{}", context());
    assert_eq!(got.variables, want.variables, "{}", context());
    assert_eq!(got.fixed, want.fixed, "fixed variables; {}", context());
    assert_eq!(
        got.explored_states,
        want.explored_states,
        "explored states; {}",
        context()
    );
    let patterns = |e: &Exploration| {
        e.attractors
            .iter()
            .map(|a| format!("{} ({} states)", a.pattern, a.num_states))
            .collect::<Vec<_>>()
    };
    assert_eq!(patterns(got), patterns(want), "attractors; {}", context());
    for (a, b) in got.attractors.iter().zip(&want.attractors) {
        assert_eq!(a.kind, b.kind, "kind of {}; {}", a.pattern, context());
        assert_eq!(a.states, b.states, "states of {}; {}", a.pattern, context());
        for (x, y) in a.activity.iter().zip(&b.activity) {
            assert!(
                (x - y).abs() < 1e-12,
                "activity {x} against {y} in {}; {}",
                a.pattern,
                context()
            );
        }
        match (&a.basin, &b.basin) {
            (Basin::Partition { size: s1 }, Basin::Partition { size: s2 }) => {
                assert_eq!(s1, s2, "basin of {}; {}", a.pattern, context());
            }
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
                assert_eq!(w1, w2, "weak basin of {}; {}", a.pattern, context());
                assert_eq!(s1, s2, "strong basin of {}; {}", a.pattern, context());
                assert!(
                    (p1 - p2).abs() < 1e-9,
                    "reach probability {p1} against {p2} of {}; {}",
                    a.pattern,
                    context()
                );
            }
            (x, y) => panic!("basins {x:?} against {y:?}; {}", context()),
        }
    }
}
