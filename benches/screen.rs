//! Screen benchmark: every single (order 1) and every single and double (order 2) knockout and
//! overexpression of every non-input node of the showcase network
//! (networks/mronj_macrophage.bnet) under the named conditions of networks/mronj_macrophage.toml,
//! synchronous and asynchronous update: what `basin screen MODEL --phenotypes TOML --order 2
//! --update both` computes, minus parsing and output. See benches/README.md ("Screens") for the
//! measured figures and the BoolNet comparison (benches/compare/screen_boolnet.sh).
//!
//! Throughput is in perturbed explorations (perturbation set × condition × update scheme) per
//! second; the wild types (one per condition × update scheme) are run too but not counted.
//!
//! `cargo bench --bench screen` runs the criterion groups (order 2: ten flat samples of one run
//! each; about two and a half minutes in all). With `BASIN_SCREEN_ONCE=1` it instead runs each screen once and prints one
//! tab-separated line per screen: `order  update  perturbations  explorations  seconds
//! explorations_per_s`.

use basin::EngineOptions;
use basin::Network;
use basin::attractor::UpdateScheme;
use basin::condition::{Condition, ConditionFile};
use basin::parse::read_model;
use basin::phenotype::{PhenotypeSpec, Phenotypes};
use basin::screen::{Screen, ScreenResult, generate_perturbations, screen_nodes};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

/// The showcase model, its phenotypes and named conditions.
struct Showcase {
    network: Network,
    phenotypes: Phenotypes,
    conditions: Vec<Condition>,
}

fn showcase() -> Showcase {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("networks");
    let network = read_model(&dir.join("mronj_macrophage.bnet"), None, false)
        .expect("the showcase model parses")
        .network;
    let toml = dir.join("mronj_macrophage.toml");
    let phenotypes = PhenotypeSpec::read(&toml)
        .and_then(|s| s.bind(&network))
        .expect("the showcase phenotypes bind");
    let conditions = ConditionFile::read(&toml)
        .and_then(|f| f.bind(&network))
        .expect("the showcase conditions bind");
    Showcase {
        network,
        phenotypes,
        conditions,
    }
}

/// One screen to time.
#[derive(Clone, Copy)]
struct Case {
    order: usize,
    updates: &'static [UpdateScheme],
    name: &'static str,
}

const SYNC: &[UpdateScheme] = &[UpdateScheme::Synchronous];
const ASYNC: &[UpdateScheme] = &[UpdateScheme::Asynchronous];
const BOTH: &[UpdateScheme] = &[UpdateScheme::Synchronous, UpdateScheme::Asynchronous];

const CASES: &[Case] = &[
    Case {
        order: 1,
        updates: SYNC,
        name: "sync",
    },
    Case {
        order: 1,
        updates: ASYNC,
        name: "async",
    },
    Case {
        order: 1,
        updates: BOTH,
        name: "both",
    },
    Case {
        order: 2,
        updates: SYNC,
        name: "sync",
    },
    Case {
        order: 2,
        updates: BOTH,
        name: "both",
    },
];

/// Runs the screen of `case`; returns the result and the number of perturbed explorations.
fn run(s: &Showcase, case: Case) -> (ScreenResult, u64) {
    let perturbations =
        generate_perturbations(&screen_nodes(&s.network), &[false, true], case.order);
    let runs = (perturbations.len() * s.conditions.len() * case.updates.len()) as u64;
    let result = Screen::new(&s.network, &s.phenotypes)
        .perturbations(perturbations)
        .conditions(s.conditions.clone())
        .updates(case.updates.to_vec())
        .run(&EngineOptions::default())
        .expect("the showcase screen runs");
    (result, runs)
}

fn screens(c: &mut Criterion) {
    let s = showcase();
    for order in [1, 2] {
        let mut group = c.benchmark_group(format!("screen_order{order}"));
        group.sample_size(10);
        if order == 2 {
            // Seconds per run (both updates): ten samples of one run each, about 75 s.
            group.sampling_mode(SamplingMode::Flat);
            group.measurement_time(Duration::from_secs(75));
        } else {
            group.measurement_time(Duration::from_secs(20));
        }
        for &case in CASES.iter().filter(|c| c.order == order) {
            let perturbations =
                generate_perturbations(&screen_nodes(&s.network), &[false, true], order).len();
            let runs = perturbations * s.conditions.len() * case.updates.len();
            group.throughput(Throughput::Elements(runs as u64));
            group.bench_function(BenchmarkId::from_parameter(case.name), |b| {
                b.iter(|| black_box(run(&s, case)))
            });
        }
        group.finish();
    }
}

/// `BASIN_SCREEN_ONCE=1`: each screen once, one line each.
fn once() {
    let s = showcase();
    println!("order\tupdate\tperturbations\texplorations\tseconds\texplorations_per_s");
    for &case in CASES {
        let started = Instant::now();
        let (result, runs) = run(&s, case);
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{}\t{}\t{}\t{runs}\t{secs:.3}\t{:.0}",
            case.order,
            case.name,
            result.perturbations.len(),
            runs as f64 / secs
        );
    }
}

criterion_group!(benches, screens);

fn main() {
    if std::env::var_os("BASIN_SCREEN_ONCE").is_some() {
        once();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
