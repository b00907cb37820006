//! Control benchmark: the smallest knockout/overexpression sets that make the showcase's
//! macrophages M2 without fibrosis (label `M2`) under infection, asynchronous update, over every
//! non-input node at both values, against the full screen of the same sets.
//!
//! `cargo bench --bench control` runs the criterion group (order 2, ten flat samples). With
//! `BASIN_CONTROL_ONCE=1` it instead runs, in this order, the order-`K` control search
//! (`BASIN_CONTROL_ORDER`, default 3) as `basin control` runs it (attractors first), the same
//! search exploring every undecided unit with shares straight away (no attractors first),
//! these two alternating `BASIN_CONTROL_ROUNDS` times (default 1), then the search without
//! prunings 2 and 3 and without attractors first, and the full order-`K` screen of the same
//! sets, condition and update, and prints one tab-separated line per run:
//! `run  order  sets  explorations  seconds  solutions`; the ratios of the lines are the
//! figures quoted in benches/README-control.md.

use basin::EngineOptions;
use basin::Network;
use basin::attractor::UpdateScheme;
use basin::condition::{Condition, ConditionFile, find};
use basin::control::{Control, ControlResult, attractors_first};
use basin::parse::read_model;
use basin::phenotype::{LabelQuery, PhenotypeSpec, Phenotypes};
use basin::screen::{Screen, generate_perturbations, screen_nodes};
use criterion::{Criterion, SamplingMode, criterion_group};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

struct Showcase {
    network: Network,
    phenotypes: Phenotypes,
    infection: Condition,
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
    let infection = find(&conditions, "infection")
        .expect("the showcase names infection")
        .clone();
    Showcase {
        network,
        phenotypes,
        infection,
    }
}

/// The search as `basin control` runs it (attractors first when `first`).
fn control(s: &Showcase, order: usize, prune: bool, first: bool) -> ControlResult {
    let options = EngineOptions::default();
    let decider = attractors_first(&options).filter(|_| first);
    let mut control = Control::new(&s.network, &s.phenotypes, LabelQuery::parse("M2"))
        .conditions(vec![s.infection.clone()])
        .updates(vec![UpdateScheme::Asynchronous])
        .nodes(screen_nodes(&s.network))
        .max_order(order)
        .prune(prune);
    if let Some(d) = &decider {
        control = control.attractors_only(d);
    }
    control.run(&options).expect("the control search runs")
}

fn controls(c: &mut Criterion) {
    let s = showcase();
    let mut group = c.benchmark_group("control");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("showcase_m2_infection_async_order2", |b| {
        b.iter(|| black_box(control(&s, 2, true, true)))
    });
    group.finish();
}

/// `BASIN_CONTROL_ONCE=1`: control, control without pruning, and the screen, once each.
fn once() {
    let s = showcase();
    let order: usize = std::env::var("BASIN_CONTROL_ORDER")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let rounds: usize = std::env::var("BASIN_CONTROL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    println!("run\torder\tsets\texplorations\tseconds\tsolutions");
    let mut runs = Vec::new();
    for _ in 0..rounds {
        runs.extend([
            ("control", true, true),
            ("control_shares_always", true, false),
        ]);
    }
    runs.push(("control_no_prune", false, false));
    for (name, prune, first) in runs {
        let started = Instant::now();
        let r = control(&s, order, prune, first);
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{name}\t{order}\t{}\t{}\t{secs:.3}\t{}",
            r.stats.screen_sets(),
            r.stats.explorations(),
            r.solutions.len()
        );
    }
    let sets = generate_perturbations(&screen_nodes(&s.network), &[false, true], order);
    let n = sets.len();
    let started = Instant::now();
    let screen = Screen::new(&s.network, &s.phenotypes)
        .perturbations(sets)
        .conditions(vec![s.infection.clone()])
        .updates(vec![UpdateScheme::Asynchronous]);
    let explorations = screen.num_explorations();
    let result = screen
        .run(&EngineOptions::default())
        .expect("the screen runs");
    let secs = started.elapsed().as_secs_f64();
    black_box(result);
    println!("screen\t{order}\t{n}\t{explorations}\t{secs:.3}\t-");
}

criterion_group!(benches, controls);

fn main() {
    if std::env::var_os("BASIN_CONTROL_ONCE").is_some() {
        once();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
