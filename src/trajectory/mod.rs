//! Where a given cell goes: explorations from a chosen start instead of a uniformly random
//! state (docs/semantics.md, "Starts and protocols").
//!
//! * [`Start`]: one state, a subspace (uniform over it) or a distribution over states (the
//!   attractors of a phenotype label under a condition, or what a protocol step settled into).
//! * [`explore_from`] (reached through [`crate::engine::explore`] with
//!   [`EngineOptions::start`](crate::engine::EngineOptions::start) set): the attractors of the network with their basins, each
//!   attractor's probability being the probability of ending in it from the start.
//!   Asynchronous: exact absorption probabilities of the walk that updates one uniformly chosen
//!   variable among those that can change, solved by the explicit engine's reach-probability
//!   machinery restricted to the states the start can reach (or, with the sampling engine,
//!   random walks drawn from the start). Synchronous: each start state is
//!   followed to its cycle (deterministic), so an attractor's probability is the start weight of
//!   its basin.
//! * [`protocol`]: conditions in sequence (order of exposure), each step starting from the
//!   attractors the previous one reached.
//! * [`time_course`]: label and activity probabilities after `t` asynchronous steps, or at
//!   continuous times (uniformization), exact over the states the start reaches.
//!
//! Variables a condition or a perturbation fixes take their fixed values whatever the start
//! says: the cell meets the condition from its first step. Outputs are dropped from the start
//! by the asynchronous engine (they never change which attractor is reached).
//!
//! **Characteristics.** Asynchronous: the explicit engine's cost plus two bit sets per chunk
//! and a solve over the states of the start's forward reach that can reach several attractors
//! (often far fewer than the whole space's). Synchronous: the explicit engine's cost plus one
//! trajectory per start state (at most [`MAX_SYNC_START_STATES`] states).

mod dense;
mod figure;
mod naive;
mod protocol;
mod start;
mod timecourse;

pub use figure::time_course_svg;
pub use naive::{NAIVE_MAX_DENSE, naive_activity_over_time, naive_reach_from};
pub use protocol::{ProtocolStep, protocol, protocol_with};
pub use start::Start;
pub use timecourse::{
    Clock, Representation, SWITCH_FRACTION, TimeCourse, labels_at, time_course, time_course_with,
};

use crate::attractor::{Basin, Exploration, UpdateScheme};
use crate::count::Count;
use crate::engine::{Engine, EngineOptions};
use crate::error::{Error, Remedy};
use crate::network::{Network, VarId};
use crate::reduce::Reduction;
use crate::state::State;
use std::collections::HashMap;

/// The most start states the synchronous outcome follows one by one (a pattern with more free
/// variables is refused).
pub const MAX_SYNC_START_STATES: u64 = 1 << 22;

/// Explores `network` with `fixed` held under `update`, shares taken from `start` (see the
/// module documentation). [`crate::engine::explore`] calls this when
/// [`EngineOptions::start`] is set; `options.start` itself is ignored here.
///
/// # Returns
/// An [`Exploration`] listing every attractor (those the start cannot reach have probability
/// 0) with `Basin::Reachability`: weak and strong basins over the whole space (synchronous: both
/// the basin, the same set under a deterministic update) and `probability` the probability of
/// ending there from the start; with the sampling engine, `Basin::Sampled` hits of walks drawn
/// from the start.
///
/// # Errors
/// [`Error::Limit`] for the symbolic engine, synchronous sampling, or a synchronous start of
/// more than [`MAX_SYNC_START_STATES`] states; [`Error::Invalid`] for
/// a start written for another network; the errors of [`crate::engine::explore`].
pub fn explore_from(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
    start: &Start,
    options: &EngineOptions,
) -> Result<Exploration, Error> {
    start.check(network)?;
    if options.priorities.is_some() {
        // The front door explores priority classes (with the start) itself.
        let options = EngineOptions {
            start: Some(start.clone()),
            ..options.clone()
        };
        return crate::engine::explore(network, fixed, update, &options);
    }
    // Asynchronous walks can start anywhere; synchronous sampling and BDDs cannot yet.
    let refused = match options.engine {
        Engine::Symbolic => true,
        Engine::Sample => update == UpdateScheme::Synchronous,
        Engine::Auto | Engine::Explicit => false,
    };
    if refused {
        return Err(Error::Limit {
            what: format!(
                "shares from a start are computed by the explicit engine (and, asynchronously, by \
                 sampling), not the {} engine{}",
                options.engine,
                if update == UpdateScheme::Synchronous {
                    " under synchronous update"
                } else {
                    ""
                }
            ),
            remedies: vec![
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
            ],
        });
    }
    let sampled = options.engine == Engine::Sample;
    let base = EngineOptions {
        start: None,
        engine: if sampled {
            Engine::Sample
        } else {
            Engine::Explicit
        },
        // A synchronous trajectory is matched against listed states: every cycle lists at
        // least its first one.
        max_states: options.max_states.max(1),
        ..options.clone()
    };
    match update {
        UpdateScheme::Asynchronous => {
            let reduction = Reduction::new(network, fixed)?;
            let config = crate::asynchronous::AsyncConfig {
                method: base.method(),
                max_memory: base.max_memory,
                max_states: base.max_states,
                probabilities: true,
                cancel: base.cancel.clone(),
                ..crate::asynchronous::AsyncConfig::default()
            };
            crate::asynchronous::attractors_reduced_from(network, reduction, &config, start)
        }
        UpdateScheme::Synchronous => {
            let exploration = crate::engine::explore(network, fixed, update, &base)?;
            synchronous_outcome(network, fixed, exploration, start, options)
        }
        UpdateScheme::MostPermissive => Err(Error::Limit {
            what: "the most permissive update reports minimal trap spaces, not where a start goes"
                .into(),
            remedies: Vec::new(),
        }),
        UpdateScheme::General => Err(Error::Limit {
            what: "general asynchronous update reports shares from a uniformly random state \
                   only, not from a start"
                .into(),
            remedies: Vec::new(),
        }),
    }
}

