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

/// A switch with an input and a free node: under `off` (I = 0) three asynchronous attractors
/// whose weak basins overlap (so shares need reach probabilities, exact or estimated by random
/// walks), under `on` (I = 1) one fixed point.
pub const SWITCH_MODEL: &str = "targets, factors\nI, I\nA, !B | I\nB, !A & !I\nR, A\nE, E | A\n";

/// The switch's phenotypes (`high` where the read-out R is on) and its two conditions.
pub const SWITCH_PHENOTYPES: &str = "default = \"low\"\n[phenotypes]\nhigh = \"R\"\n[conditions]\noff = { I = 0 }\non = { I = 1 }\n";
