//! Trap spaces and the most permissive semantics, on BDDs, without a solver.
//!
//! A **subspace** fixes some variables and leaves the others free (`*`); it is a **trap space**
//! when no update leaves it: every variable it fixes to `b` has its function equal to `b` in
//! every state of the subspace. Trap spaces are closed under every update scheme, so each
//! contains at least one asynchronous (and synchronous) attractor. **Minimal** trap spaces
//! (no smaller trap space inside) are the attractors of the most permissive semantics (Paulevé
//! et al., Nat. Commun. 2020; what mpbn computes); **maximal** ones (no larger trap space
//! around them, the whole space left out) are the stable motifs' subspaces.
//!
//! As everywhere in basin, fixed variables (constants, inputs fixed by a condition, perturbed
//! nodes) are not explored: the trap spaces listed are those inside the subspace where they
//! hold their values (a trap space itself). Minimal trap spaces are the same as the whole
//! network's inside that subspace.
//!
//! **Two methods for minimal trap spaces, raced.** A depth-first search (`search`) finds
//! them one by one with propagation and blocking clauses, never building the set of all trap
//! spaces; the BDD method below builds that set and counts any number of minimal ones in one
//! pass. Each is hopeless where the other is fast: the search on `2^38` minimal trap spaces,
//! the BDD method on models whose set of all trap spaces is hard to build although the minimal
//! ones are few (13 corpus models it could not answer in 60 s: bbm-083's 2 760 in 1.3 s by the
//! search). So [`trap_spaces`] runs both side by side (rayon; sequentially when no thread is
//! free), the search stopping at [`SEARCH_CAP`] spaces, and takes the first to finish: the
//! answers are equal (proptests), so the output does not depend on which wins. With
//! [`TrapConfig::exact_count`] off, the search alone lists the first `limit` found (as
//! mpbn's `limit`), the count then a lower bound. All and maximal trap spaces use the BDD
//! method.
//!
//! **Algorithm (BDD method).** The symbolic encoding of subspaces of AEON's trap-space module
//! (biodivine-lib-param-bn `trap_spaces`, read, not depended on), on the symbolic engine's
//! encoding ([`crate::symbolic`], stride 2): free variable `j` gets two BDD variables, `t_j`
//! ("may be 1") and `f_j` ("may be 0"), neighbours in the order, so a set of subspaces is one
//! BDD and its cardinality is exact however many there are (`dual`).
//! 1. *Meets.* For each update function `f_j` (a BDD over states), the subspaces that contain
//!    a state where `f_j = 1` are `M(f_j)`, built bottom-up over `f_j`'s nodes:
//!    `M(x_k ? hi : lo) = (f_k ∧ M(lo)) ∨ (t_k ∧ M(hi))`. Likewise `M(¬f_j)`.
//! 2. *Trap spaces* `= ∧_j (t_j ∨ f_j) ∧ (M(f_j) → t_j) ∧ (M(¬f_j) → f_j)`, conjoined
//!    greedily (each step takes the constraint giving the smallest result, trials bounded by the
//!    best so far), which measured better than a balanced tree or a left fold (`dual`).
//! 3. *Minimal / maximal* by symbolic subset relations, with no second copy of the
//!    variables: the strict supersets of a set are one "free one fixed variable" step on each
//!    variable, united, then closed upwards one variable after another (freeing commutes, so one
//!    pass suffices); minimal = set ∖ strict supersets(set). Maximal dually with "fix one free
//!    variable to either value", and the whole space left out.
//! 4. *Listing* in pattern order (`*` < `0` < `1`, file order) by a depth-first walk over the
//!    BDD's nodes that prunes only `false`: each listed subspace costs `O(m)` steps.
//!
//! **Percolation.** For minimal trap spaces the fixed values are first percolated (a free
//! variable whose function becomes constant takes that value, repeatedly; every minimal trap
//! space lies in the percolated subspace, because a trap space on which `f_x` is constant
//! still is one once `x` takes that value). Percolated variables are fixed by a cube and the
//! other functions have their values substituted before step 1. It is not used for all or
//! maximal trap spaces, which need not lie in the percolated subspace. Measurements are in
//! `benches/README-trapspaces.md`.
//!
//! **Why this algorithm.** It needs no solver (mpbn, trappist and PyBoolNet need clingo), and it
//! reuses the BDD layer, its node budget and its cancel flag. Its cost follows BDD sizes, not
//! the number of trap spaces: the minimal trap spaces of a model with 38 free inputs
//! (`2^38` and more) are counted exactly in one pass, where enumerating solvers list them one
//! by one. The alternative of trappist (siphons of the Petri-net encoding) is a solver
//! algorithm; without a solver its enumeration would be a search we would write from scratch.
//!
//! **Checks** (minimal trap spaces, [`TrapConfig::checks`]): *univocal* (the trap space holds
//! exactly one asynchronous attractor) by exploring the network with the trap space's values
//! fixed (the dynamics inside a trap space are those of the network with its fixed variables
//! held), through [`crate::engine::explore`] with the same memory limit and cancel flag, for
//! the listed trap spaces with at most [`CHECK_MAX_FREE`] free variables (fixed points are
//! univocal without a search); *complete* (every asynchronous attractor lies in a minimal
//! trap space) by one backward saturation of the symbolic asynchronous engine: complete iff
//! every state can reach the union of the minimal trap spaces (an attractor that meets a trap
//! space lies inside it). A check that runs out of memory is reported unknown (`None`).
//!
//! **Characteristics.** Time and memory follow BDD sizes; a BDD past the node budget (memory
//! limit / [`crate::symbolic::BYTES_PER_NODE`]) stops the run with [`Error::TooLarge`]; the
//! cancel flag is polled between BDD operations. Deterministic; output in pattern order.

