//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The corpus of published models: `$BASIN_CORPUS`, else `<repo>/../shared/corpus`, else
/// `/work/shared/corpus`. When none exists, says so loudly on stderr (naming what is skipped)
/// and returns `None`.
pub fn corpus_dir(skipping: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("BASIN_CORPUS").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")),
        Some(PathBuf::from("/work/shared/corpus")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_dir());
    if found.is_none() {
        eprintln!("corpus not found, skipping {skipping}");
    }
    found
}