/// The start's states with fixed values applied, merged, with their probabilities.
fn start_states(
    network: &Network,
    fixed: &[(VarId, bool)],
    start: &Start,
) -> Result<Vec<(State, f64)>, Error> {
    let reduction = Reduction::new(network, fixed)?;
    let set = |s: &mut State| {
        for &(v, b) in reduction.fixed() {
            s.set(v, b);
        }
    };
    let mut out: HashMap<State, f64> = HashMap::new();
    match start {
        Start::Pattern(p) => {
            let free: Vec<VarId> = network
                .vars()
                .filter(|v| p.0[v.index()].is_none())
                .filter(|v| !reduction.fixed().iter().any(|(x, _)| x == v))
                .collect();
            if free.len() as u64 >= 64 || 1u64 << free.len() > MAX_SYNC_START_STATES {
                return Err(Error::Limit {
                    what: format!(
                        "a synchronous start of 2^{} states: at most {MAX_SYNC_START_STATES} are \
                         followed one by one",
                        free.len()
                    ),
                    remedies: vec![
                        Remedy::FixInputs { inputs: Vec::new() },
                        Remedy::PerturbNodes,
                    ],
                });
            }
            let mut base =
                State::from_bools(&p.0.iter().map(|v| v.unwrap_or(false)).collect::<Vec<_>>());
            set(&mut base);
            let w = 0.5f64.powi(free.len() as i32);
            for bits in 0..1u64 << free.len() {
                let mut s = base.clone();
                for (j, v) in free.iter().enumerate() {
                    s.set(*v, (bits >> j) & 1 == 1);
                }
                *out.entry(s).or_default() += w;
            }
        }
        other => {
            for (s, w) in other.weighted_states() {
                let mut s = s.clone();
                set(&mut s);
                *out.entry(s).or_default() += w;
            }
        }
    }
    let total: f64 = out.values().sum();
    let mut list: Vec<(State, f64)> = out.into_iter().map(|(s, w)| (s, w / total)).collect();
    list.sort_by(|a, b| a.0.cmp_as_number(&b.0));
    Ok(list)
}

/// Follows each start state's synchronous trajectory until it meets a listed attractor state,
/// and turns the basins into `Reachability { weak = strong = basin, probability }`.
fn synchronous_outcome(
    network: &Network,
    fixed: &[(VarId, bool)],
    mut exploration: Exploration,
    start: &Start,
    options: &EngineOptions,
) -> Result<Exploration, Error> {
    let states = start_states(network, fixed, start)?;
    let held = network.with_fixed(exploration.fixed.as_slice());
    let mut index: HashMap<&State, usize> = HashMap::new();
    for (i, a) in exploration.attractors.iter().enumerate() {
        for s in &a.states {
            index.insert(s, i);
        }
    }
    let mut probability = vec![0.0f64; exploration.attractors.len()];
    let mut scratch = Vec::new();
    for (k, (s, w)) in states.iter().enumerate() {
        if k % 1024 == 0 {
            options.cancel.check()?;
        }
        let mut x = s.clone();
        let mut values = x.to_bools();
        // A trajectory meets its cycle within 2^free steps and the cycle's first state within
        // as many more.
        let bound = 1u128 << (exploration.explored_states.bits().min(126) as u32 + 1);
        let mut steps = 0u128;
        let found = loop {
            if let Some(&i) = index.get(&x) {
                break i;
            }
            steps += 1;
            if steps > bound {
                return Err(Error::Invalid(
                    "a synchronous trajectory met no listed attractor state".into(),
                ));
            }
            let next: Vec<bool> = held
                .functions()
                .iter()
                .map(|f| f.eval_with(&mut scratch, |v| values[v.index()]))
                .collect();
            values = next;
            x = State::from_bools(&values);
        };
        probability[found] += w;
    }
    drop(index);
    for (a, p) in exploration.attractors.iter_mut().zip(probability) {
        let size = match &a.basin {
            Basin::Partition { size } => size.clone(),
            _ => Count::ZERO,
        };
        a.basin = Basin::Reachability {
            weak: size.clone(),
            strong: size,
            probability: Some(p),
            estimate: None,
        };
    }
    Ok(exploration)
}
