//! `basin control` through the command line on the showcase: making macrophages M2 without
//! fibrosis (the label `M2` exactly; `M2+FIB` is another label) under infection, order ≤ 2,
//! both update schemes. Every share reported must equal that of a separate `basin knockout`
//! of the same set, every solution must reach the share, and no single perturbation of a
//! two-node solution may (minimality). No answer is written into the test.

use serde::Deserialize;
use std::process::{Command, Output};

const MODEL: &str = "networks/mronj_macrophage.bnet";
const PHENOTYPES: &str = "networks/mronj_macrophage.toml";

fn basin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("basin runs")
}

fn ok(args: &[&str]) -> String {
    let out = basin(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "basin {}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[derive(Debug, Deserialize)]
struct Report {
    target: String,
    engine: Vec<String>,
    complete: bool,
    conditions: Vec<String>,
    updates: Vec<String>,
    wild_type: Set,
    solutions: Vec<Set>,
    stats: Stats,
}

#[derive(Debug, Deserialize)]
struct Set {
    perturbation: String,
    order: usize,
    score: f64,
    shares: Vec<Share>,
}

#[derive(Debug, Deserialize)]
struct Share {
    condition: String,
    update: String,
    share: f64,
    source: String,
}

#[derive(Debug, Deserialize)]
struct Stats {
    explorations: usize,
    screen_explorations: u128,
    evaluated: usize,
    decided_by_percolation: usize,
    decided_by_lower_order: usize,
    decided_by_attractors: usize,
    per_order: Vec<Order>,
}

#[derive(Debug, Deserialize)]
struct Order {
    evaluated: usize,
    explored: usize,
    decided_by_shares: usize,
    decided_by_attractors: usize,
    decided_by_percolation: usize,
    decided_by_lower_order: usize,
}

/// The share of the label `M2` (exactly) per update under infection, from `basin knockout`
/// (the wild type's column of a knockout when `perturbation` is empty).
fn knockout_m2(perturbation: &[&str]) -> Vec<(String, f64)> {
    let (perturbation, column) = match perturbation {
        [] => (&["SMAD3=0"][..], "wild_type_fraction"),
        p => (p, "fraction"),
    };
    let mut args = vec![
        "knockout",
        MODEL,
        "--phenotypes",
        PHENOTYPES,
        "--condition",
        "infection",
        "--update",
        "both",
        "--format",
        "csv",
    ];
    for p in perturbation {
        args.extend(["--perturb", p]);
    }
    let csv = ok(&args);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (update, label, fraction) = (col("update"), col("label"), col(column));
    let mut shares: Vec<(String, f64)> =
        vec![("synchronous".into(), 0.0), ("asynchronous".into(), 0.0)];
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if f[label] == "M2" {
            let slot = shares
                .iter_mut()
                .find(|s| s.0 == f[update])
                .expect("update");
            slot.1 += f[fraction].parse::<f64>().expect("a number");
        }
    }
    shares
}

#[test]
fn control_solutions_match_separate_knockouts_and_are_minimal() {
    let json = ok(&[
        "control",
        MODEL,
        "--phenotypes",
        PHENOTYPES,
        "--target",
        "M2",
        "--condition",
        "infection",
        "--max-order",
        "2",
        "--update",
        "both",
        "--format",
        "json",
    ]);
    let report: Report = serde_json::from_str(&json).expect("control JSON");
    assert_eq!(report.target, "M2");
    assert!(report.complete);
    assert_eq!(report.conditions, ["infection"]);
    assert_eq!(report.updates, ["synchronous", "asynchronous"]);
    assert!(!report.engine.is_empty());
    assert!(report.stats.explorations as u128 <= report.stats.screen_explorations);
    assert!(!report.solutions.is_empty(), "{json}");
    // The wild type, and every solution, against `basin knockout`.
    let check = |set: &Set, perturbation: &[&str]| {
        let expected = knockout_m2(perturbation);
        assert_eq!(set.shares.len(), 2);
        for s in &set.shares {
            assert_eq!(s.condition, "infection");
            let want = expected.iter().find(|e| e.0 == s.update).expect("update").1;
            // Attractors alone decide asynchronous shares only.
            assert!(
                ["explored", "percolation", "lower_order"].contains(&s.source.as_str())
                    || (s.source == "attractors" && s.update == "asynchronous"),
                "{s:?}"
            );
            assert!(
                (s.share - want).abs() < 1e-9,
                "{} {}: control {} knockout {want}",
                set.perturbation,
                s.update,
                s.share
            );
        }
    };
    check(&report.wild_type, &[]);
    for sol in &report.solutions {
        let parts: Vec<&str> = sol.perturbation.split('+').collect();
        assert_eq!(parts.len(), sol.order);
        assert!(sol.score >= 1.0 - 1e-9, "{sol:?}");
        check(sol, &parts);
        // Minimal: no single perturbation of it reaches 100 % under both updates.
        if parts.len() == 2 {
            for p in &parts {
                let alone = knockout_m2(&[p]);
                assert!(
                    alone.iter().any(|(_, s)| *s < 1.0 - 1e-9),
                    "{p} alone already reaches the target, so {} is not minimal",
                    sol.perturbation
                );
                assert!(
                    !report.solutions.iter().any(|o| o.perturbation == *p),
                    "{p} is listed and so is its superset {}",
                    sol.perturbation
                );
            }
        }
    }
    // Every unit of every set evaluated is accounted for once; each one decided by its
    // attractors cost one exploration, each one explored with shares one or two.
    let units = 2;
    let st = &report.stats;
    assert_eq!(
        st.per_order.iter().map(|o| o.evaluated).sum::<usize>(),
        st.evaluated
    );
    for o in &st.per_order {
        assert_eq!(
            o.evaluated * units,
            o.decided_by_shares
                + o.decided_by_attractors
                + o.decided_by_percolation
                + o.decided_by_lower_order
        );
        assert!(o.explored >= o.decided_by_shares + o.decided_by_attractors);
        assert!(o.explored <= 2 * o.decided_by_shares + o.decided_by_attractors);
    }
    let sum = |f: fn(&Order) -> usize| st.per_order.iter().map(f).sum::<usize>();
    assert_eq!(sum(|o| o.decided_by_attractors), st.decided_by_attractors);
    assert_eq!(sum(|o| o.decided_by_percolation), st.decided_by_percolation);
    assert_eq!(sum(|o| o.decided_by_lower_order), st.decided_by_lower_order);
    assert_eq!(sum(|o| o.explored), st.explorations);
    assert!(st.decided_by_attractors > 0, "{json}");
    // Ranked by order.
    assert!(
        report
            .solutions
            .windows(2)
            .all(|w| w[0].order <= w[1].order)
    );
}

#[test]
fn control_without_pruning_gives_the_same_answer_with_more_explorations() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "control",
            MODEL,
            "--phenotypes",
            PHENOTYPES,
            "--target",
            "M2",
            "--condition",
            "infection",
            "--max-order",
            "2",
            "--format",
            "json",
        ];
        args.extend(extra);
        serde_json::from_str::<Report>(&ok(&args)).expect("control JSON")
    };
    let pruned = run(&[]);
    let plain = run(&["--no-prune"]);
    let names = |r: &Report| {
        r.solutions
            .iter()
            .map(|s| (s.perturbation.clone(), s.score))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&pruned), names(&plain));
    assert!(pruned.stats.explorations < plain.stats.explorations);
    // `--no-prune` also explores every unit with shares straight away.
    assert_eq!(plain.stats.decided_by_attractors, 0);
}

