//! Asynchronous explorer benchmarks: attractors with weak and strong basins on fixed-seed random
//! networks of k = 20, 24 and 28 core variables, and exact reach probabilities at k = 20.
//!
//! `cargo bench --bench async` runs the criterion groups. With `BASIN_ASYNC_TIME` set to a
//! whitespace-separated list of `.bnet` files it instead times each model (best of
//! `BASIN_ASYNC_REPEAT` runs, default 3; models whose reduced core exceeds
//! `BASIN_ASYNC_MAX_CORE` are listed with their core size only) and prints one tab-separated line per model:
//! `model  core_vars  seconds  attractors`; `benches/compare/aeon.py` uses that to compare with
//! AEON on the same machine. With `BASIN_ASYNC_RANDOM="20 24 28"` it times one run on each of
//! those random networks instead (`BASIN_ASYNC_PROBABILITIES=1` adds exact probabilities), which
//! is how peak memory is measured (`/usr/bin/time -v`).

#[path = "common_async/mod.rs"]
mod common_async;

use basin::asynchronous::{AsyncConfig, attractors};
use basin::parse::{Format, ParseOptions, parse_str};
use criterion::{BenchmarkId, Criterion, Throughput};
use std::time::{Duration, Instant};

/// Attractors with weak and strong basins (no probabilities), the states of complex attractors
/// not listed.
fn basins_only() -> AsyncConfig {
    AsyncConfig {
        probabilities: false,
        max_states: 0,
        ..AsyncConfig::default()
    }
}

fn random_networks(c: &mut Criterion) {
    let mut group = c.benchmark_group("async_attractors_weak_strong");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for k in [20usize, 24, 28] {
        let net = common_async::random_network(k, 1);
        group.throughput(Throughput::Elements(1 << k));
        group.bench_with_input(BenchmarkId::from_parameter(k), &net, |b, net| {
            b.iter(|| attractors(net, &[], &basins_only()).expect("fits"))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("async_exact_probabilities");
    group.sample_size(10);
    for k in [16usize, 20] {
        let net = common_async::random_network(k, 1);
        group.throughput(Throughput::Elements(1 << k));
        group.bench_with_input(BenchmarkId::from_parameter(k), &net, |b, net| {
            b.iter(|| attractors(net, &[], &AsyncConfig::default()).expect("fits"))
        });
    }
    group.finish();
}

/// Times each model of `list` (see the module docs).
fn time_models(list: &str) {
    let repeat: usize = std::env::var("BASIN_ASYNC_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let max_core: usize = std::env::var("BASIN_ASYNC_MAX_CORE")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(64);
    for path in list.split_whitespace() {
        let text = std::fs::read_to_string(path).expect("read model");
        let net = parse_str(&text, &ParseOptions::new(Format::Bnet))
            .expect("parse model")
            .network;
        let core = basin::reduce::Reduction::new(&net, &[])
            .expect("nothing fixed")
            .core()
            .len();
        if core > max_core {
            println!("{path}\t{core}\t-\tskipped: core above {max_core}");
            continue;
        }
        let mut best = f64::INFINITY;
        let mut result = None;
        for _ in 0..repeat.max(1) {
            let start = Instant::now();
            let r = attractors(&net, &[], &basins_only());
            best = best.min(start.elapsed().as_secs_f64());
            result = Some(r);
        }
        match result.expect("at least one run") {
            Ok(r) => println!(
                "{path}\t{}\t{best:.6}\t{}",
                r.engine.core_size,
                r.attractors.len()
            ),
            Err(e) => println!("{path}\t-\t-\terror: {e}"),
        }
    }
}

/// Times the random network of each size in `sizes` (seed 1), once, with and without exact
/// probabilities when asked: one line `random-k  k  seconds  attractors` per run.
fn time_random(sizes: &str) {
    let probabilities = std::env::var_os("BASIN_ASYNC_PROBABILITIES").is_some();
    for k in sizes.split_whitespace() {
        let k: usize = k.parse().expect("a size");
        let net = common_async::random_network(k, 1);
        let config = AsyncConfig {
            probabilities,
            ..basins_only()
        };
        let start = Instant::now();
        match attractors(&net, &[], &config) {
            Ok(r) => println!(
                "random-{k}\t{}\t{:.6}\t{}",
                r.engine.core_size,
                start.elapsed().as_secs_f64(),
                r.attractors.len()
            ),
            Err(e) => println!("random-{k}\t{k}\t-\terror: {e}"),
        }
    }
}

fn main() {
    if let Ok(sizes) = std::env::var("BASIN_ASYNC_RANDOM") {
        time_random(&sizes);
        return;
    }
    if let Ok(list) = std::env::var("BASIN_ASYNC_TIME") {
        time_models(&list);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    random_networks(&mut c);
    c.final_summary();
}
