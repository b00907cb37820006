//! Interaction-graph drawing benchmark: `basin plot graph` minus parsing and writing, on the
//! showcase (networks/mronj_macrophage.bnet, 36 variables) and three published models of 53,
//! 101 and 285 variables plus one of 371 (tests/data/graph/, copied from the corpus with their
//! source noted in its README). The goal: 321 variables laid out in under 2 s.
//!
//! `cargo bench --bench graph_layout` runs the criterion groups (the whole figure: sign analysis,
//! layout and SVG). With `BASIN_GRAPH_ONCE=1` it instead draws each model once and prints one
//! tab-separated line per model: `model  variables  edges  layer_crossings  width_px
//! height_px  layout_s  figure_s`. Geometric crossings of the drawn curves, compared with
//! Graphviz's on the same DOT, come from benches/graph_crossings.py (see benches/README-graph.md).

use basin::Network;
use basin::parse::read_model;
use basin::plot::graph_draw::{GraphOptions, graph_figure, graph_layout};
use criterion::{BenchmarkId, Criterion, criterion_group};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

fn models() -> Vec<(String, Network)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("networks/mronj_macrophage.bnet")];
    for m in ["bbm-070", "bbm-012", "bbm-260", "bbm-242"] {
        paths.push(root.join(format!("tests/data/graph/{m}.bnet")));
    }
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let net = read_model(&p, None, false).expect("model parses").network;
            (name, net)
        })
        .collect()
}

fn once() {
    println!("model\tvariables\tedges\tlayer_crossings\twidth_px\theight_px\tlayout_s\tfigure_s");
    for (name, net) in models() {
        let t = Instant::now();
        let layout = graph_layout(&net);
        let layout_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let figure = graph_figure(&net, &GraphOptions::default());
        let figure_s = t.elapsed().as_secs_f64();
        println!(
            "{name}\t{}\t{}\t{}\t{:.0}\t{:.0}\t{layout_s:.3}\t{figure_s:.3}",
            net.num_vars(),
            layout.routes.len(),
            layout.crossings,
            figure.width,
            figure.height
        );
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("graph_figure");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for (name, net) in models() {
        group.bench_with_input(BenchmarkId::new(name, net.num_vars()), &net, |b, net| {
            b.iter(|| black_box(graph_figure(net, &GraphOptions::default())))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    if std::env::var_os("BASIN_GRAPH_ONCE").is_some() {
        once();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
