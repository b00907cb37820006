//! What several commands share: choosing the explorer for an update scheme, reading the
//! phenotype file, resolving the conditions to run under, and running on `--jobs N` threads.

use super::args::{MethodArg, PhenotypeArgs, UpdateArg, UpdatesArg};
use basin::Error;
use basin::asynchronous::{self, AsyncConfig};
use basin::attractor::{Exploration, MAX_STORED_STATES, Method, UpdateScheme};
use basin::cancel::Cancel;
use basin::condition::{Condition, ConditionFile, all_conditions, find};
use basin::network::{Network, VarId};
use basin::phenotype::{PhenotypeSpec, Phenotypes};
use basin::synchronous::{self, SyncConfig, SyncExplorer};

/// How to explore, whatever the update scheme.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EngineOptions {
    pub(crate) method: Method,
    pub(crate) max_memory: Option<u64>,
    /// States kept per complex attractor. Phenotype labels need them all, so commands that label
    /// attractors keep up to `MAX_STORED_STATES` and cut the listing in the report instead.
    pub(crate) max_states: usize,
    /// Stops running explorations (a screen's `--timeout` and Ctrl-C).
    pub(crate) cancel: Cancel,
}

impl EngineOptions {
    pub(crate) fn new(
        method: MethodArg,
        samples: u64,
        seed: u64,
        max_memory: Option<u64>,
    ) -> EngineOptions {
        let method = match method {
            MethodArg::Exhaustive => Method::Exhaustive,
            MethodArg::Sample => Method::Sampled { samples, seed },
        };
        EngineOptions {
            method,
            max_memory,
            max_states: MAX_STORED_STATES as usize,
            cancel: Cancel::NEVER,
        }
    }
}

/// The memory limit of each exploration when up to `concurrent` run at once: `--max-memory` as
/// given (it is per exploration), or else the default share of memory divided among them, so
/// parallel explorations together stay within it.
pub(crate) fn per_exploration_memory(
    max_memory: Option<u64>,
    jobs: Option<u16>,
    explorations: usize,
) -> Option<u64> {
    let workers = jobs.map_or_else(rayon::current_num_threads, usize::from);
    let concurrent = workers.min(explorations).max(1) as u64;
    Some(max_memory.unwrap_or_else(|| synchronous::default_max_memory() / concurrent))
}

/// Explores `network` with `fixed` held, under `update`.
pub(crate) fn explore(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
    options: &EngineOptions,
) -> Result<Exploration, Error> {
    match update {
        UpdateScheme::Synchronous => synchronous::attractors(
            network,
            fixed,
            &SyncConfig {
                method: options.method,
                max_memory: options.max_memory,
                cancel: options.cancel,
            },
        ),
        UpdateScheme::Asynchronous => {
            asynchronous::attractors(network, fixed, &async_config(options))
        }
    }
}

/// As [`explore`], reusing a synchronous explorer's buffers (one per screen worker).
pub(crate) fn explore_with(
    sync: &mut SyncExplorer,
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
    options: &EngineOptions,
) -> Result<Exploration, Error> {
    match update {
        UpdateScheme::Synchronous => sync.attractors(
            network,
            fixed,
            &SyncConfig {
                method: options.method,
                max_memory: options.max_memory,
                cancel: options.cancel,
            },
        ),
        UpdateScheme::Asynchronous => {
            asynchronous::attractors(network, fixed, &async_config(options))
        }
    }
}

fn async_config(options: &EngineOptions) -> AsyncConfig {
    AsyncConfig {
        method: options.method,
        max_memory: options.max_memory,
        max_states: options.max_states,
        cancel: options.cancel,
        ..AsyncConfig::default()
    }
}

impl From<UpdateArg> for UpdateScheme {
    fn from(u: UpdateArg) -> UpdateScheme {
        match u {
            UpdateArg::Sync => UpdateScheme::Synchronous,
            UpdateArg::Async => UpdateScheme::Asynchronous,
        }
    }
}

/// The update schemes a `--update sync|async|both` stands for.
pub(crate) fn updates(u: UpdatesArg) -> Vec<UpdateScheme> {
    match u {
        UpdatesArg::Sync => vec![UpdateScheme::Synchronous],
        UpdatesArg::Async => vec![UpdateScheme::Asynchronous],
        UpdatesArg::Both => vec![UpdateScheme::Synchronous, UpdateScheme::Asynchronous],
    }
}

/// Reads and binds the phenotype file, if one was given.
pub(crate) fn phenotypes(
    args: &PhenotypeArgs,
    network: &Network,
) -> Result<Option<Phenotypes>, Error> {
    let Some(path) = &args.phenotypes else {
        if args.threshold.is_some() {
            return Err(Error::Invalid("--threshold needs --phenotypes".into()));
        }
        return Ok(None);
    };
    let mut spec = PhenotypeSpec::read(path)?;
    if let Some(t) = args.threshold {
        spec = spec.with_threshold(t)?;
    }
    spec.bind(network).map(Some)
}

/// The named conditions: from `--conditions FILE`, else from the phenotype file.
pub(crate) fn named_conditions(
    args: &PhenotypeArgs,
    network: &Network,
) -> Result<Vec<Condition>, Error> {
    let path = match (&args.conditions, &args.phenotypes) {
        (Some(p), _) | (None, Some(p)) => p,
        (None, None) => return Ok(Vec::new()),
    };
    ConditionFile::read(path)?.bind(network)
}

/// What to run under when the user names no condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DefaultConditions {
    /// No condition: inputs not fixed by `--input` stay free.
    FreeInputs,
    /// Every named condition of the file, or all inputs off when the file names none.
    Named,
}

/// The conditions selected by `--condition`, `--all-conditions`, `--input` or the default.
/// `None` means "no condition": explore with only the `--input` values fixed.
pub(crate) fn select_conditions(
    args: &PhenotypeArgs,
    network: &Network,
    inputs: &[(VarId, bool)],
    default: DefaultConditions,
) -> Result<Option<Vec<Condition>>, Error> {
    let explicit = !args.condition.is_empty() || args.all_conditions;
    if explicit && !inputs.is_empty() {
        return Err(Error::Invalid(
            "--input cannot be combined with --condition or --all-conditions; a condition sets every input".into(),
        ));
    }
    if args.all_conditions {
        return all_conditions(network).map(Some);
    }
    let named = named_conditions(args, network)?;
    if !args.condition.is_empty() {
        if named.is_empty() && args.conditions.is_none() && args.phenotypes.is_none() {
            return Err(Error::Invalid(
                "--condition needs --phenotypes FILE or --conditions FILE naming it".into(),
            ));
        }
        return args
            .condition
            .iter()
            .map(|name| find(&named, name).cloned())
            .collect::<Result<_, _>>()
            .map(Some);
    }
    if !inputs.is_empty() {
        return match default {
            DefaultConditions::FreeInputs => Ok(None),
            DefaultConditions::Named => Ok(Some(vec![Condition::from_inputs(network, inputs)])),
        };
    }
    match default {
        DefaultConditions::FreeInputs => Ok(None),
        DefaultConditions::Named if named.is_empty() => {
            Ok(Some(vec![Condition::from_inputs(network, &[])]))
        }
        DefaultConditions::Named => Ok(Some(named)),
    }
}

/// Runs `f` on a rayon pool of `jobs` threads (the global pool when `None`).
pub(crate) fn with_jobs<T: Send>(
    jobs: Option<u16>,
    f: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    match jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build()
            .map_err(|e| Error::Invalid(format!("--jobs {n}: {e}")))?
            .install(f),
        None => f(),
    }
}
