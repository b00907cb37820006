//! Screens that lose nothing, and output that does not depend on the thread count: a screen
//! killed mid-run (`kill -9`), interrupted (Ctrl-C) or stopped by `--timeout` leaves a valid
//! `--out` table of the finished perturbation sets, and `--resume` completes it to the table of an uninterrupted
//! run, byte for byte; `--jobs 1` and `--jobs 3` give byte-identical CSV and JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const MODEL: &str = "networks/mronj_macrophage.bnet";
const PHENOTYPES: &str = "networks/mronj_macrophage.toml";
/// An asynchronous order-2 screen of 200 perturbation sets: a few seconds, long enough to be
/// interrupted.
const INTERRUPTIBLE: &[&str] = &[
    "--order",
    "2",
    "--nodes",
    "TGFB1,TGFBR,SMAD7,SMAD2,SMAD3,PI3K,PTEN,AKT,NFKB,STAT3",
    "--condition",
    "drug",
];
const CSV_HEADER: &str = "perturbation,condition,update,label,fraction,wild_type_fraction,shift,attractors,wild_type_attractors,hits,samples,wild_type_hits,wild_type_samples";

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_basin"));
    c.args(["screen", MODEL, "--phenotypes", PHENOTYPES])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn screen(args: &[&str]) -> Output {
    command(args).output().expect("basin runs")
}

fn ok(args: &[&str]) -> Vec<u8> {
    let out = screen(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "basin screen {}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("basin-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    fn path(&self, file: &str) -> String {
        self.0.join(file).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The uninterrupted run of the interruptible screen: its `--out` table and its stdout (CSV).
fn reference() -> &'static (String, Vec<u8>) {
    static REFERENCE: OnceLock<(String, Vec<u8>)> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let dir = Scratch::new("screen-reference");
        let out = dir.path("table.csv");
        let mut args = INTERRUPTIBLE.to_vec();
        args.extend_from_slice(&["--format", "csv", "--out", &out]);
        let stdout = ok(&args);
        (read(&out), stdout)
    })
}

/// Checks that `text` is a valid table: the header, then whole rows, every perturbation set
/// with all its rows (the labels of the reference), and returns the number of sets.
fn valid_prefix(text: &str, reference: &str) -> usize {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(CSV_HEADER), "{text}");
    assert!(text.ends_with('\n'), "a row cut short:\n{text}");
    let mut sets = std::collections::BTreeMap::<&str, Vec<&str>>::new();
    for l in lines {
        assert!(
            reference.lines().any(|r| r == l),
            "a row not in the reference: {l}"
        );
        sets.entry(l.split(',').next().unwrap())
            .or_default()
            .push(l);
    }
    for (p, rows) in &sets {
        let want: Vec<&str> = reference
            .lines()
            .filter(|r| r.split(',').next() == Some(p))
            .collect();
        let mut got = rows.clone();
        got.sort_unstable();
        let mut want_sorted = want.clone();
        want_sorted.sort_unstable();
        assert_eq!(got, want_sorted, "the rows of {p} are incomplete");
    }
    sets.len()
}

