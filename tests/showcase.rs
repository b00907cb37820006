//! The showcase's expected behaviours: the statements of the biology notes §8
//! (`shared/biology/README.md`, E1–E27) as the rules re-chosen for issue #16 answer them,
//! checked on `networks/mronj_macrophage.bnet` with the labels of
//! `networks/mronj_macrophage.toml`, through the library (reader, phenotype file, conditions,
//! both explorers), for the semantics the statement names: [S] synchronous, [A] asynchronous,
//! [S+A] both. Each test's comment says which rules give the expected value; where the
//! re-chosen rules changed a behaviour of the notes, the comment says what it was.
//!
//! Notation as in the notes: a condition lists the inputs that are ON (`"LPS+TGFB_EX"`, or
//! `"none"`), every other input is OFF; a perturbation is `"SMAD7=0"` (knockout), `"SMAD7=1"`
//! (overexpression), several separated by spaces, or `""` for the wild type. "→ L" means every
//! attractor has label L; a label list is the exact multiset of labels.
//!
//! Statements over "all 2048 conditions" run every combination of the 11 inputs
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
use std::collections::HashMap;
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
        let all = all_conditions(&network).expect("11 inputs");
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

/// Every one of the 2048 conditions under `update` with `perturbation`, in the order of
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

/// The conditions with `input` ON (`true`) or OFF (`false`) among `runs`.
fn with_input<'a>(runs: &'a [Run], input: &str, on: bool) -> Vec<&'a Run> {
    let v = var(input);
    runs.iter()
        .filter(|r| r.condition.value(v) == Some(on))
        .collect()
}

/// Whether a condition supplies abundant TGF-β ligand, which overrides Smad7 at the receptor
/// (`TGFBR, TGFB_EX | MATRIX_TGFB | (TGFB1 & !SMAD7)`): exogenous TGF-β, or bone-matrix
/// TGF-β released after bone injury when no antiresorptive stops resorption
/// (`MATRIX_TGFB, TRAUMA & !(BP | DMAB)`).
fn abundant_ligand(c: &Condition) -> bool {
    let on = |n: &str| c.value(var(n)) == Some(true);
    on("TGFB_EX") || (on("TRAUMA") && !on("BP") && !on("DMAB"))
}

// ---------------------------------------------------------------------------------------------
// The model files.
// ---------------------------------------------------------------------------------------------

/// The conditions issue #6 asks for, and the MRONJ conditions of issue #16, are in the phenotype
/// file with exactly these inputs.
#[test]
fn named_conditions_are_in_the_phenotype_file() {
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
        ("extraction", "TRAUMA"),
        ("drug+extraction", "BP+TRAUMA"),
        ("denosumab", "DMAB"),
        ("denosumab+extraction", "DMAB+TRAUMA"),
        ("hypoxia", "HYPOXIA"),
        ("drug+extraction+hypoxia", "BP+TRAUMA+HYPOXIA"),
        ("drug+extraction+infection", "BP+TRAUMA+LPS"),
        ("denosumab+extraction+infection", "DMAB+TRAUMA+LPS"),
    ];
    for (name, inputs) in wanted {
        let c = find(&named, name).unwrap();
        assert_eq!(c.inputs, condition(inputs).inputs, "condition '{name}'");
    }
    assert_eq!(showcase().all.len(), 1 << 11, "11 inputs");
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

