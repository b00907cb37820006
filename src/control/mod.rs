//! Control: the smallest perturbation sets (knockouts `X=0`, overexpressions `X=1`, of at most
//! `K` nodes) that make the labels of a [`LabelQuery`] the outcome with at least a given share,
//! under chosen conditions and update schemes. The inverse of a screen ([`crate::screen`]):
//! a screen says what each set does; control says which sets do what is asked.
//!
//! **What is returned.** Every *inclusion-minimal* solution of order ≤ `K` (no proper subset is
//! a solution; the empty set is the wild type), each with the target's share (basin fraction or
//! reach probability of the attractors whose label the query matches) per condition and update
//! scheme, ranked by order, then score, then generation order; the best sets per order (by
//! score), which are what to show when there is no solution; and counts of what was explored,
//! decided without exploring, and skipped. A set *achieves* the target when its score is at least
//! the minimal share `P` (up to [`SHARE_TOLERANCE`]): under [`Aggregate::Every`] the score is
//! the smallest share over conditions × updates, under [`Aggregate::Mean`] their mean.
//!
//! **Search.** Order by order (0, 1, …, `K`), the sets of each order in the order of
//! [`crate::perturb::generate_perturbations`], evaluated in parallel (rayon), each under every
//! condition × update. Exact: every share reported is the share the explorer gives for that
//! set (or provably equal to it), so the result is that of a brute-force screen of every set,
//! filtered to minimal solutions (`tests` and `tests/control.rs` check this on random
//! networks). Three prunings, each sound for both update schemes:
//!
//! 1. **Supersets of solutions** are neither evaluated nor listed: they cannot be minimal, and
//!    minimality is what is asked. All orders below are complete before an order starts, so
//!    every solution found is minimal.
//! 2. **Percolation** ([`percolate()`]): every attractor lies in the subspace where the
//!    fixed values (condition and set) percolate. If every variable a label reads
//!    ([`Phenotypes::label_variables`]) is fixed there, every state of every attractor agrees on
//!    them, so every attractor has the label of any one such state: the target's share is 1 if
//!    the query matches it, else 0 (shares sum to 1). When some label variables stay free (at
//!    most [`MAX_FREE_LABEL_VARIABLES`]) and cycles are labelled state by state
//!    ([`CycleLabels::States`]), the labels a state of the subspace can carry form a set `L`;
//!    an attractor's label is one of `L` or `OSC(…)` of a subset of `L` (its states' labels), as
//!    long as the attractor's states are all listed (guaranteed when the subspace has at most
//!    [`Control::max_listed_states`] states). If the query matches none of these, the share is
//!    0; if it matches all, 1. Under [`CycleLabels::Activity`] only the first rule is used
//!    (averaged activities can give a cycle a label no state has).
//! 3. **Lower-order results**: if a perturbation `X=v` of a set `S` is already forced by the
//!    percolation of the condition and `S∖{X=v}`, the networks of `S` and `S∖{X=v}` have the
//!    same attractors (both have every attractor in that percolated subspace, a trap set on
//!    which their dynamics coincide because `f_X ≡ v` there). Their shares differ (the explored
//!    spaces differ), but if no attractor of `S∖{X=v}` matches the target the share of `S` is 0,
//!    and if all match it is 1. The order below was evaluated completely (a subset that was a
//!    superset of a solution would make `S` one too), so its outcome is at hand.
//!
//! **Attractors before shares.** With [`Control::attractors_only`] (the explorer
//! [`attractors_first`] derives from the engine options), an asynchronous unit left undecided
//! by the prunings is first explored without reach probabilities (the costly part of an exact
//! asynchronous exploration): if no attractor or every attractor carries a matching label, the
//! share is 0 or 1 exactly, and only the units where some do and some do not are explored again
//! with shares. Sound because the shares are sums over the listed attractors of probabilities
//! that sum to 1, and an exhaustive exploration lists every attractor that gets a positive
//! probability (from a uniformly random state: every attractor, its own states being starts;
//! from a start: at least every attractor the start reaches), so "none match" forces 0 and "all
//! match" forces 1. A sampled first exploration may miss attractors, so its answer is never
//! used (the unit is explored with shares). Not used under synchronous update: sound there too
//! (every attractor lies in its own basin), but a synchronous exploration has no probability
//! step to skip (its basins come with its attractors), so a first pass would cost as much as the
//! exploration with shares and only add work on the mixed units.
//!
//! No bound is used beyond these: shares are not monotone in the set (adding a knockout can
//! raise or lower any share), so a set that falls short says nothing about its supersets.
//!
//! **Characteristics.** Cost is the number of explorations (see
//! [`ControlStats::explorations`]) times the cost of one; the prunings cost a percolation per
//! set × condition (microseconds on a 36-node network) and a cached enumeration of the label
//! variables left free. Memory: the outcomes of one order are kept for the next.
//! [`check_control_size`] refuses searches whose sets would not fit before anything runs.

mod percolate;

pub use percolate::percolate;

use crate::attractor::{Attractor, AttractorKind, Basin, MAX_STORED_STATES, Method, UpdateScheme};
use crate::cancel::Cancel;
use crate::condition::Condition;
use crate::count::Count;
use crate::engine::{Engine, EngineOptions, Explorer};
use crate::error::{Error, Remedy};
use crate::network::{Network, VarId};
use crate::perturb::{Perturbation, count_perturbations, fixed_for, perturbation_name};
use crate::phenotype::{CycleLabels, LabelQuery, Phenotypes};
use crate::screen::{MAX_PERTURBATIONS, require_shares};
use crate::state::State;
use itertools::Itertools;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Shares within this of the minimal share count as reaching it: a share of 1 summed from
/// several reach probabilities can come out as `1 - 1e-16`.
pub const SHARE_TOLERANCE: f64 = 1e-9;

