//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus of published models: `$BASIN_CORPUS`, else `../shared/corpus` next to the
/// repository, else `/work/shared/corpus`. `None` (after a loud line on stderr naming `what`) when
/// none exists.
pub fn corpus_dir(what: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("BASIN_CORPUS").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")),
        Some(PathBuf::from("/work/shared/corpus")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_dir());
    if found.is_none() {
        eprintln!("corpus not found, skipping {what}");
    }
    found
}
