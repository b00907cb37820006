//! Shared network factories for the benches and the BoolNet comparison: fixed-seed random
//! networks in which every node reads three others (one of them its ring neighbour, so no node
//! is an output and the explored core is the whole network) through a random nested AND/OR of
//! literals (never constant, depends on all three).
#![allow(dead_code)]

pub mod cpu_time;

use basin::Network;
use basin::parse::{Format, ParseOptions, parse_str};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// Regulators per node.
pub const IN_DEGREE: usize = 3;

/// The bnet text of the random network with `n` nodes from `seed`.
pub fn random_bnet(n: usize, seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ ((n as u64) << 32));
    let mut below = |m: u64| rng.next_u64() % m;
    let mut text = String::from("targets, factors\n");
    for i in 0..n {
        let mut regs = vec![(i + 1) % n];
        while regs.len() < IN_DEGREE.min(n) {
            let r = below(n as u64) as usize;
            if !regs.contains(&r) {
                regs.push(r);
            }
        }
        let lits: Vec<String> = regs
            .iter()
            .map(|&r| {
                if below(2) == 0 {
                    format!("x{r}")
                } else {
                    format!("!x{r}")
                }
            })
            .collect();
        let op = |b: u64| if b == 0 { "&" } else { "|" };
        let rule = match lits.len() {
            1 => lits[0].clone(),
            2 => format!("{} {} {}", lits[0], op(below(2)), lits[1]),
            _ => format!(
                "({} {} {}) {} {}",
                lits[0],
                op(below(2)),
                lits[1],
                op(below(2)),
                lits[2]
            ),
        };
        text += &format!("x{i}, {rule}\n");
    }
    text
}

/// The random network with `n` nodes from `seed`.
pub fn random_network(n: usize, seed: u64) -> Network {
    parse_str(&random_bnet(n, seed), &ParseOptions::new(Format::Bnet))
        .expect("generated networks parse")
        .network
}
