//! The library's front door: [`explore`] finds the attractors of a network under an update
//! scheme, choosing the engine and applying the policy every caller shares (memory budget,
//! defaults, cancellation). The command line, screens, expectations, benches, tests, fuzz
//! targets and bindings all come through here; nothing else dispatches between engines.
//!
//! Engines:
//! * **explicit** ([`crate::synchronous`], [`crate::asynchronous`]): every state of the reduced
//!   core, bit-packed; exact attractors, basins and (asynchronous) reach probabilities; cores
//!   up to 32 free variables (synchronous) or as many as the memory limit allows
//!   (asynchronous);
//! * **sample**: random initial states followed to their attractors (synchronous) or random
//!   walks (asynchronous); the list may be incomplete and shares are estimates with 95 %
//!   intervals;
//! * **symbolic** ([`crate::symbolic`]): BDDs; exact attractors and basin counts whatever the
//!   size of the space; reach probabilities (asynchronous) estimated by
//!   [`EngineOptions::samples`] random walks, with 95 % intervals
//!   (`Basin::Reachability::estimate`; the exact `probability` stays absent);
//! * **auto** (the default) picks by the size of the reduced core ([`auto_engine`]): the
//!   explicit engine up to [`AUTO_EXPLICIT_ASYNC`] free core variables under asynchronous
//!   update and [`AUTO_EXPLICIT_SYNC`] under synchronous update, the symbolic engine beyond.
//!
//! **The rule and its measurements** (release build, whole `basin attractors --engine E`
//! processes, 2 shared cores; random networks are the benches' BoolNet-style K = 3 networks
//! with random truth tables, `benches/compare/write_networks.rs`):
//!
//! | model (core) | async explicit | async symbolic | sync explicit | sync symbolic |
//! |---|---|---|---|---|
//! | random n = 20 | 0.01 s | 0.03 s | 0.02 s | 0.49 s |
//! | random n = 24 | 0.10 s | 0.05 s | 0.28 s | 0.37 s |
//! | random n = 28 | 1.96 s (refused: probabilities) | 0.13 s | 6.64 s | 3.31 s |
//! | random n = 32 | 17.6 s | 0.94 s | > 60 s | 17.8 s |
//! | bbm-005 (28 variables) | 1.95 s | 0.09 s | 7.08 s | 1.45 s |
//! | bbm-044 (26) | > 60 s (probabilities) | 0.19 s | 0.60 s | 0.74 s |
//! | bbm-061 (26) | 0.20 s | 0.05 s | 0.70 s | 0.66 s |
//! | bbm-020 (41) | refused | 0.28 s | refused | 36.9 s |
//! | ring n = 20 (`tests/bad_input.rs`) | 1.97 s | 0.30 s | | |
//! | ring n = 24 | > 30 s | 0.21 s | | |
//!
//! The explicit engine alone gives exact reach probabilities, which phenotype shares need, and
//! it is as fast or faster on small cores; its probabilities grow expensive first under
//! asynchronous update (a 24-variable ring: more than 30 s against 0.2 s), so `auto` keeps it
//! up to 20 core variables there and 24 under synchronous update, and uses the symbolic engine
//! beyond.
//!
//! Callers that run many explorations (screens, `compare`, expectations) take an
//! [`Explorer`]; [`EngineOptions`] is the one every caller uses, and any closure of the same
//! shape is one too (tests use this to count or fake explorations).

mod memory;

pub use memory::{default_max_memory, per_exploration_memory};

use crate::asynchronous::{self, AsyncConfig};
use crate::attractor::{Exploration, MAX_STORED_STATES, Method, UpdateScheme};
use crate::cancel::Cancel;
use crate::error::Error;
use crate::network::{Network, VarId};
use crate::priority::Priorities;
use crate::reduce::Reduction;
use crate::synchronous::{self, SyncConfig, SyncExplorer};
use crate::trajectory::Start;
use std::cell::RefCell;
use std::fmt;
use std::str::FromStr;

