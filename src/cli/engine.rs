//! What several commands share: the library's engine options from the flags, reading the
//! phenotype file, resolving the conditions to run under, and running on `--jobs N` threads.
//! The engine itself is chosen by the library ([`basin::engine::explore`]).

use super::args::{EngineArg, MethodArg, PhenotypeArgs, UpdateArg, UpdatesArg};
use basin::Error;
use basin::attractor::UpdateScheme;
use basin::cancel::Cancel;
use basin::condition::{Condition, ConditionFile, DefaultConditions, Selection, SelectionError};
use basin::engine::{Engine, EngineOptions};
use basin::network::{Network, VarId};
use basin::phenotype::{PhenotypeSpec, Phenotypes};
use std::io::Write;

/// The library's engine options from the command line's flags: `--engine` (or the older
/// `--method sample`, the same as `--engine sample`), samples and seed, the memory limit, and a
/// cancellation token with the `--timeout` deadline.
pub(crate) fn engine_options(
    engine: EngineArg,
    method: MethodArg,
    samples: u64,
    seed: u64,
    max_memory: Option<u64>,
    timeout: Option<std::time::Duration>,
) -> EngineOptions {
    let engine = match (engine, method) {
        (EngineArg::Auto, MethodArg::Sample) | (EngineArg::Sample, _) => Engine::Sample,
        (EngineArg::Auto, MethodArg::Exhaustive) => Engine::Auto,
        (EngineArg::Explicit, _) => Engine::Explicit,
        (EngineArg::Symbolic, _) => Engine::Symbolic,
    };
    EngineOptions {
        engine,
        samples,
        seed,
        max_memory,
        cancel: Cancel::new().with_timeout(timeout),
        ..EngineOptions::default()
    }
}

impl From<UpdateArg> for UpdateScheme {
    fn from(u: UpdateArg) -> UpdateScheme {
        match u {
            UpdateArg::Sync => UpdateScheme::Synchronous,
            UpdateArg::Async => UpdateScheme::Asynchronous,
            UpdateArg::Mp => UpdateScheme::MostPermissive,
            UpdateArg::General => UpdateScheme::General,
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

/// The conditions selected by `--condition`, `--all-conditions`, `--input` or the default,
/// by the library's one rule ([`Selection::resolve`]); its refusals are worded as flags.
/// `None` means "no condition": explore with only the `--input` values fixed.
pub(crate) fn select_conditions(
    args: &PhenotypeArgs,
    network: &Network,
    inputs: &[(VarId, bool)],
    default: DefaultConditions,
) -> Result<Option<Vec<Condition>>, Error> {
    let selection = Selection {
        names: args.condition.clone(),
        all: args.all_conditions,
        inputs: inputs.to_vec(),
        classes: args.input_classes,
    };
    let has_file = args.conditions.is_some() || args.phenotypes.is_some();
    let named = if has_file {
        named_conditions(args, network)?
    } else {
        Vec::new()
    };
    let selected = selection
        .resolve(network, has_file.then_some(named.as_slice()), default)
        .map_err(|e| match e {
            Error::Selection(SelectionError::InputsWithConditions) => Error::Invalid(
                "--input cannot be combined with --condition or --all-conditions; a condition \
                 sets every input"
                    .into(),
            ),
            Error::Selection(SelectionError::NoConditionFile) => Error::Invalid(
                "--condition needs --phenotypes FILE or --conditions FILE naming it".into(),
            ),
            other => other,
        })?;
    if let (true, Some(classes)) = (args.input_classes, &selected) {
        let inputs = network.inputs().len();
        let _ = writeln!(
            std::io::stderr(),
            "{} input combinations in {} input classes (combinations that give every other \
             node the same rule): one condition per class, the first of each",
            1u64 << inputs,
            classes.len()
        );
    }
    Ok(selected)
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

/// The priority classes `--priorities FILE` names, read against `network`.
pub(crate) fn priorities(
    args: &super::args::EngineArgs,
    network: &basin::network::Network,
) -> Result<Option<basin::priority::Priorities>, Error> {
    args.priorities
        .as_deref()
        .map(|path| basin::priority::Priorities::read(network, path))
        .transpose()
}

/// Refuses `--priorities` on a command that does not explore under them.
pub(crate) fn no_priorities(args: &super::args::EngineArgs, command: &str) -> Result<(), Error> {
    match &args.priorities {
        Some(_) => Err(Error::Invalid(format!(
            "--priorities: {command} does not take priority classes (attractors, knockout, screen \
             and protocol do)"
        ))),
        None => Ok(()),
    }
}
