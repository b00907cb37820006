//! Screens split into shards (`basin screen --shard I/N --out PART`) and merged back (`basin
//! merge PARTS… -o TABLE`): for N in 1, 2, 3 and 7 the merged table is the unsplit screen's,
//! byte for byte, as CSV and as JSON Lines (parts written in either); a shard resumed after a
//! kill is the same shard; parts that are missing, given twice, cut short, or from another
//! model or other options are refused with exit 2 and the shard to run.

use std::path::PathBuf;
use std::process::{Command, Output};

const MODEL: &str = "networks/mronj_macrophage.bnet";
const PHENOTYPES: &str = "networks/mronj_macrophage.toml";
/// The showcase, order 1 over every node, under two named conditions and both updates: 60
/// perturbation sets.
const SHOWCASE: &[&str] = &[
    "--order",
    "1",
    "--condition",
    "drug+TGFb",
    "--condition",
    "infection",
    "--update",
    "both",
];

/// A small network with an input, all its conditions (generated) and every order-2 set.
const SMALL_MODEL: &str = "I, I\nA, !B | I\nB, !A\nC, A & B | !C\nD, C | A\n";
const SMALL_PHENOTYPES: &str = "[groups]\nX = [\"A\"]\nY = [\"B\", \"D\"]\n[labels]\nX = \"X & !Y\"\nY = \"Y & !X\"\nXY = \"X & Y\"\n";
const SMALL: &[&str] = &["--order", "2", "--all-conditions", "--update", "both"];

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

fn basin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("basin runs")
}

fn ok(args: &[&str]) {
    let out = basin(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "basin {}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `args`, expects exit 2, and returns stderr.
fn refused(args: &[&str]) -> String {
    let out = basin(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "basin {}\n{stderr}",
        args.join(" ")
    );
    stderr
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A screen: its model, phenotypes and options.
struct Case<'a> {
    model: String,
    phenotypes: String,
    options: &'a [&'a str],
}

impl Case<'_> {
    fn screen(&self, extra: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = vec![
            "screen".into(),
            self.model.clone(),
            "--phenotypes".into(),
            self.phenotypes.clone(),
        ];
        args.extend(self.options.iter().map(|s| s.to_string()));
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    }

    fn run(&self, extra: &[&str]) {
        let args = self.screen(extra);
        ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }

    fn refused(&self, extra: &[&str]) -> String {
        let args = self.screen(extra);
        refused(&args.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// Runs the N shards (odd ones to CSV, even ones to JSON Lines) and returns their paths.
    fn shards(&self, dir: &Scratch, tag: &str, n: usize) -> Vec<String> {
        (1..=n)
            .map(|i| {
                let ext = if i % 2 == 1 { "csv" } else { "jsonl" };
                let part = dir.path(&format!("{tag}-{i}-of-{n}.{ext}"));
                self.run(&["--shard", &format!("{i}/{n}"), "--out", &part]);
                part
            })
            .collect()
    }
}

fn merge(parts: &[String], output: &str) -> Output {
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(String::as_str));
    args.extend(["-o", output]);
    basin(&args)
}

fn merged(parts: &[String], output: &str) -> Vec<u8> {
    let out = merge(parts, output);
    assert_eq!(
        out.status.code(),
        Some(0),
        "basin merge {parts:?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    read(output)
}

fn check_merges_byte_for_byte(case: &Case, name: &str) {
    let dir = Scratch::new(&format!("shard-{name}"));
    let (csv, jsonl) = (dir.path("whole.csv"), dir.path("whole.jsonl"));
    case.run(&["--out", &csv]);
    case.run(&["--out", &jsonl]);
    let (csv, jsonl) = (read(&csv), read(&jsonl));
    assert!(
        csv.len() > 1000,
        "a real table:\n{}",
        String::from_utf8_lossy(&csv)
    );
    for n in [1, 2, 3, 7] {
        let mut parts = case.shards(&dir, "part", n);
        // Any order on the command line.
        parts.reverse();
        let to = |ext: &str| dir.path(&format!("merged-{n}.{ext}"));
        assert!(merged(&parts, &to("csv")) == csv, "{name}: {n} shards, CSV");
        assert!(
            merged(&parts, &to("jsonl")) == jsonl,
            "{name}: {n} shards, JSON Lines"
        );
    }
}

fn small(dir: &Scratch) -> Case<'static> {
    let model = dir.path("small.bnet");
    let phenotypes = dir.path("small.toml");
    std::fs::write(&model, SMALL_MODEL).unwrap();
    std::fs::write(&phenotypes, SMALL_PHENOTYPES).unwrap();
    Case {
        model,
        phenotypes,
        options: SMALL,
    }
}

fn showcase() -> Case<'static> {
    Case {
        model: MODEL.into(),
        phenotypes: PHENOTYPES.into(),
        options: SHOWCASE,
    }
}

#[test]
fn merged_shards_are_the_unsplit_showcase_table_byte_for_byte() {
    check_merges_byte_for_byte(&showcase(), "showcase");
}