/// The explorer to pass to [`Control::attractors_only`] for a search that explores with
/// `options`: the same options without reach probabilities. `None` where attractors first
/// would not help: the sampling engine (its list of attractors may be incomplete, so its
/// answers would not be used), a start (reach probabilities from a start are computed
/// whatever is asked, so the first pass would cost as much as the second), or options that
/// already skip probabilities (they give no shares).
pub fn attractors_first(options: &EngineOptions) -> Option<EngineOptions> {
    if options.engine == Engine::Sample || options.start.is_some() || !options.probabilities {
        return None;
    }
    Some(EngineOptions {
        probabilities: false,
        ..options.clone()
    })
}

/// The most label variables left free by percolation that pruning 2 enumerates (`2^this`
/// states labelled, once per distinct pattern, cached).
pub const MAX_FREE_LABEL_VARIABLES: usize = 10;

/// The most distinct state labels pruning 2 combines into `OSC(…)` labels (`2^this` subsets).
const MAX_STATE_LABELS: usize = 12;

/// Bytes held per perturbation set and condition × update while a search runs (its share, its
/// outcome, its name and list), generously.
pub const UNIT_BYTES: u128 = 256;

/// How the shares of the conditions × updates combine into a set's score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Aggregate {
    /// The smallest share: the target must reach the minimal share in every condition and
    /// update scheme (the default).
    #[default]
    Every,
    /// The mean share over conditions × updates must reach the minimal share.
    Mean,
}

impl Aggregate {
    /// `"every"` or `"mean"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregate::Every => "every",
            Aggregate::Mean => "mean",
        }
    }
}

impl fmt::Display for Aggregate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Aggregate {
    type Err = Error;
    fn from_str(s: &str) -> Result<Aggregate, Error> {
        match s {
            "every" => Ok(Aggregate::Every),
            "mean" => Ok(Aggregate::Mean),
            _ => Err(Error::invalid_value("aggregate", s, "every or mean")),
        }
    }
}

/// How a share was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShareSource {
    /// The explorer was run.
    Explored,
    /// Decided from the attractors alone (none or all match), found by the explorer of
    /// [`Control::attractors_only`].
    Attractors,
    /// Decided by percolation (pruning 2 of the module documentation).
    Percolation,
    /// Decided from the set one smaller (pruning 3).
    LowerOrder,
}

impl ShareSource {
    /// `"explored"`, `"attractors"`, `"percolation"` or `"lower_order"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ShareSource::Explored => "explored",
            ShareSource::Attractors => "attractors",
            ShareSource::Percolation => "percolation",
            ShareSource::LowerOrder => "lower_order",
        }
    }

    /// The source [`ShareSource::as_str`] names.
    pub fn parse(s: &str) -> Option<ShareSource> {
        [
            ShareSource::Explored,
            ShareSource::Attractors,
            ShareSource::Percolation,
            ShareSource::LowerOrder,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// The target's share under one condition and update scheme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitShare {
    /// Index into [`ControlResult::conditions`].
    pub condition: usize,
    /// The update scheme.
    pub update: UpdateScheme,
    /// The share of the attractors whose label the target matches.
    pub share: f64,
    /// How it was obtained.
    pub source: ShareSource,
}

/// A perturbation set with its shares.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The perturbations, in the order of the candidate nodes.
    pub perturbation: Vec<Perturbation>,
    /// Its name ([`perturbation_name`]; `none` for the wild type).
    pub name: String,
    /// One share per condition × update scheme, condition-major.
    pub shares: Vec<UnitShare>,
    /// The score: smallest or mean share ([`Aggregate`]).
    pub score: f64,
}

impl Candidate {
    /// The number of perturbed nodes.
    pub fn order(&self) -> usize {
        self.perturbation.len()
    }
}

/// A finished order of a search (order 0 is the wild type), as [`Control::checkpoint`] hands
/// it out and [`Control::resume`] takes it back: enough to continue the search after it
/// without evaluating its sets again, with the same answer and the same counts.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderRecord {
    /// What the order did.
    pub stats: OrderStats,
    /// Its evaluated sets (those not skipped as supersets of solutions), in generation order.
    pub sets: Vec<SetRecord>,
}

/// One evaluated set of an [`OrderRecord`].
#[derive(Clone, Debug, PartialEq)]
pub struct SetRecord {
    /// The perturbations, in the order of the candidate nodes.
    pub perturbation: Vec<Perturbation>,
    /// The shares, per condition × update.
    pub shares: Vec<UnitShare>,
    /// Per condition × update, which attractors carry a matching label: `Some(false)` none,
    /// `Some(true)` all, `None` some (what pruning 3 reuses at the order above).
    pub outcomes: Vec<Option<bool>>,
    /// The engines that answered its explorations.
    pub engines: Vec<String>,
}