#[test]
fn a_killed_screen_resumes_to_the_identical_table() {
    let (table, stdout) = reference();
    assert_eq!(
        table.as_bytes(),
        &stdout[..],
        "the final --out table is the CSV report"
    );
    let dir = Scratch::new("screen-kill");
    let out = dir.path("table.csv");
    let mut args = INTERRUPTIBLE.to_vec();
    args.extend_from_slice(&["--format", "csv", "--out", &out, "--jobs", "1"]);
    let mut child = command(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("basin starts");
    // Wait until a few perturbation sets are in the file, then kill -9.
    wait_for_rows(&out, &mut child);
    assert!(
        child.try_wait().expect("wait").is_none(),
        "still running when killed"
    );
    child.kill().expect("kill -9");
    child.wait().expect("reaped");
    let partial = read(&out);
    let done = valid_prefix(&partial, table);
    assert!(done >= 1, "{partial}");
    assert_ne!(&partial, table, "killed before the end");

    let stderr = resume_to_reference(&out);
    assert!(stderr.contains(&format!("resuming {out}: ")), "{stderr}");
}

/// Waits (up to two minutes) until `out` holds at least 5 rows, the screen still running.
fn wait_for_rows(out: &str, child: &mut std::process::Child) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while std::fs::read_to_string(out).map_or(0, |t| t.lines().count().saturating_sub(1)) < 5 {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the screen ended before it could be interrupted"
        );
        assert!(Instant::now() < deadline, "no rows after two minutes");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Resumes the interruptible screen from `out` (CSV): only the missing sets run, and the table
/// and the report end identical to the uninterrupted run's. Returns the resumed run's stderr.
fn resume_to_reference(out: &str) -> String {
    let (table, stdout) = reference();
    let mut args = INTERRUPTIBLE.to_vec();
    args.extend_from_slice(&["--format", "csv", "--resume", out]);
    let resumed = screen(&args);
    let stderr = String::from_utf8_lossy(&resumed.stderr).into_owned();
    assert_eq!(resumed.status.code(), Some(0), "{stderr}");
    assert_eq!(&read(out), table);
    assert_eq!(&resumed.stdout, stdout);
    stderr
}

#[test]
fn ctrl_c_stops_a_screen_that_reports_what_finished_and_resumes() {
    let (table, _) = reference();
    let dir = Scratch::new("screen-sigint");
    let out = dir.path("table.csv");
    let mut args = INTERRUPTIBLE.to_vec();
    args.extend_from_slice(&["--format", "csv", "--out", &out, "--jobs", "1"]);
    let mut child = command(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("basin starts");
    // Rows in the file mean the screen (and its Ctrl-C handler, set before it) has started.
    wait_for_rows(&out, &mut child);
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    // SAFETY: sends SIGINT to our own child, which has not been reaped yet.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let stopped = child.wait_with_output().expect("reaped");
    let stderr = String::from_utf8_lossy(&stopped.stderr);
    if stopped.status.code() == Some(0) {
        // Finished before the signal arrived: the whole table.
        assert_eq!(&read(&out), table);
        return;
    }
    assert_eq!(stopped.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("error: interrupted (Ctrl-C): "), "{stderr}");
    assert!(
        stderr.contains(&format!("continue with --resume {out}")),
        "{stderr}"
    );
    // The report printed is the table of the finished sets, the same as the file.
    let partial = read(&out);
    assert!(valid_prefix(&partial, table) >= 1, "{partial}");
    assert_eq!(
        String::from_utf8_lossy(&stopped.stdout),
        sorted_like(&partial, table)
    );
    resume_to_reference(&out);
}

/// The rows of `partial` in the order they have in `reference` (the report's order), with the
/// header.
fn sorted_like(partial: &str, reference: &str) -> String {
    let rows: std::collections::HashSet<&str> = partial.lines().skip(1).collect();
    let mut text = format!("{CSV_HEADER}\n");
    for l in reference.lines().skip(1).filter(|l| rows.contains(l)) {
        text += l;
        text.push('\n');
    }
    text
}

#[test]
fn a_timed_out_screen_keeps_its_finished_rows_and_resumes() {
    let (table, _) = reference();
    let dir = Scratch::new("screen-timeout");
    let out = dir.path("table.csv");
    let mut args = INTERRUPTIBLE.to_vec();
    args.extend_from_slice(&[
        "--format",
        "json",
        "--out",
        &out,
        "--jobs",
        "1",
        "--timeout",
        "1s",
    ]);
    let stopped = screen(&args);
    let stderr = String::from_utf8_lossy(&stopped.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    if stopped.status.code() == Some(0) {
        // A machine fast enough to finish in a second: nothing to resume.
        assert_eq!(&read(&out), table);
        return;
    }
    assert_eq!(stopped.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error: timed out after 1s: "), "{stderr}");
    assert!(
        stderr.contains(" of 200 perturbation sets done"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("continue with --resume {out}")),
        "{stderr}"
    );
    // The report written holds the finished sets, and so does the table.
    let report: serde_json::Value = serde_json::from_slice(&stopped.stdout).expect("JSON report");
    let partial = read(&out);
    let done = valid_prefix(&partial, table);
    let report_sets: std::collections::BTreeSet<&str> = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["perturbation"].as_str().expect("a name"))
        .collect();
    assert_eq!(report_sets.len(), done);
    let reported: usize = stderr
        .split("timed out after 1s: ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert_eq!(reported, done, "{stderr}");

    let mut args = INTERRUPTIBLE.to_vec();
    args.extend_from_slice(&["--format", "csv", "--out", &out, "--resume", &out]);
    ok(&args);
    assert_eq!(&read(&out), table);
}

#[test]
fn a_json_lines_table_cut_anywhere_resumes_to_the_identical_table() {
    let dir = Scratch::new("screen-jsonl");
    let full = dir.path("full.jsonl");
    let args = [
        "--order",
        "2",
        "--update",
        "sync",
        "--condition",
        "drug",
        "--condition",
        "infection",
    ];
    let mut a = args.to_vec();
    a.extend_from_slice(&["--format", "json", "--out", &full]);
    let report = ok(&a);
    let text = read(&full);
    assert!(!text.is_empty() && text.ends_with('\n'));
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("one JSON row per line");
        assert!(
            row["perturbation"].is_string() && row["shift"].is_number(),
            "{line}"
        );
    }
    let cut = dir.path("cut.jsonl");
    // Cut after whole sets, inside a set, inside a row, and at nothing.
    for at in [0, 1, text.len() / 3, text.len() / 2 + 7, text.len() - 1] {
        std::fs::write(&cut, &text.as_bytes()[..at]).unwrap();
        let mut a = args.to_vec();
        a.extend_from_slice(&["--format", "json", "--resume", &cut]);
        assert_eq!(ok(&a), report, "cut at byte {at}");
        assert_eq!(read(&cut), text, "cut at byte {at}");
    }
}

#[test]
fn resume_refuses_a_table_of_another_screen() {
    let dir = Scratch::new("screen-foreign");
    let table = dir.path("t.csv");
    ok(&[
        "--update",
        "sync",
        "--condition",
        "drug",
        "--nodes",
        "SMAD7",
        "--out",
        &table,
    ]);
    // Another condition: the file's rows do not belong to this screen.
    let out = screen(&[
        "--update",
        "sync",
        "--condition",
        "infection",
        "--nodes",
        "SMAD7",
        "--resume",
        &table,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("was not written by this screen: condition 'drug'"),
        "{stderr}"
    );
    // Not a table at all.
    std::fs::write(&table, "hello\n").unwrap();
    let out = screen(&[
        "--update",
        "sync",
        "--condition",
        "drug",
        "--resume",
        &table,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("line 1: the header 'hello' is not the table's"),
        "{stderr}"
    );
    // --out and --resume naming different files.
    let out = screen(&["--condition", "drug", "--out", "a.csv", "--resume", &table]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--resume"));
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join("a.csv").exists());
}

/// A table streamed from one `--start` is not resumed from another (or from none): its rows
/// are probabilities from that start and say nothing of it themselves (#17).
#[test]
fn resume_refuses_a_table_computed_from_another_start() {
    let dir = Scratch::new("screen-start");
    let table = dir.path("t.csv");
    let base = [
        "--update",
        "async",
        "--condition",
        "drug",
        "--nodes",
        "SMAD7",
    ];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let run = |args: Vec<String>| screen(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let first = run(with(&["--start", "M0@none", "--out", &table]));
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let full = read(&table);
    for (other, words) in [
        (
            vec!["--resume", table.as_str()],
            "this run from a uniformly random state",
        ),
        (
            vec!["--start", "M1@drug", "--resume", table.as_str()],
            "this run from the M1 attractors under drug",
        ),
    ] {
        let out = run(with(&other));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("its rows start from the M0 attractors under none"),
            "{stderr}"
        );
        assert!(stderr.contains(words), "{stderr}");
        // Refused before anything is written: the table is untouched.
        assert_eq!(read(&table), full);
    }
    // The same start resumes (nothing left to run), and a table without a start refuses one.
    let same = run(with(&["--start", "M0@none", "--resume", &table]));
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert_eq!(read(&table), full);
    ok(&with(&["--out", &table])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    let out = run(with(&["--start", "M0@none", "--resume", &table]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("its rows start from a uniformly random state"),
        "{stderr}"
    );
}

#[test]
fn the_output_does_not_depend_on_the_number_of_workers() {
    let dir = Scratch::new("screen-jobs");
    let args = [
        "--order",
        "2",
        "--nodes",
        "SMAD7,SMAD3,PTEN,AKT,NFKB,STAT3",
        "--condition",
        "drug",
        "--condition",
        "infection",
        "--update",
        "both",
        "--format",
        "json",
    ];
    let mut runs = Vec::new();
    for jobs in ["1", "3"] {
        let table = dir.path(&format!("jobs{jobs}.csv"));
        let mut a = args.to_vec();
        a.extend_from_slice(&["--jobs", jobs, "--out", &table]);
        let json = ok(&a);
        runs.push((json, read(&table)));
    }
    assert!(runs[0].1.starts_with(CSV_HEADER));
    assert!(runs[0].1.lines().count() > 72 * 4, "{}", runs[0].1);
    assert_eq!(
        runs[0].0, runs[1].0,
        "JSON differs between --jobs 1 and --jobs 3"
    );
    assert_eq!(
        runs[0].1, runs[1].1,
        "CSV differs between --jobs 1 and --jobs 3"
    );
}

#[test]
fn a_resumed_screen_keeps_the_estimates_of_its_rows() {
    // Sampled shares are estimates; rows read back must keep their walk counts, or the
    // resumed sets' verdicts would treat them as exact.
    let dir = Scratch::new("screen-estimates");
    let (full, part) = (dir.path("full.csv"), dir.path("part.csv"));
    let sampled = [
        "--nodes",
        "SMAD3,NFKB",
        "--condition",
        "none",
        "--condition",
        "drug",
        "--engine",
        "sample",
        "--samples",
        "500",
        "--seed",
        "7",
    ];
    let mut args = sampled.to_vec();
    args.extend_from_slice(&["--out", &full]);
    let whole = String::from_utf8(ok(&args)).unwrap();
    let table = read(&full);
    // SMAD3=0 and SMAD3=1 (the last set of a file is always run again).
    let kept: Vec<&str> = table
        .lines()
        .take_while(|l| !l.starts_with("NFKB"))
        .collect();
    assert!(
        kept.iter()
            .any(|l| l.starts_with("SMAD3=1,") && !l.ends_with(",,,,")),
        "the table has estimated rows:\n{table}"
    );
    std::fs::write(&part, kept.join("\n") + "\n").unwrap();
    let mut args = sampled.to_vec();
    args.extend_from_slice(&["--resume", &part]);
    let resumed = String::from_utf8(ok(&args)).unwrap();
    let report = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with("screen ") && !l.starts_with("resumed "))
            .map(str::to_string)
            .collect()
    };
    assert!(whole.contains('~'), "{whole}");
    assert_eq!(report(&resumed), report(&whole));
    assert_eq!(read(&part), table);
}
