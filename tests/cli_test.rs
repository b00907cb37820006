//! `basin test` through the command line: every claim kind with one true and one false statement
//! on the shipped showcase model, the exit codes (0 all hold, 1 a failure, 2 a malformed file) and
//! the counterexample printed for a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

fn basin(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(args)
        .output()
        .expect("run basin");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn networks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("networks")
}

/// Writes an expectations file with one statement about the showcase and runs `basin test`.
fn run_statement(name: &str, body: &str) -> (i32, String, String) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_test");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.toml"));
    let n = networks();
    let text = format!(
        "model = {:?}\nphenotypes = {:?}\n\n[[expect]]\nname = \"{name}\"\n{body}\n",
        n.join("mronj_macrophage.bnet"),
        n.join("mronj_macrophage.toml"),
    );
    std::fs::write(&file, text).unwrap();
    basin(&["test", file.to_str().unwrap()])
}

/// (claim kind, true statement, false statement, text the failure must print)
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "every",
        "condition = \"infection\"\nevery = \"M1\"",
        "condition = \"infection\"\nevery = \"M2\"",
        "is not M2",
    ),
    (
        "some",
        "condition = \"drug+TGFb\"\nsome = \"M2+FIB\"",
        "condition = \"drug+TGFb\"\nsome = \"M0\"",
        "no attractor is M0",
    ),
    (
        "no",
        "condition = \"IL4\"\nno = \"M1\"",
        "condition = \"IL4\"\nno = \"M2\"",
        "is M2",
    ),
    (
        "every_satisfies",
        "condition = \"TGFb\"\nevery_satisfies = \"SMAD2 & !NFKB\"",
        "condition = \"TGFb\"\nevery_satisfies = \"NFKB\"",
        "does not satisfy 'NFKB'",
    ),
    (
        "some_satisfies",
        "condition = \"drug\"\nsome_satisfies = \"NFKB\"",
        "condition = \"TGFb\"\nsome_satisfies = \"NFKB\"",
        "no attractor satisfies",
    ),
    (
        "no_satisfies",
        "condition = \"TGFb\"\nno_satisfies = \"NFKB\"",
        "condition = \"drug\"\nno_satisfies = \"NFKB\"",
        "satisfies 'NFKB'",
    ),
    (
        "attractors",
        "condition = \"drug+TGFb\"\nattractors = 1",
        "condition = \"drug+TGFb\"\nattractors = \"3..5\"",
        "1 attractors, expected 3 to 5",
    ),
    (
        "fixed_points",
        "condition = \"none\"\nfixed_points = 1",
        "condition = \"drug\"\nperturb = [\"SMAD7=0\"]\nfixed_points = 1",
        "0 fixed points, expected 1",
    ),
    (
        "cyclic",
        "condition = \"drug\"\nperturb = [\"SMAD7=0\"]\ncyclic = 1",
        "condition = \"drug\"\ncyclic = 1",
        "0 cyclic attractors, expected 1",
    ),
    (
        "on",
        "condition = \"infection\"\non = [\"NFKB\", \"SMAD7\"]",
        "condition = \"infection\"\non = \"SMAD2\"",
        "SMAD2 is not ON",
    ),
    (
        "off",
        "condition = \"none\"\noff = \"NFKB\"",
        "condition = \"infection\"\noff = \"NFKB\"",
        "NFKB is not OFF",
    ),
    (
        "oscillating",
        "condition = \"drug\"\nperturb = [\"SMAD7=0\"]\noscillating = \"NFKB\"",
        "condition = \"drug\"\noscillating = \"NFKB\"",
        "NFKB is not oscillating",
    ),
    (
        "shift",
        // The Smad7 KO drug attractor oscillates; its OSC(...) label has MIXED among its parts.
        "condition = \"drug\"\nperturb = [\"SMAD7=0\"]\nshift = { label = \"part:MIXED\", is = \"positive\" }",
        "condition = \"drug\"\nperturb = [\"SMAD7=0\"]\nshift = { label = \"M1\", at_least = 0.5 }",
        "M1 share 1.0000 → 0.0000",
    ),
    (
        "agree",
        "condition = \"infection\"\nagree = true",
        // Under Smad7 KO the drug's oscillation differs between the updates.
        "condition = \"drug\"\nperturb = [\"SMAD7=0\"]\nagree = true",
        "synchronous labels",
    ),
    (
        "labels",
        "condition = \"drug+TGFb\"\nlabels = [\"M2+FIB\"]",
        "condition = \"drug+TGFb\"\nlabels = [\"M1\", \"M2+FIB\"]",
        "expected [M1, M2+FIB]",
    ),
];