/// What one order of the search did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrderStats {
    /// The order (number of perturbed nodes; 0 is the wild type).
    pub order: usize,
    /// Sets of this order over the candidate nodes and values (what a screen would run).
    pub sets: usize,
    /// Sets skipped as supersets of a solution of a lower order.
    pub skipped_supersets: usize,
    /// Sets whose shares were found.
    pub evaluated: usize,
    /// Explorer calls (both explorers of [`Control::attractors_only`] counted).
    pub explored: usize,
    /// Units whose share came from an exploration with shares.
    pub by_shares: usize,
    /// Units decided from the attractors alone ([`ShareSource::Attractors`]).
    pub by_attractors: usize,
    /// Units decided by percolation.
    pub by_percolation: usize,
    /// Units decided from the order below.
    pub by_lower_order: usize,
    /// Solutions (minimal) of this order.
    pub solutions: usize,
}

/// What the whole search did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ControlStats {
    /// Per order, from 0 (the wild type) up to the last order started.
    pub per_order: Vec<OrderStats>,
}

impl ControlStats {
    /// Explorer calls in all, wild types included.
    pub fn explorations(&self) -> usize {
        self.per_order.iter().map(|o| o.explored).sum()
    }

    /// Sets of orders 1 to the last started (what a screen of those orders would run).
    pub fn screen_sets(&self) -> usize {
        self.per_order.iter().skip(1).map(|o| o.sets).sum()
    }

    /// Sets skipped as supersets of solutions.
    pub fn skipped_supersets(&self) -> usize {
        self.per_order.iter().map(|o| o.skipped_supersets).sum()
    }

    /// Sets evaluated (wild type included).
    pub fn evaluated(&self) -> usize {
        self.per_order.iter().map(|o| o.evaluated).sum()
    }

    /// Units decided by percolation.
    pub fn by_percolation(&self) -> usize {
        self.per_order.iter().map(|o| o.by_percolation).sum()
    }

    /// Units decided from the order below.
    pub fn by_lower_order(&self) -> usize {
        self.per_order.iter().map(|o| o.by_lower_order).sum()
    }

    /// Units decided from the attractors alone.
    pub fn by_attractors(&self) -> usize {
        self.per_order.iter().map(|o| o.by_attractors).sum()
    }
}

/// How far a search has got within the order it is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ControlProgress {
    /// The order running.
    pub order: usize,
    /// Sets of this order finished.
    pub done: usize,
    /// Sets of this order to evaluate (supersets of solutions excluded).
    pub total: usize,
}

/// Everything a search found.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlResult {
    /// The conditions, as given.
    pub conditions: Vec<Condition>,
    /// The update schemes, as given.
    pub updates: Vec<UpdateScheme>,
    /// The wild type's shares (order 0).
    pub wild_type: Candidate,
    /// Every inclusion-minimal solution of the orders completed, by order, then score
    /// (largest first), then generation order. `[wild type]` when the wild type already
    /// achieves the target.
    pub solutions: Vec<Candidate>,
    /// Per order from 1 (index 0) up to the last completed: the best evaluated sets (largest
    /// score first, ties in generation order), at most [`Control::best`] of them.
    pub best: Vec<Vec<Candidate>>,
    /// Counts.
    pub stats: ControlStats,
    /// The highest order searched completely.
    pub completed_order: usize,
    /// Whether the search was stopped (cancelled or timed out) before `max_order` was complete.
    pub cancelled: bool,
    /// The engines that answered the explorations (their [`crate::attractor::EngineInfo`]
    /// names), sorted; empty when nothing was explored.
    pub engines: Vec<String>,
}

/// Refuses, before anything is generated or explored, a search whose sets (order ≤ `order`
/// over `num_nodes` nodes and `num_values` values) exceed [`MAX_PERTURBATIONS`] or whose
/// outcomes (`units` conditions × updates each) would not fit in `max_memory` bytes.
///
/// # Errors
/// [`Error::Limit`] or [`Error::TooLarge`], naming [`Remedy::FewerPerturbations`] (and
/// [`Remedy::FewerConditions`] for memory).
pub fn check_control_size(
    num_nodes: usize,
    num_values: usize,
    order: usize,
    units: usize,
    max_memory: u64,
) -> Result<(), Error> {
    let sets = count_perturbations(num_nodes, num_values, order);
    if sets > MAX_PERTURBATIONS {
        return Err(Error::Limit {
            what: format!(
                "the control search has {sets} perturbation sets (order {order} over {num_nodes} \
                 nodes); the limit is {MAX_PERTURBATIONS}"
            ),
            remedies: vec![Remedy::FewerPerturbations],
        });
    }
    let needed = sets * (units as u128).max(1) * UNIT_BYTES;
    if needed > u128::from(max_memory) {
        return Err(Error::TooLarge {
            what: format!(
                "holding the outcomes of a control search over {sets} perturbation sets × {units} \
                 condition-update pair(s)"
            ),
            needed_bytes: needed,
            allowed_bytes: u128::from(max_memory),
            remedies: vec![Remedy::FewerPerturbations, Remedy::FewerConditions],
        });
    }
    Ok(())
}

/// Whether the target's labels cover no, all or some of the attractors of one exploration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    NoneMatch,
    AllMatch,
    Mixed,
}

/// One evaluated set: its shares and the outcome per unit.
struct Evaluated {
    shares: Vec<UnitShare>,
    outcomes: Vec<Outcome>,
    /// The engines that answered its explorations.
    engines: Vec<&'static str>,
    /// Explorer calls made.
    calls: usize,
}

/// The callback of [`Control::checkpoint`].
type CheckpointHook<'a> = Box<dyn Fn(&OrderRecord) -> Result<(), Error> + Sync + 'a>;