/// Which engine answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Engine {
    /// Let the library choose (see the module documentation for the rule).
    #[default]
    Auto,
    /// Every state of the reduced core, exactly.
    Explicit,
    /// Random initial states or random walks; estimates with intervals.
    Sample,
    /// BDDs ([`crate::symbolic`]): exact attractors and basin counts of networks of any size;
    /// reach probabilities estimated by random walks.
    Symbolic,
}

impl Engine {
    /// Every engine, in the order the documentation lists them.
    pub const ALL: [Engine; 4] = [
        Engine::Auto,
        Engine::Explicit,
        Engine::Sample,
        Engine::Symbolic,
    ];

    /// `"auto"`, `"explicit"`, `"sample"` or `"symbolic"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Auto => "auto",
            Engine::Explicit => "explicit",
            Engine::Sample => "sample",
            Engine::Symbolic => "symbolic",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Engine {
    type Err = Error;
    fn from_str(s: &str) -> Result<Engine, Error> {
        Engine::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| Error::invalid_value("engine", s, "auto, explicit, sample or symbolic"))
    }
}

/// Default number of samples of the sampling engine.
pub const DEFAULT_SAMPLES: u64 = 100_000;
/// Default seed of the sampling engine.
pub const DEFAULT_SEED: u64 = 1;

/// How to explore, whatever the update scheme. `EngineOptions::default()` is what the command
/// line uses when no option is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineOptions {
    /// The engine (default [`Engine::Auto`]).
    pub engine: Engine,
    /// Samples drawn by the sampling engine, and random walks the symbolic engine estimates
    /// reach probabilities with (default [`DEFAULT_SAMPLES`]).
    pub samples: u64,
    /// Seed of the sampling engine's and the symbolic engine's walks (default
    /// [`DEFAULT_SEED`]).
    pub seed: u64,
    /// The most bytes one exploration may allocate; `None` (default) for
    /// [`default_max_memory`]. Callers running several explorations at once divide it with
    /// [`per_exploration_memory`].
    pub max_memory: Option<u64>,
    /// States kept per attractor (default [`MAX_STORED_STATES`]): labels are computed from all
    /// of them, so keep the default when labelling and shorten the listing in the report.
    pub max_states: usize,
    /// Asynchronous: compute reach probabilities (default `true`): exactly (explicit engine)
    /// or estimated by random walks (symbolic engine). Without them only attractors and
    /// weak/strong basins are computed, and `probability` and `estimate` are absent.
    pub probabilities: bool,
    /// Compute basins (default `true`). `false` asks for the attractors only: the symbolic
    /// engine then skips its weak/strong (or synchronous) basins and its random walks, and
    /// every basin is [`crate::attractor::Basin::NotComputed`]; the explicit engine, whose
    /// basins come with its search, skips only the reach probabilities and keeps its counts.
    /// Label shares, shifts and screens need basins.
    pub basins: bool,
    /// Stops running explorations (timeouts, Ctrl-C, a binding's interrupt).
    pub cancel: Cancel,
    /// Where the cell starts (default `None`: a uniformly random state). With a start, each
    /// attractor's share is the probability of ending in it from there
    /// ([`crate::trajectory::explore_from`]; explicit engine only).
    pub start: Option<Start>,
    /// Priority classes ([`crate::priority`]; default `None`): asynchronous update where only
    /// the fastest class with an updatable variable moves. Explicit engine only, asynchronous
    /// update only.
    pub priorities: Option<Priorities>,
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions {
            engine: Engine::Auto,
            samples: DEFAULT_SAMPLES,
            seed: DEFAULT_SEED,
            max_memory: None,
            max_states: MAX_STORED_STATES as usize,
            probabilities: true,
            basins: true,
            cancel: Cancel::NEVER,
            start: None,
            priorities: None,
        }
    }
}

