//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus of published models with reference answers: `$BASIN_CORPUS`, else
/// `<repository>/../shared/corpus`, else `/work/shared/corpus`. When none exists, says loudly on
/// stderr that `skipped` corpus tests are skipped and returns `None`.
pub fn corpus_dir(skipped: usize) -> Option<PathBuf> {
    let candidates = std::env::var_os("BASIN_CORPUS")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
            PathBuf::from("/work/shared/corpus"),
        ]);
    for dir in candidates {
        if dir.is_dir() {
            return Some(dir);
        }
    }
    eprintln!("corpus not found, skipping {skipped} corpus tests (set BASIN_CORPUS)");
    None
}