#[test]
fn control_says_when_nothing_or_nothing_more_is_needed() {
    // Under infection the wild type is M1: no perturbation is needed.
    let text = ok(&[
        "control",
        MODEL,
        "--phenotypes",
        PHENOTYPES,
        "--target",
        "M1",
        "--condition",
        "infection",
        "--max-order",
        "1",
    ]);
    assert!(
        text.contains("the wild type already reaches the target"),
        "{text}"
    );
    // A label no attractor carries: no solution, best sets per order listed (CSV: best rows).
    let args = [
        "control",
        MODEL,
        "--phenotypes",
        PHENOTYPES,
        "--target",
        "NO_SUCH_LABEL",
        "--condition",
        "infection",
        "--max-order",
        "1",
        "--nodes",
        "SMAD3,SMAD7",
    ];
    let text = ok(&args);
    assert!(text.contains("no set of up to 1 perturbation(s)"), "{text}");
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let csv = ok(&csv_args);
    assert!(csv.starts_with("kind,rank,perturbation,order,score,condition,update,share,source\n"));
    assert_eq!(csv.lines().filter(|l| l.starts_with("best,")).count(), 4);
}

#[test]
fn control_refuses_bad_requests_by_name() {
    for (args, words) in [
        (vec!["--min-share", "0"], "share"),
        (vec!["--nodes", "SMAD9"], "SMAD9"),
        (vec!["--max-order", "9"], "limit"),
    ] {
        let mut all = vec![
            "control",
            MODEL,
            "--phenotypes",
            PHENOTYPES,
            "--target",
            "M2",
            "--condition",
            "infection",
        ];
        all.extend(args);
        let out = basin(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(words), "{stderr}");
    }
}

/// The JSON of a run, without its time.
fn untimed(text: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(text).expect("JSON");
    v.as_object_mut().expect("an object").remove("seconds");
    v
}

#[test]
fn control_resumed_from_its_checkpoint_equals_an_uninterrupted_run() {
    let dir = std::env::temp_dir().join(format!("basin-control-resume-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let file = dir.join("orders.jsonl");
    let path = file.to_str().expect("UTF-8 path");
    let base = [
        "control",
        MODEL,
        "--phenotypes",
        PHENOTYPES,
        "--target",
        "M2",
        "--condition",
        "infection",
        "--format",
        "json",
    ];
    let run = |extra: &[&str]| ok(&[&base[..], extra].concat());
    let whole = run(&["--max-order", "2"]);
    // Order 1 written, then continued to order 2 from the file.
    run(&["--max-order", "1", "--out", path]);
    let lines = std::fs::read_to_string(&file)
        .expect("checkpoint")
        .lines()
        .count();
    assert_eq!(lines, 3, "a header and orders 0 and 1");
    // A run killed while writing order 2 leaves a line cut short: it is dropped.
    let mut text = std::fs::read_to_string(&file).expect("checkpoint");
    text += "{\"order\":2,\"sta";
    std::fs::write(&file, text).expect("checkpoint");
    let resumed = run(&["--max-order", "2", "--resume", path]);
    assert_eq!(untimed(&resumed), untimed(&whole));
    assert_eq!(
        std::fs::read_to_string(&file)
            .expect("checkpoint")
            .lines()
            .count(),
        4,
        "order 2 appended"
    );
    // Another search's checkpoint is refused, and left as it was.
    let before = std::fs::read_to_string(&file).expect("checkpoint");
    let out = basin(
        &[
            &base[..],
            &["--max-order", "2", "--values", "0", "--resume", path],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a checkpoint of this search"));
    assert_eq!(std::fs::read_to_string(&file).expect("checkpoint"), before);
    let _ = std::fs::remove_dir_all(&dir);
}
