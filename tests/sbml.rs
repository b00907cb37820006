//! SBML-qual: every corpus model's SBML file against its bnet file (functions and fixed points,
//! and the fixed points against the AEON reference answers), bnet → sbml → bnet round trips on
//! random networks, MathML nested 100 000 deep on a small stack, and the command line on SBML.

mod common;

use basin::analysis::same_functions;
use basin::parse::{Format, Model, ParseOptions, parse_str, read_model};
use basin::{Network, VarId, VarKind, sbml};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Models with at most this many variables get their fixed points enumerated naively.
const NAIVE_MAX_VARS: usize = 20;

/// `(id, .sbml, .bnet)` for every corpus model with an SBML file, in id order.
fn sbml_models(dir: &Path) -> Vec<(String, PathBuf, PathBuf)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus readable")
        .filter_map(|e| {
            let path = e.ok()?.path();
            if path.extension()? != "sbml" {
                return None;
            }
            let id = path.file_stem()?.to_str()?.to_string();
            let bnet = dir.join(format!("{id}.bnet"));
            Some((id, path, bnet))
        })
        .collect();
    out.sort();
    out
}

/// `from_sbml` without the species the bnet file lacks. The collection's SBML declares a few
/// species that no function reads and no transition sets (bbm-039: regulators marked
/// non-observable in AEON); its bnet drops them. Anything else missing is a failure.
fn without_isolated_extras(id: &str, from_sbml: &Network, from_bnet: &Network) -> Network {
    let targets = from_sbml.targets();
    let mut keep = Vec::new();
    for v in from_sbml.vars() {
        if from_bnet.find(from_sbml.name(v)).is_some() {
            keep.push(v);
            continue;
        }
        assert!(
            from_sbml.is_input(v) && targets[v.index()].iter().all(|&t| t == v),
            "{id}: '{}' is in the SBML file only, and is not an isolated input",
            from_sbml.name(v)
        );
    }
    let mut new_index = vec![usize::MAX; from_sbml.num_vars()];
    for (i, v) in keep.iter().enumerate() {
        new_index[v.index()] = i;
    }
    Network::new(
        keep.iter()
            .map(|&v| {
                let f = from_sbml
                    .function(v)
                    .map_vars(|x| VarId::new(new_index[x.index()]));
                (from_sbml.name(v).to_string(), f)
            })
            .collect(),
    )
    .expect("kept variables only read kept variables")
}

fn read(path: &Path) -> Model {
    read_model(path, None, false).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixed points of `net` by enumeration, as 0/1 strings over the variables sorted by name
/// (the encoding of the corpus reference files).
fn naive_fixed_points(net: &Network) -> BTreeSet<String> {
    let n = net.num_vars();
    assert!(n <= NAIVE_MAX_VARS);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| net.names()[a].cmp(&net.names()[b]));
    let mut scratch = Vec::new();
    let mut out = BTreeSet::new();
    for s in 0..1u64 << n {
        let fixed = net.vars().all(|v| {
            let value =
                net.functions()[v.index()].eval_with(&mut scratch, |x| (s >> x.index()) & 1 == 1);
            value == ((s >> v.index()) & 1 == 1)
        });
        if fixed {
            out.insert(
                order
                    .iter()
                    .map(|&i| if (s >> i) & 1 == 1 { '1' } else { '0' })
                    .collect(),
            );
        }
    }
    out
}

/// The fixed points in a corpus reference file, when AEON finished.
fn reference_fixed_points(json: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(json).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).expect("reference json");
    let run = &v["asynchronous"];
    if run["status"] != "ok" {
        return None;
    }
    Some(
        run["attractors"]
            .as_array()?
            .iter()
            .filter(|a| a["fixed_point"] == true)
            .map(|a| a["states"][0].as_str().expect("state").to_string())
            .collect(),
    )
}

