//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus of published models: `$BASIN_CORPUS`, else `../shared/corpus` next to the
/// repository. Tests that read it are compiled as ignored where it is absent
/// (`#[cfg_attr(corpus_missing, ignore = "...")]`), so reaching this without it is a bug.
///
/// # Panics
/// When the corpus is not there.
pub fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("BASIN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    assert!(
        dir.join("README.md").is_file(),
        "the corpus is not at {} although the build found it",
        dir.display()
    );
    dir
}
