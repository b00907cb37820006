//! Readers and writers: property tests (write→parse round trip in every format, printed
//! expressions evaluate as generated, no panics on arbitrary text) and known answers over the
//! published corpus (every file parses, variable counts match the reference, the same model in
//! bnet, AEON and BooleanNet has the same truth tables).

mod common;

use basin::analysis::same_functions;
use basin::lint::{LintOptions, check};
use basin::network::Network;
use basin::parse::{Format, Model, ParseOptions, parse_str, read_model};
use basin::testing;
use basin::write::write;
use basin::{Expr, VarId};
use proptest::prelude::*;
use std::path::Path;

/// The formats with a reader and a writer (listed, not `Format::ALL`, so formats added later
/// without a writer do not break these tests).
const TEXT_FORMATS: [Format; 3] = [Format::Bnet, Format::BooleanNet, Format::Aeon];

fn parse(text: &str, format: Format) -> Result<Model, TestCaseError> {
    parse_str(text, &ParseOptions::new(format))
        .map_err(|e| TestCaseError::fail(format!("{format}: {e}\n--- text ---\n{text}")))
}

/// `net` with its variables renamed to `names`.
fn renamed(net: &Network, names: &[String]) -> Network {
    Network::new(
        net.vars()
            .map(|v| (names[v.index()].clone(), net.function(v).clone()))
            .collect(),
    )
    .expect("distinct names")
}

/// Names as BooleanNet files spell them (`IL-6`, `Ca2+`), plus words the formats reserve.
fn odd_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z_][A-Za-z0-9_+-]{0,5}",
        1 => prop::sample::select(vec!["and", "or", "not", "True", "false", "x_plus", "x_"])
            .prop_map(str::to_string),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// (a) Writing then reading gives the same names and truth tables, in every format.
    #[test]
    fn write_then_parse_round_trips(net in testing::network(8)) {
        for format in TEXT_FORMATS {
            let w = write(&net, format).expect("a generated network is small enough to write");
            prop_assert!(w.renamed.is_empty());
            let back = parse(&w.text, format)?.network;
            prop_assert_eq!(back.names(), net.names());
            same_functions(&net, &back).map_err(TestCaseError::fail)?;
        }
    }

    /// (a') Names a format cannot spell are renamed, uniquely and validly; renamed back, the
    /// network is the same.
    #[test]
    fn renamed_variables_round_trip(
        net in testing::network(6),
        names in prop::collection::btree_set(odd_name(), 6),
    ) {
        let names: Vec<String> = names.into_iter().take(net.num_vars()).collect();
        let net = renamed(&net, &names);
        for format in TEXT_FORMATS {
            let w = write(&net, format).expect("a generated network is small enough to write");
            let back = parse(&w.text, format)?.network;
            let original: Vec<String> = back
                .names()
                .iter()
                .map(|n| {
                    w.renamed
                        .iter()
                        .find(|(_, to)| to == n)
                        .map_or(n.clone(), |(from, _)| from.clone())
                })
                .collect();
            prop_assert_eq!(&original[..], net.names(), "{}", w.text);
            same_functions(&net, &renamed(&back, &original)).map_err(TestCaseError::fail)?;
        }
    }

    /// (b) A generated expression printed as bnet and read back evaluates the same everywhere.
    #[test]
    fn printed_expressions_evaluate_as_generated(
        expr in testing::expr(6),
        states in prop::collection::vec(testing::packed_state(6), 16),
    ) {
        let name = |v: VarId| format!("x{}", v.index());
        let mut text = String::from("targets, factors\n");
        for i in 0..6 {
            text.push_str(&format!("x{i}, x{i}\n"));
        }
        text.push_str(&format!("T, {}\n", expr.to_bnet(name)));
        let net = parse(&text, Format::Bnet)?.network;
        let parsed: &Expr = net.function(net.find("T").expect("T"));
        for s in states {
            prop_assert_eq!(parsed.eval_bits(s), expr.eval_bits(s), "state {:06b}", s);
        }
    }

    /// (c) The readers never panic, on arbitrary text and on text made of the formats' own
    /// characters; what they accept round-trips through the writer.
    #[test]
    fn parsers_never_panic(
        text in prop_oneof![
            any::<String>(),
            "[A-Ca-c0-2_ ,!&|()#*=$:<>?^{}+~\\-\n\r\t]{0,120}",
            "(targets, factors\n)?([ABC][0-9]?, [!( ]*[ABC01]( [&|] [!(]*[ABC01][) ]*)*\n){1,4}",
            "([ABC]\\*? = (not |\\()*[ABC](( and | or )(not )?[ABC]\\)?)*\n){1,4}",
            "([ABC] -[>|?]\\?? [ABC]\n|\\$[ABC]: [!(]*[ABC](( & | \\| | \\^ | => )[ABC]\\)?)*\n){1,4}",
        ],
        free_inputs in any::<bool>(),
    ) {
        for format in TEXT_FORMATS {
            let options = ParseOptions::new(format).free_inputs(free_inputs);
            if let Ok(model) = parse_str(&text, &options) {
                let _ = check(&model, &LintOptions::default());
                let w = write(&model.network, format).expect("corpus models are small enough to write");
                let back = parse(&w.text, format)?.network;
                same_functions(&model.network, &back).map_err(TestCaseError::fail)?;
            }
        }
    }
}