mod dual;
mod naive;
mod search;

/// The minimal trap spaces of `enc` (stride 1), at most `cap` of them, found by the search
/// (for the trap-guided attractor search of [`crate::symbolic`]), polling `cancel`.
pub(crate) fn minimal_for_search(
    enc: &Encoded,
    cancel: &crate::cancel::Cancel,
    cap: usize,
) -> Result<search::Found, Error> {
    search::minimal_trap_spaces_polling(enc, cancel, cap)
}

pub use naive::{MAX_NAIVE_VARS, naive_trap_spaces};

use crate::attractor::{
    Attractor, AttractorKind, Basin, EngineInfo, Exploration, Method, Pattern, UpdateScheme,
};
use crate::cancel::Cancel;
use crate::count::Count;
use crate::engine::{Engine, EngineOptions};
use crate::error::{Error, Remedy};
use crate::network::{Network, VarId};
use crate::state::State;
use crate::symbolic::SymbolicConfig;
use crate::symbolic::asynchronous::AsyncGraph;
use crate::symbolic::encode::Encoded;
use dual::Dual;
use num_bigint::BigUint;
use std::fmt;
use std::time::Duration;

/// Which trap spaces to list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Selection {
    /// Every trap space.
    All,
    /// The inclusion-minimal ones (the most permissive attractors).
    #[default]
    Minimal,
    /// The inclusion-maximal ones other than the whole space.
    Maximal,
}

impl Selection {
    /// `"all"`, `"minimal"` or `"maximal"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Selection::All => "all",
            Selection::Minimal => "minimal",
            Selection::Maximal => "maximal",
        }
    }
}

impl fmt::Display for Selection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The most minimal trap spaces the depth-first search finds before [`trap_spaces`] counts
/// them with the BDD method instead (the search lists them one by one; the BDD method counts
/// any number in one pass but may not finish when the set of all trap spaces is large).
pub const SEARCH_CAP: usize = 100_000;

/// The default time the univocal and complete checks may take ([`TrapConfig::check_time`]):
/// on large models they are searches of their own (minutes on some corpus models whose
/// minimal trap spaces take a tenth of a second), so by default they are tried briefly.
pub const DEFAULT_CHECK_TIME: Duration = Duration::from_secs(10);

/// The most free variables of a minimal trap space whose univocality is checked.
pub const CHECK_MAX_FREE: usize = 64;