/// The callback of [`Control::progress`].
type ProgressHook<'a> = Box<dyn Fn(ControlProgress) + Sync + 'a>;

/// A control search to run.
///
/// # Examples
/// ```
/// use basin::control::Control;
/// use basin::engine::EngineOptions;
/// use basin::parse::{parse_str, Format, ParseOptions};
/// use basin::phenotype::{LabelQuery, PhenotypeSpec};
/// // B follows A; A is bistable. Labels: "on" when B is on.
/// let net = parse_str("A, A\nB, A\n", &ParseOptions::new(Format::Bnet))?.network;
/// let labels = PhenotypeSpec::from_toml_str("[groups]\non = [\"B\"]\n[labels]\non = \"on\"\n")?
///     .bind(&net)?;
/// let result = Control::new(&net, &labels, LabelQuery::parse("on"))
///     .max_order(1)
///     .run(&EngineOptions::default())?;
/// // A is an input (never perturbed by default); B=1 alone makes every cell "on".
/// let names: Vec<&str> = result.solutions.iter().map(|c| c.name.as_str()).collect();
/// assert_eq!(names, ["B=1"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Control<'a> {
    network: &'a Network,
    phenotypes: &'a Phenotypes,
    target: LabelQuery,
    conditions: Vec<Condition>,
    updates: Vec<UpdateScheme>,
    nodes: Vec<VarId>,
    values: Vec<bool>,
    max_order: usize,
    min_share: f64,
    aggregate: Aggregate,
    best: usize,
    prune: bool,
    max_listed_states: u64,
    max_memory: Option<u64>,
    attractors_only: Option<&'a dyn Explorer>,
    jobs: Option<usize>,
    progress: Option<ProgressHook<'a>>,
    cancel: Option<Cancel>,
    checkpoint: Option<CheckpointHook<'a>>,
    resume: Vec<OrderRecord>,
}

impl<'a> Control<'a> {
    /// A search for sets that make `target` the outcome of `network` labelled by `phenotypes`:
    /// by default under the condition with every input off, asynchronous update, every
    /// non-input node as candidate at both values, order ≤ 2, minimal share 1, every condition.
    pub fn new(network: &'a Network, phenotypes: &'a Phenotypes, target: LabelQuery) -> Self {
        Control {
            network,
            phenotypes,
            target,
            conditions: vec![Condition::from_inputs(network, &[])],
            updates: vec![UpdateScheme::Asynchronous],
            nodes: crate::perturb::screen_nodes(network),
            values: vec![false, true],
            max_order: 2,
            min_share: 1.0,
            aggregate: Aggregate::Every,
            best: 5,
            prune: true,
            max_listed_states: MAX_STORED_STATES,
            max_memory: None,
            attractors_only: None,
            jobs: None,
            progress: None,
            cancel: None,
            checkpoint: None,
            resume: Vec::new(),
        }
    }

    /// The conditions.
    pub fn conditions(mut self, conditions: Vec<Condition>) -> Self {
        self.conditions = conditions;
        self
    }

    /// The update schemes.
    pub fn updates(mut self, updates: Vec<UpdateScheme>) -> Self {
        self.updates = updates;
        self
    }

    /// The candidate nodes (repeats ignored), in the order sets are generated and named.
    pub fn nodes(mut self, nodes: Vec<VarId>) -> Self {
        self.nodes = nodes.into_iter().unique().collect();
        self
    }

    /// The values candidates are fixed at: `false` knockout, `true` overexpression.
    pub fn values(mut self, values: Vec<bool>) -> Self {
        self.values = values.into_iter().unique().collect();
        self
    }

    /// The largest set size `K`.
    pub fn max_order(mut self, k: usize) -> Self {
        self.max_order = k;
        self
    }

    /// The share `P` the target must reach (0 < P ≤ 1).
    pub fn min_share(mut self, p: f64) -> Self {
        self.min_share = p;
        self
    }

    /// How shares over conditions × updates combine.
    pub fn aggregate(mut self, aggregate: Aggregate) -> Self {
        self.aggregate = aggregate;
        self
    }

    /// How many best sets per order to keep (default 5).
    pub fn best(mut self, n: usize) -> Self {
        self.best = n;
        self
    }

    /// Turns prunings 2 and 3 and attractors first off (`false`): every set that is not a
    /// superset of a solution is explored with shares. For measuring what they save and for
    /// tests.
    pub fn prune(mut self, prune: bool) -> Self {
        self.prune = prune;
        self
    }

    /// The most states per attractor the explorer lists (default [`MAX_STORED_STATES`], that
    /// of [`crate::engine::EngineOptions::default`]); pruning 2 enumerates labels of subspaces
    /// of at most this many states only, where every attractor is listed and labelled state by
    /// state.
    pub fn max_listed_states(mut self, n: u64) -> Self {
        self.max_listed_states = n;
        self
    }

    /// The memory the search's bookkeeping may take ([`check_control_size`]; default
    /// [`crate::engine::default_max_memory`]).
    pub fn max_memory(mut self, bytes: u64) -> Self {
        self.max_memory = Some(bytes);
        self
    }

    /// Under asynchronous update, explores each unit first with `explorer`, which need only
    /// find the attractors (e.g. [`crate::engine::EngineOptions`] with `probabilities` off),
    /// and again with the shares only where some attractors carry a matching label and some do
    /// not (module documentation). Used only with the prunings on ([`Control::prune`]).
    pub fn attractors_only(mut self, explorer: &'a dyn Explorer) -> Self {
        self.attractors_only = Some(explorer);
        self
    }

