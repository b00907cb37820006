//! Tells the tests whether the corpus of published models is here.
//!
//! The known-answer tests read `../shared/corpus` (or `$BASIN_CORPUS`). Where it is absent they
//! are compiled as ignored, with the reason, so the test summary shows them as not run instead
//! of passing silently; `tests/parse.rs` then fails under `CI` (which must have the corpus).

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(corpus_missing)");
    println!("cargo::rerun-if-env-changed=BASIN_CORPUS");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dir = std::env::var_os("BASIN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../shared/corpus"));
    // Rerun when the corpus appears or goes: watch the nearest folder that exists.
    let watched = dir.ancestors().find(|p| p.is_dir()).unwrap_or(&manifest);
    println!("cargo::rerun-if-changed={}", watched.display());
    if !dir.join("README.md").is_file() {
        println!("cargo::rustc-cfg=corpus_missing");
    }
}
