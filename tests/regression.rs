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
        let out = basin_within(1 << 30, &["attractors", &path, "--update", update]);
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