/// How to search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrapConfig {
    /// The memory the BDDs may use; `None` for [`crate::engine::default_max_memory`].
    pub max_memory: Option<u64>,
    /// The most nodes of any BDD; `None` for `max_memory / BYTES_PER_NODE`.
    pub node_limit: Option<u64>,
    /// The most trap spaces listed (the first in pattern order); `None` for all. The count is
    /// always exact.
    pub limit: Option<usize>,
    /// Percolate the fixed values first (minimal trap spaces only; see the module docs).
    pub percolate: bool,
    /// Minimal trap spaces: search them one by one first ([`SEARCH_CAP`] at most, see the
    /// module docs), and use the BDD method only when there are more; `false` for the BDD
    /// method alone.
    pub search: bool,
    /// Minimal trap spaces: count every one (with the BDD method when the search finds more
    /// than [`SEARCH_CAP`]). `false` stops the search once `limit` are found, as mpbn's
    /// `limit` does: the count is then a lower bound ([`TrapSpaces::count_exact`]) and the
    /// listed ones are the first found, in pattern order among themselves.
    pub exact_count: bool,
    /// Minimal trap spaces: check univocality and completeness (see the module docs).
    pub checks: bool,
    /// The most time the checks may take together, after the trap spaces are found; the ones
    /// not done by then are unknown (`None`). `None` for no limit. Default
    /// [`DEFAULT_CHECK_TIME`].
    pub check_time: Option<Duration>,
    /// Stops the search early with [`Error::Cancelled`] when raised.
    pub cancel: Cancel,
}

impl Default for TrapConfig {
    fn default() -> TrapConfig {
        TrapConfig {
            max_memory: None,
            node_limit: None,
            limit: None,
            percolate: true,
            search: true,
            exact_count: true,
            checks: false,
            check_time: Some(DEFAULT_CHECK_TIME),
            cancel: Cancel::NEVER,
        }
    }
}

/// One trap space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrapSpace {
    /// Over the whole network: fixed variables at their values, `None` (`*`) where free.
    pub pattern: Pattern,
    /// The number of free variables (`*`).
    pub free: usize,
    /// Minimal trap spaces with [`TrapConfig::checks`]: whether it holds exactly one
    /// asynchronous attractor; `None` when not checked or not affordable.
    pub univocal: Option<bool>,
}

/// The trap spaces found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrapSpaces {
    /// What was asked for.
    pub selection: Selection,
    /// Variable names, in order.
    pub variables: Vec<String>,
    /// Fixed variables (constants, condition, perturbations) and their values.
    pub fixed: Vec<(VarId, bool)>,
    /// The number of trap spaces of the selection: exact when [`TrapSpaces::count_exact`], else
    /// a lower bound (the number found).
    pub count: BigUint,
    /// Whether [`TrapSpaces::count`] is exact (always, unless [`TrapConfig::exact_count`] is
    /// off and the search stopped at the limit).
    pub count_exact: bool,
    /// The first [`TrapConfig::limit`] of them in pattern order (`*` < `0` < `1`).
    pub spaces: Vec<TrapSpace>,
    /// Minimal trap spaces with [`TrapConfig::checks`]: whether every asynchronous attractor
    /// lies in one of them; `None` when not checked or not affordable.
    pub complete: Option<bool>,
}

impl TrapSpaces {
    /// Whether every trap space of the selection is listed.
    pub fn is_listed(&self) -> bool {
        self.count_exact && self.count == BigUint::from(self.spaces.len())
    }
}

fn symbolic_config(config: &TrapConfig) -> SymbolicConfig {
    SymbolicConfig {
        max_memory: config.max_memory,
        node_limit: config.node_limit,
        cancel: config.cancel.clone(),
        ..SymbolicConfig::default()
    }
}

