//! Phenotype files: the TOML format and its error messages, labels against a brute-force
//! labelling over attractor states, distributions, and the showcase's phenotype file against the
//! showcase model.

mod phenotype_support;

use basin::UpdateScheme;
use basin::condition::{ConditionFile, all_conditions};
use basin::parse::{Format, ParseOptions, parse_str, read_model};
use basin::phenotype::{PhenotypeSpec, Phenotypes};
use basin::{Network, VarId};
use phenotype_support::{Tree, explore, tree};
use proptest::prelude::*;
use std::path::PathBuf;

fn net(text: &str) -> Network {
    parse_str(text, &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network
}

fn small() -> Network {
    net("LPS, LPS\nNFKB, LPS & !STAT6\nIL4, IL4\nSTAT6, IL4\nIL10, STAT6\nFIBROSIS, STAT6 & LPS\n")
}

fn err(text: &str) -> String {
    PhenotypeSpec::from_toml_str(text).unwrap_err().to_string()
}

fn bind_err(text: &str) -> String {
    PhenotypeSpec::from_toml_str(text)
        .unwrap()
        .bind(&small())
        .unwrap_err()
        .to_string()
}

#[test]
fn malformed_toml_gives_line_and_column() {
    let e = err("[groups]\nM1 = [\"NFKB\"\n");
    assert!(e.starts_with("line 2, column "), "{e}");
    let e = err("threshold = 0.5\nthreshhold = 0.4\n[labels]\nA = \"NFKB\"\n");
    assert!(
        e.starts_with("line 2, column 1: unknown field `threshhold`"),
        "{e}"
    );
    let e = err("[groups]\nM1 = \"NFKB\"\n[labels]\nA = \"M1\"\n");
    assert!(
        e.starts_with("line 2, column 6: invalid type: string"),
        "{e}"
    );
}

#[test]
fn values_and_names_are_checked_with_positions() {
    assert_eq!(
        err("threshold = 1.5\n[labels]\nA = \"X\"\n"),
        "line 1, column 13: threshold must be a number greater than 0 and at most 1\n  |\n1 | threshold = 1.5\n  |             ^^^"
    );
    let e = err("[groups]\nM1 = []\n[labels]\nA = \"M1\"\n");
    assert!(
        e.starts_with("line 2, column 6: group 'M1' has no members"),
        "{e}"
    );
    let e = err("[groups]\nM1 = [\"A\", \"A\"]\n[labels]\nA = \"M1\"\n");
    assert!(
        e.starts_with("line 2, column 12: node 'A' is listed twice in group 'M1'"),
        "{e}"
    );
    let e = err("[groups]\n\"M-1\" = [\"A\"]\n[labels]\nA = \"X\"\n");
    assert!(e.contains("group name 'M-1' is not an identifier"), "{e}");
    let e = err("[labels]\n\"M 2\" = \"X\"\n");
    assert!(
        e.contains("label name 'M 2' may only contain letters"),
        "{e}"
    );
    let e = err("[labels]\nA = \"X\"\n[phenotypes]\nA = \"Y\"\n");
    assert!(
        e.starts_with("line 4, column 1: 'A' is both a label and a phenotype"),
        "{e}"
    );
    let e = err("threshold = 0.4\n");
    assert!(
        e.starts_with("the file defines no labels, flags or phenotypes"),
        "{e}"
    );
}

#[test]
fn expression_errors_point_at_the_offending_character() {
    // The expression starts at column 16; the stray ')' is its 6th character.
    let e = err("[phenotypes]\nApoptosis = \"NFKB )\"\n");
    assert!(
        e.starts_with("line 2, column 19: phenotype 'Apoptosis': "),
        "{e}"
    );
    let e = err("[phenotypes]\nP = \"A # B\"\n");
    assert!(
        e.starts_with("line 2, column 8: phenotype 'P': '#' is not allowed in an expression"),
        "{e}"
    );
    let e = err("[labels]\nA = \"\"\n");
    assert!(e.starts_with("line 2, column "), "{e}");
}

#[test]
fn unknown_names_are_found_when_binding() {
    let e = bind_err("[groups]\nM1 = [\"NFKB\", \"STAT66\"]\n[labels]\nA = \"M1\"\n");
    assert_eq!(
        e,
        "line 2, column 15: group 'M1': unknown node 'STAT66'\n  |\n2 | M1 = [\"NFKB\", \"STAT66\"]\n  |               ^^^^^^^^\n  = hint: did you mean 'STAT6'?"
    );
    let e = bind_err("[groups]\nM1 = [\"NFKB\"]\n[labels]\nA = \"M1 & !M3\"\n");
    assert!(
        e.starts_with("line 4, column 12: label 'A': unknown group or node 'M3'"),
        "{e}"
    );
    assert!(e.contains("did you mean 'M1'?"), "{e}");
    let e = bind_err("[phenotypes]\nInflamed = \"NFKB & !IL100\"\n");
    assert!(
        e.starts_with("line 2, column 21: phenotype 'Inflamed': unknown node 'IL100'"),
        "{e}"
    );
    // Label rules may read nodes directly (active at activity >= threshold).
    let ok = PhenotypeSpec::from_toml_str("[labels]\nInflamed = \"NFKB & !IL10\"\n").unwrap();
    assert!(ok.bind(&small()).is_ok());
}

#[test]
fn the_path_is_named_in_errors_read_from_files() {
    let dir = std::env::temp_dir().join(format!("basin-phenotype-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(&path, "[groups]\nM1 = [\"NOPE\"]\n[labels]\nA = \"M1\"\n").unwrap();
    let spec = PhenotypeSpec::read(&path).unwrap();
    let e = spec.bind(&small()).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{}: line 2", path.display())), "{e}");
    let missing = PhenotypeSpec::read(&dir.join("missing.toml")).unwrap_err();
    assert!(matches!(missing, basin::Error::Io { .. }));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cycles_default_to_state_labels_and_refuse_unknown_words() {
    use basin::phenotype::CycleLabels;
    let spec = PhenotypeSpec::from_toml_str("[labels]\nX = \"NFKB\"\n").unwrap();
    assert_eq!(spec.cycles(), CycleLabels::States);
    let spec =
        PhenotypeSpec::from_toml_str("cycles = \"activity\"\n[labels]\nX = \"NFKB\"\n").unwrap();
    assert_eq!(spec.cycles(), CycleLabels::Activity);
    let e = err("cycles = \"phase\"\n[labels]\nX = \"NFKB\"\n");
    assert!(e.contains("line 1") && e.contains("'phase'"), "{e}");
}

/// A negative loop under synchronous update: A and B chase each other through four states, each
/// on in half of them; by activity (θ = 0.5) both groups count as active, state by state the
/// attractor carries three labels.
#[test]
fn an_oscillating_attractor_is_labelled_by_its_states() {
    let network = net("A, !B\nB, A\n");
    let exploration = explore(&network, &[], UpdateScheme::Synchronous).unwrap();
    assert_eq!(exploration.attractors.len(), 1);
    let a = &exploration.attractors[0];
    assert_eq!(a.states.len(), 4);
    let file = |cycles: &str| {
        PhenotypeSpec::from_toml_str(&format!(
            "cycles = \"{cycles}\"\ndefault = \"none\"\n[groups]\nGA = [\"A\"]\nGB = [\"B\"]\n[labels]\nonlyA = \"GA & !GB\"\nonlyB = \"GB & !GA\"\nboth = \"GA & GB\"\n"
        ))
        .unwrap()
        .bind(&network)
        .unwrap()
    };
    let c = file("states").classify(a);
    assert_eq!(c.label, "OSC(both|none|onlyA|onlyB)");
    assert_eq!(
        c.state_labels,
        [
            ("both".into(), 0.25),
            ("none".into(), 0.25),
            ("onlyA".into(), 0.25),
            ("onlyB".into(), 0.25)
        ]
    );
    assert_eq!(c.group_score, [("GA".into(), 0.5), ("GB".into(), 0.5)]);
    assert_eq!(file("activity").classify(a).label, "both");
}

#[test]
fn threshold_defaults_and_can_be_overridden() {
    let text = "[groups]\nM2 = [\"IL10\"]\n[labels]\nM2 = \"M2\"\n";
    let spec = PhenotypeSpec::from_toml_str(text).unwrap();
    assert_eq!(spec.threshold(), 0.5);
    assert_eq!(spec.default_label(), "none");
    let spec = spec.with_threshold(0.75).unwrap();
    assert_eq!(spec.threshold(), 0.75);
    assert!(spec.clone().with_threshold(0.0).is_err());
    let spec = PhenotypeSpec::from_toml_str(&format!("threshold = 1\n{text}")).unwrap();
    assert_eq!(spec.threshold(), 1.0);
}

/// The showcase model and phenotype file, both in `networks/`.
fn showcase() -> (Network, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("networks");
    let model = read_model(&dir.join("mronj_macrophage.bnet"), None, false).unwrap();
    (model.network, dir.join("mronj_macrophage.toml"))
}

/// Follows the synchronous trajectory from the state with every non-input node off until it
/// repeats, and returns the cycle it ends in (a fixed point is a cycle of one state).
fn attractor_from_zero(network: &Network, fixed: &[(VarId, bool)]) -> basin::Attractor {
    let n = network.num_vars();
    let net = network.with_fixed(fixed);
    let mut s = basin::State::zeros(n);
    for &(v, b) in fixed {
        s.set(v, b);
    }
    let mut seen: Vec<basin::State> = Vec::new();
    while !seen.contains(&s) {
        seen.push(s.clone());
        let mut t = basin::State::zeros(n);
        for v in net.vars() {
            t.set(v, net.function(v).eval(|x| s.get(x)));
        }
        s = t;
    }
    let start = seen.iter().position(|x| *x == s).unwrap();
    basin::Attractor::from_states(
        basin::AttractorKind::Cycle,
        seen[start..].to_vec(),
        basin::Basin::Partition {
            size: basin::Count::from(1u64),
        },
    )
}

#[test]
fn the_showcase_file_loads_against_the_showcase_model() {
    let (network, path) = showcase();
    let spec = PhenotypeSpec::read(&path).unwrap();
    assert_eq!(spec.threshold(), 0.5);
    assert_eq!(spec.default_label(), "M0");
    assert_eq!(
        spec.groups(),
        [
            ("M1", vec!["NOS2", "IL1B", "TNFA", "IL6", "MMP13"]),
            ("M2", vec!["ARG1"]),
            ("FIB", vec!["FIBROSIS"]),
        ]
    );
    assert_eq!(spec.label_names(), ["M1", "M2", "MIXED"]);
    assert_eq!(spec.flag_names(), ["FIB"]);
    let phenotypes = spec.bind(&network).unwrap();
    let conditions = ConditionFile::read(&path).unwrap().bind(&network).unwrap();
    let on = |name: &str| {
        let c = conditions.iter().find(|c| c.name == name).unwrap();
        c.describe(&network)
    };
    for (name, inputs) in [
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
        ("denosumab+extraction", "TRAUMA+DMAB"),
        ("hypoxia", "HYPOXIA"),
    ] {
        assert_eq!(on(name), inputs, "condition {name}");
    }
    // Labels of the attractor reached from the all-off state, against the biology notes'
    // statements for single-attractor conditions (E1, E3, E4, E5, E6, E10, E20, X1, X2; the
    // rules as re-chosen for issue #16: TGF-beta deactivates LPS-activated macrophages).
    for (name, label) in [
        ("none", "M0"),
        ("drug", "M1"),
        ("infection", "M1"),
        ("drug+infection", "M1"),
        ("IL4", "M2"),
        ("IL13", "M2"),
        ("IL10", "M2"),
        ("TGFb", "M2+FIB"),
        ("infection+TGFb", "M2+FIB"),
        ("WDR74", "M2"),
        ("drug+WDR74", "M2"),
        ("infection+WDR74", "M2+FIB"),
        ("extraction", "M2+FIB"),
        ("drug+extraction", "M1"),
        ("denosumab+extraction", "M1"),
    ] {
        let c = conditions.iter().find(|c| c.name == name).unwrap();
        let a = attractor_from_zero(&network, c.fixed());
        let class = phenotypes.classify(&a);
        assert_eq!(class.label, label, "condition {name}");
        assert!(class.oscillating.is_empty(), "condition {name}");
    }
}

#[test]
fn every_condition_of_the_showcase_is_a_combination_of_its_inputs() {
    let (network, path) = showcase();
    let all = all_conditions(&network).unwrap();
    assert_eq!(all.len(), 2048);
    assert_eq!(all[0].name, "none");
    assert_eq!(all[1].name, "BP");
    assert_eq!(all[8].name, "WDR74");
    assert_eq!(all[11].name, "HYPOXIA");
    assert_eq!(all[12].name, "BP+LPS");
    assert_eq!(
        all[2047].name,
        "BP+LPS+IFNG+IL4+IL13+IL10_EX+TGFB_EX+WDR74+TRAUMA+DMAB+HYPOXIA"
    );
    let named = ConditionFile::read(&path).unwrap().bind(&network).unwrap();
    for c in &named {
        let same = all.iter().find(|a| a.inputs == c.inputs).unwrap();
        assert_eq!(same.name, c.describe(&network));
    }
}

/// A random phenotype file over a network, with the rules as trees so that labels can be
/// computed without the crate's parser.
#[derive(Clone, Debug)]
struct RandomSpec {
    threshold: f64,
    groups: Vec<Vec<usize>>,
    labels: Vec<Tree>,
    flags: Vec<Tree>,
    phenotypes: Vec<Tree>,
}

impl RandomSpec {
    fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.flags.is_empty() && self.phenotypes.is_empty()
    }

    /// The file; a spec with no rule at all gets the flag `Always = "1"` so the file is valid.
    /// The file with `cycles = "activity"`: one label per attractor from its activities, what
    /// [`RandomSpec::brute_force`] computes.
    fn toml(&self, network: &Network) -> String {
        self.toml_with(network, "activity")
    }

    fn toml_with(&self, network: &Network, cycles: &str) -> String {
        let names = network.names();
        let mut leaves: Vec<String> = (0..self.groups.len()).map(|g| format!("G{g}")).collect();
        leaves.extend(names.iter().cloned());
        let mut out = format!(
            "threshold = {:?}\ncycles = \"{cycles}\"\ndefault = \"dflt\"\n[groups]\n",
            self.threshold
        );
        for (g, members) in self.groups.iter().enumerate() {
            let m: Vec<String> = members.iter().map(|&i| format!("{:?}", names[i])).collect();
            out += &format!("G{g} = [{}]\n", m.join(", "));
        }
        out += "[labels]\n";
        for (i, t) in self.labels.iter().enumerate() {
            out += &format!("L{i} = \"{}\"\n", t.render(&leaves));
        }
        out += "[flags]\n";
        if self.is_empty() {
            out += "Always = \"1\"\n";
        }
        for (i, t) in self.flags.iter().enumerate() {
            out += &format!("F{i} = \"{}\"\n", t.render(&leaves));
        }
        out += "[phenotypes]\n";
        for (i, t) in self.phenotypes.iter().enumerate() {
            out += &format!("P{i} = \"{}\"\n", t.render(names));
        }
        out
    }

    /// The label and oscillating markers computed directly from the attractor's states.
    fn brute_force(&self, network: &Network, states: &[basin::State]) -> (String, Vec<String>) {
        let n = network.num_vars();
        let len = states.len();
        let ones: Vec<usize> = (0..n)
            .map(|i| states.iter().filter(|s| s.get(VarId::new(i))).count())
            .collect();
        let active = |i: usize| ones[i] as f64 >= self.threshold * len as f64;
        let group_on: Vec<bool> = self
            .groups
            .iter()
            .map(|m| m.iter().any(|&i| active(i)))
            .collect();
        let g = self.groups.len();
        let leaf = |i: usize| if i < g { group_on[i] } else { active(i - g) };
        let mut parts: Vec<String> = Vec::new();
        for (i, t) in self.labels.iter().enumerate() {
            if t.eval(&leaf) {
                parts.push(format!("L{i}"));
            }
        }
        let mut osc = Vec::new();
        for (i, t) in self.phenotypes.iter().enumerate() {
            let holds = states
                .iter()
                .filter(|s| t.eval(&|v| s.get(VarId::new(v))))
                .count();
            if holds == len {
                parts.push(format!("P{i}"));
            } else if holds > 0 {
                osc.push(format!("osc(P{i})"));
            }
        }
        parts.extend(osc);
        let mut label = if parts.is_empty() {
            "dflt".to_string()
        } else {
            parts.join("/")
        };
        for (i, t) in self.flags.iter().enumerate() {
            if t.eval(&leaf) {
                label += &format!("+F{i}");
            }
        }
        let mut markers: Vec<usize> = Vec::new();
        for m in self.groups.iter().flatten() {
            if !markers.contains(m) {
                markers.push(*m);
            }
        }
        let oscillating = markers
            .into_iter()
            .filter(|&i| ones[i] > 0 && ones[i] < len)
            .map(|i| network.name(VarId::new(i)).to_string())
            .collect();
        (label, oscillating)
    }
}

impl RandomSpec {
    /// The label state by state (`cycles = "states"`): each state labelled on its own by the
    /// activity brute force over that one state; one label, or `OSC(...)` of the sorted labels.
    fn brute_force_states(&self, network: &Network, states: &[basin::State]) -> String {
        let mut labels: Vec<String> = states
            .iter()
            .map(|s| self.brute_force(network, std::slice::from_ref(s)).0)
            .collect();
        labels.sort();
        labels.dedup();
        if labels.len() == 1 {
            labels.pop().unwrap()
        } else {
            format!("OSC({})", labels.join("|"))
        }
    }
}

fn random_spec(n: usize) -> impl Strategy<Value = RandomSpec> {
    let group = proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=n.min(3));
    (
        prop::sample::select(vec![0.25, 0.5, 0.75, 1.0]),
        prop::collection::vec(group, 1..=3),
    )
        .prop_flat_map(move |(threshold, groups)| {
            let leaves = groups.len() + n;
            (
                Just(threshold),
                Just(groups),
                prop::collection::vec(tree(leaves), 0..=3),
                prop::collection::vec(tree(leaves), 0..=2),
                prop::collection::vec(tree(n), 0..=2),
            )
        })
        .prop_map(
            |(threshold, groups, labels, flags, phenotypes)| RandomSpec {
                threshold,
                groups,
                labels,
                flags,
                phenotypes,
            },
        )
}

fn network_and_spec() -> impl Strategy<Value = (Network, RandomSpec)> {
    basin::testing::network(6).prop_flat_map(|net| {
        let n = net.num_vars();
        (Just(net), random_spec(n))
    })
}

fn bind(network: &Network, spec: &RandomSpec) -> Phenotypes {
    let text = spec.toml(network);
    PhenotypeSpec::from_toml_str(&text)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .bind(network)
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn labels_from_activity_equal_labels_from_states(
        (network, spec) in network_and_spec(),
        asynchronous in any::<bool>(),
    ) {
        prop_assume!(!spec.is_empty());
        let phenotypes = bind(&network, &spec);
        let update = if asynchronous { UpdateScheme::Asynchronous } else { UpdateScheme::Synchronous };
        let exploration = explore(&network, &[], update).unwrap();
        for a in &exploration.attractors {
            let c = phenotypes.classify(a);
            let (label, oscillating) = spec.brute_force(&network, &a.states);
            prop_assert_eq!(&c.label, &label, "{}", spec.toml(&network));
            prop_assert_eq!(&c.oscillating, &oscillating);
        }
    }

    #[test]
    fn labels_state_by_state_equal_labels_from_each_state(
        (network, spec) in network_and_spec(),
        asynchronous in any::<bool>(),
    ) {
        prop_assume!(!spec.is_empty());
        let text = spec.toml_with(&network, "states");
        let phenotypes = PhenotypeSpec::from_toml_str(&text).unwrap().bind(&network).unwrap();
        let update = if asynchronous { UpdateScheme::Asynchronous } else { UpdateScheme::Synchronous };
        let exploration = explore(&network, &[], update).unwrap();
        for a in &exploration.attractors {
            let c = phenotypes.classify(a);
            prop_assert_eq!(&c.label, &spec.brute_force_states(&network, &a.states), "{}", text);
            if a.states.len() > 1 {
                let total: f64 = c.state_labels.iter().map(|(_, f)| f).sum();
                prop_assert!((total - 1.0).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn every_attractor_is_labelled_and_shares_sum_to_one(
        (network, spec) in network_and_spec(),
        asynchronous in any::<bool>(),
    ) {
        let phenotypes = bind(&network, &spec);
        let update = if asynchronous { UpdateScheme::Asynchronous } else { UpdateScheme::Synchronous };
        let exploration = explore(&network, &[], update).unwrap();
        let d = phenotypes.distribution(&exploration);
        let counted: usize = d.iter().map(|(_, s)| s.attractors).sum();
        prop_assert_eq!(counted, exploration.attractors.len());
        let total: f64 = d.iter().map(|(_, s)| s.share).sum();
        prop_assert!((total - 1.0).abs() < 1e-9, "total {}", total);
        for (label, s) in d.iter() {
            prop_assert!(!label.is_empty() && s.share >= 0.0);
        }
    }
}

#[test]
fn the_documented_example_is_a_valid_file() {
    let doc = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/phenotype-files.md"),
    )
    .unwrap();
    let start = doc.find("```toml\n").unwrap() + "```toml\n".len();
    let text = &doc[start..start + doc[start..].find("```").unwrap()];
    let spec = PhenotypeSpec::from_toml_str(text).unwrap();
    assert_eq!(spec.label_names(), ["M1", "M2", "MIXED"]);
    assert_eq!(spec.phenotype_names(), ["Apoptosis"]);
    let conditions = ConditionFile::from_toml_str(text).unwrap();
    assert_eq!(
        conditions.names(),
        ["none", "drug", "infection", "drug+infection"]
    );
    // Bound to a model that has every node it names, an attractor with M2 and fibrosis markers
    // on and CASP3 on is labelled from both sources.
    let names = [
        "NOS2", "IL1B", "TNFA", "IL6", "MMP13", "ARG1", "IL10", "FIBROSIS", "CASP3", "BCL2", "BP",
        "LPS",
    ];
    let model: String = names.iter().map(|n| format!("{n}, {n}\n")).collect();
    let network = net(&model);
    let phenotypes = spec.bind(&network).unwrap();
    let on = ["ARG1", "FIBROSIS", "CASP3"];
    let state = basin::State::from_bools(&names.map(|n| on.contains(&n)));
    let a = basin::Attractor::from_states(
        basin::AttractorKind::FixedPoint,
        vec![state],
        basin::Basin::Partition {
            size: basin::Count::from(1u64),
        },
    );
    assert_eq!(phenotypes.classify(&a).label, "M2/Apoptosis+FIB");
    assert_eq!(
        conditions.bind(&network).unwrap()[3].describe(&network),
        "BP+LPS"
    );
}
