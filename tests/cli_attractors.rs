//! `basin attractors` on real output: JSON parsed back before asserting, text and CSV read as a
//! person would, exit codes and messages of refused work.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs basin. These tests check synchronous answers (cycles, exact basin sizes), so an
/// `attractors` call that names no update scheme gets `--update sync` (the command's default is
/// asynchronous, like every command's; `help_says_the_default_update` checks it).
fn basin(args: &[&str]) -> Output {
    let mut args: Vec<&str> = args.to_vec();
    let names_update = args
        .iter()
        .any(|a| a.starts_with("--update") || *a == "--help");
    if args.first() == Some(&"attractors") && !names_update {
        args.extend(["--update", "sync"]);
    }
    Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(&args)
        .output()
        .expect("the basin binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Writes `text` to a fresh model file and returns its path.
fn model(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("basin-cli-attractors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A toggle switch under an input, a 4-cycle, a constant and a read-out.
const TOY: &str = "targets, factors\nS, S\nA, !B & S\nB, !A\nX, !Y\nY, X\nK, 1\nR, A & K\n";

fn json(args: &[&str]) -> Value {
    let o = basin(args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("valid JSON")
}

#[test]
fn json_follows_the_contract() {
    let path = model("toy.bnet", TOY);
    let p = path.to_str().unwrap();
    let v = json(&["attractors", p, "--format", "json"]);
    assert_eq!(v["basin_json_version"], 1);
    assert_eq!(v["model"], p);
    assert_eq!(
        v["variables"],
        serde_json::json!(["S", "A", "B", "X", "Y", "K", "R"])
    );
    assert_eq!(v["update"], "synchronous");
    assert_eq!(v["fixed"], serde_json::json!({"K": 1}));
    assert_eq!(v["explored_states"], 64);
    assert_eq!(v["method"], "exhaustive");
    assert_eq!(v["complete"], true);
    let attractors = v["attractors"].as_array().unwrap();
    let total: u64 = attractors
        .iter()
        .map(|a| a["basin"]["size"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 64);
    for a in attractors {
        let states = a["states"].as_array().unwrap();
        assert_eq!(a["num_states"].as_u64().unwrap() as usize, states.len());
        let kind = if states.len() == 1 {
            "fixed_point"
        } else {
            "cycle"
        };
        assert_eq!(a["kind"], kind);
        let fraction = a["basin"]["fraction"].as_f64().unwrap();
        assert_eq!(fraction, a["basin"]["size"].as_f64().unwrap() / 64.0);
        assert_eq!(a["pattern"].as_str().unwrap().len(), 7);
        // K is fixed at 1 in every state; R = A & K one step late.
        for s in states {
            assert_eq!(s.as_str().unwrap().as_bytes()[5], b'1');
        }
    }
    // Attractors are listed by pattern.
    let patterns: Vec<&str> = attractors
        .iter()
        .map(|a| a["pattern"].as_str().unwrap())
        .collect();
    let mut sorted = patterns.clone();
    sorted.sort();
    assert_eq!(patterns, sorted);
}

#[test]
fn inputs_and_perturbations_fix_variables() {
    let path = model("toy2.bnet", TOY);
    let p = path.to_str().unwrap();
    let v = json(&[
        "attractors",
        p,
        "--input",
        "S=1",
        "--perturb",
        "B=0",
        "--format",
        "json",
    ]);
    assert_eq!(v["fixed"], serde_json::json!({"S": 1, "B": 0, "K": 1}));
    // A, X, Y, R free: 16 states; A settles at 1, R follows; X/Y is a 4-cycle.
    assert_eq!(v["explored_states"], 16);
    let a = v["attractors"].as_array().unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["kind"], "cycle");
    assert_eq!(a[0]["num_states"], 4);
    for s in a[0]["states"].as_array().unwrap() {
        let s = s.as_str().unwrap().as_bytes();
        assert_eq!((s[0], s[1], s[2], s[6]), (b'1', b'1', b'0', b'1'));
    }
    assert_eq!(a[0]["basin"]["size"], 16);
}

#[test]
fn jobs_do_not_change_the_output() {
    let path = model("toy3.bnet", TOY);
    let p = path.to_str().unwrap();
    let one = basin(&["attractors", p, "--format", "json", "--jobs", "1"]);
    let two = basin(&["attractors", p, "--format", "json", "--jobs", "2"]);
    assert!(one.status.success() && two.status.success());
    assert_eq!(stdout(&one), stdout(&two));
}

#[test]
fn text_groups_attractors_by_free_inputs() {
    let path = model("toy4.bnet", TOY);
    let out = basin(&["attractors", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("update      synchronous"), "{text}");
    assert!(text.contains("fixed       K=1"), "{text}");
    assert!(text.contains("explored    2^6 = 64 states"), "{text}");
    let s0 = text.find("inputs S=0:").expect("a group for S=0");
    let s1 = text.find("inputs S=1:").expect("a group for S=1");
    assert!(s0 < s1);
    assert!(
        text.contains("inputs S=1: 4 attractors, 50.00% of the space"),
        "{text}"
    );
    assert!(text.contains("oscillating: X Y"), "{text}");
}

#[test]
fn csv_has_one_row_per_attractor_state() {
    let path = model("toy5.bnet", TOY);
    let p = path.to_str().unwrap();
    let out = basin(&["attractors", p, "--format", "csv"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "attractor,kind,num_states,step,basin_size,fraction,S,A,B,X,Y,K,R"
    );
    let v = json(&["attractors", p, "--format", "json"]);
    let states: usize = v["attractors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["states"].as_array().unwrap().len())
        .sum();
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), states);
    assert!(rows.iter().all(|r| r.split(',').count() == 13));
}

#[test]
fn output_file_gets_the_report() {
    let path = model("toy6.bnet", TOY);
    let out_path = path.with_extension("json");
    let o = basin(&[
        "attractors",
        path.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert!(o.stdout.is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert_eq!(v["basin_json_version"], 1);
}

#[test]
fn sampling_says_the_list_may_be_incomplete() {
    let path = model("toy7.bnet", TOY);
    let p = path.to_str().unwrap();
    let v = json(&[
        "attractors",
        p,
        "--method",
        "sample",
        "--samples",
        "500",
        "--seed",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(v["method"], "sampled");
    assert_eq!(v["complete"], false);
    assert_eq!(v["samples"], 500);
    assert_eq!(v["seed"], 3);
    let hits: u64 = v["attractors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let b = &a["basin"];
            let (lo, hi) = (
                b["ci95"][0].as_f64().unwrap(),
                b["ci95"][1].as_f64().unwrap(),
            );
            let f = b["fraction"].as_f64().unwrap();
            assert!(lo <= f && f <= hi);
            b["hits"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(hits, 500);
    let text = stdout(&basin(&[
        "attractors",
        p,
        "--method",
        "sample",
        "--samples",
        "500",
    ]));
    assert!(text.contains("THE LIST MAY BE INCOMPLETE"), "{text}");
}

#[test]
fn refused_work_exits_2_with_figures_and_advice() {
    let mut text = String::from("targets, factors\nI, I\n");
    for i in 0..22 {
        text += &format!("x{i}, x{} | I\n", (i + 1) % 22);
    }
    let path = model("big.bnet", &text);
    let out = basin(&["attractors", path.to_str().unwrap(), "--max-memory", "1M"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("23 free core variables"), "{err}");
    assert!(err.contains("1.0 MiB"), "{err}");
    assert!(
        err.contains("--input") && err.contains("--engine sample"),
        "{err}"
    );
}

#[test]
fn bad_assignments_exit_2() {
    let path = model("toy8.bnet", TOY);
    let p = path.to_str().unwrap();
    let out = basin(&["attractors", p, "--input", "A=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not an input"), "{}", stderr(&out));
    let out = basin(&["attractors", p, "--perturb", "Q=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown node 'Q'"));
    let out = basin(&["attractors", p, "--update", "fully-async"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn async_update_reports_terminal_sccs() {
    let path = model("toy8.bnet", TOY);
    let out = basin(&[
        "attractors",
        path.to_str().unwrap(),
        "--update",
        "async",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["update"], "asynchronous");
    let total: f64 = v["attractors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["basin"]["probability"].as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    for a in v["attractors"].as_array().unwrap() {
        assert!(a["kind"] == "fixed_point" || a["kind"] == "complex");
        assert!(a["basin"]["strong"].as_u64().unwrap() <= a["basin"]["weak"].as_u64().unwrap());
    }
}

#[test]
fn help_says_the_default_update() {
    let out = basin(&["attractors", "--help"]);
    let text = stdout(&out);
    assert!(
        text.contains("async (the default of every command)"),
        "{text}"
    );
    // And it is the default: the same answer with and without `--update async`.
    let p = model("toy_default.bnet", TOY);
    let p = p.to_str().unwrap();
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_basin"))
            .args(["attractors", p, "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let default = run(&[]);
    assert!(
        default.contains("\"update\": \"asynchronous\""),
        "{default}"
    );
    assert_eq!(default, run(&["--update", "async"]));
}

/// A symbolic link given to `-o` is written through: the link stays and its target gets the
/// report (renaming a temporary file into place would have replaced the link).
#[cfg(unix)]
#[test]
fn output_through_a_symlink_keeps_the_link() {
    let path = model("toy8.bnet", TOY);
    let target = path.with_extension("target.txt");
    let link = path.with_extension("link.txt");
    std::fs::write(&target, "old").unwrap();
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = basin(&[
        "attractors",
        path.to_str().unwrap(),
        "-o",
        link.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("attractor")
    );
}

/// Issue found in CI: `-o /dev/null` as root renamed a regular file over the device, and every
/// later reader of /dev/null (rustc's probe among them) read the junk written into it.
#[cfg(unix)]
#[test]
fn output_to_dev_null_leaves_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let dev_null = std::path::Path::new("/dev/null");
    let is_device = || {
        std::fs::symlink_metadata(dev_null)
            .map(|m| m.file_type().is_char_device())
            .unwrap_or(false)
    };
    if !is_device() {
        eprintln!("note: /dev/null is not a character device on this machine; test passed over");
        return;
    }
    let path = model("toy9.bnet", TOY);
    let o = basin(&["attractors", path.to_str().unwrap(), "-o", "/dev/null"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_device(), "/dev/null was replaced by a regular file");
}

#[test]
fn condition_choices_that_cannot_be_made_are_refused_in_flags() {
    let path = model("toy-choices.bnet", TOY);
    let p = path.to_str().unwrap();
    let conditions = model("toy-choices.toml", "[conditions]\non = { S = 1 }\n");
    let c = conditions.to_str().unwrap();
    // A condition sets every input, so input values cannot come with it.
    let o = basin(&[
        "attractors",
        p,
        "--conditions",
        c,
        "--condition",
        "on",
        "--input",
        "S=0",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--input cannot be combined with --condition or --all-conditions"),
        "{}",
        stderr(&o)
    );
    // A named condition needs a file naming it.
    let o = basin(&["attractors", p, "--condition", "on"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--condition needs --phenotypes FILE or --conditions FILE"),
        "{}",
        stderr(&o)
    );
    // With the file, the condition is the one the file names: S on, as --input S=1 gives.
    let named = json(&[
        "attractors",
        p,
        "--conditions",
        c,
        "--condition",
        "on",
        "--format",
        "json",
    ]);
    let inputs = json(&["attractors", p, "--input", "S=1", "--format", "json"]);
    assert_eq!(named["condition"], "on");
    assert_eq!(named["fixed"], inputs["fixed"]);
    assert_eq!(named["attractors"], inputs["attractors"]);
    assert!(!named["attractors"].as_array().unwrap().is_empty());
}

/// A ring of 22 copies (`Xi = X(i-1)`) and a read-out: a reduced core of 22 variables, above
/// the explicit engine's asynchronous window, so `--engine auto` answers symbolically. Its two
/// attractors (all off, all on) are each reached with probability exactly 1/2 (the network is
/// symmetric under negating every variable).
fn ring() -> String {
    let mut text = String::from("targets, factors\nX0, X21\n");
    for i in 1..22 {
        text.push_str(&format!("X{i}, X{}\n", i - 1));
    }
    text.push_str("R, X0\n");
    text
}

const RING_PHENOTYPES: &str = "default = \"low\"\n[phenotypes]\nhigh = \"R\"\n";

/// Runs `attractors` on the ring asynchronously with 2000 walks and `extra` arguments.
fn ring_run(name: &str, extra: &[&str]) -> String {
    let path = model(&format!("{name}.bnet"), &ring());
    let phen = model(&format!("{name}.toml"), RING_PHENOTYPES);
    let mut args = vec![
        "attractors",
        path.to_str().unwrap(),
        "--update",
        "async",
        "--samples",
        "2000",
        "--phenotypes",
        phen.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = basin(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("NaN") && !out.contains("nan"), "{out}");
    out
}

/// The 95% interval widened about the estimate by 2.3 times (about 4.5 standard errors) holds
/// the exact 1/2.
fn holds_half(p: f64, lo: f64, hi: f64) {
    assert!(lo <= p && p <= hi, "{p} outside {lo}–{hi}");
    assert!(
        p - 2.3 * (p - lo) <= 0.5 && 0.5 <= p + 2.3 * (hi - p),
        "{p} ({lo}–{hi}) against the exact 0.5"
    );
}

/// Issue 15: above the explicit window the reach probabilities are estimated by random walks;
/// every output marks them as estimates with their 95% interval and none prints NaN.
#[test]
fn symbolic_estimates_are_marked_in_every_output() {
    let v: Value = serde_json::from_str(&ring_run("ring-json", &["--format", "json"])).unwrap();
    assert_eq!(v["engine"], "symbolic");
    assert!(
        v["core_size"].as_u64().unwrap() > basin::engine::AUTO_EXPLICIT_ASYNC as u64,
        "{v}"
    );
    let attractors = v["attractors"].as_array().unwrap();
    assert_eq!(attractors.len(), 2);
    for a in attractors {
        let b = &a["basin"];
        assert_eq!(b["estimated"], true, "{b}");
        assert_eq!(b["samples"], 2000, "{b}");
        let p = b["probability"].as_f64().unwrap();
        holds_half(
            p,
            b["ci95"][0].as_f64().unwrap(),
            b["ci95"][1].as_f64().unwrap(),
        );
    }
    for l in v["phenotype_distribution"].as_array().unwrap() {
        let p = l["share"].as_f64().unwrap();
        holds_half(
            p,
            l["ci95"][0].as_f64().unwrap(),
            l["ci95"][1].as_f64().unwrap(),
        );
    }

    let text = ring_run("ring-text", &[]);
    assert!(text.contains("ESTIMATED by 2 000 random walks"), "{text}");
    assert!(text.contains("95% CI"), "{text}");
    // Both label shares: `~49.xx% (47.xx%–51.xx%)`.
    for label in ["high", "low"] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line in\n{text}"));
        assert!(
            line.contains('~') && line.contains('(') && line.contains('–'),
            "{line}"
        );
    }

    let csv = ring_run("ring-csv", &["--format", "csv"]);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.contains("weak,strong,estimated_probability,hits,samples,ci95_low,ci95_high"),
        "{header}"
    );
    let columns = header.split(',').count();
    for line in lines {
        assert_eq!(line.split(',').count(), columns, "{line}");
    }

    let dir = std::env::temp_dir().join(format!("basin-cli-attractors-{}", std::process::id()));
    let plot = dir.join("ring.svg");
    ring_run("ring-plot", &["--plot", plot.to_str().unwrap()]);
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(!svg.contains("NaN") && !svg.contains("n/a"), "{svg}");
    assert!(svg.contains("estimated by 2000 random walks"), "{svg}");
    assert!(
        svg.contains("~: estimated by random walks, with its 95% interval"),
        "{svg}"
    );
    // Each attractor's header: `~49.9% (47.7%–52.1%)`.
    assert_eq!(svg.matches("%–").count(), 2, "{svg}");
}

/// The HTML report of a model above the explicit window marks its estimated shares.
#[test]
fn report_marks_symbolic_estimates() {
    let path = model("ring-report.bnet", &ring());
    let phen = model("ring-report.toml", RING_PHENOTYPES);
    let dir = std::env::temp_dir().join(format!("basin-cli-report-{}", std::process::id()));
    let o = basin(&[
        "report",
        path.to_str().unwrap(),
        "--phenotypes",
        phen.to_str().unwrap(),
        "--update",
        "async",
        "--samples",
        "2000",
        "--no-screen",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html.contains("NaN") && !html.contains("n/a"));
    assert!(html.contains("Shares marked ~ are estimated by random walks"));
    // The attractor table and the condition card: `~0.4990 (0.4771–0.5209)`.
    assert!(html.matches("~0.").count() >= 4, "{html}");
    let _ = std::fs::remove_dir_all(&dir);

    // With a screen of X3: knocking it out leaves one attractor (all off), overexpressing it
    // one (all on); the ranking's shares are estimates with the shift's interval.
    let o = basin(&[
        "report",
        path.to_str().unwrap(),
        "--phenotypes",
        phen.to_str().unwrap(),
        "--update",
        "async",
        "--samples",
        "2000",
        "--screen-nodes",
        "X3",
        "--shift",
        "high",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html.contains("NaN"));
    // `X3=0 … ~0.493 0.000 -0.493 (-0.515 to -0.471)`: two ranked rows, each with its interval
    // (the perturbed sides are exact: one attractor each); the shift heatmap's tooltips give
    // theirs as `95% CI +0.485 to +0.529` (with U+2212 for minus).
    let ranked = |sign: &str| {
        html.matches(&format!(" to {sign}0.")).count()
            - html.matches(&format!("95% CI {sign}0.")).count()
    };
    assert_eq!(ranked("-"), 1, "{html}");
    assert_eq!(ranked("+"), 1, "{html}");
    assert!(
        html.contains("share ~0."),
        "the heatmap marks estimates: {html}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--no-basins`: the attractors only, whatever the engine; basins said to be absent, never
/// written as empty basins or NaN.
#[test]
fn no_basins_lists_attractors_only() {
    let text = ring_run("ring-nb-text", &["--no-basins"]);
    assert!(
        text.contains("exhaustive, attractors only: the list is complete; basins are not computed"),
        "{text}"
    );
    assert!(!text.contains('~'), "{text}");
    let v: Value = serde_json::from_str(&ring_run(
        "ring-nb-json",
        &["--no-basins", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(v["engine"], "symbolic");
    assert_eq!(v["attractors"].as_array().unwrap().len(), 2);
    for a in v["attractors"].as_array().unwrap() {
        assert!(a["basin"].is_null(), "{a}");
    }
    for l in v["phenotype_distribution"].as_array().unwrap() {
        assert!(l["share"].is_null(), "{l}");
    }
    let csv = ring_run("ring-nb-csv", &["--no-basins", "--format", "csv"]);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.contains("weak,strong,probability"), "{header}");
    let columns = header.split(',').count();
    for line in lines {
        assert_eq!(line.split(',').count(), columns, "{line}");
        assert!(line.contains(",,,"), "{line}");
    }
    // The explicit engine keeps its exact basin counts and skips only the probabilities.
    let path = model("toy-nb.bnet", TOY);
    let v = json(&[
        "attractors",
        path.to_str().unwrap(),
        "--update",
        "async",
        "--no-basins",
        "--format",
        "json",
    ]);
    assert_eq!(v["engine"], "explicit");
    for a in v["attractors"].as_array().unwrap() {
        assert!(a["basin"]["weak"].is_u64(), "{a}");
        assert!(a["basin"].get("probability").is_none(), "{a}");
    }
}

/// `--count-only` counts what the listing lists: fixed points and the sizes of the others,
/// under both updates, per condition.
#[test]
fn count_only_counts_what_the_listing_lists() {
    let toy = model("count.bnet", TOY);
    // A fixed point (A = 1) beside an oscillation (A = 0).
    let mixed = model("mixed.bnet", "A, A\nB, !B | A\nC, B\n");
    for (path, update) in itertools::iproduct!([&toy, &mixed], ["sync", "async"]) {
        let p = path.to_str().unwrap();
        let listed = json(&["attractors", p, "--update", update, "--format", "json"]);
        let counted = json(&[
            "attractors",
            p,
            "--update",
            update,
            "--count-only",
            "--format",
            "json",
        ]);
        let attractors = listed["attractors"].as_array().unwrap();
        let sizes = |fixed: bool| {
            let mut v: Vec<u64> = attractors
                .iter()
                .filter(|a| (a["kind"] == "fixed_point") == fixed)
                .map(|a| a["num_states"].as_u64().unwrap())
                .collect();
            v.sort_unstable();
            v
        };
        assert_eq!(counted["attractors"], attractors.len(), "{update}");
        if path == &mixed {
            assert_eq!(counted["fixed_points"], 1, "{update}");
        }
        assert_eq!(counted["fixed_points"], sizes(true).len(), "{update}");
        let others = if update == "sync" {
            "cycles"
        } else {
            "complex_attractors"
        };
        let mut counted_sizes: Vec<u64> = counted[others]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap())
            .collect();
        counted_sizes.sort_unstable();
        assert_eq!(counted_sizes, sizes(false), "{update}");
    }
}

/// Too many attractors to list: the refusal points to `--count-only`, which answers exactly.
#[test]
fn count_only_answers_what_cannot_be_listed() {
    // 40 free inputs: every one of the 2^40 states of the inputs is a fixed point.
    let mut text = String::from("targets, factors\n");
    for i in 0..40 {
        text += &format!("i{i}, i{i}\n");
    }
    text += "out, i0 & i1\n";
    let path = model("many.bnet", &text);
    let p = path.to_str().unwrap();
    let out = basin(&["attractors", p, "--update", "async", "--no-basins"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("--count-only"), "{}", stderr(&out));
    let counted = basin(&["attractors", p, "--update", "async", "--count-only"]);
    assert!(counted.status.success(), "{}", stderr(&counted));
    let text = stdout(&counted);
    assert!(
        text.contains(&format!("fixed points: {}", 1u64 << 40)),
        "{text}"
    );
    assert!(text.contains("complex attractors: 0"), "{text}");
}