/// The trap spaces of `network` with `fixed` held (constants are fixed too): all, minimal or
/// maximal ones, counted exactly and listed up to `config.limit`.
///
/// # Errors
/// [`Error::ConflictingAssignment`] for a variable fixed to two values; [`Error::Limit`] past
/// lib-bdd's 65 535 variables (32 767 free network variables); [`Error::TooLarge`] when a BDD
/// exceeds the node budget; [`Error::Cancelled`].
///
/// # Examples
/// ```
/// use basin::parse::{parse_str, Format, ParseOptions};
/// use basin::trapspace::{trap_spaces, Selection, TrapConfig};
/// // A toggle switch: two fixed points, and the whole space.
/// let net = parse_str("A, !B\nB, !A\n", &ParseOptions::new(Format::Bnet))?.network;
/// let min = trap_spaces(&net, &[], Selection::Minimal, &TrapConfig::default())?;
/// let patterns: Vec<String> = min.spaces.iter().map(|s| s.pattern.to_string()).collect();
/// assert_eq!(patterns, ["01", "10"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn trap_spaces(
    network: &Network,
    fixed: &[(VarId, bool)],
    selection: Selection,
    config: &TrapConfig,
) -> Result<TrapSpaces, Error> {
    if selection == Selection::Minimal && config.search {
        if !config.exact_count {
            let sym = symbolic_config(config);
            return Ok(searched(network, fixed, config, &sym)?
                .expect("a search without an exact count always answers"));
        }
        return raced(network, fixed, config);
    }
    by_bdd(network, fixed, selection, config, &symbolic_config(config))
}

/// Minimal trap spaces by the search and the BDD method side by side (two threads when rayon
/// has one free): the first to finish cancels the other. Both give the same answer (the search
/// answers only when it found every one), so the result does not depend on which wins. The
/// search wins where the minimal trap spaces are few and the set of all trap spaces is hard to
/// build; the BDD method where they are too many to list (`benches/README-trapspaces.md`).
fn raced(
    network: &Network,
    fixed: &[(VarId, bool)],
    config: &TrapConfig,
) -> Result<TrapSpaces, Error> {
    let race = config.cancel.child();
    let config_raced = TrapConfig {
        cancel: race.clone(),
        ..config.clone()
    };
    let sym = symbolic_config(&config_raced);
    let (search, bdd) = rayon::join(
        || {
            let found = searched(network, fixed, &config_raced, &sym);
            if matches!(found, Ok(Some(_))) {
                race.cancel();
            }
            found
        },
        || {
            race.check()?;
            let found = by_bdd(network, fixed, Selection::Minimal, &config_raced, &sym);
            if found.is_ok() {
                race.cancel();
            }
            found
        },
    );
    match (search, bdd) {
        (Ok(Some(found)), _) | (_, Ok(found)) => Ok(found),
        (search, Err(bdd)) => {
            config.cancel.check()?;
            match search {
                Err(e) if !matches!(e, Error::Cancelled) => Err(e),
                _ => Err(bdd),
            }
        }
    }
}

/// The selected trap spaces by the BDD method (see the module docs).
fn by_bdd(
    network: &Network,
    fixed: &[(VarId, bool)],
    selection: Selection,
    config: &TrapConfig,
    sym: &SymbolicConfig,
) -> Result<TrapSpaces, Error> {
    let dual = Dual {
        enc: Encoded::new(network, fixed, 2, sym, "trap-space")?,
    };
    let set = select(&dual, selection, config.percolate)?;
    let count = set.exact_cardinality();
    let listed = dual.list(&set, config.limit.unwrap_or(usize::MAX))?;
    let mut spaces = to_spaces(&dual.enc, listed);
    let mut complete = None;
    if config.checks && selection == Selection::Minimal {
        complete = run_checks(
            network,
            fixed,
            config,
            sym,
            &mut spaces,
            Some(|_: &Encoded| dual.states(&set)),
        )?;
    }
    Ok(TrapSpaces {
        selection,
        variables: network.names().to_vec(),
        fixed: dual.enc.fixed.clone(),
        count,
        count_exact: true,
        spaces,
        complete,
    })
}