impl EngineOptions {
    /// The options with `engine` chosen.
    pub fn with_engine(mut self, engine: Engine) -> EngineOptions {
        self.engine = engine;
        self
    }

    /// The search method these options stand for.
    pub fn method(&self) -> Method {
        match self.engine {
            Engine::Sample => Method::Sampled {
                samples: self.samples,
                seed: self.seed,
            },
            Engine::Auto | Engine::Explicit | Engine::Symbolic => Method::Exhaustive,
        }
    }

    /// The random walks the symbolic engine estimates reach probabilities with: asynchronous
    /// update with [`EngineOptions::probabilities`], [`EngineOptions::samples`] walks seeded
    /// from [`EngineOptions::seed`] (the sampling engine's policy: one seed, walk `j` seeded
    /// `seed + j`); `None` otherwise (synchronous basins are exact counts).
    pub fn symbolic_walks(&self, update: UpdateScheme) -> Option<crate::symbolic::Walks> {
        (update == UpdateScheme::Asynchronous && self.probabilities && self.basins).then(|| {
            crate::symbolic::Walks {
                samples: self.samples,
                seed: self.seed,
                ..crate::symbolic::Walks::default()
            }
        })
    }

    fn sync_config(&self) -> SyncConfig {
        SyncConfig {
            method: self.method(),
            max_memory: self.max_memory,
            cancel: self.cancel.clone(),
        }
    }

    fn async_config(&self) -> AsyncConfig {
        AsyncConfig {
            method: self.method(),
            max_memory: self.max_memory,
            max_states: self.max_states,
            probabilities: self.probabilities && self.basins,
            cancel: self.cancel.clone(),
            priorities: self.priorities.clone(),
            ..AsyncConfig::default()
        }
    }
}

/// Finds the attractors of `network` with the variables of `fixed` held at their values
/// (inputs of a condition, perturbations; constants are always fixed), under `update`, with
/// their basins. With [`EngineOptions::start`] set, shares are taken from that start
/// ([`crate::trajectory::explore_from`]).
///
/// # Errors
/// [`Error::TooLarge`] (with a [`crate::error::Remedy`]) when the work would not fit in the
/// memory allowed, [`Error::Cancelled`] when `options.cancel` was raised, and the errors of
/// the engines (a variable fixed to two values, a core too large for the method).
///
/// # Examples
/// ```
/// use basin::engine::{explore, EngineOptions};
/// use basin::parse::{parse_str, Format, ParseOptions};
/// use basin::UpdateScheme;
/// let net = parse_str("A, !B\nB, A\n", &ParseOptions::new(Format::Bnet))?.network;
/// let result = explore(&net, &[], UpdateScheme::Asynchronous, &EngineOptions::default())?;
/// assert_eq!(result.attractors.len(), 1);
/// assert_eq!(result.engine.name, "explicit");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn explore(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
    options: &EngineOptions,
) -> Result<Exploration, Error> {
    options.cancel.check()?;
    if let Some(priorities) = &options.priorities {
        return explore_prioritised(network, fixed, update, priorities, options);
    }
    if update == UpdateScheme::General {
        return explore_general(network, fixed, options);
    }
    if update == UpdateScheme::MostPermissive {
        if options.start.is_some() {
            return Err(Error::Limit {
                what: "the most permissive update reports minimal trap spaces, not where a start \
                       goes"
                    .into(),
                remedies: Vec::new(),
            });
        }
        // Whatever the engine: the most permissive attractors are the minimal trap spaces.
        let config = crate::trapspace::TrapConfig {
            max_memory: options.max_memory,
            cancel: options.cancel.clone(),
            ..crate::trapspace::TrapConfig::default()
        };
        return crate::trapspace::most_permissive(network, fixed, &config, options.max_states);
    }
    if let Some(start) = &options.start {
        return crate::trajectory::explore_from(network, fixed, update, start, options);
    }
    // One reduction serves the choice and the explicit engines (a screen runs tens of
    // thousands of small explorations: reducing twice cost it about 10 % of its time).
    let reduction = match options.engine {
        Engine::Symbolic => None,
        _ => Some(Reduction::new(network, fixed)?),
    };
    let engine = match (&options.engine, &reduction) {
        (Engine::Auto, Some(r)) => auto_engine_for(r.core().len(), update),
        (other, _) => *other,
    };
    if engine == Engine::Symbolic {
        let config = crate::symbolic::SymbolicConfig {
            max_memory: options.max_memory,
            max_states: options.max_states,
            basins: options.basins,
            walks: options.symbolic_walks(update),
            cancel: options.cancel.clone(),
            ..crate::symbolic::SymbolicConfig::default()
        };
        return crate::symbolic::attractors(network, fixed, update, &config);
    }
    let reduction = reduction.expect("made for every engine but the symbolic one");
    match update {
        UpdateScheme::Synchronous => {
            with_sync_buffers(|sync| sync.attractors_reduced(reduction, &options.sync_config()))
        }
        UpdateScheme::Asynchronous => {
            asynchronous::attractors_reduced(network, reduction, &options.async_config())
        }
        UpdateScheme::MostPermissive | UpdateScheme::General => unreachable!("answered above"),
    }
}