    /// Runs on a pool of `jobs` threads instead of rayon's global pool. Results do not depend
    /// on it.
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = Some(jobs);
        self
    }

    /// Calls `f` after every finished set (from worker threads, in no fixed order).
    pub fn progress(mut self, f: impl Fn(ControlProgress) + Sync + 'a) -> Self {
        self.progress = Some(Box::new(f));
        self
    }

    /// Calls `f` with each order once it is finished (the wild type first), in order, before
    /// the next starts; an error from `f` stops the search with that error. What `f` is given
    /// can be handed back to [`Control::resume`].
    pub fn checkpoint(mut self, f: impl Fn(&OrderRecord) -> Result<(), Error> + Sync + 'a) -> Self {
        self.checkpoint = Some(Box::new(f));
        self
    }

    /// Continues a search from the orders a previous run of the same search handed to
    /// [`Control::checkpoint`] (from order 0, consecutive): they are taken as they are, not
    /// evaluated again, and [`Control::run`] refuses records whose sets are not the ones this
    /// search would evaluate.
    pub fn resume(mut self, orders: Vec<OrderRecord>) -> Self {
        self.resume = orders;
        self
    }

    /// Stops once `token` is raised (or its deadline passes): the orders completed are
    /// reported. Without it the explorer's own token is polled ([`Explorer::cancel`]).
    pub fn cancel(mut self, token: Cancel) -> Self {
        self.cancel = Some(token);
        self
    }

    /// Runs the search, exploring through `explorer`.
    ///
    /// # Errors
    /// [`Error::Invalid`] for no condition or update scheme, a minimal share outside (0, 1], a
    /// thread pool that cannot be built; [`Error::Limit`]/[`Error::TooLarge`] from
    /// [`check_control_size`]; the first error of the explorer in set order (explorations
    /// without shares are refused as in screens, [`require_shares`]). A cancelled search is not
    /// an error: see [`ControlResult::cancelled`], unless it is cancelled during the wild type.
    pub fn run<E: Explorer + ?Sized>(self, explorer: &E) -> Result<ControlResult, Error> {
        if self.conditions.is_empty() || self.updates.is_empty() {
            return Err(Error::Invalid(
                "a control search needs at least one condition and one update scheme".into(),
            ));
        }
        if !(self.min_share > 0.0 && self.min_share <= 1.0) {
            return Err(Error::invalid_value(
                "minimal share",
                self.min_share.to_string(),
                "a share above 0 and at most 1",
            ));
        }
        let units = self.conditions.len() * self.updates.len();
        check_control_size(
            self.nodes.len(),
            self.values.len(),
            self.max_order,
            units,
            self.max_memory
                .unwrap_or_else(crate::engine::default_max_memory),
        )?;
        match self.jobs {
            Some(n) => {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| Error::Invalid(format!("cannot start {n} threads: {e}")))?;
                pool.install(|| self.execute(explorer))
            }
            None => self.execute(explorer),
        }
    }

    fn execute<E: Explorer + ?Sized>(&self, explorer: &E) -> Result<ControlResult, Error> {
        let cancel = self.cancel.clone().unwrap_or_else(|| explorer.cancel());
        let search = Search::new(self);
        let mut stats = ControlStats::default();
        // Order 0: the wild type (taken back from a checkpoint, or evaluated).
        let (order0, wt) = match self.resumed(0, &[Vec::new()])? {
            Some((stats0, mut sets)) => (stats0, sets.remove(0)),
            None => {
                cancel.check()?;
                let wt = search.evaluate(&[], &HashMap::new(), explorer)?;
                let mut order0 = OrderStats {
                    order: 0,
                    sets: 1,
                    ..OrderStats::default()
                };
                count_sources(&mut order0, &wt.shares);
                order0.explored = wt.calls;
                order0.evaluated = 1;
                let wild_type = self.candidate(Vec::new(), wt.shares.clone());
                if self.achieves(wild_type.score) {
                    order0.solutions = 1;
                }
                let wt = record(Vec::new(), wt);
                self.emit(&order0, std::slice::from_ref(&wt))?;
                (order0, wt)
            }
        };
        let wild_type = self.candidate(Vec::new(), wt.shares.clone());
        let mut result = ControlResult {
            conditions: self.conditions.clone(),
            updates: self.updates.clone(),
            wild_type: wild_type.clone(),
            solutions: Vec::new(),
            best: Vec::new(),
            stats: ControlStats::default(),
            completed_order: 0,
            cancelled: false,
            engines: Vec::new(),
        };
        let mut engines: BTreeSet<String> = wt.engines.iter().cloned().collect();
        if self.achieves(wild_type.score) {
            stats.per_order.push(order0);
            result.solutions.push(wild_type);
            result.completed_order = self.max_order;
            result.stats = stats;
            result.engines = engines.into_iter().collect();
            return Ok(result);
        }
        stats.per_order.push(order0);
        // Outcomes of the order below, by set (sorted by variable).
        let mut below: HashMap<Vec<Perturbation>, Vec<Outcome>> = HashMap::new();
        below.insert(
            Vec::new(),
            wt.outcomes.iter().map(|&o| outcome(o)).collect(),
        );
        // Solutions so far, by set (sorted by variable).
        let mut solved: std::collections::HashSet<Vec<Perturbation>> = Default::default();
        for k in 1..=self.max_order.min(self.nodes.len()) {
            let all = self.sets_of_order(k);
            let sets = all.len();
            let todo: Vec<Vec<Perturbation>> = all
                .into_iter()
                .filter(|s| !contains_solution(s, &solved))
                .collect();
            let (order, records) = match self.resumed(k, &todo)? {
                Some(done) => done,
                None => {
                    let mut order = OrderStats {
                        order: k,
                        sets,
                        ..OrderStats::default()
                    };
                    order.skipped_supersets = order.sets - todo.len();
                    let done = AtomicUsize::new(0);
                    let total = todo.len();
                    let evaluated: Vec<Option<Result<Evaluated, Error>>> = todo
                        .par_iter()
                        .map(|set| {
                            if cancel.requested() {
                                return None;
                            }
                            let r = search.evaluate(set, &below, explorer);
                            if matches!(r, Err(Error::Cancelled)) {
                                return None;
                            }
                            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                            if let Some(f) = &self.progress {
                                f(ControlProgress {
                                    order: k,
                                    done: d,
                                    total,
                                });
                            }
                            Some(r)
                        })
                        .collect();
                    if evaluated.iter().any(Option::is_none) || cancel.requested() {
                        // This order is incomplete: its solutions might not all be found, and
                        // those of later orders might not be minimal. Report the orders
                        // completed.
                        stats.per_order.push(order);
                        result.cancelled = true;
                        break;
                    }
                    let mut records = Vec::with_capacity(todo.len());
                    for (set, r) in todo.into_iter().zip(evaluated) {
                        let e = r.expect("checked above")?;
                        count_sources(&mut order, &e.shares);
                        order.explored += e.calls;
                        order.evaluated += 1;
                        records.push(record(set, e));
                    }
                    order.solutions = records
                        .iter()
                        .filter(|r| {
                            self.achieves(self.candidate(Vec::new(), r.shares.clone()).score)
                        })
                        .count();
                    self.emit(&order, &records)?;
                    (order, records)
                }
            };
            let mut next: HashMap<Vec<Perturbation>, Vec<Outcome>> = HashMap::new();
            let mut candidates = Vec::with_capacity(records.len());
            for r in records {
                engines.extend(r.engines.iter().cloned());
                next.insert(
                    sorted(&r.perturbation),
                    r.outcomes.iter().map(|&o| outcome(o)).collect(),
                );
                candidates.push(self.candidate(r.perturbation, r.shares));
            }
            for c in &candidates {
                if self.achieves(c.score) {
                    solved.insert(sorted(&c.perturbation));
                    result.solutions.push(c.clone());
                }
            }
            // Best sets: largest score first, ties in generation order (a stable sort).
            let mut best = candidates;
            best.sort_by(|a, b| b.score.total_cmp(&a.score));
            best.truncate(self.best);
            result.best.push(best);
            stats.per_order.push(order);
            result.completed_order = k;
            below = next;
        }
        if !result.cancelled {
            result.completed_order = self.max_order;
        }
        // By order, then score (largest first); generation order is kept for ties.
        result
            .solutions
            .sort_by(|a, b| a.order().cmp(&b.order()).then(b.score.total_cmp(&a.score)));
        result.stats = stats;
        result.engines = engines.into_iter().collect();
        Ok(result)
    }

    /// Order `k` from [`Control::resume`], if it holds it, checked against the sets this search
    /// evaluates at that order (`todo`, in generation order).
    fn resumed(
        &self,
        k: usize,
        todo: &[Vec<Perturbation>],
    ) -> Result<Option<(OrderStats, Vec<SetRecord>)>, Error> {
        let Some(r) = self.resume.get(k) else {
            return Ok(None);
        };
        let units = self.conditions.len() * self.updates.len();
        let same = r.stats.order == k
            && r.sets.len() == todo.len()
            && r.sets.iter().zip(todo).all(|(s, t)| {
                s.perturbation == *t
                    && s.shares.len() == units
                    && s.outcomes.len() == units
                    && s.shares.iter().all(|u| u.condition < self.conditions.len())
            });
        if !same {
            return Err(Error::Invalid(format!(
                "the checkpoint's order {k} is not this search's (resume with the same model, \
                 target, conditions, updates, nodes, values, options and --no-prune)"
            )));
        }
        Ok(Some((r.stats, r.sets.clone())))
    }

    /// Hands a finished order to [`Control::checkpoint`].
    fn emit(&self, stats: &OrderStats, sets: &[SetRecord]) -> Result<(), Error> {
        match &self.checkpoint {
            Some(f) => f(&OrderRecord {
                stats: *stats,
                sets: sets.to_vec(),
            }),
            None => Ok(()),
        }
    }

    fn achieves(&self, score: f64) -> bool {
        score >= self.min_share - SHARE_TOLERANCE
    }

    fn candidate(&self, perturbation: Vec<Perturbation>, shares: Vec<UnitShare>) -> Candidate {
        let score = match self.aggregate {
            Aggregate::Every => shares.iter().map(|s| s.share).fold(f64::INFINITY, f64::min),
            Aggregate::Mean => shares.iter().map(|s| s.share).sum::<f64>() / shares.len() as f64,
        };
        Candidate {
            name: perturbation_name(self.network, &perturbation),
            perturbation,
            shares,
            score,
        }
    }

    /// Every set of `k` distinct candidate nodes, each at each value, in the order of
    /// [`crate::perturb::generate_perturbations`].
    fn sets_of_order(&self, k: usize) -> Vec<Vec<Perturbation>> {
        let mut out = Vec::new();
        for nodes in self.nodes.iter().copied().combinations(k) {
            for values in (0..k)
                .map(|_| self.values.iter().copied())
                .multi_cartesian_product()
            {
                out.push(
                    nodes
                        .iter()
                        .zip(values)
                        .map(|(&var, value)| Perturbation { var, value })
                        .collect(),
                );
            }
        }
        out
    }
}

