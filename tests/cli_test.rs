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
        "condition = \"drug+TGFb\"\nsome_satisfies = \"NFKB\"",
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
        "condition = \"drug+TGFb\"\nattractors = 2",
        "condition = \"drug+TGFb\"\nattractors = \"3..5\"",
        "2 attractors, expected 3 to 5",
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
        "condition = \"drug\"\nperturb = [\"SMAD7=0\"]\nshift = { label = \"MIXED*\", is = \"positive\" }",
        "condition = \"drug\"\nperturb = [\"SMAD7=0\"]\nshift = { label = \"M1\", at_least = 0.5 }",
        "M1 share 1.0000 → 0.0000",
    ),
    (
        "agree",
        "condition = \"infection\"\nagree = true",
        "condition = \"drug+TGFb\"\nagree = true",
        "synchronous labels",
    ),
    (
        "labels",
        "condition = \"drug+TGFb\"\nlabels = [\"M1\", \"M2+FIB\"]",
        "condition = \"drug+TGFb\"\nlabels = [\"M2+FIB\"]",
        "expected [M2+FIB]",
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
        out.contains("label M1, pattern 010000001101000101111100000111110000"),
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
