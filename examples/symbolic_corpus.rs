//! Times the symbolic engine on every corpus model: asynchronous attractors (counted, no
//! basins) with a time limit per model, one line per model, then the coverage.
//!
//! `cargo run --release --example symbolic_corpus -- [--seconds S] [--sync] [--noreduce]
//! [--file-order] [--fixed-points] [DIR | MODEL.bnet]...` (defaults: 60 s, asynchronous,
//! `../shared/corpus`, BDD variables in the engine's default order). Each model runs
//! alone; the limit is enforced through the engine's cancel flag. Output: one line per model,
//! `id<TAB>seconds<TAB>counts` or `id<TAB>failed<TAB>seconds<TAB>reason`.

use basin::attractor::UpdateScheme;
use basin::cancel::Cancel;
use basin::parse::{Format, ParseOptions, parse_str};
use basin::symbolic::{
    AttractorCounts, SymbolicConfig, VariableOrder, count_attractors, count_fixed_points,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static FIXED_ONLY: AtomicBool = AtomicBool::new(false);

fn main() {
    let mut limit = 60.0;
    let mut update = UpdateScheme::Asynchronous;
    let mut reduce = true;
    let mut order = VariableOrder::Auto;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => limit = args.next().and_then(|s| s.parse().ok()).expect("seconds"),
            "--sync" => update = UpdateScheme::Synchronous,
            "--noreduce" => reduce = false,
            "--file-order" => order = VariableOrder::File,
            "--fixed-points" => FIXED_ONLY.store(true, Ordering::SeqCst),
            path => paths.push(path.into()),
        }
    }
    if paths.is_empty() {
        paths.push("../shared/corpus".into());
    }
    main_with(paths, limit, update, reduce, order);
}

fn main_with(
    paths: Vec<std::path::PathBuf>,
    limit: f64,
    update: UpdateScheme,
    reduce: bool,
    order: VariableOrder,
) {
    let paths: Vec<std::path::PathBuf> = paths
        .into_iter()
        .flat_map(|p| -> Vec<std::path::PathBuf> {
            if !p.is_dir() {
                return vec![p];
            }
            let mut found: Vec<_> = std::fs::read_dir(&p)
                .expect("corpus directory")
                .map(|e| e.expect("entry").path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "bnet")
                        && !p.to_string_lossy().ends_with(".free-inputs.bnet")
                })
                .collect();
            found.sort();
            found
        })
        .collect();
    let (mut done, mut total) = (0, 0);
    for path in &paths {
        total += 1;
        let id = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).expect("read model");
        let net = match parse_str(&text, &ParseOptions::new(Format::Bnet)) {
            Ok(m) => m.network,
            Err(e) => {
                println!("{id}\terror\t{e}");
                continue;
            }
        };
        let config = SymbolicConfig {
            basins: false,
            reduce,
            order,
            max_memory: Some(4 << 30),
            cancel: Cancel::new().with_timeout(Some(Duration::from_secs_f64(limit))),
            ..SymbolicConfig::default()
        };
        let start = Instant::now();
        let result = if FIXED_ONLY.load(Ordering::SeqCst) {
            count_fixed_points(&net, &[], &config).map(|fixed_points| AttractorCounts {
                fixed_points,
                others: Vec::new(),
            })
        } else {
            count_attractors(&net, &[], update, &config)
        };
        let secs = start.elapsed().as_secs_f64();
        match result {
            Ok(c) => {
                done += 1;
                println!(
                    "{id}\t{secs:.3}\tfixed_points={}\tothers={}\tsizes={:?}",
                    c.fixed_points,
                    c.others.len(),
                    c.others
                        .iter()
                        .take(5)
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                );
            }
            Err(e) => println!("{id}\tfailed\t{secs:.3}\t{e}"),
        }
    }
    println!("finished {done} of {total} within {limit} s");
}
