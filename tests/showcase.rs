//! The showcase's expected behaviours: every statement of the biology notes §8
//! (`shared/biology/README.md`, E1–E27) marked pass or observed, checked on
//! `networks/mronj_macrophage.bnet` with the labels of `networks/mronj_macrophage.toml`, through
//! the library (reader, phenotype file, conditions, both explorers), for the semantics the
//! statement names: [S] synchronous, [A] asynchronous, [S+A] both.
//!
//! Notation as in the notes: a condition lists the inputs that are ON (`"LPS+TGFB_EX"`, or
//! `"none"`), every other input is OFF; a perturbation is `"SMAD7=0"` (knockout), `"SMAD7=1"`
//! (overexpression), several separated by spaces, or `""` for the wild type. "→ L" means every
//! attractor has label L; a label list is the exact multiset of labels.
//!
//! Statements over "all 256 conditions" run every combination of the 8 inputs
//! ([`all_conditions`]); those sweeps are explored once per update × perturbation, in parallel
//! over conditions, and shared by the tests that need them.

use basin::asynchronous::{self, AsyncConfig};
use basin::condition::{Condition, ConditionFile, ConditionFilter, all_conditions, find};
use basin::parse::read_model;
use basin::perturb::{Perturbation, parse_perturbations};
use basin::phenotype::{Classification, PhenotypeSpec, Phenotypes};
use basin::screen::fixed_for;
use basin::synchronous::{self, SyncConfig};
use basin::{Attractor, AttractorKind, Exploration, Network, UpdateScheme, VarId};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

const S: UpdateScheme = UpdateScheme::Synchronous;
const A: UpdateScheme = UpdateScheme::Asynchronous;
const SA: [UpdateScheme; 2] = [S, A];

// ---------------------------------------------------------------------------------------------
// The helper layer: model, conditions, perturbations, one run, a sweep over all conditions.
// ---------------------------------------------------------------------------------------------

/// The showcase model, its phenotypes and every combination of its inputs.
struct Showcase {
    network: Network,
    phenotypes: Phenotypes,
    all: Vec<Condition>,
}

fn networks_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("networks")
}

fn showcase() -> &'static Showcase {
    static SHOWCASE: OnceLock<Showcase> = OnceLock::new();
    SHOWCASE.get_or_init(|| {
        let dir = networks_dir();
        let network = read_model(&dir.join("mronj_macrophage.bnet"), None, false)
            .expect("the showcase model reads")
            .network;
        let phenotypes = PhenotypeSpec::read(&dir.join("mronj_macrophage.toml"))
            .expect("the showcase phenotype file reads")
            .bind(&network)
            .expect("the showcase phenotype file binds");
        let all = all_conditions(&network).expect("8 inputs");
        Showcase {
            network,
            phenotypes,
            all,
        }
    })
}

fn var(name: &str) -> VarId {
    showcase()
        .network
        .find(name)
        .unwrap_or_else(|| panic!("'{name}' is not a node of the showcase"))
}

/// `"LPS+TGFB_EX"`: those inputs ON, every other input OFF; `"none"`: every input OFF.
fn condition(spec: &str) -> Condition {
    let net = &showcase().network;
    let set: Vec<(VarId, bool)> = if spec == "none" {
        Vec::new()
    } else {
        spec.split('+')
            .map(|name| {
                let v = var(name);
                assert!(net.is_input(v), "'{name}' is not an input");
                (v, true)
            })
            .collect()
    };
    Condition::from_inputs(net, &set)
}

/// `"SMAD7=0 SMAD3=0"` (space separated), `""` for none.
fn perturbations(spec: &str) -> Vec<Perturbation> {
    let texts: Vec<&str> = spec.split_whitespace().collect();
    parse_perturbations(&showcase().network, &texts).expect("valid perturbation")
}

/// One attractor with its classification.
struct Found {
    attractor: Attractor,
    class: Classification,
}

impl Found {
    fn label(&self) -> &str {
        &self.class.label
    }

    /// The share of the attractor's states in which `node` is ON.
    fn act(&self, node: &str) -> f64 {
        self.attractor.activity[var(node).index()]
    }

