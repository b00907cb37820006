//! Protocols (order of exposure): a sequence of conditions; the cell settles under each and
//! carries the attractors it reached, weighted by their probabilities, into the next.

use super::Start;
use crate::attractor::{Exploration, UpdateScheme};
use crate::engine::{EngineOptions, Explorer};
use crate::error::Error;
use crate::network::{Network, VarId};

/// One step of a protocol and where the cell is after it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProtocolStep {
    /// The condition's name.
    pub condition: String,
    /// The start of this step, in words.
    pub start: String,
    /// The attractors under the condition, each with its probability from the step's start.
    pub exploration: Exploration,
}

/// Runs a protocol: `steps` are (name, fixed values) pairs, applied in order. The first step
/// starts from `start` (a uniformly random state when `None`); each later step starts from
/// the attractors the previous one reached, each weighted by its probability and its states
/// equally, with the new condition's fixed values applied at once (inputs switch, the rest of
/// the state is kept).
///
/// Exact: each step is one [`explore`](crate::engine::explore) from a [`Start`], so the distribution after step `t` is
/// the composition of the per-condition absorption maps.
///
/// # Errors
/// [`Error::Invalid`] for an empty protocol or a reached attractor whose states are not all
/// listed (raise [`EngineOptions::max_states`]); the errors of [`explore`](crate::engine::explore) from a start
/// (explicit engine only).
pub fn protocol(
    network: &Network,
    steps: &[(String, Vec<(VarId, bool)>)],
    start: Option<&Start>,
    update: UpdateScheme,
    options: &EngineOptions,
) -> Result<Vec<ProtocolStep>, Error> {
    // Without a start the first step is an ordinary exploration, on the explicit engine (the
    // only one with exact probabilities).
    let options = EngineOptions {
        start: None,
        engine: match options.engine {
            crate::engine::Engine::Auto => crate::engine::Engine::Explicit,
            other => other,
        },
        ..options.clone()
    };
    protocol_with(network, steps, start, update, &options)
}

/// [`protocol`] through any [`Explorer`] (expectations use theirs): a step without a start is
/// [`Explorer::explore`], every other one [`Explorer::explore_from`].
///
/// # Errors
/// As [`protocol`]; [`Error::Limit`] when a step's exploration has no shares (the symbolic
/// engine computes no reach probabilities).
pub fn protocol_with(
    network: &Network,
    steps: &[(String, Vec<(VarId, bool)>)],
    start: Option<&Start>,
    update: UpdateScheme,
    explorer: &dyn Explorer,
) -> Result<Vec<ProtocolStep>, Error> {
    if steps.is_empty() {
        return Err(Error::Invalid("a protocol needs at least one step".into()));
    }
    let mut current = start.cloned();
    let mut out: Vec<ProtocolStep> = Vec::with_capacity(steps.len());
    let mut path: Vec<&str> = Vec::new();
    for (name, fixed) in steps {
        explorer.cancel().check()?;
        let exploration = match &current {
            Some(s) => explorer.explore_from(network, fixed, update, s)?,
            None => explorer.explore(network, fixed, update)?,
        };
        crate::screen::require_shares(&exploration)?;
        let described = match &current {
            Some(s) => s.to_string(),
            None => "a uniformly random state".to_string(),
        };
        path.push(name);
        let weights: Vec<f64> = exploration
            .attractors
            .iter()
            .map(|a| a.basin.share(&exploration.explored_states).unwrap_or(0.0))
            .collect();
        current = Some(Start::from_attractors(
            format!("the attractors after {}", path.join(" → ")),
            &exploration,
            &weights,
        )?);
        out.push(ProtocolStep {
            condition: name.clone(),
            start: described,
            exploration,
        });
    }
    Ok(out)
}
