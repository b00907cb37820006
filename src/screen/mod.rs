//! Knockout comparisons and in-silico screens: what happens to the phenotype distribution when
//! nodes are fixed, for one perturbation ([`compare`]) or for many at once ([`Screen`]).
//!
//! Both drive an [`Explorer`] supplied by the caller (usually [`crate::engine::EngineOptions`];
//! any closure `Fn(&Network, &[(VarId, bool)], UpdateScheme) -> Result<Exploration, Error>` is
//! one too), so this module does not depend on a particular engine. The explorer
//! receives the unperturbed network, the variables to fix (the condition's inputs, then the
//! perturbation; a perturbed input overrides the condition's value) sorted by variable, and the
//! update scheme; it returns the exploration of the network with those variables fixed
//! (`docs/semantics.md`: a fixed variable's function is replaced by its value).
//!
//! A screen explores every perturbation × condition × update scheme independently. The wild
//! type of each condition × update is explored once, first, and reused. Perturbed runs are
//! spread over rayon's workers. Results come back in
//! a fixed order (perturbation, then condition, then update), whatever the number of threads.
//!
//! Long screens must not lose work: [`Screen::on_perturbation`] hands over each perturbation
//! set as soon as all its explorations are done (so a caller can stream its rows to a file),
//! and [`Screen::cancel`] stops scheduling new explorations when a token is raised (a timeout,
//! Ctrl-C), returning what finished; explorers polling the same token ([`crate::cancel`]) stop
//! the runs already under way too. [`ScreenResult::add_rows`] puts rows read back from an
//! interrupted run's table into a result, so a resumed screen reports the same table as an
//! uninterrupted one.
//!
//! Screens larger than one machine split into [`Shard`]s (round robin over the perturbation
//! sets) that run anywhere and [`merge_shards`] back into the unsplit table (`shard.rs`).
//!
//! Past 700 lines only with its unit tests (the last 130 lines); the code itself is under 680.

mod changes;
mod shard;
mod table;

use crate::attractor::{Exploration, UpdateScheme};
use crate::cancel::Cancel;
use crate::condition::Condition;
use crate::engine::Explorer;
use crate::error::{Error, Remedy};
use crate::network::{Network, VarId};
use crate::perturb::{Perturbation, check_perturbation};
use crate::phenotype::{Classification, Distribution, LabelQuery, LabelShift, Phenotypes, Shift};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use crate::perturb::{
    count_perturbations, fixed_for, generate_perturbations, perturbation_name, screen_nodes,
};
pub use changes::{AttractorChanges, match_attractors};
pub use shard::{
    Part, SHARD_HEADER_VERSION, ScreenIdentity, Shard, ShardError, ShardHeader, merge_shards,
    network_digest,
};
pub use table::ScreenRow;
use table::push_rows;

/// Wild type and perturbed network side by side, under one condition and update scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The condition.
    pub condition: Condition,
    /// The perturbation.
    pub perturbation: Vec<Perturbation>,
    /// The update scheme.
    pub update: UpdateScheme,
    /// The wild type's exploration.
    pub wild_type: Exploration,
    /// The label of each wild-type attractor.
    pub wild_type_labels: Vec<Classification>,
    /// The wild type's distribution.
    pub wild_type_distribution: Distribution,
    /// The perturbed network's exploration.
    pub perturbed: Exploration,
    /// The label of each perturbed attractor.
    pub perturbed_labels: Vec<Classification>,
    /// The perturbed network's distribution.
    pub perturbed_distribution: Distribution,
    /// Perturbed minus wild type, per label.
    pub shift: Shift,
    /// Attractors kept, appeared and vanished.
    pub changes: AttractorChanges,
}

impl Comparison {
    /// The one-line summary of the shift ([`Shift::verdict`]).
    pub fn verdict(&self) -> String {
        self.shift.verdict()
    }
}