fn record(perturbation: Vec<Perturbation>, e: Evaluated) -> SetRecord {
    SetRecord {
        perturbation,
        shares: e.shares,
        outcomes: e
            .outcomes
            .iter()
            .map(|o| match o {
                Outcome::NoneMatch => Some(false),
                Outcome::AllMatch => Some(true),
                Outcome::Mixed => None,
            })
            .collect(),
        engines: e.engines.iter().map(|s| s.to_string()).collect(),
    }
}

fn outcome(o: Option<bool>) -> Outcome {
    match o {
        Some(false) => Outcome::NoneMatch,
        Some(true) => Outcome::AllMatch,
        None => Outcome::Mixed,
    }
}

fn count_sources(order: &mut OrderStats, shares: &[UnitShare]) {
    for s in shares {
        match s.source {
            ShareSource::Explored => order.by_shares += 1,
            ShareSource::Attractors => order.by_attractors += 1,
            ShareSource::Percolation => order.by_percolation += 1,
            ShareSource::LowerOrder => order.by_lower_order += 1,
        }
    }
}

fn sorted(set: &[Perturbation]) -> Vec<Perturbation> {
    let mut s = set.to_vec();
    s.sort_unstable();
    s
}

/// Whether some nonempty proper subset of `set` (or `set` itself) is a solution.
fn contains_solution(
    set: &[Perturbation],
    solved: &std::collections::HashSet<Vec<Perturbation>>,
) -> bool {
    if solved.is_empty() {
        return false;
    }
    let s = sorted(set);
    (1..s.len()).any(|k| {
        s.iter()
            .copied()
            .combinations(k)
            .any(|sub| solved.contains(&sub))
    })
}

