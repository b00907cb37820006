//! Trajectory benchmarks (#17): reach probabilities from one state (`--start`) and exact
//! time courses, each against a baseline run in the same process: the ordinary exploration of
//! the same network from a uniformly random state (exact probabilities).
//!
//! `cargo bench --bench trajectory` runs the criterion groups on fixed-seed random networks
//! (`benches/common_async`, every variable in the core) of k = 16 and 20 variables. The issue's
//! targets (one state on a 28-variable core under 10 s; 100 exact time-course steps on a
//! 24-variable core under 10 s) take too long for criterion's ten samples on a shared machine:
//! `BASIN_TRAJ_TIME="28 24"` times them once each instead (the first size for the start, the
//! second for the time course) and prints `what  k  seconds  ratio-to-baseline` lines; there the
//! baseline is the uniform exploration without reach probabilities (attractors, weak and strong
//! basins), because exact probabilities from every state do not fit in memory at k = 28 (the
//! uniform exploration with probabilities is timed too, or its refusal printed). The time course
//! is timed with the representation chosen automatically (dense once the reached set is large)
//! and then forced sparse (the representation before the dense one existed; skipped with
//! `BASIN_TRAJ_SPARSE=0`), in the same process. Figures: `benches/README-trajectory.md`.

#[path = "common_async/mod.rs"]
mod common_async;

use basin::attractor::UpdateScheme;
use basin::engine::{Engine, EngineOptions, explore};
use basin::network::Network;
use basin::state::State;
use basin::trajectory::{Clock, Representation, Start, TimeCourse, time_course_with};
use criterion::{BenchmarkId, Criterion};
use std::time::{Duration, Instant};

/// A fixed start state: alternate variables on.
fn start_state(net: &Network) -> Start {
    let bits: Vec<bool> = (0..net.num_vars()).map(|i| i % 2 == 0).collect();
    Start::State(State::from_bools(&bits))
}

fn options(start: Option<Start>) -> EngineOptions {
    EngineOptions {
        engine: Engine::Explicit,
        max_states: 0,
        start,
        ..EngineOptions::default()
    }
}

fn uniform(net: &Network) {
    explore(net, &[], UpdateScheme::Asynchronous, &options(None)).expect("fits");
}

fn from_state(net: &Network) {
    let o = options(Some(start_state(net)));
    explore(net, &[], UpdateScheme::Asynchronous, &o).expect("fits");
}

fn course(net: &Network, steps: usize, representation: Representation) -> TimeCourse {
    time_course_with(
        net,
        &[],
        &start_state(net),
        None,
        Clock::Steps(steps),
        &EngineOptions::default(),
        representation,
    )
    .expect("fits")
}

fn criterion_groups(c: &mut Criterion) {
    let mut group = c.benchmark_group("reach_from_one_state");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for k in [16usize, 20] {
        let net = common_async::random_network(k, 1);
        group.bench_with_input(BenchmarkId::new("uniform_baseline", k), &net, |b, net| {
            b.iter(|| uniform(net))
        });
        group.bench_with_input(BenchmarkId::new("from_state", k), &net, |b, net| {
            b.iter(|| from_state(net))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("time_course_100_steps");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for k in [16usize, 20] {
        let net = common_async::random_network(k, 1);
        group.bench_with_input(BenchmarkId::new("uniform_baseline", k), &net, |b, net| {
            b.iter(|| uniform(net))
        });
        group.bench_with_input(BenchmarkId::new("steps", k), &net, |b, net| {
            b.iter(|| course(net, 100, Representation::Auto))
        });
        group.bench_with_input(BenchmarkId::new("steps_sparse", k), &net, |b, net| {
            b.iter(|| course(net, 100, Representation::Sparse))
        });
    }
    group.finish();
}

fn seconds(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

/// The uniform exploration without reach probabilities (attractors, weak and strong basins):
/// the baseline that fits at every size timed here.
fn uniform_basins(net: &Network) {
    let o = EngineOptions {
        probabilities: false,
        ..options(None)
    };
    explore(net, &[], UpdateScheme::Asynchronous, &o).expect("fits");
}

/// The uniform exploration with exact reach probabilities, timed, or why it was refused.
fn uniform_timed(net: &Network) -> String {
    let t = Instant::now();
    match explore(net, &[], UpdateScheme::Asynchronous, &options(None)) {
        Ok(_) => format!("{:.3}", t.elapsed().as_secs_f64()),
        Err(basin::Error::TooLarge { needed_bytes, .. }) => format!(
            "refused: exact probabilities need {:.1} GiB",
            needed_bytes as f64 / f64::from(1u32 << 30)
        ),
        Err(e) => panic!("{e:?}"),
    }
}

/// The targets, timed once each with their baselines (see the module docs): the
/// uniform exploration without probabilities (`uniform_basins`, ratio 1.00), and with exact
/// probabilities where they fit (`uniform_probabilities`).
fn time_targets(sizes: &str) {
    let mut it = sizes
        .split_whitespace()
        .map(|s| s.parse::<usize>().expect("a size"));
    let k_start = it.next().unwrap_or(28);
    let k_course = it.next().unwrap_or(24);
    let net = common_async::random_network(k_start, 1);
    let base = seconds(|| uniform_basins(&net));
    println!("uniform_basins\t{k_start}\t{base:.3}\t1.00");
    println!("uniform_probabilities\t{k_start}\t{}", uniform_timed(&net));
    let s = seconds(|| from_state(&net));
    println!("from_state\t{k_start}\t{s:.3}\t{:.2}", s / base);
    let net = common_async::random_network(k_course, 1);
    let base = seconds(|| uniform_basins(&net));
    println!("uniform_basins\t{k_course}\t{base:.3}\t1.00");
    println!("uniform_probabilities\t{k_course}\t{}", uniform_timed(&net));
    let mut auto = None;
    let s = seconds(|| auto = Some(course(&net, 100, Representation::Auto)));
    let auto = auto.expect("ran");
    println!(
        "time_course_100_steps\t{k_course}\t{s:.3}\t{:.2}\t({} states reached, dense from step {:?})",
        s / base,
        auto.max_support,
        auto.dense_from
    );
    if std::env::var("BASIN_TRAJ_SPARSE").as_deref() != Ok("0") {
        let mut sparse = None;
        let t = seconds(|| sparse = Some(course(&net, 100, Representation::Sparse)));
        let sparse = sparse.expect("ran");
        let diff = auto
            .activity
            .iter()
            .flatten()
            .zip(sparse.activity.iter().flatten())
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f64, f64::max);
        println!(
            "time_course_100_steps_sparse\t{k_course}\t{t:.3}\t{:.2}\t({} states reached; \
             sparse/auto {:.1}x; largest activity difference {diff:.1e})",
            t / base,
            sparse.max_support,
            t / s
        );
    }
}

fn main() {
    if let Ok(sizes) = std::env::var("BASIN_TRAJ_TIME") {
        time_targets(&sizes);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    criterion_groups(&mut c);
    c.final_summary();
}