/// Explores the wild type and the perturbed network under `condition` and compares them.
///
/// # Errors
/// [`Error::Invalid`] when the perturbation fixes a node twice; any error of `explore`.
pub fn compare<E: Explorer + ?Sized>(
    network: &Network,
    phenotypes: &Phenotypes,
    condition: &Condition,
    perturbation: &[Perturbation],
    update: UpdateScheme,
    explorer: &E,
) -> Result<Comparison, Error> {
    check_perturbation(network, perturbation)?;
    let wild_type = explorer.explore(network, &fixed_for(condition, &[]), update)?;
    require_shares(&wild_type)?;
    let perturbed = explorer.explore(network, &fixed_for(condition, perturbation), update)?;
    require_shares(&perturbed)?;
    let wild_type_labels = phenotypes.classify_all(&wild_type);
    let perturbed_labels = phenotypes.classify_all(&perturbed);
    let wild_type_distribution = distribution_of(&wild_type, &wild_type_labels);
    let perturbed_distribution = distribution_of(&perturbed, &perturbed_labels);
    let shift = Shift::between(&wild_type_distribution, &perturbed_distribution);
    let vars: Vec<VarId> = perturbation.iter().map(|p| p.var).collect();
    let changes = match_attractors(&wild_type, &perturbed, &vars);
    Ok(Comparison {
        condition: condition.clone(),
        perturbation: perturbation.to_vec(),
        update,
        wild_type,
        wild_type_labels,
        wild_type_distribution,
        perturbed,
        perturbed_labels,
        perturbed_distribution,
        shift,
        changes,
    })
}

/// Refuses an exploration whose attractors' shares were neither computed nor estimated (reach
/// probabilities skipped): label shares, shifts and verdicts cannot be computed from it, and
/// treating the missing shares as 0 would report "no change" where nothing is known. Estimated
/// shares (the sampling engine, the symbolic engine's random walks) are accepted: they carry
/// their intervals into the shifts.
///
/// # Errors
/// [`Error::Limit`] naming the engine, with the ways to get shares.
pub fn require_shares(exploration: &Exploration) -> Result<(), Error> {
    let missing = exploration
        .attractors
        .iter()
        .any(|a| a.basin.share(&exploration.explored_states).is_none());
    if !missing {
        return Ok(());
    }
    Err(Error::Limit {
        what: format!(
            "label shares need every attractor's reach probability, exact or estimated, which the \
             {} engine did not compute ({} core variables)",
            exploration.engine.name, exploration.engine.core_size
        ),
        remedies: vec![
            Remedy::UseSampling,
            Remedy::FixInputs { inputs: Vec::new() },
            Remedy::PerturbNodes,
        ],
    })
}

fn distribution_of(exploration: &Exploration, labels: &[Classification]) -> Distribution {
    let names: Vec<String> = labels.iter().map(|c| c.label.clone()).collect();
    Distribution::from_labels(exploration, &names)
}

/// How far a screen has got: `done` of `total` explorations (wild types included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Explorations finished.
    pub done: usize,
    /// Explorations in all.
    pub total: usize,
}

/// The most perturbation sets a screen accepts; far beyond order 2 of a 100-node network.
pub const MAX_PERTURBATIONS: u128 = 10_000_000;

/// Bytes one exploration's entry of a screen takes in memory, with its rows and their text
/// (about 2 KiB measured on the showcase's order-2 screen; twice that to be safe).
pub const ENTRY_BYTES: u128 = 4096;