/// What the labels of a percolated subspace decide: the target's share for every attractor
/// inside it, when decided.
type LabelKey = (Vec<Option<bool>>, bool);

/// The evaluation of sets: the search's settings and the cache of pruning 2.
struct Search<'c, 'a> {
    control: &'c Control<'a>,
    label_vars: Vec<VarId>,
    /// Label-variable values in a percolated subspace (and whether all its attractors are
    /// listed) → decided share.
    decisions: Mutex<HashMap<LabelKey, Option<f64>>>,
}

impl<'c, 'a> Search<'c, 'a> {
    fn new(control: &'c Control<'a>) -> Self {
        Search {
            control,
            label_vars: control.phenotypes.label_variables(),
            decisions: Mutex::new(HashMap::new()),
        }
    }

    /// The shares and outcomes of `set` under every condition × update.
    fn evaluate<E: Explorer + ?Sized>(
        &self,
        set: &[Perturbation],
        below: &HashMap<Vec<Perturbation>, Vec<Outcome>>,
        explorer: &E,
    ) -> Result<Evaluated, Error> {
        let c = self.control;
        let nu = c.updates.len();
        let mut shares = Vec::with_capacity(c.conditions.len() * nu);
        let mut outcomes = Vec::with_capacity(c.conditions.len() * nu);
        let mut engines = Vec::new();
        let mut calls = 0;
        for (ci, condition) in c.conditions.iter().enumerate() {
            let fixed = fixed_for(condition, set);
            let decided = if c.prune {
                self.decide_by_percolation(&percolate(c.network, &fixed))
            } else {
                None
            };
            // Pruning 3: the subsets that make one perturbation redundant, with their outcomes.
            let redundant: Vec<&Vec<Outcome>> = if c.prune && decided.is_none() {
                self.redundant_subsets(condition, set, below)
            } else {
                Vec::new()
            };
            for (ui, &update) in c.updates.iter().enumerate() {
                let unit = ci * nu + ui;
                if let Some(share) = decided {
                    shares.push(UnitShare {
                        condition: ci,
                        update,
                        share,
                        source: ShareSource::Percolation,
                    });
                    outcomes.push(if share > 0.5 {
                        Outcome::AllMatch
                    } else {
                        Outcome::NoneMatch
                    });
                    continue;
                }
                let inherited = redundant
                    .iter()
                    .map(|o| o[unit])
                    .find(|o| *o != Outcome::Mixed);
                if let Some(o) = inherited {
                    shares.push(UnitShare {
                        condition: ci,
                        update,
                        share: if o == Outcome::AllMatch { 1.0 } else { 0.0 },
                        source: ShareSource::LowerOrder,
                    });
                    outcomes.push(o);
                    continue;
                }
                // Attractors before shares: asynchronous only (module documentation).
                let decider = c
                    .attractors_only
                    .filter(|_| c.prune && update == UpdateScheme::Asynchronous);
                if let Some(d) = decider {
                    let e = d.explore(c.network, &fixed, update)?;
                    calls += 1;
                    if !engines.contains(&e.engine.name) {
                        engines.push(e.engine.name);
                    }
                    let outcome = self.outcome(&e);
                    // Only an exhaustive list of attractors decides.
                    if e.method == Method::Exhaustive && outcome != Outcome::Mixed {
                        shares.push(UnitShare {
                            condition: ci,
                            update,
                            share: if outcome == Outcome::AllMatch {
                                1.0
                            } else {
                                0.0
                            },
                            source: ShareSource::Attractors,
                        });
                        outcomes.push(outcome);
                        continue;
                    }
                }
                let e = explorer.explore(c.network, &fixed, update)?;
                calls += 1;
                require_shares(&e)?;
                if !engines.contains(&e.engine.name) {
                    engines.push(e.engine.name);
                }
                let labels = c.phenotypes.classify_all(&e);
                let matching = labels.iter().filter(|l| c.target.matches(&l.label)).count();
                let outcome = match matching {
                    0 => Outcome::NoneMatch,
                    m if m == labels.len() => Outcome::AllMatch,
                    _ => Outcome::Mixed,
                };
                let names: Vec<String> = labels.into_iter().map(|l| l.label).collect();
                // `+ 0.0` turns the empty sum's -0.0 into 0.
                let share = crate::phenotype::Distribution::from_labels(&e, &names)
                    .share_matching(&c.target)
                    + 0.0;
                shares.push(UnitShare {
                    condition: ci,
                    update,
                    share,
                    source: ShareSource::Explored,
                });
                outcomes.push(outcome);
            }
        }
        Ok(Evaluated {
            shares,
            outcomes,
            engines,
            calls,
        })
    }