/// Whole-network trap spaces from patterns over the free variables of `enc`.
fn to_spaces(enc: &Encoded, listed: Vec<dual::FreePattern>) -> Vec<TrapSpace> {
    listed
        .into_iter()
        .map(|free_pattern| {
            let mut pattern: Vec<Option<bool>> = vec![None; enc.n];
            for &(v, b) in &enc.fixed {
                pattern[v.index()] = Some(b);
            }
            for (j, v) in enc.free.iter().enumerate() {
                pattern[v.index()] = free_pattern[j];
            }
            TrapSpace {
                free: free_pattern.iter().filter(|x| x.is_none()).count(),
                pattern: Pattern(pattern),
                univocal: None,
            }
        })
        .collect()
}

/// The minimal trap spaces by the depth-first search ([`search`]), or `None` when there are
/// more than [`SEARCH_CAP`] (or than the memory allows listing).
fn searched(
    network: &Network,
    fixed: &[(VarId, bool)],
    config: &TrapConfig,
    sym: &SymbolicConfig,
) -> Result<Option<TrapSpaces>, Error> {
    // The file order: the search builds no BDD beyond each rule's own, small in any order.
    let file = SymbolicConfig {
        order: crate::symbolic::VariableOrder::File,
        ..sym.clone()
    };
    let enc = Encoded::new(network, fixed, 1, &file, "minimal trap-space")?;
    let fits = enc.limits.max_memory / search::bytes_per_space(enc.m()).max(1);
    let wanted = if config.exact_count {
        SEARCH_CAP
    } else {
        config.limit.unwrap_or(usize::MAX).max(1)
    };
    let cap = wanted.min(usize::try_from(fits).unwrap_or(usize::MAX));
    let found = search::minimal_trap_spaces(&enc, cap)?;
    if !found.complete && config.exact_count {
        return Ok(None);
    }
    let mut listed = found.spaces;
    let file_order = enc.file_order();
    listed.sort_by_cached_key(|p| dual::file_key(p, &file_order));
    let count = BigUint::from(listed.len());
    let all = to_spaces(&enc, listed);
    let mut spaces = all.clone();
    spaces.truncate(config.limit.unwrap_or(usize::MAX));
    let mut complete = None;
    if config.checks {
        // Completeness needs every minimal trap space.
        let union = found.complete.then_some(|states: &Encoded| {
            let mut union = states.vars.mk_false();
            for space in &all {
                let cube: Vec<_> = states
                    .free
                    .iter()
                    .enumerate()
                    .filter_map(|(j, v)| space.pattern.0[v.index()].map(|b| (states.x(j), b)))
                    .collect();
                union = states.limits.or(&union, &states.all().select(&cube))?;
            }
            Ok(union)
        });
        complete = run_checks(network, fixed, config, sym, &mut spaces, union)?;
    }
    Ok(Some(TrapSpaces {
        selection: Selection::Minimal,
        variables: network.names().to_vec(),
        fixed: enc.fixed.clone(),
        count,
        count_exact: found.complete,
        spaces,
        complete,
    }))
}

/// The selected set of trap spaces as a BDD over the dual variables.
fn select(
    dual: &Dual,
    selection: Selection,
    percolate: bool,
) -> Result<biodivine_lib_bdd::Bdd, Error> {
    match selection {
        Selection::All => dual.trap_spaces(false),
        Selection::Minimal => {
            let traps = dual.trap_spaces(percolate)?;
            dual.minimal(&traps)
        }
        Selection::Maximal => {
            let traps = dual.trap_spaces(false)?;
            let proper = dual.enc.limits.and_not(&traps, &dual.root())?;
            dual.maximal(&proper)
        }
    }
}