/// Refuses, before anything is generated or explored, a screen of `perturbation_sets` sets
/// (order `order` over `num_nodes` nodes) × `conditions` × `updates` whose count exceeds
/// [`MAX_PERTURBATIONS`] or whose table would not fit in `max_memory` bytes (the whole table
/// is held in memory and sorted at the end).
///
/// # Errors
/// [`Error::Limit`] for too many sets, [`Error::TooLarge`] for a table that does not fit; both
/// name [`Remedy::FewerPerturbations`] (and the latter [`Remedy::FewerConditions`]).
pub fn check_screen_size(
    num_nodes: usize,
    order: usize,
    perturbation_sets: u128,
    conditions: usize,
    updates: usize,
    max_memory: u64,
) -> Result<(), Error> {
    if perturbation_sets > MAX_PERTURBATIONS {
        return Err(Error::Limit {
            what: format!(
                "the screen has {perturbation_sets} perturbation sets (order {order} over \
                 {num_nodes} nodes); the limit is {MAX_PERTURBATIONS}"
            ),
            remedies: vec![Remedy::FewerPerturbations],
        });
    }
    let explorations = perturbation_sets * (conditions * updates) as u128;
    let needed = explorations * ENTRY_BYTES;
    if needed > u128::from(max_memory) {
        return Err(Error::TooLarge {
            what: format!(
                "holding the table of a screen of {explorations} explorations \
                 ({perturbation_sets} perturbation sets × {conditions} condition(s) × {updates} \
                 update scheme(s))"
            ),
            needed_bytes: needed,
            allowed_bytes: u128::from(max_memory),
            remedies: vec![Remedy::FewerPerturbations, Remedy::FewerConditions],
        });
    }
    Ok(())
}

/// A screen to run: perturbation sets × conditions × update schemes.
///
/// # Examples
/// ```no_run
/// # use basin::{Network, Exploration, UpdateScheme, VarId, Error};
/// # use basin::phenotype::Phenotypes;
/// # use basin::condition::Condition;
/// # use basin::screen::{Screen, generate_perturbations, screen_nodes};
/// # fn explore(n: &Network, f: &[(VarId, bool)], u: UpdateScheme) -> Result<Exploration, Error> { todo!() }
/// # fn run(net: &Network, phenotypes: &Phenotypes, conditions: Vec<Condition>) -> Result<(), Error> {
/// let result = Screen::new(net, phenotypes)
///     .perturbations(generate_perturbations(&screen_nodes(net), &[false, true], 2))
///     .conditions(conditions)
///     .updates(vec![UpdateScheme::Synchronous, UpdateScheme::Asynchronous])
///     .progress(|p| eprintln!("{}/{}", p.done, p.total))
///     .run(&explore)?;
/// for row in result.rows() {
///     println!("{},{},{},{},{}", row.perturbation, row.condition, row.update, row.label, row.shift);
/// }
/// # Ok(()) }
/// ```
pub struct Screen<'a> {
    network: &'a Network,
    phenotypes: &'a Phenotypes,
    perturbations: Vec<Vec<Perturbation>>,
    conditions: Vec<Condition>,
    updates: Vec<UpdateScheme>,
    jobs: Option<usize>,
    progress: Option<Box<dyn Fn(Progress) + Sync + 'a>>,
    on_perturbation: Option<PerturbationHook<'a>>,
    cancel: Option<Cancel>,
}

/// The callback of [`Screen::on_perturbation`].
type PerturbationHook<'a> = Box<dyn Fn(Finished<'_>) + Sync + 'a>;

/// A perturbation set whose explorations (every condition × update scheme) have all finished,
/// as handed to [`Screen::on_perturbation`].
#[derive(Clone, Copy, Debug)]
pub struct Finished<'r> {
    /// Index into the screen's perturbation sets.
    pub perturbation: usize,
    /// Its entries, in condition × update order.
    pub entries: &'r [ScreenEntry],
    /// Its rows of the tidy table, in table order (as [`ScreenResult::rows`] lists them).
    pub rows: &'r [ScreenRow],
}