#[test]
#[cfg_attr(
    corpus_missing,
    ignore = "needs the corpus at ../shared/corpus or $BASIN_CORPUS"
)]
fn corpus_sbml_functions_equal_the_bnet_files() {
    let dir = common::corpus_dir();
    let models = sbml_models(&dir);
    assert!(models.len() >= 100, "only {} SBML files", models.len());
    for (id, sbml, bnet) in &models {
        let from_sbml = read(sbml);
        let from_bnet = read(bnet);
        assert_eq!(from_sbml.format, Format::Sbml);
        // The collection's SBML ids are the bnet names (both carry the `v_` prefix), so the
        // id mapping is the identity and no species is renamed.
        assert!(
            !from_sbml
                .warnings
                .iter()
                .any(|w| w.message.contains("not a valid variable name")),
            "{id}"
        );
        let from_sbml_network = without_isolated_extras(id, &from_sbml.network, &from_bnet.network);
        same_functions(&from_bnet.network, &from_sbml_network)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let inputs = |net: &Network| -> BTreeSet<String> {
            net.inputs()
                .iter()
                .map(|&v| net.name(v).to_string())
                .collect()
        };
        assert_eq!(
            inputs(&from_sbml_network),
            inputs(&from_bnet.network),
            "{id}"
        );
    }
}

#[test]
#[cfg_attr(
    corpus_missing,
    ignore = "needs the corpus at ../shared/corpus or $BASIN_CORPUS"
)]
fn corpus_sbml_fixed_points_equal_the_bnet_files_and_the_references() {
    let dir = common::corpus_dir();
    let mut compared = 0;
    let mut against_reference = 0;
    for (id, sbml, bnet) in sbml_models(&dir) {
        let from_bnet = read(&bnet).network;
        if from_bnet.num_vars() > NAIVE_MAX_VARS {
            continue;
        }
        let from_sbml = without_isolated_extras(&id, &read(&sbml).network, &from_bnet);
        let fixed = naive_fixed_points(&from_sbml);
        assert_eq!(fixed, naive_fixed_points(&from_bnet), "{id}");
        if let Some(reference) = reference_fixed_points(&dir.join(format!("{id}.json"))) {
            assert_eq!(fixed, reference, "{id} against AEON");
            against_reference += 1;
        }
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} small models");
    assert!(
        against_reference >= 10,
        "only {against_reference} references"
    );
}