/// One model of the corpus: its id and the reference JSON.
struct CorpusModel {
    id: String,
    n_variables: usize,
    n_inputs: usize,
    variables: Vec<String>,
}

fn corpus_models(dir: &Path) -> Vec<CorpusModel> {
    let mut models: Vec<CorpusModel> = std::fs::read_dir(dir)
        .expect("corpus readable")
        .filter_map(|e| {
            let path = e.ok()?.path();
            if path.extension()? != "json" {
                return None;
            }
            let json: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
            let count = |key: &str| json[key].as_u64().expect("count") as usize;
            Some(CorpusModel {
                id: path.file_stem()?.to_str()?.to_string(),
                n_variables: count("n_variables"),
                n_inputs: count("n_inputs"),
                variables: json["variables"]
                    .as_array()
                    .expect("variables")
                    .iter()
                    .map(|v| v.as_str().expect("name").to_string())
                    .collect(),
            })
        })
        .collect();
    models.sort_by(|a, b| a.id.cmp(&b.id));
    models
}

/// Reads `file` of the corpus, failing the test with the reader's message.
fn read(dir: &Path, file: &str, free_inputs: bool) -> Model {
    read_model(&dir.join(file), None, free_inputs)
        .unwrap_or_else(|e| panic!("{file} (free inputs: {free_inputs}): {e}"))
}

#[test]
#[cfg_attr(
    corpus_missing,
    ignore = "needs the corpus at ../shared/corpus or $BASIN_CORPUS"
)]
fn corpus_models_parse_with_the_reference_variables_and_agree_across_formats() {
    let dir = common::corpus_dir();
    let models = corpus_models(&dir);
    assert!(
        models.len() >= 100,
        "only {} models in the corpus",
        models.len()
    );
    let mut extras = Vec::new();
    for m in &models {
        let has_inputs = m.n_inputs > 0;
        let bnet = read(&dir, &format!("{}.bnet", m.id), false);
        let free = read(&dir, &format!("{}.free-inputs.bnet", m.id), true);
        let aeon = read(&dir, &format!("{}.aeon", m.id), has_inputs);
        let booleannet = read(&dir, &format!("{}.booleannet", m.id), false);
        let mut names = bnet.network.names().to_vec();
        names.sort();
        assert_eq!(names, m.variables, "{}: variables", m.id);
        for (label, model) in [("bnet", &bnet), ("free-inputs bnet", &free)] {
            assert_eq!(model.network.num_vars(), m.n_variables, "{} {label}", m.id);
            assert_eq!(model.network.inputs().len(), m.n_inputs, "{} {label}", m.id);
            if let Err(e) = same_functions(&bnet.network, &model.network) {
                panic!("{} bnet vs {label}: {e}", m.id);
            }
        }
        // The collection's AEON and BooleanNet files keep a few inputs that no function reads
        // (declared through a regulation the function ignores); the bnet drops them.
        for (label, model) in [("aeon", &aeon), ("booleannet", &booleannet)] {
            let (net, extra) = without_unread_extras(&model.network, &bnet.network);
            if !extra.is_empty() {
                extras.push(format!("{} {label}: {}", m.id, extra.join(", ")));
            }
            assert_eq!(net.num_vars(), m.n_variables, "{} {label}", m.id);
            if let Err(e) = same_functions(&bnet.network, &net) {
                panic!("{} bnet vs {label}: {e}", m.id);
            }
        }
        assert_eq!(free.free_inputs.len(), m.n_inputs, "{}", m.id);
        // The linter runs on every model without refusing any function.
        let report = check(&bnet, &LintOptions::default());
        assert_eq!(report.summary.regulations.not_analysed, 0, "{}", m.id);
    }
    eprintln!(
        "{} corpus files declare inputs that no function reads:\n  {}",
        extras.len(),
        extras.join("\n  ")
    );
    assert!(
        extras.len() <= 2,
        "more files with unread inputs than the known bbm-039 pair"
    );
}

