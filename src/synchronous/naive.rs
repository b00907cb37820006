//! The naive reference explorer: one full state at a time, no reduction, no kernel. Every fast
//! path is tested against it.
//!
//! BoolNet's semantics: constants and the given fixed variables are not explored (the space is
//! the `2^m` assignments of the `m` other variables); each state's successor is computed with
//! [`Expr::eval`](crate::expr::Expr::eval) on the network whose fixed variables' functions are
//! replaced by their values; a walk from every unvisited state finds each cycle and labels every
//! state with its attractor.

use crate::attractor::{
    Attractor, AttractorKind, Basin, EngineInfo, Exploration, Method, UpdateScheme,
};
use crate::count::Count;
use crate::error::Error;
use crate::network::{Network, VarId, VarKind};
use crate::state::State;

/// The synchronous attractors and exact basin sizes of `network` with `fixed` held (constants
/// are fixed too), computed the slow, obvious way.
///
/// # Errors
/// [`Error::Invalid`] when a variable is fixed to two values, the network has more than 64
/// variables or more than 24 free variables (this explorer is for tests).
pub fn naive_attractors(network: &Network, fixed: &[(VarId, bool)]) -> Result<Exploration, Error> {
    let n = network.num_vars();
    if n > 64 {
        return Err(Error::Limit {
            what: "the naive explorer handles at most 64 variables".to_string(),
            remedies: Vec::new(),
        });
    }
    let mut value: Vec<Option<bool>> = vec![None; n];
    for &(v, b) in fixed {
        if value[v.index()].is_some_and(|old| old != b) {
            return Err(Error::ConflictingAssignment {
                name: network.name(v).to_string(),
            });
        }
        value[v.index()] = Some(b);
    }
    for v in network.vars() {
        if let VarKind::Constant(c) = network.kind(v) {
            value[v.index()].get_or_insert(c);
        }
    }
    let fixed_list: Vec<(VarId, bool)> = network
        .vars()
        .filter_map(|v| value[v.index()].map(|b| (v, b)))
        .collect();
    let net = network.with_fixed(&fixed_list);
    let free: Vec<usize> = (0..n).filter(|&i| value[i].is_none()).collect();
    if free.len() > 24 {
        return Err(Error::Limit {
            what: "the naive explorer handles at most 24 free variables".to_string(),
            remedies: Vec::new(),
        });
    }
    let base: u64 = fixed_list
        .iter()
        .filter(|(_, b)| *b)
        .fold(0, |acc, (v, _)| acc | (1 << v.index()));
    let expand = |idx: u64| -> u64 {
        free.iter()
            .enumerate()
            .fold(base, |acc, (j, &i)| acc | (((idx >> j) & 1) << i))
    };
    let compress = |x: u64| -> u64 {
        free.iter()
            .enumerate()
            .fold(0, |acc, (j, &i)| acc | (((x >> i) & 1) << j))
    };
    let step = |x: u64| -> u64 {
        net.vars().fold(0u64, |acc, v| {
            acc | (u64::from(net.function(v).eval(|r| (x >> r.index()) & 1 == 1)) << v.index())
        })
    };
    const UNSEEN: u32 = u32::MAX;
    const ON_PATH: u32 = u32::MAX - 1;
    let total = 1u64 << free.len();
    let mut label = vec![UNSEEN; total as usize];
    let mut cycles: Vec<Vec<u64>> = Vec::new();
    let mut sizes: Vec<u128> = Vec::new();
    let mut path: Vec<u64> = Vec::new();
    for start in 0..total {
        if label[start as usize] != UNSEEN {
            continue;
        }
        path.clear();
        let mut i = start;
        while label[i as usize] == UNSEEN {
            label[i as usize] = ON_PATH;
            path.push(i);
            i = compress(step(expand(i)));
        }
        let l = if label[i as usize] == ON_PATH {
            let pos = path.iter().position(|&p| p == i).expect("on the path");
            let mut cycle: Vec<u64> = path[pos..].iter().map(|&p| expand(p)).collect();
            let smallest = (0..cycle.len())
                .min_by_key(|&j| cycle[j])
                .expect("non-empty");
            cycle.rotate_left(smallest);
            cycles.push(cycle);
            sizes.push(0);
            (cycles.len() - 1) as u32
        } else {
            label[i as usize]
        };
        for &p in &path {
            label[p as usize] = l;
        }
        sizes[l as usize] += path.len() as u128;
    }
    let attractors = cycles
        .into_iter()
        .zip(sizes)
        .map(|(cycle, size)| {
            let kind = if cycle.len() == 1 {
                AttractorKind::FixedPoint
            } else {
                AttractorKind::Cycle
            };
            let states = cycle.iter().map(|&x| State::from_bits(x, n)).collect();
            Attractor::from_states(
                kind,
                states,
                Basin::Partition {
                    size: Count::from(size),
                },
            )
        })
        .collect();
    let mut exploration = Exploration {
        update: UpdateScheme::Synchronous,
        variables: network.names().to_vec(),
        fixed: fixed_list,
        explored_states: Count::from(total),
        engine: EngineInfo {
            name: "naive",
            core_size: free.len(),
        },
        attractors,
        method: Method::Exhaustive,
    };
    exploration.sort();
    Ok(exploration)
}