/// Attractors of `net` under `update` as sorted (state strings in `order`'s variable order,
/// basin share) pairs, so two networks with the same variables in any order compare equal.
fn attractor_signature(
    net: &Network,
    order: &[String],
    update: basin::UpdateScheme,
) -> Vec<(Vec<String>, String)> {
    let position: Vec<usize> = order
        .iter()
        .map(|n| net.find(n).expect("same names").index())
        .collect();
    let exploration =
        basin::explore(net, &[], update, &basin::EngineOptions::default()).expect("explores");
    let mut out: Vec<(Vec<String>, String)> = exploration
        .attractors
        .iter()
        .map(|a| {
            let mut states: Vec<String> = a
                .states
                .iter()
                .map(|s| {
                    position
                        .iter()
                        .map(|&i| if s.get(VarId::new(i)) { '1' } else { '0' })
                        .collect()
                })
                .collect();
            states.sort();
            (
                states,
                format!(
                    "{:.12}",
                    a.basin.share(&exploration.explored_states).unwrap()
                ),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
#[cfg_attr(
    corpus_missing,
    ignore = "needs the corpus at ../shared/corpus or $BASIN_CORPUS"
)]
fn corpus_sbml_attractors_equal_the_bnet_files() {
    let dir = common::corpus_dir();
    let mut compared = 0;
    for (id, sbml, bnet) in sbml_models(&dir) {
        let from_bnet = read(&bnet).network;
        // Exhaustive in both semantics; keep CI fast with small cores.
        let core = basin::reduce::Reduction::new(&from_bnet, &[])
            .expect("reduces")
            .core()
            .len();
        if core > 16 {
            continue;
        }
        let from_sbml = without_isolated_extras(&id, &read(&sbml).network, &from_bnet);
        let order = from_bnet.names().to_vec();
        for update in [
            basin::UpdateScheme::Synchronous,
            basin::UpdateScheme::Asynchronous,
        ] {
            assert_eq!(
                attractor_signature(&from_sbml, &order, update),
                attractor_signature(&from_bnet, &order, update),
                "{id} {update}"
            );
        }
        compared += 1;
    }
    assert!(compared >= 15, "only {compared} models compared");
}

fn random_round_trip(net: &Network) -> Result<(), TestCaseError> {
    // bnet text → network → SBML → network → bnet text → network.
    let bnet = basin::write::write(net, Format::Bnet).unwrap().text;
    let start = parse_str(&bnet, &ParseOptions::new(Format::Bnet))
        .expect("bnet reads")
        .network;
    let xml = sbml::write(&start, &[]);
    prop_assert!(xml.renamed.is_empty());
    let model = sbml::parse(&xml.text, &ParseOptions::new(Format::Sbml))
        .map_err(|e| TestCaseError::fail(format!("{e}\n{}", xml.text)))?;
    prop_assert!(model.warnings.is_empty(), "{:?}", model.warnings);
    let mid = model.network;
    prop_assert_eq!(mid.names(), start.names());
    let same = same_functions(&start, &mid);
    prop_assert!(same.is_ok(), "{:?}\n{}", same, xml.text);
    for v in start.vars() {
        prop_assert_eq!(mid.kind(v), start.kind(v), "{}", start.name(v));
    }
    let back_text = basin::write::write(&mid, Format::Bnet).unwrap().text;
    let back = parse_str(&back_text, &ParseOptions::new(Format::Bnet))
        .expect("bnet reads")
        .network;
    let same = same_functions(net, &back);
    prop_assert!(same.is_ok(), "{:?}", same);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn bnet_to_sbml_to_bnet_keeps_every_truth_table(net in basin::testing::network(9)) {
        random_round_trip(&net)?;
    }
}

/// A small SBML-qual document exercising every construct the reader knows.
fn sample_document() -> String {
    let net = parse_str(
        "targets, factors\nA, A\nB, !A | C\nC, A & !B\nK, 1\n",
        &ParseOptions::new(Format::Bnet),
    )
    .unwrap()
    .network;
    let xml = sbml::write(&net, &[(VarId::new(1), "B & <co>".into())]).text;
    // Add a threshold reference and a level-0 term so mutations reach them too.
    xml.replace(
        "<qual:defaultTerm qual:resultLevel=\"0\"/>",
        "<qual:defaultTerm qual:resultLevel=\"0\"/><qual:functionTerm qual:resultLevel=\"0\">\
         <math xmlns=\"http://www.w3.org/1998/Math/MathML\"><apply><lt/><ci>A</ci><cn>1</cn>\
         </apply></math></qual:functionTerm>",
    )
}

#[test]
fn the_undamaged_sample_reads_with_its_labels() {
    let doc = sample_document();
    assert!(doc.len() < 4000, "the damage ranges cover the document");
    let model = parse_str(&doc, &ParseOptions::new(Format::Sbml)).unwrap();
    assert_eq!(model.labels, vec![(VarId::new(1), "B & <co>".to_string())]);
    let bnet = parse_str(
        "A, A\nB, !A | C\nC, A & !B\nK, 1\n",
        &ParseOptions::new(Format::Bnet),
    )
    .unwrap()
    .network;
    same_functions(&bnet, &model.network).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// A stand-in for the cargo-fuzz target `fuzz/fuzz_targets/parse_sbml.rs` that runs with the
    /// tests: cut and overwritten documents give a model or an error, never a panic.
    #[test]
    fn damaged_documents_never_panic(
        cut in 0usize..4000,
        at in 0usize..4000,
        patch in "[<>/=\"a-z:0-9 \\-]{0,12}",
    ) {
        let doc = sample_document();
        let mut bytes = doc.into_bytes();
        let at = at.min(bytes.len());
        let end = (at + patch.len()).min(bytes.len());
        bytes.splice(at..end, patch.bytes());
        bytes.truncate(cut.max(at).min(bytes.len()));
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let options = ParseOptions::new(Format::Sbml);
        match parse_str(&text, &options) {
            Err(e) => prop_assert!(!e.to_string().is_empty()),
            Ok(model) => {
                let xml = sbml::write(&model.network, &model.labels).text;
                let back = parse_str(&xml, &options).expect("written SBML reads back");
                let same = same_functions(&model.network, &back.network);
                prop_assert!(same.is_ok(), "{:?}", same);
            }
        }
    }
}

fn deep_document(depth: usize) -> String {
    // B = not^depth (A), inside an annotation nested as deep.
    let math = "<apply><not/>".repeat(depth) + "<ci>A</ci>" + &"</apply>".repeat(depth);
    let annotation = "<x:a xmlns:x=\"urn:x\">".repeat(depth) + &"</x:a>".repeat(depth);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1"
  xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1" qual:required="true">
<model><annotation>{annotation}</annotation>
<qual:listOfQualitativeSpecies>
  <qual:qualitativeSpecies qual:id="A" qual:constant="false" qual:maxLevel="1"/>
  <qual:qualitativeSpecies qual:id="B" qual:constant="false" qual:maxLevel="1"/>
</qual:listOfQualitativeSpecies>
<qual:listOfTransitions><qual:transition qual:id="t">
  <qual:listOfOutputs><qual:output qual:qualitativeSpecies="B" qual:transitionEffect="assignmentLevel"/></qual:listOfOutputs>
  <qual:listOfFunctionTerms><qual:defaultTerm qual:resultLevel="0"/>
    <qual:functionTerm qual:resultLevel="1"><math xmlns="http://www.w3.org/1998/Math/MathML">{math}</math></qual:functionTerm>
  </qual:listOfFunctionTerms>
</qual:transition></qual:listOfTransitions></model></sbml>
"#
    )
}

#[test]
fn mathml_nested_100_000_deep_reads_on_a_small_stack() {
    // A recursive reader would need far more than 512 KiB for 100 000 levels.
    let result = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(|| {
            let depth = 100_000;
            let model = sbml::parse(&deep_document(depth), &ParseOptions::new(Format::Sbml))
                .expect("deep model reads");
            let net = model.network;
            let b = net.find("B").expect("B");
            let table: Vec<bool> = (0..4u64).map(|s| net.function(b).eval_bits(s)).collect();
            // An even number of negations: B = A. Writing it back is iterative too.
            let xml = sbml::write(&net, &[]).text;
            let back = sbml::parse(&xml, &ParseOptions::new(Format::Sbml))
                .expect("written model reads")
                .network;
            let back_table: Vec<bool> = (0..4u64).map(|s| back.function(b).eval_bits(s)).collect();
            (table, back_table)
        })
        .expect("thread starts")
        .join()
        .expect("no stack overflow");
    assert_eq!(result.0, vec![false, true, false, true]);
    assert_eq!(result.1, result.0);
}

// ---- command line ----

fn basin(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(args)
        .output()
        .expect("basin runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn tmp(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sbml-{name}"))
}

