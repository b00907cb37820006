//! `--start`, `basin protocol` and `basin timecourse` on real output: JSON parsed back before
//! asserting; the showcase's two orders of exposure checked against separate runs of
//! `attractors --start`.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const MODEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/networks/mronj_macrophage.bnet"
);
const PHENOTYPES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/networks/mronj_macrophage.toml"
);

fn basin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(args)
        .output()
        .expect("the basin binary runs")
}

fn json(o: &Output) -> Value {
    assert!(
        o.status.success(),
        "basin failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("basin-trajectory-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Label → probability of one protocol step or attractors report.
fn distribution(list: &Value, share: &str) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["label"].as_str().unwrap().to_string(),
                d[share].as_f64().unwrap(),
            )
        })
        .filter(|(_, p)| *p > 0.0)
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Both orders of exposure on the showcase: each protocol's last step equals `attractors
/// --start` from the states the first step reached (weighted by their probabilities), run
/// separately.
#[test]
fn the_showcase_orders_of_exposure_match_separate_runs_from_a_start() {
    for first in ["drug", "TGFb"] {
        let run = json(&basin(&[
            "protocol",
            MODEL,
            "--phenotypes",
            PHENOTYPES,
            "--step",
            first,
            "--step",
            "drug+TGFb",
            "--format",
            "json",
        ]));
        let steps = run["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[1]["start"], format!("the attractors after {first}"));
        let reached = steps[0]["attractors"].as_array().unwrap();
        let mut expected: Vec<(String, f64)> = Vec::new();
        for a in reached {
            assert_eq!(
                a["kind"], "fixed_point",
                "the check below starts from single states"
            );
            let separate = json(&basin(&[
                "attractors",
                MODEL,
                "--phenotypes",
                PHENOTYPES,
                "--condition",
                "drug+TGFb",
                "--start",
                a["pattern"].as_str().unwrap(),
                "--format",
                "json",
            ]));
            assert_eq!(
                separate["start"],
                format!("state {}", a["pattern"].as_str().unwrap())
            );
            let p = a["probability"].as_f64().unwrap();
            for (label, share) in distribution(&separate["phenotype_distribution"], "share") {
                match expected.iter_mut().find(|(l, _)| *l == label) {
                    Some(e) => e.1 += p * share,
                    None => expected.push((label, p * share)),
                }
            }
        }
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        let got = distribution(&steps[1]["distribution"], "probability");
        assert_eq!(got.len(), expected.len(), "{got:?} vs {expected:?}");
        for ((l1, p1), (l2, p2)) in got.iter().zip(&expected) {
            assert_eq!(l1, l2);
            assert!((p1 - p2).abs() < 1e-9, "{first}: {l1} {p1} vs {p2}");
        }
    }
}

#[test]
fn attractors_say_which_start_was_used() {
    let model = file("toggle.bnet", "A, !B\nB, !A\n");
    let model = model.to_str().unwrap();
    for (start, first) in [("10", 0.0), ("A=0,B=1", 1.0), ("00", 0.5)] {
        let out = json(&basin(&[
            "attractors",
            model,
            "--start",
            start,
            "--format",
            "json",
        ]));
        assert!(out["start"].as_str().unwrap().starts_with("state "));
        let p = out["attractors"][0]["basin"]["probability"]
            .as_f64()
            .unwrap();
        assert!((p - first).abs() < 1e-12, "{start}: {p}");
    }
    let text = basin(&["attractors", model, "--start", "1*"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("start       pattern 1*"));
    // A file of states: equally likely.
    let states = file("states.txt", "# two states\n10\n01\n");
    let out = json(&basin(&[
        "attractors",
        model,
        "--start",
        states.to_str().unwrap(),
        "--format",
        "json",
    ]));
    let p = out["attractors"][0]["basin"]["probability"]
        .as_f64()
        .unwrap();
    assert!((p - 0.5).abs() < 1e-12);
}

#[test]
fn a_start_on_the_symbolic_engine_is_refused_with_a_way_out() {
    let model = file("toggle2.bnet", "A, !B\nB, !A\n");
    let out = basin(&[
        "attractors",
        model.to_str().unwrap(),
        "--start",
        "10",
        "--engine",
        "symbolic",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("explicit engine"), "{err}");
}

#[test]
fn a_time_course_writes_csv_json_and_a_plot() {
    let model = file("cascade.bnet", "A, A\nB, A\nC, B\n");
    let phenotypes = file("cascade.toml", "[labels]\nON = \"C\"\nOFF = \"!C\"\n");
    let plot = std::env::temp_dir().join(format!("basin-tc-{}.svg", std::process::id()));
    let out = basin(&[
        "timecourse",
        model.to_str().unwrap(),
        "--phenotypes",
        phenotypes.to_str().unwrap(),
        "--start",
        "100",
        "--steps",
        "30",
        "--format",
        "csv",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "time,label:OFF,label:ON,A,B,C");
    assert_eq!(rows.len(), 32);
    // C turns on for good: its probability rises from 0 towards 1.
    let on = |row: &str| row.split(',').nth(2).unwrap().parse::<f64>().unwrap();
    assert_eq!(on(rows[1]), 0.0);
    assert!(on(rows[31]) > 0.9);
    let svg = std::fs::read_to_string(&plot).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .count(),
        2
    );
    let json = json(&basin(&[
        "timecourse",
        model.to_str().unwrap(),
        "--start",
        "100",
        "--time",
        "2",
        "--points",
        "4",
        "--format",
        "json",
    ]));
    assert_eq!(json["clock"], "continuous");
    assert_eq!(json["times"].as_array().unwrap().len(), 5);
}