    /// Whether none, all or some of the attractors of `e` carry a label the target matches.
    fn outcome(&self, e: &crate::attractor::Exploration) -> Outcome {
        let c = self.control;
        let matching = e
            .attractors
            .iter()
            .filter(|a| c.target.matches(&c.phenotypes.classify(a).label))
            .count();
        match matching {
            0 => Outcome::NoneMatch,
            m if m == e.attractors.len() => Outcome::AllMatch,
            _ => Outcome::Mixed,
        }
    }

    /// The outcomes of the subsets `set ∖ {X=v}` in which `X=v` is already forced by
    /// percolation under `condition` (pruning 3).
    fn redundant_subsets<'b>(
        &self,
        condition: &Condition,
        set: &[Perturbation],
        below: &'b HashMap<Vec<Perturbation>, Vec<Outcome>>,
    ) -> Vec<&'b Vec<Outcome>> {
        let mut out = Vec::new();
        for (i, p) in set.iter().enumerate() {
            let rest: Vec<Perturbation> = set
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, q)| *q)
                .collect();
            // A perturbed input's condition value is overridden: X=v is not forced then.
            let fixed = fixed_for(condition, &rest);
            if percolate(self.control.network, &fixed)[p.var.index()] != Some(p.value) {
                continue;
            }
            if let Some(o) = below.get(&sorted(&rest)) {
                out.push(o);
            }
        }
        out
    }

    /// Pruning 2: the target's share decided from the label variables of a percolated
    /// subspace, or `None`.
    fn decide_by_percolation(&self, percolated: &[Option<bool>]) -> Option<f64> {
        let free = percolated.iter().filter(|v| v.is_none()).count();
        let listed = free < 64 && (1u64 << free) <= self.control.max_listed_states;
        let key: LabelKey = (
            self.label_vars
                .iter()
                .map(|v| percolated[v.index()])
                .collect(),
            listed,
        );
        if let Some(d) = self
            .decisions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return *d;
        }
        let d = self.decide(&key);
        self.decisions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, d);
        d
    }

    fn decide(&self, (values, listed): &LabelKey) -> Option<f64> {
        let c = self.control;
        let free: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_none()).collect();
        let by_states = c.phenotypes.cycle_labels() == CycleLabels::States && *listed;
        if free.len() > MAX_FREE_LABEL_VARIABLES || (!free.is_empty() && !by_states) {
            return None;
        }
        // The label of every state of the subspace, as the label of a one-state attractor
        // (a state's label reads only the label variables; the others are left at 0).
        let n = c.network.num_vars();
        let mut labels: BTreeSet<String> = BTreeSet::new();
        for m in 0..(1u32 << free.len()) {
            let mut state = State::zeros(n);
            let mut k = 0;
            for (i, v) in self.label_vars.iter().enumerate() {
                let b = match values[i] {
                    Some(b) => b,
                    None => {
                        let b = (m >> k) & 1 == 1;
                        k += 1;
                        b
                    }
                };
                state.set(*v, b);
            }
            let a = Attractor::from_states(
                AttractorKind::FixedPoint,
                vec![state],
                Basin::Partition {
                    size: Count::from(1u64),
                },
            );
            labels.insert(c.phenotypes.classify(&a).label);
        }
        if labels.len() > MAX_STATE_LABELS {
            return None;
        }
        // The labels an attractor can carry: one state label (all its states carry it, or it is
        // a fixed point), or OSC(…) of two or more, sorted (Classification::label).
        let labels: Vec<String> = labels.into_iter().collect();
        let (mut any, mut all) = (false, true);
        for size in 1..=labels.len() {
            for subset in labels.iter().combinations(size) {
                let label = if size == 1 {
                    subset[0].clone()
                } else {
                    format!("OSC({})", subset.into_iter().join("|"))
                };
                let m = c.target.matches(&label);
                any |= m;
                all &= m;
                if any && !all {
                    return None;
                }
            }
            if free.is_empty() {
                break;
            }
        }
        match (any, all) {
            (false, _) => Some(0.0),
            (true, true) => Some(1.0),
            (true, false) => None,
        }
    }
}

#[cfg(test)]
mod tests;