#[test]
fn cli_converts_to_sbml_and_reads_it_back() {
    let bnet = tmp("toggle.bnet");
    std::fs::write(&bnet, "targets, factors\nS, S\nA, S & !B\nB, !A\nK, 1\n").unwrap();
    let xml = tmp("toggle.sbml");
    let (code, _, err) = basin(&[
        "convert",
        bnet.to_str().unwrap(),
        "--to",
        "sbml",
        "-o",
        xml.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = basin(&["check", xml.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("variables: 4") && out.contains("inputs: 1 (S)"),
        "{out}"
    );
    let (code, out, err) = basin(&["convert", xml.to_str().unwrap(), "--to", "bnet"]);
    assert_eq!(code, 0, "{err}");
    let back = parse_str(&out, &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    let start = read(&bnet).network;
    same_functions(&start, &back).unwrap();
    assert_eq!(back.kind(back.find("K").unwrap()), VarKind::Constant(true));
    // `--from sbml` reads XML whatever the extension.
    let renamed = tmp("toggle.model");
    std::fs::copy(&xml, &renamed).unwrap();
    let (code, _, err) = basin(&["check", renamed.to_str().unwrap(), "--from", "sbml"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn cli_refuses_bad_sbml_with_exit_2_and_the_reason() {
    let cases = [
        (
            "truncated.sbml",
            "<?xml version=\"1.0\"?>\n<sbml level=\"3\">\n<model>\n",
            "never closed",
        ),
        (
            "multivalued.xml",
            "<sbml level=\"3\"><model><qual:listOfQualitativeSpecies>\n<qual:qualitativeSpecies qual:id=\"Wnt\" qual:maxLevel=\"3\"/>\n</qual:listOfQualitativeSpecies></model></sbml>",
            "line 2, column 1: unsupported: /sbml/model/qual:listOfQualitativeSpecies/qual:qualitativeSpecies[1]: species 'Wnt' has maxLevel 3",
        ),
        (
            "mismatched.sbml",
            "<sbml level=\"3\"><model></sbml>",
            "malformed XML",
        ),
        (
            "kinetic.sbml",
            "<sbml level=\"3\"><model><listOfSpecies/></model></sbml>",
            "not an SBML-qual",
        ),
    ];
    for (name, text, reason) in cases {
        let path = tmp(name);
        std::fs::write(&path, text).unwrap();
        let (code, _, err) = basin(&["check", path.to_str().unwrap()]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(reason), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    // XML given as bnet gets pointed at the SBML reader.
    let path = tmp("model.bnet");
    std::fs::write(&path, "<?xml version=\"1.0\"?>\n<sbml/>\n").unwrap();
    let (code, _, err) = basin(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("--from sbml"), "{err}");
}