/// `net` without the variables `reference` does not have, which must be inputs that no other
/// variable reads; and their names.
fn without_unread_extras(net: &Network, reference: &Network) -> (Network, Vec<String>) {
    let extra: Vec<VarId> = net
        .vars()
        .filter(|&v| reference.find(net.name(v)).is_none())
        .collect();
    let targets = net.targets();
    for &v in &extra {
        assert!(
            net.is_input(v),
            "extra variable {} is not an input",
            net.name(v)
        );
        assert!(
            targets[v.index()].iter().all(|&t| t == v),
            "extra input {} is read by another variable",
            net.name(v)
        );
    }
    let kept: Vec<VarId> = net.vars().filter(|v| !extra.contains(v)).collect();
    let mut new_id = vec![VarId::new(0); net.num_vars()];
    for (i, &v) in kept.iter().enumerate() {
        new_id[v.index()] = VarId::new(i);
    }
    let reduced = Network::new(
        kept.iter()
            .map(|&v| {
                let f = net.function(v).map_vars(|u| new_id[u.index()]);
                (net.name(v).to_string(), f)
            })
            .collect(),
    )
    .expect("valid network");
    let names = extra.iter().map(|&v| net.name(v).to_string()).collect();
    (reduced, names)
}

#[test]
#[cfg_attr(
    corpus_missing,
    ignore = "needs the corpus at ../shared/corpus or $BASIN_CORPUS"
)]
fn corpus_files_with_undeclared_inputs_need_free_inputs() {
    let dir = common::corpus_dir();
    for m in corpus_models(&dir).iter().filter(|m| m.n_inputs > 0) {
        // (The collection's BooleanNet files declare their inputs as `X* = X`.)
        for file in [
            format!("{}.free-inputs.bnet", m.id),
            format!("{}.aeon", m.id),
        ] {
            let Err(e) = read_model(&dir.join(&file), None, false) else {
                panic!("{file} has undeclared inputs but reads without --free-inputs");
            };
            // The way out is data (the command line words it `--free-inputs`, Python
            // `free_inputs=True`).
            let remedy = match &e {
                basin::Error::Parse(p) => p.hint.as_ref().and_then(|h| h.remedy.clone()),
                _ => None,
            };
            assert_eq!(
                remedy,
                Some(basin::error::Remedy::AllowFreeInputs),
                "{file}: the hint should name free inputs as the way out: {e}"
            );
        }
    }
}

/// Without the corpus its tests are compiled as ignored (`build.rs`); CI must have it, so there
/// this fails instead of letting the known-answer tests go unrun.
#[cfg(corpus_missing)]
#[test]
fn the_corpus_is_only_missing_outside_ci() {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI runs without the corpus at ../shared/corpus (or $BASIN_CORPUS): its known-answer \
         tests would not run"
    );
}