impl<'a> Screen<'a> {
    /// A screen of `network` labelled by `phenotypes`, with no perturbation yet, the condition
    /// with every input off, and asynchronous update (the default of every command).
    pub fn new(network: &'a Network, phenotypes: &'a Phenotypes) -> Screen<'a> {
        Screen {
            network,
            phenotypes,
            perturbations: Vec::new(),
            conditions: vec![Condition::from_inputs(network, &[])],
            updates: vec![UpdateScheme::Asynchronous],
            jobs: None,
            progress: None,
            on_perturbation: None,
            cancel: None,
        }
    }

    /// The perturbation sets, in the order the results will follow.
    pub fn perturbations(mut self, perturbations: Vec<Vec<Perturbation>>) -> Screen<'a> {
        self.perturbations = perturbations;
        self
    }

    /// The conditions.
    pub fn conditions(mut self, conditions: Vec<Condition>) -> Screen<'a> {
        self.conditions = conditions;
        self
    }

    /// The update schemes.
    pub fn updates(mut self, updates: Vec<UpdateScheme>) -> Screen<'a> {
        self.updates = updates;
        self
    }

    /// Runs on a pool of `jobs` threads instead of rayon's global pool. Results do not depend
    /// on it.
    pub fn jobs(mut self, jobs: usize) -> Screen<'a> {
        self.jobs = Some(jobs);
        self
    }

    /// Calls `f` after every finished exploration (from worker threads, in no fixed order).
    pub fn progress(mut self, f: impl Fn(Progress) + Sync + 'a) -> Screen<'a> {
        self.progress = Some(Box::new(f));
        self
    }

    /// Calls `f` as soon as every exploration of a perturbation set has finished (from worker
    /// threads, in no fixed order; each set once, never for a set whose exploration failed).
    pub fn on_perturbation(mut self, f: impl Fn(Finished<'_>) + Sync + 'a) -> Screen<'a> {
        self.on_perturbation = Some(Box::new(f));
        self
    }

    /// Stops scheduling explorations once `token` is raised (or its deadline passes): runs
    /// already started finish (or stop early with [`Error::Cancelled`] if the explorer polls
    /// the same token, and then count as not done), the others are skipped, and the result
    /// holds the perturbation sets that finished ([`ScreenResult::unfinished`] lists the
    /// others). Without it the screen polls the explorer's own token ([`Explorer::cancel`]).
    pub fn cancel(mut self, token: Cancel) -> Screen<'a> {
        self.cancel = Some(token);
        self
    }

    /// Number of explorations the screen will run (wild types included).
    pub fn num_explorations(&self) -> usize {
        (self.perturbations.len() + 1) * self.conditions.len() * self.updates.len()
    }

    /// Runs the screen, exploring through `explorer`.
    ///
    /// # Errors
    /// [`Error::Invalid`] when there is no condition or update scheme, when a perturbation set
    /// fixes a node twice, or when the thread pool cannot be built; otherwise the first error
    /// of the explorer in result order (wild types first).
    pub fn run<E: Explorer + ?Sized>(self, explorer: &E) -> Result<ScreenResult, Error> {
        if self.conditions.is_empty() {
            return Err(Error::Invalid(
                "a screen needs at least one condition".into(),
            ));
        }
        if self.updates.is_empty() {
            return Err(Error::Invalid(
                "a screen needs at least one update scheme".into(),
            ));
        }
        for p in &self.perturbations {
            check_perturbation(self.network, p)?;
        }
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

    fn execute<E: Explorer + ?Sized>(&self, explorer: &E) -> Result<ScreenResult, Error> {
        let cancel = self.cancel.clone().unwrap_or_else(|| explorer.cancel());
        let (nc, nu) = (self.conditions.len(), self.updates.len());
        let total = self.num_explorations();
        let done = AtomicUsize::new(0);
        let tick = || {
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(f) = &self.progress {
                f(Progress { done: d, total });
            }
        };
        let wild_types: Vec<Option<Result<WildTypeRun, Error>>> = (0..nc * nu)
            .into_par_iter()
            .map(|t| {
                if cancel.requested() {
                    return None;
                }
                let (condition, update) = (t / nu, self.updates[t % nu]);
                let fixed = fixed_for(&self.conditions[condition], &[]);
                let r = explorer.explore(self.network, &fixed, update);
                if matches!(r, Err(Error::Cancelled)) {
                    return None;
                }
                if cancel.requested() {
                    // Stopped while it ran: labelling it would only delay the stop.
                    return None;
                }
                let r = r.and_then(|exploration| {
                    require_shares(&exploration)?;
                    let labels = self.phenotypes.classify_all(&exploration);
                    let distribution = distribution_of(&exploration, &labels);
                    Ok(WildTypeRun {
                        condition,
                        update,
                        exploration,
                        labels,
                        distribution,
                    })
                });
                tick();
                Some(r)
            })
            .collect();
        let all_wild_types = wild_types.iter().all(Option::is_some);
        let wild_types: Vec<WildTypeRun> =
            wild_types.into_iter().flatten().collect::<Result<_, _>>()?;
        let np = self.perturbations.len();
        if !all_wild_types {
            // Cancelled before every wild type was known: no perturbation can be compared.
            return Ok(self.result(wild_types, Vec::new(), (0..np).collect()));
        }
        // One slot per perturbation set: its entries as they finish, and how many have.
        let slots: Vec<Mutex<(Vec<Option<ScreenEntry>>, usize)>> = (0..np)
            .map(|_| Mutex::new((vec![None; nc * nu], 0)))
            .collect();
        let errors: Vec<(usize, Error)> = (0..np * nc * nu)
            .into_par_iter()
            .map(|t| {
                if cancel.requested() {
                    return None;
                }
                let perturbation = t / (nc * nu);
                let wt = &wild_types[t % (nc * nu)];
                let p = &self.perturbations[perturbation];
                let fixed = fixed_for(&self.conditions[wt.condition], p);
                let r = explorer.explore(self.network, &fixed, wt.update);
                if matches!(r, Err(Error::Cancelled)) {
                    // Stopped part-way: the set stays unfinished.
                    return None;
                }
                if cancel.requested() {
                    return None;
                }
                let r = r.and_then(|e| {
                    require_shares(&e)?;
                    Ok(self.entry(perturbation, wt, &e))
                });
                tick();
                match r {
                    Ok(entry) => {
                        self.store(&slots[perturbation], perturbation, t % (nc * nu), entry);
                        None
                    }
                    Err(e) => Some((t, e)),
                }
            })
            .flatten()
            .collect();
        if let Some((_, e)) = errors.into_iter().min_by_key(|(t, _)| *t) {
            return Err(e);
        }
        let mut entries = Vec::with_capacity(np * nc * nu);
        let mut unfinished = Vec::new();
        for (p, slot) in slots.into_iter().enumerate() {
            let (list, filled) = slot.into_inner().unwrap_or_else(|e| e.into_inner());
            if filled == nc * nu {
                entries.extend(list.into_iter().flatten());
            } else {
                unfinished.push(p);
            }
        }
        Ok(self.result(wild_types, entries, unfinished))
    }

    /// Puts a finished entry into its perturbation set's slot; when the set is complete, hands
    /// it to the `on_perturbation` callback.
    fn store(
        &self,
        slot: &Mutex<(Vec<Option<ScreenEntry>>, usize)>,
        perturbation: usize,
        at: usize,
        entry: ScreenEntry,
    ) {
        let mut guard = slot.lock().unwrap_or_else(|e| e.into_inner());
        let (list, filled) = &mut *guard;
        list[at] = Some(entry);
        *filled += 1;
        if *filled < list.len() {
            return;
        }
        if let Some(f) = &self.on_perturbation {
            let entries: Vec<ScreenEntry> = list.iter().flatten().cloned().collect();
            let mut rows = Vec::new();
            for e in &entries {
                push_rows(
                    &mut rows,
                    &perturbation_name(self.network, &self.perturbations[perturbation]),
                    &self.conditions[e.condition].name,
                    e,
                );
            }
            f(Finished {
                perturbation,
                entries: &entries,
                rows: &rows,
            });
        }
    }

    fn result(
        &self,
        wild_types: Vec<WildTypeRun>,
        entries: Vec<ScreenEntry>,
        unfinished: Vec<usize>,
    ) -> ScreenResult {
        ScreenResult {
            perturbation_names: self
                .perturbations
                .iter()
                .map(|p| perturbation_name(self.network, p))
                .collect(),
            perturbations: self.perturbations.clone(),
            conditions: self.conditions.clone(),
            updates: self.updates.clone(),
            wild_types,
            entries,
            unfinished,
        }
    }

    fn entry(&self, perturbation: usize, wt: &WildTypeRun, perturbed: &Exploration) -> ScreenEntry {
        let labels = self.phenotypes.classify_all(perturbed);
        let distribution = distribution_of(perturbed, &labels);
        let shift = Shift::between(&wt.distribution, &distribution);
        let vars: Vec<VarId> = self.perturbations[perturbation]
            .iter()
            .map(|p| p.var)
            .collect();
        let changes = match_attractors(&wt.exploration, perturbed, &vars);
        let summary = |e: &Exploration, l: &[Classification], i: usize| AttractorSummary {
            pattern: e.attractors[i].pattern.to_string(),
            label: l[i].label.clone(),
        };
        ScreenEntry {
            perturbation,
            condition: wt.condition,
            update: wt.update,
            appeared: changes
                .appeared
                .iter()
                .map(|&i| summary(perturbed, &labels, i))
                .collect(),
            vanished: changes
                .vanished
                .iter()
                .map(|&i| summary(&wt.exploration, &wt.labels, i))
                .collect(),
            distribution,
            shift,
        }
    }
}