/// The attractors of `network` with `fixed` held under `update`, counted exactly without
/// listing them or computing basins: the number of fixed points and the sizes of the other
/// attractors. Always symbolic (a count needs no state listed, so it answers models whose
/// attractors are too many to list: bbm-124 has about 1.4·10^40), within `options`' memory
/// budget and cancel token.
///
/// # Errors
/// [`Error::Limit`] for the most permissive and general schemes, priority classes or a start
/// (counts are of the plain synchronous and asynchronous attractors); otherwise as
/// [`crate::symbolic::attractors`].
pub fn count_attractors(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
    options: &EngineOptions,
) -> Result<crate::symbolic::AttractorCounts, Error> {
    options.cancel.check()?;
    let refused = |what: &str| Error::Limit {
        what: format!("counting attractors {what}"),
        remedies: Vec::new(),
    };
    if matches!(update, UpdateScheme::MostPermissive | UpdateScheme::General) {
        return Err(refused(&format!(
            "under {update} update (synchronous or asynchronous only)"
        )));
    }
    if options.priorities.is_some() || options.start.is_some() {
        return Err(refused("with priority classes or a start"));
    }
    let config = crate::symbolic::SymbolicConfig {
        max_memory: options.max_memory,
        basins: false,
        walks: None,
        cancel: options.cancel.clone(),
        ..crate::symbolic::SymbolicConfig::default()
    };
    crate::symbolic::count_attractors(network, fixed, update, &config)
}

/// [`explore`] under general asynchronous update: the explicit state graph
/// ([`crate::general::attractors`], at most [`crate::asynchronous::NAIVE_MAX_FREE`] free
/// variables, within the memory allowed, from a uniformly random state). The symbolic and
/// sampling engines and a start refuse.
fn explore_general(
    network: &Network,
    fixed: &[(VarId, bool)],
    options: &EngineOptions,
) -> Result<Exploration, Error> {
    let refused = |what: String| Error::Limit {
        what,
        remedies: Vec::new(),
    };
    if matches!(options.engine, Engine::Symbolic | Engine::Sample) {
        return Err(refused(format!(
            "general asynchronous update is explored by the explicit engine (its state graph), \
             not the {} engine",
            options.engine
        )));
    }
    if options.start.is_some() {
        return Err(refused(
            "general asynchronous update reports shares from a uniformly random state only, \
             not from a start"
                .into(),
        ));
    }
    let max_memory = options.max_memory.unwrap_or_else(default_max_memory);
    crate::general::attractors(network, fixed, max_memory)
}

