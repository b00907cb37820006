//! Fixed-seed random networks for the asynchronous benchmarks (kept apart from `benches/common/`,
//! which another bench owns).

use basin::network::{Network, VarId};
use basin::parse::{Format, ParseOptions, parse_str};

/// SplitMix64: a tiny, well-known generator, enough to draw reproducible networks.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random signalling-like network of `k` variables (no inputs, no outputs: every variable is
/// read by another, so all `k` stay in the core): each function is a nested AND/OR of two or
/// three literals over random regulators, one of which is the next variable of a ring (so no
/// variable is an output).
pub fn random_network(k: usize, seed: u64) -> Network {
    let mut rng = SplitMix(seed ^ (k as u64) << 32);
    let name = |i: usize| format!("v{i}");
    let mut text = String::new();
    for i in 0..k {
        let mut regs = vec![(i + 1) % k];
        let extra = 1 + rng.below(2) as usize;
        while regs.len() < 1 + extra {
            let r = rng.below(k as u64) as usize;
            if !regs.contains(&r) {
                regs.push(r);
            }
        }
        let mut expr = String::new();
        for (j, &r) in regs.iter().enumerate() {
            let lit = if rng.below(3) == 0 {
                format!("!{}", name(r))
            } else {
                name(r)
            };
            if j == 0 {
                expr = lit;
            } else if rng.below(2) == 0 {
                expr = format!("({expr} & {lit})");
            } else {
                expr = format!("({expr} | {lit})");
            }
        }
        text.push_str(&format!("{}, {}\n", name(i), expr));
    }
    let net = parse_str(&text, &ParseOptions::new(Format::Bnet))
        .expect("generated network parses")
        .network;
    debug_assert!(
        net.vars()
            .all(|v| net.function(v).as_var() != Some(VarId::new(v.index())))
    );
    net
}