/// The wild type of one condition × update scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct WildTypeRun {
    /// Index into [`ScreenResult::conditions`].
    pub condition: usize,
    /// The update scheme.
    pub update: UpdateScheme,
    /// The exploration.
    pub exploration: Exploration,
    /// The label of each attractor.
    pub labels: Vec<Classification>,
    /// The distribution.
    pub distribution: Distribution,
}

/// An attractor named in a report: its pattern and label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttractorSummary {
    /// The pattern (`*` where its states differ), in variable order.
    pub pattern: String,
    /// The label.
    pub label: String,
}

/// The result of one perturbation under one condition and update scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenEntry {
    /// Index into [`ScreenResult::perturbations`].
    pub perturbation: usize,
    /// Index into [`ScreenResult::conditions`].
    pub condition: usize,
    /// The update scheme.
    pub update: UpdateScheme,
    /// The perturbed network's distribution.
    pub distribution: Distribution,
    /// Perturbed minus wild type, per label.
    pub shift: Shift,
    /// Perturbed attractors with no wild-type counterpart ([`match_attractors`]).
    pub appeared: Vec<AttractorSummary>,
    /// Wild-type attractors with no perturbed counterpart.
    pub vanished: Vec<AttractorSummary>,
}

/// Everything a screen computed.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenResult {
    /// The perturbation sets, in screen order.
    pub perturbations: Vec<Vec<Perturbation>>,
    /// Their names ([`perturbation_name`]).
    pub perturbation_names: Vec<String>,
    /// The conditions.
    pub conditions: Vec<Condition>,
    /// The update schemes.
    pub updates: Vec<UpdateScheme>,
    /// One wild type per condition × update scheme, condition-major.
    pub wild_types: Vec<WildTypeRun>,
    /// One entry per perturbation × condition × update scheme, in that nesting order, for
    /// every perturbation set that finished.
    pub entries: Vec<ScreenEntry>,
    /// Perturbation sets not (fully) explored because the screen was cancelled, in order;
    /// empty when the screen ran to the end.
    pub unfinished: Vec<usize>,
}