/// E2: every condition with (LPS ∨ BP ∨ IFNG) and no M2 input, no TGF-β source (IL4 = IL13 =
/// IL10_EX = WDR74 = TGFB_EX = TRAUMA = 0): every attractor M1 [S+A]. Denosumab (acts only on
/// resorption) and hypoxia (HIF-1α → iNOS, VEGF) add no M2 marker: 7 × 4 conditions.
#[test]
fn e02_inflammatory_inputs_alone_give_m1() {
    let sc = showcase();
    let quiet = ConditionFilter::parse(
        &sc.network,
        &[
            "IL4=0",
            "IL13=0",
            "IL10_EX=0",
            "WDR74=0",
            "TGFB_EX=0",
            "TRAUMA=0",
        ],
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
    assert_eq!(chosen.len(), 7 * 4);
    for u in SA {
        for c in &chosen {
            run(u, c, &[]).all("M1");
        }
    }
}

/// E3: LPS → single fixed point with the five M1 markers ON, and IL-10 ON too (TLR4 → IL-10,
/// Saraiva & O'Garra 2010; IL-10 is not an M2 label marker, so the label stays M1); ARG1, VEGF,
/// FIBROSIS OFF; NF-κB has made TGF-β1 and Smad7, and Smad7 keeps the autocrine ligand from the
/// receptor, so TGFBR/SMAD2/SMAD3 are OFF [S+A].
#[test]
fn e03_infection_is_a_full_m1_fixed_point() {
    for u in SA {
        explore(u, "LPS", "").single_fixed_point().all("M1").nodes(
            &[
                "NOS2", "IL1B", "TNFA", "IL6", "MMP13", "IL10", "SMAD7", "TGFB1",
            ],
            &["ARG1", "VEGF", "FIBROSIS", "TGFBR", "SMAD2", "SMAD3"],
        );
    }
}

/// E4: BP alone → M1 with IL1B, NOS2 ON (NF-κB) but TNFA, IL6 and MMP13 OFF: they need MAPK /
/// AP-1 (`MMP13, NFKB & AP1`, Zerrouk 2024), which the drug does not activate; BP + LPS → all
/// five M1 markers [S+A].
#[test]
fn e04_the_drug_alone_gives_m1_without_mapk_targets() {
    for u in SA {
        explore(u, "BP", "")
            .all("M1")
            .nodes(&["IL1B", "NOS2"], &["TNFA", "IL6", "MMP13"]);
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

/// E6: TGFB_EX alone → single fixed point M2+FIB with the Smad programme, PI3K/PTEN, MAPK,
/// ARG1, IL10, VEGF, FIBROSIS ON, and Smad7 ON (the Smad4 complex induces it, Nakao 1997; the
/// abundant ligand overrides it at the receptor); NFKB, AKT OFF (PTEN) [S+A].
#[test]
fn e06_tgf_beta_alone_is_a_fibrotic_m2_fixed_point() {
    for u in SA {
        explore(u, "TGFB_EX", "")
            .single_fixed_point()
            .all("M2+FIB")
            .nodes(
                &[
                    "TGFBR", "SMAD7", "SMAD2", "SMAD3", "SMAD234", "PI3K", "PTEN", "P38", "JNK",
                    "AP1", "IL10", "ARG1", "VEGF", "FIBROSIS",
                ],
                &["NFKB", "AKT"],
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

/// E9: IFNG + any of {IL4, IL13, IL10_EX} without a TGF-β source (TGFB_EX = WDR74 = TRAUMA = 0)
/// → MIXED: STAT1 keeps iNOS on, STAT3/STAT6 keep ARG1 on (7 cytokine sets × 16 of BP, LPS,
/// DMAB, HYPOXIA) [A].
#[test]
fn e09_ifn_gamma_with_m2_cytokines_is_mixed() {
    let sc = showcase();
    let base = ConditionFilter::parse(&sc.network, &["IFNG=1", "TGFB_EX=0", "WDR74=0", "TRAUMA=0"])
        .unwrap();
    let chosen: Vec<&Condition> = base
        .apply(&sc.all)
        .into_iter()
        .filter(|c| {
            ["IL4", "IL13", "IL10_EX"]
                .iter()
                .any(|i| c.value(var(i)) == Some(true))
        })
        .collect();
    assert_eq!(chosen.len(), 7 * 16);
    for c in chosen {
        run(A, c, &[]).all("MIXED");
    }
}

/// E10: TGF-β deactivates the LPS-activated macrophage (Tsunawaki 1988): LPS+TGFB_EX (and
/// +BP, +IFNG) → M2+FIB: the exogenous ligand overrides the NF-κB-induced Smad7, and Smad3
/// blocks TLR4-driven NF-κB, so every M1 marker is OFF while Smad7 is ON [S+A]. (Before issue
/// #16, with Smad7 an absolute veto, this was "M1 only".)
#[test]
fn e10_tgf_beta_deactivates_infection() {
    for u in SA {
        for c in ["LPS+TGFB_EX", "BP+LPS+TGFB_EX", "LPS+IFNG+TGFB_EX"] {
            explore(u, c, "").all("M2+FIB").nodes(
                &["SMAD7", "SMAD2", "SMAD3", "SMAD234"],
                &["NFKB", "NOS2", "IL1B", "TNFA", "IL6", "MMP13"],
            );
        }
    }
}

/// E11: drug + TGF-β (±IFNG) → one fixed point, M2+FIB, in both updates: the exogenous ligand
/// wins over the drug's Smad7, so the old bistability {M1, M2+FIB} is gone [S+A].
#[test]
fn e11_drug_and_tgf_beta_give_fibrotic_m2() {
    for u in SA {
        for c in ["BP+TGFB_EX", "BP+IFNG+TGFB_EX"] {
            explore(u, c, "").single_fixed_point().all("M2+FIB");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// E12–E15: Smad7.
// ---------------------------------------------------------------------------------------------

/// E12: Smad7 KO under infection (±drug) and under the drug alone: without Smad7, NF-κB's
/// autocrine TGF-β1 reaches the receptor, Smad3 then blocks TLR4-driven NF-κB (and Smad2 the
/// drug's arm), which stops TGF-β1: a negative loop, so one complex attractor and no fixed
/// point, in which NF-κB, IL-1β, ARG1 and FIBROSIS oscillate and the label is `OSC(...)` with
/// M1 and M2 states. With exogenous TGF-β the knockout changes nothing: the ligand already
/// overrides Smad7 (LPS+TGFB_EX, BP+TGFB_EX stay M2+FIB) [A].
#[test]
fn e12_smad7_knockout_turns_m1_into_an_m1_m2_oscillation() {
    for c in ["LPS", "BP+LPS", "BP"] {
        let r = explore(A, c, "SMAD7=0");
        assert_eq!(r.found.len(), 1, "{}: one attractor", r.what);
        assert_eq!(r.fixed_points(), 0, "{}", r.what);
        let f = &r.found[0];
        for n in ["NFKB", "IL1B", "ARG1", "FIBROSIS"] {
            let a = f.act(n);
            assert!(a > 0.0 && a < 1.0, "{}: {n} oscillates ({a})", r.what);
        }
        let parts: Vec<&str> = f
            .label()
            .strip_prefix("OSC(")
            .and_then(|l| l.strip_suffix(')'))
            .unwrap_or_else(|| panic!("{}: an OSC label, found {}", r.what, f.label()))
            .split('|')
            .collect();
        assert!(
            parts.contains(&"M1") && parts.contains(&"M2"),
            "{}: {parts:?}",
            r.what
        );
    }
    explore(A, "LPS+TGFB_EX", "SMAD7=0").all("M2+FIB");
    explore(A, "BP+TGFB_EX", "SMAD7=0").all("M2+FIB");
}

/// E12: across all 2048 conditions Smad7 KO changes the attractors only where the autocrine
/// TGF-β1 is the only ligand (no exogenous or bone-matrix TGF-β) [A].
#[test]
fn e12_smad7_knockout_acts_only_without_abundant_ligand() {
    let wt = sweep(A, "");
    let ko = sweep(A, "SMAD7=0");
    let changed: Vec<&Condition> = wt
        .iter()
        .zip(ko.iter())
        .filter(|(w, k)| w.labels() != k.labels())
        .map(|(w, _)| &w.condition)
        .collect();
    println!(
        "E12: SMAD7=0 changes the labels of {} conditions",
        changed.len()
    );
    assert!(!changed.is_empty());
    for c in changed {
        assert!(
            !abundant_ligand(c),
            "{}: changed with abundant ligand",
            c.name
        );
    }
}

/// E14: Smad7 KO + LPS+TGFB_EX: every M1 marker OFF, as in the wild type (E10) [A]. (Before
/// issue #16 Smad3 protected TLR4-driven NF-κB and only NOS2, MMP13 were OFF.)
#[test]
fn e14_smad_suppression_of_m1_is_complete_under_infection() {
    explore(A, "LPS+TGFB_EX", "SMAD7=0").nodes(&[], &["NOS2", "MMP13", "IL1B", "TNFA", "IL6"]);
}

/// E15: Smad7 OE: exogenous TGF-β overrides it (TGFB_EX, BP+TGFB_EX, TGFB_EX+WDR74 stay
/// M2+FIB); IL-4 is Smad-independent (M2) [A]. Two-level logic cannot tell over-expressed from
/// induced Smad7; the old veto rule (variant V16) had Smad7 OE block exogenous TGF-β.
#[test]
fn e15_smad7_overexpression_labels() {
    explore(A, "TGFB_EX", "SMAD7=1").all("M2+FIB");
    explore(A, "BP+TGFB_EX", "SMAD7=1").all("M2+FIB");
    explore(A, "TGFB_EX+WDR74", "SMAD7=1").all("M2+FIB");
    explore(A, "IL4", "SMAD7=1").all("M2");
}

/// E15: Smad7 OE changes no attractor's label in any of the 2048 conditions [A]: it only acts
/// on the autocrine TGF-β1, and wherever TGF-β1 is made (`TGFB1, NFKB`) NF-κB has induced
/// Smad7 already (`SMAD7, NFKB | …`).
#[test]
fn e15_smad7_overexpression_changes_no_label() {
    for (w, o) in sweep(A, "").iter().zip(sweep(A, "SMAD7=1").iter()) {
        assert_eq!(w.labels(), o.labels(), "{}", o.what);
    }
}

// ---------------------------------------------------------------------------------------------
// E16–E19: Smad3 and Smad2.
// ---------------------------------------------------------------------------------------------

/// E16: Smad3 KO abolishes fibrosis: FIBROSIS OFF in every attractor of all 2048 conditions
/// (built in: `FIBROSIS, SMAD3 & SMAD234 & AP1`). In the wild type a fixed point is +FIB
/// exactly when Smad3 and AP-1 are both on [A].
#[test]
fn e16_smad3_knockout_abolishes_fibrosis_everywhere() {
    for r in sweep(A, "SMAD3=0").iter() {
        r.nodes(&[], &["FIBROSIS"]);
    }
    let mut fibrotic = 0;
    for r in sweep(A, "").iter() {
        for f in r.found.iter().filter(|f| f.is_fixed_point()) {
            let fib = f.class.flags.iter().any(|x| x == "FIB");
            assert_eq!(
                fib,
                f.act("SMAD3") == 1.0 && f.act("AP1") == 1.0,
                "{}",
                r.what
            );
        }
        fibrotic += usize::from(
            r.found
                .iter()
                .any(|f| f.class.flags.iter().any(|x| x == "FIB")),
        );
    }
    println!("E16: {fibrotic} wild-type conditions have a +FIB attractor");
    assert!(fibrotic > 0);
}

/// E16: Smad3 KO keeps repair through Smad2 (`SMAD234, SMAD2 | SMAD3`): TGFB_EX,
/// TGFB_EX+WDR74, IL4+TGFB_EX → M2 (no FIB) [A].
#[test]
fn e16_smad3_knockout_keeps_repair() {
    for c in ["TGFB_EX", "TGFB_EX+WDR74", "IL4+TGFB_EX"] {
        explore(A, c, "SMAD3=0").all("M2");
    }
}

/// E17: Smad3 KO under infection + TGF-β (or WDR74): TGF-β no longer suppresses the TLR4
/// response (Werner 2000), so MIXED (M1 markers back, ARG1 kept by Smad2); the same with Smad7
/// KO; the wild type LPS+WDR74 is M2+FIB (WDR74-driven Smad3 blocks TLR4-driven NF-κB) [A].
#[test]
fn e17_smad3_knockout_under_infection() {
    explore(A, "LPS+TGFB_EX", "SMAD3=0").all("MIXED");
    explore(A, "LPS+TGFB_EX", "SMAD7=0 SMAD3=0").all("MIXED");
    explore(A, "LPS+WDR74", "").all("M2+FIB");
    explore(A, "LPS+WDR74", "SMAD3=0").all("MIXED");
}

/// E18: Smad3 KO is pro-M1 under IFN-γ + TGF-β: IFNG+TGFB_EX WT M2+FIB → MIXED (iNOS no
/// longer suppressed) [A].
#[test]
fn e18_smad3_knockout_lifts_inos_suppression() {
    explore(A, "IFNG+TGFB_EX", "").all("M2+FIB");
    explore(A, "IFNG+TGFB_EX", "SMAD3=0").all("MIXED");
}

/// E18: Smad3 KO never lowers M1-marker activity, and raises it only in conditions whose
/// wild-type attractors have Smad3 ON (knocking out a node that is off changes nothing) [A].
#[test]
fn e18_smad3_knockout_raises_m1_only_where_smad3_was_on() {
    let (raised, lowered) = activity_shifts("M1", "SMAD3=0");
    println!(
        "E18: SMAD3=0 raises M1 activity in {} conditions",
        raised.len()
    );
    assert_eq!(names(&lowered), Vec::<&str>::new(), "lowered");
    assert!(!raised.is_empty());
    let wt = sweep(A, "");
    for c in &raised {
        let w = wt.iter().find(|r| &r.condition == c).unwrap();
        assert!(
            w.found.iter().any(|f| f.act("SMAD3") > 0.0),
            "{}: raised although Smad3 was off",
            w.what
        );
    }
}

/// E19: Smad2 attenuates the drug's NF-κB arm: BP+WDR74 → M2, with Smad2 KO MIXED; BP+TGFB_EX
/// → M2+FIB, with Smad2 KO MIXED+FIB (NF-κB on, iNOS still off through Smad3) [A].
#[test]
fn e19_smad2_knockout_releases_drug_driven_nfkb() {
    explore(A, "BP+WDR74", "").all("M2");
    explore(A, "BP+WDR74", "SMAD2=0").all("MIXED");
    explore(A, "BP+TGFB_EX", "").all("M2+FIB");
    explore(A, "BP+TGFB_EX", "SMAD2=0")
        .all("MIXED+FIB")
        .nodes(&["NFKB"], &["NOS2"]);
}

// ---------------------------------------------------------------------------------------------
// E20–E25: WDR74, PTEN, VEGF.
// ---------------------------------------------------------------------------------------------

/// E20: WDR74 strengthens M2: WDR74 alone → M2 without fibrosis (no MAPK); BP+WDR74 → M2 (WT
/// BP: M1); BP+TGFB_EX+WDR74 → M2+FIB; LPS+WDR74 → M2+FIB (WT LPS: M1) [S+A].
#[test]
fn e20_wdr74_strengthens_m2() {
    for u in SA {
        explore(u, "WDR74", "").all("M2");
        explore(u, "BP", "").all("M1");
        explore(u, "BP+WDR74", "").all("M2");
        explore(u, "BP+TGFB_EX+WDR74", "").all("M2+FIB");
        explore(u, "LPS", "").all("M1");
        explore(u, "LPS+WDR74", "").all("M2+FIB");
    }
}

/// E22: Smad → PTEN ⊣ AKT: under TGFB_EX PI3K and PTEN ON, AKT OFF; PTEN KO → AKT ON, label
/// unchanged (Smad2 still blocks AKT's NF-κB arm); PTEN KO + Smad2 KO → AKT drives NF-κB: one
/// fixed point, MIXED+FIB [A].
#[test]
fn e22_pten_is_a_redundant_brake_on_akt() {
    let wt = explore(A, "TGFB_EX", "");
    wt.nodes(&["PI3K", "PTEN"], &["AKT"]);
    let ko = explore(A, "TGFB_EX", "PTEN=0");
    ko.nodes(&["AKT"], &[]);
    assert_eq!(ko.labels(), wt.labels(), "PTEN KO leaves the label");
    explore(A, "TGFB_EX", "PTEN=0 SMAD2=0")
        .single_fixed_point()
        .all("MIXED+FIB")
        .nodes(&["AKT", "NFKB"], &[]);
}

/// E25: VEGF ON with TGFB_EX alone, with IL10_EX and (Smad) under LPS+TGFB_EX; OFF in every
/// attractor whenever BP = 1 (`VEGF, … & !BP`; 1024 conditions) [A].
#[test]
fn e25_vegf_follows_smad_stat3_hif_and_the_drug_blocks_it() {
    for c in ["TGFB_EX", "IL10_EX", "LPS+TGFB_EX", "HYPOXIA"] {
        explore(A, c, "").nodes(&["VEGF"], &[]);
    }
    let wt = sweep(A, "");
    let with_drug = with_input(&wt, "BP", true);
    assert_eq!(with_drug.len(), 1024);
    for r in with_drug {
        r.nodes(&[], &["VEGF"]);
    }
}

// ---------------------------------------------------------------------------------------------
// E26–E27: the two semantics over all 2048 wild-type conditions.
// ---------------------------------------------------------------------------------------------

/// E26–E27: every wild-type condition has exactly one attractor, a fixed point, and the same
/// label under both updates. (Before issue #16 BP+TGFB_EX and BP+IFNG+TGFB_EX were bistable
/// with extra synchronous cycles; the competitive Smad7 removed that bistability.)
#[test]
fn e26_e27_wild_type_has_one_fixed_point_per_condition_in_both_updates() {
    let sync = sweep(S, "");
    let asyn = sweep(A, "");
    for (s, a) in sync.iter().zip(asyn.iter()) {
        assert_eq!(s.condition, a.condition);
        for r in [s, a] {
            assert!(
                r.found.len() == 1 && r.found[0].is_fixed_point(),
                "{}: one fixed point",
                r.what
            );
        }
        assert_eq!(s.labels(), a.labels(), "{}", s.what);
    }
}

// ---------------------------------------------------------------------------------------------
// The MRONJ conditions of issue #16.
// ---------------------------------------------------------------------------------------------

/// Tooth extraction: DAMPs activate TLR4 and resorption releases bone-matrix TGF-β, which wins
/// (M2+FIB); under either antiresorptive the matrix TGF-β is gone and the DAMPs give M1, with
/// or without infection; denosumab alone acts on nothing but resorption (M0); hypoxia gives
/// HIF-1α → iNOS and VEGF; the bisphosphonate, not denosumab, blocks VEGF [S+A].
#[test]
fn mronj_extraction_heals_unless_an_antiresorptive_stops_matrix_tgf_beta() {
    for u in SA {
        explore(u, "TRAUMA", "")
            .all("M2+FIB")
            .nodes(&["TLR4", "MATRIX_TGFB", "SMAD3"], &["NFKB"]);
        for c in [
            "BP+TRAUMA",
            "DMAB+TRAUMA",
            "BP+TRAUMA+LPS",
            "DMAB+TRAUMA+LPS",
            "BP+TRAUMA+HYPOXIA",
        ] {
            explore(u, c, "")
                .all("M1")
                .nodes(&["NFKB"], &["MATRIX_TGFB", "TGFBR"]);
        }
        explore(u, "DMAB", "").all("M0");
        explore(u, "HYPOXIA", "")
            .all("M1")
            .nodes(&["HIF1A", "NOS2", "VEGF"], &["NFKB"]);
        explore(u, "DMAB+TRAUMA+HYPOXIA", "").nodes(&["VEGF"], &[]);
        explore(u, "BP+TRAUMA+HYPOXIA", "").nodes(&[], &["VEGF"]);
    }
}