#[test]
fn every_claim_kind_passes_when_true_and_fails_with_a_counterexample_when_false() {
    for (kind, yes, no, message) in CASES {
        let (code, out, err) = run_statement(&format!("{kind}_true"), yes);
        assert_eq!(code, 0, "{kind} true statement: {out}{err}");
        assert!(out.contains("1 passed, 0 failed"), "{kind}: {out}");
        let (code, out, err) = run_statement(&format!("{kind}_false"), no);
        assert_eq!(code, 1, "{kind} false statement: {out}{err}");
        assert!(out.contains("FAIL"), "{kind}: {out}");
        assert!(
            out.contains("condition "),
            "{kind}: no counterexample condition in {out}"
        );
        assert!(
            out.contains(message),
            "{kind}: expected '{message}' in {out}"
        );
    }
}

#[test]
fn the_shipped_expectations_hold() {
    let file = networks().join("mronj_macrophage.expect.toml");
    let (code, out, err) = basin(&["test", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["failed"], 0);
    assert!(v["passed"].as_u64().unwrap() >= 80, "{out}");
    assert!(
        v["statements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["passed"] == true)
    );
}

#[test]
fn a_false_statement_names_attractor_pattern_and_label() {
    let (code, out, _) = run_statement("pattern", "condition = \"infection\"\nevery = \"M2\"");
    assert_eq!(code, 1);
    assert!(
        out.contains("condition infection (LPS), asynchronous, perturbation none"),
        "{out}"
    );
    assert!(
        out.contains(
            "label M1, scores M1 1.00, M2 0.00, FIB 0.00, pattern 01000000000101010001011111000000111111000"
        ),
        "{out}"
    );
}

#[test]
fn malformed_files_exit_2_with_position_and_statement() {
    let (code, _, err) = run_statement("two claims", "every = \"M1\"\nsome = \"M2\"");
    assert_eq!(code, 2);
    assert!(err.contains("statement 'two claims': 2 claims"), "{err}");
    assert!(err.contains("line 4"), "{err}");
    let (code, _, err) = run_statement("bad toml", "every = ");
    assert_eq!(code, 2);
    assert!(err.contains("line 6"), "{err}");
    let (code, _, err) = run_statement("unknown label", "every = \"M3\"");
    assert_eq!(code, 2);
    assert!(
        err.contains("statement 'unknown label'") && err.contains("'M3'"),
        "{err}"
    );
    let (code, _, err) = run_statement("unknown node", "on = \"NFKBB\"");
    assert_eq!(code, 2);
    assert!(err.contains("unknown node 'NFKBB'"), "{err}");
    let (code, _, err) = run_statement(
        "unknown condition",
        "condition = \"infektion\"\nevery = \"M1\"",
    );
    assert_eq!(code, 2);
    assert!(err.contains("infektion"), "{err}");
}

/// The showcase's model text with the rules of `patch` (lines `NAME, rule`) put in place of the
/// model's lines for those names: an independent, textual application of a patch.
fn patched_model(patch: &str) -> String {
    let model = std::fs::read_to_string(networks().join("mronj_macrophage.bnet")).unwrap();
    let replacements: Vec<(&str, &str)> = patch
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, _) = l.split_once(',').unwrap();
            (name.trim(), l)
        })
        .collect();
    model
        .lines()
        .map(|line| {
            let name = line.split(',').next().unwrap().trim();
            match replacements.iter().find(|(n, _)| *n == name) {
                Some((_, new)) if !line.starts_with('#') => (*new).to_string(),
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Per statement name, whether it passed, from `basin test --format json` on `model`.
fn separate_run(model: &Path, filter: &str) -> Vec<(String, bool)> {
    let expect = networks().join("mronj_macrophage.expect.toml");
    let (_, out, err) = basin(&[
        "test",
        expect.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
        "--filter",
        filter,
        "--format",
        "json",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    json["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["passed"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// The table's result of `variant` per statement (a mutant table lists only the cells that
/// are not a pass).
fn table_column(json: &serde_json::Value, variant: &str) -> Vec<(String, bool)> {
    json["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let cell = s["results"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["variant"] == variant);
            let passed = cell.is_none_or(|r| r["result"] == "pass");
            (s["name"].as_str().unwrap().to_string(), passed)
        })
        .collect()
}

#[test]
fn variant_table_cells_match_separate_runs_of_the_variant_models() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_test_variants");
    std::fs::create_dir_all(&dir).unwrap();
    let v1 = networks().join("variants/V1_smad7_tgfb_feedback.bnet-patch");
    let v5 = networks().join("variants/V5_drug_only_amplifies.bnet-patch");
    // The same change as V1, given as a whole model file.
    let whole = dir.join("V1_whole.bnet");
    std::fs::write(
        &whole,
        patched_model(&std::fs::read_to_string(&v1).unwrap()),
    )
    .unwrap();
    let filter = "E1";
    let expect = networks().join("mronj_macrophage.expect.toml");
    let args = [
        "test",
        expect.to_str().unwrap(),
        "--filter",
        filter,
        "--variants",
        v1.to_str().unwrap(),
        whole.to_str().unwrap(),
        v5.to_str().unwrap(),
    ];
    let (code, out, err) = basin(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "the model itself passes: {err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = json["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "model",
            "V1_smad7_tgfb_feedback",
            "V1_whole",
            "V5_drug_only_amplifies"
        ]
    );
    let mut some_fail = false;
    for (variant, patch) in [
        ("V1_smad7_tgfb_feedback", &v1),
        ("V1_whole", &v1),
        ("V5_drug_only_amplifies", &v5),
    ] {
        let model = dir.join(format!("{variant}.bnet"));
        std::fs::write(
            &model,
            patched_model(&std::fs::read_to_string(patch).unwrap()),
        )
        .unwrap();
        let column = table_column(&json, variant);
        assert_eq!(column, separate_run(&model, filter), "{variant}");
        some_fail |= column.iter().any(|(_, p)| !p);
    }
    assert!(some_fail, "the variants break some E1x statement");
    // The text and CSV tables carry the same cells.
    let (_, csv, _) = basin(&[&args[..], &["--format", "csv"]].concat());
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "statement,model,V1_smad7_tgfb_feedback,V1_whole,V5_drug_only_amplifies"
    );
    for (row, s) in csv
        .lines()
        .skip(1)
        .zip(json["statements"].as_array().unwrap())
    {
        let results: Vec<&str> = s["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["result"].as_str().unwrap())
            .collect();
        assert!(row.ends_with(&results.join(",")), "{row}");
    }
    let (_, text, _) = basin(&args);
    assert!(text.contains("V1_whole: whole model"), "{text}");
}

#[test]
fn mutant_table_cells_match_separate_runs_of_the_mutant_models() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_test_mutants");
    std::fs::create_dir_all(&dir).unwrap();
    let expect = networks().join("mronj_macrophage.expect.toml");
    let filter = "E6";
    let (code, out, err) = basin(&[
        "test",
        expect.to_str().unwrap(),
        "--mutants",
        "single-edits",
        "--filter",
        filter,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let variants = json["variants"].as_array().unwrap();
    // Mutants by name, with the rule written by hand: an independent construction.
    for (mutant, rule) in [
        ("TGFBR:-SMAD7", "TGFBR, TGFB_EX | MATRIX_TGFB | TGFB1"),
        ("SMAD7:-NFKB", "SMAD7, SMAD234 | STAT1"),
        ("SMAD234:|>&1", "SMAD234, SMAD2 & SMAD3"),
        ("FIBROSIS:~SMAD3", "FIBROSIS, !SMAD3 & SMAD234 & AP1"),
        ("AKT:~PTEN", "AKT, PI3K & PTEN"),
    ] {
        let entry = variants
            .iter()
            .find(|v| v["name"] == mutant)
            .unwrap_or_else(|| panic!("no mutant {mutant}"));
        assert!(
            entry["description"].as_str().unwrap().ends_with(rule),
            "{entry}"
        );
        let model = dir.join(format!(
            "{}.bnet",
            mutant.replace([':', '|', '&', '>', '~'], "_")
        ));
        std::fs::write(&model, patched_model(rule)).unwrap();
        assert_eq!(
            table_column(&json, mutant),
            separate_run(&model, filter),
            "{mutant}"
        );
    }
    // Fractions agree with the listed failures.
    let n = variants.len() - 1;
    for s in json["statements"].as_array().unwrap() {
        let failing = s["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["variant"] != "model")
            .count();
        assert_eq!(s["holds"].as_u64().unwrap() as usize, n - failing);
    }
    assert!(
        json["statements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["holds"].as_u64().unwrap() < n as u64)
    );
}