/// A perturbation's strongest effect on the labels of a query, for ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    /// Index into [`ScreenResult::perturbations`].
    pub perturbation: usize,
    /// The perturbation's name.
    pub name: String,
    /// The condition where the absolute shift is largest (the first such, in screen order).
    pub condition: String,
    /// The update scheme there.
    pub update: UpdateScheme,
    /// The wild type's summed share of the matching labels there.
    pub wild_type: f64,
    /// The perturbed summed share there.
    pub perturbed: f64,
    /// `perturbed - wild_type`.
    pub shift: f64,
    /// When either share there is estimated (random walks or samples): the summed shift with
    /// its estimates ([`LabelShift::ci95`], [`LabelShift::estimate`]); `None` when both are
    /// exact.
    pub estimated: Option<LabelShift>,
}

impl ScreenResult {
    /// The wild type of condition index `condition` under `update`.
    ///
    /// # Panics
    /// If the screen did not run that condition and update.
    pub fn wild_type(&self, condition: usize, update: UpdateScheme) -> &WildTypeRun {
        self.wild_types
            .iter()
            .find(|w| w.condition == condition && w.update == update)
            .expect("a condition and update of this screen")
    }

    /// Ranks the perturbations by the largest absolute shift, over conditions and update
    /// schemes, of the summed share of the labels `query` matches (so `M2` ranks by the change
    /// of M2 and M2+FIB together). Largest first; ties keep screen order.
    pub fn rank(&self, query: &LabelQuery) -> Vec<Ranked> {
        let mut best: Vec<Option<Ranked>> = vec![None; self.perturbations.len()];
        for e in &self.entries {
            let s = e.shift.matching(query);
            let slot = &mut best[e.perturbation];
            if slot.as_ref().is_none_or(|b| s.shift.abs() > b.shift.abs()) {
                *slot = Some(Ranked {
                    perturbation: e.perturbation,
                    name: self.perturbation_names[e.perturbation].clone(),
                    condition: self.conditions[e.condition].name.clone(),
                    update: e.update,
                    wild_type: s.wild_type,
                    perturbed: s.perturbed,
                    shift: s.shift,
                    estimated: s.is_estimated().then_some(s),
                });
            }
        }
        let mut ranked: Vec<Ranked> = best.into_iter().flatten().collect();
        ranked.sort_by(|a, b| b.shift.abs().total_cmp(&a.shift.abs()));
        ranked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_str};
    use crate::phenotype::PhenotypeSpec;
    use crate::synchronous::{SyncConfig, attractors};

