//! Mutant-table benchmark: `basin test networks/mronj_macrophage.expect.toml --mutants
//! single-edits` minus parsing and output, on the single-edit mutants of the Smad nodes
//! (SMAD7, SMAD3, TGFBR, TGFB1: the mutants whose complex attractors dominate the whole table)
//! with every statement of the showcase's expectations. The baseline, in the same process, is
//! the same table with explorations not shared between mutants
//! (`check_variants_with(.., share = false)`): the ratio is what sharing buys. The whole table's
//! wall time (the 2-minute goal) is measured on the command itself; see
//! `benches/README.md` ("Mutant table") for the figures and the command.
//!
//! `cargo bench --bench mutants` runs ten flat samples of each (about three minutes in all).

use basin::EngineOptions;
use basin::condition::ConditionFile;
use basin::expect::ExpectationFile;
use basin::expect::variants::{Suite, Variant, check_variants_with, single_edit_mutants};
use basin::parse::read_model;
use basin::phenotype::PhenotypeSpec;
use criterion::{Criterion, SamplingMode, criterion_group};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("networks");
    let network = read_model(&dir.join("mronj_macrophage.bnet"), None, false)
        .expect("the showcase model parses")
        .network;
    let toml = dir.join("mronj_macrophage.toml");
    let spec = PhenotypeSpec::read(&toml).expect("the showcase phenotypes parse");
    let conditions = ConditionFile::read(&toml).expect("the showcase conditions parse");
    let file = ExpectationFile::read(&dir.join("mronj_macrophage.expect.toml"))
        .expect("the showcase expectations parse");
    let options = EngineOptions {
        max_memory: Some(basin::engine::default_max_memory()),
        ..EngineOptions::default()
    };
    let suite = Suite {
        statements: &file.statements,
        phenotypes: Some(&spec),
        conditions: Some(&conditions),
        explorer: &options,
    };
    let mut variants = vec![Variant::whole("model", network.clone())];
    variants.extend(single_edit_mutants(&network).into_iter().filter(|v| {
        ["SMAD7:", "SMAD3:", "TGFBR:", "TGFB1:"]
            .iter()
            .any(|p| v.name.starts_with(p))
    }));
    let mut group = c.benchmark_group("mutant_table");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(60));
    for (name, share) in [("shared", true), ("unshared_baseline", false)] {
        group.bench_function(format!("smad_mutants_{}/{name}", variants.len() - 1), |b| {
            b.iter(|| black_box(check_variants_with(&suite, &variants, &|_| {}, share)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