/// [`explore`] under priority classes: the explicit asynchronous engine with its "can flip"
/// sets restricted to the fastest class ([`crate::priority`]), or, for a synchronous class of
/// several variables, the explicit state graph ([`crate::priority::naive_attractors`], at most
/// [`crate::asynchronous::NAIVE_MAX_FREE`] free variables, no start).
fn explore_prioritised(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
    priorities: &Priorities,
    options: &EngineOptions,
) -> Result<Exploration, Error> {
    let refused = |what: String| crate::asynchronous::priority_refused(&what);
    if update != UpdateScheme::Asynchronous {
        return Err(refused(format!(
            "priority classes refine asynchronous update, not {update} update (a class can be \
             synchronous inside)"
        )));
    }
    if matches!(options.engine, Engine::Symbolic | Engine::Sample) {
        return Err(refused(format!(
            "priority classes are explored by the explicit engine, not the {} engine",
            options.engine
        )));
    }
    if priorities.has_synchronous_class() {
        if options.start.is_some() {
            return Err(refused(
                "a start under a synchronous priority class of several variables".into(),
            ));
        }
        return crate::priority::naive_attractors(network, fixed, priorities);
    }
    let reduction = Reduction::keeping_outputs(network, fixed)?;
    let config = options.async_config();
    match &options.start {
        Some(start) => {
            start.check(network)?;
            asynchronous::attractors_reduced_from(network, reduction, &config, start)
        }
        None => asynchronous::attractors_reduced(network, reduction, &config),
    }
}

/// Under [`Engine::Auto`], the largest reduced core (free variables after fixed variables and
/// output cascades are removed) explored by the explicit engine under asynchronous update.
pub const AUTO_EXPLICIT_ASYNC: usize = 20;
/// As [`AUTO_EXPLICIT_ASYNC`], under synchronous update.
pub const AUTO_EXPLICIT_SYNC: usize = 24;

/// The engine [`Engine::Auto`] stands for on this network: explicit while the reduced core is
/// within [`AUTO_EXPLICIT_ASYNC`] / [`AUTO_EXPLICIT_SYNC`] variables, symbolic beyond (see the
/// module documentation for the measurements).
///
/// # Errors
/// [`Error::ConflictingAssignment`] when a variable is fixed to two values.
pub fn auto_engine(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
) -> Result<Engine, Error> {
    let core = Reduction::new(network, fixed)?.core().len();
    Ok(auto_engine_for(core, update))
}

fn auto_engine_for(core: usize, update: UpdateScheme) -> Engine {
    let limit = match update {
        UpdateScheme::Asynchronous => AUTO_EXPLICIT_ASYNC,
        UpdateScheme::Synchronous => AUTO_EXPLICIT_SYNC,
        // Trap spaces are symbolic only.
        UpdateScheme::MostPermissive => return Engine::Symbolic,
        // The general asynchronous state graph is explicit only.
        UpdateScheme::General => return Engine::Explicit,
    };
    if core <= limit {
        Engine::Explicit
    } else {
        Engine::Symbolic
    }
}

thread_local! {
    /// The synchronous explorer's buffers, reused by the explorations of one thread (a screen
    /// runs tens of thousands of small ones per worker).
    static SYNC_BUFFERS: RefCell<SyncExplorer> = RefCell::new(SyncExplorer::new());
}

/// Buffers above this size are freed after use instead of being kept for the next exploration.
const KEEP_SYNC_BUFFERS: usize = 64 << 20;

fn with_sync_buffers<T>(f: impl FnOnce(&mut SyncExplorer) -> T) -> T {
    SYNC_BUFFERS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut sync) => {
            let out = f(&mut sync);
            if sync.buffer_bytes() > KEEP_SYNC_BUFFERS {
                *sync = SyncExplorer::new();
            }
            out
        }
        // Re-entered on this thread (a worker stole another exploration while waiting inside
        // this one): use fresh buffers.
        Err(_) => f(&mut SyncExplorer::new()),
    })
}

