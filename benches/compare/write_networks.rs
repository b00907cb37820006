//! Writes the benches' random networks as bnet files for the BoolNet comparison
//! (`benches/compare/run.sh`). A `[[bench]]` target only so that it shares `benches/common/`;
//! without `BASIN_COMPARE_OUT` in the environment it does nothing (so `cargo bench` skips it).

#[path = "../common/mod.rs"]
mod common;

fn main() {
    let Some(dir) = std::env::var_os("BASIN_COMPARE_OUT") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("output folder");
    let sizes = std::env::var("BASIN_COMPARE_SIZES").unwrap_or_else(|_| "20 24 28".into());
    for n in sizes.split_whitespace() {
        let n: usize = n.parse().expect("sizes are numbers");
        let path = dir.join(format!("random_n{n}.bnet"));
        std::fs::write(&path, common::random_bnet(n, 1)).expect("write network");
        eprintln!("wrote {}", path.display());
    }
}