#[test]
fn merged_shards_are_the_unsplit_small_table_byte_for_byte() {
    let files = Scratch::new("shard-small-files");
    check_merges_byte_for_byte(&small(&files), "small");
}

#[test]
fn screen_merge_is_basin_merge() {
    let dir = Scratch::new("shard-screen-merge");
    let case = small(&dir);
    let parts = case.shards(&dir, "part", 3);
    let whole = merged(&parts, &dir.path("whole.csv"));
    let to = dir.path("via-screen.csv");
    let mut args = vec!["screen", "--merge"];
    args.extend(parts.iter().map(String::as_str));
    args.extend(["-o", &to]);
    let out = basin(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(read(&to) == whole, "basin screen --merge = basin merge");
    // A screen flag a merge does not take is refused as bad input.
    let mut args = vec!["screen", "--merge", "--order", "2"];
    args.extend(parts.iter().map(String::as_str));
    assert_eq!(basin(&args).status.code(), Some(2));
}

#[test]
fn a_shard_cut_short_resumes_to_the_same_part() {
    let dir = Scratch::new("shard-resume");
    let case = small(&dir);
    let parts = case.shards(&dir, "part", 3);
    let whole = merged(&parts, &dir.path("whole.csv"));
    // A kill part-way: the table loses its last lines (and a row cut in two), the header is
    // still the one written at the start (not complete).
    let text = String::from_utf8(read(&parts[0])).unwrap();
    let keep = text.len() * 2 / 5;
    std::fs::write(&parts[0], &text[..keep]).unwrap();
    let header = format!("{}.shard.json", parts[0]);
    let h = String::from_utf8(read(&header)).unwrap();
    std::fs::write(
        &header,
        h.replace("\"complete\": true", "\"complete\": false"),
    )
    .unwrap();
    let e = String::from_utf8_lossy(&merge(&parts, &dir.path("cut.csv")).stderr).into_owned();
    assert!(
        e.contains("did not run to the end") && e.contains("--shard 1/3"),
        "{e}"
    );
    case.run(&["--shard", "1/3", "--resume", &parts[0]]);
    assert!(merged(&parts, &dir.path("resumed.csv")) == whole);
    // Resuming a part as another shard is refused.
    let e = case.refused(&["--shard", "2/3", "--resume", &parts[0]]);
    assert!(e.contains("shard 1/3"), "{e}");
}

#[test]
fn parts_that_do_not_make_one_screen_are_refused() {
    let dir = Scratch::new("shard-refused");
    let case = small(&dir);
    let parts = case.shards(&dir, "part", 3);
    let refuse = |parts: &[String]| {
        let out = merge(parts, &dir.path("merged.csv"));
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            !std::path::Path::new(&dir.path("merged.csv")).exists(),
            "nothing is written"
        );
        stderr
    };
    let e = refuse(&[parts[0].clone(), parts[2].clone()]);
    assert!(
        e.contains("shard 2/3 missing") && e.contains("--shard 2/3 --out PART"),
        "{e}"
    );
    // Two missing: one remedy naming both, each with its own --out.
    let e = refuse(&[parts[1].clone()]);
    assert!(
        e.contains("shards 1/3, 3/3 missing") && e.contains("--shard I/3 --out PART for I = 1, 3"),
        "{e}"
    );
    let e = refuse(&[parts[0].clone(), parts[1].clone(), parts[1].clone()]);
    assert!(e.contains("shard 2/3 is given twice"), "{e}");
    // Other options: synchronous update only.
    let other = dir.path("other.csv");
    let sync = Case {
        options: &["--order", "2", "--all-conditions", "--update", "sync"],
        ..small(&dir)
    };
    sync.run(&["--shard", "2/3", "--out", &other]);
    let e = refuse(&[parts[0].clone(), other.clone(), parts[2].clone()]);
    assert!(
        e.contains("not from the same screen") && e.contains("other options"),
        "{e}"
    );
    // Another model: one rule differs.
    let changed = dir.path("changed.bnet");
    std::fs::write(&changed, SMALL_MODEL.replace("D, C | A", "D, C & A")).unwrap();
    let foreign = dir.path("foreign.csv");
    Case {
        model: changed,
        ..small(&dir)
    }
    .run(&["--shard", "3/3", "--out", &foreign]);
    let e = refuse(&[parts[0].clone(), parts[1].clone(), foreign]);
    assert!(e.contains("another model"), "{e}");
    // Another split.
    let four = dir.path("four.csv");
    case.run(&["--shard", "3/4", "--out", &four]);
    let e = refuse(&[parts[0].clone(), parts[1].clone(), four]);
    assert!(e.contains("split into 4 shards against 3"), "{e}");
    // A table whose header is missing.
    std::fs::remove_file(format!("{}.shard.json", parts[2])).unwrap();
    let e = refuse(&parts);
    assert!(e.contains("has no shard header"), "{e}");
    // --shard without --out.
    let e = case.refused(&["--shard", "1/2", "--format", "csv"]);
    assert!(e.contains("--shard needs --out"), "{e}");
    let e = case.refused(&["--shard", "3/2", "--out", &dir.path("x.csv")]);
    assert!(e.contains("3/2"), "{e}");
}
