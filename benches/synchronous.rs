//! Synchronous explorer benches: successor-kernel throughput (states per second, one thread)
//! and the full exhaustive search at k = 20, 24, 28 on fixed-seed random networks.
//! See benches/README.md for the measured figures.

mod common;

use basin::kernel::{BLOCK_STATES, Kernel};
use basin::synchronous::{SyncConfig, SyncExplorer};
use common::cpu_time::ThreadCpuTime;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn kernel_throughput(c: &mut Criterion<ThreadCpuTime>) {
    let mut group = c.benchmark_group("successor_kernel");
    for n in [20usize, 32] {
        let net = common::random_network(n, 1);
        let kernel = Kernel::compile(&net);
        let mut scratch = kernel.successor_scratch();
        let mut dst = vec![0u32; BLOCK_STATES as usize];
        let blocks = 1024u64;
        group.throughput(Throughput::Elements(blocks * BLOCK_STATES));
        group.bench_function(format!("n{n}_{}", kernel.simd_name()), |b| {
            let mut first = 0u64;
            b.iter(|| {
                for block in first..first + blocks {
                    kernel.successors_u32(block, &mut scratch, &mut dst);
                    black_box(&dst);
                }
                first = (first + blocks) % ((1u64 << n) / BLOCK_STATES);
            })
        });
    }
    group.finish();
}

fn full_search(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync_exhaustive");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    let mut explorer = SyncExplorer::new();
    for k in [20usize, 24, 28] {
        let net = common::random_network(k, 1);
        group.throughput(Throughput::Elements(1u64 << k));
        group.bench_function(format!("k{k}"), |b| {
            b.iter(|| {
                black_box(
                    explorer
                        .attractors(&net, &[], &SyncConfig::default())
                        .unwrap(),
                )
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = kernel;
    // Single-threaded: measured in thread CPU time, i.e. throughput per core.
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = kernel_throughput
}
criterion_group!(search, full_search);
criterion_main!(kernel, search);