    #[test]
    fn screens_too_large_are_refused_before_anything_runs() {
        assert!(check_screen_size(100, 2, 19_800, 4, 2, 1 << 30).is_ok());
        let count = check_screen_size(1000, 3, MAX_PERTURBATIONS + 1, 1, 1, u64::MAX);
        assert!(
            matches!(&count, Err(Error::Limit { remedies, .. })
                if remedies == &[Remedy::FewerPerturbations]),
            "{count:?}"
        );
        // 1000 sets × 4 conditions × 2 updates × ENTRY_BYTES is 32 MiB: refused under 16 MiB.
        let memory = check_screen_size(100, 1, 1000, 4, 2, 16 << 20);
        assert!(
            matches!(&memory, Err(Error::TooLarge { needed_bytes, .. })
                if *needed_bytes == 8000 * ENTRY_BYTES),
            "{memory:?}"
        );
        assert!(check_screen_size(100, 1, 1000, 4, 2, 32 << 20).is_ok());
    }

    /// A small network with an input, its phenotypes, and every order-2 perturbation.
    pub(super) fn fixture() -> (Network, Phenotypes, Vec<Vec<Perturbation>>, Vec<Condition>) {
        let net = parse_str(
            "I, I\nA, !B | I\nB, !A\nC, A & B | !C\nD, C | A\n",
            &ParseOptions::new(Format::Bnet),
        )
        .unwrap()
        .network;
        let phenotypes = PhenotypeSpec::from_toml_str(
            "[groups]\nX = [\"A\"]\nY = [\"B\", \"D\"]\n[labels]\nX = \"X & !Y\"\nY = \"Y & !X\"\nXY = \"X & Y\"\n",
        )
        .unwrap()
        .bind(&net)
        .unwrap();
        let perturbations = generate_perturbations(&screen_nodes(&net), &[false, true], 2);
        let conditions = crate::condition::all_conditions(&net).unwrap();
        (net, phenotypes, perturbations, conditions)
    }