/// The univocal checks of `spaces` and the completeness check (when `union` is given: the
/// states of every minimal trap space), within [`TrapConfig::check_time`]: the checks not done
/// in time are unknown (`None`).
fn run_checks(
    network: &Network,
    fixed: &[(VarId, bool)],
    config: &TrapConfig,
    sym: &SymbolicConfig,
    spaces: &mut [TrapSpace],
    union: Option<impl FnOnce(&Encoded) -> Result<biodivine_lib_bdd::Bdd, Error>>,
) -> Result<Option<bool>, Error> {
    let budget = config.cancel.child().with_timeout(config.check_time);
    let checked = TrapConfig {
        cancel: budget.clone(),
        ..config.clone()
    };
    let sym = SymbolicConfig {
        cancel: budget,
        ..sym.clone()
    };
    // Out of time (the caller's token not raised): unknown.
    let over = |e: Error| {
        if matches!(e, Error::Cancelled) && !config.cancel.requested() {
            Ok(None)
        } else {
            Err(e)
        }
    };
    let mut out_of_time = false;
    for space in spaces.iter_mut() {
        space.univocal = if out_of_time {
            // A fixed point needs no search.
            (space.free == 0).then_some(true)
        } else {
            match univocal(network, space, &checked) {
                Ok(u) => u,
                Err(e) => {
                    over(e)?;
                    out_of_time = true;
                    None
                }
            }
        };
    }
    match union {
        Some(union) if !out_of_time => completeness(network, fixed, &sym, union).or_else(over),
        _ => Ok(None),
    }
}