/// Something that explores networks: what screens, knockout comparisons and expectations call
/// once per (fixed values, update scheme). [`EngineOptions`] is the implementation every
/// caller uses; closures of the same shape are too.
pub trait Explorer: Sync {
    /// The exploration of `network` with `fixed` held, under `update`.
    ///
    /// # Errors
    /// As [`explore`].
    fn explore(
        &self,
        network: &Network,
        fixed: &[(VarId, bool)],
        update: UpdateScheme,
    ) -> Result<Exploration, Error>;

    /// The cancellation token the explorations poll, so that callers running many of them can
    /// stop scheduling more ([`Cancel::NEVER`] by default).
    fn cancel(&self) -> Cancel {
        Cancel::NEVER
    }

    /// The exploration of `network` with `fixed` held, under `update`, each attractor's share
    /// being the probability of ending in it from `start` (protocols and statements with a
    /// start). Explorers that cannot start elsewhere refuse (the default).
    ///
    /// # Errors
    /// As [`explore`] with [`EngineOptions::start`] set; [`Error::Limit`] from the default.
    fn explore_from(
        &self,
        network: &Network,
        fixed: &[(VarId, bool)],
        update: UpdateScheme,
        start: &Start,
    ) -> Result<Exploration, Error> {
        let _ = (network, fixed, update, start);
        Err(Error::Limit {
            what: "this explorer only starts from a uniformly random state".into(),
            remedies: Vec::new(),
        })
    }
}

impl Explorer for EngineOptions {
    fn explore(
        &self,
        network: &Network,
        fixed: &[(VarId, bool)],
        update: UpdateScheme,
    ) -> Result<Exploration, Error> {
        explore(network, fixed, update, self)
    }

    fn cancel(&self) -> Cancel {
        self.cancel.clone()
    }

    fn explore_from(
        &self,
        network: &Network,
        fixed: &[(VarId, bool)],
        update: UpdateScheme,
        start: &Start,
    ) -> Result<Exploration, Error> {
        let options = EngineOptions {
            start: Some(start.clone()),
            ..self.clone()
        };
        explore(network, fixed, update, &options)
    }
}

impl<F> Explorer for F
where
    F: Fn(&Network, &[(VarId, bool)], UpdateScheme) -> Result<Exploration, Error> + Sync,
{
    fn explore(
        &self,
        network: &Network,
        fixed: &[(VarId, bool)],
        update: UpdateScheme,
    ) -> Result<Exploration, Error> {
        self(network, fixed, update)
    }
}

/// The asynchronous explorer's naive reference, for tests.
pub use crate::asynchronous::naive_attractors as naive_asynchronous;
/// The synchronous explorer's naive reference, for tests: every state stepped one at a time.
pub use crate::synchronous::naive_attractors as naive_synchronous;

/// Explores with `options` but through the naive references (small networks only: tests and
/// fuzz targets compare every engine against these).
///
/// # Errors
/// As the naive explorers: a network with too many free variables.
pub fn explore_naive(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
) -> Result<Exploration, Error> {
    match update {
        UpdateScheme::Synchronous => synchronous::naive_attractors(network, fixed),
        UpdateScheme::Asynchronous => asynchronous::naive_attractors(network, fixed),
        UpdateScheme::MostPermissive => {
            crate::trapspace::naive_most_permissive(network, fixed, MAX_STORED_STATES as usize)
        }
        UpdateScheme::General => crate::general::attractors(network, fixed, u64::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_read_back_from_their_names() {
        for e in Engine::ALL {
            assert_eq!(e.as_str().parse::<Engine>().unwrap(), e);
        }
        assert!("fast".parse::<Engine>().is_err());
    }

    #[test]
    fn default_options_keep_every_state_labels_need() {
        let o = EngineOptions::default();
        assert_eq!(o.max_states, MAX_STORED_STATES as usize);
        assert_eq!(o.method(), Method::Exhaustive);
        assert_eq!(
            o.with_engine(Engine::Sample).method(),
            Method::Sampled {
                samples: DEFAULT_SAMPLES,
                seed: DEFAULT_SEED
            }
        );
    }
}
