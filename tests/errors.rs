//! The command line on bad and extreme input: golden tests for the exact text of the error
//! messages (`tests/data/bad/*` against `tests/expected/*.stderr`, exit code 2, nothing on
//! stdout), and rules far deeper and larger than any published one, which must be read and
//! checked within seconds or refused with the limit stated — never a panic or stack overflow.
//!
//! To rewrite the expected files after an intended change of wording, run
//! `BASIN_BLESS=1 cargo test --test errors` and review the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `basin` with `args` from the repository root.
fn basin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_basin"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("basin runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every bad file and what it shows (each a distinct message).
const CASES: &[(&str, &str)] = &[
    (
        "undefined_name.bnet",
        "undefined name with a 'did you mean' hint",
    ),
    (
        "duplicate_target.bnet",
        "duplicate target naming both lines",
    ),
    ("unclosed_paren.bnet", "'(' never closed"),
    ("unmatched_paren.bnet", "')' without '('"),
    ("trailing_operator.bnet", "operator at the end of the line"),
    ("double_ampersand.bnet", "'&&' in bnet"),
    ("double_ampersand.aeon", "'&&' in AEON"),
    ("tilde.bnet", "'~' for negation"),
    ("xor.bnet", "xor in bnet"),
    ("digit_name.bnet", "a name starting with a digit"),
    (
        "booleannet_content.bnet",
        "BooleanNet content in a .bnet file",
    ),
    ("c_operators.booleannet", "'&' in BooleanNet"),
    ("empty.bnet", "an empty file"),
    ("invalid_utf8.bnet", "bytes that are not UTF-8"),
    ("binary.bnet", "a binary file"),
    (
        "missing_function.aeon",
        "an AEON variable without a function",
    ),
];

#[test]
fn error_messages_match_the_golden_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("BASIN_BLESS").is_some();
    let mut listed: Vec<&str> = CASES.iter().map(|(f, _)| *f).collect();
    listed.sort_unstable();
    let mut present: Vec<String> = std::fs::read_dir(root.join("tests/data/bad"))
        .expect("tests/data/bad")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    present.sort_unstable();
    assert_eq!(present, listed, "every bad file has a case and vice versa");

    let mut failures = String::new();
    for (file, what) in CASES {
        let path = format!("tests/data/bad/{file}");
        let out = basin(&["check", &path]);
        let stderr = text(&out.stderr);
        let expected_path = root.join(format!("tests/expected/{file}.stderr"));
        if bless {
            std::fs::write(&expected_path, &stderr).expect("write expected");
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("missing {}", expected_path.display()));
        if out.status.code() != Some(2) {
            let _ = writeln!(failures, "{file} ({what}): exit {:?}, not 2", out.status);
        }
        if !out.stdout.is_empty() {
            let _ = writeln!(failures, "{file}: wrote to stdout: {}", text(&out.stdout));
        }
        if stderr != expected {
            let _ = writeln!(
                failures,
                "{file} ({what}):\n--- expected ---\n{expected}--- got ---\n{stderr}"
            );
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn an_undefined_name_reports_line_column_and_hint() {
    // The acceptance criterion of issue #2, spelled out.
    let out = basin(&["check", "tests/data/bad/undefined_name.bnet"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("line 4, column 13: undefined variable 'TNFA'"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: did you mean 'TNFa'?"), "{stderr}");
    let ok = basin(&[
        "check",
        "--free-inputs",
        "tests/data/bad/undefined_name.bnet",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("inputs: 2 (TNFa, TNFA); 1 made by --free-inputs"));
}

/// A scratch directory for generated models, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("basin-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    fn write(&self, file: &str, content: &str) -> String {
        let path = self.0.join(file);
        std::fs::write(&path, content).expect("write model");
        path.to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `n` inputs `x0..x{n-1}` as bnet lines.
fn inputs(n: usize) -> String {
    let mut s = String::from("targets, factors\n");
    for i in 0..n {
        let _ = writeln!(s, "x{i}, x{i}");
    }
    s
}

fn check_ok(path: &str) -> String {
    let out = basin(&["check", path]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    text(&out.stdout)
}

#[test]
fn a_rule_nested_100_000_levels_deep_is_read_and_analysed() {
    let depth = 100_000;
    let scratch = Scratch::new("deep");
    // Parentheses only.
    let mut model = inputs(2);
    let _ = writeln!(
        model,
        "T, {}x0 & !x1{}",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let out = check_ok(&scratch.write("parens.bnet", &model));
    assert!(
        out.contains("regulations: 2 (1 activating, 1 inhibiting"),
        "{out}"
    );
    // Operators at every level: T = !(x0 & !(x1 | !(x0 & ...))).
    let mut model = inputs(2);
    model.push_str("T, ");
    for i in 0..depth {
        model.push_str(if i % 2 == 0 { "!(x0 & " } else { "!(x1 | " });
    }
    model.push_str("x2");
    model.push_str(&")".repeat(depth));
    model.push_str("\nx2, x2\n");
    let out = check_ok(&scratch.write("operators.bnet", &model));
    assert!(out.contains("variables: 4"), "{out}");
    assert!(out.contains("regulations: 3 ("), "{out}");
}

#[test]
fn a_10_mb_rule_is_read_and_analysed_or_refused_with_the_limit() {
    let scratch = Scratch::new("large");
    let target = 10 << 20;
    // A 10 MB disjunction whose function is small: analysed exactly.
    let mut model = inputs(40);
    model.push_str("T, x0");
    let mut i = 1;
    while model.len() < target {
        let _ = write!(model, " | !x{}", i % 39 + 1);
        i += 1;
    }
    model.push('\n');
    let out = check_ok(&scratch.write("or.bnet", &model));
    assert!(
        out.contains("regulations: 40 (1 activating, 39 inhibiting, 0 dual, 0 non-essential)"),
        "{out}"
    );

    // A 10 MB rule whose BDD needs 2^30 nodes (x_i paired with x_(i+30), far apart in the
    // variable order): refused with the limit stated, the rest of the report intact.
    let mut model = inputs(60);
    model.push_str("T, (x0 & x30)");
    let mut i = 1;
    while model.len() < target {
        let _ = write!(model, " | (x{} & x{})", i % 30, i % 30 + 30);
        i += 1;
    }
    model.push('\n');
    let out = check_ok(&scratch.write("pairs.bnet", &model));
    assert!(out.contains("variables: 61"), "{out}");
    assert!(
        out.contains("the function of T was not analysed (BDD larger than 100000 nodes)"),
        "{out}"
    );
    assert!(out.contains("60 not analysed"), "{out}");
}
