//! The bad-input suite of issue #10, through the command line: every case asserts the exit code
//! and the message, and runs under a deadline and an address-space limit, so a hang, a panic or
//! an unbounded allocation fails the test instead of the machine.
//!
//! `tests/errors.rs` holds the golden messages of `basin check` for the malformed files in
//! `tests/data/bad/` and reads the 100 000-deep and 10 MB rules with `check`; this suite adds
//! what those do not cover: files with nothing to read (only comments, a header only), every
//! malformed file through the commands that explore (`attractors`, `knockout`, `screen`,
//! `convert`), exploring the deep and the huge rule, an undefined name with and without
//! `--free-inputs` through `attractors`, 10 000 variables, refusals with their figures,
//! phenotype and condition files naming the wrong nodes, unknown perturbations, and bad values
//! of the resource flags.

use std::fmt::Write as _;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MODEL: &str = "networks/mronj_macrophage.bnet";
const PHENOTYPES: &str = "networks/mronj_macrophage.toml";
/// The most address space a run may map: far below the machine's memory, far above what any
/// of these inputs needs.
const ADDRESS_SPACE: u64 = 4 << 30;
/// The most time a run may take.
const DEADLINE: Duration = Duration::from_secs(60);

/// What a run gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `basin` with `args` from the repository root under [`DEADLINE`] and
/// [`ADDRESS_SPACE`]; a run past the deadline is killed and fails the test.
fn basin(args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_basin"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: only setrlimit, which is async-signal-safe, runs between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("basin starts");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("basin {} hung: killed after {DEADLINE:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    let run = Run {
        code: status.code(),
        stdout: text(reader.join().expect("stdout reader")),
        stderr: text(err_reader.join().expect("stderr reader")),
        elapsed,
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("memory allocation"),
        "basin {}: {}",
        args.join(" "),
        run.stderr
    );
    run
}

/// Requires exit 2, nothing on stdout, and every piece of `message` on stderr.
fn refused(args: &[&str], message: &[&str]) -> Run {
    let run = basin(args);
    assert_eq!(
        run.code,
        Some(2),
        "basin {}: exit {:?}\n{}",
        args.join(" "),
        run.code,
        run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "basin {}: {}",
        args.join(" "),
        run.stdout
    );
    for m in message {
        assert!(
            run.stderr.contains(m),
            "basin {}: '{m}' not in\n{}",
            args.join(" "),
            run.stderr
        );
    }
    run
}

/// Requires exit 0 and returns stdout.
fn ok(args: &[&str]) -> String {
    let run = basin(args);
    assert_eq!(
        run.code,
        Some(0),
        "basin {}: exit {:?}\n{}",
        args.join(" "),
        run.code,
        run.stderr
    );
    run.stdout
}

/// A scratch directory for generated inputs, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("basin-bad-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    fn write(&self, file: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.0.join(file);
        std::fs::write(&path, content).expect("write input");
        path.to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn files_with_no_rule_are_refused_by_every_command() {
    let dir = Scratch::new("empty");
    for (file, content) in [
        ("only_comments.bnet", "# a model\n\n# nothing else\n"),
        ("header_only.bnet", "targets, factors\n"),
        ("header_and_comments.bnet", "targets, factors\n# TODO\n\n"),
        ("blank.bnet", "\n \n\t\n"),
    ] {
        let path = dir.write(file, content);
        for command in ["check", "attractors"] {
            refused(&[command, &path], &["the model holds no rules"]);
        }
        refused(
            &["screen", &path, "--phenotypes", PHENOTYPES],
            &["the model holds no rules"],
        );
    }
}

#[test]
fn malformed_files_are_refused_alike_by_every_command() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad");
    let mut files: Vec<String> = std::fs::read_dir(&root)
        .expect("tests/data/bad")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort_unstable();
    assert!(files.len() >= 15, "{files:?}");
    for file in &files {
        let path = format!("tests/data/bad/{file}");
        let check = refused(&["check", &path], &["error: "]);
        let first = check.stderr.lines().next().expect("a message").to_string();
        for args in [
            vec!["attractors", path.as_str()],
            vec!["attractors", path.as_str(), "--update", "async"],
            vec!["convert", path.as_str(), "--to", "bnet"],
            vec![
                "knockout",
                path.as_str(),
                "--perturb",
                "A=0",
                "--phenotypes",
                PHENOTYPES,
            ],
            vec!["screen", path.as_str(), "--phenotypes", PHENOTYPES],
        ] {
            refused(&args, &[&first]);
        }
    }
}