    /// A marker group's activity: the largest activity of its members (M1, M2, FIB).
    fn group(&self, group: &str) -> f64 {
        self.class
            .group_activity
            .iter()
            .find(|(g, _)| g == group)
            .unwrap_or_else(|| panic!("no group '{group}'"))
            .1
    }

    fn is_fixed_point(&self) -> bool {
        self.attractor.kind == AttractorKind::FixedPoint
    }
}

/// The attractors of one condition × perturbation × update, labelled.
struct Run {
    what: String,
    condition: Condition,
    found: Vec<Found>,
}

impl Run {
    /// The labels, sorted (a multiset).
    fn labels(&self) -> Vec<&str> {
        let mut l: Vec<&str> = self.found.iter().map(Found::label).collect();
        l.sort_unstable();
        l
    }

    fn label_set(&self) -> BTreeSet<&str> {
        self.found.iter().map(Found::label).collect()
    }

    /// The smallest and largest activity of a marker group over the attractors.
    fn range(&self, group: &str) -> (f64, f64) {
        self.found
            .iter()
            .map(|f| f.group(group))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), a| {
                (lo.min(a), hi.max(a))
            })
    }

    fn fixed_points(&self) -> usize {
        self.found.iter().filter(|f| f.is_fixed_point()).count()
    }

    /// "→ L": at least one attractor, and every attractor labelled `label`.
    fn all(&self, label: &str) -> &Run {
        assert!(
            !self.found.is_empty() && self.found.iter().all(|f| f.label() == label),
            "{}: expected every attractor {label}, found {:?}",
            self.what,
            self.labels()
        );
        self
    }

    /// The exact multiset of labels.
    fn exactly(&self, labels: &[&str]) -> &Run {
        let mut want = labels.to_vec();
        want.sort_unstable();
        assert_eq!(self.labels(), want, "{}: labels", self.what);
        self
    }

    /// Exactly one attractor, a fixed point.
    fn single_fixed_point(&self) -> &Run {
        assert!(
            self.found.len() == 1 && self.found[0].is_fixed_point(),
            "{}: expected a single fixed point, found {} attractors of kinds {:?}",
            self.what,
            self.found.len(),
            self.found
                .iter()
                .map(|f| f.attractor.kind)
                .collect::<Vec<_>>()
        );
        self
    }

    /// Every node of `on` is ON in every state of every attractor, every node of `off` OFF.
    fn nodes(&self, on: &[&str], off: &[&str]) -> &Run {
        for f in &self.found {
            for n in on {
                assert_eq!(
                    f.act(n),
                    1.0,
                    "{}: {n} should be ON ({})",
                    self.what,
                    f.label()
                );
            }
            for n in off {
                assert_eq!(
                    f.act(n),
                    0.0,
                    "{}: {n} should be OFF ({})",
                    self.what,
                    f.label()
                );
            }
        }
        self
    }
}

/// Explores the showcase under `condition` with `perturbation` applied, exhaustively.
fn run(update: UpdateScheme, condition: &Condition, perturbation: &[Perturbation]) -> Run {
    let sc = showcase();
    let fixed = fixed_for(condition, perturbation);
    let exploration = explore_fixed(&sc.network, &fixed, update);
    let found = exploration
        .attractors
        .iter()
        .map(|a| Found {
            attractor: a.clone(),
            class: sc.phenotypes.classify(a),
        })
        .collect();
    let names: Vec<String> = perturbation
        .iter()
        .map(|p| p.display(&sc.network).to_string())
        .collect();
    let what = format!(
        "[{}] {}{}{}",
        if update == S { "S" } else { "A" },
        condition.name,
        if names.is_empty() { "" } else { " with " },
        names.join(" ")
    );
    Run {
        what,
        condition: condition.clone(),
        found,
    }
}

fn explore_fixed(network: &Network, fixed: &[(VarId, bool)], update: UpdateScheme) -> Exploration {
    let result = match update {
        UpdateScheme::Synchronous => {
            synchronous::attractors(network, fixed, &SyncConfig::exhaustive())
        }
        UpdateScheme::Asynchronous => {
            asynchronous::attractors(network, fixed, &AsyncConfig::exhaustive())
        }
        UpdateScheme::MostPermissive | UpdateScheme::General => {
            basin::explore(network, fixed, update, &basin::EngineOptions::default())
        }
    };
    result.expect("the showcase explores")
}

