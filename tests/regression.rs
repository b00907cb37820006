//! Regression tests, one per bug, named after the issue that found it (`issue_<n>_...`).

use std::fmt::Write as _;
use std::os::unix::process::CommandExt;
use std::process::{Command, Output};

/// Runs `basin` with `args` from the repository root, its address space limited to `bytes`.
fn basin_within(bytes: u64, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_basin"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    // SAFETY: only setrlimit, which is async-signal-safe, runs between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.output().expect("basin runs")
}

/// Issue #10: under an address-space limit (`ulimit -v`, a batch scheduler's memory cap) the
/// default memory limit was read from physical memory alone, so an exhaustive search the limit
/// could not hold was started and died on a failed allocation (an abort, no message) instead of
/// being refused with its figures. The default now stays within 80% of the address-space limit.
#[test]
fn issue_10_the_default_memory_limit_respects_the_address_space_limit() {
    let n = 31;
    let mut model = String::from("targets, factors\n");
    for i in 0..n {
        let _ = writeln!(model, "x{i}, x{} & !x{}", (i * 7 + 1) % n, (i * 13 + 5) % n);
    }
    let dir = std::env::temp_dir().join(format!("basin-issue-10-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("wide.bnet");
    std::fs::write(&path, model).unwrap();
    let path = path.to_string_lossy().into_owned();
    // 2^31 states need 8.5 GiB synchronously and 1.9 GiB asynchronously; 1 GiB of address
    // space holds neither.
    for update in ["sync", "async"] {
        // The explicit engine's refusal (the default engine would answer symbolically).
        let out = basin_within(
            1 << 30,
            &[
                "attractors",
                &path,
                "--update",
                update,
                "--engine",
                "explicit",
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{update}: {:?}\n{stderr}",
            out.status
        );
        assert!(stderr.contains("error: refused: "), "{update}: {stderr}");
        assert!(stderr.contains("are allowed"), "{update}: {stderr}");
        assert!(!stderr.contains("memory allocation"), "{update}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue #10 (found by the `parse_aeon` fuzz target in CI, input in
/// `tests/data/fuzz/parse_aeon-slow-unit-4ab12fa5.aeon`): AEON's `^` is read as and/or/not over
/// shared operands, and the writers wrote every shared operand out again, so a 1 kB file with a
/// chain of `^` converted to 204 MB of text (and a chain of 40 to 2^40 bytes). Text that would
/// exceed the writer's limit is now refused before anything is written, with the figures; AEON
/// output writes the exclusive ors as `^` again.
#[test]
fn issue_10_a_chain_of_xor_is_refused_when_its_text_would_explode() {
    let mut rule = String::from("$A: V0");
    let mut declared = String::new();
    for i in 1..40 {
        let _ = write!(rule, " ^ V{i}");
    }
    for i in 0..40 {
        let _ = writeln!(declared, "$V{i}: V{i}");
    }
    let dir = std::env::temp_dir().join(format!("basin-regression-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("xor40.aeon");
    std::fs::write(&path, format!("{declared}{rule}\n")).unwrap();
    for to in ["bnet", "booleannet"] {
        let o = basin_within(2 << 30, &["convert", path.to_str().unwrap(), "--to", to]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "--to {to}: {err}");
        assert!(o.stdout.is_empty(), "--to {to}: nothing is written");
        assert!(
            err.contains("refused: writing the model") && err.contains("'A'"),
            "--to {to}: {err}"
        );
    }
    // AEON has `^`: written compactly, and written again identically after reading it back.
    let o = basin_within(
        2 << 30,
        &["convert", path.to_str().unwrap(), "--to", "aeon"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.len() < 4096, "{} bytes", o.stdout.len());
    let written = String::from_utf8(o.stdout).unwrap();
    assert_eq!(written.matches(" ^ ").count(), 39, "{written}");
    let again_path = dir.join("xor40-again.aeon");
    std::fs::write(&again_path, &written).unwrap();
    let o = basin_within(
        2 << 30,
        &["convert", again_path.to_str().unwrap(), "--to", "aeon"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), written);
    // The fuzzer's input: refused the same way, immediately.
    let o = basin_within(
        2 << 30,
        &[
            "convert",
            "tests/data/fuzz/parse_aeon-slow-unit-4ab12fa5.aeon",
            "--free-inputs",
            "--to",
            "bnet",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A short chain still converts, with the same truth table.
    let short = dir.join("xor3.aeon");
    std::fs::write(&short, "$B: B\n$C: C\n$D: D\n$A: B ^ C ^ D\n").unwrap();
    let o = basin_within(
        2 << 30,
        &["convert", short.to_str().unwrap(), "--to", "bnet"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.lines().any(|l| l.starts_with("A, ")), "{text}");
}