/// `Ok(None)` for the errors that mean "not affordable"; other errors pass.
fn affordable<T>(result: Result<T, Error>) -> Result<Option<T>, Error> {
    match result {
        Ok(x) => Ok(Some(x)),
        Err(Error::TooLarge { .. } | Error::Limit { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether the trap space holds exactly one asynchronous attractor (see the module docs).
fn univocal(
    network: &Network,
    space: &TrapSpace,
    config: &TrapConfig,
) -> Result<Option<bool>, Error> {
    if space.free == 0 {
        return Ok(Some(true));
    }
    if space.free > CHECK_MAX_FREE {
        return Ok(None);
    }
    let inside: Vec<(VarId, bool)> = space
        .pattern
        .0
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.map(|b| (VarId::new(i), b)))
        .collect();
    let options = EngineOptions {
        engine: Engine::Auto,
        max_memory: config.max_memory,
        max_states: 1,
        probabilities: false,
        cancel: config.cancel.clone(),
        ..EngineOptions::default()
    };
    let found = affordable(crate::engine::explore(
        network,
        &inside,
        UpdateScheme::Asynchronous,
        &options,
    ))?;
    Ok(found.map(|e| e.attractors.len() == 1))
}

/// Whether every state can reach a minimal trap space (see the module docs); `union` gives
/// the states of the minimal trap spaces over the asynchronous encoding it is passed.
fn completeness(
    network: &Network,
    fixed: &[(VarId, bool)],
    sym: &SymbolicConfig,
    union: impl FnOnce(&Encoded) -> Result<biodivine_lib_bdd::Bdd, Error>,
) -> Result<Option<bool>, Error> {
    let run = || -> Result<bool, Error> {
        let enc = Encoded::new(network, fixed, 1, sym, "trap-space completeness")?;
        let states = union(&enc)?;
        let graph = AsyncGraph::new(&enc)?;
        Ok(graph.weak_basin(&states)?.is_true())
    };
    affordable(run())
}

/// Bytes one listed most-permissive attractor of `n` variables with `states` listed states takes.
fn listed_bytes(n: usize, states: usize) -> u128 {
    (n as u128) * (1 + 8 + states as u128 / 8 + 1) + 200
}

/// The attractors of the most permissive semantics: the minimal trap spaces, as an
/// [`Exploration`] (see `docs/semantics.md`).
///
/// Each minimal trap space is one attractor: a fixed point when it has no free variable, else
/// complex; `num_states = 2^free`; its first `max_states` states (increasing, as integers with
/// bit `i` = variable `i`); activity 1/2 on free variables. Basins are not computed under this
/// semantics: each is [`Basin::NotComputed`].
///
/// # Errors
/// As [`trap_spaces`]; [`Error::TooLarge`] when the minimal trap spaces are too many to list
/// in the memory allowed.
pub fn most_permissive(
    network: &Network,
    fixed: &[(VarId, bool)],
    config: &TrapConfig,
    max_states: usize,
) -> Result<Exploration, Error> {
    let n = network.num_vars();
    let max_memory = config
        .max_memory
        .unwrap_or_else(crate::engine::default_max_memory);
    let per = listed_bytes(n, max_states.min(64));
    let fits = usize::try_from(u128::from(max_memory) / per).unwrap_or(usize::MAX);
    let config = TrapConfig {
        limit: Some(fits.saturating_add(1)),
        checks: false,
        ..config.clone()
    };
    let found = trap_spaces(network, fixed, Selection::Minimal, &config)?;
    if !found.is_listed() {
        return Err(Error::TooLarge {
            what: format!(
                "listing {} most permissive attractors (minimal trap spaces) of {n} variables",
                found.count
            ),
            needed_bytes: u128::try_from(found.count.clone() * BigUint::from(per))
                .unwrap_or(u128::MAX),
            allowed_bytes: u128::from(max_memory),
            remedies: vec![
                Remedy::FixInputs { inputs: Vec::new() },
                Remedy::PerturbNodes,
            ],
        });
    }
    let free_vars = n - found.fixed.len();
    let attractors = found
        .spaces
        .iter()
        .map(|space| mp_attractor(space, max_states))
        .collect();
    let mut exploration = Exploration {
        update: UpdateScheme::MostPermissive,
        variables: found.variables,
        fixed: found.fixed,
        explored_states: Count::pow2(u32::try_from(free_vars).unwrap_or(u32::MAX)),
        attractors,
        method: Method::Exhaustive,
        engine: EngineInfo {
            name: "trapspace",
            core_size: free_vars,
        },
    };
    exploration.sort();
    Ok(exploration)
}

/// One minimal trap space as an attractor of the most permissive semantics.
fn mp_attractor(space: &TrapSpace, max_states: usize) -> Attractor {
    let pattern = &space.pattern.0;
    let stars: Vec<usize> = (0..pattern.len())
        .filter(|&i| pattern[i].is_none())
        .collect();
    let base: Vec<bool> = pattern.iter().map(|x| x.unwrap_or(false)).collect();
    // The k-th smallest state sets the free variables to k's bits, the lowest variable as
    // the lowest bit.
    let listed = if space.free >= 64 {
        max_states
    } else {
        max_states.min(usize::try_from(1u64 << space.free).unwrap_or(usize::MAX))
    };
    let states = (0..listed as u64)
        .map(|k| {
            let mut values = base.clone();
            for (b, &i) in stars.iter().enumerate() {
                values[i] = b < 64 && (k >> b) & 1 == 1;
            }
            State::from_bools(&values)
        })
        .collect();
    Attractor {
        kind: if space.free == 0 {
            AttractorKind::FixedPoint
        } else {
            AttractorKind::Complex
        },
        num_states: Count::pow2(u32::try_from(space.free).unwrap_or(u32::MAX)),
        states,
        pattern: space.pattern.clone(),
        activity: pattern
            .iter()
            .map(|x| match x {
                Some(b) => f64::from(u8::from(*b)),
                None => 0.5,
            })
            .collect(),
        basin: Basin::NotComputed,
    }
}

/// The naive reference of [`most_permissive`]: the minimal trap spaces by brute force.
///
/// # Errors
/// As [`naive_trap_spaces`].
pub fn naive_most_permissive(
    network: &Network,
    fixed: &[(VarId, bool)],
    max_states: usize,
) -> Result<Exploration, Error> {
    let patterns = naive_trap_spaces(network, fixed, Selection::Minimal)?;
    let n = network.num_vars();
    let fixed_all = crate::reduce::Reduction::new(network, fixed)?
        .fixed()
        .to_vec();
    let attractors = patterns
        .into_iter()
        .map(|pattern| {
            let free = pattern.0.iter().filter(|x| x.is_none()).count();
            mp_attractor(
                &TrapSpace {
                    pattern,
                    free,
                    univocal: None,
                },
                max_states,
            )
        })
        .collect();
    let free_vars = n - fixed_all.len();
    let mut exploration = Exploration {
        update: UpdateScheme::MostPermissive,
        variables: network.names().to_vec(),
        fixed: fixed_all,
        explored_states: Count::pow2(u32::try_from(free_vars).unwrap_or(u32::MAX)),
        attractors,
        method: Method::Exhaustive,
        engine: EngineInfo {
            name: "naive",
            core_size: free_vars,
        },
    };
    exploration.sort();
    Ok(exploration)
}