    pub(super) fn explore(
        n: &Network,
        f: &[(VarId, bool)],
        _: UpdateScheme,
    ) -> Result<Exploration, Error> {
        attractors(n, f, &SyncConfig::default())
    }

    #[test]
    fn each_finished_set_is_handed_over_once_with_its_rows() {
        let (net, phenotypes, perturbations, conditions) = fixture();
        for jobs in [1, 3] {
            let seen: Mutex<Vec<(usize, Vec<ScreenRow>)>> = Mutex::new(Vec::new());
            let result = Screen::new(&net, &phenotypes)
                .perturbations(perturbations.clone())
                .conditions(conditions.clone())
                .jobs(jobs)
                .on_perturbation(|f| {
                    assert_eq!(f.entries.len(), 2);
                    assert!(f.entries.iter().all(|e| e.perturbation == f.perturbation));
                    seen.lock().unwrap().push((f.perturbation, f.rows.to_vec()));
                })
                .run(&explore)
                .unwrap();
            assert!(result.unfinished.is_empty());
            let mut seen = seen.into_inner().unwrap();
            seen.sort_by_key(|s| s.0);
            assert_eq!(
                seen.iter().map(|s| s.0).collect::<Vec<_>>(),
                (0..perturbations.len()).collect::<Vec<_>>()
            );
            let streamed: Vec<ScreenRow> = seen.into_iter().flat_map(|s| s.1).collect();
            assert_eq!(streamed, result.rows());
        }
    }

    #[test]
    fn a_cancelled_screen_returns_the_sets_that_finished() {
        let (net, phenotypes, perturbations, conditions) = fixture();
        let full = Screen::new(&net, &phenotypes)
            .perturbations(perturbations.clone())
            .conditions(conditions.clone())
            .run(&explore)
            .unwrap();
        let stop = Cancel::new();
        let handed = AtomicUsize::new(0);
        let partial = Screen::new(&net, &phenotypes)
            .perturbations(perturbations.clone())
            .conditions(conditions.clone())
            .jobs(1)
            .cancel(stop.clone())
            .on_perturbation(|_| {
                if handed.fetch_add(1, Ordering::Relaxed) + 1 == 3 {
                    stop.cancel();
                }
            })
            .run(&explore)
            .unwrap();
        let finished = perturbations.len() - partial.unfinished.len();
        assert_eq!(finished, handed.load(Ordering::Relaxed));
        assert!(
            finished >= 3 && !partial.unfinished.is_empty(),
            "{finished}"
        );
        // The finished sets carry exactly the rows of the full run.
        let rows = partial.rows();
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| full.rows().contains(r)));
        // Cancelled before starting: nothing runs, not even the wild types.
        let stopped = Cancel::new();
        stopped.cancel();
        let none = Screen::new(&net, &phenotypes)
            .perturbations(perturbations.clone())
            .cancel(stopped)
            .run(
                &|_: &Network, _: &[(VarId, bool)], _| -> Result<Exploration, Error> {
                    panic!("nothing may run")
                },
            )
            .unwrap();
        assert_eq!(none.unfinished.len(), perturbations.len());
        assert!(none.entries.is_empty() && none.wild_types.is_empty());
    }
}
