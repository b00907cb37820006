//! `basin trapspaces` and `basin attractors --update mp` end to end: JSON read back and checked
//! against the library's answer on the same model.

use basin::parse::{Format, ParseOptions, parse_str};
use basin::trapspace::{Selection, TrapConfig, trap_spaces};
use serde_json::Value;
use std::process::Command;

const MODEL: &str = "A, !B\nB, !A\nC, C & A\nD, !D\nI, I\n";

fn model_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("basin-trapspace-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, MODEL).unwrap();
    path
}

fn run(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn trapspaces_json_lists_what_the_library_finds() {
    let path = model_file("a.bnet");
    let p = path.to_str().unwrap();
    let net = parse_str(MODEL, &ParseOptions::new(Format::Bnet))
        .unwrap()
        .network;
    for (flag, selection) in [
        ("--min", Selection::Minimal),
        ("--max", Selection::Maximal),
        ("--all", Selection::All),
    ] {
        let json = run(&["trapspaces", p, flag, "--format", "json", "--input", "I=1"]);
        let fixed = [(net.find("I").unwrap(), true)];
        let lib = trap_spaces(&net, &fixed, selection, &TrapConfig::default()).unwrap();
        let listed: Vec<&str> = json["trap_spaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["pattern"].as_str().unwrap())
            .collect();
        let expected: Vec<String> = lib.spaces.iter().map(|s| s.pattern.to_string()).collect();
        assert_eq!(listed, expected, "{flag}");
        assert_eq!(json["count"].as_u64().unwrap(), expected.len() as u64);
        assert!(
            listed.iter().all(|p| p.ends_with('1')),
            "{flag}: I is fixed to 1"
        );
    }
    let min = run(&["trapspaces", p, "--format", "json"]);
    assert_eq!(min["complete"], Value::Bool(true));
    assert!(
        min["trap_spaces"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["univocal"] == Value::Bool(true))
    );
}

#[test]
fn attractors_under_mp_are_the_minimal_trap_spaces() {
    let path = model_file("b.bnet");
    let p = path.to_str().unwrap();
    let mp = run(&["attractors", p, "--update", "mp", "--format", "json"]);
    let min = run(&["trapspaces", p, "--min", "--format", "json"]);
    let mut a: Vec<&str> = mp["attractors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["pattern"].as_str().unwrap())
        .collect();
    a.sort();
    let mut t: Vec<&str> = min["trap_spaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["pattern"].as_str().unwrap())
        .collect();
    t.sort();
    assert_eq!(a, t);
    assert_eq!(mp["update"], "most-permissive");
    // Basins are not computed under mp: null, never a made-up size.
    for x in mp["attractors"].as_array().unwrap() {
        assert!(x["basin"].is_null(), "{x}");
    }
}

#[test]
fn no_count_stops_at_the_limit_and_says_the_count_is_a_lower_bound() {
    let path = model_file("c.bnet");
    let p = path.to_str().unwrap();
    let all = run(&["trapspaces", p, "--min", "--no-checks", "--format", "json"]);
    let first = run(&[
        "trapspaces",
        p,
        "--min",
        "--no-checks",
        "--no-count",
        "--limit",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(all["count_exact"], Value::Bool(true));
    assert!(all["count"].as_u64().unwrap() > 2, "{all}");
    assert_eq!(first["count_exact"], Value::Bool(false));
    assert_eq!(first["count"].as_u64(), Some(2));
    let listed: Vec<&Value> = first["trap_spaces"].as_array().unwrap().iter().collect();
    assert_eq!(listed.len(), 2);
    for space in listed {
        assert!(
            all["trap_spaces"].as_array().unwrap().contains(space),
            "{space} is not among {all}"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(["trapspaces", p, "--no-checks", "--no-count", "--limit", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("found        at least 2 "), "{text}");
}