#[test]
fn an_undefined_name_is_an_error_unless_free_inputs_makes_it_an_input() {
    let path = "tests/data/bad/undefined_name.bnet";
    refused(
        &["attractors", path],
        &[
            "line 4, column 13: undefined variable 'TNFA'",
            "did you mean 'TNFa'?",
        ],
    );
    let out = ok(&["attractors", path, "--free-inputs", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let vars = doc["variables"].as_array().expect("variables");
    assert!(vars.iter().any(|v| v == "TNFA"), "{out}");
    assert!(!doc["attractors"].as_array().expect("attractors").is_empty());
}

#[test]
fn a_rule_nested_100_000_deep_is_explored() {
    let dir = Scratch::new("deep");
    let depth = 100_000;
    let mut model = String::from("targets, factors\nx0, x0\nx1, x1\n");
    let _ = writeln!(
        model,
        "T, {}x0 & !x1{}",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    // A chain of operators, one per level, reading T: U = !(x0 & !(x1 | !(... T))).
    model.push_str("U, ");
    for i in 0..depth {
        model.push_str(if i % 2 == 0 { "!(x0 & " } else { "!(x1 | " });
    }
    model.push('T');
    model.push_str(&")".repeat(depth));
    model.push('\n');
    let path = dir.write("deep.bnet", &model);
    for update in ["sync", "async"] {
        let out = ok(&["attractors", &path, "--update", update, "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        // x0, x1 free inputs: four conditions, one fixed point each (T = x0 & !x1).
        let attractors = doc["attractors"].as_array().expect("attractors");
        assert_eq!(attractors.len(), 4, "{update}: {out}");
        for a in attractors {
            let p = a["pattern"].as_str().expect("pattern");
            let t = (&p[0..1] == "1" && &p[1..2] == "0") as u8;
            assert_eq!(&p[2..3], t.to_string(), "{update}: {p}");
        }
    }
}

#[test]
fn a_10_mb_rule_is_explored() {
    let dir = Scratch::new("huge");
    let target = 10 << 20;
    // T = x0 | !x1 | x2 | ... over three inputs, 10 MB long; its function is x0 | !x1 | x2.
    let mut model = String::from("targets, factors\nx0, x0\nx1, x1\nx2, x2\nT, x0");
    let mut i = 1;
    while model.len() < target {
        model.push_str(match i % 3 {
            0 => " | x0",
            1 => " | !x1",
            _ => " | (x2 & x2)",
        });
        i += 1;
    }
    model.push('\n');
    let path = dir.write("huge.bnet", &model);
    for update in ["sync", "async"] {
        let run = basin(&["attractors", &path, "--update", update, "--format", "csv"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        // One fixed point per input combination; T = x0 | !x1 | x2.
        let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
        assert_eq!(rows.len(), 8, "{update}: {}", run.stdout);
        assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
    }
}

/// `n` variables `x0..x{n-1}`, each a function of two others.
fn ring(n: usize) -> String {
    let mut s = String::from("targets, factors\n");
    for i in 0..n {
        let _ = writeln!(s, "x{i}, x{} & !x{}", (i * 7 + 1) % n, (i * 13 + 5) % n);
    }
    s
}

#[test]
fn ten_thousand_variables_read_fine_and_exhaustive_exploration_is_refused_with_the_figures() {
    let dir = Scratch::new("wide");
    let path = dir.write("wide.bnet", ring(10_000));
    let out = ok(&["check", &path]);
    assert!(out.contains("variables: 10000"), "{out}");
    // The explicit engine's limits (the default engine would pick the symbolic one here).
    refused(
        &[
            "attractors",
            &path,
            "--engine",
            "explicit",
            "--update",
            "sync",
        ],
        &["10000 free variables", "2^127", "--input"],
    );
    refused(
        &[
            "attractors",
            &path,
            "--engine",
            "explicit",
            "--update",
            "async",
        ],
        &["10000 free variables", "2^127"],
    );
    let phenotypes = dir.write("p.toml", "[groups]\nA = [\"x0\"]\n[labels]\nA = \"A\"\n");
    refused(
        &[
            "screen",
            &path,
            "--phenotypes",
            &phenotypes,
            "--update",
            "sync",
            "--engine",
            "explicit",
            "--nodes",
            "x1,x2",
        ],
        &["10000 free variables"],
    );
    let converted = ok(&["convert", &path, "--to", "booleannet"]);
    assert_eq!(
        converted.lines().filter(|l| l.contains('=')).count(),
        10_000
    );
}

#[test]
fn a_space_too_large_for_memory_is_refused_before_allocating_with_the_figures() {
    let dir = Scratch::new("forty");
    let path = dir.write("forty.bnet", ring(40));
    refused(
        &[
            "attractors",
            &path,
            "--update",
            "sync",
            "--engine",
            "explicit",
        ],
        &["2^40 states", "needs 4.3 TiB", "--engine sample"],
    );
    refused(
        &[
            "attractors",
            &path,
            "--engine",
            "explicit",
            "--update",
            "async",
            "--max-memory",
            "1G",
        ],
        &["40 free core variables", "needs 896.0 GiB", "1.0 GiB"],
    );
    // A space that fits the machine but not the limit given.
    let small = dir.write("twenty.bnet", ring(24));
    refused(
        &[
            "attractors",
            &small,
            "--engine",
            "explicit",
            "--max-memory",
            "1M",
        ],
        &["needs", "only 1.0 MiB are allowed"],
    );
    refused(
        &[
            "attractors",
            &small,
            "--engine",
            "explicit",
            "--update",
            "async",
            "--max-memory",
            "100K",
        ],
        &["needs", "100.0 KiB"],
    );
    // Sampling needs no such memory.
    ok(&[
        "attractors",
        &path,
        "--method",
        "sample",
        "--samples",
        "100",
    ]);
}

#[test]
fn phenotype_and_condition_files_naming_the_wrong_nodes_are_refused() {
    let dir = Scratch::new("phenotypes");
    let unknown = dir.write(
        "unknown.toml",
        "[groups]\nM1 = [\"NOS2\", \"NOS3\"]\n[labels]\nM1 = \"M1\"\n",
    );
    refused(
        &["attractors", MODEL, "--phenotypes", &unknown],
        &["line 2, column 15: group 'M1': unknown node 'NOS3'"],
    );
    let unknown_in_label = dir.write(
        "label.toml",
        "[groups]\nM1 = [\"NOS2\"]\n[labels]\nM1 = \"M1 & !FOO\"\n",
    );
    refused(
        &["screen", MODEL, "--phenotypes", &unknown_in_label],
        &["label 'M1': unknown group or node 'FOO'"],
    );
    let non_input = dir.write(
        "conditions.toml",
        "[groups]\nM1 = [\"NOS2\"]\n[labels]\nM1 = \"M1\"\n[conditions]\nbad = { SMAD7 = 1 }\n",
    );
    refused(
        &[
            "knockout",
            MODEL,
            "--phenotypes",
            &non_input,
            "--perturb",
            "SMAD3=0",
        ],
        &[
            "condition 'bad': 'SMAD7' is not an input",
            "fix other nodes with a perturbation",
        ],
    );
    refused(
        &["attractors", MODEL, "--input", "SMAD7=1"],
        &["--input: 'SMAD7' is not an input", "use --perturb"],
    );
    refused(
        &[
            "knockout",
            MODEL,
            "--phenotypes",
            PHENOTYPES,
            "--perturb",
            "SMAD3=0",
            "--condition",
            "drugs",
        ],
        &["drugs"],
    );
    let broken = dir.write("broken.toml", "[groups\nM1 = 3\n");
    refused(
        &["attractors", MODEL, "--phenotypes", &broken],
        &["broken.toml"],
    );
    refused(
        &["attractors", MODEL, "--phenotypes", "no/such/file.toml"],
        &["no/such/file.toml"],
    );
}

#[test]
fn a_perturbation_of_an_unknown_node_is_refused_by_name() {
    refused(
        &["attractors", MODEL, "--perturb", "FOO=0"],
        &["--perturb 'FOO=0': unknown node 'FOO'"],
    );
    refused(
        &[
            "knockout",
            MODEL,
            "--phenotypes",
            PHENOTYPES,
            "--perturb",
            "SMAD7=0",
            "--perturb",
            "SMAD=1",
        ],
        &["unknown node 'SMAD'"],
    );
    refused(
        &["attractors", MODEL, "--perturb", "SMAD7=yes"],
        &["SMAD7=yes"],
    );
}

#[test]
fn bad_resource_flags_are_refused_by_name() {
    let base = [
        "screen",
        MODEL,
        "--phenotypes",
        PHENOTYPES,
        "--update",
        "sync",
    ];
    for (flag, value) in [
        ("--timeout", "10x"),
        ("--timeout", "soon"),
        ("--max-memory", "12Q"),
        ("--jobs", "0"),
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(&[flag, value]);
        refused(&args, &[flag, value]);
    }
    refused(
        &["attractors", MODEL, "--timeout=-3s"],
        &["--timeout", "-3s"],
    );
    // An --out file that cannot be created fails at once, naming it.
    let mut args = base.to_vec();
    args.extend_from_slice(&["--condition", "drug", "--out", "/nonexistent/dir/t.csv"]);
    refused(&args, &["/nonexistent/dir/t.csv"]);
}

#[test]
fn a_timeout_stops_a_long_exploration_with_exit_2() {
    let dir = Scratch::new("timeout");
    // 28 core variables: seconds of exhaustive search, far more than 100 ms.
    let path = dir.write("wide.bnet", ring(28));
    let run = refused(
        &["attractors", &path, "--timeout", "100ms"],
        &["timed out after 100ms", "nothing was written"],
    );
    assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
}

#[test]
fn a_screen_whose_table_cannot_fit_is_refused_with_the_figures() {
    refused(
        &[
            "screen",
            MODEL,
            "--phenotypes",
            PHENOTYPES,
            "--order",
            "3",
            "--all-conditions",
            "--update",
            "both",
            "--max-memory",
            "1G",
        ],
        &[
            "140410880 explorations (34280 perturbation sets × 2048 condition(s)",
            "535.6 GiB but only 1.0 GiB are allowed",
            "--order",
        ],
    );
    // Order 3 over 1000 nodes (1.3 billion sets) is refused for its count alone.
    let dir = Scratch::new("many-nodes");
    let mut model = String::from("targets, factors\n");
    for i in 0..1000 {
        let _ = writeln!(model, "x{i}, !x{}", (i + 1) % 1000);
    }
    let path = dir.write("ring.bnet", model);
    let phenotypes = dir.write("p.toml", "[groups]\nA = [\"x0\"]\n[labels]\nA = \"A\"\n");
    refused(
        &["screen", &path, "--phenotypes", &phenotypes, "--order", "3"],
        &["perturbation sets (order 3 over 1000 nodes); the limit is 10000000"],
    );
}
