//! Expectations with a `start` and `protocol` claims (#17), through the command line: each
//! claim is written from a separate `basin protocol` or `basin attractors --start` run (nothing
//! hard-coded), must pass as written, and must fail with a counterexample when a share or the
//! end label is changed.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn networks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("networks")
}

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

fn json(args: &[&str]) -> Value {
    let (code, out, err) = basin(args);
    assert_eq!(code, 0, "basin {args:?}: {err}");
    serde_json::from_str(&out).expect("JSON output")
}

/// Writes an expectations file with one statement about the showcase and runs `basin test`.
fn run_statement(name: &str, body: &str) -> (i32, String, String) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("expect_protocol");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!(
        "{}.toml",
        name.replace(|c: char| !c.is_alphanumeric(), "_")
    ));
    let n = networks();
    let text = format!(
        "model = {:?}\nphenotypes = {:?}\n\n[[expect]]\nname = \"{name}\"\n{body}\n",
        n.join("mronj_macrophage.bnet"),
        n.join("mronj_macrophage.toml"),
    );
    std::fs::write(&file, text).unwrap();
    basin(&["test", file.to_str().unwrap()])
}

/// Label → summed probability, zeros left out, sorted by label.
fn shares(list: &Value, key: &str) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for d in list.as_array().unwrap() {
        let p = d[key].as_f64().unwrap();
        if p <= 0.0 {
            continue;
        }
        let l = d["label"].as_str().unwrap().to_string();
        match out.iter_mut().find(|(x, _)| *x == l) {
            Some(e) => e.1 += p,
            None => out.push((l, p)),
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn toml_shares(list: &[(String, f64)]) -> String {
    let parts: Vec<String> = list.iter().map(|(l, p)| format!("{l:?} = {p:?}")).collect();
    format!("{{ {} }}", parts.join(", "))
}

/// A label of the phenotype file that is not among `reached`.
fn unreached(reached: &[(String, f64)]) -> &'static str {
    ["M0", "M2", "M1", "MIXED", "M2+FIB"]
        .into_iter()
        .find(|l| !reached.iter().any(|(r, _)| r == l))
        .expect("some label is not reached")
}

const PROTOCOLS: &[(&[&str], Option<&str>)] = &[
    (&["drug", "drug+TGFb"], None),
    (&["TGFb", "drug+TGFb"], None),
    (&["none", "drug+TGFb"], None),
    (&["drug+TGFb"], Some("M0@none")),
    (&["infection", "none", "TGFb"], None),
];

#[test]
fn protocol_claims_hold_as_separate_protocol_runs_give_them_and_fail_with_a_counterexample() {
    let n = networks();
    let (model, phenotypes) = (
        n.join("mronj_macrophage.bnet"),
        n.join("mronj_macrophage.toml"),
    );
    for &(steps, start) in PROTOCOLS {
        for update in ["sync", "async"] {
            let mut args: Vec<&str> = vec![
                "protocol",
                model.to_str().unwrap(),
                "--phenotypes",
                phenotypes.to_str().unwrap(),
                "--update",
                update,
                "--format",
                "json",
            ];
            for s in steps {
                args.extend(["--step", s]);
            }
            if let Some(s) = start {
                args.extend(["--start", s]);
            }
            let run = json(&args);
            let last = run["steps"].as_array().unwrap().last().unwrap().clone();
            let reached = shares(&last["distribution"], "probability");
            let steps_toml: Vec<String> = steps.iter().map(|s| format!("{s:?}")).collect();
            let head = format!(
                "update = \"{update}\"\n{}",
                start.map_or(String::new(), |s| format!("start = {s:?}\n"))
            );
            let path = steps.join(" → ");
            let name = format!("{path} {update}");
            // As the separate run gives it: passes.
            let ends = if reached.len() == 1 {
                format!(", ends = {:?}", reached[0].0)
            } else {
                String::new()
            };
            let body = format!(
                "{head}protocol = {{ steps = [{}], shares = {}{ends} }}",
                steps_toml.join(", "),
                toml_shares(&reached)
            );
            let (code, out, err) = run_statement(&name, &body);
            assert_eq!(code, 0, "{body}\n{out}{err}");
            assert!(out.contains(&format!("pass  {name}  (1 case")), "{out}");
            // A share moved by 0.25: fails, naming the protocol and the share it found.
            let mut wrong = reached.clone();
            wrong[0].1 = if wrong[0].1 > 0.5 {
                wrong[0].1 - 0.25
            } else {
                wrong[0].1 + 0.25
            };
            let body = format!(
                "{head}protocol = {{ steps = [{}], shares = {} }}",
                steps_toml.join(", "),
                toml_shares(&wrong)
            );
            let (code, out, _) = run_statement(&format!("{name} wrong share"), &body);
            assert_eq!(code, 1, "{body}\n{out}");
            assert!(out.contains(&format!("condition protocol {path}")), "{out}");
            assert!(
                out.contains(&format!(
                    "{} share after the last step is {:.6}",
                    reached[0].0, reached[0].1
                )),
                "{out}"
            );
            // An end label the cell does not reach: fails, naming the attractor it does reach.
            let body = format!(
                "{head}protocol = {{ steps = [{}], ends = {:?} }}",
                steps_toml.join(", "),
                unreached(&reached)
            );
            let (code, out, _) = run_statement(&format!("{name} wrong end"), &body);
            assert_eq!(code, 1, "{body}\n{out}");
            assert!(out.contains("the cell ends in attractor #"), "{out}");
            assert!(
                out.contains(&format!("label {}", reached[0].0)) || reached.len() > 1,
                "{out}"
            );
        }
    }
}

#[test]
fn statements_with_a_start_are_about_the_attractors_reached_from_it() {
    let n = networks();
    let (model, phenotypes) = (
        n.join("mronj_macrophage.bnet"),
        n.join("mronj_macrophage.toml"),
    );
    for (start, condition) in [
        ("M0@none", "drug+TGFb"),
        ("M1@drug", "TGFb"),
        ("LPS=1", "infection"),
    ] {
        for update in ["sync", "async"] {
            let run = json(&[
                "attractors",
                model.to_str().unwrap(),
                "--phenotypes",
                phenotypes.to_str().unwrap(),
                "--condition",
                condition,
                "--start",
                start,
                "--update",
                update,
                "--format",
                "json",
            ]);
            let mut labels: Vec<String> = run["attractors"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["basin"]["probability"].as_f64().unwrap() > 0.0)
                .map(|a| a["label"].as_str().unwrap().to_string())
                .collect();
            labels.sort();
            let head =
                format!("update = \"{update}\"\nstart = {start:?}\ncondition = {condition:?}\n");
            let list: Vec<String> = labels.iter().map(|l| format!("{l:?}")).collect();
            let name = format!("{start} {condition} {update}");
            let (code, out, err) =
                run_statement(&name, &format!("{head}labels = [{}]", list.join(", ")));
            assert_eq!(code, 0, "{labels:?}\n{out}{err}");
            let (code, out, err) = run_statement(
                &format!("{name} count"),
                &format!("{head}attractors = {}", labels.len()),
            );
            assert_eq!(code, 0, "{out}{err}");
            // Without the start the same claims are about every attractor of the condition.
            let everywhere = json(&[
                "attractors",
                model.to_str().unwrap(),
                "--phenotypes",
                phenotypes.to_str().unwrap(),
                "--condition",
                condition,
                "--update",
                update,
                "--format",
                "json",
            ]);
            let total = everywhere["attractors"].as_array().unwrap().len();
            let (code, out, _) = run_statement(
                &format!("{name} no start"),
                &format!(
                    "update = \"{update}\"\ncondition = {condition:?}\nattractors = {}",
                    labels.len()
                ),
            );
            assert_eq!(code, i32::from(total != labels.len()), "{out}");
        }
    }
}
