//! `--update general` (general asynchronous update, `basin::general`) on the command line and in
//! expectation files, on real output: a toggle switch whose answer is checked by hand, and the
//! refusals (exit 2) where the library does not explore general update.

use serde_json::Value;
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

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_general");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(name: &str, text: &str) -> PathBuf {
    let path = dir().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A toggle switch. Under general update the states 00 and 11 can flip A, B or both, so they are
/// transient: the attractors are the two fixed points 10 and 01, each reached with probability
/// 1/2 (from 00: 1/3 straight to 10, 1/3 to 11, from which 1/3 to 10 and 1/3 back: p = 1/3 +
/// p/3 · … = 1/2 by symmetry); the weak basin of each is {10, 00, 11}, the strong one itself.
/// Synchronous update adds the cycle 00 ↔ 11.
const TOGGLE: &str = "A, !B\nB, !A\n";

#[test]
fn attractors_under_general_update_are_the_toggle_fixed_points() {
    let model = write("toggle.bnet", TOGGLE);
    let (code, out, err) = basin(&[
        "attractors",
        model.to_str().unwrap(),
        "--update",
        "general",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["update"], "general");
    let attractors = v["attractors"].as_array().unwrap();
    assert_eq!(attractors.len(), 2, "{out}");
    for a in attractors {
        assert_eq!(a["kind"], "fixed_point", "{out}");
        let basin = &a["basin"];
        let p = basin["probability"].as_f64().unwrap();
        assert!((p - 0.5).abs() < 1e-12, "{out}");
        assert_eq!(basin["weak"], 3, "{out}");
        assert_eq!(basin["strong"], 1, "{out}");
    }
    // The text says which update it ran.
    let (code, text, err) = basin(&["attractors", model.to_str().unwrap(), "--update", "general"]);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("general"), "{text}");
}

#[test]
fn engines_and_commands_that_do_not_explore_general_update_refuse_it() {
    let model = write("toggle-refuse.bnet", TOGGLE);
    let m = model.to_str().unwrap();
    for engine in ["symbolic", "sample"] {
        let (code, _, err) = basin(&["attractors", m, "--update", "general", "--engine", engine]);
        assert_eq!(code, 2, "{engine}: {err}");
        assert!(err.contains("explicit engine"), "{engine}: {err}");
    }
    let (code, _, err) = basin(&["attractors", m, "--update", "general", "--start", "00"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not from a start"), "{err}");
    // Beyond the explicit state graph's 20 free variables.
    let big: String = (0..24)
        .map(|i| format!("x{i}, !x{}\n", (i + 1) % 24))
        .collect();
    let big = write("ring24.bnet", &big);
    let (code, _, err) = basin(&["attractors", big.to_str().unwrap(), "--update", "general"]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.is_empty());
}

#[test]
fn expectation_files_take_update_general() {
    let model = write("toggle-expect.bnet", TOGGLE);
    let file = |name: &str, body: &str| {
        write(
            name,
            &format!(
                "model = {:?}\nupdate = \"general\"\n\n{body}",
                model.to_str().unwrap()
            ),
        )
    };
    let holds = file(
        "holds.toml",
        "[[expect]]\nname = \"two fixed points\"\ncondition = \"all\"\nfixed_points = 2\n\n\
         [[expect]]\nname = \"no cycle\"\ncondition = \"all\"\ncyclic = 0\n\n\
         [[expect]]\nname = \"sync has the cycle\"\nupdate = \"sync\"\ncondition = \"all\"\ncyclic = 1\n",
    );
    let (code, out, err) = basin(&["test", holds.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let fails = file(
        "fails.toml",
        "[[expect]]\nname = \"a cycle under general update\"\ncondition = \"all\"\ncyclic = 1\n",
    );
    let (code, out, err) = basin(&["test", fails.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("general"), "{out}");
    let bad = file(
        "bad.toml",
        "[[expect]]\nname = \"typo\"\nupdate = \"generall\"\ncondition = \"all\"\ncyclic = 0\n",
    );
    let (code, out, err) = basin(&["test", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("general"), "{err}");
}

#[test]
fn general_update_leaves_an_asynchronous_complex_attractor() {
    // docs/semantics.md: asynchronous update has the fixed point 10 and the complex attractor
    // {00, 01, 11}; in 01 both variables can change, and flipping both gives 10.
    let model = write(
        "xor.bnet",
        "A, (A & !B) | (!A & B)\nB, !((A & !B) | (!A & B))\n",
    );
    let count = |update: &str| {
        let (code, out, err) = basin(&[
            "attractors",
            model.to_str().unwrap(),
            "--update",
            update,
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        v["attractors"].as_array().unwrap().len()
    };
    assert_eq!(count("async"), 2);
    assert_eq!(count("general"), 1);
}