/// `explore(A, "LPS+TGFB_EX", "SMAD7=0")`.
fn explore(update: UpdateScheme, condition_spec: &str, perturbation: &str) -> Run {
    run(
        update,
        &condition(condition_spec),
        &perturbations(perturbation),
    )
}

/// Every one of the 256 conditions under `update` with `perturbation`, in the order of
/// [`all_conditions`]; explored once per process and shared between tests.
fn sweep(update: UpdateScheme, perturbation: &str) -> Arc<Vec<Run>> {
    type Cell = Arc<OnceLock<Arc<Vec<Run>>>>;
    static SWEEPS: OnceLock<Mutex<HashMap<(UpdateScheme, String), Cell>>> = OnceLock::new();
    let cell: Cell = SWEEPS
        .get_or_init(Default::default)
        .lock()
        .unwrap()
        .entry((update, perturbation.to_string()))
        .or_default()
        .clone();
    cell.get_or_init(|| {
        let p = perturbations(perturbation);
        Arc::new(
            showcase()
                .all
                .par_iter()
                .map(|c| run(update, c, &p))
                .collect(),
        )
    })
    .clone()
}

/// Per condition, whether `perturbation` raises / lowers the activity of marker `group`
/// (asynchronous): over the attractors of a condition take the smallest and the largest group
/// activity; it is raised when either goes up, lowered when either goes down. Returns the
/// raised and the lowered conditions.
fn activity_shifts(group: &str, perturbation: &str) -> (Vec<Condition>, Vec<Condition>) {
    let wt = sweep(A, "");
    let pert = sweep(A, perturbation);
    let mut raised = Vec::new();
    let mut lowered = Vec::new();
    for (w, p) in wt.iter().zip(pert.iter()) {
        assert_eq!(w.condition, p.condition);
        let (w_lo, w_hi) = w.range(group);
        let (p_lo, p_hi) = p.range(group);
        if p_lo > w_lo || p_hi > w_hi {
            raised.push(p.condition.clone());
        }
        if p_lo < w_lo || p_hi < w_hi {
            lowered.push(p.condition.clone());
        }
    }
    (raised, lowered)
}

fn names(conditions: &[Condition]) -> Vec<&str> {
    conditions.iter().map(|c| c.name.as_str()).collect()
}

