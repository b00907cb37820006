//! The library without the command line: load the showcase network, explore it under one of its
//! named conditions with the default options, and label the attractors.
//!
//! ```sh
//! cargo run --example showcase -- drug+TGFb
//! ```
//!
//! Prints one line per attractor (label, reach probability, pattern); `basin attractors
//! networks/mronj_macrophage.bnet --phenotypes networks/mronj_macrophage.toml --condition
//! drug+TGFb` gives the same labels and shares.

use basin::condition::{ConditionFile, find};
use basin::parse::read_model;
use basin::phenotype::PhenotypeSpec;
use basin::{EngineOptions, UpdateScheme, explore};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let condition_name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "drug+TGFb".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = read_model(&root.join("networks/mronj_macrophage.bnet"), None, false)?;
    let net = &model.network;
    let phenotype_file = root.join("networks/mronj_macrophage.toml");
    let phenotypes = PhenotypeSpec::read(&phenotype_file)?.bind(net)?;
    let conditions = ConditionFile::read(&phenotype_file)?.bind(net)?;
    let condition = find(&conditions, &condition_name)?;
    let exploration = explore(
        net,
        condition.fixed(),
        UpdateScheme::Asynchronous,
        &EngineOptions::default(),
    )?;
    for (attractor, class) in exploration
        .attractors
        .iter()
        .zip(phenotypes.classify_all(&exploration))
    {
        let share = attractor.basin.share(&exploration.explored_states);
        println!(
            "{:<12} {:>8}  {}",
            class.label,
            share.map_or_else(|| "–".to_string(), |s| format!("{:.2}%", 100.0 * s)),
            attractor.pattern
        );
    }
    Ok(())
}