/// The sizes of the attractors of a condition × perturbation counted on the *signalling
/// nodes*: every node except the read-outs (nodes no other node reads: the nine marker and flag
/// nodes). This is what the biology notes' checker calls core states. Read-outs cannot act
/// back, so the network without them has exactly the projected dynamics, and its attractors are
/// the whole network's attractors with the read-outs dropped. (The library's own reduction
/// peels whole output cascades and gives a smaller core.)
fn signalling_attractor_sizes(
    update: UpdateScheme,
    condition_spec: &str,
    perturbation: &str,
) -> Vec<u64> {
    let net = &showcase().network;
    let targets = net.targets();
    let kept: Vec<VarId> = net
        .vars()
        .filter(|&v| targets[v.index()].iter().any(|&t| t != v))
        .collect();
    let new_id = |v: VarId| kept.iter().position(|&k| k == v).map(VarId::new);
    let sub = Network::new(
        kept.iter()
            .map(|&v| {
                let f = net
                    .function(v)
                    .map_vars(|x| new_id(x).expect("reads kept nodes"));
                (net.name(v).to_string(), f)
            })
            .collect(),
    )
    .unwrap();
    let fixed: Vec<(VarId, bool)> =
        fixed_for(&condition(condition_spec), &perturbations(perturbation))
            .into_iter()
            .map(|(v, b)| (new_id(v).expect("read-outs are not fixed here"), b))
            .collect();
    explore_fixed(&sub, &fixed, update)
        .attractors
        .iter()
        .map(|a| a.num_states.to_u128().expect("small") as u64)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The model files.
// ---------------------------------------------------------------------------------------------

/// The conditions issue #6 asks for are in the phenotype file with exactly these inputs.
#[test]
fn named_conditions_of_issue_6_are_in_the_phenotype_file() {
    let file = ConditionFile::read(&networks_dir().join("mronj_macrophage.toml")).unwrap();
    let named = file.bind(&showcase().network).unwrap();
    let wanted = [
        ("none", "none"),
        ("drug", "BP"),
        ("infection", "LPS"),
        ("drug+infection", "BP+LPS"),
        ("IL4", "IL4"),
        ("IL13", "IL13"),
        ("IL10", "IL10_EX"),
        ("TGFb", "TGFB_EX"),
        ("drug+TGFb", "BP+TGFB_EX"),
        ("infection+TGFb", "LPS+TGFB_EX"),
        ("WDR74", "WDR74"),
        ("drug+WDR74", "BP+WDR74"),
    ];
    for (name, inputs) in wanted {
        let c = find(&named, name).unwrap();
        assert_eq!(c.inputs, condition(inputs).inputs, "condition '{name}'");
    }
    assert_eq!(showcase().all.len(), 256);
}

// ---------------------------------------------------------------------------------------------
// E1–E11: the wild type.
// ---------------------------------------------------------------------------------------------

/// E1: no input → exactly one attractor, a fixed point with every non-input node OFF, M0 [S+A].
#[test]
fn e01_no_input_is_a_resting_m0_fixed_point() {
    let net = &showcase().network;
    let non_inputs: Vec<&str> = net
        .vars()
        .filter(|&v| !net.is_input(v))
        .map(|v| net.name(v))
        .collect();
    for u in SA {
        explore(u, "none", "")
            .single_fixed_point()
            .all("M0")
            .nodes(&[], &non_inputs);
    }
}

/// E2: every condition with (LPS ∨ BP ∨ IFNG) and IL4 = IL13 = IL10_EX = WDR74 = TGFB_EX = 0:
/// every attractor M1 [S+A] (7 conditions).
#[test]
fn e02_inflammatory_inputs_alone_give_m1() {
    let sc = showcase();
    let quiet = ConditionFilter::parse(
        &sc.network,
        &["IL4=0", "IL13=0", "IL10_EX=0", "WDR74=0", "TGFB_EX=0"],
    )
    .unwrap();
    let chosen: Vec<&Condition> = quiet
        .apply(&sc.all)
        .into_iter()
        .filter(|c| {
            ["LPS", "BP", "IFNG"]
                .iter()
                .any(|i| c.value(var(i)) == Some(true))
        })
        .collect();
    assert_eq!(chosen.len(), 7);
    for u in SA {
        for c in &chosen {
            run(u, c, &[]).all("M1");
        }
    }
}

/// E3: LPS → single fixed point with NOS2, IL1B, TNFA, IL6, MMP13 ON and ARG1, IL10, VEGF,
/// FIBROSIS OFF; SMAD7 and TGFB1 ON, TGFBR/SMAD2/SMAD3 OFF [S+A].
#[test]
fn e03_infection_is_a_full_m1_fixed_point() {
    for u in SA {
        explore(u, "LPS", "").single_fixed_point().all("M1").nodes(
            &["NOS2", "IL1B", "TNFA", "IL6", "MMP13", "SMAD7", "TGFB1"],
            &[
                "ARG1", "IL10", "VEGF", "FIBROSIS", "TGFBR", "SMAD2", "SMAD3",
            ],
        );
    }
}

/// E4: BP alone → M1 with IL1B, NOS2, MMP13 ON but TNFA, IL6 OFF (no MAPK); BP + LPS → all
/// five M1 markers [S+A].
#[test]
fn e04_the_drug_alone_gives_m1_without_tnf_and_il6() {
    for u in SA {
        explore(u, "BP", "")
            .all("M1")
            .nodes(&["IL1B", "NOS2", "MMP13"], &["TNFA", "IL6"]);
        explore(u, "BP+LPS", "")
            .all("M1")
            .nodes(&["NOS2", "IL1B", "TNFA", "IL6", "MMP13"], &[]);
    }
}

/// E5: IL4, IL13, IL4+IL13 → M2 (STAT6, IL10, ARG1 ON; no FIB); IL10_EX → M2 with VEGF ON
/// [S+A].
#[test]
fn e05_m2_cytokines_give_m2() {
    for u in SA {
        for c in ["IL4", "IL13", "IL4+IL13"] {
            explore(u, c, "")
                .all("M2")
                .nodes(&["STAT6", "IL10", "ARG1"], &["FIBROSIS"]);
        }
        explore(u, "IL10_EX", "").all("M2").nodes(&["VEGF"], &[]);
    }
}

/// E6: TGFB_EX alone → single fixed point M2+FIB with TGFBR, SMAD2, SMAD3, SMAD234, PI3K, PTEN,
/// P38, JNK, AP1, IL10, ARG1, VEGF, FIBROSIS ON and NFKB, AKT, SMAD7 OFF [S+A].
#[test]
fn e06_tgf_beta_alone_is_a_fibrotic_m2_fixed_point() {
    for u in SA {
        explore(u, "TGFB_EX", "")
            .single_fixed_point()
            .all("M2+FIB")
            .nodes(
                &[
                    "TGFBR", "SMAD2", "SMAD3", "SMAD234", "PI3K", "PTEN", "P38", "JNK", "AP1",
                    "IL10", "ARG1", "VEGF", "FIBROSIS",
                ],
                &["NFKB", "AKT", "SMAD7"],
            );
    }
}

/// E8: anti-inflammatory dominance: LPS+IL4, LPS+IL13, LPS+IL10_EX, BP+IL4, BP+IL10_EX → M2 [A].
#[test]
fn e08_anti_inflammatory_signals_dominate() {
    for c in ["LPS+IL4", "LPS+IL13", "LPS+IL10_EX", "BP+IL4", "BP+IL10_EX"] {
        explore(A, c, "").all("M2");
    }
}

/// E9: IFNG + any of {IL4, IL13, IL10_EX} with TGFB_EX = WDR74 = 0 → MIXED (28 conditions) [A].
#[test]
fn e09_ifn_gamma_with_m2_cytokines_is_mixed() {
    let sc = showcase();
    let base = ConditionFilter::parse(&sc.network, &["IFNG=1", "TGFB_EX=0", "WDR74=0"]).unwrap();
    let chosen: Vec<&Condition> = base
        .apply(&sc.all)
        .into_iter()
        .filter(|c| {
            ["IL4", "IL13", "IL10_EX"]
                .iter()
                .any(|i| c.value(var(i)) == Some(true))
        })
        .collect();
    assert_eq!(chosen.len(), 28);
    for c in chosen {
        run(A, c, &[]).all("MIXED");
    }
}

/// E10: inflammation blocks TGF-β: LPS+TGFB_EX (and +BP, +IFNG) → M1 only, SMAD7 ON,
/// SMAD2/SMAD3 OFF, VEGF OFF [S+A].
#[test]
fn e10_inflammation_blocks_tgf_beta() {
    for u in SA {
        for c in ["LPS+TGFB_EX", "BP+LPS+TGFB_EX", "LPS+IFNG+TGFB_EX"] {
            explore(u, c, "")
                .all("M1")
                .nodes(&["SMAD7"], &["SMAD2", "SMAD3", "VEGF"]);
        }
    }
}

/// E11: drug + TGF-β is bistable: BP+TGFB_EX (±IFNG) → {M1, M2+FIB} [A]; synchronous shows
/// these two fixed points plus cycles.
#[test]
fn e11_drug_and_tgf_beta_are_bistable() {
    for c in ["BP+TGFB_EX", "BP+IFNG+TGFB_EX"] {
        let a = explore(A, c, "");
        a.exactly(&["M1", "M2+FIB"]);
        assert_eq!(a.fixed_points(), 2, "{}", a.what);
        let s = explore(S, c, "");
        let fixed = |r: &Run| -> BTreeSet<Vec<bool>> {
            r.found
                .iter()
                .filter(|f| f.is_fixed_point())
                .map(|f| f.attractor.states[0].to_bools())
                .collect()
        };
        assert_eq!(
            fixed(&s),
            fixed(&a),
            "{}: the same two fixed points",
            s.what
        );
        assert!(
            s.found
                .iter()
                .any(|f| f.attractor.kind == AttractorKind::Cycle),
            "{}: synchronous cycles expected besides the fixed points",
            s.what
        );
    }
}

// ---------------------------------------------------------------------------------------------
// E12–E15: Smad7.
// ---------------------------------------------------------------------------------------------

/// E12: Smad7 KO increases the M2 share: LPS → MIXED+FIB; BP+LPS → MIXED+FIB; LPS+TGFB_EX →
/// MIXED+FIB; BP+TGFB_EX → M2+FIB only [A].
#[test]
fn e12_smad7_knockout_labels() {
    for c in ["LPS", "BP+LPS", "LPS+TGFB_EX"] {
        explore(A, c, "SMAD7=0").all("MIXED+FIB");
    }
    explore(A, "BP+TGFB_EX", "SMAD7=0").all("M2+FIB");
}

/// E12: Smad7 KO + BP → one cyclic attractor (no fixed point) in which ARG1/IL10 (and NF-κB)
/// are ON in half the states: 2048 core states, 524 288 states with the outputs [A].
#[test]
fn e12_smad7_knockout_under_the_drug_oscillates() {
    let r = explore(A, "BP", "SMAD7=0");
    assert_eq!(r.found.len(), 1, "{}: one attractor", r.what);
    let f = &r.found[0];
    assert_eq!(f.attractor.kind, AttractorKind::Complex, "{}", r.what);
    assert_eq!(r.fixed_points(), 0);
    for n in ["ARG1", "IL10", "NFKB"] {
        assert_eq!(f.act(n), 0.5, "{}: activity of {n}", r.what);
    }
    assert_eq!(signalling_attractor_sizes(A, "BP", "SMAD7=0"), [2048]);
    assert_eq!(
        f.attractor.num_states, 524_288,
        "{}: states with outputs",
        r.what
    );
}

/// E12: across all 256 conditions Smad7 KO never lowers M2-marker activity and raises it in
/// 12 conditions [A].
#[test]
fn e12_smad7_knockout_raises_m2_in_12_conditions_and_never_lowers() {
    let (raised, lowered) = activity_shifts("M2", "SMAD7=0");
    println!("E12: SMAD7=0 raises M2 activity in {:?}", names(&raised));
    assert_eq!(names(&lowered), Vec::<&str>::new(), "lowered");
    assert_eq!(raised.len(), 12, "raised: {:?}", names(&raised));
}

/// E14: Smad7 KO + LPS+TGFB_EX has NOS2 and MMP13 OFF but IL1B, TNFA, IL6 ON [A].
#[test]
fn e14_smad_suppression_of_m1_is_partial_under_infection() {
    explore(A, "LPS+TGFB_EX", "SMAD7=0").nodes(&["IL1B", "TNFA", "IL6"], &["NOS2", "MMP13"]);
}

/// E15: Smad7 OE: TGFB_EX → M0; BP+TGFB_EX → M1 only; IL4 → still M2; TGFB_EX+WDR74 → M2
/// without fibrosis [A].
#[test]
fn e15_smad7_overexpression_labels() {
    explore(A, "TGFB_EX", "SMAD7=1").all("M0");
    explore(A, "BP+TGFB_EX", "SMAD7=1").all("M1");
    explore(A, "IL4", "SMAD7=1").all("M2");
    explore(A, "TGFB_EX+WDR74", "SMAD7=1").all("M2");
}

/// E15: across 256 conditions Smad7 OE never raises M2 activity (and lowers it in 4) [A].
#[test]
fn e15_smad7_overexpression_never_raises_m2() {
    let (raised, lowered) = activity_shifts("M2", "SMAD7=1");
    println!("E15: SMAD7=1 lowers M2 activity in {:?}", names(&lowered));
    assert_eq!(names(&raised), Vec::<&str>::new(), "raised");
    assert_eq!(lowered.len(), 4, "lowered: {:?}", names(&lowered));
}

// ---------------------------------------------------------------------------------------------
// E16–E19: Smad3 and Smad2.
// ---------------------------------------------------------------------------------------------

/// E16: Smad3 KO abolishes fibrosis: FIBROSIS OFF in every attractor of all 256 conditions (in
/// the wild type, 156 conditions have a +FIB attractor) [A].
#[test]
fn e16_smad3_knockout_abolishes_fibrosis_everywhere() {
    for r in sweep(A, "SMAD3=0").iter() {
        r.nodes(&[], &["FIBROSIS"]);
    }
    let fibrotic = sweep(A, "")
        .iter()
        .filter(|r| {
            r.found
                .iter()
                .any(|f| f.class.flags.iter().any(|x| x == "FIB"))
        })
        .count();
    assert_eq!(fibrotic, 156, "wild-type conditions with a +FIB attractor");
}

/// E16: Smad3 KO keeps repair: TGFB_EX, TGFB_EX+WDR74, IL4+TGFB_EX → M2 (no FIB) [A].
#[test]
fn e16_smad3_knockout_keeps_repair() {
    for c in ["TGFB_EX", "TGFB_EX+WDR74", "IL4+TGFB_EX"] {
        explore(A, c, "SMAD3=0").all("M2");
    }
}

/// E17: Smad3 KO is anti-inflammatory under infection + TGF-β: LPS+TGFB_EX → {M1, M2}; Smad7 KO
/// + Smad3 KO + LPS+TGFB_EX → M2; LPS+WDR74 → M2 (WT: MIXED+FIB) [A].
#[test]
fn e17_smad3_knockout_under_infection() {
    explore(A, "LPS+TGFB_EX", "SMAD3=0").exactly(&["M1", "M2"]);
    explore(A, "LPS+TGFB_EX", "SMAD7=0 SMAD3=0").all("M2");
    explore(A, "LPS+WDR74", "").all("MIXED+FIB");
    explore(A, "LPS+WDR74", "SMAD3=0").all("M2");
}

/// E18: Smad3 KO is pro-M1 under IFN-γ + TGF-β/WDR74: IFNG+TGFB_EX WT M2+FIB → MIXED [A].
#[test]
fn e18_smad3_knockout_lifts_inos_suppression() {
    explore(A, "IFNG+TGFB_EX", "").all("M2+FIB");
    explore(A, "IFNG+TGFB_EX", "SMAD3=0").all("MIXED");
}

/// E18: Smad3 KO raises M1-marker activity in 90 conditions, all containing IFNG [A].
#[test]
fn e18_smad3_knockout_raises_m1_in_90_ifn_gamma_conditions() {
    let (raised, _) = activity_shifts("M1", "SMAD3=0");
    println!(
        "E18: SMAD3=0 raises M1 activity in {} conditions",
        raised.len()
    );
    assert_eq!(raised.len(), 90, "raised: {:?}", names(&raised));
    let ifng = var("IFNG");
    let without: Vec<&str> = raised
        .iter()
        .filter(|c| c.value(ifng) != Some(true))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(without, Vec::<&str>::new(), "raised without IFNG");
}

/// E19: Smad2 KO removes the Smad brake on drug-driven NF-κB: BP+WDR74 → MIXED (WT M2);
/// BP+TGFB_EX → M1 only (WT bistable) [A].
#[test]
fn e19_smad2_knockout_releases_drug_driven_nfkb() {
    explore(A, "BP+WDR74", "").all("M2");
    explore(A, "BP+WDR74", "SMAD2=0").all("MIXED");
    explore(A, "BP+TGFB_EX", "").exactly(&["M1", "M2+FIB"]);
    explore(A, "BP+TGFB_EX", "SMAD2=0").all("M1");
}

// ---------------------------------------------------------------------------------------------
// E20–E25: WDR74, PTEN, VEGF.
// ---------------------------------------------------------------------------------------------

/// E20: WDR74 strengthens M2: WDR74 alone → M2 without fibrosis; BP+WDR74 → M2 (WT BP: M1);
/// BP+TGFB_EX+WDR74 → M2+FIB only; LPS+WDR74 → MIXED+FIB (WT LPS: M1) [S+A].
#[test]
fn e20_wdr74_strengthens_m2() {
    for u in SA {
        explore(u, "WDR74", "").all("M2");
        explore(u, "BP", "").all("M1");
        explore(u, "BP+WDR74", "").all("M2");
        explore(u, "BP+TGFB_EX+WDR74", "").all("M2+FIB");
        explore(u, "LPS", "").all("M1");
        explore(u, "LPS+WDR74", "").all("MIXED+FIB");
    }
}

/// E22: Smad → PTEN ⊣ AKT: under TGFB_EX PI3K and PTEN ON, AKT OFF; PTEN KO + TGFB_EX → AKT ON,
/// label unchanged; PTEN KO + SMAD2 KO + TGFB_EX → no fixed point, one cyclic attractor (640
/// core states) with NFKB ON in half its states [A].
#[test]
fn e22_pten_is_a_redundant_brake_on_akt() {
    let wt = explore(A, "TGFB_EX", "");
    wt.nodes(&["PI3K", "PTEN"], &["AKT"]);
    let ko = explore(A, "TGFB_EX", "PTEN=0");
    ko.nodes(&["AKT"], &[]);
    assert_eq!(ko.labels(), wt.labels(), "PTEN KO leaves the label");
    let both = explore(A, "TGFB_EX", "PTEN=0 SMAD2=0");
    assert_eq!(both.found.len(), 1, "{}: one attractor", both.what);
    assert_eq!(both.found[0].attractor.kind, AttractorKind::Complex);
    assert_eq!(both.fixed_points(), 0);
    assert_eq!(
        both.found[0].act("NFKB"),
        0.5,
        "{}: NFKB activity",
        both.what
    );
    assert_eq!(
        signalling_attractor_sizes(A, "TGFB_EX", "PTEN=0 SMAD2=0"),
        [640]
    );
}

/// E25: VEGF ON with TGFB_EX alone and with IL10_EX; OFF in every attractor whenever BP = 1
/// (all 128 such conditions); OFF under LPS+TGFB_EX [A].
#[test]
fn e25_vegf_follows_smad_and_stat3_and_the_drug_blocks_it() {
    explore(A, "TGFB_EX", "").nodes(&["VEGF"], &[]);
    explore(A, "IL10_EX", "").nodes(&["VEGF"], &[]);
    explore(A, "LPS+TGFB_EX", "").nodes(&[], &["VEGF"]);
    let bp = var("BP");
    let sweep_wt = sweep(A, "");
    let with_drug: Vec<&Run> = sweep_wt
        .iter()
        .filter(|r| r.condition.value(bp) == Some(true))
        .collect();
    assert_eq!(with_drug.len(), 128);
    for r in with_drug {
        r.nodes(&[], &["VEGF"]);
    }
}

// ---------------------------------------------------------------------------------------------
// E26–E27: the two semantics over all 256 wild-type conditions.
// ---------------------------------------------------------------------------------------------

/// E26: in WT, synchronous and asynchronous attractor label sets coincide in 254/256
/// conditions; the exceptions are BP+TGFB_EX and BP+IFNG+TGFB_EX.
#[test]
fn e26_synchronous_and_asynchronous_labels_agree_but_in_two_conditions() {
    let sync = sweep(S, "");
    let asyn = sweep(A, "");
    let differ: Vec<&str> = sync
        .iter()
        .zip(asyn.iter())
        .filter(|(s, a)| s.label_set() != a.label_set())
        .map(|(s, _)| s.condition.name.as_str())
        .collect();
    let expected = [
        condition("BP+TGFB_EX").name,
        condition("BP+IFNG+TGFB_EX").name,
    ];
    assert_eq!(differ, expected);
    assert_eq!(sync.len() - differ.len(), 254);
    // The differences are extra synchronous cycles: every asynchronous label is there too.
    for (s, a) in sync.iter().zip(asyn.iter()) {
        if s.label_set() != a.label_set() {
            assert!(a.label_set().is_subset(&s.label_set()), "{}", s.what);
            assert!(
                s.found
                    .iter()
                    .any(|f| f.attractor.kind == AttractorKind::Cycle),
                "{}: a synchronous cycle",
                s.what
            );
        }
    }
}

/// E27: WT has no cyclic asynchronous attractor in any of the 256 conditions; only BP+TGFB_EX
/// and BP+IFNG+TGFB_EX have two attractors, all others exactly one.
#[test]
fn e27_wild_type_asynchronous_attractors_are_fixed_points() {
    let asyn = sweep(A, "");
    for r in asyn.iter() {
        assert_eq!(
            r.fixed_points(),
            r.found.len(),
            "{}: a complex attractor",
            r.what
        );
    }
    let two: Vec<&str> = asyn
        .iter()
        .filter(|r| r.found.len() != 1)
        .map(|r| r.condition.name.as_str())
        .collect();
    let expected = [
        condition("BP+TGFB_EX").name,
        condition("BP+IFNG+TGFB_EX").name,
    ];
    assert_eq!(two, expected);
    for r in asyn.iter().filter(|r| r.found.len() != 1) {
        assert_eq!(r.found.len(), 2, "{}", r.what);
    }
}
